/**
 * Parsing is nearly all of a cold check, so large workspaces are parsed on every core: a pool of
 * worker threads parses texts and sends back the extracted items (not YAML documents).
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { unreadableFile, type ParsedFile, type ParseLimits } from '../core/parse';
import type { ParseRequest } from './parseWorker';

/** Below this many files, starting workers costs more than it saves. */
export const POOL_THRESHOLD = 64;

/**
 * Parse threads by default: one per core but one, which is left to the main thread to read files and
 * index. On a 2-core machine that is none: measured here, two parse threads beside the main thread
 * were slower (2.2 s against 2.1 s for 10,000 items) than parsing on the main thread.
 */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism() - 1);
}

type Reply = { id: number; parsed: ParsedFile } | { id: number; error: string };

export class ParsePool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { uri: string; resolve: (parsed: ParsedFile) => void }>();
  private nextId = 0;

  constructor(
    private readonly limits: ParseLimits,
    size = defaultJobs(),
    script = join(__dirname, 'parseWorker.js'),
  ) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(script);
      worker.on('message', (reply: Reply) => this.settle(reply));
      worker.on('error', (error) => this.failAll(String(error)));
      return worker;
    });
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
