/**
 * `export matrix`: the bidder workbook, an XLSX written with exceljs from the tender pack.
 *
 * - Instructions: the programme, its marking, when and from which commit the workbook was made,
 *   how to answer, what each compliance and delivery code means, the scoring scale, the evaluation
 *   split. A draft (the `draft` option, while requirements asked of bidders are not agreed) says so
 *   above everything else, and every printed page of it is headed DRAFT, so that it is never taken
 *   for the workbook to issue.
 * - A sheet per ITT section: each clause as a header row (id, title, question, response type,
 *   weighting, minimum score, an answer cell) and under it a row per live requirement it covers,
 *   with the bidder's columns Compliance, Delivery, Response and Evidence reference. A requirement
 *   asked for by several clauses is answered at its first row; the others say where.
 * - Evaluation, for the buyer's evaluators: a row per scored clause with a Score cell (0 to the
 *   scale's top), a justification, the weighted score and a minimum-score flag as formulas, section
 *   subtotals scaled by their weights, the quality total and its share of the whole; a row per
 *   pass/fail clause with Pass / Fail.
 * - A very hidden sheet that lists every answer row with its clause, requirement and a hash of the
 *   buyer's text on it, for reading a returned workbook.
 *
 * Every sheet is protected (no password unless --password): what the buyer wrote is locked, the
 * cells for answers are not. Text from requirement files is always written as text, never as a
 * formula; the only formulas are the Evaluation sheet's own.
 */
import type { Cell, DataValidation, PaperSize, Row, Style, Worksheet } from 'exceljs';
import type { Workspace } from '../analysis/workspace';
import { DEFAULT_SCORING, type TenderSettings } from '../config';
import { hash64 } from '../hash';
import { PRIORITY_WORD, type Item } from '../model';
import type { BytesExporter, ExportContext, ExportOptions } from './exporter';
import { DRAFT_OPTION, namedIds, notAgreedCount } from './readiness';
import { setZipDates } from './zipDates';
import { cellText, sectionWeights, sheetName, tenderPack, type PackClause, type PackRequirement, type PackSection, type TenderPack } from './tenderPack';

export const COMPLIANCE: readonly (readonly [string, string])[] = [
  ['Fully compliant', 'The solution meets the requirement as written, from go-live.'],
  ['Partially compliant', 'The solution meets part of the requirement: say which part, and how the rest would be met, in Response.'],
  ['Not compliant', 'The solution does not meet the requirement.'],
  ['Roadmap', 'The requirement will be met by a release not yet available: give the release and its date in Response.'],
];

export const DELIVERY: readonly (readonly [string, string])[] = [
  ['Standard', 'Met by the product as supplied, with no configuration.'],
  ['Configuration', 'Met by settings and configuration tools, with no code written.'],
  ['Third party', 'Met by another product: name it and who supplies it in Response.'],
  ['Customisation', 'Met by code written for this customer.'],
  ['Future release', 'Met by a release not yet available: give the release and its date in Response.'],
  ['Not provided', 'Not met by the proposed solution.'],
];

/** The section sheets' columns: the buyer's (A–H) then the bidder's (I–L). */
export const SECTION_COLUMNS: readonly (readonly [string, number])[] = [
  ['Ref', 14],
  ['Title', 30],
  ['Requirement or question', 60],
  ['Priority', 11],
  ['Type', 15],
  ['Acceptance criteria', 45],
  ['Status', 24],
  ['Meets user needs', 22],
  ['Compliance', 20],
  ['Delivery', 17],
  ['Response', 55],
  ['Evidence reference', 22],
];
/** The first bidder column (I) and the last (L). */
const BIDDER_FIRST = 9;
const BIDDER_LAST = 12;
/** Row of the section sheets' column headings; rows above it are the sheet's title. */
export const HEADING_ROW = 3;

/** The first words of a draft's banner and of its pages' header. */
const DRAFT_MARK = 'DRAFT — not for issue';

/** The hidden sheet every returned workbook is read by. */
export const ANSWER_SHEET = 'reqtrace-answers';
export const ANSWER_COLUMNS = ['Sheet', 'Row', 'Clause', 'Requirement', 'Role', 'Buyer text hash'] as const;

