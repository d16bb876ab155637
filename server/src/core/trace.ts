/**
 * The trace of one item: what it links to, what links to it, and its coverage state in words.
 * Hovers and code lenses use this; it reads the index maps only, so it is cheap per item.
 */
import { compareItems } from './order';
import type { WorkspaceIndex } from './index';
import { isWithdrawn, LINK_TARGET, type Item, type LinkField } from './model';

export interface ItemTrace {
  readonly item: Item;
  /** Live items this one links to, by field. */
  readonly upstream: readonly { field: LinkField; item: Item }[];
  /** Live items that link to this one, by their field. */
  readonly downstream: readonly { field: LinkField; item: Item }[];
  /** For needs: the satisfying requirements; for requirements: covering clauses; for clauses: covered requirements. */
  readonly state: 'traced' | 'covered' | 'uncovered' | 'waived' | 'withdrawn' | 'information' | 'empty';
  /** The clauses that carry a need to bidders (needs only). */
  readonly viaClauses: readonly Item[];
}

export function traceOf(index: WorkspaceIndex, item: Item): ItemTrace {
  const upstream: { field: LinkField; item: Item }[] = [];
  for (const link of item.links) {
    const target = index.item(link.to, LINK_TARGET[link.field]);
    if (target && target.kind === LINK_TARGET[link.field] && !isWithdrawn(target) && !upstream.some((u) => u.item === target)) upstream.push({ field: link.field, item: target });
  }
  const downstream: { field: LinkField; item: Item }[] = [];
  for (const link of index.referencesTo(item.id)) {
    if (isWithdrawn(link.from) || LINK_TARGET[link.field] !== item.kind || downstream.some((d) => d.item === link.from)) continue;
    downstream.push({ field: link.field, item: link.from });
  }
  const byId = (a: { item: Item }, b: { item: Item }): number => compareItems(a.item, b.item);
  upstream.sort(byId);
  downstream.sort(byId);

  const coveringClauses = (requirement: Item): Item[] =>
    index
      .referencesTo(requirement.id)
      .filter((l) => l.field === 'covers' && l.from.kind === 'itt' && !isWithdrawn(l.from))
      .map((l) => l.from);

  let state: ItemTrace['state'];
  const viaClauses: Item[] = [];
  if (isWithdrawn(item)) state = 'withdrawn';
  else if (item.kind === 'needs') {
    const requirements = downstream.filter((d) => d.field === 'satisfies').map((d) => d.item);
    for (const requirement of requirements) {
      if (requirement.waiverReason !== undefined) continue;
      for (const clause of coveringClauses(requirement)) if (!viaClauses.includes(clause)) viaClauses.push(clause);
    }
    viaClauses.sort(compareItems);
    state = requirements.length === 0 ? 'uncovered' : viaClauses.length > 0 ? 'traced' : 'covered';
  } else if (item.kind === 'requirements') {
    state = item.waiverReason !== undefined ? 'waived' : downstream.some((d) => d.field === 'covers') ? 'covered' : 'uncovered';
  } else {
    state = item.response === 'information' ? 'information' : upstream.length > 0 ? 'covered' : 'empty';
  }
  return { item, upstream, downstream, state, viaClauses };
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
export function coverageSummary(index: WorkspaceIndex): CoverageSummary {
  const summary: CoverageSummary = { needs: 0, covered: 0, traced: 0, requirements: 0, requirementsCovered: 0, waived: 0 };
  for (const item of index.allItems()) {
    if (item.kind === 'itt' || isWithdrawn(item)) continue;
    const { state } = traceOf(index, item);
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
