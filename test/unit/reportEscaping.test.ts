/**
 * Every free-text field of every item, the file names and the report title hold markup, Markdown
 * syntax and table pipes; the HTML and Markdown reports must show each one they render escaped, and
 * never the raw markup. Each payload names its field, so a test says which field leaked.
 */
import { describe, expect, it } from 'vitest';
import { computeCoverage } from '../../server/src/core/report/coverage';
import { renderReport } from './renderReport';
import { workspace } from './fixture';

/** Markup, Markdown and a table pipe around the field's name; the line break and backslash test Markdown table cells. */
const payload = (field: string): string =>
  `<script>alert("${field}")</script><img src=x onerror=alert('${field}')> | \`${field}\` *${field}* _${field}_ [${field}](javascript:alert(1)) a\\|b & ${field}\nnext line`;

/** What HTML element content and attribute values must show instead: & < > " ' as entities. */
const htmlEscaped = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** What Markdown must show instead: one line, Markdown punctuation backslashed, no tag or entity can open. */
const mdEscaped = (text: string): string =>
  text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]|]/g, (ch) => `\\${ch}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;');

const y = (text: string): string => JSON.stringify(text);
const NEEDS_FILE = `<img src=x onerror=alert('file')> "q".needs.yaml`;

/**
 * UN-1 not covered, UN-2 covered by the waived REQ-2 only, UN-3 traced through REQ-1 and ITT-1;
 * REQ-3 satisfies no need and no clause covers it; ITT-2 covers nothing. `idOf` gives each item's id.
 */
function hostileWorkspace(idOf: (plain: string) => string) {
  const id = (plain: string): string => y(idOf(plain));
  return workspace({
    [NEEDS_FILE]: `kind: needs
items:
  - id: ${id('UN-1')}
    title: ${y(payload('UN-1.title'))}
    as: ${y(payload('UN-1.as'))}
    need: ${y(payload('UN-1.need'))}
    so-that: ${y(payload('UN-1.so-that'))}
    departments: [${y(payload('UN-1.departments'))}]
    priority: ${y(payload('UN-1.priority'))}
    pain-points: [${y(payload('UN-1.pain-points'))}]
    opportunities: [${y(payload('UN-1.opportunities'))}]
    source: ${y(payload('UN-1.source'))}
    notes: ${y(payload('UN-1.notes'))}
    tags: [${y(payload('UN-1.tags'))}]
  - id: ${id('UN-2')}
    title: ${y(payload('UN-2.title'))}
    as: a
    need: b
    so-that: c
  - id: ${id('UN-3')}
    title: ${y(payload('UN-3.title'))}
    as: a
    need: b
    so-that: c
`,
    'r.reqs.yaml': `kind: requirements
items:
  - id: ${id('REQ-1')}
    title: ${y(payload('REQ-1.title'))}
    statement: ${y(payload('REQ-1.statement'))}
    type: ${y(payload('REQ-1.type'))}
    priority: ${y(payload('REQ-1.priority'))}
    category: ${y(payload('REQ-1.category'))}
    satisfies: [${id('UN-3')}]
    acceptance: [${y(payload('REQ-1.acceptance'))}]
    verification: ${y(payload('REQ-1.verification'))}
    notes: ${y(payload('REQ-1.notes'))}
    tags: [${y(payload('REQ-1.tags'))}]
  - id: ${id('REQ-2')}
    title: ${y(payload('REQ-2.title'))}
    statement: s
    type: functional
    priority: must
    satisfies: [${id('UN-2')}]
    waiver: { reason: ${y(payload('REQ-2.waiver.reason'))} }
  - id: ${id('REQ-3')}
    title: ${y(payload('REQ-3.title'))}
    statement: s
    type: functional
    priority: ${y(payload('REQ-3.priority'))}
    parent: ${id('REQ-1')}
`,
    'c.itt.yaml': `kind: itt
items:
  - id: ${id('ITT-1')}
    title: ${y(payload('ITT-1.title'))}
    text: ${y(payload('ITT-1.text'))}
    response: scored
    weighting: 10
    covers: [${id('REQ-1')}]
    notes: ${y(payload('ITT-1.notes'))}
    tags: [${y(payload('ITT-1.tags'))}]
  - id: ${id('ITT-2')}
    title: ${y(payload('ITT-2.title'))}
    text: t
    response: ${y(payload('ITT-2.response'))}
    covers: [REQ-MISSING]
`,
  });
}

/** Every field that holds a payload, in the order written above (the ids and the file name apart). */
const FIELDS = [
  'UN-1.title', 'UN-1.as', 'UN-1.need', 'UN-1.so-that', 'UN-1.departments', 'UN-1.priority', 'UN-1.pain-points', 'UN-1.opportunities', 'UN-1.source', 'UN-1.notes', 'UN-1.tags',
  'UN-2.title', 'UN-3.title',
  'REQ-1.title', 'REQ-1.statement', 'REQ-1.type', 'REQ-1.priority', 'REQ-1.category', 'REQ-1.acceptance', 'REQ-1.verification', 'REQ-1.notes', 'REQ-1.tags',
  'REQ-2.title', 'REQ-2.waiver.reason', 'REQ-3.title', 'REQ-3.priority',
  'ITT-1.title', 'ITT-1.text', 'ITT-1.notes', 'ITT-1.tags', 'ITT-2.title', 'ITT-2.response',
];
/**
 * The fields both reports show: titles (a clause's only in the empty-clause list; the matrix shows clause ids),
 * departments, priorities (the tables and the uncovered list) and the waiver reason.
 */
const SHOWN = [
  'UN-1.title', 'UN-1.departments', 'UN-1.priority', 'UN-2.title', 'UN-3.title', 'REQ-1.title', 'REQ-1.priority',
  'REQ-2.title', 'REQ-2.waiver.reason', 'REQ-3.title', 'REQ-3.priority', 'ITT-2.title',
];
const ITEM_IDS = ['UN-1', 'UN-2', 'UN-3', 'REQ-1', 'REQ-2', 'REQ-3', 'ITT-1', 'ITT-2'];
const hostileId = (plain: string): string => `${plain}"><img src=x onerror=alert('${plain}.id')>|\`x\`[y]`;
const context = { title: payload('report title'), pathOf: (uri: string) => decodeURIComponent(uri.replace('file:///ws/', '')) };

