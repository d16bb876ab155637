/** Which item of a file a finding is about, for outputs that group findings by item (JUnit) or key them by it (SARIF fingerprints). */
import type { Item } from '../model';

/**
 * A finder of the item whose mapping holds an offset, for one file's items (in any order; items do
 * not nest). Undefined for an offset outside every item: the file's `kind`, a YAML error above the
 * items, a file that could not be read.
 */
export function itemAt(items: readonly Item[]): (offset: number) => Item | undefined {
  const sorted = [...items].sort((a, b) => a.span.start - b.span.start);
  return (offset) => {
    // The last item that starts at or before the offset, if the offset is inside it.
    let low = 0;
    let high = sorted.length - 1;
    let found: Item | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const item = sorted[middle] as Item;
      if (item.span.start <= offset) {
        found = item;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found && offset < Math.max(found.span.end, found.span.start + 1) ? found : undefined;
  };
}
