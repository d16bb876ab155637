/**
 * Hand-made ZIP and XLSX files for the import tests: workbooks whose XML a test writes itself
 * (a dimension, a data validation, a merge that no library would write) and ZIP archives whose
 * headers claim what a test wants them to (a bomb, a lying size, a path outside the archive).
 */
import { deflateRawSync } from 'node:zlib';

export interface ZipPart {
  readonly name: string;
  readonly data: Uint8Array | string;
  /** 8 (deflate, the default) or 0 (stored). */
  readonly method?: 0 | 8;
  /** The uncompressed size the headers claim, when it is to be a lie. */
  readonly claimedSize?: number;
  /** General purpose flags (1: encrypted). */
  readonly flags?: number;
}

/** A ZIP archive of `parts`, written as a spreadsheet program writes one, with whatever sizes they claim. */
export function zipOf(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const raw = typeof part.data === 'string' ? Buffer.from(part.data, 'utf8') : Buffer.from(part.data);
    const method = part.method ?? 8;
    const data = method === 8 ? deflateRawSync(raw) : raw;
    const size = part.claimedSize ?? raw.length;
    const name = Buffer.from(part.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE((part.flags ?? 0) | 0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE((part.flags ?? 0) | 0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** A row of inline-string cells, for a sheet written by hand. */
export function rowXml(row: number, values: readonly string[]): string {
  const cells = values.map((value, index) => `<c r="${String.fromCharCode(65 + index)}${row}" t="inlineStr"><is><t>${value}</t></is></c>`);
  return `<row r="${row}">${cells.join('')}</row>`;
}

/**
 * An XLSX file of one sheet named `sheetName`, whose XML is `<sheetData>` of `rows` with `before`
 * (a dimension) in front and `after` (data validations, merges) behind; `workbookExtra` goes into
 * the workbook (defined names).
 */
export function handMadeXlsx(options: { rows: string; before?: string; after?: string; workbookExtra?: string; sheetName?: string; extraParts?: readonly ZipPart[] }): Buffer {
  const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${REL}">${options.before ?? ''}<sheetData>${options.rows}</sheetData>${options.after ?? ''}</worksheet>`;
  return zipOf([
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    },
    { name: '_rels/.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="${options.sheetName ?? 'Requirements'}" sheetId="1" r:id="rId1"/></sheets>${options.workbookExtra ?? ''}</workbook>`,
    },
    { name: 'xl/_rels/workbook.xml.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>` },
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
    ...(options.extraParts ?? []),
  ]);
}

/** An OLE compound file's first bytes with `streamName` in its directory: an old .xls, or (EncryptedPackage) a password-protected XLSX. */
export function compoundFile(streamName: string): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  const directory = Buffer.alloc(512);
  Buffer.from(streamName, 'utf16le').copy(directory);
  return Buffer.concat([header, directory]);
}
