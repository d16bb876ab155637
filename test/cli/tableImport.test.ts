/**
 * `reqtrace import table`, run as a user runs it: a programme's workbook and CSV files made here
 * (with exceljs, or by hand where no library would write such a file), imported, and the YAML read
 * back by reqtrace itself (`check --format json`). Hostile files are refused in one line, quickly,
 * with nothing written.
 */
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbook } from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compoundFile, handMadeXlsx, rowXml, zipOf } from '../unit/xlsxFixtures';
import { run } from './run';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'reqtrace-table-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
/** A new empty folder for one test. */
function folder(): string {
  const path = join(root, `t${++folders}`);
  mkdirSync(path);
  return path;
}

interface Item {
  id: string;
  [field: string]: unknown;
}
function itemsOf(path: string): Item[] {
  return (parse(readFileSync(path, 'utf8')) as { items: Item[] }).items;
}

interface Diagnostic {
  file: string;
  code: string;
  message: string;
}
async function findings(cwd: string, folderName: string): Promise<string[]> {
  const result = await run(cwd, 'check', folderName, '--format', 'json', '--fail-on', 'never');
  expect(result.stderr).toBe('');
  return (JSON.parse(result.stdout) as { diagnostics: Diagnostic[] }).diagnostics.map((d) => `${d.file} ${d.code}: ${d.message}`);
}

