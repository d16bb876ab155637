/**
 * The workspace index: every file's items and links, with maps from id to definitions and from id
 * to the links that name it. Setting one file replaces only that file's entries; the cross-file
 * checks then read these maps, so nothing else is re-parsed.
 */
import { distance } from 'fastest-levenshtein';
import { carryFindings } from './carry';
import { CHECKS } from '../checks';
import { normaliseLookalikes } from '../ids';
import { compareIds, compareItems } from '../order';
import { isWithdrawn, LINK_TARGET, type Finding, type Item, type Kind, type Link } from '../model';
import { DEFAULT_LIMITS, parseFile, type ParsedFile, type ParseLimits } from '../parse/parse';
import { reparseFile, type Changed } from '../parse/reparse';

/** How many files' findings are kept for carrying over. */
const CHECKED_FILES = 8;

export class Workspace {
  private readonly files = new Map<string, ParsedFile>();
  private readonly definitions = new Map<string, Item[]>();
  /** The links that name each id (a list: most ids have one or two, and a Set costs far more memory). */
  private readonly incoming = new Map<string, Link[]>();
  private readonly suggestions = new Map<string, string | null>();
  /** Ids of each kind in reading order, built on demand and dropped when the set of ids changes. */
  private readonly sortedIds = new Map<Kind, string[]>();
  /**
   * The last few files' check findings (their parse findings aside), carried over to their next
   * edit when they can be. A few, not one: an edit's findings are published with the other files
   * it affects, checked in between; the file being edited is never the one dropped.
   */
  private readonly checked = new Map<string, { readonly file: ParsedFile; readonly generation: number; readonly findings: readonly Finding[] }>();
  /** The last change, when it kept a file's ids in order and touched no parent link: see carryFindings. */
  private localEdit: { readonly previous: ParsedFile; readonly next: ParsedFile; readonly generation: number; readonly touched: ReadonlySet<string> } | undefined;
  /** For each kind, which characters each of its sorted ids holds (see charMask) and its length, three numbers per id. */
  private readonly idMasks = new Map<Kind, Int32Array>();

  /** Counts changes, so that what is worked out from the index can be kept until it changes. */
  private changes = 0;

  /** Every file's findings from an earlier run on the very same files (see seedFindings), until the index changes. */
  private seeded: ReadonlyMap<string, readonly Finding[]> | undefined;

  constructor(readonly limits: ParseLimits = DEFAULT_LIMITS) {}

  get generation(): number {
    return this.changes;
  }

  /**
   * Parses `text` as the new content of `uri`; returns every file whose findings may have changed.
   * `changed` says where it differs from the text the index has, when the caller knows (an editor's edits).
   */
  setFile(uri: string, text: string, changed?: Changed): Set<string> {
    const previous = this.files.get(uri);
    return this.replace(uri, previous ? reparseFile(previous, text, this.limits, changed) : parseFile(uri, text, this.limits));
  }

  /** Adds a file parsed elsewhere (e.g. in a worker); returns every file whose findings may have changed. */
  setParsed(parsed: ParsedFile): Set<string> {
    return this.replace(parsed.uri, parsed);
  }

  /**
   * Adds a file while loading a workspace, when every file's findings will be gathered afterwards
   * anyway: the same as setParsed without working out which files it affects.
   */
  loadParsed(parsed: ParsedFile): void {
    this.replace(parsed.uri, parsed, false);
  }

  removeFile(uri: string): Set<string> {
    this.checked.delete(uri);
    return this.replace(uri, undefined);
  }

  file(uri: string): ParsedFile | undefined {
    return this.files.get(uri);
  }

  get uris(): string[] {
    return [...this.files.keys()];
  }

  *allItems(): IterableIterator<Item> {
    for (const file of this.files.values()) yield* file.items;
  }

  /** Every item with this id (more than one when the id is duplicated). */
  definitionsOf(id: string): readonly Item[] {
    return this.definitions.get(id) ?? [];
  }

  /** The item with this id, preferring one of `kind` when the id is defined more than once. */
  item(id: string, kind?: Kind): Item | undefined {
    const defs = this.definitions.get(id);
    if (!defs) return undefined;
    return (kind && defs.find((d) => d.kind === kind)) || defs[0];
  }

  /** Every distinct id defined by an item of `kind`, in reading order (ITT-3.2 before ITT-3.10). */
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

  /** Every link that names this id, from any file. */
  referencesTo(id: string): readonly Link[] {
    // In no particular order: callers that show the list sort it (checks only ask whether one exists).
    const links = this.incoming.get(id);
    return links ? [...links] : [];
  }