const RESPONSE_WORD: Record<string, string> = { scored: 'Scored', 'pass-fail': 'Pass/fail', information: 'For information' };
const TYPE_WORD: Record<string, string> = { functional: 'Functional', 'non-functional': 'Non-functional' };

const FILL_CLAUSE = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } } as const;
const FILL_HEADING = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3864' } } as const;
const FILL_ANSWER = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } } as const;
const FILL_NOT_AGREED = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } } as const;
const FILL_DRAFT = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } } as const;
const WRAP = { wrapText: true, vertical: 'top' } as const;

/**
 * Cell styles, each one object shared by every cell that has it: exceljs recognises a style object
 * it has seen, so ten thousand rows cost ten styles, not a hundred thousand. None is changed after
 * it is given to a cell.
 */
const STYLE = {
  heading: { font: { bold: true, color: { argb: 'FFFFFFFF' } }, fill: FILL_HEADING, alignment: WRAP },
  clause: { font: { bold: true }, fill: FILL_CLAUSE, alignment: WRAP },
  clauseAnswer: { font: { bold: true }, fill: FILL_ANSWER, alignment: WRAP, protection: { locked: false } },
  text: { alignment: WRAP },
  notAgreed: { fill: FILL_NOT_AGREED, alignment: WRAP },
  answer: { fill: FILL_ANSWER, alignment: WRAP, protection: { locked: false } },
  pointer: { font: { italic: true, color: { argb: 'FF595959' } }, alignment: WRAP },
  score: { numFmt: '0.00', alignment: WRAP },
  total: { font: { bold: true }, numFmt: '0.00' },
  bold: { font: { bold: true } },
  draft: { font: { bold: true, size: 16, color: { argb: 'FF9C0006' } }, fill: FILL_DRAFT, alignment: WRAP },
  draftDetail: { font: { bold: true, color: { argb: 'FF9C0006' } }, fill: FILL_DRAFT, alignment: WRAP },
} as const satisfies Record<string, Partial<Style>>;

export const matrixExport: BytesExporter<'items'> = {
  name: 'matrix',
  kind: 'exchange',
  summary: 'the bidder workbook (XLSX): a compliance matrix sheet per ITT section, an evaluation sheet, instructions',
  extension: 'xlsx',
  mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  needs: ['items'],
  options: [
    { name: 'password', type: 'string', summary: 'the password that unprotects the sheets (default: protected, no password)', commandLine: true },
    { name: 'draft', type: 'boolean', summary: 'write it while requirements asked of bidders are not agreed (readiness: tender refuses otherwise)', commandLine: true },
  ],
  relativeTo: 'output',
  recordsGit: true,
  writes: 'bytes',
  render: ({ items }, context, options) => renderMatrix(items, context, options),
};

/** The workbook's bytes. */
export async function renderMatrix(workspace: Workspace, context: Pick<ExportContext, 'title' | 'provenance' | 'tender'>, options: ExportOptions = {}): Promise<Uint8Array> {
  // exceljs is loaded here, when a workbook is written, not by every command that starts.
  const { Workbook } = await import('exceljs');
  const tender: TenderSettings = context.tender ?? { scoring: DEFAULT_SCORING };
  const pack = tenderPack(workspace);
  // A workbook written while requirements asked of bidders are not agreed is a draft only when asked for one (readiness.ts).
  const draft = options[DRAFT_OPTION] === true && pack.notAgreed.length > 0;
  const book = new Workbook();
  book.creator = 'reqtrace';
  book.created = context.provenance.generatedAt;
  book.modified = context.provenance.generatedAt;
  book.title = tender.title ?? context.title;

  const names = bookSheetNames(pack);
  const instructions = book.addWorksheet(names.instructions);
  const sectionSheets = pack.sections.map((section) => book.addWorksheet(section.sheet));
  const evaluation = book.addWorksheet(names.evaluation);
  const answers = book.addWorksheet(ANSWER_SHEET, { state: 'veryHidden' });
  answers.addRow([...ANSWER_COLUMNS]);

  writeInstructions(instructions, pack, tender, context, names.evaluation, draft);
  const rowOf = new Map<string, number>();
  pack.sections.forEach((section, index) => writeSection(sectionSheets[index] as Worksheet, section, pack, tender, answers, rowOf));
  writeEvaluation(evaluation, pack, tender, names.instructions);

  const password = typeof options['password'] === 'string' ? options['password'] : '';
  for (const sheet of book.worksheets) {
    if (sheet === answers) continue;
    decorate(sheet, tender, book.title, sectionSheets.includes(sheet), draft);
    fitRowHeights(sheet);
    await sheet.protect(password, { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true, autoFilter: true, sort: false });
  }
  await answers.protect(password, {});
  return setZipDates(new Uint8Array(await book.xlsx.writeBuffer()), context.provenance.generatedAt);
}

