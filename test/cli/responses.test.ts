/**
 * `reqtrace responses`: bidder workbooks written by `export matrix`, filled in here with exceljs as a
 * bidder and an evaluator would (answered, half answered, tampered with, scored), then read back by
 * the CLI as a child process. What each should report is worked out here from what was filled in.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { run } from './run';
import { scratchFolders } from './scratch';

const SYNERGY = join(__dirname, '..', '..', 'samples', 'synergy');

const folder = scratchFolders('reqtrace-responses-');

function copyOf(source: string): string {
  const dir = folder();
  cpSync(source, join(dir, 'sor'), { recursive: true });
  return dir;
}

interface Bidder {
  file: string;
  questions: number;
  requirements: number;
  missingMandatory: { sheet: string; row: number; ref: string; what: string }[];
  notCompliantMust: { ref: string }[];
  failedPassFail: { ref: string }[];
  unanswered: { ref: string; what: string }[];
  changedByBidder: { sheet: string; row: number; ref: string }[];
  movedOrRemoved: { ref: string }[];
  added: { sheet: string; row: number }[];
  changedSince: { ref: string; what: string }[];
  compliance: Record<string, number>;
  scores?: { quality: number; share?: { percent: number; score: number }; sections: { section: string; weighted: number; scaled: number }[]; belowMinimum: { ref: string }[]; scored: number; unscored: number };
  mandatoryMissing: boolean;
}

async function responses(cwd: string, ...args: string[]): Promise<{ status: number | null; bidders: Bidder[]; stderr: string }> {
  const result = await run(cwd, 'responses', ...args, '--format', 'json');
  return { status: result.status, stderr: result.stderr, bidders: result.status === 2 ? [] : (JSON.parse(result.stdout) as { bidders: Bidder[] }).bidders };
}

/** Each answer row of a workbook by its hidden list: sheet, row, clause, requirement, role. */
function answerRows(book: ExcelJS.Workbook): { sheet: string; row: number; clause: string; requirement: string; role: string }[] {
  const rows: { sheet: string; row: number; clause: string; requirement: string; role: string }[] = [];
  book.getWorksheet('reqtrace-answers')!.eachRow((row, r) => {
    if (r === 1) return;
    const v = row.values as unknown[];
    const cell = (i: number): string => (typeof v[i] === 'string' || typeof v[i] === 'number' ? String(v[i]) : '');
    rows.push({ sheet: cell(1), row: Number(cell(2)), clause: cell(3), requirement: cell(4), role: cell(5) });
  });
  return rows;
}

/** Fills every answer of the rows `which` picks, as a bidder that meets everything. */
function answer(book: ExcelJS.Workbook, which: (row: { sheet: string; role: string }) => boolean = () => true): void {
  for (const entry of answerRows(book)) {
    if (!which(entry)) continue;
    const row = book.getWorksheet(entry.sheet)!.getRow(entry.row);
    if (entry.role === 'question') {
      if (row.getCell(4).value === 'Pass/fail') row.getCell(9).value = 'Yes';
      row.getCell(11).value = 'Our answer.';
    } else if (entry.role === 'answer') {
      row.getCell(9).value = 'Fully compliant';
      row.getCell(10).value = 'Standard';
      row.getCell(11).value = 'Met as standard.';
      row.getCell(12).value = 'Product guide 4.2';
    }
  }
}

async function exported(dir: string): Promise<ExcelJS.Workbook> {
  const result = await run(dir, 'export', 'matrix', 'sor', '--out', 'sent.xlsx');
  expect(result.status, result.stderr).toBe(0);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(join(dir, 'sent.xlsx'));
  return book;
}

