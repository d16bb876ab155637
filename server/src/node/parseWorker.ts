/** A worker thread of the parse pool: parses the texts it is sent and returns the extracted items. */
import { parentPort, workerData } from 'node:worker_threads';
import { parseFile, type ParseLimits } from '../core/parse/parse';

export interface ParseRequest {
  readonly id: number;
  readonly uri: string;
  readonly text: string;
  readonly limits: ParseLimits;
}

/** Where this worker counts the texts it has parsed, for the main thread to read while it is busy. */
export interface WorkerData {
  readonly done: Int32Array;
  readonly slot: number;
}
const counter = workerData as WorkerData | undefined;

parentPort?.on('message', (request: ParseRequest) => {
  try {
    parentPort?.postMessage({ id: request.id, parsed: parseFile(request.uri, request.text, request.limits) });
  } catch (error) {
    parentPort?.postMessage({ id: request.id, error: String(error) });
  }
  if (counter) Atomics.add(counter.done, counter.slot, 1);
});