  /** True when some link that names this id passes `test` (without copying the links). */
  someLinkTo(id: string, test: (link: Link) => boolean): boolean {
    const links = this.incoming.get(id);
    if (links) for (const link of links) if (test(link)) return true;
    return false;
  }

  /**
   * Takes every file's findings, as check gives them, from an earlier run on exactly the files the
   * index holds now, byte for byte (a warm start: the caller vouches for that, see the parse
   * cache's resultsKey): check answers from them until the index next changes.
   */
  seedFindings(findings: ReadonlyMap<string, readonly Finding[]>): void {
    this.seeded = findings;
  }

  /** All findings of one file with default severities: its own parse findings, then every check. */
  check(uri: string): Finding[] {
    const file = this.files.get(uri);
    if (!file) return [];
    const seeded = this.seeded?.get(uri);
    if (seeded) return [...seeded];
    const findings = [...file.findings];
    if (file.syntaxOk) findings.push(...this.checkFindings(file));
    return findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
  }

  /** Every check's findings for a file, carried over from its last version when only its items moved. */
  private checkFindings(file: ParsedFile): readonly Finding[] {
    const cached = this.checked.get(file.uri);
    if (cached?.file === file && cached.generation === this.changes) return cached.findings;
    const run = (view: ParsedFile): Finding[] => CHECKS.flatMap((check) => check(this, view));
    const edit = this.localEdit;
    const carried =
      edit && cached && edit.next === file && edit.generation === this.changes && cached.file === edit.previous && cached.generation === edit.generation - 1
        ? carryFindings(edit.previous, cached.findings, file, (item) => this.reaches(item, edit.touched), (items) => run({ ...file, items }))
        : undefined;
    const findings = carried ?? run(file);
    this.checked.delete(file.uri);
    this.checked.set(file.uri, { file, generation: this.changes, findings });
    if (this.checked.size > CHECKED_FILES) {
      // The file being edited stays: its next keystroke is the one that needs it.
      for (const uri of this.checked.keys()) {
        if (uri === this.localEdit?.next.uri) continue;
        this.checked.delete(uri);
        break;
      }
    }
    return findings;
  }

  /** A defined id of `kind` close to `id` (a typo, a case slip or a look-alike dash), if any. */
  suggest(id: string, kind: Kind): string | undefined {
    const key = `${kind}\u0000${id}`;
    const cached = this.suggestions.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const result = this.closestId(id, kind);
    this.suggestions.set(key, result ?? null);
    return result;
  }

