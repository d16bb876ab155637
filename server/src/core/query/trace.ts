/**
 * The trace of one item: what it links to, what links to it, and its coverage state in words.
 * Hovers and code lenses use this; it reads the index maps only, so it is cheap per item.
 */
import { compareItems } from '../order';
import type { IndexReader } from '../index/store';
import { isWithdrawn, LINK_TARGET, type Item, type Link, type LinkField } from '../model';

export interface ItemTrace {
  readonly item: Item;
  /** Live items this one links to, by field, each with its link (the first, where it links to one item twice). */
  readonly upstream: readonly TraceEntry[];
  /** Live items that link to this one, by their field, each with its link (held by the item). */
  readonly downstream: readonly TraceEntry[];
  /** For needs: the satisfying requirements; for requirements: covering clauses; for clauses: covered requirements. */
  readonly state: 'traced' | 'covered' | 'uncovered' | 'waived' | 'withdrawn' | 'information' | 'empty';
  /** The clauses that carry a need to bidders (needs only). */
  readonly viaClauses: readonly Item[];
}

/** One step of a trace: the item at the other end of a link, and the link. */
export interface TraceEntry {
  readonly field: LinkField;
  readonly item: Item;
  readonly link: Link;
}

export function traceOf(index: IndexReader, item: Item): ItemTrace {
  const upstream: TraceEntry[] = [];
  for (const link of item.links) {
    const target = index.item(link.to, LINK_TARGET[link.field]);
    if (target && target.kind === LINK_TARGET[link.field] && !isWithdrawn(target) && !upstream.some((u) => u.item === target)) upstream.push({ field: link.field, item: target, link });
  }
  const downstream: TraceEntry[] = [];
  for (const link of index.referencesTo(item.id)) {
    if (isWithdrawn(link.from) || LINK_TARGET[link.field] !== item.kind || downstream.some((d) => d.item === link.from)) continue;
    downstream.push({ field: link.field, item: link.from, link });
  }
  const byId = (a: { item: Item }, b: { item: Item }): number => compareItems(a.item, b.item);
  upstream.sort(byId);
  downstream.sort(byId);

  const viaClauses: Item[] = [];
  if (item.kind === 'needs' && !isWithdrawn(item)) {
    for (const { field, item: requirement } of downstream) {
      if (field !== 'satisfies' || requirement.waiverReason !== undefined) continue;
      for (const link of index.referencesTo(requirement.id)) {
        if (isCoveringLink(link) && !viaClauses.includes(link.from)) viaClauses.push(link.from);
      }
    }
    viaClauses.sort(compareItems);
  }
  return { item, upstream, downstream, state: stateOf(index, item), viaClauses };
}

/** A live clause's `covers` link: what asks bidders for a requirement. */
function isCoveringLink(link: Link): boolean {
  return link.field === 'covers' && link.from.kind === 'itt' && !isWithdrawn(link.from);
}

/**
 * An item's coverage state, worked out from the index maps without building its trace (the status
 * bar asks for every item's after each pause in typing). The one place coverage is decided: hovers,
 * code lenses, the status bar, the coverage report and the uncovered-need, uncovered-requirement and
 * empty-clause rules all read it.
 */
export function stateOf(index: IndexReader, item: Item): ItemTrace['state'] {
  if (isWithdrawn(item)) return 'withdrawn';
  if (item.kind === 'needs') {
    if (!isNeedMet(index, item)) return 'uncovered';
    return index.someLinkTo(item.id, (link) => isMeetingLink(link) && isRequirementAsked(index, link.from)) ? 'traced' : 'covered';
  }
  if (item.kind === 'requirements') {
    if (item.waiverReason !== undefined) return 'waived';
    return isRequirementAsked(index, item) ? 'covered' : 'uncovered';
  }
  if (item.response === 'information') return 'information';
  return item.links.some((link) => {
    const target = index.item(link.to, LINK_TARGET[link.field]);
    return target !== undefined && target.kind === LINK_TARGET[link.field] && !isWithdrawn(target);
  })
    ? 'covered'
    : 'empty';
}

/** A need is met (covered) when a live requirement satisfies it: the first step of stateOf, which reads only the links to the need. */
export function isNeedMet(index: IndexReader, need: Item): boolean {
  return index.someLinkTo(need.id, isMeetingLink);
}

/** A requirement is asked of bidders when a live clause covers it (a waived one is never asked, whatever covers it). */
function isRequirementAsked(index: IndexReader, requirement: Item): boolean {
  return requirement.waiverReason === undefined && index.someLinkTo(requirement.id, isCoveringLink);
}

/** A live requirement's `satisfies` link: what meets a need. */
function isMeetingLink(link: Link): boolean {
  return link.field === 'satisfies' && link.from.kind === 'requirements' && !isWithdrawn(link.from);
}

/**
 * The items up an item's `parent` chain, nearest first, as far as each parent resolves to a
 * requirement; `loops` is true when the chain comes back to the item itself (the chain then holds
 * the loop's other members). A loop further up that does not come back here ends the chain.
 */
export function parentChain(index: IndexReader, item: Item): { readonly chain: readonly Item[]; readonly loops: boolean } {
  const chain: Item[] = [];
  const seen = new Set<Item>([item]);
  for (let current = item; ; ) {
    const link = current.links.find((l) => l.field === 'parent');
    if (!link) break;
    const parent = index.definitionsOf(link.to).find((def) => def.kind === LINK_TARGET.parent);
    if (!parent) break;
    if (parent === item) return { chain, loops: true };
    if (seen.has(parent)) break;
    seen.add(parent);
    chain.push(parent);
    current = parent;
  }
  return { chain, loops: false };
}

export interface CoverageSummary {
  needs: number;
  covered: number;
  traced: number;
  requirements: number;
  requirementsCovered: number;
  waived: number;
}

/** The headline figures only, from each item's trace: cheap enough to follow every edit. */
export function coverageSummary(index: IndexReader): CoverageSummary {
  const summary: CoverageSummary = { needs: 0, covered: 0, traced: 0, requirements: 0, requirementsCovered: 0, waived: 0 };
  for (const item of index.allItems()) {
    if (item.kind === 'itt' || isWithdrawn(item)) continue;
    const state = stateOf(index, item);
    if (item.kind === 'needs') {
      summary.needs++;
      if (state !== 'uncovered') summary.covered++;
      if (state === 'traced') summary.traced++;
    } else {
      summary.requirements++;
      if (state === 'covered') summary.requirementsCovered++;
      if (state === 'waived') summary.waived++;
    }
  }
  return summary;
}
