/**
 * The Matrix view's request (MATRIX_REQUEST): a row per need → requirement → clause, from the
 * coverage model the report is made from, in the compact form protocol.ts describes: each file and
 * each item once, rows as indexes. The reply of 10,000 items is a quarter of the size it was with an
 * item written out in every cell, and that size was most of the time between the command and the
 * rows on screen (serialised by the server, parsed by the editor, sent on to the view's page).
 */
import type { ReportFolder } from './report';
import { linesOf, type OpenDocuments, type Positions } from '../convert';
import type { MatrixItem, MatrixReply } from '../protocol';
import { matrixRows } from '../../core/query/matrixRows';
import type { Item } from '../../core/model';

export function matrixRequest(folder: ReportFolder, open?: OpenDocuments): MatrixReply {
  const { index } = folder;
  const { items, states, rows } = matrixRows(index, folder.coverageModel());
  const files: string[] = [];
  // Each file's place in `files` and its positions (the open buffer's line table where it is open), found once.
  const fileTables = new Map<string, { readonly at: number; readonly lines: Positions | undefined }>();
  const shown = new Array<MatrixItem>(items.length);
  for (let at = 0; at < items.length; at++) {
    const item = items[at] as Item;
    let table = fileTables.get(item.uri);
    if (!table) {
      const file = index.file(item.uri);
      fileTables.set(item.uri, (table = { at: files.push(item.uri) - 1, lines: file && linesOf(file, open) }));
    }
    const start = table.lines?.position(item.idSpan.start) ?? { line: 0, character: 0 };
    const end = table.lines?.position(item.idSpan.end) ?? start;
    // Written field by field: spreads of optional fields cost a third of this loop on 10,000 items.
    const entry: Writable<MatrixItem> = { id: item.id, title: item.title ?? '', file: table.at, at: [start.line, start.character, end.line, end.character], state: states[at] ?? 'uncovered', status: item.status };
    if (item.priority !== undefined) entry.priority = item.priority;
    if (item.kind === 'needs' && item.departments.length > 0) entry.departments = item.departments;
    if (item.kind === 'itt' && item.response !== undefined) entry.response = item.response;
    if (item.kind === 'itt' && item.weighting !== undefined) entry.weighting = item.weighting;
    shown[at] = entry;
  }
  return { title: folder.root ? decodeURIComponent(folder.root.split('/').pop() ?? 'workspace') : 'workspace', files, items: shown, rows };
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };
