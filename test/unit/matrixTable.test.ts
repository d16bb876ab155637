/**
 * The Matrix view's table logic (core/query/matrixTable.ts): the filters, the column sort, and the
 * CSV of the rows shown (RFC 4180 quoting, formula cells made text, a byte order mark); and that the
 * page's copy, run from the engine's source text alone, answers the same.
 */
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { matrixEngine, type MatrixEngine, type MatrixTable, type TableItem } from '../../server/src/core/query/matrixTable';

const item = (id: string, title: string, state: string, extra: Partial<TableItem> = {}): TableItem => ({ id, title, file: 0, at: [0, 0, 0, id.length], state, ...extra });

/** Needs 0-2, requirements 3-6, clauses 7-9; a need's departments and a clause's response are the item's. */
const TABLE: MatrixTable = {
  title: 'ws',
  files: ['file:///ws/all.yaml'],
  items: [
    item('UN-HR-001', 'Pay people on time', 'traced', { priority: 'must', status: 'agreed', departments: ['HO', 'DWP'] }),
    item('UN-HR-010', 'See my "leave", at a glance', 'covered', { priority: 'should', status: 'agreed', departments: ['MOJ'] }),
    item('UN-HR-002', '=HYPERLINK("http://x")', 'uncovered', { priority: 'could', status: 'draft' }),
    item('REQ-HR-001', 'Payroll run', 'covered', { priority: 'must', status: 'agreed' }),
    item('REQ-HR-002', 'Leave balance\non a phone', 'uncovered', { priority: 'should', status: 'draft' }),
    item('REQ-HR-003', 'Old interface', 'waived', { priority: 'could', status: 'proposed' }),
    item('REQ-SEC-001', '@risk register, +1', 'covered', { priority: 'must', status: 'agreed' }),
    item('ITT-3.10', 'Payroll', 'covered', { status: 'agreed', response: 'scored', weighting: 10 }),
    item('ITT-3.2', 'Payroll runs', 'covered', { status: 'agreed', response: 'pass-fail' }),
    item('ITT-4.1', '-Security', 'covered', { status: 'agreed', response: 'scored', weighting: 5 }),
  ],
  rows: [
    [0, 3, 7],
    [0, 3, 8],
    [1, 4, -1],
    [1, 5, -1],
    [2, -1, -1],
    [-1, 6, 9],
  ],
};

const engine = matrixEngine();
const ids = (rows: readonly number[]): string[] => rows.map((r) => {
  const row = TABLE.rows[r];
  return [row?.[0], row?.[1], row?.[2]].map((i) => (i !== undefined && i >= 0 ? TABLE.items[i]?.id : '-')).join(' > ');
});