function writeInstructions(sheet: Worksheet, pack: TenderPack, tender: TenderSettings, context: Pick<ExportContext, 'title' | 'provenance'>, evaluationSheet: string, draft: boolean): void {
  sheet.columns = [{ width: 28 }, { width: 100 }];
  if (draft) {
    banner(sheet, `${DRAFT_MARK}: ${notAgreedCount(pack.notAgreed.length)} not agreed.`, STYLE.draft);
    banner(sheet, `Not agreed: ${namedIds(pack.notAgreed)}. They are marked "Not yet agreed" on the section sheets and may still change: this workbook is not the invitation to tender, and is not to be sent to bidders.`, STYLE.draftDetail);
  }
  const title = sheet.addRow([tender.title ?? context.title]);
  title.font = { bold: true, size: 16 };
  if (tender.classification) sheet.addRow(['Classification', tender.classification]).font = { bold: true };
  const { generatedAt, git } = context.provenance;
  sheet.addRow(['Generated', generatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z')]);
  if (git?.commit) sheet.addRow(['From commit', `${git.commit}${git.branch ? ` (branch ${git.branch})` : ''}${git.dirty ? ', with changes not yet committed' : ''}`]);
  sheet.addRow([]);
  heading(sheet, 'How to answer');
  const sheets = pack.sections.map((section) => `'${section.sheet}'`).join(', ');
  for (const line of [
    `Each section of the invitation to tender has a sheet: ${sheets || '(none)'}. A blue row is a question; the rows under it are the requirements it asks about.`,
    'Answer in the yellow cells only: the other cells are locked. For each requirement give its Compliance and Delivery (choose from the list), a Response, and where it is shown an Evidence reference (a document and section, or a demonstration).',
    'Answer each question in the Response cell of its blue row. A pass/fail question also asks you to confirm, Yes or No, in its Compliance cell.',
    'A requirement asked about by more than one question is answered once, at its first row; its other rows say where.',
    'Requirements marked "Not yet agreed" may still change before the tender is issued.',
    `Do not add, remove, move or rename rows or sheets, and do not change the buyer's text: answers are read back by their place. The '${evaluationSheet}' sheet is for the buyer's evaluators: leave it blank.`,
  ]) {
    wrapped(sheet.addRow(['', line]));
  }
  sheet.addRow([]);
  heading(sheet, 'Compliance');
  for (const [code, meaning] of COMPLIANCE) wrapped(sheet.addRow([code, meaning]));
  sheet.addRow([]);
  heading(sheet, 'Delivery');
  for (const [code, meaning] of DELIVERY) wrapped(sheet.addRow([code, meaning]));
  sheet.addRow([]);
  heading(sheet, 'Scoring of quality questions');
  tender.scoring.descriptors.forEach((descriptor, score) => wrapped(sheet.addRow([score, descriptor || `Score ${score}`])));
  sheet.addRow(['', `Weighted score = score ÷ ${tender.scoring.max} × the question's weighting. A score below a question's minimum score excludes the bid.`]);
  if (tender.evaluation) {
    sheet.addRow([]);
    heading(sheet, 'Evaluation');
    for (const [part, share] of Object.entries(tender.evaluation)) sheet.addRow([capitalise(part.replace(/-/g, ' ')), `${share}%`]);
  }
  const top = draft ? 3 : 1;
  for (let row = top; row < top + 4; row++) sheet.getRow(row).alignment = { vertical: 'top' };
}

function writeSection(sheet: Worksheet, section: PackSection, pack: TenderPack, tender: TenderSettings, answers: Worksheet, rowOf: Map<string, number>): void {
  sheet.columns = SECTION_COLUMNS.map(([, width]) => ({ width }));
  const named = section.label === undefined || section.title.toLowerCase().startsWith(`section ${section.label}`.toLowerCase());
  const title = sheet.addRow([named ? section.title : `Section ${section.label}: ${section.title}`]);
  title.font = { bold: true, size: 14 };
  sheet.addRow([sectionNote(section, tender)]);
  styled(sheet.addRow(SECTION_COLUMNS.map(([name]) => name)), 1, SECTION_COLUMNS.length, STYLE.heading);
  const notAgreed = new Set(pack.notAgreed);
  for (const clause of section.clauses) {
    const { item } = clause;
    const buyer = questionCells(clause, section, tender);
    const row = sheet.addRow(buyer);
    styled(row, 1, 8, STYLE.clause);
    // The answer to the question itself: confirmation for pass/fail, a response for every question.
    if (item.response === 'pass-fail') answerCell(row.getCell(BIDDER_FIRST), STYLE.clauseAnswer, ['Yes', 'No']);
    else {
      styled(row, BIDDER_FIRST, BIDDER_FIRST + 1, STYLE.clause);
      sheet.mergeCells(row.number, BIDDER_FIRST, row.number, BIDDER_FIRST + 1);
    }
    answerCell(row.getCell(11), STYLE.clauseAnswer);
    answerCell(row.getCell(12), STYLE.clauseAnswer);
    rowOf.set(`${item.id}\0`, row.number);
    answers.addRow([sheet.name, row.number, item.id, '', 'question', buyerHash(buyer)]);

    const first = sheet.rowCount + 1;
    for (const requirement of clause.requirements) {
      const { item: req } = requirement;
      const cells = requirementCells(requirement);
      const row = sheet.addRow(cells);
      styled(row, 1, 8, STYLE.text);
      if (notAgreed.has(req.id)) row.getCell(7).style = STYLE.notAgreed;
      if (requirement.answeredAt) {
        const at = rowOf.get(`${requirement.answeredAt.clause}\0${req.id}`);
        sheet.mergeCells(row.number, BIDDER_FIRST, row.number, BIDDER_LAST);
        row.getCell(BIDDER_FIRST).value = `Answered at '${requirement.answeredAt.sheet}' row ${at ?? '?'} (${requirement.answeredAt.clause})`;
        row.getCell(BIDDER_FIRST).style = STYLE.pointer;
        answers.addRow([sheet.name, row.number, item.id, req.id, 'see', buyerHash(cells)]);
      } else {
        for (let column = BIDDER_FIRST; column <= BIDDER_LAST; column++) answerCell(row.getCell(column), STYLE.answer);
        rowOf.set(`${item.id}\0${req.id}`, row.number);
        answers.addRow([sheet.name, row.number, item.id, req.id, 'answer', buyerHash(cells)]);
      }
    }
    // The lists are added once per run of requirement rows, as ranges: every spreadsheet program shows them.
    const answerRows = clause.requirements.map((r, i) => (r.answeredAt ? -1 : first + i)).filter((r) => r > 0);
    for (const [from, to] of runs(answerRows)) {
      addValidation(sheet, `I${from}:I${to}`, listValidation(COMPLIANCE.map(([code]) => code), 'Compliance'));
      addValidation(sheet, `J${from}:J${to}`, listValidation(DELIVERY.map(([code]) => code), 'Delivery'));
    }
  }
  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: HEADING_ROW, topLeftCell: `B${HEADING_ROW + 1}`, activeCell: `B${HEADING_ROW + 1}` }];
  sheet.autoFilter = { from: { row: HEADING_ROW, column: 1 }, to: { row: Math.max(HEADING_ROW, sheet.rowCount), column: SECTION_COLUMNS.length } };
  sheet.pageSetup.printTitlesRow = `${HEADING_ROW}:${HEADING_ROW}`;
}

