/**
 * The index store: every file's items and links, with maps from id to definitions and from id to
 * the links that name it. Replacing one file changes only that file's entries and says what changed
 * (StoreChange); it knows nothing of rules or findings — the analysis (analysis/workspace.ts) works
 * out from a change which findings can have changed.
 */
import { compareIds, compareItems } from '../order';
import type { Item, Kind, Link } from '../model';
import type { ParsedFile } from '../parse/parse';

/** What queries, rules and reports may read of the index. */
export interface IndexReader {
  /** Counts changes, so that what is worked out from the index can be kept until it changes. */
  readonly generation: number;
  readonly uris: string[];
  file(uri: string): ParsedFile | undefined;
  allItems(): IterableIterator<Item>;
  /** Every item with this id (more than one when the id is duplicated), in file then position order. */
  definitionsOf(id: string): readonly Item[];
  /** The item with this id, preferring one of `kind` when the id is defined more than once. */
  item(id: string, kind?: Kind): Item | undefined;
  /** Every distinct id defined by an item of `kind`, in reading order (ITT-3.2 before ITT-3.10); the same array until the ids change. */
  idsOfKind(kind: Kind): readonly string[];
  /** Every link that names this id, from any file, in no particular order. */
  referencesTo(id: string): readonly Link[];
  /** True when some link that names this id passes `test` (without copying the links). */
  someLinkTo(id: string, test: (link: Link) => boolean): boolean;
  /** How many links carry a stamp (`UN-HR-001@3f9a2c1d7e`), in every file. */
  readonly stampedLinks: number;
}

/** One file's replacement, as the analysis needs to know it. */
export interface StoreChange {
  readonly uri: string;
  readonly previous: ParsedFile | undefined;
  readonly next: ParsedFile | undefined;
  /** The old file's items that are not in the new one (by object), and the new file's that were not in the old. */
  readonly gone: readonly Item[];
  readonly come: readonly Item[];
  /**
   * Each old item of `gone` paired with its new self in `come` when other items see the two alike
   * (same id, kind, status, priority, waiver, response and links): the item only moved, or its other fields changed.
   */
  readonly twins: ReadonlyMap<Item, Item>;
  /** True when the file defines the same ids of the same kinds, in the same order, as before. */
  readonly sameIds: boolean;
}

export class IndexStore implements IndexReader {
  private readonly files = new Map<string, ParsedFile>();
  private readonly definitions = new Map<string, Item[]>();
  /** The links that name each id (a list: most ids have one or two, and a Set costs far more memory). */
  private readonly incoming = new Map<string, Link[]>();
  /** Ids of each kind in reading order, built on demand and dropped when the set of ids changes. */
  private readonly sortedIds = new Map<Kind, string[]>();
  private changes = 0;
  private stamped = 0;

  get generation(): number {
    return this.changes;
  }

  get stampedLinks(): number {
    return this.stamped;
  }

  get uris(): string[] {
    return [...this.files.keys()];
  }

  file(uri: string): ParsedFile | undefined {
    return this.files.get(uri);
  }

  *allItems(): IterableIterator<Item> {
    for (const file of this.files.values()) yield* file.items;
  }

  definitionsOf(id: string): readonly Item[] {
    return this.definitions.get(id) ?? [];
  }

  item(id: string, kind?: Kind): Item | undefined {
    const defs = this.definitions.get(id);
    if (!defs) return undefined;
    return (kind && defs.find((d) => d.kind === kind)) || defs[0];
  }

  idsOfKind(kind: Kind): readonly string[] {
    let ids = this.sortedIds.get(kind);
    if (!ids) {
      const set = new Set<string>();
      for (const [id, defs] of this.definitions) if (defs.some((d) => d.kind === kind)) set.add(id);
      ids = [...set].sort(compareIds);
      this.sortedIds.set(kind, ids);
    }
    return ids;
  }

  referencesTo(id: string): readonly Link[] {
    const links = this.incoming.get(id);
    return links ? [...links] : [];
  }

  someLinkTo(id: string, test: (link: Link) => boolean): boolean {
    const links = this.incoming.get(id);
    if (links) for (const link of links) if (test(link)) return true;
    return false;
  }

  /**
   * Puts `next` in place of the file at `uri` (undefined removes it). `pairTwins` false skips
   * pairing old and new items (a workspace being loaded, whose findings are all worked out afterwards).
   */
  replace(uri: string, next: ParsedFile | undefined, pairTwins = true): StoreChange {
    this.changes++;
    const previous = this.files.get(uri);
    // Items carried over as the same objects (a partial re-parse keeps those before the edit) need no work.
    const [gone, come] = itemChanges(previous?.items ?? [], next?.items ?? []);
    // A partial re-parse says which items it only moved: each is its old item's twin, and its links
    // take the old links' places in the incoming lists.
    const moves = next && next !== previous && pairTwins ? movedPairs(gone, come, next.moved) : new Map<Item, Item>();
    const movedTo = new Set(moves.values());
    const twins = pairTwins
      ? moves.size === 0
        ? unchangedTwins(gone, come)
        : new Map([...moves, ...unchangedTwins(gone.filter((item) => !moves.has(item)), come.filter((item) => !movedTo.has(item)))])
      : new Map<Item, Item>();
    // A twin takes its old item's place in the definitions, which keeps the map itself unchanged.
    const twinOf = new Map<Item, Item>();
    for (const [old, twin] of twins) twinOf.set(twin, old);
    for (const item of gone) {
      if (!twins.has(item)) removeFrom(this.definitions, item.id, item);
      const move = moves.get(item);
      for (let j = 0; j < item.links.length; j++) {
        const link = item.links[j] as Link;
        const links = this.incoming.get(link.to);
        const at = links ? links.indexOf(link) : -1;
        const moved = move?.links[j];
        if (link.stamp !== undefined) this.stamped--;
        if (moved?.stamp !== undefined) this.stamped++;
        if (links && at >= 0) {
          if (moved) links[at] = moved;
          else if (links.length === 1) this.incoming.delete(link.to);
          else links.splice(at, 1);
        } else if (moved) this.addIncoming(moved);
      }
    }
    if (next) {
      this.files.set(uri, next);
      for (const item of come) {
        const old = twinOf.get(item);
        const defs = this.definitions.get(item.id);
        const at = old && defs ? defs.indexOf(old) : -1;
        if (defs && at >= 0) {
          defs[at] = item;
          if (defs.length > 1) defs.sort(compareItems);
        } else if (defs) {
          // Kept in file then position order, so output never depends on the order files were read.
          defs.push(item);
          defs.sort(compareItems);
        } else this.definitions.set(item.id, [item]);
        if (!movedTo.has(item)) {
          for (const link of item.links) {
            this.addIncoming(link);
            if (link.stamp !== undefined) this.stamped++;
          }
        }
      }
    } else {
      this.files.delete(uri);
    }
    const sameIds = sameIdSet(previous, next);
    if (!sameIds) this.sortedIds.clear();
    return { uri, previous, next, gone, come, twins, sameIds };
  }

