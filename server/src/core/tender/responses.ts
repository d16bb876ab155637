/**
 * `reqtrace responses`: a bidder workbook as a bidder returned it, read against the list of rows
 * its hidden sheet keeps and against the requirement files as they are now. It says which mandatory
 * answers are missing (every pass/fail confirmation, every compliance cell of a must requirement),
 * which must requirements are answered Not compliant, which pass/fail questions are answered No,
 * where the buyer's text was changed or rows moved, added or removed, what changed in the files
 * since the workbook was made, and, once evaluators have scored it, the weighted totals per section
 * and overall with the scores below a question's minimum. The workbook is read by readXlsxTables:
 * bounded, formulas read as text, never evaluated.
 */
import type { Workspace } from '../analysis/workspace';
import type { TenderSettings } from '../config';
import { ImportRefusal } from '../import/importer';
import type { Table, TableCell } from '../import/tableRows';
import { readXlsxTables } from '../import/xlsx';
import { ANSWER_SHEET, bookSheetNames, buyerHash, COMPLIANCE, HEADING_ROW, questionCells, requirementCells } from '../report/matrix';
import { sectionWeights, tenderPack, type PackClause, type PackSection } from '../report/tenderPack';

/** One thing to say about one row. */
export interface Remark {
  readonly sheet: string;
  readonly row: number;
  /** The question or requirement id the row is for. */
  readonly ref: string;
  readonly what: string;
}

export interface SectionScore {
  readonly section: string;
  /** The weighted scores added up, out of the section's weighting budget. */
  readonly weighted: number;
  readonly budget: number;
  /** Its share of the quality score (percent) and what it contributes to it. */
  readonly weight: number;
  readonly scaled: number;
}

export interface BidderResponses {
  /** The workbook as named on the command line. */
  readonly file: string;
  readonly questions: number;
  readonly requirements: number;
  readonly missingMandatory: readonly Remark[];
  readonly notCompliantMust: readonly Remark[];
  readonly failedPassFail: readonly Remark[];
  readonly unanswered: readonly Remark[];
  readonly changedByBidder: readonly Remark[];
  readonly movedOrRemoved: readonly Remark[];
  readonly added: readonly Remark[];
  readonly changedSince: readonly Remark[];
  /** Counts of each compliance answer, and of blanks, over the requirement rows that take one. */
  readonly compliance: Readonly<Record<string, number>>;
  /** Present once an evaluator has given at least one score. */
  readonly scores?: {
    readonly sections: readonly SectionScore[];
    readonly quality: number;
    /** Quality's share of the whole (the config's evaluation.quality), when set. */
    readonly share?: { readonly percent: number; readonly score: number };
    readonly scored: number;
    readonly unscored: number;
    readonly belowMinimum: readonly Remark[];
    readonly evaluatorFails: readonly Remark[];
  };
}

