/** The coverage model names items by reference (ItemRef): the views resolve those to the index's items here. */
import type { IndexReader } from '../index/store';
import { LineIndex } from '../lines';
import { isWithdrawn, type Item, type Kind } from '../model';
import type { ItemRef } from '../report/coverage';

/**
 * Finds the live item a reference of the coverage model names: by id, kind and file, and for an
 * id defined twice in one file (a duplicate-id finding), by line too. Each item is looked up once.
 */
export function refResolver(index: IndexReader): (ref: ItemRef, kind: Kind) => Item | undefined {
  const found = new Map<ItemRef, Item | undefined>();
  const lines = new Map<string, LineIndex>();
  const lineOf = (item: Item): number => {
    let table = lines.get(item.uri);
    if (!table) lines.set(item.uri, (table = new LineIndex(index.file(item.uri)?.text ?? '')));
    return table.position(item.idSpan.start).line + 1;
  };
  return (ref, kind) => {
    const known = found.get(ref);
    if (known !== undefined || found.has(ref)) return known;
    // Nearly every id has one definition: the first that fits, unless another does too (no array made for it).
    let item: Item | undefined;
    let twice = false;
    for (const candidate of index.definitionsOf(ref.id)) {
      if (candidate.kind !== kind || candidate.uri !== ref.uri || isWithdrawn(candidate)) continue;
      if (item) twice = true;
      else item = candidate;
    }
    if (twice) item = index.definitionsOf(ref.id).find((c) => c.kind === kind && c.uri === ref.uri && !isWithdrawn(c) && lineOf(c) === ref.line) ?? item;
    found.set(ref, item);
    return item;
  };
}
