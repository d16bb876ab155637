/**
 * One sheet of an XLSX file as table rows, read without trusting the file. exceljs reads a
 * workbook whole, and expands some ranges cell by cell as it reads: a data validation on
 * A1:XFD1048576, a merged range or a defined name as large are seventeen billion cells, and it
 * reads every sheet, drawing and comment. So exceljs is never given the file itself: the ZIP is
 * judged from its directory (./zip.ts), the parts needed are inflated within their claimed sizes,
 * the sheet is measured (its dimension and its rows, refused over MAX_TABLE_ROWS) and cut down
 * to its cells and hyperlinks, and exceljs reads a new workbook of that one sheet, its shared
 * strings and its styles (for dates and percentages). Data validations are dropped rather than
 * refused, since a drop-down list on a whole column (D1:D1048576) is how a MoSCoW column is
 * usually made and carries nothing to import; merged cells are applied here, within the rows
 * the sheet has. Formulas are read as their text and never evaluated.
 */
import type { Cell, CellValue, ValueType as ValueTypes } from 'exceljs';
import { ImportRefusal } from './importer';
import { MAX_TABLE_ROWS, type Table, type TableCell, type TableRow } from './tableRows';
import { inflateEntry, readZipDirectory, storedZip, type ZipEntry } from './zip';

/** The most cells merged cells may fill in; each fill is one step. */
const MAX_MERGE_FILLS = 5_000_000;

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

interface Relationship {
  readonly id: string;
  readonly type: string;
  readonly target: string;
  readonly external: boolean;
}

/** The rows of one sheet of the XLSX file in `bytes`: the one named `sheetName`, else the first visible worksheet. */
export async function readXlsxTable(bytes: Uint8Array, shownAs: string, sheetName?: string): Promise<Table> {
  const { tables } = await readXlsxTables(bytes, shownAs, (worksheets, refuse) => {
    const listed = worksheets.map((sheet) => `'${sheet.name}'`).join(', ');
    if (sheetName !== undefined) {
      const named = worksheets.find((sheet) => sheet.name === sheetName) ?? worksheets.find((sheet) => sheet.name.toLowerCase() === sheetName.toLowerCase());
      return [named ?? refuse(`it has no worksheet named '${sheetName}'; its worksheets are ${listed || 'none'}`)];
    }
    return [worksheets.find((sheet) => !sheet.hidden) ?? worksheets[0] ?? refuse('it has no worksheet')];
  });
  return tables[0] as Table;
}

/** A worksheet of a workbook, as its workbook lists it. */
export interface SheetEntry {
  readonly name: string;
  readonly relId: string;
  /** Hidden or very hidden. */
  readonly hidden: boolean;
  /** 'visible', 'hidden' or 'veryHidden', as written. */
  readonly state: string;
}

/**
 * The rows of the worksheets `pick` chooses from those the workbook lists, in the order picked:
 * the ZIP is opened once and exceljs reads one new workbook of just those sheets, their shared
 * strings and styles. Every bound of readXlsxTable applies to each sheet, and the rows of all of
 * them together are bounded by MAX_TABLE_ROWS × 5.
 */
