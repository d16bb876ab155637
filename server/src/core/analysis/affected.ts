/**
 * Which items a change to one file can affect, derived from what the rules declare they read
 * (RuleMeta.reads) — never from a list kept by hand beside the rules. For each kind of read, the
 * items whose findings can depend on the changed ones are found through the store's maps; a rule
 * that reads more than it declares would be left stale, which the property test of incremental
 * against from-scratch findings catches (test/unit/affected.test.ts).
 */
import { replacedItems, type IndexReader, type StoreChange } from '../index/store';
import type { Item } from '../model';
import type { Read } from '../ruleMeta';

export interface Affected {
  /** The files whose findings can have changed (the changed file among them while it exists). */
  readonly files: Set<string>;
  /**
   * The items whose findings can have changed, besides those whose own text changed, each with the
   * reads through which the change reached it: in another file, only the rules that declare one of
   * those reads can find otherwise about it, and its other items' findings stand.
   */
  readonly items: ReadonlyMap<Item, ReadonlySet<Read>>;
  /** Every file's findings can have changed, whatever their items. */
  readonly everyFile: boolean;
}

/**
 * The files and items `change` can affect. `reads` is every read some rule declares; `contentChanged`
 * the twins whose text changed (asked for only when a rule reads its targets' content);
 * `fingerprintChanged` the twins whose fingerprint changed (asked for only when a rule reads them);
 * `suggestionsChanged` the missing ids whose "did you mean" answer the change altered;
 * `digestsChanged` whether the change altered the file's digest by a rule that reads digests.
 */
export function affectedBy(
  store: IndexReader,
  change: StoreChange,
  reads: ReadonlySet<Read>,
  contentChanged: () => readonly Item[],
  fingerprintChanged: () => readonly Item[],
  suggestionsChanged: ReadonlySet<string>,
  digestsChanged = false,
): Affected {
  const items = new Map<Item, Set<Read>>();
  const files = new Set<string>();
  if (change.next) files.add(change.uri);
  if (reads.has('workspace') || (digestsChanged && reads.has('digests'))) {
    for (const uri of store.uris) files.add(uri);
    for (const item of change.next?.items ?? []) items.set(item, new Set(reads));
    return { files, items, everyFile: true };
  }
  // The items that really changed, in their old and new forms: twins look alike to other items.
  const { before, after } = replacedItems(change);
  const changed = [...before, ...after];
  const changedIds = new Set(changed.map((item) => item.id));
  // Each read some rule declares finds the items it reaches, each noted with that read.
  let read: Read = 'definitions';
  const add = (item: Item): void => {
    const through = items.get(item);
    if (through) through.add(read);
    else items.set(item, new Set([read]));
  };
  const reach = (each: Read, find: () => void): void => {
    if (!reads.has(each)) return;
    read = each;
    find();
  };
  const definitionsOf = (id: string): void => store.definitionsOf(id).forEach(add);
  const sourcesOf = (id: string): void => {
    for (const link of store.referencesTo(id)) add(link.from);
  };
  // Only links written with a stamp compare their target's fingerprint.
  const stampedSourcesOf = (id: string): void => {
    for (const link of store.referencesTo(id)) if (link.stamp !== undefined) add(link.from);
  };
  const targets = (): Set<string> => new Set(changed.flatMap((item) => item.links.map((link) => link.to)));

  reach('definitions', () => changedIds.forEach(definitionsOf));
  reach('targets', () => changedIds.forEach(sourcesOf));
  reach('target-content', () => {
    changedIds.forEach(sourcesOf);
    for (const item of contentChanged()) sourcesOf(item.id);
  });
  reach('target-fingerprint', () => {
    changedIds.forEach(stampedSourcesOf);
    for (const item of fingerprintChanged()) stampedSourcesOf(item.id);
  });
  reach('sources', () => targets().forEach(definitionsOf));
  reach('sources-of-sources', () => {
    for (const id of targets()) {
      definitionsOf(id);
      for (const target of store.definitionsOf(id)) for (const link of target.links) definitionsOf(link.to);
    }
  });
  reach('parent-chain', () => {
    // Every item whose parent chain runs through a changed id: the changed ids' descendants.
    const queue = [...changedIds];
    const seen = new Set(queue);
    while (queue.length > 0) {
      for (const link of store.referencesTo(queue.pop() as string)) {
        if (link.field !== 'parent') continue;
        add(link.from);
        if (!seen.has(link.from.id)) {
          seen.add(link.from.id);
          queue.push(link.from.id);
        }
      }
    }
  });
  reach('ids', () => suggestionsChanged.forEach(sourcesOf));

  // Found through the store, they are the items as they are now.
  for (const item of items.keys()) files.add(item.uri);
  return { files, items, everyFile: false };
}