/** Reads one returned workbook. */
export async function readResponses(bytes: Uint8Array, file: string, workspace: Workspace, tender: TenderSettings): Promise<BidderResponses> {
  // What the files ask now, by the same cells the workbook was written from.
  const pack = tenderPack(workspace);
  const names = bookSheetNames(pack);
  const { tables } = await readXlsxTables(bytes, file, (sheets, refuse) => {
    if (!sheets.some((sheet) => sheet.name === ANSWER_SHEET)) refuse(`it is not a bidder workbook written by reqtrace export matrix (it has no hidden '${ANSWER_SHEET}' sheet)`);
    return sheets.filter((sheet) => sheet.name !== names.instructions);
  });
  const byName = new Map(tables.map((table) => [table.sheet ?? '', table]));
  const rowsOf = new Map(tables.map((table) => [table.sheet ?? '', new Map(table.rows.map((row) => [row.row, row.cells]))]));
  const listed = byName.get(ANSWER_SHEET) as Table;
  const entries = listed.rows
    .filter((row) => row.row > 1)
    .map((row) => ({ sheet: text(row.cells[0]), row: Number(text(row.cells[1])), clause: text(row.cells[2]), requirement: text(row.cells[3]), role: text(row.cells[4]), hash: text(row.cells[5]) }));
  if (entries.length === 0 || entries.some((entry) => !Number.isInteger(entry.row) || entry.row <= HEADING_ROW)) {
    throw new ImportRefusal(`'${file}' is not read: its '${ANSWER_SHEET}' sheet is not the list reqtrace export matrix writes`);
  }

  const current = new Map<string, { hash: string; clause: PackClause; section: PackSection; priority?: string }>();
  for (const section of pack.sections) {
    for (const clause of section.clauses) {
      current.set(`${clause.item.id}\0`, { hash: buyerHash(questionCells(clause, section, tender)), clause, section });
      for (const requirement of clause.requirements) current.set(`${clause.item.id}\0${requirement.item.id}`, { hash: buyerHash(requirementCells(requirement)), clause, section, ...(requirement.item.priority ? { priority: requirement.item.priority } : {}) });
    }
  }

  const out = {
    missingMandatory: [] as Remark[],
    notCompliantMust: [] as Remark[],
    failedPassFail: [] as Remark[],
    unanswered: [] as Remark[],
    changedByBidder: [] as Remark[],
    movedOrRemoved: [] as Remark[],
    added: [] as Remark[],
    changedSince: [] as Remark[],
  };
  const compliance: Record<string, number> = {};
  for (const [code] of COMPLIANCE) compliance[code] = 0;
  compliance['blank'] = 0;
  const codes = new Set(COMPLIANCE.map(([code]) => code));
  const listedRows = new Map<string, Set<number>>();
  const seen = new Set<string>();
  let questions = 0;
  let requirements = 0;
  for (const entry of entries) {
    const ref = entry.requirement || entry.clause;
    const at = { sheet: entry.sheet, row: entry.row, ref };
    let rows = listedRows.get(entry.sheet);
    if (!rows) listedRows.set(entry.sheet, (rows = new Set()));
    rows.add(entry.row);
    const key = `${entry.clause}\0${entry.requirement}`;
    seen.add(key);
    const now = current.get(key);
    if (!now) out.changedSince.push({ ...at, what: entry.requirement ? `no longer asked by ${entry.clause} in the requirement files` : 'no longer in the requirement files' });
    else if (now.hash !== entry.hash) out.changedSince.push({ ...at, what: 'its text in the requirement files has changed since the workbook was made' });

    const sheet = rowsOf.get(entry.sheet);
    const cells = sheet?.get(entry.row);
    if (!sheet || !cells || text(cells[0]) !== ref) {
      out.movedOrRemoved.push({ ...at, what: !sheet ? `the sheet '${entry.sheet}' is missing` : `the row for ${ref} is not where it was written (row ${entry.row})` });
      continue;
    }
    if (buyerHash(Array.from({ length: 8 }, (_, i) => text(cells[i]))) !== entry.hash) out.changedByBidder.push({ ...at, what: "the buyer's text on this row is not what was sent" });
    const answer = (column: number): string => text(cells[column - 1]).trim();
    if (entry.role === 'question') {
      questions++;
      const response = now?.clause.item.response ?? (text(cells[3]) === 'Pass/fail' ? 'pass-fail' : text(cells[3]) === 'Scored' ? 'scored' : 'information');
      if (response === 'pass-fail') {
        const confirmation = answer(9);
        if (confirmation === '') out.missingMandatory.push({ ...at, what: 'pass/fail question: Yes or No is missing' });
        else if (confirmation.toLowerCase() === 'no') out.failedPassFail.push({ ...at, what: 'pass/fail question answered No' });
        else if (confirmation.toLowerCase() !== 'yes') out.missingMandatory.push({ ...at, what: `pass/fail question: '${confirmation}' is neither Yes nor No` });
      }
      if (answer(11) === '') out.unanswered.push({ ...at, what: `${response === 'scored' ? 'scored' : response === 'pass-fail' ? 'pass/fail' : 'information'} question: no response` });
    } else if (entry.role === 'answer') {
      requirements++;
      const must = (now?.priority ?? text(cells[3]).toLowerCase()) === 'must';
      const given = answer(9);
      if (given === '') {
        compliance['blank'] = (compliance['blank'] ?? 0) + 1;
        (must ? out.missingMandatory : out.unanswered).push({ ...at, what: `${must ? 'must requirement: ' : ''}Compliance is missing` });
      } else if (!codes.has(given)) {
        (must ? out.missingMandatory : out.unanswered).push({ ...at, what: `Compliance '${given}' is not one of the list` });
      } else {
        compliance[given] = (compliance[given] ?? 0) + 1;
        if (given === 'Not compliant' && must) out.notCompliantMust.push({ ...at, what: 'must requirement answered Not compliant' });
        if ((given === 'Partially compliant' || given === 'Roadmap') && answer(11) === '') out.unanswered.push({ ...at, what: `${given} with no response saying how or when` });
      }
      if (given !== '' && answer(10) === '') out.unanswered.push({ ...at, what: 'Delivery is missing' });
    }
  }
  for (const [key, now] of current) {
    if (seen.has(key)) continue;
    const [clause, requirement] = key.split('\0') as [string, string];
    out.changedSince.push({ sheet: now.section.sheet, row: 0, ref: requirement || clause, what: requirement ? `asked by ${clause} in the requirement files now, not in this workbook` : 'a question in the requirement files now, not in this workbook' });
  }
  for (const [sheetName, rows] of listedRows) {
    for (const row of byName.get(sheetName)?.rows ?? []) {
      if (row.row <= HEADING_ROW || rows.has(row.row)) continue;
      if (row.cells.slice(0, 8).some((cell) => text(cell).trim() !== '')) out.added.push({ sheet: sheetName, row: row.row, ref: text(row.cells[0]), what: 'a row reqtrace did not write' });
    }
  }
  const scores = readScores(byName.get(names.evaluation), pack, tender);
  return { file, questions, requirements, ...out, compliance, ...(scores ? { scores } : {}) };
}

