import type { Coverage, ItemRef } from './coverage';
import { chartFigure, departmentChart, priorityChart, statusChart } from './charts';
import { askedSummary, departmentLists, departmentSummary, encodePath, headline, NEED_STATE_WORDS, provenanceLines, reportAbout, reportVerdict, REQUIREMENT_STATE_WORDS, type ReportContext } from './context';
import { verdictBasis, verdictTitle } from './verdict';
import type { TextExporter } from './exporter';
import { countsCells } from './tables';
import { esc } from './escape';
import { PRIORITY_WORD } from '../model';

export { esc };

export const coverageHtml: TextExporter<'coverage' | 'findings'> = {
  name: 'coverage-html',
  format: 'html',
  kind: 'coverage',
  summary: 'the coverage report as one self-contained HTML file',
  extension: 'html',
  mediaType: 'text/html; charset=utf-8',
  needs: ['coverage', 'findings'],
  options: [{ name: 'webview-nonce', type: 'string', summary: 'lets one script post "open this item" to an editor webview', commandLine: false }],
  relativeTo: 'output',
  recordsGit: true,
  writes: 'text',
  render({ coverage, findings }, context, options) {
    const nonce = options['webview-nonce'];
    const verdict = reportVerdict(coverage, findings, context);
    return renderHtml(coverage, { title: context.title, pathOf: context.pathOf, verdict, about: reportAbout(context), ...(typeof nonce === 'string' ? { webviewNonce: nonce } : {}) });
  },
};

/**
 * The coverage report as one self-contained HTML file: no scripts, no remote loads, and every piece
 * of user text escaped. Each id carries data-uri and data-line so an editor can open the item.
 */
