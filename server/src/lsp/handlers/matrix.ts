/**
 * The Matrix view's request (MATRIX_REQUEST): a row per need → requirement → clause, from the
 * coverage model the report is made from, each item with its place, coverage state, priority and status.
 */
import type { ReportFolder } from './report';
import type { OpenDocuments } from '../convert';
import type { MatrixReply, MatrixRow, ViewItem } from '../protocol';
import type { Item } from '../../core/model';
import { computeCoverage } from '../../core/report/coverage';
import { matrixRows } from '../../core/query/matrixRows';
import { viewItems } from './viewItem';

export function matrixRequest(folder: ReportFolder, open?: OpenDocuments): MatrixReply {
  const { index } = folder;
  const made = viewItems(index, open);
  // An item on many rows is made once: the reply repeats it, the server does not.
  const views = new Map<Item, ViewItem>();
  const view = (item: Item): ViewItem => {
    let shown = views.get(item);
    if (!shown) views.set(item, (shown = made(item)));
    return shown;
  };
  const rows = matrixRows(index, computeCoverage(index)).map(({ need, requirement, clause }): MatrixRow => ({
    ...(need ? { need: view(need) } : {}),
    ...(requirement ? { requirement: view(requirement) } : {}),
    ...(clause ? { clause: view(clause) } : {}),
    departments: need?.departments ?? [],
    ...(clause?.response !== undefined ? { response: clause.response } : {}),
    ...(clause?.weighting !== undefined ? { weighting: clause.weighting } : {}),
  }));
  return { title: folder.root ? decodeURIComponent(folder.root.split('/').pop() ?? 'workspace') : 'workspace', rows };
}