describe('responses', () => {
  it('a workbook answered in full: nothing missing, nothing changed, exit 0', async () => {
    const dir = copyOf(SYNERGY);
    const book = await exported(dir);
    answer(book);
    await book.xlsx.writeFile(join(dir, 'full.xlsx'));
    const { status, bidders } = await responses(dir, 'full.xlsx', 'sor');
    expect(status).toBe(0);
    const [bidder] = bidders;
    const rows = answerRows(book);
    expect(bidder!.questions).toBe(rows.filter((r) => r.role === 'question').length);
    expect(bidder!.requirements).toBe(rows.filter((r) => r.role === 'answer').length);
    expect(bidder!.missingMandatory).toEqual([]);
    expect(bidder!.changedByBidder).toEqual([]);
    expect(bidder!.movedOrRemoved).toEqual([]);
    expect(bidder!.added).toEqual([]);
    expect(bidder!.changedSince).toEqual([]);
    expect(bidder!.compliance['Fully compliant']).toBe(bidder!.requirements);
    expect(bidder!.scores).toBeUndefined();
  });

  it('half answered: every pass/fail confirmation and must compliance left blank is listed, exit 1', async () => {
    const dir = copyOf(SYNERGY);
    const book = await exported(dir);
    answer(book, (row) => row.sheet === 'Section 3');
    await book.xlsx.writeFile(join(dir, 'half.xlsx'));
    const { status, bidders } = await responses(dir, 'half.xlsx', 'sor');
    expect(status).toBe(1);
    const missing = bidders[0]!.missingMandatory;
    // Worked out from the workbook: outside section 3, each pass/fail question and each must requirement's answer row.
    const expected: string[] = [];
    for (const entry of answerRows(book)) {
      if (entry.sheet === 'Section 3') continue;
      const row = book.getWorksheet(entry.sheet)!.getRow(entry.row);
      if (entry.role === 'question' && row.getCell(4).value === 'Pass/fail') expected.push(`${entry.sheet}:${entry.row}`);
      if (entry.role === 'answer' && row.getCell(4).value === 'Must') expected.push(`${entry.sheet}:${entry.row}`);
    }
    expect(expected.length).toBeGreaterThan(10);
    expect(missing.map((m) => `${m.sheet}:${m.row}`).sort()).toEqual(expected.sort());
    expect(bidders[0]!.mandatoryMissing).toBe(true);
  });

  it('a tampered workbook: changed buyer text, a removed row, an added row, Not compliant musts and a No', async () => {
    const dir = copyOf(SYNERGY);
    const book = await exported(dir);
    answer(book);
    const rows = answerRows(book);
    const target = rows.find((r) => r.role === 'answer' && r.sheet === 'Section 3')!;
    const sheet3 = book.getWorksheet('Section 3')!;
    sheet3.getRow(target.row).getCell(3).value = 'The solution may, if convenient, hold a record.';
    const must = rows.find((r) => r.role === 'answer' && r.sheet === 'Section 4' && book.getWorksheet('Section 4')!.getRow(r.row).getCell(4).value === 'Must')!;
    book.getWorksheet('Section 4')!.getRow(must.row).getCell(9).value = 'Not compliant';
    const passFail = rows.find((r) => r.role === 'question' && r.sheet === 'Section 2')!;
    book.getWorksheet('Section 2')!.getRow(passFail.row).getCell(9).value = 'No';
    const last = sheet3.rowCount;
    sheet3.getRow(last + 1).getCell(1).value = 'REQ-EXTRA-1';
    sheet3.getRow(last + 1).getCell(3).value = 'A requirement the bidder added.';
    await book.xlsx.writeFile(join(dir, 'tampered.xlsx'));
    const { bidders } = await responses(dir, 'tampered.xlsx', 'sor');
    const bidder = bidders[0]!;
    expect(bidder.changedByBidder).toEqual([expect.objectContaining({ sheet: 'Section 3', row: target.row, ref: target.requirement })]);
    expect(bidder.notCompliantMust.map((r) => r.ref)).toEqual([must.requirement]);
    expect(bidder.failedPassFail.map((r) => r.ref)).toEqual([passFail.clause]);
    expect(bidder.added).toEqual([expect.objectContaining({ sheet: 'Section 3', row: last + 1 })]);

    // A row deleted moves the rows under it: the first of them is reported not where it was written.
    sheet3.spliceRows(target.row, 1);
    await book.xlsx.writeFile(join(dir, 'spliced.xlsx'));
    const spliced = (await responses(dir, 'spliced.xlsx', 'sor')).bidders[0]!;
    expect(spliced.movedOrRemoved.length).toBeGreaterThan(0);
    expect(spliced.movedOrRemoved[0]!.ref).toBe(target.requirement);
  });

  it('requirement files changed since the workbook was made: the changed requirement is named', async () => {
    const dir = copyOf(SYNERGY);
    const book = await exported(dir);
    answer(book);
    await book.xlsx.writeFile(join(dir, 'full.xlsx'));
    const file = join(dir, 'sor', 'requirements', 'hr.reqs.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: Single employee record\n', 'title: One employee record\n'));
    const { bidders } = await responses(dir, 'full.xlsx', 'sor');
    expect(bidders[0]!.changedSince.map((r) => r.ref)).toEqual(['REQ-HR-001']);
  });

  it('scored by evaluators: weighted totals per section and overall, and a score below its minimum', async () => {
    const dir = folder({
      'sor/reqtrace.config.yaml': 'evaluation: { quality: 70, price: 30 }\n',
      'sor/a.needs.yaml': 'kind: needs\nitems:\n  - id: UN-1\n    title: Pay\n    as: a payroll officer\n    need: to pay people\n    so-that: they are paid\n    priority: must\n',
      'sor/a.reqs.yaml': 'kind: requirements\nitems:\n' + [1, 2].map((n) => `  - id: REQ-${n}\n    title: R${n}\n    statement: The solution shall pay ${n}.\n    type: functional\n    priority: must\n    satisfies: [UN-1]\n    status: agreed\n`).join(''),
      'sor/s1.itt.yaml': 'kind: itt\ntitle: Quality\nsection: "1"\nitems:\n  - id: ITT-1\n    title: One\n    text: Explain one.\n    response: scored\n    weighting: 60\n    covers: [REQ-1]\n  - id: ITT-2\n    title: Two\n    text: Explain two.\n    response: scored\n    weighting: 40\n    minimum-score: 2\n    covers: [REQ-2]\n',
    });
    const book = await exported(dir);
    answer(book);
    const evaluation = book.getWorksheet('Evaluation')!;
    evaluation.eachRow((row) => {
      if (row.getCell(2).value === 'ITT-1') row.getCell(6).value = 4;
      if (row.getCell(2).value === 'ITT-2') row.getCell(6).value = 1;
    });
    await book.xlsx.writeFile(join(dir, 'scored.xlsx'));
    const { bidders, status } = await responses(dir, 'scored.xlsx', 'sor');
    expect(status).toBe(0);
    const scores = bidders[0]!.scores!;
    // 4/4 × 60 + 1/4 × 40 = 70 of a budget of 100; the only section is the whole quality score.
    expect(scores.sections).toEqual([expect.objectContaining({ section: 'Section 1', weighted: 70, scaled: 70 })]);
    expect(scores.quality).toBe(70);
    expect(scores.share).toEqual({ percent: 70, score: 49 });
    expect(scores.belowMinimum.map((r) => r.ref)).toEqual(['ITT-2']);

    // Two bidders side by side, in text.
    const text = await run(dir, 'responses', 'scored.xlsx', 'sent.xlsx', 'sor');
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/^Quality score \(of 100\) +70\.00 +—$/m);
    expect(text.stdout).toMatch(/^ +scored\.xlsx +sent\.xlsx$/m);
  });

  it("sections whose sheets are called 'Instructions' and 'Evaluation': the workbook's own sheets give way, and answers and scores are read from the right ones", async () => {
    const dir = folder({
      'sor/a.needs.yaml': 'kind: needs\nitems:\n  - id: UN-1\n    title: Pay\n    as: a payroll officer\n    need: to pay people\n    so-that: they are paid\n    priority: must\n',
      'sor/a.reqs.yaml': 'kind: requirements\nitems:\n' + [1, 2].map((n) => `  - id: REQ-${n}\n    title: R${n}\n    statement: The solution shall pay ${n}.\n    type: functional\n    priority: must\n    satisfies: [UN-1]\n    status: agreed\n`).join(''),
      'sor/a.itt.yaml': 'kind: itt\ntitle: Instructions\nitems:\n  - id: ITT-1\n    title: One\n    text: Explain one.\n    response: scored\n    weighting: 100\n    covers: [REQ-1]\n',
      'sor/b.itt.yaml': 'kind: itt\ntitle: Evaluation\nitems:\n  - id: ITT-2\n    title: Two\n    text: Confirm two.\n    response: pass-fail\n    covers: [REQ-2]\n',
    });
    const book = await exported(dir);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['Instructions (2)', 'Instructions', 'Evaluation', 'Evaluation (2)', 'reqtrace-answers']);
    answer(book);
    book.getWorksheet('Evaluation (2)')!.eachRow((row) => {
      if (row.getCell(2).value === 'ITT-1') row.getCell(6).value = 3;
    });
    await book.xlsx.writeFile(join(dir, 'scored.xlsx'));
    const { bidders, status } = await responses(dir, 'scored.xlsx', 'sor');
    expect(status).toBe(0);
    expect(bidders[0]!.movedOrRemoved).toEqual([]);
    expect(bidders[0]!.requirements).toBe(2);
    expect(bidders[0]!.scores?.quality).toBe(75);
  });

  it('refuses a workbook reqtrace did not write, and a call without one, in one line, exit 2', async () => {
    const dir = copyOf(SYNERGY);
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Compliance').addRow(['Ref', 'Compliance']);
    await book.xlsx.writeFile(join(dir, 'other.xlsx'));
    const other = await run(dir, 'responses', 'other.xlsx', 'sor');
    expect(other.status).toBe(2);
    expect(other.stderr).toBe("reqtrace: 'other.xlsx' is not read: it is not a bidder workbook written by reqtrace export matrix (it has no hidden 'reqtrace-answers' sheet)\n");
    const none = await run(dir, 'responses', 'sor');
    expect(none.status).toBe(2);
    expect(none.stderr.split('\n')).toHaveLength(2);
  });
});
