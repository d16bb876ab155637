/**
 * Which ids to offer in a link list, best first. Within each match rank (id prefix, in the id,
 * letters in order, title) the targets near the item being edited come first, then the rest; and
 * within each of those, the targets that still need a link (a need not met yet, a requirement not
 * asked of bidders yet) come before those that do not; then id order.
 *
 * A large workspace has tens of thousands of ids: the near ids are found by binary search and
 * scanned first; an id whose best possible tier already has `limit` better candidates ahead of it is
 * dropped before it is looked up, so the scan ends as soon as no later id can make the list; and it
 * ends SCAN_BOUND look-ups after the list is full in any case.
 */
import { ID_PATTERN } from '../ids';
import { compareIds } from '../order';
import type { IndexReader } from '../index/store';
import { isWithdrawn, LINK_TARGET, type Item, type Kind, type LinkField } from '../model';
import { isNeedMet, stateOf } from './trace';

/** How `typed` matches a target: 0 id prefix, 1 in the id, 2 the id's letters in order, 3 in the title. */
export type MatchRank = 0 | 1 | 2 | 3;

export interface LinkCandidate {
  readonly item: Item;
  readonly rank: MatchRank;
  /** Same id area as the item being edited (or, when it has none, a file of the same family). */
  readonly near: boolean;
  /** The target still needs a link of this field: a need no live requirement satisfies, a requirement no live clause covers and not waived. */
  readonly open: boolean;
}

export interface LinkCandidatesQuery {
  readonly field: LinkField;
  /** What the author has typed of the id so far. */
  readonly typed: string;
  /** The item whose list is being edited (left out of its own list), if the cursor is in one. */
  readonly from?: Item;
  /** The file being edited. */
  readonly uri: string;
  /** Ids not to offer: those already in the list. */
  readonly exclude?: ReadonlySet<string>;
  /** At most this many candidates. */
  readonly limit: number;
}

export interface LinkCandidates {
  readonly candidates: readonly LinkCandidate[];
  /** More ids matched than were returned: typing more narrows the list. */
  readonly incomplete: boolean;
}

/** The four match ranks, each split by near, then by open. */
const TIERS = 16;

/**
 * Once the list is full, how many more targets the scan looks up before it stops and says the list
 * is incomplete: with whether each still needs a link, a look-up costs a microsecond or more in the
 * server's heap at 50,000 items, and 1,000 of them took completion's p95 over its 10 ms (the bench).
 */
const SCAN_BOUND = 200;

export function linkCandidates(index: IndexReader, query: LinkCandidatesQuery): LinkCandidates {
  const { field, limit, from, exclude } = query;
  const target = LINK_TARGET[field];
  const typed = query.typed.toLowerCase();
  const ids = index.idsOfKind(target);
  // The near targets are scanned first, so that once they fill the list the others cost one test each.
  const nearAt = nearPositions(index, ids, target, from, query.uri);
  const isNear = new Uint8Array(ids.length);
  for (const at of nearAt) isNear[at] = 1;
  // A parent is never "open": its candidates all sit in the second tier of each pair.
  const neverOpen = field === 'parent' ? 1 : 0;
  const buckets: LinkCandidate[][] = Array.from({ length: TIERS }, () => []);
  // Candidates in tiers at or after `cutoff` would come after `limit` others: they are dropped.
  let cutoff = TIERS;
  let incomplete = false;
  let lookedUpWhenFull = 0;

  /** Offers the id at `at` (nearBit 0: near, 2: not); false once no later id of its pass can make the list. */
  const offer = (at: number, nearBit: number): boolean => {
    if (nearBit + neverOpen >= cutoff || lookedUpWhenFull >= SCAN_BOUND) {
      incomplete = true;
      return false;
    }
    const id = ids[at] as string;
    if (id === from?.id || exclude?.has(id)) return true;
    const byId = idRank(typed, id);
    if ((byId ?? 3) * 4 + nearBit + neverOpen >= cutoff) {
      incomplete = true;
      return true;
    }
    const item = index.item(id, target);
    if (cutoff < TIERS) lookedUpWhenFull++;
    const rank = byId ?? (item?.title?.toLowerCase().includes(typed) ? 3 : undefined);
    // Invalid ids would write a link that is itself an error.
    if (!item || rank === undefined || isWithdrawn(item) || !ID_PATTERN.test(id)) return true;
    const open = neverOpen === 0 && stillOpen(index, field, item);
    const tier = rank * 4 + nearBit + (open ? 0 : 1);
    if (tier >= cutoff) {
      incomplete = true;
      return true;
    }
    (buckets[tier] as LinkCandidate[]).push({ item, rank, near: nearBit === 0, open });
    cutoff = cutoffOf(buckets, limit);
    return true;
  };

  let going = true;
  for (let i = 0; going && i < nearAt.length; i++) going = offer(nearAt[i] as number, 0);
  if (lookedUpWhenFull < SCAN_BOUND) for (let at = 0; at < ids.length; at++) if (isNear[at] === 0 && !offer(at, 2)) break;
  const candidates = buckets.flat();
  if (candidates.length > limit) incomplete = true;
  return { candidates: candidates.slice(0, limit), incomplete };
}

