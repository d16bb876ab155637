/**
 * `import table`: a programme's spreadsheet (CSV or XLSX), one row per need, requirement or ITT
 * clause, into one requirement file. The header row is found among the first rows by the names it
 * uses (./tableColumns.ts), or named with `--columns field=Header,…`; each cell becomes a field,
 * values in the spreadsheet's words (Must have, NFR, Pass/Fail, 10%) become the format's, and what
 * cannot be mapped is left out and said, row by row. Nothing in the file is trusted: the reading
 * (./csv.ts, ./xlsx.ts) refuses what would expand beyond bounds, and formulas stay text.
 */
import type { Kind } from '../model';
import { decodeCsvBytes, parseCsv } from './csv';
import { type ImportedItem, importedFileName, importedId, ImportRefusal, type Importer, type ImportOptions, type ImportResult, type ImportSource } from './importer';
import { enumValue, enumValues, normaliseHeader, REQUIRED_FIELDS, TABLE_FIELDS, type TableField, TEXT_FIELD } from './tableColumns';
import { MAX_TABLE_ROWS, type Table, type TableCell, type TableRow } from './tableRows';
import { readXlsxTable } from './xlsx';

/** How far down the header row is looked for. */
const HEADER_SEARCH_ROWS = 20;
/** A title made from a statement is cut at a word near this length. */
const TITLE_LENGTH = 80;

const KINDS: readonly Kind[] = ['needs', 'requirements', 'itt'];
const ID_PREFIX: Record<Kind, string> = { needs: 'UN', requirements: 'REQ', itt: 'ITT' };
const ITEM: Record<Kind, string> = { needs: 'need', requirements: 'requirement', itt: 'clause' };

export const tableImporter: Importer = {
  name: 'table',
  summary: 'a spreadsheet (CSV or XLSX), one row per need, requirement or clause, columns found by their headers',
  reads: 'file',
  source: 'FILE.csv|FILE.xlsx',
  extensions: ['csv', 'xlsx', 'xlsm', 'txt', 'tsv'],
  options: [
    { name: 'kind', type: 'string', value: 'needs|requirements|itt', summary: 'what the rows are', choices: KINDS, required: true },
    { name: 'columns', type: 'string', multiple: true, value: 'FIELD=Header', summary: 'which column gives which field, where the headers are not the usual names (pairs joined by commas, or the option given again)' },
    { name: 'sheet', type: 'string', value: 'NAME', summary: 'the sheet of an XLSX file to read (default: the first visible one)' },
  ],
  read: readTableImport,
};

async function readTableImport(source: ImportSource, options: ImportOptions): Promise<ImportResult> {
  const kind = options.kind;
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
    throw new ImportRefusal(`import table needs --kind ${KINDS.join('|')}: what the rows of the table are${typeof kind === 'string' ? ` ('${kind}' is none of them)` : ''}`);
  }
  const columns = parseColumnsOption(options.columns, kind as Kind);
  const sheet = typeof options.sheet === 'string' ? options.sheet : undefined;
  const bytes = await source.read('');
  const table = await readTable(bytes, source.name, sheet);
  return importRows(table, kind as Kind, columns, source.name);
}