/** The programme's workbook: needs, requirements and clauses on three sheets, as a programme team writes them. */
async function programmeWorkbook(): Promise<Buffer> {
  const book = new Workbook();
  const needs = book.addWorksheet('User needs');
  needs.addRow(['Need ID', 'Title', 'As a…', 'I need…', 'So that…', 'Departments', 'MoSCoW', 'Source']);
  needs.addRow(['UN-HR-001', 'One record', 'HR adviser', 'to see one record per person', 'I do not key data twice', 'DWP; HO', 'Must have', 'Workshop 3']);
  needs.addRow(['UN-HR-002', 'Leave balance', 'line manager', 'to see leave balances', 'I can plan cover', 'MOJ', 'S', '']);
  needs.getCell('H3').value = { text: 'Survey 2024', hyperlink: 'https://example.org/survey' };

  const reqs = book.addWorksheet('Requirements');
  reqs.addRow(['Statement of requirements: HR']);
  reqs.mergeCells('A1:H1');
  reqs.addRow([]);
  reqs.addRow(['Req ID', 'Title', 'Requirement', 'Type', 'Category', 'Priority', 'User need', 'Acceptance criteria', 'Verification', 'Status', 'Notes']);
  reqs.addRow(['REQ-HR-001', 'Single employee record', 'The solution shall hold one record per person.', 'Functional', 'HR', 'Must have', 'UN-HR-001', '• Created once\n• Seen everywhere', 'Test', 'Approved', new Date(Date.UTC(2024, 2, 1))]);
  reqs.addRow(['REQ-HR-002', { formula: 'B4&" (audit)"', result: 'Single employee record (audit)' }, { richText: [{ text: 'Every change shall be ' }, { text: 'audited', font: { bold: true } }, { text: '.' }] }, 'NFR', '', 'M', 'UN-HR-001,UN-HR-002', 'Audit log kept', 'Inspection', 'Draft', 42]);
  reqs.addRow(['REQ-HR-003', 'Leave balances', 'The solution shall show leave balances.', 'functional', '', 'Should', 'UN-HR-002', '', 'Demo', 'Proposed', '']);
  // The category merged down the rows it applies to.
  reqs.mergeCells('E4:E6');

  const itt = book.addWorksheet('ITT');
  itt.addRow(['Clause ref', 'Title', 'Question', 'Response type', 'Weighting', 'Requirements']);
  itt.addRow(['ITT-3.1', 'Employee record', 'Describe how one record is kept.', 'Scored', 0.9, 'REQ-HR-001\nREQ-HR-002']);
  itt.getCell('E2').numFmt = '0%';
  itt.addRow(['ITT-3.2', 'Leave', 'Describe leave balances.', 'Scored', '10%', 'REQ-HR-003']);
  itt.addRow(['ITT-3.3', 'Hosting', 'Confirm UK hosting.', 'Pass/Fail', '', 'REQ-HR-001']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('import table from XLSX', () => {
  it("imports a programme's workbook sheet by sheet into files that check with no finding but the requirements not yet agreed", async () => {
    const cwd = folder();
    writeFileSync(join(cwd, 'programme.xlsx'), await programmeWorkbook());
    const imports = [
      ['needs', 'User needs'],
      ['requirements', 'Requirements'],
      ['itt', 'ITT'],
    ];
    const outputs: string[] = [];
    for (const [kind, sheet] of imports) {
      mkdirSync(join(cwd, 'out', kind!), { recursive: true });
      const result = await run(cwd, 'import', 'table', 'programme.xlsx', '--kind', kind!, '--sheet', sheet!, '--out', `out/${kind}`);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      outputs.push(result.stdout);
    }
    expect(outputs[1]).toContain('Imported 3 requirements from programme.xlsx into 1 file in out/requirements:\n  out/requirements/programme.reqs.yaml: 3 requirements\n');
    expect(outputs[1]).toContain(`  Row 5, Title: a formula, imported as its text '=B4&" (audit)"', not its result 'Single employee record (audit)'\n`);
    expect(readdirSync(join(cwd, 'out', 'requirements'))).toEqual(['programme.reqs.yaml']);

    expect(itemsOf(join(cwd, 'out/needs/programme.needs.yaml'))).toEqual([
      { id: 'UN-HR-001', title: 'One record', as: 'HR adviser', need: 'to see one record per person', 'so-that': 'I do not key data twice', departments: ['DWP', 'HO'], priority: 'must', source: 'Workshop 3' },
      { id: 'UN-HR-002', title: 'Leave balance', as: 'line manager', need: 'to see leave balances', 'so-that': 'I can plan cover', departments: ['MOJ'], priority: 'should', source: 'Survey 2024' },
    ]);
    expect(itemsOf(join(cwd, 'out/requirements/programme.reqs.yaml'))).toEqual([
      {
        id: 'REQ-HR-001',
        title: 'Single employee record',
        statement: 'The solution shall hold one record per person.',
        type: 'functional',
        category: 'HR',
        priority: 'must',
        satisfies: ['UN-HR-001'],
        acceptance: ['Created once', 'Seen everywhere'],
        verification: 'test',
        status: 'agreed',
        notes: '2024-03-01',
      },
      {
        id: 'REQ-HR-002',
        title: '=B4&" (audit)"',
        statement: 'Every change shall be audited.',
        type: 'non-functional',
        category: 'HR',
        priority: 'must',
        satisfies: ['UN-HR-001', 'UN-HR-002'],
        acceptance: ['Audit log kept'],
        verification: 'inspection',
        status: 'draft',
        notes: '42',
      },
      { id: 'REQ-HR-003', title: 'Leave balances', statement: 'The solution shall show leave balances.', type: 'functional', category: 'HR', priority: 'should', satisfies: ['UN-HR-002'], verification: 'demonstration', status: 'proposed' },
    ]);
    expect(itemsOf(join(cwd, 'out/itt/programme.itt.yaml'))).toEqual([
      { id: 'ITT-3.1', title: 'Employee record', text: 'Describe how one record is kept.', response: 'scored', weighting: 90, covers: ['REQ-HR-001', 'REQ-HR-002'] },
      { id: 'ITT-3.2', title: 'Leave', text: 'Describe leave balances.', response: 'scored', weighting: 10, covers: ['REQ-HR-003'] },
      { id: 'ITT-3.3', title: 'Hosting', text: 'Confirm UK hosting.', response: 'pass-fail', covers: ['REQ-HR-001'] },
    ]);
    // Only that two of the requirements asked for are not agreed yet, as the sheet says.
    expect(await findings(cwd, 'out')).toEqual([
      'out/itt/programme.itt.yaml not-agreed: REQ-HR-002 is draft, not agreed: bidders would be asked for a requirement that may still change. Agree it (status: agreed) before the ITT is issued.',
      'out/itt/programme.itt.yaml not-agreed: REQ-HR-003 is proposed, not agreed: bidders would be asked for a requirement that may still change. Agree it (status: agreed) before the ITT is issued.',
    ]);
  });

  it('says what it changed and left out, row by row, and the findings that remain are those', async () => {
    const cwd = folder();
    const book = new Workbook();
    const sheet = book.addWorksheet('Sheet1');
    sheet.addRow(['Ref', 'Requirement', 'Type', 'Priority', 'Owner']);
    sheet.addRow(['12', 'The solution shall pay staff monthly.', 'Functional', 'High', 'Payroll']);
    sheet.addRow(['', 'The solution shall keep payslips for six years, which is what HMRC expects of an employer and what staff ask for.', 'Non-functional', 'Could have', '']);
    sheet.addRow([]);
    sheet.addRow(['12', 'Again', 'Functional', 'M', '']);
    sheet.addRow(['Section 4 heading', '', '', '', '']);
    writeFileSync(join(cwd, 'payroll.xlsx'), Buffer.from(await book.xlsx.writeBuffer()));
    const result = await run(cwd, 'import', 'table', 'payroll.xlsx', '--kind', 'requirements', '--out', 'out');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        'Imported 2 requirements from payroll.xlsx into 1 file in out:',
        '  out/payroll.reqs.yaml: 2 requirements',
        'Changed on the way (7):',
        "  Header row 1: id from 'Ref', statement from 'Requirement', type from 'Type', priority from 'Priority'",
        "  Columns not imported: 'Owner' (give one a field with --columns FIELD=Header)",
        "  No column gives the title: each title is made from the statement's first words",
        "  Row 2, Priority: 'High' is not a priority (must, should, could, wont); left out",
        "  Row 2: the id '12' is written REQ-12",
        '  Row 3: no id; given REQ-3',
        "  Row 5: the id '12' is written REQ-12",
        'Not imported (2):',
        "  Row 5: the id REQ-12 is row 2's already; this row is not imported",
        "  Row 6: no title and no statement (it holds 'Section 4 heading')",
        'Still to fill in for reqtrace check (1):',
        '  priority: 1 requirement without it (its cell is empty or could not be mapped): REQ-12',
        'Check them with: reqtrace check out',
        '',
      ].join('\n'),
    );
    expect(itemsOf(join(cwd, 'out/payroll.reqs.yaml'))).toEqual([
      { id: 'REQ-12', title: 'The solution shall pay staff monthly.', statement: 'The solution shall pay staff monthly.', type: 'functional' },
      {
        id: 'REQ-3',
        title: 'The solution shall keep payslips for six years, which is what HMRC expects of an…',
        statement: 'The solution shall keep payslips for six years, which is what HMRC expects of an employer and what staff ask for.',
        type: 'non-functional',
        priority: 'could',
      },
    ]);
    expect(await findings(cwd, 'out')).toEqual([
      "out/payroll.reqs.yaml orphan-requirement: REQ-12 satisfies no user need and has no parent: say which need it meets in 'satisfies', or which requirement it refines in 'parent'.",
      "out/payroll.reqs.yaml schema: Requirement REQ-12 is missing the required field 'priority'.",
      "out/payroll.reqs.yaml uncovered-requirement: No ITT clause covers REQ-12, so bidders are never asked for it: add it to a clause's 'covers' or give it a waiver with a reason.",
      "out/payroll.reqs.yaml orphan-requirement: REQ-3 satisfies no user need and has no parent: say which need it meets in 'satisfies', or which requirement it refines in 'parent'.",
      "out/payroll.reqs.yaml uncovered-requirement: No ITT clause covers REQ-3, so bidders are never asked for it: add it to a clause's 'covers' or give it a waiver with a reason.",
    ]);
  });

  it('reads --columns for headers it does not know, and refuses a header that is not there in one line', async () => {
    const cwd = folder();
    writeFileSync(join(cwd, 'odd.csv'), 'Key,Headline,Wording,Kind,Importance\nREQ-1,Pay,The solution shall pay.,Functional,Must\n');
    const ok = await run(cwd, 'import', 'table', 'odd.csv', '--kind', 'requirements', '--out', 'out', '--columns', 'id=key,title=HEADLINE,statement=Wording,type=Kind,priority=importance');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(itemsOf(join(cwd, 'out/odd.reqs.yaml'))).toEqual([{ id: 'REQ-1', title: 'Pay', statement: 'The solution shall pay.', type: 'functional', priority: 'must' }]);

    const bad = await run(cwd, 'import', 'table', 'odd.csv', '--kind', 'requirements', '--out', 'out2', '--columns', 'id=Key,title=Name');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("reqtrace: --columns title=Name: no column 'Name' in the header row (row 1); the headers are 'Key', 'Headline', 'Wording', 'Kind', 'Importance'\n");
    const field = await run(cwd, 'import', 'table', 'odd.csv', '--kind', 'itt', '--out', 'out2', '--columns', 'statement=Wording');
    expect(field.status).toBe(2);
    expect(field.stderr).toBe("reqtrace: --columns: itt have no field 'statement'; their fields are id, title, text, response, weighting, covers, status, tags, notes\n");
    const none = await run(cwd, 'import', 'table', 'odd.csv', '--kind', 'requirements', '--out', 'out2');
    expect(none.status).toBe(2);
    expect(none.stderr).toBe(
      "reqtrace: 'odd.csv': no column gives the title or the statement of a requirement (the headers, row 1, are 'Key', 'Headline', 'Wording', 'Kind', 'Importance'); name them with --columns title=Header,statement=Header\n",
    );
    expect(existsSync(join(cwd, 'out2'))).toBe(false);
  });
});