/** The first tier by which the tiers up to it hold `limit` candidates (TIERS when they never do). */
function cutoffOf(buckets: readonly LinkCandidate[][], limit: number): number {
  let held = 0;
  for (let tier = 0; tier < TIERS; tier++) {
    held += (buckets[tier] as LinkCandidate[]).length;
    if (held >= limit) return tier;
  }
  return TIERS;
}

/** How well `typed` (lower case) matches an id by the id alone: undefined when only the title could match. */
function idRank(typed: string, id: string): MatchRank | undefined {
  if (typed === '') return 0;
  const lower = id.toLowerCase();
  if (lower.startsWith(typed)) return 0;
  if (lower.includes(typed)) return 1;
  let i = 0;
  for (let j = 0; j < lower.length && i < typed.length; j++) if (lower[j] === typed[i]) i++;
  return i === typed.length ? 2 : undefined;
}

/** A target still needs a link of `field`, as the coverage state (stateOf) decides it. */
function stillOpen(index: IndexReader, field: LinkField, item: Item): boolean {
  if (field === 'satisfies') return !isNeedMet(index, item);
  if (field === 'covers') return stateOf(index, item) === 'uncovered';
  return false;
}

/**
 * The positions in `ids` of the targets near the item being edited, in order: when its id has an
 * area (REQ-HR-012: HR), the ids with the same area; otherwise the ids defined in a file whose stem
 * (the file name up to its first dot) is the edited file's: hr.needs.yaml, hr.reqs.yaml and
 * hr.itt.yaml are one family. Both are found without testing every id where the sort order allows.
 */
function nearPositions(index: IndexReader, ids: readonly string[], target: Kind, from: Item | undefined, uri: string): number[] {
  const area = from ? areaOf(from.id) : undefined;
  if (area !== undefined) {
    const found = areaPositions(ids, area);
    if (found) return found;
    const all: number[] = [];
    for (let at = 0; at < ids.length; at++) if (hasArea(ids[at] as string, area)) all.push(at);
    return all;
  }
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  const dot = name.indexOf('.');
  const stem = `${dot < 0 ? name : name.slice(0, dot)}.`;
  const family = new Set<string>();
  // Files are far fewer than ids: find the family's files (name and stem compared in place), then their ids in the sorted list.
  for (const other of index.uris) if (other.startsWith(stem, other.lastIndexOf('/') + 1) && index.file(other)?.kind === target) family.add(other);
  const found = new Set<number>();
  for (const other of family) {
    for (const item of index.file(other)?.items ?? []) {
      const at = lowerBound(ids, item.id);
      // The item an id stands for (its definition of the target kind) must be in the family, not another of its duplicates.
      if (ids[at] === item.id && family.has(index.item(item.id, target)?.uri ?? '')) found.add(at);
    }
  }
  return [...found].sort((a, b) => a - b);
}