/** The evaluators' scores, when any is given. */
function readScores(sheet: Table | undefined, pack: ReturnType<typeof tenderPack>, tender: TenderSettings): BidderResponses['scores'] {
  if (!sheet) return undefined;
  const { max } = tender.scoring;
  const byId = new Map<string, { clause: PackClause; section: PackSection }>();
  for (const section of pack.sections) for (const clause of section.clauses) byId.set(clause.item.id, { clause, section });
  const weights = sectionWeights(pack);
  const sums = new Map<PackSection, number>();
  const belowMinimum: Remark[] = [];
  const evaluatorFails: Remark[] = [];
  let scored = 0;
  let unscored = 0;
  for (const row of sheet.rows) {
    if (row.row <= HEADING_ROW) continue;
    const found = byId.get(text(row.cells[1]));
    if (!found) continue;
    const { clause, section } = found;
    const at = { sheet: sheet.sheet ?? '', row: row.row, ref: clause.item.id };
    const cell = row.cells[5];
    if (clause.item.response === 'pass-fail') {
      if (text(cell).trim().toLowerCase() === 'fail') evaluatorFails.push({ ...at, what: 'failed by the evaluators' });
      continue;
    }
    if (clause.item.response !== 'scored') continue;
    const score = cell?.number ?? (text(cell).trim() === '' ? undefined : Number(text(cell)));
    if (score === undefined || !Number.isFinite(score)) {
      unscored++;
      continue;
    }
    scored++;
    sums.set(section, (sums.get(section) ?? 0) + (Math.min(Math.max(score, 0), max) / max) * (clause.item.weighting ?? 0));
    if (clause.minimumScore !== undefined && score < clause.minimumScore) belowMinimum.push({ ...at, what: `scored ${score}, below its minimum of ${clause.minimumScore}: the bid is excluded` });
  }
  if (scored === 0 && evaluatorFails.length === 0) return undefined;
  const sections = [...weights].map(([section, weight]): SectionScore => {
    const weighted = sums.get(section) ?? 0;
    return { section: section.sheet, weighted, budget: section.budget, weight, scaled: section.budget > 0 ? (weighted / section.budget) * weight : 0 };
  });
  const quality = sections.reduce((sum, section) => sum + section.scaled, 0);
  const percent = tender.evaluation?.['quality'];
  return { sections, quality, ...(percent !== undefined ? { share: { percent, score: (quality * percent) / 100 } } : {}), scored, unscored, belowMinimum, evaluatorFails };
}

function text(cell: TableCell | undefined): string {
  return cell?.text ?? '';
}