function writeEvaluation(sheet: Worksheet, pack: TenderPack, tender: TenderSettings, instructionsSheet: string): void {
  const { max } = tender.scoring;
  sheet.columns = [{ width: 14 }, { width: 14 }, { width: 45 }, { width: 11 }, { width: 15 }, { width: 10 }, { width: 50 }, { width: 14 }, { width: 30 }];
  sheet.addRow(['Evaluation: for the buyer\'s evaluators']).font = { bold: true, size: 14 };
  sheet.addRow([`Score each scored question from 0 to ${max} (the scale is on the '${instructionsSheet}' sheet) and give the reason; the weighted score, the flags and the totals are worked out.`]);
  styled(sheet.addRow(['Section', 'Question', 'Title', 'Weighting', 'Minimum score', 'Score', 'Justification', 'Weighted score', 'Flag']), 1, 9, STYLE.heading);
  const weights = sectionWeights(pack);
  const scaledCells: string[] = [];
  const scoreList = listValidation(Array.from({ length: max + 1 }, (_, score) => String(score)), 'Score', tender.scoring.descriptors.map((d, score) => `${score}: ${d || `Score ${score}`}`).join('\n'));
  for (const section of pack.sections) {
    const scored = section.clauses.filter((clause) => clause.item.response === 'scored');
    if (scored.length === 0) continue;
    const first = sheet.rowCount + 1;
    for (const clause of scored) {
      const row = sheet.addRow([section.label ?? section.sheet, clause.item.id, cellText(clause.item.title ?? ''), clause.item.weighting ?? 0, clause.minimumScore ?? null]);
      const r = row.number;
      row.getCell(8).value = { formula: `IF(ISNUMBER(F${r}),F${r}/${max}*D${r},"")` };
      row.getCell(9).value = { formula: `IF(AND(ISNUMBER(F${r}),ISNUMBER(E${r}),F${r}<E${r}),"Below minimum: bid excluded","")` };
      styled(row, 1, 9, STYLE.text);
      row.getCell(8).style = STYLE.score;
      answerCell(row.getCell(6), STYLE.answer);
      answerCell(row.getCell(7), STYLE.answer);
    }
    const last = sheet.rowCount;
    addValidation(sheet, `F${first}:F${last}`, scoreList);
    const weight = weights.get(section) ?? 0;
    const subtotal = sheet.addRow([section.label ?? section.sheet, '', `Section subtotal: weighted scores ÷ ${formatNumber(section.budget)} × ${formatNumber(weight)}% of quality`]);
    const r = subtotal.number;
    subtotal.getCell(8).value = { formula: `SUM(H${first}:H${last})/${section.budget}*${weight}` };
    styled(subtotal, 1, 9, STYLE.total);
    scaledCells.push(`H${r}`);
  }
  const total = sheet.addRow(['', '', 'Quality score (out of 100)']);
  total.getCell(8).value = { formula: scaledCells.length > 0 ? scaledCells.join('+') : '0' };
  styled(total, 1, 9, STYLE.total);
  const quality = tender.evaluation?.['quality'];
  if (quality !== undefined) {
    const share = sheet.addRow(['', '', `Quality's share of the whole score (${formatNumber(quality)}%)`]);
    share.getCell(8).value = { formula: `H${total.number}*${quality}/100` };
    styled(share, 1, 9, STYLE.total);
  }
  const passFail = pack.sections.flatMap((section) => section.clauses.filter((clause) => clause.item.response === 'pass-fail').map((clause) => ({ section, clause })));
  if (passFail.length > 0) {
    sheet.addRow([]);
    const head = sheet.addRow(['Section', 'Question', 'Title', '', '', 'Pass / Fail', 'Justification']);
    styled(head, 1, 9, STYLE.bold);
    const first = sheet.rowCount + 1;
    for (const { section, clause } of passFail) {
      const row = sheet.addRow([section.label ?? section.sheet, clause.item.id, cellText(clause.item.title ?? '')]);
      styled(row, 1, 9, STYLE.text);
      answerCell(row.getCell(6), STYLE.answer);
      answerCell(row.getCell(7), STYLE.answer);
    }
    addValidation(sheet, `F${first}:F${sheet.rowCount}`, listValidation(['Pass', 'Fail'], 'Pass / Fail'));
  }
  sheet.views = [{ state: 'frozen', ySplit: HEADING_ROW, activeCell: `F${HEADING_ROW + 1}` }];
  sheet.autoFilter = { from: { row: HEADING_ROW, column: 1 }, to: { row: HEADING_ROW, column: 9 } };
  sheet.pageSetup.printTitlesRow = `${HEADING_ROW}:${HEADING_ROW}`;
}