describe('the matrix filters', () => {
  it('by department, the cross-cutting choice being the rows whose need names none or that have no need', () => {
    expect(engine.filterRows(TABLE, { department: 'DWP' })).toEqual([0, 1]);
    expect(engine.filterRows(TABLE, { department: 'MOJ' })).toEqual([2, 3]);
    expect(engine.filterRows(TABLE, { department: engine.CROSS })).toEqual([4, 5]);
    expect(engine.choices(TABLE).departments).toEqual(['DWP', 'HO', 'MOJ', 'Cross-cutting (no department named)']);
  });

  it('by priority and status: the requirement’s, or the need’s on a row with no requirement', () => {
    expect(engine.filterRows(TABLE, { priority: 'must' })).toEqual([0, 1, 5]);
    expect(engine.filterRows(TABLE, { priority: 'could' })).toEqual([3, 4]);
    expect(engine.filterRows(TABLE, { status: 'draft' })).toEqual([2, 4]);
    expect(engine.choices(TABLE).priorities.map((p) => p.label)).toEqual(['Must', 'Should', 'Could']);
    expect(engine.choices(TABLE).statuses.map((p) => p.label)).toEqual(['Draft', 'Proposed', 'Agreed']);
  });

  it('by the kind of gap a row shows', () => {
    expect(ids(engine.filterRows(TABLE, { coverage: 'need-unmet' }))).toEqual(['UN-HR-002 > - > -']);
    expect(ids(engine.filterRows(TABLE, { coverage: 'not-asked' }))).toEqual(['UN-HR-010 > REQ-HR-002 > -']);
    expect(ids(engine.filterRows(TABLE, { coverage: 'waived' }))).toEqual(['UN-HR-010 > REQ-HR-003 > -']);
    expect(ids(engine.filterRows(TABLE, { coverage: 'need-not-traced' }))).toEqual(['UN-HR-010 > REQ-HR-002 > -', 'UN-HR-010 > REQ-HR-003 > -']);
    expect(ids(engine.filterRows(TABLE, { coverage: 'no-need' }))).toEqual(['- > REQ-SEC-001 > ITT-4.1']);
    expect(engine.filterRows(TABLE, { coverage: 'traced' })).toEqual([0, 1]);
    expect(engine.coverageWords(TABLE, TABLE.rows[2]!)).toBe('Not asked of bidders; need not traced end to end');
    expect(engine.choices(TABLE).coverage.map((c) => c.value)).toEqual(['need-unmet', 'not-asked', 'waived', 'need-not-traced', 'no-need', 'traced']);
  });

  it('by free text: every word, in any id or title, in any case', () => {
    expect(engine.filterRows(TABLE, { text: 'payroll' })).toEqual([0, 1]);
    expect(engine.filterRows(TABLE, { text: '  LEAVE  phone ' })).toEqual([2]);
    expect(engine.filterRows(TABLE, { text: 'itt-4.1' })).toEqual([5]);
    expect(engine.filterRows(TABLE, { text: 'payroll leave' })).toEqual([]);
    // Parts of a filter all apply.
    expect(engine.filterRows(TABLE, { department: 'HO', text: 'runs' })).toEqual([1]);
    expect(engine.filterRows(TABLE, {})).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('keeps only text of a sane length from what a page sends', () => {
    expect(engine.cleanFilter({ department: 'HO', priority: 3, text: 'x'.repeat(501), evil: 'y', coverage: '' })).toEqual({ department: 'HO' });
    expect(engine.cleanFilter('HO')).toEqual({});
    expect(engine.cleanSort({ column: 'clause', descending: true })).toEqual({ column: 'clause', descending: true });
    expect(engine.cleanSort({ column: '__proto__' })).toBeUndefined();
  });
});

describe("the matrix's cells", () => {
  it('read the departments from the need, and the response and weighting from the clause', () => {
    const cells = (at: number): string[] => {
      const row = TABLE.rows[at]!;
      return [engine.departmentsText(TABLE, row), engine.priorityText(TABLE, row), engine.statusText(TABLE, row), engine.responseText(TABLE, row)];
    };
    expect(cells(0)).toEqual(['HO, DWP', 'Must', 'Agreed', 'Scored (10)']);
    expect(cells(1)).toEqual(['HO, DWP', 'Must', 'Agreed', 'Pass/fail']);
    expect(cells(2)).toEqual(['MOJ', 'Should', 'Draft', '']);
    // A need with no requirement: its own priority and status; a requirement with no need: cross-cutting.
    expect(cells(4)).toEqual(['', 'Could', 'Draft', '']);
    expect(cells(5)).toEqual(['', 'Must', 'Agreed', 'Scored (5)']);
  });
});

describe('the matrix sort', () => {
  const all = engine.filterRows(TABLE, {});
  it('orders ids as people read them (ITT-3.2 before ITT-3.10), rows with nothing in the column last either way', () => {
    expect(ids(engine.sortRows(TABLE, all, { column: 'clause', descending: false }))).toEqual([
      'UN-HR-001 > REQ-HR-001 > ITT-3.2', 'UN-HR-001 > REQ-HR-001 > ITT-3.10', '- > REQ-SEC-001 > ITT-4.1', 'UN-HR-010 > REQ-HR-002 > -', 'UN-HR-010 > REQ-HR-003 > -', 'UN-HR-002 > - > -',
    ]);
    expect(ids(engine.sortRows(TABLE, all, { column: 'clause', descending: true }))).toEqual([
      '- > REQ-SEC-001 > ITT-4.1', 'UN-HR-001 > REQ-HR-001 > ITT-3.10', 'UN-HR-001 > REQ-HR-001 > ITT-3.2', 'UN-HR-010 > REQ-HR-002 > -', 'UN-HR-010 > REQ-HR-003 > -', 'UN-HR-002 > - > -',
    ]);
  });

  it('orders priorities and statuses by rank, not by spelling, ties kept in table order', () => {
    expect(engine.sortRows(TABLE, all, { column: 'priority', descending: false })).toEqual([0, 1, 5, 2, 3, 4]);
    expect(engine.sortRows(TABLE, all, { column: 'status', descending: false })).toEqual([2, 4, 3, 0, 1, 5]);
    expect(engine.sortRows(TABLE, all, { column: 'need', descending: true })).toEqual([2, 3, 4, 0, 1, 5]);
    expect(engine.sortRows(TABLE, [5, 0], undefined)).toEqual([5, 0]);
  });
});

describe('the matrix CSV', () => {
  const text = engine.csv(TABLE, [4, 5, 1, 2]);
  const lines = text.slice(1).split('\r\n');

  it('starts with a byte order mark and a header row, and ends every line with CRLF', () => {
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(lines[0]).toBe('Need,Need title,Departments,Priority,Requirement,Requirement title,Status,Coverage,ITT clause,Clause title,Response,Weighting');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(lines.at(-1)).toBe('');
  });

  it('writes the rows given, in their order, quoting as RFC 4180 does and making formula cells text', () => {
    expect(lines.slice(1, -1)).toEqual([
      `UN-HR-002,"'=HYPERLINK(""http://x"")",,Could,,,Draft,Need not met,,,,`,
      `,,,Must,REQ-SEC-001,"'@risk register, +1",Agreed,Meets no need,ITT-4.1,'-Security,Scored,5`,
      `UN-HR-001,Pay people on time,"HO, DWP",Must,REQ-HR-001,Payroll run,Agreed,Traced end to end,ITT-3.2,Payroll runs,Pass/fail,`,
      // A line break inside a cell is kept inside its quotes.
      `UN-HR-010,"See my ""leave"", at a glance",MOJ,Should,REQ-HR-002,"Leave balance\non a phone",Draft,Not asked of bidders; need not traced end to end,,,,`,
    ]);
  });

  it('makes text of each cell a spreadsheet would run', () => {
    for (const [value, cell] of [['=1+1', "'=1+1"], ['+44 20', "'+44 20"], ['-5', "'-5"], ['@SUM(A1)', "'@SUM(A1)"], ['\tx', "'\tx"], ['a=b', 'a=b'], ['', ''], ['"', '""""'], ['a,b', '"a,b"']]) {
      expect(engine.csvCell(value as string)).toBe(cell);
    }
  });
});

describe("the page's copy of the engine", () => {
  it('runs from its source text alone and answers as the module does', () => {
    // The page gets matrixEngine.toString(): nothing from this module's scope may be used in it.
    const copy = runInNewContext(`(${matrixEngine.toString()})()`, { Intl, WeakMap, Map, Set }) as MatrixEngine;
    const table = JSON.parse(JSON.stringify(TABLE)) as MatrixTable;
    const filter = { department: 'MOJ', text: 'leave' };
    expect(copy.filterRows(table, filter)).toEqual(engine.filterRows(TABLE, filter));
    expect(copy.sortRows(table, [0, 1, 2, 3, 4, 5], { column: 'clause', descending: false })).toEqual(engine.sortRows(TABLE, [0, 1, 2, 3, 4, 5], { column: 'clause', descending: false }));
    expect(copy.csv(table, [0, 1, 2, 3, 4, 5])).toBe(engine.csv(TABLE, [0, 1, 2, 3, 4, 5]));
    expect(JSON.parse(JSON.stringify(copy.choices(table)))).toEqual(engine.choices(TABLE));
  });
});