  private addIncoming(link: Link): void {
    const links = this.incoming.get(link.to);
    if (links) links.push(link);
    else this.incoming.set(link.to, [link]);
  }
}

/**
 * The items a change really replaced, as other items see them: the old and new items that are not
 * twins (a twin only moved, or changed fields no other item reads).
 */
export function replacedItems(change: StoreChange): { readonly before: readonly Item[]; readonly after: readonly Item[] } {
  if (change.twins.size === 0) return { before: change.gone, after: change.come };
  const twinOf = new Set(change.twins.values());
  return { before: change.gone.filter((item) => !change.twins.has(item)), after: change.come.filter((item) => !twinOf.has(item)) };
}

/** True when other items see the two alike: same kind, status, priority, waiver, response and links. */
export function sameSignature(a: Item, b: Item): boolean {
  if (a.kind !== b.kind || a.status !== b.status || a.priority !== b.priority || (a.waiverReason === undefined) !== (b.waiverReason === undefined) || a.response !== b.response) return false;
  if (a.links.length !== b.links.length) return false;
  return a.links.every((link, i) => link.field === b.links[i]?.field && link.to === b.links[i]?.to);
}

/** The items of the old file that are not in the new one, and those of the new that were not in the old. */
function itemChanges(before: readonly Item[], after: readonly Item[]): [readonly Item[], readonly Item[]] {
  if (before.length === 0 || after.length === 0) return [before, after];
  const kept = new Set(before);
  const come = after.filter((item) => !kept.has(item));
  if (come.length === after.length) return [before, after];
  const stay = new Set(after);
  return [before.filter((item) => !stay.has(item)), come];
}

function removeFrom(map: Map<string, Item[]>, id: string, item: Item): void {
  const defs = map.get(id);
  if (!defs) return;
  if (defs.length === 1 && defs[0] === item) {
    map.delete(id);
    return;
  }
  const rest = defs.filter((d) => d !== item);
  if (rest.length === 0) map.delete(id);
  else map.set(id, rest);
}

/**
 * The old items a partial re-parse only moved, each paired with its new self (see ParsedFile.moved);
 * empty when the two lists do not line up id for id.
 */
function movedPairs(gone: readonly Item[], come: readonly Item[], moved: ParsedFile['moved']): Map<Item, Item> {
  const pairs = new Map<Item, Item>();
  if (!moved) return pairs;
  const before = gone.filter((item) => item.span.start >= moved.oldStart);
  const after = come.filter((item) => item.span.start >= moved.oldStart + moved.by);
  if (before.length !== after.length) return pairs;
  for (let i = 0; i < before.length; i++) {
    const old = before[i] as Item;
    const now = after[i] as Item;
    if (old.id !== now.id || old.links.length !== now.links.length || now.span.start !== old.span.start + moved.by) return new Map();
    pairs.set(old, now);
  }
  return pairs;
}

/**
 * Pairs each old item with the new item of the same id and signature, if there is one. An id the
 * file defines more than once is never paired: which of its definitions comes first decides what
 * links to it resolve to, and an edit can swap them.
 */
function unchangedTwins(before: readonly Item[], after: readonly Item[]): Map<Item, Item> {
  const twins = new Map<Item, Item>();
  if (before.length === 0 || after.length === 0) return twins;
  const candidates = new Map<string, Item[]>();
  for (const item of after) {
    const list = candidates.get(item.id);
    if (list) list.push(item);
    else candidates.set(item.id, [item]);
  }
  const seen = new Map<string, number>();
  for (const item of before) seen.set(item.id, (seen.get(item.id) ?? 0) + 1);
  for (const item of before) {
    const list = candidates.get(item.id);
    if (!list || list.length > 1 || (seen.get(item.id) ?? 0) > 1) continue;
    if (list[0] && sameSignature(item, list[0])) twins.set(item, list.splice(0, 1)[0] as Item);
  }
  return twins;
}

function sameIdSet(a: ParsedFile | undefined, b: ParsedFile | undefined): boolean {
  const left = a?.items ?? [];
  const right = b?.items ?? [];
  return left.length === right.length && left.every((item, i) => item.id === right[i]?.id && item.kind === right[i]?.kind);
}
