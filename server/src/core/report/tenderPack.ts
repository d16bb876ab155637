/**
 * What goes to bidders, worked out from the trace before any spreadsheet is written: the ITT
 * sections in file order, each clause with the live requirements it covers, which row answers each
 * requirement (the first that asks for it; the others point there), and the evaluation's scored and
 * pass/fail clauses with their section weights. The bidder workbook (matrix.ts) writes this, and
 * reading a returned workbook compares against it. Nothing here is for buyers' eyes only: `wont`
 * requirements, notes, waiver reasons and sources are left out.
 */
import type { Workspace } from '../analysis/workspace';
import type { Item } from '../model';
import { fileFieldValues, itemFieldValues, type FieldValue } from '../parse/itemValues';

/** Excel's longest sheet name. */
export const MAX_SHEET_NAME = 31;
/** Excel's longest cell text; longer text is cut, saying so. */
export const MAX_CELL_TEXT = 32_767;

export interface PackRequirement {
  readonly item: Item;
  readonly acceptance: readonly string[];
  /** The user needs it meets, as written. */
  readonly needs: readonly string[];
  /** Where it is answered, when that is another row: the first row that asks for it. */
  readonly answeredAt?: { readonly sheet: string; readonly clause: string };
}

export interface PackClause {
  readonly item: Item;
  readonly minimumScore?: number;
  readonly requirements: readonly PackRequirement[];
}

export interface PackSection {
  /** The sheet it goes on: its `section` label or title, made a valid, unique sheet name. */
  readonly sheet: string;
  /** `section` as written, else undefined. */
  readonly label?: string;
  readonly title: string;
  readonly uri: string;
  /** What its scored clauses' weightings total (`weighting-budget`, default 100). */
  readonly budget: number;
  /** Its share of the quality score in percent (`section-weight`), if given. */
  readonly weight?: number;
  readonly clauses: readonly PackClause[];
}

export interface TenderPack {
  readonly sections: readonly PackSection[];
  /** Requirements asked of bidders that are not yet agreed, by id: the workbook marks them. */
  readonly notAgreed: readonly string[];
}

const live = (item: Item | undefined): item is Item => item !== undefined && item.status !== 'withdrawn';

/** The tender pack of a workspace: every ITT file with clauses, in path order. */
export function tenderPack(workspace: Workspace): TenderPack {
  const sections: PackSection[] = [];
  const sheetNames = new Set<string>();
  const answered = new Map<string, { sheet: string; clause: string }>();
  const valuesOf = fieldReader(workspace);
  const notAgreed = new Set<string>();
  for (const uri of [...workspace.uris].sort()) {
    const file = workspace.file(uri);
    if (file?.kind !== 'itt') continue;
    const clauses = file.items.filter(live);
    if (clauses.length === 0) continue;
    const fields = fileFieldValues(file);
    const label = typeof fields['section'] === 'string' || typeof fields['section'] === 'number' ? String(fields['section']) : undefined;
    const title = typeof fields['title'] === 'string' && fields['title'].trim() !== '' ? fields['title'] : fileStem(uri);
    const sheet = sheetName(label !== undefined ? `Section ${label}` : title, sheetNames);
    const budget = positive(fields['weighting-budget']) ?? 100;
    const weight = percent(fields['section-weight']);
    const packClauses: PackClause[] = [];
    for (const clause of clauses) {
      const requirements: PackRequirement[] = [];
      for (const link of clause.links) {
        if (link.field !== 'covers') continue;
        const requirement = workspace.item(link.to, 'requirements');
        if (!live(requirement) || requirement.priority === 'wont' || requirements.some((r) => r.item === requirement)) continue;
        const values = valuesOf(requirement);
        const first = answered.get(requirement.id);
        if (!first) answered.set(requirement.id, { sheet, clause: clause.id });
        if (requirement.status !== 'agreed') notAgreed.add(requirement.id);
        requirements.push({
          item: requirement,
          acceptance: textList(values['acceptance']),
          needs: requirement.links.filter((l) => l.field === 'satisfies').map((l) => l.to),
          ...(first ? { answeredAt: first } : {}),
        });
      }
      const minimumScore = nonNegative(valuesOf(clause)['minimum-score']);
      packClauses.push({ item: clause, ...(minimumScore !== undefined ? { minimumScore } : {}), requirements });
    }
    sections.push({ sheet, ...(label !== undefined ? { label } : {}), title, uri, budget, ...(weight !== undefined ? { weight } : {}), clauses: packClauses });
  }
  return { sections, notAgreed: [...notAgreed].sort() };
}

/**
 * Each section's share of the quality score in percent: its `section-weight`; when no section of
 * the pack gives one, each section's share of all the scored budgets. A section with no scored
 * clause has none.
 */
export function sectionWeights(pack: TenderPack): Map<PackSection, number> {
  const scored = pack.sections.filter((section) => section.clauses.some((clause) => clause.item.response === 'scored'));
  const anyGiven = scored.some((section) => section.weight !== undefined);
  const total = scored.reduce((sum, section) => sum + section.budget, 0);
  return new Map(scored.map((section) => [section, anyGiven ? (section.weight ?? 0) : total > 0 ? (section.budget / total) * 100 : 0]));
}

/**
 * A valid, unique Excel sheet name: none of []:*?/\, no apostrophe at either end, at most 31
 * characters, not 'History' (Excel keeps it), unique whatever the case.
 */
export function sheetName(wanted: string, taken: Set<string>): string {
  let base = wanted.replace(/[[\]:*?/\\]/g, '-').replace(/[\u0000-\u001f]/g, ' ').replace(/^'+|'+$/g, '').trim();
  if (base === '' || base.toLowerCase() === 'history') base = `${base || 'Sheet'} 1`.trim();
  base = base.slice(0, MAX_SHEET_NAME).trim();
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    name = `${base.slice(0, MAX_SHEET_NAME - suffix.length).trim()}${suffix}`;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** Text for a cell: at most Excel's limit, cut with a note where it is longer. */
export function cellText(text: string): string {
  if (text.length <= MAX_CELL_TEXT) return text;
  const note = ' […cut: the full text is in the requirement file]';
  return text.slice(0, MAX_CELL_TEXT - note.length) + note;
}

/** Reads each item's fields once per file. */
function fieldReader(workspace: Workspace): (item: Item) => Readonly<Record<string, FieldValue>> {
  const files = new Map<string, Map<Item, Readonly<Record<string, FieldValue>>>>();
  return (item) => {
    let values = files.get(item.uri);
    if (!values) {
      const file = workspace.file(item.uri);
      files.set(item.uri, (values = file ? itemFieldValues(file) : new Map<Item, Readonly<Record<string, FieldValue>>>()));
    }
    return values.get(item) ?? {};
  };
}

function textList(value: FieldValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

function positive(value: FieldValue | undefined): number | undefined {
  return typeof value === 'number' && value > 0 ? value : undefined;
}

function nonNegative(value: FieldValue | undefined): number | undefined {
  return typeof value === 'number' && value >= 0 ? value : undefined;
}

function percent(value: FieldValue | undefined): number | undefined {
  return typeof value === 'number' && value >= 0 && value <= 100 ? value : undefined;
}

function fileStem(uri: string): string {
  const name = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
  return name.replace(/\.itt\.ya?ml$/i, '');
}