export async function readXlsxTables(
  bytes: Uint8Array,
  shownAs: string,
  pick: (worksheets: readonly SheetEntry[], refuse: (why: string) => never) => readonly SheetEntry[],
): Promise<{ readonly worksheets: readonly SheetEntry[]; readonly tables: readonly Table[] }> {
  const refuse = (why: string): never => {
    throw new ImportRefusal(`'${shownAs}' is not read: ${why}`);
  };
  const entries = new Map<string, ZipEntry>(readZipDirectory(bytes, shownAs).map((entry) => [entry.name, entry]));
  const partText = (name: string): string | undefined => {
    const entry = entries.get(name);
    if (!entry) return undefined;
    const text = new TextDecoder('utf-8').decode(inflateEntry(bytes, entry, shownAs));
    // Office never writes a document type declaration; one can only be there to declare entities.
    if (/<!DOCTYPE/i.test(text.slice(0, 4096)) || /<!ENTITY/i.test(text)) refuse(`its part '${name}' declares a DOCTYPE or entities, which spreadsheets never do`);
    return text;
  };

  const workbookXml = partText('xl/workbook.xml');
  if (workbookXml === undefined) {
    if (entries.has('xl/workbook.bin')) refuse('it is a binary workbook (.xlsb); save it as .xlsx or CSV');
    refuse('it has no workbook (xl/workbook.xml), so it is not an XLSX file');
  }
  const workbook = workbookXml as string;
  const relations = parseRelationships(partText('xl/_rels/workbook.xml.rels') ?? '', 'xl/');
  const sheets = [...elements(workbook, 'sheet')].map((attributes): SheetEntry => {
    const state = attributes.get('state') ?? 'visible';
    return { name: attributes.get('name') ?? '', relId: prefixedAttribute(attributes, 'id') ?? '', hidden: state !== 'visible', state };
  });
  const worksheets = sheets.filter((sheet) => relations.get(sheet.relId)?.type.endsWith('/worksheet') === true);
  const chosen = pick(worksheets, refuse);

  let totalRows = 0;
  const cleaned = chosen.map((sheet) => {
    const sheetPath = (relations.get(sheet.relId) as Relationship).target;
    const sheetXml = partText(sheetPath) ?? refuse(`its sheet '${sheet.name}' is missing (${sheetPath})`);
    const prefix = /<(\w+:)?worksheet[\s>]/.exec(sheetXml)?.[1] ?? '';
    const rootStart = new RegExp(`<${prefix}worksheet\\b[^>]*>`).exec(sheetXml)?.[0] ?? refuse(`its sheet '${sheet.name}' is not a worksheet`);
    const dimension = elements(sheetXml, `${prefix}dimension`).next().value?.get('ref');
    const dimensionRows = dimension === undefined ? 0 : rowsIn(dimension);
    if (dimensionRows > MAX_TABLE_ROWS) {
      refuse(`its sheet '${sheet.name}' has ${dimensionRows.toLocaleString('en-GB')} rows by its dimension (${dimension}); reqtrace imports at most ${MAX_TABLE_ROWS.toLocaleString('en-GB')}`);
    }
    const rowCount = count(sheetXml, new RegExp(`<${prefix}row[\\s>/]`, 'g'));
    if (rowCount > MAX_TABLE_ROWS) refuse(`its sheet '${sheet.name}' has ${rowCount.toLocaleString('en-GB')} rows; reqtrace imports at most ${MAX_TABLE_ROWS.toLocaleString('en-GB')}`);
    totalRows += rowCount;
    if (totalRows > MAX_TABLE_ROWS * 5) refuse(`its sheets have more than ${(MAX_TABLE_ROWS * 5).toLocaleString('en-GB')} rows in all`);
    const slash = sheetPath.lastIndexOf('/');
    const sheetRelations = parseRelationships(partText(`${sheetPath.slice(0, slash + 1)}_rels/${sheetPath.slice(slash + 1)}.rels`) ?? '', sheetPath.slice(0, slash + 1));
    return {
      sheet,
      xml: `${rootStart}${section(sheetXml, `${prefix}sheetData`)}${section(sheetXml, `${prefix}hyperlinks`)}</${prefix}worksheet>`,
      merges: [...elements(sheetXml, `${prefix}mergeCell`)].map((attributes) => decodeRange(attributes.get('ref') ?? '')).filter((range) => range !== undefined),
      hyperlinks: [...sheetRelations.values()].filter((relation) => relation.type.endsWith('/hyperlink') && relation.external),
    };
  });
  const typed = (suffix: string): string | undefined => [...relations.values()].find((relation) => relation.type.endsWith(suffix))?.target;
  const sharedStrings = typed('/sharedStrings');
  const styles = typed('/styles');
  const date1904 = /^(1|true)$/.test(elements(workbook, 'workbookPr').next().value?.get('date1904') ?? '');

  const encoder = new TextEncoder();
  const files = [
    { name: 'xl/workbook.xml', data: encoder.encode(workbookPart(chosen.map((sheet) => sheet.name), date1904)) },
    { name: 'xl/_rels/workbook.xml.rels', data: encoder.encode(workbookRelations(chosen.length, sharedStrings !== undefined, styles !== undefined)) },
  ];
  cleaned.forEach(({ xml, hyperlinks }, index) => {
    files.push({ name: `xl/worksheets/sheet${index + 1}.xml`, data: encoder.encode(xml) });
    if (hyperlinks.length > 0) files.push({ name: `xl/worksheets/_rels/sheet${index + 1}.xml.rels`, data: encoder.encode(relationshipsPart(hyperlinks)) });
  });
  if (sharedStrings !== undefined) files.push({ name: 'xl/sharedStrings.xml', data: encoder.encode(partText(sharedStrings) ?? '<sst xmlns="' + MAIN_NS + '"/>') });
  if (styles !== undefined) files.push({ name: 'xl/styles.xml', data: encoder.encode(partText(styles) ?? '<styleSheet xmlns="' + MAIN_NS + '"/>') });

  // exceljs is loaded here, when a workbook is read, not by every command that starts.
  const { Workbook, ValueType } = await import('exceljs');
  const book = new Workbook();
  try {
    await book.xlsx.load(storedZip(files) as unknown as ArrayBuffer);
  } catch (error) {
    refuse(`${chosen.length === 1 ? `its sheet '${chosen[0]?.name ?? ''}'` : 'its sheets'} cannot be read (${firstLine(error)})`);
  }
  const tables = cleaned.map(({ sheet, merges }, index): Table => {
    const worksheet = book.worksheets[index];
    const rows = new Map<number, (TableCell | undefined)[]>();
    worksheet?.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: (TableCell | undefined)[] = [];
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        const value = tableCell(cell, ValueType);
        if (value) cells[column - 1] = value;
      });
      if (cells.length > 0) rows.set(rowNumber, cells);
    });
    const notes: string[] = [];
    const filled = fillMerges(rows, merges, sheet.name);
    if (filled > 0) notes.push(`${filled.toLocaleString('en-GB')} ${filled === 1 ? 'cell' : 'cells'} of merged ranges given the value shown across them`);
    const sorted: TableRow[] = [...rows.entries()].sort(([a], [b]) => a - b).map(([row, cells]) => ({ row, cells }));
    return { rows: sorted, sheet: sheet.name, notes };
  });
  return { worksheets, tables };

  function fillMerges(table: Map<number, (TableCell | undefined)[]>, ranges: readonly CellRange[], sheetName: string): number {
    // A merged range shows its first cell's value down its rows; that is the value of each row. Only
    // the first column is filled: the columns to its right belong to other headers.
    const lastRow = Math.max(0, ...table.keys());
    let steps = 0;
    let filledCells = 0;
    for (const range of ranges) {
      const master = table.get(range.top)?.[range.left - 1];
      if (!master) continue;
      for (let row = range.top + 1; row <= Math.min(range.bottom, lastRow); row++) {
        if (++steps > MAX_MERGE_FILLS) refuse(`its sheet '${sheetName}' has merged ranges over more than ${MAX_MERGE_FILLS.toLocaleString('en-GB')} cells`);
        let cells = table.get(row);
        if (!cells) table.set(row, (cells = []));
        if (cells[range.left - 1] === undefined) {
          cells[range.left - 1] = master;
          filledCells++;
        }
      }
    }
    return filledCells;
  }
}