/** The rows of the file in `bytes`, as CSV or XLSX, told apart by their content and checked against the name. */
export async function readTable(bytes: Uint8Array, shownAs: string, sheet?: string): Promise<Table> {
  const extension = /\.([^./\\]+)$/.exec(shownAs)?.[1]?.toLowerCase() ?? '';
  const refuse = (why: string): never => {
    throw new ImportRefusal(`'${shownAs}' is not read: ${why}`);
  };
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05);
  const isCompoundFile = bytes.length >= 8 && [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].every((byte, i) => bytes[i] === byte);
  if (isCompoundFile) {
    // A password-protected XLSX is an OLE compound file holding the encrypted package; so is an old .xls.
    if (containsUtf16(bytes, 'EncryptedPackage')) refuse('it is password-protected; remove the password in Excel (File > Info > Protect Workbook) or save it as CSV');
    refuse('it is an old binary Excel file (.xls); save it as .xlsx or CSV');
  }
  if (['ods', 'numbers', 'xlsb'].includes(extension)) refuse(`.${extension} files are not read; save it as .xlsx or CSV`);
  if (isZip) {
    if (!['xlsx', 'xlsm'].includes(extension)) refuse(`it is a ZIP archive, not CSV; an XLSX file's name ends in .xlsx`);
    if (sheet !== undefined && sheet.trim() === '') refuse('--sheet needs the name of a sheet');
    return readXlsxTable(bytes, shownAs, sheet);
  }
  if (['xlsx', 'xlsm', 'xls'].includes(extension)) refuse(`it is not an Excel workbook (an XLSX file is a ZIP archive)`);
  if (sheet !== undefined) refuse('--sheet is for XLSX files; a CSV file has one table');
  const { text, encoding } = decodeCsvBytes(bytes);
  if (text.includes('\0')) refuse('it is not text (it holds NUL characters); import table reads CSV and XLSX files');
  const csv = parseCsv(text, undefined, { maxRecords: MAX_TABLE_ROWS, maxFields: 16_384 });
  if (csv.error) refuse(csv.error.startsWith('more than') ? `it has more than ${MAX_TABLE_ROWS.toLocaleString('en-GB')} rows, the most reqtrace imports` : csv.error);
  const rows: TableRow[] = csv.records.map((record, index) => ({ row: index + 1, cells: record.map((text) => (text === '' ? undefined : { text })) }));
  const notes = encoding === 'Windows-1252' ? ['the file is not UTF-8: read as Windows-1252 (save it as "CSV UTF-8" to be sure of its characters)'] : [];
  if (csv.delimiter !== ',') notes.push(`fields are separated by ${csv.delimiter === ';' ? "';'" : 'tabs'}`);
  return { rows, notes };
}

type ColumnChoice = ReadonlyMap<string, string>;

/** `--columns id=ID,title=Short name` as field → header; a field the kind does not have is refused. */
export function parseColumnsOption(option: ImportOptions[string], kind: Kind): ColumnChoice {
  const values = option === undefined ? [] : typeof option === 'string' ? [option] : Array.isArray(option) ? option : [];
  const fields = TABLE_FIELDS[kind].map((field) => field.name);
  const chosen = new Map<string, string>();
  for (const pair of values.flatMap((value: string) => value.split(','))) {
    if (pair.trim() === '') continue;
    const equals = pair.indexOf('=');
    const field = pair.slice(0, equals).trim().toLowerCase();
    const header = pair.slice(equals + 1).trim();
    if (equals < 0 || field === '' || header === '') throw new ImportRefusal(`--columns takes FIELD=Header pairs separated by commas (id=Ref,title=Name); '${pair.trim()}' is not one`);
    if (!fields.includes(field)) throw new ImportRefusal(`--columns: ${kind} have no field '${field}'; their fields are ${fields.join(', ')}`);
    chosen.set(field, header);
  }
  return chosen;
}

interface Mapping {
  readonly headerRow: TableRow;
  /** Field name → column index. */
  readonly columns: ReadonlyMap<string, number>;
  /** Columns with a header that no field took. */
  readonly unused: readonly string[];
}

