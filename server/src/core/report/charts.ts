/**
 * The coverage report's charts: what each one shows (a Chart, worked out from the coverage model),
 * drawn as inline SVG for the HTML report and written as a table for every format, so that no figure
 * is only in a picture. Colours are the Okabe–Ito palette, which colour-blind readers can tell
 * apart, and each series has a pattern of its own too (solid, hatched, crossed, dotted), so the bars
 * still read in greyscale print. Text and outlines take the page's text colour, light or dark.
 */
import { percent, type Coverage } from './coverage';
import { esc } from './escape';
import { PRIORITY_WORD } from '../model';

export interface ChartSeries {
  readonly name: string;
  readonly colour: string;
  readonly pattern: 'solid' | 'hatch' | 'cross' | 'dots';
}

export interface ChartRow {
  readonly label: string;
  /** One value per series. */
  readonly values: readonly number[];
  /** Beside the bar, in words: "40 of 42 traced end to end (95.2%)". */
  readonly summary: string;
}

export interface Chart {
  /** Unique in the page: the prefix of the SVG's ids. */
  readonly id: string;
  readonly title: string;
  /** What the bars show, for a reader who cannot see them. */
  readonly description: string;
  /** The heading of the table's first column ("Department"). */
  readonly first: string;
  /** What is counted ("Needs"). */
  readonly unit: string;
  readonly series: readonly ChartSeries[];
  readonly rows: readonly ChartRow[];
  /**
   * 'share': each bar is one row's whole, split by series (its values add up to its total).
   * 'count': each row is one series, its bar as long as its count against the largest.
   */
  readonly scale: 'share' | 'count';
}

// Okabe–Ito colours.
const GREEN = '#009E73';
const ORANGE = '#E69F00';
const VERMILLION = '#D55E00';
const SKY = '#56B4E9';
const BLUE = '#0072B2';
const PURPLE = '#CC79A7';

/** Needs by department: traced end to end, met but not asked of bidders, not met. */
export function departmentChart(coverage: Coverage): Chart {
  return {
    id: 'chart-departments',
    title: 'User needs by department',
    description: "Each department's user needs: the share traced end to end, met by a requirement but not asked of bidders, and met by no requirement.",
    first: 'Department',
    unit: 'Needs',
    scale: 'share',
    series: [
      { name: 'Traced end to end', colour: GREEN, pattern: 'solid' },
      { name: 'Met, not asked of bidders', colour: ORANGE, pattern: 'hatch' },
      { name: 'Not met', colour: VERMILLION, pattern: 'cross' },
    ],
    rows: coverage.byDepartment.map(({ department, needs }) => ({
      label: department,
      values: [needs.traced, needs.covered - needs.traced, needs.uncovered],
      summary: needs.total === 0 ? 'no user needs' : `${needs.traced} of ${needs.total} traced end to end (${percent(needs.traced, needs.total)}%)`,
    })),
  };
}

/** Requirements by MoSCoW priority: asked of bidders, waived, neither. */
export function priorityChart(coverage: Coverage): Chart {
  return {
    id: 'chart-priorities',
    title: 'Requirements by priority (MoSCoW)',
    description: "Each priority's live requirements: the share asked of bidders (an ITT clause covers it), waived, and neither asked nor waived.",
    first: 'Priority',
    unit: 'Requirements',
    scale: 'share',
    series: [
      { name: 'Asked of bidders', colour: GREEN, pattern: 'solid' },
      { name: 'Waived', colour: SKY, pattern: 'dots' },
      { name: 'Not asked, not waived', colour: VERMILLION, pattern: 'cross' },
    ],
    rows: coverage.byPriority
      .filter(({ requirements }) => requirements.total > 0)
      .map(({ priority, requirements }) => ({
        label: PRIORITY_WORD[priority] ?? priority,
        values: [requirements.covered, requirements.waived, requirements.uncovered],
        // As the report counts elsewhere: waived requirements are left out of the share asked.
        summary:
          requirements.covered + requirements.uncovered === 0
            ? `${requirements.waived} waived, none left to ask`
            : `${requirements.covered} of ${requirements.covered + requirements.uncovered} asked of bidders (${percent(requirements.covered, requirements.covered + requirements.uncovered)}%)${requirements.waived > 0 ? `, ${requirements.waived} waived` : ''}`,
      })),
  };
}

/** What is asked of bidders, by status: agreed, proposed, draft. */
export function statusChart(coverage: Coverage): Chart {
  const { agreed, proposed, draft } = coverage.asked;
  const total = agreed + proposed + draft;
  const row = (label: string, count: number, at: number): ChartRow => ({
    label,
    values: [0, 0, 0].map((_, i) => (i === at ? count : 0)),
    summary: `${count} (${total === 0 ? 0 : percent(count, total)}%)`,
  });
  return {
    id: 'chart-status',
    title: 'Requirements asked of bidders, by status',
    description: 'The requirements a live ITT clause asks bidders for, counted by status: agreed, proposed and draft. Those not agreed may still change after bidders have answered.',
    first: 'Status',
    unit: 'Requirements',
    scale: 'count',
    series: [
      { name: 'Agreed', colour: BLUE, pattern: 'solid' },
      { name: 'Proposed', colour: ORANGE, pattern: 'hatch' },
      { name: 'Draft', colour: PURPLE, pattern: 'dots' },
    ],
    rows: [row('Agreed', agreed, 0), row('Proposed', proposed, 1), row('Draft', draft, 2)],
  };
}

