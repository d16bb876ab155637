/** An item as the views show it (ViewItem): its id, title, place and coverage state, shared by the trace, gaps and matrix requests. */
import type { IndexReader } from '../../core/index/store';
import type { Item } from '../../core/model';
import { stateOf } from '../../core/query/trace';
import { linesOf, toRange, type OpenDocuments } from '../convert';
import type { ViewItem } from '../protocol';

/** A maker of ViewItems for one index: each file's line table is worked out once, from the open buffer where there is one. */
export function viewItems(index: IndexReader, open?: OpenDocuments): (item: Item) => ViewItem {
  const lines = new Map<string, ReturnType<typeof linesOf>>();
  return (item) => {
    let table = lines.get(item.uri);
    if (!table) {
      const file = index.file(item.uri);
      if (file) {
        table = linesOf(file, open);
        lines.set(item.uri, table);
      }
    }
    return {
      id: item.id,
      kind: item.kind,
      title: item.title ?? '',
      uri: item.uri,
      range: table ? toRange(table, item.idSpan) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      state: stateOf(index, item),
      ...(item.priority !== undefined ? { priority: item.priority } : {}),
      status: item.status,
    };
  };
}
