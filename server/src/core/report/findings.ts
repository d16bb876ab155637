/** What the findings formats share: each finding placed at its 1-based line and column, in one order. */
import { humanPosition, type LineIndex } from '../lines';
import type { Finding } from '../model';

export interface LocatedFinding {
  readonly finding: Finding;
  /** The file as the output names it. */
  readonly file: string;
  readonly start: { readonly line: number; readonly column: number };
  readonly end: { readonly line: number; readonly column: number };
}

/**
 * Findings with their positions, sorted by file, then start and end, then code, so that an output is
 * byte-for-byte the same on every run.
 */
export function locateFindings(findings: readonly Finding[], linesOf: (uri: string) => LineIndex, pathOf: (uri: string) => string): LocatedFinding[] {
  return findings
    .map((finding) => {
      const lines = linesOf(finding.uri);
      return { finding, file: pathOf(finding.uri), start: humanPosition(lines, finding.span.start), end: humanPosition(lines, finding.span.end) };
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.finding.span.start - b.finding.span.start || a.finding.span.end - b.finding.span.end || a.finding.code.localeCompare(b.finding.code)));
}