/**
 * The names of the workbook's own sheets: 'Instructions' and 'Evaluation', unless a section's sheet
 * already has the name. The reader of returned workbooks finds them by the same names.
 */
export function bookSheetNames(pack: TenderPack): { readonly instructions: string; readonly evaluation: string } {
  const taken = new Set(pack.sections.map((section) => section.sheet.toLowerCase()));
  return { instructions: sheetName('Instructions', taken), evaluation: sheetName('Evaluation', taken) };
}

/** The buyer's cells (A–H) of a question's row, as written. */
export function questionCells(clause: PackClause, section: PackSection, tender: TenderSettings): string[] {
  const { item } = clause;
  const responseType = RESPONSE_WORD[item.response ?? ''] ?? item.response ?? '';
  const weighting = item.response === 'scored' && item.weighting !== undefined ? `Weighting ${formatNumber(item.weighting)} of ${formatNumber(section.budget)}` : '';
  const minimum = clause.minimumScore !== undefined ? `Minimum score ${formatNumber(clause.minimumScore)} of ${tender.scoring.max}` : '';
  return [item.id, item.title ?? '', item.text ?? '', responseType, weighting, minimum, statusWord(item), ''].map(cellText);
}

/** The buyer's cells (A–H) of a requirement's row, as written. */
export function requirementCells(requirement: PackRequirement): string[] {
  const { item } = requirement;
  const acceptance = requirement.acceptance.map((line) => `• ${line}`).join('\n');
  return [item.id, item.title ?? '', item.text ?? '', PRIORITY_WORD[item.priority ?? ''] ?? item.priority ?? '', TYPE_WORD[item.type ?? ''] ?? item.type ?? '', acceptance, statusWord(item), requirement.needs.join(', ')].map(cellText);
}

