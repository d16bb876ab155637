/** A worker thread that reads and parses requirement files for the parse pool. */
import { parentPort } from 'node:worker_threads';
import type { ParseLimits } from '../core/parse';
import { hostLoader } from '../core/workspace';
import { createNodeHost } from './nodeHost';

export interface ParseRequest {
  readonly id: number;
  readonly uri: string;
  readonly limits: ParseLimits;
}

parentPort?.on('message', (request: ParseRequest) => {
  const load = hostLoader(
    createNodeHost(() => request.limits.maxFileChars),
    request.limits,
  );
  load(request.uri).then(
    (parsed) => parentPort?.postMessage({ id: request.id, parsed }),
    (error: unknown) => parentPort?.postMessage({ id: request.id, error: String(error) }),
  );
});
