import { percent, type Coverage, type ItemRef } from './coverage';

/** What every report renderer needs besides the coverage model. */
export interface ReportContext {
  readonly title: string;
  /** How a file is shown and linked in the report (a path relative to the report, say). */
  readonly pathOf: (uri: string) => string;
  /** For an editor's webview: a nonce that lets the report's one script post "open this item" messages. */
  readonly webviewNonce?: string;
}

export const NEED_STATE_WORDS = { traced: 'traced end to end', covered: 'covered, not in the ITT', uncovered: 'not covered' } as const;
export const REQUIREMENT_STATE_WORDS = { covered: 'covered', waived: 'waived', uncovered: 'not covered' } as const;

/** The headline lines every format shows, in the same words. */
export function headline(coverage: Coverage): { label: string; value: string }[] {
  const { needs, requirements, clauses, withdrawn } = coverage.totals;
  return [
    { label: 'User needs', value: String(needs.total) },
    { label: 'Needs covered by a requirement', value: `${needs.covered} (${percent(needs.covered, needs.total)}%)` },
    { label: 'Needs traced end to end (need → requirement → ITT clause)', value: `${needs.traced} (${percent(needs.traced, needs.total)}%)` },
    { label: 'Requirements', value: String(requirements.total) },
    {
      label: 'Requirements covered by an ITT clause (waived left out)',
      value: `${requirements.covered} of ${requirements.covered + requirements.uncovered} (${percent(requirements.covered, requirements.covered + requirements.uncovered)}%)`,
    },
    { label: 'Requirements waived', value: String(requirements.waived) },
    { label: 'ITT clauses', value: `${clauses.total} (${clauses.scored} scored, ${clauses.passFail} pass/fail, ${clauses.information} information)` },
    { label: 'Total weighting of scored clauses', value: String(clauses.totalWeighting) },
    { label: 'Withdrawn items (not counted)', value: String(withdrawn) },
  ];
}

export function refLabel(ref: ItemRef): string {
  return ref.title ? `${ref.id} ${ref.title}` : ref.id;
}

/** A relative path as a URL path: each segment encoded, so '#', '?' and spaces in file names survive. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