describe('import table from CSV', () => {
  it('lists the fields reqtrace check will ask for, with the items that lack them', async () => {
    const cwd = folder();
    writeFileSync(join(cwd, 'itt.csv'), 'Clause ref,Question,Response\nITT-1,Describe payroll.,Scored\nITT-2,Confirm hosting.,Pass/Fail\nITT-3,Tell us about you.,For information\n');
    const result = await run(cwd, 'import', 'table', 'itt.csv', '--kind', 'itt', '--out', 'out');
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(
      [
        'Still to fill in for reqtrace check (2):',
        '  weighting: 1 scored clause without it (no column gives it: name one with --columns weighting=Header): ITT-1',
        '  covers: 2 clauses without it (no column gives it: name one with --columns covers=Header): ITT-1, ITT-2',
      ].join('\n'),
    );
    // Exactly the items and fields the summary listed.
    expect(await findings(cwd, 'out')).toEqual([
      "out/itt.itt.yaml schema: Clause ITT-1 is scored, so it needs a 'weighting' (a number from 0 to 100).",
      "out/itt.itt.yaml schema: Clause ITT-1 must list the requirements it asks bidders for in 'covers' (or set 'response: information').",
      "out/itt.itt.yaml schema: Clause ITT-2 must list the requirements it asks bidders for in 'covers' (or set 'response: information').",
    ]);
  });


  it('reads every RFC 4180 case: quotes, doubled quotes, delimiters and line breaks in quotes, CRLF, a BOM', async () => {
    const cwd = folder();
    const csv = [
      'ID,Title,Requirement,Type,MoSCoW,Acceptance criteria,Satisfies,Notes',
      'REQ-1,"Pay, monthly","The solution shall pay ""net"" pay.",Functional,Must have,"Paid on time\r\nPayslip sent",UN-1;UN-2,=HYPERLINK("http://evil")',
      '',
      'REQ-2,Plain,"Two\nlines",NFR,W,,"UN-1\nUN-2",@SUM(A1)',
      ',,,,,,,',
      'REQ-3,"Quote at end""",+1 shall be text,Non-functional,Could,,,-2',
    ].join('\r\n');
    writeFileSync(join(cwd, 'pay.csv'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]));
    const result = await run(cwd, 'import', 'table', 'pay.csv', '--kind', 'requirements', '--out', 'out');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(itemsOf(join(cwd, 'out/pay.reqs.yaml'))).toEqual([
      { id: 'REQ-1', title: 'Pay, monthly', statement: 'The solution shall pay "net" pay.', type: 'functional', priority: 'must', satisfies: ['UN-1', 'UN-2'], acceptance: ['Paid on time', 'Payslip sent'], notes: '=HYPERLINK("http://evil")' },
      { id: 'REQ-2', title: 'Plain', statement: 'Two\nlines', type: 'non-functional', priority: 'wont', satisfies: ['UN-1', 'UN-2'], notes: '@SUM(A1)' },
      { id: 'REQ-3', title: 'Quote at end"', statement: '+1 shall be text', type: 'non-functional', priority: 'could', notes: '-2' },
    ]);
    expect(result.stdout).not.toContain('Not imported');
  });

  it("reads a European Excel export: ';' between fields, Windows-1252 text", async () => {
    const cwd = folder();
    const text = 'Réf;Titre;Title;Need;As a;So that\nUN-1;x;Café menu;to order;diner;I eat\n';
    writeFileSync(join(cwd, 'needs.csv'), Buffer.from(text, 'latin1'));
    const result = await run(cwd, 'import', 'table', 'needs.csv', '--kind', 'needs', '--out', 'out');
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('  The file is not UTF-8: read as Windows-1252 (save it as "CSV UTF-8" to be sure of its characters)\n');
    expect(result.stdout).toContain("  Fields are separated by ';'\n");
    expect(itemsOf(join(cwd, 'out/needs.needs.yaml'))).toEqual([{ id: 'UN-1', title: 'Café menu', as: 'diner', need: 'to order', 'so-that': 'I eat' }]);
  });

  it('refuses a quoted field that never closes, in one line with nothing written', async () => {
    const cwd = folder();
    writeFileSync(join(cwd, 'open.csv'), 'ID,Title\nREQ-1,"never closed\nREQ-2,b\n');
    const result = await run(cwd, 'import', 'table', 'open.csv', '--kind', 'requirements', '--out', 'out');
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("reqtrace: 'open.csv' is not read: a quoted field in record 2 is never closed\n");
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });
});

