import { describe, expect, it } from 'vitest';
import { computeCoverage } from '../../server/src/core/report/coverage';
import { chartFigure, chartSvg, chartTable, departmentChart, priorityChart, statusChart, type Chart } from '../../server/src/core/report/charts';
import { renderReport } from './renderReport';
import { REQ, workspace } from './fixture';

const need = (id: string, departments: string): string => `  - id: ${id}\n    title: Need ${id}\n    as: a clerk\n    need: I need to\n    so-that: x\n    departments: [${departments}]\n    priority: must\n`;
const req = (id: string, satisfies: string, extra = ''): string => `  - id: ${id}\n    ${REQ}\n    satisfies: [${satisfies}]\n${extra}`;
const clause = (id: string, covers: string): string => `  - id: ${id}\n    title: Clause ${id}\n    text: Describe.\n    response: pass-fail\n    covers: [${covers}]\n`;

// HO: UN-1 traced, UN-2 met but not asked (REQ-2 no clause), UN-3 not met. DWP: UN-4 traced.
// Asked of bidders: REQ-1 agreed, REQ-4 proposed. REQ-W waived (a could).
const ws = workspace({
  'n.needs.yaml': `kind: needs\nitems:\n${need('UN-1', 'HO')}${need('UN-2', 'HO')}${need('UN-3', '"<HO & co>"')}${need('UN-4', 'DWP')}`,
  'r.reqs.yaml': `kind: requirements\nitems:\n${req('REQ-1', 'UN-1', '    status: agreed\n')}${req('REQ-2', 'UN-2')}${req('REQ-4', 'UN-4', '    status: proposed\n')}${req('REQ-W', 'UN-4', '    waiver: { reason: Framework }\n').replace('priority: must', 'priority: could')}`,
  'c.itt.yaml': `kind: itt\nitems:\n${clause('ITT-1', 'REQ-1, REQ-4')}`,
});
const coverage = computeCoverage(ws.index);
const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#000000'];