export function renderHtml(coverage: Coverage, context: ReportContext): string {
  const link = (ref: ItemRef): string => {
    const path = context.pathOf(ref.uri);
    return `<a class="id" href="${esc(encodePath(path))}#L${ref.line}" data-uri="${esc(ref.uri)}" data-line="${ref.line}">${esc(ref.id)}</a>`;
  };
  const labelled = (ref: ItemRef): string => `${link(ref)} <span class="title">${esc(ref.title)}</span>`;
  const nonce = context.webviewNonce && /^[A-Za-z0-9+/=]+$/.test(context.webviewNonce) ? context.webviewNonce : undefined;
  const parts: string[] = ['<main>'];
  parts.push(`<h1>Coverage report: ${esc(context.title)}</h1>`);
  if (context.about) parts.push(`<dl class="provenance">${provenanceLines(context.about).map((line) => `<dt>${esc(line.label)}</dt><dd>${esc(line.value)}</dd>`).join('')}</dl>`);
  const { verdict } = context;
  // Contents: every section below, by its anchor.
  const sections: [string, string][] = [
    ...(verdict ? ([['verdict', 'Verdict']] as [string, string][]) : []),
    ['totals', 'Totals'],
    ['asked', 'What is asked of bidders'],
    ['gaps', 'Gaps'],
    ['by-priority', 'By priority'],
    ['by-department', 'By department'],
    ['department-gaps', 'Gaps by department'],
    ['trace-matrix', 'Trace matrix'],
  ];
  parts.push(`<nav aria-label="Contents" class="contents"><h2 id="contents">Contents</h2><ol>${sections.map(([id, name]) => `<li><a href="#${id}">${name}</a></li>`).join('')}</ol></nav>`);
  if (verdict) {
    // In words and colour: the heading says it, the border and the mark only repeat it.
    parts.push(`<section class="verdict ${verdict.ready ? 'ready' : 'not-ready'}" aria-labelledby="verdict"><h2 id="verdict"><span aria-hidden="true">${verdict.ready ? '✓' : '✗'}</span> Verdict: ${verdictTitle(verdict)}</h2><p>${esc(verdictBasis(verdict))}</p>`);
    if (verdict.blocking.length > 0) parts.push(`<ul class="blocking">${verdict.blocking.map((line) => `<li><strong>${line.count}</strong> ${esc(line.what)}</li>`).join('')}</ul>`);
    if (verdict.warnings.length > 0) parts.push(`<p class="warnings">Warnings, which do not block issue: ${verdict.warnings.map((line) => `${line.count} ${esc(line.what)}`).join('; ')}.</p>`);
    parts.push('</section>');
  }
  parts.push('<h2 id="totals">Totals</h2><table class="summary"><tbody>');
  for (const line of headline(coverage, context.pathOf)) parts.push(`<tr><th scope="row">${esc(line.label)}</th><td>${esc(line.value)}</td></tr>`);
  parts.push('</tbody></table>');

  const { asked } = coverage;
  parts.push(`<h2 id="asked">What is asked of bidders</h2><p>${esc(askedSummary(asked))}</p>`);
  if (asked.agreed + asked.proposed + asked.draft > 0) parts.push(chartFigure(statusChart(coverage)));
  if (asked.notAgreed.length > 0) {
    parts.push(`<h3>Asked of bidders but not agreed (${asked.notAgreed.length})</h3><ul>`);
    for (const requirement of asked.notAgreed) parts.push(`<li>${labelled(requirement)} — <span class="status">${esc(requirement.status)}</span>; asked by ${esc(requirement.clauses.join(', '))}</li>`);
    parts.push('</ul>');
  }

  const { gaps } = coverage;
  parts.push('<h2 id="gaps">Gaps</h2>');
  const gapList = (heading: string, refs: readonly ItemRef[], extra?: (ref: ItemRef) => string): void => {
    parts.push(`<h3>${esc(heading)} (${refs.length})</h3>`);
    if (refs.length === 0) parts.push('<p class="none">None.</p>');
    else parts.push(`<ul>${refs.map((ref) => `<li>${labelled(ref)}${extra ? extra(ref) : ''}</li>`).join('')}</ul>`);
  };
  gapList('Needs no requirement satisfies', gaps.uncoveredNeeds);
  gapList('Needs covered but not asked of bidders (no ITT clause)', gaps.needsNotTraced);
  gapList('Requirements no ITT clause covers', gaps.uncoveredRequirements, (ref) => {
    const priority = (ref as { priority?: string }).priority;
    return priority ? ` <span class="priority">${esc(priority)}</span>` : '';
  });
  gapList('Requirements waived', gaps.waivedRequirements, (ref) => ` — <q>${esc((ref as { reason?: string }).reason ?? '')}</q>`);
  gapList('Clauses that cover no live requirement', gaps.emptyClauses);

  // Each row's heading may link to more about it (a department to its drill-down).
  const countTable = (first: string, rows: readonly { key: string; href?: string; counts: Parameters<typeof countsCells>[0] }[]): void => {
    parts.push(`<table><thead><tr><th scope="col">${esc(first)}</th><th scope="col">Needs</th><th scope="col">Covered</th><th scope="col">Traced end to end</th><th scope="col">Not covered</th><th scope="col">Requirements</th><th scope="col">Covered</th><th scope="col">Waived</th><th scope="col">Not covered</th></tr></thead><tbody>`);
    for (const row of rows) {
      const key = row.href ? `<a href="${row.href}">${esc(row.key)}</a>` : esc(row.key);
      parts.push(`<tr><th scope="row">${key}</th>${countsCells(row.counts).map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`);
    }
    parts.push('</tbody></table>');
  };
  parts.push('<h2 id="by-priority">By priority</h2>');
  if (coverage.byPriority.some((p) => p.requirements.total > 0)) parts.push(chartFigure(priorityChart(coverage)));
  countTable('Priority', coverage.byPriority.map((p) => ({ key: PRIORITY_WORD[p.priority] ?? p.priority, counts: p })));
  parts.push('<h2 id="by-department">By department</h2>');
  if (coverage.byDepartment.length > 0) parts.push(chartFigure(departmentChart(coverage)));
  countTable('Department', coverage.byDepartment.map((d, i) => ({ key: d.department, href: `#department-${i + 1}`, counts: d })));

  // Each department's own gaps, by name, to take to its lead.
  parts.push('<h2 id="department-gaps">Gaps by department</h2>');
  if (coverage.byDepartment.length === 0) parts.push('<p class="none">No user need or requirement yet.</p>');
  coverage.byDepartment.forEach((department, i) => {
    parts.push(`<h3 id="department-${i + 1}">${esc(department.department)}</h3><p>${esc(departmentSummary(department))}</p>`);
    for (const list of departmentLists(department)) {
      parts.push(`<h4>${esc(list.heading)}</h4><ul>${list.refs.map((ref) => `<li>${labelled(ref)}${ref.priority ? ` <span class="priority">${esc(ref.priority)}</span>` : ''}</li>`).join('')}</ul>`);
    }
  });

  parts.push('<h2 id="trace-matrix">Trace matrix</h2><table class="matrix"><thead><tr><th>Need</th><th>State</th><th>Requirement</th><th>State</th><th>ITT clauses</th></tr></thead><tbody>');
  for (const row of coverage.matrix) {
    const span = Math.max(1, row.requirements.length);
    const needCells = `<td rowspan="${span}">${labelled(row.need)}</td><td rowspan="${span}" class="${row.need.state}">${esc(NEED_STATE_WORDS[row.need.state])}</td>`;
    if (row.requirements.length === 0) parts.push(`<tr>${needCells}<td>—</td><td></td><td></td></tr>`);
    row.requirements.forEach((trace, i) => {
      const clauses = trace.clauses.map(link).join(', ') || '—';
      parts.push(`<tr>${i === 0 ? needCells : ''}<td>${labelled(trace.requirement)}</td><td class="${trace.requirement.state}">${esc(REQUIREMENT_STATE_WORDS[trace.requirement.state])}</td><td>${clauses}</td></tr>`);
    });
  }
  parts.push('</tbody></table>');
  if (coverage.requirementsWithoutNeed.length > 0) {
    parts.push('<h3>Requirements that satisfy no need directly</h3><table><thead><tr><th>Requirement</th><th>State</th><th>ITT clauses</th></tr></thead><tbody>');
    for (const trace of coverage.requirementsWithoutNeed) {
      parts.push(`<tr><td>${labelled(trace.requirement)}</td><td class="${trace.requirement.state}">${esc(REQUIREMENT_STATE_WORDS[trace.requirement.state])}</td><td>${trace.clauses.map(link).join(', ') || '—'}</td></tr>`);
    }
    parts.push('</tbody></table>');
  }
  parts.push('</main>');
  return htmlPage({ title: `Coverage report: ${context.title}`, style: STYLE, body: parts, nonce, script: WEBVIEW_SCRIPT });
}

