/**
 * Two versions of a statement of requirements compared, for `reqtrace diff` (a pull request's
 * base against its head): items added, removed, renamed and changed, links added and removed,
 * coverage before and after, and what must be re-read downstream of each change. The result is
 * plain data, the very object `--format json` writes; the text and Markdown renderers read it.
 *
 * Items are paired by kind and id. A changed item is one whose compared fields differ: the fields
 * each kind's fingerprint reads (the config's `fingerprint:`), then title, priority and status.
 * Values are compared as the fingerprint reads them, so layout is never a change. A removed item
 * and an added one of the same kind and fingerprint are one item renamed (when its fingerprinted
 * fields hold something). Coverage is stateOf's on each side (the headline through coverageSummary,
 * which a property test holds equal to computeCoverage's totals); the impact is followed on the head
 * side: a need's satisfying requirements, each requirement's children (`parent`, transitively) and
 * the clauses that cover any of them.
 */
import { FIELDS_OF_KIND, fingerprintValue, normaliseText, type FingerprintField, type FingerprintFields, type FingerprintValue } from '../fingerprint';
import type { IndexReader } from '../index/store';
import { LineIndex } from '../lines';
import { isWithdrawn, KINDS, LINK_TARGET, type Item, type Kind, type Link, type LinkField } from '../model';
import { compareIds, compareItems } from '../order';
import { coverageSummary, stateOf, type ItemTrace } from '../query/trace';
import { percent } from '../report/coverage';
import { wordDiff, type WordSegment } from './wordDiff';

/** One side of the comparison: its items, how it fingerprints them, and which files' items are compared. */
export interface DiffSide {
  readonly index: IndexReader;
  readonly fingerprint: (item: Item) => string;
  /** True for a file whose items are compared (every file when absent); the rest count only for coverage and impact. */
  readonly compares?: (uri: string) => boolean;
}

/** Which version a side is: the revision as given and the commit it names; both null for the working tree. */
export interface Revision {
  readonly ref: string | null;
  readonly commit: string | null;
}

export interface DiffOptions {
  /** The fields each kind's fingerprint reads (the config's, the same on both sides). */
  readonly fields: FingerprintFields;
  /** A file's path as the output names it (from the top of the repository). */
  readonly pathOf: (uri: string) => string;
  readonly base?: Revision;
  readonly head?: Revision;
  /** The workspace folder, as the output names it. */
  readonly workspace?: string;
}

/** Where an item is: its file (see DiffOptions.pathOf) and the 1-based line of its id. */
export interface Place {
  readonly file: string;
  readonly line: number;
}

/** An item as the diff names it: id, kind, title (white space made single spaces) and place. */
export interface DiffItem extends Place {
  readonly id: string;
  readonly kind: Kind;
  readonly title: string;
}

export interface FieldChange {
  readonly field: FingerprintField;
  /** The value as the fingerprint reads it (normalised text, a list of texts, a number, or null when absent). */
  readonly before: FingerprintValue;
  readonly after: FingerprintValue;
  /** The words of the two values (a list's entries joined by ' · '). */
  readonly words: readonly WordSegment[];
}

export interface ChangedItem extends DiffItem {
  /** Where it was on the base side (file and line are the head side's). */
  readonly before: Place;
  readonly fingerprint: { readonly before: string; readonly after: string };
  readonly fields: readonly FieldChange[];
}

export interface RenamedItem {
  readonly kind: Kind;
  readonly fingerprint: string;
  readonly from: DiffItem;
  readonly to: DiffItem;
  /** Compared fields that differ all the same (the title, say): never a fingerprinted one. */
  readonly fields: readonly FieldChange[];
}

export interface LinkChange {
  /** The item that holds the link, on the side it is on (the base side for a removed link). */
  readonly from: DiffItem;
  readonly field: LinkField;
  /** The id linked to, without a stamp. */
  readonly to: string;
  /** The item it names on the same side (of the kind the field links to), or null when none does: a broken link. */
  readonly target: DiffItem | null;
}

export type CoverageState = ItemTrace['state'];

export interface CoverageFigures {
  readonly needs: number;
  readonly needsCovered: number;
  readonly needsTraced: number;
  readonly needsTracedPercent: number;
  readonly requirements: number;
  readonly requirementsCovered: number;
  readonly requirementsWaived: number;
  readonly requirementsUncovered: number;
  /** Waived requirements left out of both sides. */
  readonly requirementsCoveredPercent: number;
  readonly clauses: number;
}

export interface StateChange extends DiffItem {
  /** The id on the base side, when the item was renamed. */
  readonly was?: string;
  readonly before: CoverageState;
  readonly after: CoverageState;
}