/** The header row and which column gives which field: the columns named in --columns, then the usual names. */
function mapColumns(rows: readonly TableRow[], kind: Kind, chosen: ColumnChoice, shownAs: string): Mapping {
  const fields = TABLE_FIELDS[kind];
  const candidates = rows.filter((row) => row.cells.some((cell) => cell?.text.trim())).slice(0, HEADER_SEARCH_ROWS);
  const wanted = new Set([...chosen.values()].map(normaliseHeader));
  const score = (row: TableRow): number =>
    row.cells.reduce((sum, cell) => {
      const header = normaliseHeader(cell?.text ?? '');
      if (header === '') return sum;
      return sum + (wanted.has(header) ? 100 : fields.some((field) => headerMatches(field, header)) ? 1 : 0);
    }, 0);
  let headerRow = candidates[0];
  let best = 0;
  for (const row of candidates) {
    const value = score(row);
    if (value > best) [headerRow, best] = [row, value];
  }
  if (!headerRow) throw new ImportRefusal(`'${shownAs}' has no rows to import`);
  const headers = headerRow.cells.map((cell) => cell?.text.trim() ?? '');
  const normal = headers.map(normaliseHeader);
  const shownHeaders = headers.filter((header) => header !== '').map((header) => `'${header}'`);

  const columns = new Map<string, number>();
  const taken = new Set<number>();
  for (const [field, header] of chosen) {
    const column = normal.indexOf(normaliseHeader(header));
    if (column < 0) throw new ImportRefusal(`--columns ${field}=${header}: no column '${header}' in the header row (row ${headerRow.row}); the headers are ${shownHeaders.join(', ') || 'none'}`);
    columns.set(field, column);
    taken.add(column);
  }
  for (const field of fields) {
    if (columns.has(field.name)) continue;
    // The first of the field's names that some free column has, so "Requirement" wins over "Description".
    const names = [...field.headers.map((name) => (header: string) => header === name), ...(field.headerPrefixes ?? []).map((prefix) => (header: string) => header.startsWith(prefix))];
    for (const matches of names) {
      const column = normal.findIndex((header, index) => header !== '' && !taken.has(index) && matches(header));
      if (column >= 0) {
        columns.set(field.name, column);
        taken.add(column);
        break;
      }
    }
  }
  const unused = headers.filter((header, index) => header !== '' && !taken.has(index));
  if (!columns.has('title') && !columns.has(TEXT_FIELD[kind])) {
    throw new ImportRefusal(
      `'${shownAs}': no column gives the title or the ${TEXT_FIELD[kind]} of a ${ITEM[kind]} (the headers, row ${headerRow.row}, are ${shownHeaders.join(', ') || 'none'}); name them with --columns title=Header,${TEXT_FIELD[kind]}=Header`,
    );
  }
  return { headerRow, columns, unused };
}

function headerMatches(field: TableField, header: string): boolean {
  return field.headers.includes(header) || (field.headerPrefixes ?? []).some((prefix) => header.startsWith(prefix));
}