  private closestId(id: string, kind: Kind): string | undefined {
    const normal = normaliseLookalikes(id).toUpperCase();
    if (normal !== id && this.definitions.get(normal)?.some((d) => d.kind === kind)) return normal;
    const limit = normal.length <= 5 ? 1 : 2;
    let best: string | undefined;
    let bestDistance = limit + 1;
    const ids = this.idsOfKind(kind);
    // Three numbers per id, so the scan reads no strings until an id passes both cheap tests.
    let masks = this.idMasks.get(kind);
    if (!masks) {
      masks = new Int32Array(3 * ids.length);
      for (const [i, id] of ids.entries()) {
        charMask(id, masks, 3 * i);
        masks[3 * i + 2] = id.length;
      }
      this.idMasks.set(kind, masks);
    }
    const own = new Int32Array(2);
    charMask(normal, own, 0);
    const low = own[0] as number;
    const high = own[1] as number;
    for (let i = 0; i < ids.length; i++) {
      if (Math.abs((masks[3 * i + 2] as number) - normal.length) > limit) continue;
      // One edit changes at most two of the characters an id holds: a cheap test that rules out
      // most ids before the edit distance is worked out, and never one within reach.
      if (bitCount((masks[3 * i] as number) ^ low) + bitCount((masks[3 * i + 1] as number) ^ high) > 2 * Math.min(limit, bestDistance)) continue;
      const candidate = ids[i] as string;
      const d = distance(normal, candidate);
      if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  /**
   * Drops only the cached suggestions that the change can alter: those naming a removed id, and
   * those for which an added id is close enough to be a better (or the first) answer. Returns the
   * broken ids whose suggestion was dropped.
   */
  private forgetStaleSuggestions(previous: readonly Item[], next: readonly Item[]): Set<string> {
    const forgotten = new Set<string>();
    if (this.suggestions.size === 0) return forgotten;
    // Suggestions are per kind, so ids count as (kind, id) pairs: an id can stop being a requirement
    // while a need of the same id remains.
    const keyOf = (item: Item): string => `${item.kind}\u0000${item.id}`;
    const before = new Set(previous.map(keyOf));
    const after = new Set(next.map(keyOf));
    const removed = new Set(
      [...before].filter((key) => {
        if (after.has(key)) return false;
        const [kind, id] = key.split('\u0000') as [string, string];
        return !this.definitions.get(id)?.some((def) => def.kind === kind);
      }),
    );
    const added = next.filter((item) => !before.has(keyOf(item)));
    if (removed.size === 0 && added.length === 0) return forgotten;
    for (const [key, suggestion] of this.suggestions) {
      const separator = key.indexOf('\u0000');
      const kind = key.slice(0, separator);
      const id = normaliseLookalikes(key.slice(separator + 1)).toUpperCase();
      const stale =
        (suggestion !== null && removed.has(`${kind}\u0000${suggestion}`)) ||
        added.some((item) => item.kind === kind && Math.abs(item.id.length - id.length) <= 2 && distance(id, item.id) <= 2);
      if (stale) {
        this.suggestions.delete(key);
        forgotten.add(key.slice(separator + 1));
      }
    }
    return forgotten;
  }

  private replace(uri: string, next: ParsedFile | undefined, wantAffected = true): Set<string> {
    this.changes++;
    this.seeded = undefined;
    const previous = this.files.get(uri);
    // Items carried over as the same objects (a partial re-parse keeps those before the edit) need no work.
    const [gone, come] = itemChanges(previous?.items ?? [], next?.items ?? []);
    // A partial re-parse says which items it only moved: each is its old item's twin, and its links
    // take the old links' places in the incoming lists.
    const moves = next && next !== previous && wantAffected ? movedPairs(gone, come, next.moved) : new Map<Item, Item>();
    const movedTo = new Set(moves.values());
    // Items whose links and link-relevant fields did not change touch no other file (typing in a title, say).
    const twins = wantAffected
      ? moves.size === 0
        ? unchangedTwins(gone, come)
        : new Map([...moves, ...unchangedTwins(gone.filter((item) => !moves.has(item)), come.filter((item) => !movedTo.has(item)))])
      : new Map<Item, Item>();
    const touchedIds = new Set<string>();
    const touchedTargets = new Set<string>();
    const movedIds = new Set<string>();
    const touch = (item: Item): void => {
      touchedIds.add(item.id);
      for (const link of item.links) touchedTargets.add(link.to);
    };
    // A twin takes its old item's place in the definitions, which keeps the map itself unchanged.
    const twinOf = new Map<Item, Item>();
    for (const [old, twin] of twins) twinOf.set(twin, old);
    if (previous) {
      for (const item of gone) {
        if (!twins.has(item)) {
          touch(item);
          removeFrom(this.definitions, item.id, item);
        }
        const move = moves.get(item);
        for (let j = 0; j < item.links.length; j++) {
          const link = item.links[j] as Link;
          const links = this.incoming.get(link.to);
          const at = links ? links.indexOf(link) : -1;
          const moved = move?.links[j];
          if (links && at >= 0) {
            if (moved) links[at] = moved;
            else if (links.length === 1) this.incoming.delete(link.to);
            else links.splice(at, 1);
          } else if (moved) this.addIncoming(moved);
        }
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
        if (!movedTo.has(item)) for (const link of item.links) this.addIncoming(link);
      }
      for (const item of come) {
        const old = twinOf.get(item);
        if (!old) touch(item);
        else if (old.idSpan.start !== item.idSpan.start || old.idSpan.end !== item.idSpan.end) {
          // Other files may point at this id's position (related information): see below.
          movedIds.add(item.id);
        }
      }
    } else {
      this.files.delete(uri);
    }
    const sameIds = sameIdSet(previous, next);
    if (this.sortedIds.size > 0 && !sameIds) {
      this.sortedIds.clear();
      this.idMasks.clear();
    }
    this.localEdit = previous && next && wantAffected && sameIds ? this.localChange(previous, next, gone, come, twins, twinOf) : undefined;
    // Twins keep their id and kind, so only the other items can make a suggestion stale.
    const goneIds = twins.size === 0 ? gone : gone.filter((item) => !twins.has(item));
    const comeIds = twins.size === 0 ? come : come.filter((item) => !twinOf.has(item));
    if (!wantAffected) {
      this.forgetStaleSuggestions(goneIds, comeIds);
      return new Set();
    }
    const affected = this.affectedBy(uri, touchedIds, touchedTargets);
    // A moved id changes only findings that name its position: other copies of a duplicate, links
    // that are wrong-kind or point at a withdrawn item, and the other members of a parent loop it is in.
    for (const id of movedIds) {
      const defs = this.definitions.get(id) ?? [];
      if (defs.length > 1) for (const def of defs) affected.add(def.uri);
      for (const link of this.incoming.get(id) ?? []) {
        if (defs.some((def) => def.kind !== LINK_TARGET[link.field] || isWithdrawn(def))) affected.add(link.from.uri);
      }
      for (const def of defs) for (const member of this.parentLoop(def)) affected.add(member.uri);
    }
    // Broken links whose "did you mean" answer changed must be re-checked too.
    for (const brokenId of this.forgetStaleSuggestions(goneIds, comeIds)) {
      for (const link of this.incoming.get(brokenId) ?? []) affected.add(link.from.uri);
    }
    return affected;
  }

  private addIncoming(link: Link): void {
    const links = this.incoming.get(link.to);
    if (links) links.push(link);
    else this.incoming.set(link.to, [link]);
  }

  /** The change as carryFindings takes it: the ids that items which really changed (not merely moved) define and link to. */
  private localChange(previous: ParsedFile, next: ParsedFile, gone: readonly Item[], come: readonly Item[], twins: ReadonlyMap<Item, Item>, twinOf: ReadonlyMap<Item, Item>): Workspace['localEdit'] {
    const touched = new Set<string>();
    for (const item of [...gone, ...come]) {
      if (twins.has(item) || twinOf.has(item)) continue;
      touched.add(item.id);
      for (const link of item.links) touched.add(link.to);
    }
    return { previous, next, generation: this.changes, touched };
  }

  /** The parent loop an item is in (the items its parent chain passes before coming back to it), if any. */
  private parentLoop(item: Item): Item[] {
    const chain: Item[] = [];
    const seen = new Set<Item>([item]);
    for (let current: Item | undefined = item; current; ) {
      const parent: Link | undefined = current.links.find((link) => link.field === 'parent');
      if (!parent) return [];
      current = this.definitionsOf(parent.to).find((def) => def.kind === LINK_TARGET.parent);
      if (current === item) return chain;
      if (!current || seen.has(current)) return [];
      seen.add(current);
      chain.push(current);
    }
    return [];
  }

  /** True when an item's findings can depend on these ids: its id or a link names one, or its parent chain runs through one. */
  private reaches(item: Item, ids: ReadonlySet<string>): boolean {
    if (ids.size === 0) return false;
    if (ids.has(item.id) || item.links.some((link) => ids.has(link.to))) return true;
    const seen = new Set<string>();
    for (let current: Item | undefined = item; current; ) {
      const parent: Link | undefined = current.links.find((link) => link.field === 'parent');
      if (!parent || seen.has(parent.to)) return false;
      if (ids.has(parent.to)) return true;
      seen.add(parent.to);
      current = this.definitionsOf(parent.to).find((def) => def.kind === LINK_TARGET.parent);
    }
    return false;
  }

  /** The files whose findings can change when these ids are (re)defined and these targets (re)linked. */
  private affectedBy(uri: string, touchedIds: Set<string>, touchedTargets: Set<string>): Set<string> {
    const affected = new Set<string>();
    if (this.files.has(uri)) affected.add(uri);
    // A parent cycle runs through the ancestors of a changed parent link.
    const ids = new Set([...touchedIds, ...touchedTargets]);
    const queue = [...touchedTargets];
    while (queue.length > 0) {
      const id = queue.pop() as string;
      for (const def of this.definitions.get(id) ?? []) {
        for (const link of def.links) {
          if (link.field === 'parent' && !ids.has(link.to)) {
            ids.add(link.to);
            queue.push(link.to);
          }
        }
      }
    }
    for (const id of ids) {
      for (const def of this.definitions.get(id) ?? []) affected.add(def.uri);
      for (const link of this.incoming.get(id) ?? []) affected.add(link.from.uri);
    }
    return affected;
  }
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

/** True when other files' findings see the two items alike: same kind, status, waiver, response and links. */
function sameSignature(a: Item, b: Item): boolean {
  if (a.kind !== b.kind || a.status !== b.status || (a.waiverReason === undefined) !== (b.waiverReason === undefined) || a.response !== b.response) return false;
  if (a.links.length !== b.links.length) return false;
  return a.links.every((link, i) => link.field === b.links[i]?.field && link.to === b.links[i]?.to);
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

/** Which characters a string holds, as 64 bits (character code modulo 64) in masks[at] and masks[at + 1]. */
function charMask(text: string, masks: Int32Array, at: number): void {
  let low = 0;
  let high = 0;
  for (let i = 0; i < text.length; i++) {
    const bit = text.charCodeAt(i) & 63;
    if (bit < 32) low |= 1 << bit;
    else high |= 1 << (bit - 32);
  }
  masks[at] = low;
  masks[at + 1] = high;
}

function bitCount(bits: number): number {
  let n = bits - ((bits >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
