/** A worker thread of the parse pool: parses the texts it is sent and returns the extracted items. */
import { parentPort } from 'node:worker_threads';
import { parseFile, type ParseLimits } from '../core/parse';

export interface ParseRequest {
  readonly id: number;
  readonly uri: string;
  readonly text: string;
  readonly limits: ParseLimits;
}

parentPort?.on('message', (request: ParseRequest) => {
  try {
    parentPort?.postMessage({ id: request.id, parsed: parseFile(request.uri, request.text, request.limits) });
  } catch (error) {
    parentPort?.postMessage({ id: request.id, error: String(error) });
  }
});