export interface Downstream extends DiffItem {
  /** The ids from the changed item to this one: need → requirement → child requirement … → clause. */
  readonly path: readonly string[];
}

export interface Impact extends DiffItem {
  readonly change: 'changed' | 'removed';
  /** Every live item on the head side that must be re-read, each once, on the first path that reaches it. */
  readonly downstream: readonly Downstream[];
}

export interface RequirementsDiff {
  readonly version: 1;
  readonly base: Revision;
  readonly head: Revision;
  readonly workspace: string;
  readonly summary: {
    readonly added: number;
    readonly removed: number;
    readonly renamed: number;
    readonly changed: number;
    readonly linksAdded: number;
    readonly linksRemoved: number;
    readonly coverageChanged: number;
    /** Distinct items downstream of the changes. */
    readonly toReRead: number;
  };
  readonly items: {
    readonly added: readonly (DiffItem & { readonly fingerprint: string })[];
    readonly removed: readonly (DiffItem & { readonly fingerprint: string })[];
    readonly renamed: readonly RenamedItem[];
    readonly changed: readonly ChangedItem[];
  };
  readonly links: { readonly added: readonly LinkChange[]; readonly removed: readonly LinkChange[] };
  readonly coverage: { readonly before: CoverageFigures; readonly after: CoverageFigures; readonly changed: readonly StateChange[] };
  readonly impact: readonly Impact[];
}

/** Besides the fingerprinted fields, what counts as a change. */
export const ALSO_COMPARED: readonly FingerprintField[] = ['title', 'priority', 'status'];

/** The fields compared for a kind: its fingerprinted fields, then title, priority and status (those the kind has). */
export function comparedFields(kind: Kind, fields: FingerprintFields): FingerprintField[] {
  return [...fields[kind], ...ALSO_COMPARED.filter((field) => !fields[kind].includes(field) && FIELDS_OF_KIND[kind].includes(field))];
}

