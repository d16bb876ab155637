/**
 * `reqtrace export matrix`: the bidder workbook, written by the CLI as a child process and read
 * back twice: by exceljs, and by openpyxl (Debian's python3-openpyxl, run as /usr/bin/python3), a
 * reader that shares no code with the writer. What each sheet should hold is worked out here from
 * the YAML files with the yaml package, not from reqtrace.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { linkId } from './links';
import { run, type Run } from './run';
import { scratchFolders } from './scratch';

const SYNERGY = join(__dirname, '..', '..', 'samples', 'synergy');
const PYTHON = '/usr/bin/python3';

const folder = scratchFolders('reqtrace-matrix-');

interface YamlItem {
  id: string;
  title?: string;
  status?: string;
  priority?: string;
  response?: string;
  weighting?: number;
  covers?: string[];
  notes?: string;
  source?: string;
  waiver?: { reason?: string } | string;
}

function yamlFiles(root: string, suffix: string): { path: string; doc: { title?: string; section?: string; items: YamlItem[] } }[] {
  const out: { path: string; doc: { title?: string; section?: string; items: YamlItem[] } }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(suffix)) out.push({ path, doc: parse(readFileSync(path, 'utf8')) as { items: YamlItem[] } });
    }
  };
  walk(root);
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** What each section sheet should hold: its clauses in order, each with the requirement ids under it. */
function expected(root: string): { sections: { sheet: string; clauses: { id: string; response: string; requirements: string[] }[] }[]; requirements: Map<string, YamlItem>; items: YamlItem[] } {
  const requirements = new Map<string, YamlItem>();
  const items: YamlItem[] = [];
  for (const suffix of ['.reqs.yaml', '.needs.yaml', '.itt.yaml']) {
    for (const { doc } of yamlFiles(root, suffix)) {
      for (const item of doc.items) {
        items.push(item);
        if (suffix === '.reqs.yaml' && !requirements.has(item.id)) requirements.set(item.id, item);
      }
    }
  }
  const sections = yamlFiles(root, '.itt.yaml').map(({ doc }) => ({
    sheet: doc.section !== undefined ? `Section ${doc.section}` : (doc.title ?? ''),
    clauses: doc.items
      .filter((clause) => clause.status !== 'withdrawn')
      .map((clause) => ({
        id: clause.id,
        response: clause.response ?? '',
        requirements: [...new Set((clause.covers ?? []).map(linkId))].filter((id) => {
          const requirement = requirements.get(id);
          return requirement !== undefined && requirement.status !== 'withdrawn' && requirement.priority !== 'wont';
        }),
      })),
  }));
  return { sections, requirements, items };
}

async function readBook(path: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book;
}

const text = (cell: ExcelJS.Cell): string => (cell.value === null || cell.value === undefined ? '' : typeof cell.value === 'object' ? JSON.stringify(cell.value) : String(cell.value));

/** What openpyxl sees of the workbook, as JSON. */
interface PySheet {
  title: string;
  state: string;
  freeze: string | null;
  protected: boolean;
  printTitles: string | null;
  autoFilter: string | null;
  header: string | null;
  validations: [string, string][];
  types: Record<string, number>;
  formulas: string[];
  unlocked: string[];
  /** Each row's height in points (null where none is set), and the length of its longest statement or question (column C). */
  rows: [number, number | null, number][];
  paper: number | string | null;
}