/**
 * A whole page: one stylesheet, the body's parts, and (with a nonce, in a webview) one script, under
 * a policy that loads nothing else. The coverage report's and the diff's pages share it.
 */
export function htmlPage({ title, style, body, nonce, script }: { readonly title: string; readonly style: string; readonly body: readonly string[]; readonly nonce: string | undefined; readonly script: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:${nonce ? `; script-src 'nonce-${nonce}'` : ''}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${style}</style>
</head>
<body>
${body.join('\n')}
${nonce ? `<script nonce="${nonce}">${script}</script>` : ''}
</body>
</html>
`;
}

/**
 * In a webview only: clicking an id asks the editor to open the item; nothing else is sent. The
 * page keeps where it was scrolled to in the webview's state, so the report refreshed after an edit
 * opens where the reader was.
 */
const WEBVIEW_SCRIPT = `(function () {
  var vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
  var kept = vscode && vscode.getState();
  if (kept && typeof kept.scrollY === 'number') window.scrollTo(0, kept.scrollY);
  var pending = false;
  window.addEventListener('scroll', function () {
    if (!vscode || pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      vscode.setState({ scrollY: window.scrollY });
    });
  });
  document.addEventListener('click', function (event) {
    var link = event.target instanceof Element ? event.target.closest('a.id') : null;
    if (!link || !vscode) return;
    event.preventDefault();
    vscode.postMessage({ type: 'open', uri: link.getAttribute('data-uri'), line: Number(link.getAttribute('data-line')) });
  });
})();`;

/**
 * The page's colours, light and dark. The file follows the reader's system setting; in an editor's
 * webview the body's theme class decides (the editor's theme, whatever the system says), and the
 * editor's own background and link colours are used. Each text colour has at least 4.5:1 contrast
 * on its background.
 */
const LIGHT = '--fg: #1b1b1b; --bg: #fff; --muted: #454f54; --rule: #b1b4b6; --head: #f3f3f3; --link: #1d5fa8; --ok: #00703c; --bad: #b7271a; --waived: #6f4e00;';
const DARK = '--fg: #e3e3e3; --bg: #1e1e1e; --muted: #b8bcbe; --rule: #5c6266; --head: #2b2b2b; --link: #7cbcff; --ok: #5fcf95; --bad: #ff8a7a; --waived: #e7b95a;';

const STYLE = `
:root { color-scheme: light dark; ${LIGHT} }
@media (prefers-color-scheme: dark) { :root { ${DARK} } }
body.vscode-light, body.vscode-high-contrast-light { ${LIGHT} }
body.vscode-dark, body.vscode-high-contrast:not(.vscode-high-contrast-light) { ${DARK} }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem; color: var(--fg); background: var(--vscode-editor-background, var(--bg)); }
a { color: var(--vscode-textLink-foreground, var(--link)); }
a:focus-visible { outline: 3px solid transparent; color: #0b0c0c; background: #fd0; box-shadow: 0 -2px #fd0, 0 4px #0b0c0c; text-decoration: none; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 1px solid var(--rule); } h3 { font-size: 1.15rem; margin-top: 1.5rem; } h4 { font-size: .95rem; margin: .75rem 0 .25rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; } th, td { border: 1px solid var(--rule); padding: .25rem .5rem; text-align: left; vertical-align: top; }
thead th { background: var(--head); } td { font-variant-numeric: tabular-nums; }
a.id { font-family: ui-monospace, Menlo, Consolas, monospace; white-space: nowrap; }
.traced, .covered { color: var(--ok); } .uncovered { color: var(--bad); font-weight: 600; } .waived { color: var(--waived); }
.priority { font-size: .85em; padding: 0 .3em; border: 1px solid var(--rule); border-radius: 3px; }
.contents ol { margin: .25rem 0 1rem; padding-left: 1.5rem; columns: 2; max-width: 30rem; } .contents li { padding: .15rem 0; } .contents h2 { font-size: 1.1rem; border: 0; margin: .5rem 0 0; }
.provenance { display: grid; grid-template-columns: max-content auto; gap: .1rem 1rem; margin: 0 0 1rem; color: var(--muted); }
.provenance dt { font-weight: 600; } .provenance dd { margin: 0; }
.verdict { border: 1px solid var(--rule); border-left: 8px solid; padding: .25rem 1rem .5rem; margin: 1rem 0 1.5rem; max-width: 60rem; }
.verdict h2 { border: 0; margin: .5rem 0; } .verdict.ready { border-left-color: var(--ok); } .verdict.not-ready { border-left-color: var(--bad); }
.verdict.ready h2 { color: var(--ok); } .verdict.not-ready h2 { color: var(--bad); } .verdict .warnings { color: var(--muted); }
.chart { margin: .75rem 0 1.25rem; } .chart figcaption { font-weight: 600; margin-bottom: .25rem; }
.chart-body { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: flex-start; }
.chart-svg { flex: 0 1 420px; width: 420px; max-width: 100%; height: auto; font-size: 13px; fill: currentColor; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.chart-svg text { fill: currentColor; } .chart-svg .chart-label { font-weight: 600; }
.chart-data { margin: 0; font-size: .9em; }
@media print {
  @page { size: A4; margin: 15mm 12mm; }
  :root, body { ${LIGHT} }
  body { margin: 0; font-size: 10pt; background: #fff; } .contents { display: none; }
  thead { display: table-header-group; } tr, li, figure { break-inside: avoid; } h2, h3, h4 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

