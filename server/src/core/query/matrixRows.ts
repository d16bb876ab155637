/**
 * The rows of the trace matrix (the Matrix view): one per need → requirement → clause path, read
 * from the coverage model so that the view and the coverage report never disagree. A need no
 * requirement satisfies has a row of its own without a requirement, a requirement no clause covers
 * one without a clause, and the requirements that satisfy no need come last, without a need.
 */
import type { IndexReader } from '../index/store';
import { LineIndex } from '../lines';
import { isWithdrawn, type Item, type Kind } from '../model';
import type { Coverage, ItemRef } from '../report/coverage';

export interface MatrixItemRow {
  readonly need?: Item;
  readonly requirement?: Item;
  readonly clause?: Item;
}

/** The matrix of `coverage` (computed from `index`), its references resolved to the index's items. */
export function matrixRows(index: IndexReader, coverage: Coverage): MatrixItemRow[] {
  const itemOf = resolver(index);
  const rows: MatrixItemRow[] = [];
  const emit = (need: Item | undefined, trace: Coverage['requirementsWithoutNeed'][number] | undefined): void => {
    const requirement = trace && itemOf(trace.requirement, 'requirements');
    if (!trace || !requirement) {
      if (need) rows.push({ need });
      return;
    }
    if (trace.clauses.length === 0) rows.push({ ...(need ? { need } : {}), requirement });
    for (const ref of trace.clauses) {
      const clause = itemOf(ref, 'itt');
      rows.push({ ...(need ? { need } : {}), requirement, ...(clause ? { clause } : {}) });
    }
  };
  for (const row of coverage.matrix) {
    const need = itemOf(row.need, 'needs');
    if (row.requirements.length === 0) emit(need, undefined);
    for (const trace of row.requirements) emit(need, trace);
  }
  for (const trace of coverage.requirementsWithoutNeed) emit(undefined, trace);
  return rows;
}

/**
 * Finds the live item a reference of the coverage model names: by id, kind and file, and for an
 * id defined twice in one file (a duplicate-id finding), by line too. Each item is looked up once.
 */
function resolver(index: IndexReader): (ref: ItemRef, kind: Kind) => Item | undefined {
  const found = new Map<ItemRef, Item | undefined>();
  const lines = new Map<string, LineIndex>();
  const lineOf = (item: Item): number => {
    let table = lines.get(item.uri);
    if (!table) lines.set(item.uri, (table = new LineIndex(index.file(item.uri)?.text ?? '')));
    return table.position(item.idSpan.start).line + 1;
  };
  return (ref, kind) => {
    if (found.has(ref)) return found.get(ref);
    const candidates = index.definitionsOf(ref.id).filter((item) => item.kind === kind && item.uri === ref.uri && !isWithdrawn(item));
    const item = candidates.length > 1 ? (candidates.find((c) => lineOf(c) === ref.line) ?? candidates[0]) : candidates[0];
    found.set(ref, item);
    return item;
  };
}
