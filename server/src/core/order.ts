/** One order for ids and items everywhere, so every output is the same on every run. */
import type { Item } from './model';

const ID_COLLATOR = new Intl.Collator('en', { numeric: true });

/** Orders ids the way people read them: ITT-3.2.10 after ITT-3.2.9. */
export function compareIds(a: string, b: string): number {
  return ID_COLLATOR.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** By id, then (for a duplicated id) by file and position. */
export function compareItems(a: Item, b: Item): number {
  return compareIds(a.id, b.id) || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.idSpan.start - b.idSpan.start);
}
