/**
 * Parsing is nearly all of a cold check, so large workspaces are parsed on every core: a pool of
 * worker threads parses texts and sends back the extracted items (not YAML documents).
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { parseFile, unreadableFile, type ParsedFile, type ParseLimits } from '../core/parse';
import type { ParseRequest } from './parseWorker';

/** Below this many files, starting workers costs more than it saves. */
export const POOL_THRESHOLD = 64;

/**
 * Threads that parse, by default: one per core. The main thread is one of them: it parses whatever
 * the workers are not already busy with (see share), between reading files and indexing them.
 */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/** Files queued per worker before the main thread parses the next one itself. */
const QUEUE_PER_WORKER = 2;

type Reply = { id: number; parsed: ParsedFile } | { id: number; error: string };

export class ParsePool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { uri: string; resolve: (parsed: ParsedFile) => void }>();
  private nextId = 0;

  /** `jobs` threads parse: this one and jobs - 1 workers. */
  constructor(
    private readonly limits: ParseLimits,
    jobs = defaultJobs(),
    script = join(__dirname, 'parseWorker.js'),
  ) {
    this.workers = Array.from({ length: Math.max(1, jobs - 1) }, () => {
      const worker = new Worker(script);
      worker.on('message', (reply: Reply) => this.settle(reply));
      worker.on('error', (error) => this.failAll(String(error)));
      return worker;
    });
  }

  /**
   * Parses a text on a worker when the workers are short of work, else here and now: the main
   * thread keeps parsing too, and no thread waits while files are left.
   */
  share(uri: string, text: string): ParsedFile | Promise<ParsedFile> {
    return this.waiting.size < this.workers.length * QUEUE_PER_WORKER ? this.parse(uri, text) : parseFile(uri, text, this.limits);
  }

  /** Parses a text on the next worker in turn. */
  parse(uri: string, text: string): Promise<ParsedFile> {
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.waiting.set(id, { uri, resolve });
      const request: ParseRequest = { id, uri, text, limits: this.limits };
      (this.workers[id % this.workers.length] as Worker).postMessage(request);
    });
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