/** A cell as text: rich text joined, a hyperlink's text, a date as ISO 8601, a formula as its formula. */
function tableCell(cell: Cell, ValueType: typeof ValueTypes): TableCell | undefined {
  const percent = typeof cell.numFmt === 'string' && cell.numFmt.includes('%');
  switch (cell.type) {
    case ValueType.Null:
    case ValueType.Merge:
      return undefined;
    case ValueType.Formula: {
      const formula = cell.formula ? `=${cell.formula}` : '=';
      const result = (cell.value as { result?: CellValue }).result;
      return { text: formula, formula, cachedResult: result === undefined ? undefined : valueText(result) };
    }
    case ValueType.Number: {
      const number = cell.value as number;
      return { text: String(number), number, percent };
    }
    default: {
      const text = valueText(cell.value);
      return text === '' ? undefined : { text };
    }
  }
}

function valueText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return isoDate(value);
  if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((run) => run.text).join('');
  if ('hyperlink' in value) return valueText((value as { text?: CellValue }).text);
  if ('error' in value) return String(value.error);
  if ('result' in value) return valueText(value.result);
  return '';
}

/** A date as yyyy-mm-dd, with the time when it has one (exceljs gives Excel's local times as UTC). */
function isoDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
}

interface CellRange {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

function decodeRange(ref: string): CellRange | undefined {
  const match = /^\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?$/i.exec(ref.trim());
  if (!match) return undefined;
  const left = columnNumber(match[1] as string);
  const top = Number(match[2]);
  const right = match[3] ? columnNumber(match[3]) : left;
  const bottom = match[4] ? Number(match[4]) : top;
  return { top: Math.min(top, bottom), left: Math.min(left, right), bottom: Math.max(top, bottom), right: Math.max(left, right) };
}

/** How many rows a range reference covers (A1:F300 → 300; a whole column, A:A, → every row of a sheet). */
function rowsIn(ref: string): number {
  const range = decodeRange(ref);
  if (range) return range.bottom - range.top + 1;
  return /^\$?[A-Z]{1,3}:\$?[A-Z]{1,3}$/i.test(ref.trim()) ? 1_048_576 : 0;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function count(text: string, pattern: RegExp): number {
  let n = 0;
  while (pattern.exec(text)) n++;
  return n;
}

/** The element `name` in `xml` with everything inside it, or '' when it is not there. */
function section(xml: string, name: string): string {
  const start = new RegExp(`<${name}[\\s>/]`).exec(xml);
  if (!start) return '';
  const open = xml.indexOf('>', start.index);
  if (xml[open - 1] === '/') return xml.slice(start.index, open + 1);
  const close = `</${name}>`;
  const end = xml.lastIndexOf(close);
  return end < 0 ? '' : xml.slice(start.index, end + close.length);
}

/** The attributes of each start tag `<name …>` in `xml`, decoded. */
function* elements(xml: string, name: string): Generator<Map<string, string>, undefined> {
  const tag = new RegExp(`<${name}(\\s[^>]*)?/?>`, 'g');
  for (let match = tag.exec(xml); match; match = tag.exec(xml)) {
    const attributes = new Map<string, string>();
    const attribute = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
    for (let found = attribute.exec(match[1] ?? ''); found; found = attribute.exec(match[1] ?? '')) attributes.set(found[1] as string, decodeXml(found[2] ?? found[3] ?? ''));
    yield attributes;
  }
  return undefined;
}

/** The value of a namespaced attribute by its local name (r:id, whatever the prefix). */
function prefixedAttribute(attributes: Map<string, string>, local: string): string | undefined {
  for (const [key, value] of attributes) if (key.endsWith(`:${local}`)) return value;
  return undefined;
}

function parseRelationships(xml: string, base: string): Map<string, Relationship> {
  const relations = new Map<string, Relationship>();
  for (const attributes of elements(xml, '(?:\\w+:)?Relationship')) {
    const target = attributes.get('Target') ?? '';
    const external = attributes.get('TargetMode') === 'External';
    relations.set(attributes.get('Id') ?? '', { id: attributes.get('Id') ?? '', type: attributes.get('Type') ?? '', target: external ? target : resolvePart(base, target), external });
  }
  return relations;
}

/** A part's name from a relationship's target, relative to `base` ('xl/') or absolute ('/xl/…'). */
function resolvePart(base: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : base + target).split('/');
  const resolved: string[] = [];
  for (const part of parts) {
    if (part === '..') resolved.pop();
    else if (part !== '.' && part !== '') resolved.push(part);
  }
  return resolved.join('/');
}

function decodeXml(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (whole, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
    if (named) return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[named.toLowerCase()] ?? whole;
    const code = hex ? parseInt(hex, 16) : Number(dec);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch] ?? ch);
}

