/**
 * Findings as JSON: `{"diagnostics":[{file, line, column, endLine, endColumn, severity, code,
 * message, detail?, related?}], "coverage": {…}}`, 1-based positions, sorted as the text format is.
 */
import { humanPosition } from '../lines';
import type { TextExporter } from './exporter';
import { locateFindings } from './findings';
import { uriReplacer } from './json';

export const findingsJson: TextExporter<'findings' | 'coverage'> = {
  name: 'findings-json',
  format: 'json',
  kind: 'findings',
  summary: 'every finding with its range, and the coverage model',
  extension: 'json',
  mediaType: 'application/json',
  needs: ['findings', 'coverage'],
  options: [],
  relativeTo: 'cwd',
  recordsGit: false,
  writes: 'text',
  render({ findings, coverage }, context) {
    const { linesOf, pathOf } = context;
    const diagnostics = locateFindings(findings, linesOf, pathOf).map(({ finding, file, start, end }) => ({
      file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      severity: finding.severity,
      code: finding.code,
      message: finding.message,
      ...(finding.detail ? { detail: finding.detail } : {}),
      ...(finding.related
        ? {
            related: finding.related.map((r) => {
              const pos = humanPosition(linesOf(r.uri), r.span.start);
              return { file: pathOf(r.uri), line: pos.line, column: pos.column, message: r.message };
            }),
          }
        : {}),
    }));
    return `${JSON.stringify({ diagnostics, coverage }, uriReplacer({ pathOf }), 2)}\n`;
  },
};