describe('the report charts', () => {
  it('work out their figures from the coverage model', () => {
    expect(chartTable(departmentChart(coverage))).toEqual({
      head: ['Department', 'Needs', 'Traced end to end', 'Met, not asked of bidders', 'Not met'],
      rows: [
        ['<HO & co>', '1', '0', '0', '1'],
        ['DWP', '1', '1', '0', '0'],
        ['HO', '2', '1', '1', '0'],
      ],
    });
    expect(chartTable(priorityChart(coverage))).toEqual({
      head: ['Priority', 'Requirements', 'Asked of bidders', 'Waived', 'Not asked, not waived'],
      rows: [
        ['Must', '3', '2', '0', '1'],
        ['Could', '1', '0', '1', '0'],
      ],
    });
    expect(priorityChart(coverage).rows.map((row) => row.summary)).toEqual(['2 of 3 asked of bidders (66.7%)', '1 waived, none left to ask']);
    expect(chartTable(statusChart(coverage))).toEqual({ head: ['Status', 'Requirements'], rows: [['Agreed', '1 (50%)'], ['Proposed', '1 (50%)'], ['Draft', '0 (0%)']] });
  });

  it('tell series apart by an Okabe–Ito colour and a pattern of their own, never by colour alone', () => {
    for (const chart of [departmentChart(coverage), priorityChart(coverage), statusChart(coverage)]) {
      expect(chart.series.every((series) => OKABE_ITO.includes(series.colour)), chart.id).toBe(true);
      expect(new Set(chart.series.map((series) => series.colour)).size, chart.id).toBe(chart.series.length);
      expect(new Set(chart.series.map((series) => series.pattern)).size, chart.id).toBe(chart.series.length);
      // The legend names every series beside its swatch, in the picture too.
      const svg = chartSvg(chart);
      for (const series of chart.series) expect(svg, series.name).toContain(`>${series.name}</text>`);
    }
  });

  it('draw an SVG named and described for assistive technology, bars in proportion, text in the page colour', () => {
    const chart = departmentChart(coverage);
    const svg = chartSvg(chart);
    expect(svg).toMatch(/^<svg class="chart-svg" role="img" viewBox="0 0 420 \d+" width="420" height="\d+" aria-labelledby="chart-departments-title" aria-describedby="chart-departments-desc">/);
    expect(svg).toContain('<title id="chart-departments-title">User needs by department</title>');
    expect(svg).toContain('<desc id="chart-departments-desc">Each department&#39;s user needs');
    // HO: its label and summary over its bar: one traced (solid green, half the bar), one met but not asked (hatched, the other half).
    expect(svg).toMatch(/<text x="1" y="(\d+)"><tspan class="chart-label">HO<\/tspan> — 1 of 2 traced end to end \(50%\)<\/text><rect x="1" y="\d+" width="209" height="16" fill="#009E73" stroke="currentColor"\/><rect x="210" y="\d+" width="209" height="16" fill="url\(#chart-departments-p1\)" stroke="currentColor"\/>/);
    expect(svg).toContain('<pattern id="chart-departments-p1" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#E69F00"/><path');
    // User text is escaped; nothing but the SVG's own elements.
    expect(svg).toContain('<tspan class="chart-label">&lt;HO &amp; co&gt;</tspan>');
    expect(svg).not.toMatch(/<(script|foreignObject|image|a)\b/);
    expect(svg).not.toMatch(/\bon\w+=/);
  });

  it('sit in a figure with their figures in a table beside the picture', () => {
    const figure = chartFigure(statusChart(coverage));
    expect(figure).toMatch(/^<figure class="chart" id="chart-status"><figcaption>Requirements asked of bidders, by status<\/figcaption><div class="chart-body"><svg [^]*<\/svg><table class="chart-data">/);
    expect(figure).toContain('<tr><th scope="row">Proposed</th><td>1 (50%)</td></tr>');
  });

  it('appear in the html report in their sections, and in markdown as tables, never as pictures', () => {
    const context = { title: 'Charts', pathOf: (uri: string) => uri.replace('file:///ws/', '') };
    const html = renderReport('html', coverage, context);
    const order = ['id="asked"', 'id="chart-status"', 'id="by-priority"', 'id="chart-priorities"', 'id="by-department"', 'id="chart-departments"', 'id="department-gaps"'].map((mark) => html.indexOf(mark));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] ?? 0)))).toBe(true);
    const md = renderReport('md', coverage, context);
    expect(md).not.toContain('<svg');
    expect(md).toContain('**User needs by department.** Each department');
    expect(md).toContain('| \\<HO &amp; co> | 1 | 0 | 0 | 1 |'.replace('\\<', '&lt;'));
    expect(md).toContain('| Proposed | 1 (50%) |');
  });

  it('cut a long label short in the picture, leaving its summary room, and give it whole in the table', () => {
    const long = 'Department for Levelling Up, Housing and Communities and its agencies';
    const chart = { ...departmentChart(coverage), rows: [{ label: long, values: [1, 0, 0], summary: '1 of 1 traced end to end (100%)' }] };
    const svg = chartSvg(chart);
    expect(svg).toContain('<tspan class="chart-label">Department for Levelling…</tspan> — 1 of 1 traced end to end (100%)</text>');
    expect(chartFigure(chart)).toContain(`<th scope="row">${long}</th>`);
  });

  it('leave out a chart with nothing to show', () => {
    const empty = computeCoverage(workspace({}).index);
    const html = renderReport('html', empty, { title: 'Empty', pathOf: (uri: string) => uri });
    expect(html).not.toContain('<svg');
    const none: Chart = { ...statusChart(empty) };
    // Drawn anyway, a chart of zeros has no bar and says so in words.
    expect(chartSvg(none).match(/<rect x=/g)).toHaveLength(3); // the legend's swatches only
    expect(chartSvg(none)).toContain('<tspan class="chart-label">Draft</tspan> — 0 (0%)</text>');
  });
});