/** The lines of each Markdown table, header first. */
function markdownTables(md: string): string[][] {
  const tables: string[][] = [];
  let current: string[] | undefined;
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) (current ??= (tables.push([]), tables.at(-1)!)).push(line);
    else current = undefined;
  }
  return tables;
}

/** Table pipes not escaped: those after an even number of backslashes. */
const cellPipes = (line: string): number => [...line.matchAll(/(\\*)\|/g)].filter((m) => m[1]!.length % 2 === 0).length;

describe('html report escaping', () => {
  const ws = hostileWorkspace(hostileId);
  const html = renderReport('html', computeCoverage(ws.index), context);

  it('shows the title, departments, priorities, waiver reason and report title escaped', () => {
    for (const field of [...SHOWN, 'report title']) expect(html, field).toContain(htmlEscaped(payload(field)));
  });

  it('renders exactly the fields this test checks, so a newly shown field is noticed', () => {
    expect(FIELDS.filter((field) => html.includes(htmlEscaped(`alert("${field}")`)))).toEqual(SHOWN);
  });

  it('shows every id escaped, in link text and in data-uri, and the file name escaped and encoded', () => {
    for (const plain of ITEM_IDS) expect(html, plain).toContain(`>${htmlEscaped(hostileId(plain))}</a>`);
    expect(html).toContain(` data-uri="${htmlEscaped(`file:///ws/${NEEDS_FILE}`)}"`);
    expect(html).toContain(` href="${encodeURIComponent(NEEDS_FILE).replace(/'/g, '&#39;')}#L3"`);
  });

  it('never contains the raw markup of any field', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/href="javascript:/i);
    for (const field of [...FIELDS, 'report title']) expect(html, field).not.toContain(`alert("${field}")`);
    for (const plain of ITEM_IDS) expect(html, plain).not.toContain(hostileId(plain));
  });
});

describe('markdown report escaping', () => {
  const ws = hostileWorkspace((plain) => plain);
  const md = renderReport('md', computeCoverage(ws.index), context);

  it('shows the title, departments, priorities, waiver reason and report title escaped', () => {
    expect(md).toContain(
      `- [REQ-2](r.reqs.yaml#L14) &lt;script>alert("REQ-2.title")&lt;/script>&lt;img src=x onerror=alert('REQ-2.title')> \\| \\\`REQ-2.title\\\` \\*REQ-2.title\\* \\_REQ-2.title\\_ \\[REQ-2.title\\](javascript:alert(1)) a\\\\\\|b &amp; REQ-2.title next line — &lt;script>alert("REQ-2.waiver.reason")`,
    );
    for (const field of [...SHOWN, 'report title']) expect(md, field).toContain(mdEscaped(payload(field)));
  });

  it('renders exactly the fields this test checks, so a newly shown field is noticed', () => {
    expect(FIELDS.filter((field) => md.includes(`alert("${field}")`))).toEqual(SHOWN);
  });

  it('never contains the raw markup, an unescaped Markdown character or a line break of any field', () => {
    expect(md).not.toContain('<script');
    expect(md).not.toContain('<img');
    expect(md).not.toMatch(/[^\\]\]\(javascript:/i);
    for (const field of [...FIELDS, 'report title']) {
      expect(md, field).not.toContain(`\`${field}\``);
      expect(md, field).not.toContain(`*${field}*`);
      expect(md, field).not.toContain(`_${field}_`);
      expect(md, field).not.toContain(`& ${field}`);
      expect(md, field).not.toContain(`${field}\nnext line`);
    }
  });

  it('keeps every table row to its header’s cells, whatever pipes and line breaks the text holds', () => {
    const tables = markdownTables(md);
    expect(tables.map((table) => table[0])).toEqual([
      '| | |',
      '| Status | Requirements |',
      '| Priority | Requirements | Asked of bidders | Waived | Not asked, not waived |',
      '| Priority | Needs | Covered | Traced end to end | Not covered | Requirements | Covered | Waived | Not covered |',
      '| Department | Needs | Traced end to end | Met, not asked of bidders | Not met |',
      '| Department | Needs | Covered | Traced end to end | Not covered | Requirements | Covered | Waived | Not covered |',
      '| Need | State | Requirement | State | ITT clauses |',
      '| Requirement | State | ITT clauses |',
    ]);
    for (const table of tables) for (const line of table) expect(cellPipes(line), line).toBe(cellPipes(table[0]!));
    expect(tables.map((table) => table.length)).toEqual([11, 5, 5, 7, 4, 4, 5, 3]);
  });

  it('shows ids escaped in link text (an id that fails the schema is still indexed, and could carry markup)', () => {
    const withIds = renderReport('md', computeCoverage(hostileWorkspace(hostileId).index), context);
    expect(withIds).not.toContain('<img');
  });
});
