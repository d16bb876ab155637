/**
 * The rows of the trace matrix (the Matrix view): one per need → requirement → clause path, read
 * from the coverage model so that the view and the coverage report never disagree. A need no
 * requirement satisfies has a row of its own without a requirement, a requirement no clause covers
 * one without a clause, and the requirements that satisfy no need come last, without a need.
 */
import type { IndexReader } from '../index/store';
import type { Item } from '../model';
import { refResolver } from './coverageRefs';
import type { Coverage } from '../report/coverage';
import { stateOf, type ItemTrace } from './trace';

type ItemState = ItemTrace['state'];

/**
 * The matrix as the view is sent it: each item once, however many rows it is on (on 10,000 items a
 * requirement is on a few rows and a need on several), and each row its items' places in `items`.
 */
export interface MatrixItems {
  readonly items: readonly Item[];
  /** Each item's coverage state (as stateOf gives it), read from the coverage model for needs and requirements. */
  readonly states: readonly ItemState[];
  /** [need, requirement, clause]: indexes into `items`, -1 where the row has none. */
  readonly rows: readonly (readonly [need: number, requirement: number, clause: number])[];
}

/** The matrix of `coverage` (computed from `index`), its references resolved to the index's items. */
export function matrixRows(index: IndexReader, coverage: Coverage): MatrixItems {
  const itemOf = refResolver(index);
  const items: Item[] = [];
  const states: ItemState[] = [];
  const places = new Map<Item, number>();
  const placeOf = (item: Item | undefined, state?: ItemState): number => {
    if (!item) return -1;
    let at = places.get(item);
    if (at === undefined) {
      places.set(item, (at = items.push(item) - 1));
      states.push(state ?? stateOf(index, item));
    }
    return at;
  };
  const rows: [number, number, number][] = [];
  const emit = (need: number, trace: Coverage['requirementsWithoutNeed'][number] | undefined): void => {
    const requirement = trace ? placeOf(itemOf(trace.requirement, 'requirements'), trace.requirement.state) : -1;
    if (!trace || requirement < 0) {
      if (need >= 0) rows.push([need, -1, -1]);
      return;
    }
    if (trace.clauses.length === 0) rows.push([need, requirement, -1]);
    for (const ref of trace.clauses) rows.push([need, requirement, placeOf(itemOf(ref, 'itt'))]);
  };
  for (const row of coverage.matrix) {
    const need = placeOf(itemOf(row.need, 'needs'), row.need.state);
    if (row.requirements.length === 0) emit(need, undefined);
    for (const trace of row.requirements) emit(need, trace);
  }
  for (const trace of coverage.requirementsWithoutNeed) emit(-1, trace);
  return { items, states, rows };
}