/** What the hidden sheet records of a row's buyer cells, to tell later whether they changed. */
export function buyerHash(cells: readonly string[]): string {
  return hash64(JSON.stringify(cells));
}

/** Print setup, header and footer of every visible sheet; a draft's pages are headed DRAFT on the left. */
function decorate(sheet: Worksheet, tender: TenderSettings, title: string, wide: boolean, draft: boolean): void {
  sheet.pageSetup.orientation = 'landscape';
  // A section sheet's twelve columns print at a readable size on A3; the others fit A4.
  // The OOXML paper codes: 8 is A3, 9 is A4 (exceljs's type names A4 but not A3).
  sheet.pageSetup.paperSize = (wide ? 8 : 9) as PaperSize;
  sheet.pageSetup.fitToPage = true;
  sheet.pageSetup.fitToWidth = 1;
  sheet.pageSetup.fitToHeight = 0;
  const marking = tender.classification ? headerText(tender.classification) : '';
  const left = draft ? `&L&"-,Bold"${headerText(DRAFT_MARK)}` : '';
  sheet.headerFooter.oddHeader = `${left}${marking ? `&C&"-,Bold"${marking}` : ''}`;
  sheet.headerFooter.oddFooter = `&L${headerText(title)}${marking ? `&C&"-,Bold"${marking}` : ''}&RPage &P of &N`;
}

