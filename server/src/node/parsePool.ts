/**
 * A pool of worker threads that parse texts and send back the extracted items (not YAML
 * documents), for `--jobs N` / REQTRACE_JOBS=N. It is not used by default: see DEFAULT_JOBS.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { parseFile, unreadableFile, type ParsedFile, type ParseLimits } from '../core/parse/parse';
import type { ParseRequest, WorkerData } from './parseWorker';

/** Below this many files, starting workers costs more than it saves. */
export const POOL_THRESHOLD = 64;

/**
 * Threads that parse, by default: one, the main thread. Since most files are scanned straight from
 * their text (core/parse/scanYaml.ts), parsing is about a third of a cold check, and a worker's start-up
 * and the copying of its results back cost more than it saves. Measured on the 2-core machine the
 * bench runs on, 10,000 items: CLI 1.16-1.36 s on one thread, 1.32-1.57 s with a worker; server
 * cold start 0.99-1.04 s, 1.28-1.40 s with a worker; 50,000 items (CLI): the same either way.
 * With more threads the main thread is one of them: it parses whatever the workers are not
 * already busy with (see share), between reading files and indexing them.
 */
export const DEFAULT_JOBS = 1;

/** Texts queued on a worker before the main thread parses the next one itself. */
const QUEUE_PER_WORKER = 2;


type Reply = { id: number; parsed: ParsedFile } | { id: number; error: string };

export class ParsePool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { uri: string; resolve: (parsed: ParsedFile) => void }>();
  private nextId = 0;
  /** Texts sent to each worker, and (written by the workers) texts each has parsed. */
  private readonly sent: number[];
  private readonly done: Int32Array;

  /** `jobs` threads parse: this one and jobs - 1 workers. */
  constructor(
    private readonly limits: ParseLimits,
    jobs: number,
    script = join(__dirname, 'parseWorker.js'),
  ) {
    const size = Math.max(1, jobs - 1);
    this.sent = new Array<number>(size).fill(0);
    this.done = new Int32Array(new SharedArrayBuffer(4 * size));
    this.workers = Array.from({ length: size }, (_, slot) => {
      const worker = new Worker(script, { workerData: { done: this.done, slot } satisfies WorkerData });
      worker.on('message', (reply: Reply) => this.settle(reply));
      worker.on('error', (error) => this.failAll(String(error)));
      return worker;
    });
  }

  /**
   * Parses a text on the least busy worker when it has little queued, else here and now. Workers
   * count what they have parsed in shared memory, which this thread can read even while it is too
   * busy parsing to hear their replies: so every thread stays busy until the files run out.
   */
  share(uri: string, text: string): ParsedFile | Promise<ParsedFile> {
    const slot = this.leastBusy();
    return this.backlog(slot) < QUEUE_PER_WORKER ? this.parse(uri, text, slot) : parseFile(uri, text, this.limits);
  }

  /** Parses a text on a worker (the least busy one, unless told). */
  parse(uri: string, text: string, slot = this.leastBusy()): Promise<ParsedFile> {
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.waiting.set(id, { uri, resolve });
      const request: ParseRequest = { id, uri, text, limits: this.limits };
      this.sent[slot] = (this.sent[slot] ?? 0) + 1;
      (this.workers[slot] as Worker).postMessage(request);
    });
  }

  private backlog(slot: number): number {
    return (this.sent[slot] ?? 0) - Atomics.load(this.done, slot);
  }

  private leastBusy(): number {
    let best = 0;
    for (let slot = 1; slot < this.workers.length; slot++) if (this.backlog(slot) < this.backlog(best)) best = slot;
    return best;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private settle(reply: Reply): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    waiter.resolve('parsed' in reply ? reply.parsed : unreadableFile(waiter.uri, { code: 'unreadable-file', message: `reqtrace could not read this file: ${reply.error}.` }));
  }

  /** A worker that dies takes its files with it: each becomes a finding rather than a hang. */
  private failAll(error: string): void {
    for (const [id, waiter] of this.waiting) {
      this.waiting.delete(id);
      waiter.resolve(unreadableFile(waiter.uri, { code: 'unreadable-file', message: `reqtrace could not read this file: ${error}.` }));
    }
  }
}
