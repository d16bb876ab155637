/** The Trace Explorer's request (TRACE_REQUEST): one item's links up and down, one level. */
import type { Workspace } from '../../core/analysis/workspace';
import type { OpenDocuments } from '../convert';
import type { TraceParams, TraceReply } from '../protocol';

export function traceRequest(index: Workspace, params: TraceParams, open?: OpenDocuments): TraceReply {
  void index;
  void params;
  void open;
  throw new Error('the trace request is not built yet');
}
