import type { Coverage, ItemRef } from './coverage';
import { chartTable, departmentChart, priorityChart, statusChart, type Chart } from './charts';
import { askedSummary, departmentLists, departmentSummary, encodePath, headline, NEED_STATE_WORDS, provenanceLines, reportAbout, reportVerdict, REQUIREMENT_STATE_WORDS, type ReportContext } from './context';
import { verdictBasis, verdictTitle } from './verdict';
import type { TextExporter } from './exporter';
import { countsCells } from './tables';
import { PRIORITY_WORD } from '../model';

export const coverageMarkdown: TextExporter<'coverage' | 'findings'> = {
  name: 'coverage-md',
  format: 'md',
  kind: 'coverage',
  summary: 'the coverage report as Markdown',
  extension: 'md',
  mediaType: 'text/markdown; charset=utf-8',
  needs: ['coverage', 'findings'],
  options: [],
  relativeTo: 'output',
  recordsGit: true,
  writes: 'text',
  render: ({ coverage, findings }, context) => renderMarkdown(coverage, { title: context.title, pathOf: context.pathOf, verdict: reportVerdict(coverage, findings, context), about: reportAbout(context) }),
};

/** The coverage report as Markdown: totals, gaps first, tables per department and priority, then the trace matrix. */
export function renderMarkdown(coverage: Coverage, context: ReportContext): string {
  const out: string[] = [];
  const link = (ref: ItemRef): string => `[${md(ref.id)}](${encodePath(context.pathOf(ref.uri))}#L${ref.line})`;
  const labelled = (ref: ItemRef): string => `${link(ref)} ${md(ref.title)}`.trim();
  out.push(`# Coverage report: ${md(context.title)}`, '');
  if (context.about) out.push(provenanceLines(context.about).map((line) => `**${md(line.label)}:** ${md(line.value)}`).join('  \n'), '');
  const { verdict } = context;
  if (verdict) {
    out.push(`## Verdict: ${verdictTitle(verdict)}`, '', verdictBasis(verdict), '');
    for (const line of verdict.blocking) out.push(`- **${line.count}** ${md(line.what)}`);
    if (verdict.blocking.length > 0) out.push('');
    if (verdict.warnings.length > 0) out.push(`Warnings, which do not block issue: ${verdict.warnings.map((line) => `${line.count} ${md(line.what)}`).join('; ')}.`, '');
  }
  out.push('| | |', '|---|---|');
  for (const line of headline(coverage, context.pathOf)) out.push(`| ${md(line.label)} | ${line.value} |`);
  out.push('');

  const { asked } = coverage;
  // The HTML report's charts, as their figures: a table each.
  const chart = (figure: Chart): void => {
    const { head, rows } = chartTable(figure);
    out.push(`**${md(figure.title)}.** ${md(figure.description)}`, '', `| ${head.map(md).join(' | ')} |`, `|---|${head.slice(1).map(() => '---:').join('|')}|`);
    for (const row of rows) out.push(`| ${row.map(md).join(' | ')} |`);
    out.push('');
  };
  out.push('## What is asked of bidders', '', askedSummary(asked), '');
  if (asked.agreed + asked.proposed + asked.draft > 0) chart(statusChart(coverage));
  if (asked.notAgreed.length > 0) {
    out.push(`### Asked of bidders but not agreed (${asked.notAgreed.length})`, '');
    for (const requirement of asked.notAgreed) out.push(`- ${labelled(requirement)} — ${requirement.status}; asked by ${md(requirement.clauses.join(', '))}`);
    out.push('');
  }

  const { gaps } = coverage;
  out.push('## Gaps', '');
  const gapList = (heading: string, refs: readonly ItemRef[], extra?: (ref: ItemRef) => string): void => {
    out.push(`### ${heading} (${refs.length})`, '');
    if (refs.length === 0) out.push('None.');
    for (const ref of refs) out.push(`- ${labelled(ref)}${extra ? extra(ref) : ''}`);
    out.push('');
  };
  gapList('Needs no requirement satisfies', gaps.uncoveredNeeds);
  gapList('Needs covered but not asked of bidders (no ITT clause)', gaps.needsNotTraced);
  gapList('Requirements no ITT clause covers', gaps.uncoveredRequirements, (ref) => {
    const priority = (ref as { priority?: string }).priority;
    return priority ? ` — ${md(priority)}` : '';
  });
  gapList('Requirements waived', gaps.waivedRequirements, (ref) => ` — ${md((ref as { reason?: string }).reason ?? '')}`);
  gapList('Clauses that cover no live requirement', gaps.emptyClauses);

  const countTable = (first: string, rows: readonly { key: string; counts: Parameters<typeof countsCells>[0] }[]): void => {
    out.push(`| ${first} | Needs | Covered | Traced end to end | Not covered | Requirements | Covered | Waived | Not covered |`);
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const row of rows) out.push(`| ${md(row.key)} | ${countsCells(row.counts).join(' | ')} |`);
    out.push('');
  };
  out.push('## By priority', '');
  if (coverage.byPriority.some((p) => p.requirements.total > 0)) chart(priorityChart(coverage));
  countTable('Priority', coverage.byPriority.map((p) => ({ key: PRIORITY_WORD[p.priority] ?? p.priority, counts: p })));
  out.push('## By department', '');
  if (coverage.byDepartment.length > 0) chart(departmentChart(coverage));
  countTable('Department', coverage.byDepartment.map((d) => ({ key: d.department, counts: d })));

  out.push('## Gaps by department', '');
  if (coverage.byDepartment.length === 0) out.push('No user need or requirement yet.', '');
  for (const department of coverage.byDepartment) {
    out.push(`### ${md(department.department)}`, '', md(departmentSummary(department)), '');
    for (const list of departmentLists(department)) {
      out.push(`#### ${md(list.heading)}`, '');
      for (const ref of list.refs) out.push(`- ${labelled(ref)}${ref.priority ? ` — ${md(ref.priority)}` : ''}`);
      out.push('');
    }
  }

  out.push('## Trace matrix', '', '| Need | State | Requirement | State | ITT clauses |', '|---|---|---|---|---|');
  for (const row of coverage.matrix) {
    const need = `${labelled(row.need)}`;
    if (row.requirements.length === 0) out.push(`| ${need} | ${NEED_STATE_WORDS[row.need.state]} | — | | |`);
    row.requirements.forEach((trace, i) => {
      const clauses = trace.clauses.map(link).join(', ') || '—';
      out.push(`| ${i === 0 ? need : ''} | ${i === 0 ? NEED_STATE_WORDS[row.need.state] : ''} | ${labelled(trace.requirement)} | ${REQUIREMENT_STATE_WORDS[trace.requirement.state]} | ${clauses} |`);
    });
  }
  if (coverage.requirementsWithoutNeed.length > 0) {
    out.push('', '### Requirements that satisfy no need directly', '', '| Requirement | State | ITT clauses |', '|---|---|---|');
    for (const trace of coverage.requirementsWithoutNeed) {
      out.push(`| ${labelled(trace.requirement)} | ${REQUIREMENT_STATE_WORDS[trace.requirement.state]} | ${trace.clauses.map(link).join(', ') || '—'} |`);
    }
  }
  out.push('');
  return out.join('\n');
}

/** Escapes user text so that Markdown and embedded HTML show it literally. */
export function md(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]|]/g, (ch) => `\\${ch}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;');
}