/** Compares `base` with `head`. */
export function compareWorkspaces(base: DiffSide, head: DiffSide, options: DiffOptions): RequirementsDiff {
  const placeOf = placer(options.pathOf);
  const ref = (side: DiffSide, item: Item): DiffItem => ({ id: item.id, kind: item.kind, title: normaliseText(item.title ?? ''), ...placeOf(side.index, item) });
  const valuesDiffer = (before: Item, after: Item): FieldChange[] =>
    comparedFields(after.kind, options.fields).flatMap((field) => {
      const was = fingerprintValue(before, field);
      const now = fingerprintValue(after, field);
      return JSON.stringify(was) === JSON.stringify(now) ? [] : [{ field, before: was, after: now, words: wordDiff(shownText(was), shownText(now)) }];
    });

  // Pair the compared items of the two sides by kind and id, in file and position order.
  const baseItems = comparedItems(base);
  const headItems = comparedItems(head);
  const pairs: [Item, Item][] = [];
  const removedItems: Item[] = [];
  const addedItems: Item[] = [];
  for (const [key, before] of baseItems) {
    const after = headItems.get(key) ?? [];
    before.forEach((item, at) => {
      const other = after[at];
      if (other) pairs.push([item, other]);
      else removedItems.push(item);
    });
    addedItems.push(...after.slice(before.length));
  }
  for (const [key, after] of headItems) if (!baseItems.has(key)) addedItems.push(...after);

  // Renames: a removed item and an added one of the same kind with the same fingerprint, paired in id order.
  removedItems.sort(compareItems);
  addedItems.sort(compareItems);
  const addedByPrint = new Map<string, Item[]>();
  for (const item of addedItems) {
    if (isBlank(item, options.fields)) continue;
    const key = `${item.kind}\0${head.fingerprint(item)}`;
    const list = addedByPrint.get(key);
    if (list) list.push(item);
    else addedByPrint.set(key, [item]);
  }
  const renames: [Item, Item][] = [];
  const renamedTo = new Set<Item>();
  const removed: Item[] = [];
  for (const item of removedItems) {
    const match = isBlank(item, options.fields) ? undefined : addedByPrint.get(`${item.kind}\0${base.fingerprint(item)}`)?.shift();
    if (match) {
      renames.push([item, match]);
      renamedTo.add(match);
    } else removed.push(item);
  }
  const added = addedItems.filter((item) => !renamedTo.has(item));

  // An item of a file whose text is the same on both sides has not changed: its fields are not read again.
  const sameText = (before: Item, after: Item): boolean => before.uri === after.uri && base.index.file(before.uri)?.text === head.index.file(after.uri)?.text;
  const changed: { readonly entry: ChangedItem; readonly item: Item }[] = [];
  for (const [before, after] of pairs) {
    if (sameText(before, after)) continue;
    const fields = valuesDiffer(before, after);
    if (fields.length === 0) continue;
    const entry = { ...ref(head, after), before: placeOf(base.index, before), fingerprint: { before: base.fingerprint(before), after: head.fingerprint(after) }, fields };
    changed.push({ entry, item: after });
  }

  // Links, keyed by the holder's id (a renamed holder's links keep their key), field and target.
  const newId = new Map<Item, string>(renames.map(([before, after]) => [before, after.id]));
  const linksOf = (items: Map<string, Item[]>, idOf: (item: Item) => string): Map<string, { readonly item: Item; readonly link: Link }> => {
    const links = new Map<string, { readonly item: Item; readonly link: Link }>();
    for (const list of items.values()) {
      for (const item of list) {
        for (const link of item.links) {
          const key = `${idOf(item)}\0${link.field}\0${link.to}`;
          if (!links.has(key)) links.set(key, { item, link });
        }
      }
    }
    return links;
  };
  const baseLinks = linksOf(baseItems, (item) => newId.get(item) ?? item.id);
  const headLinks = linksOf(headItems, (item) => item.id);
  const byLink = (a: LinkChange, b: LinkChange): number => compareIds(a.from.id, b.from.id) || compareText(a.field, b.field) || compareIds(a.to, b.to);
  const onlyIn = (side: DiffSide, links: typeof baseLinks, other: typeof baseLinks): LinkChange[] =>
    [...links]
      .filter(([key]) => !other.has(key))
      .map(([, { item, link }]) => {
        const target = side.index.definitionsOf(link.to).find((definition) => definition.kind === LINK_TARGET[link.field]);
        return { from: ref(side, item), field: link.field, to: link.to, target: target ? ref(side, target) : null };
      })
      .sort(byLink);
  const linksAdded = onlyIn(head, headLinks, baseLinks);
  const linksRemoved = onlyIn(base, baseLinks, headLinks);

  // Coverage: the headline of each side, and each need and requirement whose state moved.
  const coverageChanged: StateChange[] = [];
  for (const [before, after] of [...pairs, ...renames]) {
    if (after.kind === 'itt') continue;
    const was = stateOf(base.index, before);
    const now = stateOf(head.index, after);
    if (was !== now) coverageChanged.push({ ...ref(head, after), ...(before.id !== after.id ? { was: before.id } : {}), before: was, after: now });
  }

  // Impact, on the head side: what a changed or removed need or requirement reaches.
  const impact: Impact[] = [];
  for (const { item } of changed) {
    if (item.kind !== 'itt') impact.push({ ...ref(head, item), change: 'changed', downstream: downstreamOf(head.index, item.id, item.kind, item, placeOf) });
  }
  for (const item of removed) {
    if (item.kind !== 'itt') impact.push({ ...ref(base, item), change: 'removed', downstream: downstreamOf(head.index, item.id, item.kind, undefined, placeOf) });
  }

  // Needs, then requirements, then clauses (the order of the trace), each in id order.
  const byItem = (a: DiffItem, b: DiffItem): number => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || compareIds(a.id, b.id) || compareText(a.file, b.file) || a.line - b.line;
  const withPrint = (side: DiffSide) => (item: Item) => ({ ...ref(side, item), fingerprint: side.fingerprint(item) });
  const renamed: RenamedItem[] = renames
    .map(([before, after]) => ({ kind: after.kind, fingerprint: head.fingerprint(after), from: ref(base, before), to: ref(head, after), fields: valuesDiffer(before, after) }))
    .sort((a, b) => byItem(a.to, b.to));
  impact.sort(byItem);
  const toReRead = new Set(impact.flatMap((entry) => entry.downstream.map((d) => `${d.kind}\0${d.id}\0${d.file}\0${d.line}`)));
  return {
    version: 1,
    base: options.base ?? { ref: null, commit: null },
    head: options.head ?? { ref: null, commit: null },
    workspace: options.workspace ?? '.',
    summary: {
      added: added.length,
      removed: removed.length,
      renamed: renamed.length,
      changed: changed.length,
      linksAdded: linksAdded.length,
      linksRemoved: linksRemoved.length,
      coverageChanged: coverageChanged.length,
      toReRead: toReRead.size,
    },
    items: {
      added: added.map(withPrint(head)).sort(byItem),
      removed: removed.map(withPrint(base)).sort(byItem),
      renamed,
      changed: changed.map(({ entry }) => entry).sort(byItem),
    },
    links: { added: linksAdded, removed: linksRemoved },
    coverage: { before: figuresOf(base.index), after: figuresOf(head.index), changed: coverageChanged.sort(byItem) },
    impact,
  };
}

