import type { Coverage, RequirementTrace, TraceRow } from './coverage';
import type { ReportContext } from './context';
import type { TextExporter } from './exporter';

export const coverageCsv: TextExporter<'coverage'> = {
  name: 'coverage-csv',
  format: 'csv',
  kind: 'coverage',
  summary: 'the trace matrix as CSV, one row per need, requirement and clause',
  extension: 'csv',
  mediaType: 'text/csv; charset=utf-8; header=present',
  needs: ['coverage'],
  options: [],
  relativeTo: 'output',
  recordsGit: false,
  writes: 'text',
  render: ({ coverage }, { title, pathOf }) => renderCsv(coverage, { title, pathOf }),
};

const HEADER = ['need', 'need title', 'departments', 'need priority', 'need state', 'requirement', 'requirement title', 'requirement priority', 'requirement state', 'clause', 'clause title', 'response', 'weighting', 'file'];

/** The trace matrix, one row per need → requirement → clause path (RFC 4180). */
export function renderCsv(coverage: Coverage, context: ReportContext): string {
  const rows: string[][] = [HEADER];
  const emit = (need: TraceRow['need'] | undefined, trace: RequirementTrace | undefined): void => {
    const needCells = need ? [need.id, need.title, need.departments.join(' '), need.priority ?? '', need.state] : ['', '', '', '', ''];
    if (!trace) {
      rows.push([...needCells, '', '', '', '', '', '', '', '', need ? context.pathOf(need.uri) : '']);
      return;
    }
    const r = trace.requirement;
    const requirementCells = [r.id, r.title, r.priority ?? '', r.state];
    if (trace.clauses.length === 0) rows.push([...needCells, ...requirementCells, '', '', '', '', context.pathOf(r.uri)]);
    for (const clause of trace.clauses) {
      rows.push([...needCells, ...requirementCells, clause.id, clause.title, clause.response ?? '', clause.weighting === undefined ? '' : String(clause.weighting), context.pathOf(clause.uri)]);
    }
  };
  for (const row of coverage.matrix) {
    if (row.requirements.length === 0) emit(row.need, undefined);
    for (const trace of row.requirements) emit(row.need, trace);
  }
  for (const trace of coverage.requirementsWithoutNeed) emit(undefined, trace);
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(value: string): string {
  // A cell starting with = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