/**
 * Gives each row the height its wrapped text needs. Excel grows rows to fit when it opens a file,
 * but LibreOffice and printing do not: without a height, wrapped text runs over the rows below.
 * The count is an estimate (characters per line from the column's width), erring on the tall side.
 */
function fitRowHeights(sheet: Worksheet): void {
  const widths = sheet.columns.map((column) => column.width ?? 9);
  sheet.eachRow((row) => {
    let lines = 1;
    let size = 11;
    row.eachCell((cell, column) => {
      const text = typeof cell.value === 'string' ? cell.value : typeof cell.value === 'number' ? String(cell.value) : '';
      if (text === '' || (cell.isMerged && cell.master !== cell)) return;
      size = Math.max(size, cell.font?.size ?? 11);
      let width = widths[column - 1] ?? 9;
      // A merged answer pointer spans the bidder's columns.
      if (cell.isMerged) for (let next = column + 1; next <= widths.length && row.getCell(next).master === cell; next++) width += widths[next - 1] ?? 9;
      const perLine = Math.max(1, Math.floor(((width - 1) * 11) / (cell.font?.size ?? 11)));
      const needed = text.split('\n').reduce((sum, paragraph) => sum + Math.max(1, Math.ceil(paragraph.length / perLine)), 0);
      lines = Math.max(lines, needed);
    });
    const height = Math.ceil(lines * size * 1.35) + 2;
    if (lines > 1 || size > 11) row.height = Math.min(409, height);
  });
}

/** A cell for the bidder (or the evaluator): unlocked and shaded. */
function answerCell(cell: Cell, style: Partial<Style>, list?: readonly string[]): void {
  cell.style = style;
  if (list) cell.dataValidation = listValidation(list, '');
}

/** Gives cells `from`…`to` of a row one shared style. */
function styled(row: Row, from: number, to: number, style: Partial<Style>): void {
  for (let column = from; column <= to; column++) row.getCell(column).style = style;
}

/** exceljs keeps data validations per sheet, each over a range, but does not declare them. */
function addValidation(sheet: Worksheet, range: string, validation: DataValidation): void {
  (sheet as unknown as { dataValidations: { add(range: string, validation: DataValidation): void } }).dataValidations.add(range, validation);
}

function listValidation(values: readonly string[], title: string, prompt?: string): DataValidation {
  return {
    type: 'list' as const,
    allowBlank: true,
    formulae: [`"${values.join(',')}"`],
    showErrorMessage: true,
    errorStyle: 'stop' as const,
    errorTitle: title || 'Choose from the list',
    error: `Choose one of: ${values.join(', ')}`,
    ...(prompt ? { showInputMessage: true, promptTitle: title, prompt: prompt.slice(0, 255) } : {}),
  };
}

/** Runs of consecutive numbers, as [first, last] pairs. */
function runs(numbers: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const n of numbers) {
    const last = out[out.length - 1];
    if (last && n === last[1] + 1) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}

/** A row across both columns of the instructions, in one style. */
function banner(sheet: Worksheet, text: string, style: Partial<Style>): void {
  const row = sheet.addRow([text]);
  styled(row, 1, 2, style);
  sheet.mergeCells(row.number, 1, row.number, 2);
}

function heading(sheet: Worksheet, text: string): void {
  sheet.addRow([text]).font = { bold: true, size: 12 };
}

function wrapped(row: { alignment: unknown }): void {
  row.alignment = WRAP;
}

function sectionNote(section: PackSection, tender: TenderSettings): string {
  const parts = [`From ${decodeURIComponent(section.uri.slice(section.uri.lastIndexOf('/') + 1))}.`];
  if (section.weight !== undefined) parts.push(`This section is ${formatNumber(section.weight)}% of the quality score;`, `its scored questions' weightings total ${formatNumber(section.budget)}.`);
  if (tender.classification) parts.push(tender.classification);
  return parts.join(' ');
}

function statusWord(item: Item): string {
  return item.status === 'agreed' ? 'Agreed' : `Not yet agreed (${item.status})`;
}

/** Text in a header or footer, where '&' starts a code. */
function headerText(text: string): string {
  return text.replace(/&/g, '&&').slice(0, 80);
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