/**
 * The chart's figures as a table, the same in every format: a header row, then a row per bar with
 * its total and each series' count (for a 'count' chart, its count and share).
 */
export function chartTable(chart: Chart): { head: string[]; rows: string[][] } {
  if (chart.scale === 'count') {
    return { head: [chart.first, chart.unit], rows: chart.rows.map((row) => [row.label, row.summary]) };
  }
  return {
    head: [chart.first, chart.unit, ...chart.series.map((series) => series.name)],
    rows: chart.rows.map((row) => [row.label, String(row.values.reduce((sum, value) => sum + value, 0)), ...row.values.map(String)]),
  };
}

/** The chart in the HTML report: a figure with its caption, the SVG, and its figures in a table beside it. */
export function chartFigure(chart: Chart): string {
  const table = chartTable(chart);
  const head = table.head.map((cell) => `<th scope="col">${esc(cell)}</th>`).join('');
  const rows = table.rows.map(([label = '', ...cells]) => `<tr><th scope="row">${esc(label)}</th>${cells.map((cell) => `<td>${esc(cell)}</td>`).join('')}</tr>`).join('');
  return `<figure class="chart" id="${chart.id}"><figcaption>${esc(chart.title)}</figcaption><div class="chart-body">${chartSvg(chart)}<table class="chart-data"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div></figure>`;
}

// Layout, in the SVG's own units: narrow enough to fit an editor's side panel unscaled, so its
// text stays as large as the page's. Text widths are estimated (the names in the legend are fixed
// words; user text is cut short), at 7 units a character.
const WIDTH = 420;
const CHAR = 7;
const ROW = 42;
const LEGEND_ROW = 22;

/**
 * The chart as an inline SVG: named and described for assistive technology (role img, title,
 * desc), a legend with each series' swatch and name, and per row its label and summary in words
 * over its bar. Only user text from the model is escaped in; the rest is fixed.
 */
export function chartSvg(chart: Chart): string {
  const id = chart.id;
  const fill = (index: number): string => {
    const series = chart.series[index];
    return series === undefined ? 'none' : series.pattern === 'solid' ? series.colour : `url(#${id}-p${index})`;
  };
  // Legend: swatches along the top, on as many lines as they need.
  const legend: string[] = [];
  let x = 1;
  let y = 4;
  chart.series.forEach((series, i) => {
    const width = 22 + series.name.length * CHAR;
    if (x > 1 && x + width > WIDTH) {
      x = 1;
      y += LEGEND_ROW;
    }
    legend.push(`<rect x="${x}" y="${y}" width="16" height="16" fill="${fill(i)}" stroke="currentColor"/><text x="${x + 22}" y="${y + 13}">${esc(series.name)}</text>`);
    x += width + 18;
  });
  const top = y + LEGEND_ROW + 10;
  const height = top + chart.rows.length * ROW;
  const out: string[] = [];
  out.push(`<svg class="chart-svg" role="img" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" aria-labelledby="${id}-title" aria-describedby="${id}-desc">`);
  out.push(`<title id="${id}-title">${esc(chart.title)}</title><desc id="${id}-desc">${esc(chart.description)} ${chart.scale === 'share' ? 'Each row is one bar split in those shares' : 'Each row is a bar as long as its count'}; the table beside it gives the figures.</desc>`);
  out.push(`<defs>${chart.series.map((series, i) => patternDef(`${id}-p${i}`, series)).join('')}</defs>`, ...legend);
  const bar = WIDTH - 2;
  const largest = Math.max(1, ...chart.rows.map((row) => row.values.reduce((sum, value) => sum + value, 0)));
  chart.rows.forEach((row, r) => {
    const rowTop = top + r * ROW;
    const total = row.values.reduce((sum, value) => sum + value, 0);
    // The label, cut short to leave the summary room on its line (the table has it whole).
    const room = Math.max(12, Math.floor(WIDTH / CHAR) - row.summary.length - 3);
    const label = row.label.length > room ? `${row.label.slice(0, room - 1).trimEnd()}…` : row.label;
    out.push(`<text x="1" y="${rowTop + 12}"><tspan class="chart-label">${esc(label)}</tspan> — ${esc(row.summary)}</text>`);
    const whole = chart.scale === 'share' ? total : largest;
    let at = 1;
    row.values.forEach((value, i) => {
      if (value <= 0 || whole === 0) return;
      const width = round((value / whole) * bar);
      out.push(`<rect x="${round(at)}" y="${rowTop + 18}" width="${width}" height="16" fill="${fill(i)}" stroke="currentColor"/>`);
      at += width;
    });
  });
  out.push('</svg>');
  return out.join('');
}

/** A series' fill: its colour under dark lines or dots, drawn in the SVG's own units. */
function patternDef(id: string, series: ChartSeries): string {
  const marks = {
    solid: '',
    hatch: '<path d="M-1,1 l2,-2 M0,8 l8,-8 M7,9 l2,-2" stroke="#000" stroke-opacity=".55" stroke-width="1.5"/>',
    cross: '<path d="M0,0 l8,8 M8,0 l-8,8" stroke="#000" stroke-opacity=".6" stroke-width="1.2"/>',
    dots: '<circle cx="4" cy="4" r="1.6" fill="#000" fill-opacity=".6"/>',
  }[series.pattern];
  return `<pattern id="${id}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="${series.colour}"/>${marks}</pattern>`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