function workbookPart(sheetNames: readonly string[], date1904: boolean): string {
  const sheets = sheetNames.map((name, index) => `<sheet name="${escapeXml(name)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><workbookPr${date1904 ? ' date1904="1"' : ''}/><sheets>${sheets}</sheets></workbook>`;
}

/** The relations of the cleaned workbook: its sheets rId1…rIdN, then its shared strings and styles. */
function workbookRelations(sheets: number, sharedStrings: boolean, styles: boolean): string {
  const relations: Relationship[] = Array.from({ length: sheets }, (_, index) => ({ id: `rId${index + 1}`, type: `${REL_NS}/worksheet`, target: `worksheets/sheet${index + 1}.xml`, external: false }));
  if (sharedStrings) relations.push({ id: `rId${sheets + 1}`, type: `${REL_NS}/sharedStrings`, target: 'sharedStrings.xml', external: false });
  if (styles) relations.push({ id: `rId${sheets + 2}`, type: `${REL_NS}/styles`, target: 'styles.xml', external: false });
  return relationshipsPart(relations);
}

function relationshipsPart(relations: readonly Relationship[]): string {
  const lines = relations.map(
    (relation) => `<Relationship Id="${escapeXml(relation.id)}" Type="${escapeXml(relation.type)}" Target="${escapeXml(relation.target)}"${relation.external ? ' TargetMode="External"' : ''}/>`,
  );
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PACKAGE_REL_NS}">${lines.join('')}</Relationships>`;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 200);
}
