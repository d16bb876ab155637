/**
 * What stops the ITT being issued, grouped for the Gaps view: the coverage model's gaps (needs not
 * met, needs not traced end to end, requirements not asked of bidders, waived requirements, clauses
 * that cover nothing) and the findings the report's verdict counts. The groups that block are
 * exactly the verdict's lines (verdict.ts), so the view's count of blocking entries is the number
 * the report's verdict adds up: tender readiness errors, other errors (wording, broken links,
 * schema…) and suspect links, with the findings judged as `readiness: tender` judges them. Waived
 * requirements, readiness warnings and clauses that cover nothing are shown and do not block (the
 * verdict counts an empty clause only as an error, when a config raises empty-clause to one).
 */
import { itemAt } from '../report/enclosingItem';
import type { Coverage, ItemRef } from '../report/coverage';
import { READINESS_CODES } from '../report/verdict';
import type { IndexReader } from '../index/store';
import { PRIORITY_WORD, type Finding, type Item, type Kind, type Span } from '../model';
import { refResolver } from './coverageRefs';

export type GapKey = 'needs-unmet' | 'needs-not-traced' | 'requirements-not-asked' | 'readiness' | 'errors' | 'suspect-links' | 'readiness-warnings' | 'empty-clauses' | 'waived';

export interface Gap {
  /** The item the gap is about; for a finding, the item whose mapping holds it (none for one about a whole file). */
  readonly item?: Item;
  /** The id and title, or the finding's message. */
  readonly label: string;
  /** A requirement's priority (and status), a waiver's reason, a finding's code. */
  readonly detail?: string;
  /** Where clicking it goes: the item's id, or the finding. */
  readonly uri: string;
  readonly span: Span;
}

export interface GapList {
  readonly key: GapKey;
  readonly label: string;
  readonly blocking: boolean;
  readonly gaps: readonly Gap[];
}

/**
 * The groups with something in them, blocking ones first, in the verdict's order. `findings` are the
 * folder's findings with its severities and then as `readiness: tender` judges them (as the report's
 * verdict takes them), ordered by file and place.
 */
export function gapGroups(index: IndexReader, coverage: Coverage, findings: readonly Finding[]): GapList[] {
  const itemOf = refResolver(index);
  const ofItem = (ref: ItemRef, kind: Kind, detail?: string): Gap | undefined => {
    const item = itemOf(ref, kind);
    if (!item) return undefined;
    return { item, label: itemLabel(item), ...(detail ? { detail } : {}), uri: item.uri, span: item.idSpan };
  };
  const items = <R extends ItemRef>(refs: readonly R[], kind: Kind, detail: (ref: R) => string | undefined = () => undefined): Gap[] =>
    refs.flatMap((ref) => ofItem(ref, kind, detail(ref)) ?? []);
  const holders = new Map<string, (offset: number) => Item | undefined>();
  const ofFinding = (finding: Finding): Gap => {
    let holder = holders.get(finding.uri);
    if (!holder) holders.set(finding.uri, (holder = itemAt(index.file(finding.uri)?.items ?? [])));
    const item = holder(finding.span.start);
    return { ...(item ? { item } : {}), label: finding.message, detail: finding.code, uri: finding.uri, span: finding.span };
  };
  const suspect = (finding: Finding): boolean => finding.code === 'suspect-link';
  const readiness = (finding: Finding): boolean => READINESS_CODES.has(finding.code) && !suspect(finding);
  const requirementDetail = (ref: ItemRef): string | undefined => {
    const requirement = itemOf(ref, 'requirements');
    const priority = requirement?.priority !== undefined ? (PRIORITY_WORD[requirement.priority] ?? requirement.priority) : 'No priority';
    return requirement ? `${priority} · ${requirement.status}` : priority;
  };
  const { gaps } = coverage;
  const groups: GapList[] = [
    { key: 'needs-unmet', label: 'Needs not met', blocking: true, gaps: items(gaps.uncoveredNeeds, 'needs') },
    { key: 'needs-not-traced', label: 'Needs not traced end to end', blocking: true, gaps: items(gaps.needsNotTraced, 'needs') },
    { key: 'requirements-not-asked', label: 'Requirements not asked of bidders', blocking: true, gaps: items(gaps.uncoveredRequirements, 'requirements', requirementDetail) },
    { key: 'readiness', label: 'Tender readiness errors', blocking: true, gaps: findings.filter((f) => f.severity === 'error' && readiness(f)).map(ofFinding) },
    { key: 'errors', label: 'Other errors', blocking: true, gaps: findings.filter((f) => f.severity === 'error' && !readiness(f) && !suspect(f)).map(ofFinding) },
    { key: 'suspect-links', label: 'Suspect links', blocking: true, gaps: findings.filter(suspect).map(ofFinding) },
    { key: 'readiness-warnings', label: 'Tender readiness warnings', blocking: false, gaps: findings.filter((f) => f.severity === 'warning' && readiness(f)).map(ofFinding) },
    { key: 'empty-clauses', label: 'Clauses that cover nothing', blocking: false, gaps: items(gaps.emptyClauses, 'itt') },
    { key: 'waived', label: 'Waived requirements', blocking: false, gaps: items(gaps.waivedRequirements, 'requirements', (ref) => ref.reason || 'no reason given') },
  ];
  return groups.filter((group) => group.gaps.length > 0);
}

/** The entries that stop the ITT being issued: the view's badge, and the sum of the verdict's counts. */
export function blockingCount(groups: readonly GapList[]): number {
  return groups.reduce((n, group) => n + (group.blocking ? group.gaps.length : 0), 0);
}

function itemLabel(item: Item): string {
  return item.title ? `${item.id} — ${item.title}` : item.id;
}
