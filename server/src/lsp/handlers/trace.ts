/** The Trace Explorer's request (TRACE_REQUEST): one item's links up and down, one level. */
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { Workspace } from '../../core/analysis/workspace';
import type { Item } from '../../core/model';
import { itemAtPlace, traceView, type TraceStep } from '../../core/query/traceView';
import { toOffset, type OpenDocuments } from '../convert';
import type { TraceLink, TraceParams, TraceReply } from '../protocol';
import { viewItems } from './viewItem';

export function traceRequest(index: Workspace, params: TraceParams, open?: OpenDocuments): TraceReply {
  const item = tracedItem(index, params, open);
  if (!item) return null;
  const view = viewItems(index, open);
  const trace = traceView(index, item, (linked) => index.context.fingerprint(linked));
  const link = (step: TraceStep): TraceLink => ({ field: step.field, item: view(step.item), ...(step.link.stamp !== undefined ? { stamp: step.link.stamp } : {}), suspect: step.suspect });
  return { item: view(item), up: trace.up.map(link), down: trace.down.map(link) };
}

/** The item asked about: by id, else by the place in the file. */
function tracedItem(index: Workspace, params: TraceParams, open?: OpenDocuments): Item | undefined {
  if (typeof params.id === 'string') return index.item(params.id.trim());
  const uri = params.textDocument?.uri;
  const position = params.position;
  if (typeof uri !== 'string' || !position || typeof position.line !== 'number' || typeof position.character !== 'number') {
    throw new ResponseError(ErrorCodes.InvalidParams, 'Say which item to trace: give its id, or a file (textDocument) and a position in it.');
  }
  const file = index.file(uri);
  return file && itemAtPlace(index, file, toOffset(file, position, open));
}