/** The items of `table`, one per row below the header row, with what was changed and left out. */
export function importRows(table: Table, kind: Kind, chosen: ColumnChoice, shownAs: string): ImportResult {
  const { headerRow, columns, unused } = mapColumns(table.rows, kind, chosen, shownAs);
  const fields = TABLE_FIELDS[kind].filter((field) => columns.has(field.name));
  const headerOf = (field: string): string => headerRow.cells[columns.get(field) as number]?.text.trim() ?? field;
  const changed: string[] = [...table.notes.map((note) => capitalise(note))];
  const skipped: string[] = [];
  const found = [...columns].map(([field, column]) => `${field} from '${headerRow.cells[column]?.text.trim() ?? ''}'`);
  changed.unshift(`Header row ${headerRow.row}: ${found.join(', ')}`);
  if (unused.length > 0) changed.push(`Columns not imported: ${unused.map((header) => `'${header}'`).join(', ')} (give one a field with --columns FIELD=Header)`);
  if (!columns.has('title')) changed.push(`No column gives the title: each title is made from the ${TEXT_FIELD[kind]}'s first words`);

  const dataRows = table.rows.filter((row) => row.row > headerRow.row);
  const cellOf = (row: TableRow, field: string): TableCell | undefined => {
    const column = columns.get(field);
    return column === undefined ? undefined : row.cells[column];
  };
  // Ids given in the sheet are known first, so that an id made for a row without one never takes one of them.
  const givenIds = new Set<string>();
  for (const row of dataRows) {
    const text = cellOf(row, 'id')?.text.trim();
    const id = text ? importedId(text, ID_PREFIX[kind]) : undefined;
    if (id) givenIds.add(id);
  }

  const items: ImportedItem[] = [];
  const rowOfId = new Map<string, number>();
  for (const row of dataRows) {
    if (!row.cells.some((cell) => cell !== undefined && cell.text.trim() !== '')) continue;
    const at = `Row ${row.row}`;
    const values = new Map<string, unknown>();
    for (const field of fields) {
      if (field.name === 'id') continue;
      const cell = cellOf(row, field.name);
      if (!cell || cell.text.trim() === '') continue;
      if (cell.formula !== undefined) {
        changed.push(`${at}, ${headerOf(field.name)}: a formula, imported as its text ${quote(cell.formula)}${cell.cachedResult ? `, not its result ${quote(cell.cachedResult)}` : ''}`);
      }
      const value = fieldValue(field, cell, kind, (why) => changed.push(`${at}, ${headerOf(field.name)}: ${why}`));
      if (value !== undefined) values.set(field.name, value);
    }

    if (!values.has('title')) {
      const text = values.get(TEXT_FIELD[kind]);
      if (typeof text !== 'string') {
        const shown = row.cells.find((cell) => cell && cell.text.trim() !== '')?.text.trim() ?? '';
        skipped.push(`${at}: no title and no ${TEXT_FIELD[kind]} (it holds ${quote(shown)})`);
        continue;
      }
      values.set('title', titleFrom(text));
      if (columns.has('title')) changed.push(`${at}: no title; made from the ${TEXT_FIELD[kind]}'s first words`);
    }

    const idCell = cellOf(row, 'id');
    const foreign = idCell?.text.trim() ?? '';
    if (idCell?.formula !== undefined) changed.push(`${at}, ${headerOf('id')}: a formula, imported as its text ${quote(idCell.formula)}${idCell.cachedResult ? `, not its result ${quote(idCell.cachedResult)}` : ''}`);
    let id = foreign === '' ? undefined : importedId(foreign, ID_PREFIX[kind]);
    let comment: string | undefined;
    if (id === undefined) {
      id = `${ID_PREFIX[kind]}-${row.row}`;
      for (let n = 2; givenIds.has(id) || rowOfId.has(id); n++) id = `${ID_PREFIX[kind]}-${row.row}-${n}`;
      comment = foreign === '' ? `Row ${row.row} had no id.` : `Row ${row.row} had the id ${quote(foreign)}, which makes no valid id.`;
      changed.push(`${at}: ${foreign === '' ? 'no id' : `the id ${quote(foreign)} makes no valid id`}; given ${id}`);
    } else if (id !== foreign) {
      comment = `The id was ${quote(foreign)} in the spreadsheet.`;
      changed.push(`${at}: the id ${quote(foreign)} is written ${id}`);
    }
    const first = rowOfId.get(id);
    if (first !== undefined) {
      skipped.push(`${at}: the id ${id} is row ${first}'s already; this row is not imported`);
      continue;
    }
    rowOfId.set(id, row.row);
    items.push({ id, fields: Object.fromEntries(values), ...(comment ? { comment } : {}) });
  }

  if (items.length === 0) return { files: [], skipped: skipped.length > 0 ? skipped : [`no ${ITEM[kind]} below the header row (row ${headerRow.row})`], changed };
  const missing = missingFields(items, kind, columns);
  const base = baseName(shownAs);
  return {
    files: [
      {
        path: importedFileName(base, kind, new Set()),
        kind,
        title: table.sheet !== undefined && !/^sheet\s*\d*$/i.test(table.sheet) ? table.sheet : base,
        comment: `Imported from ${baseName(shownAs, true)}${table.sheet !== undefined ? `, sheet '${table.sheet}'` : ''}, by reqtrace import table.`,
        items,
      },
    ],
    skipped,
    changed,
    missing,
  };
}

/**
 * The fields `reqtrace check` will ask for, one line each naming the items without them: a
 * required field, a scored clause's weighting, a clause's covers.
 */
function missingFields(items: readonly ImportedItem[], kind: Kind, columns: ReadonlyMap<string, number>): string[] {
  const lines: string[] = [];
  const report = (field: string, without: readonly ImportedItem[], what = `${ITEM[kind]}s`): void => {
    if (without.length === 0) return;
    const ids = without.slice(0, 5).map((item) => item.id);
    const shown = `${ids.join(', ')}${without.length > 5 ? ` and ${without.length - 5} more` : ''}`;
    const why = columns.has(field) ? 'its cell is empty or could not be mapped' : `no column gives it: name one with --columns ${field}=Header`;
    lines.push(`${field}: ${without.length} ${without.length === 1 ? what.replace(/s$/, '') : what} without it (${why}): ${shown}`);
  };
  for (const field of REQUIRED_FIELDS[kind]) {
    if (field !== 'title') report(field, items.filter((item) => item.fields[field] === undefined));
  }
  if (kind === 'itt') {
    report('weighting', items.filter((item) => item.fields.response === 'scored' && item.fields.weighting === undefined), 'scored clauses');
    report('covers', items.filter((item) => item.fields.response !== 'information' && item.fields.covers === undefined));
  }
  return lines;
}