/** Code-unit order: the same on every machine, whatever its locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A value as the word diff reads it: a list's entries joined by ' · ', a number as written, nothing as ''. */
export function shownText(value: FingerprintValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  return value.join(' · ');
}

/** The compared items of a side, by kind and id, each list in file and position order. */
function comparedItems(side: DiffSide): Map<string, Item[]> {
  const items = new Map<string, Item[]>();
  for (const uri of [...side.index.uris].sort()) {
    if (side.compares && !side.compares(uri)) continue;
    for (const item of side.index.file(uri)?.items ?? []) {
      const key = `${item.kind}\0${item.id}`;
      const list = items.get(key);
      if (list) list.push(item);
      else items.set(key, [item]);
    }
  }
  return items;
}

/** True when every fingerprinted field is absent: such items share a fingerprint without being one item. */
function isBlank(item: Item, fields: FingerprintFields): boolean {
  return fields[item.kind].every((field) => fingerprintValue(item, field) === null);
}

/** Places of items, with one line index per file of each side (the two sides may hold different texts of one file). */
function placer(pathOf: (uri: string) => string): (index: IndexReader, item: Item) => Place {
  const lines = new Map<IndexReader, Map<string, LineIndex>>();
  const paths = new Map<string, string>();
  return (index, item) => {
    let ofIndex = lines.get(index);
    if (!ofIndex) lines.set(index, (ofIndex = new Map<string, LineIndex>()));
    let lineIndex = ofIndex.get(item.uri);
    if (!lineIndex) ofIndex.set(item.uri, (lineIndex = new LineIndex(index.file(item.uri)?.text ?? '')));
    let file = paths.get(item.uri);
    if (file === undefined) paths.set(item.uri, (file = pathOf(item.uri)));
    return { file, line: lineIndex.position(item.idSpan.start).line + 1 };
  };
}

/** The headline figures of a side: coverageSummary's (stateOf for every need and requirement, held equal to computeCoverage's totals by a property test), and the live clauses. */
function figuresOf(index: IndexReader): CoverageFigures {
  const summary = coverageSummary(index);
  let clauses = 0;
  for (const item of index.allItems()) if (item.kind === 'itt' && !isWithdrawn(item)) clauses++;
  // As computeCoverage's percentages: waived requirements out of both sides.
  const counted = summary.requirements - summary.waived;
  return {
    needs: summary.needs,
    needsCovered: summary.covered,
    needsTraced: summary.traced,
    needsTracedPercent: percent(summary.traced, summary.needs),
    requirements: summary.requirements,
    requirementsCovered: summary.requirementsCovered,
    requirementsWaived: summary.waived,
    requirementsUncovered: counted - summary.requirementsCovered,
    requirementsCoveredPercent: percent(summary.requirementsCovered, counted),
    clauses,
  };
}

/** Live items of `kind` whose `field` links to `id`, each once, in id order. */
function linkedFrom(index: IndexReader, id: string, field: LinkField, kind: Kind): Item[] {
  const items = new Set<Item>();
  for (const link of index.referencesTo(id)) if (link.field === field && link.from.kind === kind && !isWithdrawn(link.from)) items.add(link.from);
  return [...items].sort(compareItems);
}

/**
 * What must be re-read after `id` changed, on the head side: for a need, the requirements that
 * satisfy it; for each requirement reached, the clauses that cover it, then its children (whose
 * `parent` it is), and so on down. Each item once, on the first path that reaches it.
 */
function downstreamOf(index: IndexReader, id: string, kind: Kind, self: Item | undefined, placeOf: (index: IndexReader, item: Item) => Place): Downstream[] {
  const out: Downstream[] = [];
  const seen = new Set<Item>(self ? [self] : []);
  const reach = (item: Item, path: readonly string[]): boolean => {
    if (seen.has(item)) return false;
    seen.add(item);
    out.push({ id: item.id, kind: item.kind, title: normaliseText(item.title ?? ''), ...placeOf(index, item), path });
    return true;
  };
  const fromRequirement = (requirementId: string, path: readonly string[]): void => {
    for (const clause of linkedFrom(index, requirementId, 'covers', 'itt')) reach(clause, [...path, clause.id]);
    for (const child of linkedFrom(index, requirementId, 'parent', 'requirements')) {
      const childPath = [...path, child.id];
      if (reach(child, childPath)) fromRequirement(child.id, childPath);
    }
  };
  if (kind === 'needs') {
    for (const requirement of linkedFrom(index, id, 'satisfies', 'requirements')) {
      const path = [id, requirement.id];
      if (reach(requirement, path)) fromRequirement(requirement.id, path);
    }
  } else if (kind === 'requirements') fromRequirement(id, [id]);
  return out;
}