function openpyxl(path: string): { sheets: PySheet[] } {
  const script = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    types = {}
    formulas = []
    unlocked = []
    for row in ws.iter_rows():
        for c in row:
            if c.value is None:
                if not c.protection.locked: unlocked.append(c.coordinate)
                continue
            types[c.data_type] = types.get(c.data_type, 0) + 1
            if c.data_type == 'f': formulas.append(c.coordinate + ' ' + c.value)
            if not c.protection.locked: unlocked.append(c.coordinate)
    out.append({
        'title': ws.title, 'state': ws.sheet_state, 'freeze': ws.freeze_panes, 'protected': bool(ws.protection.sheet),
        'printTitles': ws.print_title_rows, 'autoFilter': ws.auto_filter.ref, 'header': ws.oddHeader.center.text,
        'validations': [[str(dv.sqref), dv.formula1] for dv in ws.data_validations.dataValidation],
        'types': types, 'formulas': formulas, 'unlocked': unlocked,
        'rows': [[r, ws.row_dimensions[r].height, len(str(ws.cell(r, 3).value or ''))] for r in range(1, ws.max_row + 1)],
        'paper': ws.page_setup.paperSize,
    })
print(json.dumps({'sheets': out}))
`;
  return JSON.parse(execFileSync(PYTHON, ['-c', script, path], { encoding: 'utf8', maxBuffer: 64 << 20 })) as { sheets: PySheet[] };
}

describe('export matrix: the bidder workbook of samples/synergy', () => {
  const out = join(folder(), 'synergy.xlsx');
  const want = expected(SYNERGY);
  let book: ExcelJS.Workbook;

  it('is written, exit 0', async () => {
    const result = await run(SYNERGY, 'export', 'matrix', '.', '--out', out);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    book = await readBook(out);
  });

  it('has the instructions, a sheet per ITT section, the evaluation and a very hidden answer list', () => {
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['Instructions', ...want.sections.map((s) => s.sheet), 'Evaluation', 'reqtrace-answers']);
    expect(book.worksheets.map((sheet) => sheet.state)).toEqual([...Array(want.sections.length + 2).fill('visible'), 'veryHidden']);
    const instructions = book.getWorksheet('Instructions')!;
    const all = instructions.getSheetValues().flat().map(String).join('\n');
    expect(all).toContain('Synergy ERP');
    expect(all).toContain('OFFICIAL-SENSITIVE [COMMERCIAL]');
    for (const code of ['Fully compliant', 'Partially compliant', 'Not compliant', 'Roadmap', 'Standard', 'Configuration', 'Third party', 'Customisation', 'Future release', 'Not provided']) expect(all).toContain(code);
    expect(all).toMatch(/Unacceptable/);
    expect(all).toMatch(/Excellent/);
    expect(all).toContain('60%');
  });

  it('puts each clause over the live requirements it covers, wont ones left out, each answered once and pointed to elsewhere', () => {
    const answeredAt = new Map<string, { sheet: string; row: number }>();
    const pointers: { sheet: string; row: number; id: string; text: string }[] = [];
    for (const section of want.sections) {
      const sheet = book.getWorksheet(section.sheet)!;
      expect(text(sheet.getCell('A3'))).toBe('Ref');
      const seen: { id: string; requirements: string[] }[] = [];
      for (let r = 4; r <= sheet.rowCount; r++) {
        const id = text(sheet.getCell(r, 1));
        if (section.clauses.some((clause) => clause.id === id)) {
          seen.push({ id, requirements: [] });
          continue;
        }
        seen[seen.length - 1]?.requirements.push(id);
        const pointer = text(sheet.getCell(r, 9));
        if (pointer.startsWith('Answered at')) pointers.push({ sheet: section.sheet, row: r, id, text: pointer });
        else {
          expect(answeredAt.has(id), `${id} answered twice`).toBe(false);
          answeredAt.set(id, { sheet: section.sheet, row: r });
          for (const column of [9, 10, 11, 12]) expect(sheet.getCell(r, column).protection?.locked, `${section.sheet}!${r}:${column}`).toBe(false);
        }
        for (const column of [1, 2, 3, 4, 5, 6, 7, 8]) expect(sheet.getCell(r, column).protection?.locked).not.toBe(false);
      }
      expect(seen).toEqual(section.clauses.map(({ id, requirements }) => ({ id, requirements })));
    }
    expect(pointers.length).toBeGreaterThan(0);
    for (const pointer of pointers) {
      const at = answeredAt.get(pointer.id);
      expect(at, pointer.id).toBeDefined();
      expect(pointer.text).toContain(`Answered at '${at!.sheet}' row ${at!.row}`);
    }
  });

  it('never shows bidders notes, sources or waiver reasons', () => {
    const secrets = want.items.flatMap((item) => [item.notes, item.source, typeof item.waiver === 'object' ? item.waiver.reason : item.waiver]).filter((s): s is string => typeof s === 'string' && s.length > 12);
    expect(secrets.length).toBeGreaterThan(0);
    const cells: string[] = [];
    for (const sheet of book.worksheets) sheet.eachRow((row) => row.eachCell((cell) => cells.push(text(cell))));
    const all = cells.join('\n');
    for (const secret of secrets) expect(all).not.toContain(secret.trim().slice(0, 60));
  });

  it('has a scored row per scored clause with formulas, section subtotals by weight, the quality total and its share', () => {
    const sheet = book.getWorksheet('Evaluation')!;
    const scored = want.sections.flatMap((s) => s.clauses.filter((c) => c.response === 'scored').map((c) => c.id));
    const passFail = want.sections.flatMap((s) => s.clauses.filter((c) => c.response === 'pass-fail').map((c) => c.id));
    const rows: { id: string; formula: string; score: ExcelJS.Cell }[] = [];
    const labels: string[] = [];
    const ids: string[] = [];
    sheet.eachRow((row) => {
      labels.push(text(row.getCell(3)));
      const id = text(row.getCell(2));
      ids.push(id);
      const formula = (row.getCell(8).value as { formula?: string } | null)?.formula ?? '';
      if (scored.includes(id)) rows.push({ id, formula, score: row.getCell(6) });
      if (/^Section subtotal/.test(text(row.getCell(3)))) expect(formula).toMatch(/^SUM\(H\d+:H\d+\)\/100\*(60|40)$/);
    });
    expect(rows.map((r) => r.id)).toEqual(scored);
    for (const { formula, score } of rows) {
      expect(formula).toMatch(/^IF\(ISNUMBER\(F(\d+)\),F\1\/4\*D\1,""\)$/);
      expect(score.protection?.locked).toBe(false);
    }
    expect(labels).toContain('Quality score (out of 100)');
    expect(labels).toContain("Quality's share of the whole score (60%)");
    expect(passFail.length).toBeGreaterThan(0);
    for (const id of passFail) expect(ids).toContain(id);
  });

  it('lists every question and requirement row in the hidden sheet, with a hash of its buyer text', () => {
    const hidden = book.getWorksheet('reqtrace-answers')!;
    const rows = hidden.getSheetValues().slice(2) as unknown[][];
    const questions = want.sections.reduce((n, s) => n + s.clauses.length, 0);
    const requirementRows = want.sections.reduce((n, s) => n + s.clauses.reduce((m, c) => m + c.requirements.length, 0), 0);
    expect(rows.filter((row) => row[5] === 'question')).toHaveLength(questions);
    expect(rows.filter((row) => row[5] === 'answer' || row[5] === 'see')).toHaveLength(requirementRows);
    for (const row of rows) expect(String(row[6])).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reads the same in openpyxl: protection, frozen headings, filters, print titles, range validations, text cells, the only formulas on Evaluation', () => {
    const { sheets } = openpyxl(out);
    const byName = new Map(sheets.map((s) => [s.title, s]));
    for (const section of want.sections) {
      const sheet = byName.get(section.sheet)!;
      expect(sheet.protected).toBe(true);
      expect(sheet.freeze).toBe('B4');
      expect(sheet.printTitles).toBe('$3:$3');
      expect(sheet.autoFilter).toMatch(/^A3:L\d+$/);
      expect(sheet.header).toBe('OFFICIAL-SENSITIVE [COMMERCIAL]');
      expect(sheet.formulas).toEqual([]);
      expect(Object.keys(sheet.types).sort()).toEqual(['s']);
      // Lists are ranges over runs of rows, not one validation per cell.
      const ranges = sheet.validations.filter(([, formula]) => formula.includes('Fully compliant'));
      expect(ranges.length).toBeGreaterThan(0);
      expect(ranges.some(([sqref]) => /^I\d+:I\d+$/.test(sqref))).toBe(true);
      expect(sheet.validations.some(([, formula]) => formula.includes('Customisation'))).toBe(true);
      expect(sheet.unlocked.length).toBeGreaterThan(0);
      expect(sheet.unlocked.every((cell) => /^[IJKL]\d+$/.test(cell))).toBe(true);
      // Rows are as tall as their wrapped text (LibreOffice and printing do not grow them), on A3.
      expect(Number(sheet.paper)).toBe(8);
      for (const [row, height, length] of sheet.rows) if (row > 3 && length > 130) expect(height, `row ${row}`).toBeGreaterThanOrEqual(3 * 14);
    }
    const evaluation = byName.get('Evaluation')!;
    expect(evaluation.formulas.length).toBeGreaterThan(0);
    expect(evaluation.validations.some(([, formula]) => formula === '"0,1,2,3,4"')).toBe(true);
    expect(evaluation.validations.some(([, formula]) => formula === '"Pass,Fail"')).toBe(true);
    expect(evaluation.unlocked.every((cell) => /^[FG]\d+$/.test(cell))).toBe(true);
    expect(byName.get('reqtrace-answers')!.state).toBe('veryHidden');
    expect(sheets.filter((s) => s.state !== 'veryHidden').every((s) => s.protected)).toBe(true);
  });
});

describe('export matrix: hostile text and options', () => {
  const files = {
    'reqtrace.config.yaml': 'title: "=HYPERLINK(\\"http://x.test\\")"\n',
    'sor.needs.yaml': 'kind: needs\nitems:\n  - id: UN-1\n    title: "@SUM(1)"\n    as: a payroll officer\n    need: to pay\n    so-that: people are paid\n    priority: must\n',
    'sor.reqs.yaml':
      'kind: requirements\nitems:\n  - id: REQ-1\n    title: "=1+1"\n    statement: "+cmd|\' /C calc\'!A0"\n    type: functional\n    priority: must\n    satisfies: [UN-1]\n    acceptance: ["-2+3"]\n    notes: buyer-only remark\n' +
      '  - id: REQ-2\n    title: Not this time\n    statement: The solution shall do more.\n    type: functional\n    priority: wont\n    satisfies: [UN-1]\n' +
      '  - id: REQ-3\n    title: Gone\n    statement: The solution shall do less.\n    type: functional\n    priority: must\n    status: withdrawn\n    satisfies: [UN-1]\n',
    'sor.itt.yaml': 'kind: itt\ntitle: "Section: [Commercial]/Technical*?"\nitems:\n  - id: ITT-1\n    title: "=A1"\n    text: "@cmd"\n    response: scored\n    weighting: 100\n    minimum-score: 2\n    covers: [REQ-1, REQ-2, REQ-3]\n',
  };

  it('writes formula-looking text as text, makes a valid sheet name, and protects with a password when given one', async () => {
    const dir = folder(files);
    const result = await run(dir, 'export', 'matrix', '.', '--out', 'x.xlsx', '--password', 's3cret');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const { sheets } = openpyxl(join(dir, 'x.xlsx'));
    const section = sheets[1]!;
    expect(section.title).toBe('Section- -Commercial]-Technical--'.replace(']', '-').slice(0, 31));
    expect(section.formulas).toEqual([]);
    expect(sheets[0]!.formulas).toEqual([]);
    const book = await readBook(join(dir, 'x.xlsx'));
    const sheet = book.worksheets[1]!;
    expect(sheet.getCell('B4').value).toBe('=A1');
    expect(sheet.getCell('C5').value).toBe("+cmd|' /C calc'!A0");
    expect(sheet.getCell('B5').value).toBe('=1+1');
    const all: string[] = [];
    for (const ws of book.worksheets) ws.eachRow((row) => row.eachCell((cell) => all.push(text(cell))));
    expect(all.join('\n')).not.toContain('buyer-only remark');
    // Won't-have and withdrawn requirements are never asked of bidders.
    const refs: string[] = [];
    sheet.eachRow((row, r) => r > 3 && refs.push(text(row.getCell(1))));
    expect(refs).toEqual(['ITT-1', 'REQ-1']);
    const protection = execFileSync(PYTHON, ['-c', 'import sys, openpyxl; p = openpyxl.load_workbook(sys.argv[1]).worksheets[1].protection; print(p.algorithmName, bool(p.hashValue))', join(dir, 'x.xlsx')], { encoding: 'utf8' });
    expect(protection.trim()).toBe('SHA-512 True');
    const evaluation = book.getWorksheet('Evaluation')!;
    const flag = (evaluation.getCell('I4').value as { formula: string }).formula;
    expect(flag).toBe('IF(AND(ISNUMBER(F4),ISNUMBER(E4),F4<E4),"Below minimum: bid excluded","")');
    expect(evaluation.getCell('E4').value).toBe(2);
  });

  it('gives the same bytes for the same files and SOURCE_DATE_EPOCH, every ZIP entry dated then', async () => {
    const dir = folder(files);
    const at = (epoch: string, out: string): Promise<Run> => {
      process.env.SOURCE_DATE_EPOCH = epoch;
      try {
        return run(dir, 'export', 'matrix', '.', '--out', out);
      } finally {
        delete process.env.SOURCE_DATE_EPOCH;
      }
    };
    for (const result of [await at('1700000000', 'a.xlsx'), await at('1700000000', 'b.xlsx'), await at('1700000400', 'c.xlsx')]) expect(result.status, result.stderr).toBe(0);
    const bytes = (name: string): Buffer => readFileSync(join(dir, name));
    expect(bytes('a.xlsx').equals(bytes('b.xlsx'))).toBe(true);
    expect(bytes('a.xlsx').equals(bytes('c.xlsx'))).toBe(false);
    // Python's zipfile reads each entry's date: 1700000000 is 2023-11-14 22:13:20 UTC.
    const dates = execFileSync(PYTHON, ['-c', 'import sys, zipfile; print(sorted({i.date_time for i in zipfile.ZipFile(sys.argv[1]).infolist()}))', join(dir, 'a.xlsx')], { encoding: 'utf8' });
    expect(dates.trim()).toBe('[(2023, 11, 14, 22, 13, 20)]');
  });

  it('refuses an option of another output in one line', async () => {
    const dir = folder(files);
    const bad = await run(dir, 'export', 'matrix', '.', '--out', 'x.xlsx', '--project', 'P');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('reqtrace: --project is not an option of matrix\n');
  });
});

/** What openpyxl sees of a workbook's draft marks: the Instructions sheet's top, its merged cells, each visible sheet's left page header. */
function draftMarks(path: string): { top: (string | null)[]; bold: boolean; merged: string[]; headers: Record<string, string | null> } {
  const script = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Instructions']
print(json.dumps({
    'top': [ws.cell(r, 1).value for r in range(1, 4)],
    'bold': bool(ws['A1'].font.b),
    'merged': sorted(str(m) for m in ws.merged_cells.ranges),
    'headers': {s.title: s.oddHeader.left.text for s in wb.worksheets if s.sheet_state == 'visible'},
}))
`;
  return JSON.parse(execFileSync(PYTHON, ['-c', script, path], { encoding: 'utf8' })) as { top: (string | null)[]; bold: boolean; merged: string[]; headers: Record<string, string | null> };
}

