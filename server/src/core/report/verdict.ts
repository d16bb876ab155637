/**
 * The verdict a coverage report opens with, for the board that signs a statement of requirements off
 * before the ITT is issued: "Ready to issue" when, judged as `readiness: tender` judges it, no finding
 * is an error, no link is suspect, every need is traced end to end and every live requirement is
 * asked of bidders or waived; otherwise "Not ready to issue", with what stands in the way counted.
 * Warnings are counted too, and do not block.
 */
import { WORDING_RULES, WORDING_RULES_OFF } from '../checks/wording';
import type { Finding } from '../model';
import type { Coverage } from './coverage';

export interface VerdictLine {
  /** What is counted, in words that follow the count: "user needs no requirement meets". */
  readonly what: string;
  readonly count: number;
}

export interface Verdict {
  readonly ready: boolean;
  /** What stands between the workspace and issue, in the order a board would take it; only what is there (count above 0). */
  readonly blocking: readonly VerdictLine[];
  /** Warnings that do not block, by kind; only what is there. */
  readonly warnings: readonly VerdictLine[];
}

/** The codes of the tender readiness rules (weightings, evaluation, agreement). */
export const READINESS_CODES: ReadonlySet<string> = new Set(['weighting-total', 'section-weight-total', 'weighting-unscored', 'must-not-evaluated', 'not-agreed', 'moscow-balance', 'social-value-weight']);
const WORDING_CODES: ReadonlySet<string> = new Set([...WORDING_RULES, ...WORDING_RULES_OFF].map((rule) => rule.code));

/**
 * The verdict on `coverage`, with `findings` as the verdict judges them: their severities as
 * `readiness: tender` sets them (the caller applies that), the rules turned off left out.
 */
export function verdictOf(coverage: Coverage, findings: readonly Finding[]): Verdict {
  const { gaps } = coverage;
  const count = (test: (finding: Finding) => boolean): number => findings.reduce((n, finding) => n + (test(finding) ? 1 : 0), 0);
  const group = (finding: Finding): 'readiness' | 'wording' | 'other' => (READINESS_CODES.has(finding.code) ? 'readiness' : WORDING_CODES.has(finding.code) ? 'wording' : 'other');
  const suspect = (finding: Finding): boolean => finding.code === 'suspect-link';
  const errors = (kind: ReturnType<typeof group>): number => count((finding) => finding.severity === 'error' && !suspect(finding) && group(finding) === kind);
  const warnings = (kind: ReturnType<typeof group>): number => count((finding) => finding.severity === 'warning' && !suspect(finding) && group(finding) === kind);
  const present = (lines: VerdictLine[]): VerdictLine[] => lines.filter((line) => line.count > 0);
  const blocking = present([
    { what: plural(gaps.uncoveredNeeds.length, 'user need no requirement meets', 'user needs no requirement meets'), count: gaps.uncoveredNeeds.length },
    { what: plural(gaps.needsNotTraced.length, 'need met but not asked of bidders (no ITT clause)', 'needs met but not asked of bidders (no ITT clause)'), count: gaps.needsNotTraced.length },
    { what: plural(gaps.uncoveredRequirements.length, 'requirement not asked of bidders and not waived', 'requirements not asked of bidders and not waived'), count: gaps.uncoveredRequirements.length },
    { what: plural(errors('readiness'), 'tender readiness error', 'tender readiness errors'), count: errors('readiness') },
    { what: plural(errors('wording'), 'wording error (a placeholder left in)', 'wording errors (placeholders left in)'), count: errors('wording') },
    { what: plural(errors('other'), 'other error (a broken link, a schema error…)', 'other errors (broken links, schema errors…)'), count: errors('other') },
    { what: plural(count(suspect), 'suspect link (its target changed since the link was reviewed)', 'suspect links (their targets changed since the links were reviewed)'), count: count(suspect) },
  ]);
  return {
    ready: blocking.length === 0,
    blocking,
    warnings: present([
      { what: plural(warnings('readiness'), 'tender readiness warning', 'tender readiness warnings'), count: warnings('readiness') },
      { what: plural(warnings('wording'), 'wording warning', 'wording warnings'), count: warnings('wording') },
      { what: plural(warnings('other'), 'other warning', 'other warnings'), count: warnings('other') },
    ]),
  };
}

/** The words of the verdict's heading. */
export function verdictTitle(verdict: Verdict): string {
  return verdict.ready ? 'Ready to issue' : 'Not ready to issue';
}

/** One sentence under the heading: what the verdict rests on. */
export function verdictBasis(verdict: Verdict): string {
  return verdict.ready
    ? 'Judged as readiness: tender judges it: no finding is an error, no link is suspect, every user need is traced end to end and every live requirement is asked of bidders or waived.'
    : 'Judged as readiness: tender judges it, these stand in the way of issue:';
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}