/** The first position in the sorted `ids` whose id does not sort before `key`. */
function lowerBound(ids: readonly string[], key: string): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (compareIds(ids[mid] as string, key) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** More kind prefixes than this (UN, N, NEED…) and areaPositions leaves the search to a test of every id. */
const MAX_PREFIXES = 16;

/**
 * The positions of the ids with area `area`, found by binary search: ids sort by collation, under
 * which the ids that begin with the same letters and separators (UN-HR-) sit together, whatever
 * follows. Undefined when that cannot be relied on: digits in the area or in a kind prefix (the
 * collation compares them by value, so UN-HR2- and UN-HR02- sort together), or many kind prefixes.
 */
function areaPositions(ids: readonly string[], area: string): number[] | undefined {
  if (/\d/.test(area)) return undefined;
  const prefixes = prefixesOf(ids);
  if (!prefixes || prefixes.some((prefix) => /\d/.test(prefix))) return undefined;
  const found: number[] = [];
  for (const prefix of prefixes) {
    for (const before of SEPARATORS) {
      for (const after of SEPARATORS) {
        const key = `${prefix}${before}${area}${after}`;
        for (let at = lowerBound(ids, key); at < ids.length; at++) {
          const id = ids[at] as string;
          if (id.startsWith(key)) {
            if (hasArea(id, area)) found.push(at);
          } else if (ID_PATTERN.test(id)) break; // An invalid id (lower case, say) may sort among them.
        }
      }
    }
  }
  return found.sort((a, b) => a - b);
}

const SEPARATORS = ['-', '.'];

/** The distinct kind prefixes (UN of UN-HR-001) of the sorted `ids`, a binary search for the end of each; undefined when there are many. */
function prefixesOf(ids: readonly string[]): string[] | undefined {
  const prefixes = new Set<string>();
  for (let at = 0; at < ids.length; ) {
    const prefix = firstSegment(ids[at] as string);
    prefixes.add(prefix);
    if (prefixes.size > MAX_PREFIXES) return undefined;
    let low = at + 1;
    let high = ids.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (firstSegment(ids[mid] as string) === prefix) low = mid + 1;
      else high = mid;
    }
    at = low;
  }
  return [...prefixes];
}

/** The id up to its first separator, in upper case. */
function firstSegment(id: string): string {
  const dash = id.indexOf('-');
  const dot = id.indexOf('.');
  const end = dash < 0 ? dot : dot < 0 ? dash : Math.min(dash, dot);
  return (end < 0 ? id : id.slice(0, end)).toUpperCase();
}

/**
 * The area of an id: the segments between its kind prefix and the first segment of digits only
 * (REQ-HR-012 and UN-HR-001: HR; REQ-HR-PAY-3: HR-PAY); undefined when there are none (ITT-3.2, UN-7).
 */
export function areaOf(id: string): string | undefined {
  // Segments at even places, the separator before each at the odd place before it.
  const parts = id.split(/([-.])/);
  let area = '';
  for (let at = 2; at < parts.length; at += 2) {
    const segment = parts[at] as string;
    if (/^\d+$/.test(segment)) break;
    area += (area ? (parts[at - 1] as string) : '') + segment;
  }
  return area === '' ? undefined : area;
}

/** True when `id`'s area is `area` (as areaOf says), tested without slicing the id: this runs for every id of the kind. */
function hasArea(id: string, area: string): boolean {
  const dash = id.indexOf('-');
  const dot = id.indexOf('.');
  const start = (dash < 0 ? dot : dot < 0 ? dash : Math.min(dash, dot)) + 1;
  if (start === 0 || !id.startsWith(area, start)) return false;
  // The area ends where a segment of digits only follows (or the id ends).
  let at = start + area.length;
  if (at === id.length) return true;
  if (id[at] !== '-' && id[at] !== '.') return false;
  const digits = ++at;
  for (; at < id.length && id[at] !== '-' && id[at] !== '.'; at++) {
    const code = id.charCodeAt(at);
    if (code < 48 || code > 57) return false;
  }
  return at > digits;
}