describe('import table refuses what it should not read', () => {
  /** Runs the import of `file` (written with `bytes`) and expects a one-line refusal, quickly, with nothing written. */
  async function refused(bytes: Buffer | string, file: string, ...extra: string[]): Promise<string> {
    const cwd = folder();
    writeFileSync(join(cwd, file), bytes);
    const started = Date.now();
    const result = await run(cwd, 'import', 'table', file, '--kind', 'requirements', '--out', 'out', ...extra);
    // A sanity bound, not a timing test: a refusal must not have expanded anything first.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(existsSync(join(cwd, 'out'))).toBe(false);
    return result.stderr.trimEnd();
  }

  const HEADER = rowXml(1, ['ID', 'Title', 'Requirement']);

  it('a ZIP bomb: an entry that expands a thousand times', async () => {
    const zeros = Buffer.alloc(20 * 1024 * 1024, 0x20);
    const bomb = handMadeXlsx({ rows: HEADER, extraParts: [{ name: 'xl/media/image1.png', data: zeros }] });
    expect(bomb.length).toBeLessThan(100_000);
    expect(await refused(bomb, 'bomb.xlsx')).toMatch(
      /^reqtrace: 'bomb\.xlsx' is not read: its entry 'xl\/media\/image1\.png' expands 1\d{3} times, to 20 MB \(a ZIP bomb: spreadsheet data compresses at most about 100 times\)$/,
    );
  });

  it('a ZIP bomb whose entries claim more than 200 MB in all', async () => {
    const parts = Array.from({ length: 5 }, (_, n) => ({ name: `xl/media/image${n}.png`, data: Buffer.alloc(10), method: 0 as const, claimedSize: 50 * 1024 * 1024 }));
    const bytes = zipOf(parts);
    // Stored entries must claim the size they hold; the claim is checked first.
    expect(await refused(bytes, 'big.xlsx')).toBe("reqtrace: 'big.xlsx' is not read: its entry 'xl/media/image0.png' is stored uncompressed but claims two different sizes");
    const deflated = zipOf(Array.from({ length: 5 }, (_, n) => ({ name: `xl/media/image${n}.png`, data: Buffer.alloc(1024 * 1024), claimedSize: 50 * 1024 * 1024 })));
    expect(await refused(deflated, 'big2.xlsx')).toMatch(/^reqtrace: 'big2\.xlsx' is not read: its entry 'xl\/media\/image0\.png' expands \d+ times, to 50 MB \(a ZIP bomb/);
  });

  it('a ZIP bomb whose header claims less than the entry expands to', async () => {
    const sheet = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${HEADER}${' '.repeat(30 * 1024 * 1024)}</sheetData></worksheet>`;
    // A workbook whose sheet claims 1 KB and expands to 30 MB.
    const bytes = zipOf([
      { name: 'xl/workbook.xml', data: '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>' },
      { name: 'xl/_rels/workbook.xml.rels', data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' },
      { name: 'xl/worksheets/sheet1.xml', data: sheet, claimedSize: 1024 },
    ]);
    expect(bytes.length).toBeLessThan(100_000);
    expect(await refused(bytes, 'liar.xlsx')).toBe("reqtrace: 'liar.xlsx' is not read: its entry 'xl/worksheets/sheet1.xml' expands beyond the 1,024 bytes its header claims (a ZIP bomb)");
  });

  it('a sheet over 200,000 rows, by its dimension or by its rows', async () => {
    const dimension = handMadeXlsx({ rows: HEADER, before: '<dimension ref="A1:C300000"/>' });
    expect(await refused(dimension, 'tall.xlsx')).toBe("reqtrace: 'tall.xlsx' is not read: its sheet 'Requirements' has 300,000 rows by its dimension (A1:C300000); reqtrace imports at most 200,000");
    const rows = handMadeXlsx({ rows: HEADER + Array.from({ length: 200_001 }, (_, n) => `<row r="${n + 2}"/>`).join('') });
    expect(await refused(rows, 'rows.xlsx')).toBe("reqtrace: 'rows.xlsx' is not read: its sheet 'Requirements' has 200,002 rows; reqtrace imports at most 200,000");
    const csv = `ID,Title\n${'REQ-1,x\n'.repeat(200_001)}`;
    expect(await refused(csv, 'rows.csv')).toBe("reqtrace: 'rows.csv' is not read: it has more than 200,000 rows, the most reqtrace imports");
  });

  it('entries named outside the archive, encrypted entries, DOCTYPEs', async () => {
    expect(await refused(zipOf([{ name: '../../evil.xml', data: 'x' }]), 'slip.xlsx')).toBe("reqtrace: 'slip.xlsx' is not read: its entry '../../evil.xml' names a path outside the archive");
    expect(await refused(zipOf([{ name: '/etc/passwd', data: 'x' }]), 'abs.xlsx')).toBe("reqtrace: 'abs.xlsx' is not read: its entry '/etc/passwd' names a path outside the archive");
    expect(await refused(zipOf([{ name: 'xl/workbook.xml', data: 'x', flags: 1 }]), 'enc.xlsx')).toBe("reqtrace: 'enc.xlsx' is not read: its entry 'xl/workbook.xml' is encrypted");
    const entity = zipOf([{ name: 'xl/workbook.xml', data: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><workbook/>' }]);
    expect(await refused(entity, 'xxe.xlsx')).toBe("reqtrace: 'xxe.xlsx' is not read: its part 'xl/workbook.xml' declares a DOCTYPE or entities, which spreadsheets never do");
  });

  it('an old .xls, a password-protected workbook, a file that is not what its name says', async () => {
    expect(await refused(compoundFile('Workbook'), 'old.xls')).toBe("reqtrace: 'old.xls' is not read: it is an old binary Excel file (.xls); save it as .xlsx or CSV");
    expect(await refused(compoundFile('EncryptedPackage'), 'secret.xlsx')).toBe(
      "reqtrace: 'secret.xlsx' is not read: it is password-protected; remove the password in Excel (File > Info > Protect Workbook) or save it as CSV",
    );
    expect(await refused('ID,Title\n', 'text.xlsx')).toBe("reqtrace: 'text.xlsx' is not read: it is not an Excel workbook (an XLSX file is a ZIP archive)");
    expect(await refused(Buffer.from([0, 1, 2, 3, 0]), 'binary.csv')).toBe("reqtrace: 'binary.csv' is not read: it is not text (it holds NUL characters); import table reads CSV and XLSX files");
  });

  it('a sheet that is not there, and a missing or unknown --kind', async () => {
    const book = handMadeXlsx({ rows: HEADER, sheetName: 'Reqs' });
    expect(await refused(book, 'book.xlsx', '--sheet', 'Needs')).toBe("reqtrace: 'book.xlsx' is not read: it has no worksheet named 'Needs'; its worksheets are 'Reqs'");
    const cwd = folder();
    writeFileSync(join(cwd, 'a.csv'), 'ID,Title\nREQ-1,x\n');
    for (const [args, line] of [
      [[], 'reqtrace: import table needs --kind needs|requirements|itt: what the rows of the table are'],
      [['--kind', 'stories'], "reqtrace: import table needs --kind needs|requirements|itt: what the rows of the table are ('stories' is none of them)"],
    ] as const) {
      const result = await run(cwd, 'import', 'table', 'a.csv', '--out', 'out', ...args);
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(`${line}\n`);
    }
    expect(existsSync(join(cwd, 'out'))).toBe(false);
    // The usage shows --kind as required, the other options as optional.
    expect((await run(cwd, 'import', '--help')).stdout).toContain(
      '  reqtrace import table FILE.csv|FILE.xlsx --out DIR [--force] --kind needs|requirements|itt [--columns FIELD=Header ...] [--sheet NAME]\n',
    );
  });
});

describe('import table reads what would make exceljs expand millions of cells', () => {
  it('a data validation, a merge and a defined name over A1:XFD1048576: dropped or bounded, the data imported, quickly', async () => {
    const cwd = folder();
    const bytes = handMadeXlsx({
      rows: rowXml(1, ['ID', 'Title', 'Requirement', 'Type', 'MoSCoW']) + rowXml(2, ['REQ-1', 'Pay', 'The solution shall pay.', 'Functional', 'Must']),
      after:
        '<mergeCells count="1"><mergeCell ref="F1:XFD1048576"/></mergeCells>' +
        '<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="A1:XFD1048576"><formula1>"Must,Should,Could"</formula1></dataValidation></dataValidations>',
      workbookExtra: '<definedNames><definedName name="Everything">Requirements!$A$1:$XFD$1048576</definedName></definedNames>',
    });
    writeFileSync(join(cwd, 'lists.xlsx'), bytes);
    const started = Date.now();
    const result = await run(cwd, 'import', 'table', 'lists.xlsx', '--kind', 'requirements', '--out', 'out');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(itemsOf(join(cwd, 'out/lists.reqs.yaml'))).toEqual([{ id: 'REQ-1', title: 'Pay', statement: 'The solution shall pay.', type: 'functional', priority: 'must' }]);
  });
});

describe('import table and existing files', () => {
  it('never writes over a file unless --force', async () => {
    const cwd = folder();
    writeFileSync(join(cwd, 'hr.csv'), 'ID,Title,Requirement,Type,Priority\nREQ-1,Pay,The solution shall pay.,Functional,Must\n');
    mkdirSync(join(cwd, 'out'));
    writeFileSync(join(cwd, 'out', 'hr.reqs.yaml'), 'mine');
    const refused = await run(cwd, 'import', 'table', 'hr.csv', '--kind', 'requirements', '--out', 'out');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe('reqtrace: not imported: hr.reqs.yaml already exists in the output folder; give --force to overwrite, or another --out\n');
    expect(readFileSync(join(cwd, 'out', 'hr.reqs.yaml'), 'utf8')).toBe('mine');
    const forced = await run(cwd, 'import', 'table', 'hr.csv', '--kind', 'requirements', '--out', 'out', '--force');
    expect(forced.status).toBe(0);
    expect(itemsOf(join(cwd, 'out', 'hr.reqs.yaml'))).toHaveLength(1);
  });
});