/** A cell as the field's value; undefined, with `left` told why, when it cannot be one. */
function fieldValue(field: TableField, cell: TableCell, kind: Kind, left: (why: string) => void): unknown {
  const text = cell.text.replace(/\r\n?/g, '\n').trim();
  switch (field.shape) {
    case 'text':
      return text;
    case 'lines': {
      const lines = text
        .split('\n')
        .map((line) => line.replace(/^\s*(?:[-*\u2022\u25aa\u25cf\u2013]|\d{1,2}[.)])\s+/, '').trim())
        .filter((line) => line !== '');
      return lines.length > 0 ? lines : undefined;
    }
    case 'list': {
      const list = text
        .split(/[,;\n]+/)
        .map((part) => part.trim())
        .filter((part) => part !== '');
      return list.length > 0 ? list : undefined;
    }
    case 'links':
    case 'link': {
      const ids: string[] = [];
      for (const part of text.split(/[\s,;]+/).filter((part) => part !== '')) {
        const id = importedId(part, field.linkPrefix ?? ID_PREFIX[kind]);
        if (id === undefined) left(`${quote(part)} is not an id; left out`);
        else {
          if (id !== part) left(`${quote(part)} is written ${id}`);
          if (!ids.includes(id)) ids.push(id);
        }
      }
      if (field.shape === 'links') return ids.length > 0 ? ids : undefined;
      if (ids.length > 1) left(`a ${field.name} is one id, not ${ids.length}; ${ids[0]} is kept`);
      return ids[0];
    }
    case 'enum': {
      const value = enumValue(field.name, text);
      if (value === undefined) left(`${quote(text)} is not a ${field.name} (${enumValues(field.name).join(', ')}); left out`);
      return value;
    }
    case 'weighting': {
      let weighting: number | undefined;
      if (cell.number !== undefined && cell.formula === undefined) weighting = cell.percent ? Math.round(cell.number * 100 * 1e6) / 1e6 : cell.number;
      else {
        const match = /^(\d+(?:\.\d+)?)\s*%?$/.exec(text);
        if (match) weighting = Number(match[1]);
      }
      if (weighting === undefined || weighting < 0 || weighting > 100) {
        left(`${quote(text)} is not a weighting (a number from 0 to 100, or a percentage); left out`);
        return undefined;
      }
      return weighting;
    }
    case 'waiver':
      return { reason: text };
  }
}

/** A title from a longer text: its first line, cut at a word near TITLE_LENGTH characters. */
function titleFrom(text: string): string {
  const line = (text.split('\n')[0] ?? '').trim();
  if (line.length <= TITLE_LENGTH) return line;
  const cut = line.lastIndexOf(' ', TITLE_LENGTH);
  return `${line.slice(0, cut > TITLE_LENGTH / 2 ? cut : TITLE_LENGTH).replace(/[\s,;:.-]+$/, '')}…`;
}

/** The file's name without its folders and, unless `keepExtension`, its extension. */
function baseName(path: string, keepExtension = false): string {
  const name = path.split(/[\\/]/).pop() ?? path;
  return keepExtension ? name : name.replace(/\.[^.]+$/, '');
}

/** A cell's text in a message: quoted, on one line, cut when long. */
function quote(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ');
  return `'${line.length > 60 ? `${line.slice(0, 57)}…` : line}'`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Whether `bytes` hold `text` as UTF-16LE (a stream name in a compound file's directory). */
function containsUtf16(bytes: Uint8Array, text: string): boolean {
  const needle = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) needle[i * 2] = text.charCodeAt(i);
  outer: for (let at = 0; at <= bytes.length - needle.length; at++) {
    for (let j = 0; j < needle.length; j++) if (bytes[at + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