describe('export matrix --draft: a draft says so', () => {
  const requirement = (id: string, status: string): string => `  - id: ${id}\n    title: Pay staff\n    statement: The solution shall pay staff on the agreed date.\n    type: functional\n    priority: should\n    status: ${status}\n`;
  const workspace = (statuses: Readonly<Record<string, string>>): Record<string, string> => ({
    'reqtrace.config.yaml': 'readiness: tender\ntitle: Payroll\n',
    'sor/pay.reqs.yaml': `kind: requirements\nitems:\n${Object.entries(statuses).map(([id, status]) => requirement(id, status)).join('')}`,
    'sor/s.itt.yaml': `kind: itt\nitems:\n  - id: ITT-1\n    title: Pay\n    text: Describe how you pay staff.\n    response: pass-fail\n    covers: [${Object.keys(statuses).join(', ')}]\n    status: agreed\n`,
  });
  const exported = async (dir: string, out: string, ...args: string[]): Promise<string> => {
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    try {
      const result = await run(dir, 'export', 'matrix', '.', '--out', out, ...args);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    } finally {
      delete process.env.SOURCE_DATE_EPOCH;
    }
    return join(dir, out);
  };

  it('heads the Instructions sheet and every printed page DRAFT, read the same by exceljs and openpyxl, and stays reproducible', async () => {
    const dir = folder(workspace({ 'REQ-1': 'agreed', 'REQ-2': 'draft', 'REQ-3': 'proposed' }));
    const path = await exported(dir, 'draft.xlsx', '--draft');
    const banner = 'DRAFT — not for issue: 2 requirements asked of bidders are not agreed.';
    const book = await readBook(path);
    const instructions = book.getWorksheet('Instructions')!;
    expect(instructions.getCell('A1').value).toBe(banner);
    expect(text(instructions.getCell('A2'))).toMatch(/^Not agreed: REQ-2, REQ-3\. They are marked "Not yet agreed" on the section sheets/);
    expect(instructions.getCell('A3').value).toBe('Payroll');
    const marks = draftMarks(path);
    expect(marks.top).toEqual([banner, instructions.getCell('A2').value, 'Payroll']);
    expect(marks.bold).toBe(true);
    expect(marks.merged).toEqual(expect.arrayContaining(['A1:B1', 'A2:B2']));
    expect(Object.keys(marks.headers)).toEqual(book.worksheets.filter((sheet) => sheet.state === 'visible').map((sheet) => sheet.name));
    expect(Object.keys(marks.headers)).toHaveLength(3);
    for (const header of Object.values(marks.headers)) expect(header).toBe('DRAFT — not for issue');
    expect(readFileSync(await exported(dir, 'again.xlsx', '--draft')).equals(readFileSync(path))).toBe(true);
  });

  it('marks nothing without --draft, though requirements are not agreed (samples/synergy, drafting)', async () => {
    const path = join(folder(), 'synergy.xlsx');
    const result = await run(SYNERGY, 'export', 'matrix', '.', '--out', path);
    expect(result.status).toBe(0);
    const book = await readBook(path);
    const statuses: string[] = [];
    for (const sheet of book.worksheets.slice(1, -2)) sheet.eachRow((row) => statuses.push(text(row.getCell(7))));
    expect(statuses.some((status) => status.startsWith('Not yet agreed'))).toBe(true);
    const marks = draftMarks(path);
    expect(marks.top[0]).toBe('Synergy ERP');
    expect(marks.top.join('\n')).not.toContain('DRAFT');
    expect(marks.merged.filter((range) => /^A[12]:/.test(range))).toEqual([]);
    expect(Object.values(marks.headers)).toEqual(Object.values(marks.headers).map(() => null));
  });

  it('marks nothing on a --draft of a workspace whose requirements are all agreed: the same bytes as without', async () => {
    const agreed = folder(workspace({ 'REQ-1': 'agreed' }));
    const plain = await exported(agreed, 'plain.xlsx');
    expect(draftMarks(plain).top[0]).toBe('Payroll');
    expect(readFileSync(await exported(agreed, 'draft.xlsx', '--draft')).equals(readFileSync(plain))).toBe(true);
  });
});
