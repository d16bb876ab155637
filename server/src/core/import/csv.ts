/**
 * CSV as RFC 4180 writes it and as spreadsheets export it: quoted fields with embedded delimiters,
 * line breaks and doubled quotes; CRLF, LF or CR line ends; a UTF-8 or UTF-16 byte order mark; ','
 * or, from a European Excel, ';' (or a tab) between fields. Written here rather than taken from
 * exceljs, whose CSV reader needs Node streams and turns cells that look like numbers or dates into
 * numbers and dates: an importer wants the text exactly as it was written. Values are never
 * interpreted: a cell that starts with '=' is text like any other.
 */

export interface CsvTable {
  /** The records in order; a blank line is a record with one empty field, as a spreadsheet shows it. */
  readonly records: string[][];
  readonly delimiter: string;
  /** Why reading stopped early, when it did: a quoted field never closed, or too many records. */
  readonly error?: string;
}

export interface CsvLimits {
  /** The most records to read; reading stops with an error after it. */
  readonly maxRecords: number;
  /** The most fields in one record. */
  readonly maxFields: number;
}

const DEFAULT_LIMITS: CsvLimits = { maxRecords: Number.MAX_SAFE_INTEGER, maxFields: 16_384 };

/** Bytes as text: UTF-16 when a byte order mark says so, else UTF-8, else Windows-1252 (an old Excel "CSV" export). */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16' };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(bom)), encoding: 'UTF-8' };
  } catch {
    // Node's TextDecoder reads 'windows-1252' as Latin-1, so 0x80-0x9F (€, curly quotes, dashes) are mapped here.
    const latin1 = new TextDecoder('latin1').decode(bytes);
    return { text: latin1.replace(/[\u0080-\u009f]/g, (ch) => WINDOWS_1252[ch.charCodeAt(0) - 0x80] ?? ch), encoding: 'Windows-1252' };
  }
}

/** What Windows-1252 has at 0x80-0x9F, where Latin-1 has control characters (five of them are unassigned and stay as they are). */
const WINDOWS_1252 = [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'];

/**
 * The delimiter of `text`: whichever of ',', ';' and tab occurs most often outside quotes in the
 * first record (the header row); ',' when none does.
 */
export function sniffDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  for (const [delimiter, count] of counts) if (count > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}

/**
 * The records of `text`. Never throws: a quoted field still open at the end, or a record beyond
 * the limits, ends the reading with `error` set and the records read so far.
 */
export function parseCsv(text: string, delimiter = sniffDelimiter(text), limits: CsvLimits = DEFAULT_LIMITS): CsvTable {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  // A quote opens a quoted field only at the start of a field; elsewhere it is an ordinary character.
  let atFieldStart = true;
  const endField = (): string | undefined => {
    record.push(field);
    field = '';
    atFieldStart = true;
    return record.length > limits.maxFields ? `record ${records.length + 1} has more than ${limits.maxFields.toLocaleString('en-GB')} fields` : undefined;
  };
  const endRecord = (): string | undefined => {
    const error = endField();
    if (error) return error;
    records.push(record);
    record = [];
    return records.length > limits.maxRecords ? `more than ${limits.maxRecords.toLocaleString('en-GB')} records` : undefined;
  };
  while (i < n) {
    const ch = text[i] as string;
    if (atFieldStart && ch === '"') {
      const opened = records.length + 1;
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) return { records, delimiter, error: `a quoted field in record ${opened} is never closed` };
        field += text.slice(i, close);
        if (text[close + 1] === '"') {
          field += '"';
          i = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
      // Text after the closing quote (`"a"b`) is kept, as spreadsheets keep it.
      atFieldStart = false;
      continue;
    }
    if (ch === delimiter) {
      const error = endField();
      if (error) return { records, delimiter, error };
      i++;
    } else if (ch === '\r' || ch === '\n') {
      const error = endRecord();
      if (error) return { records: records.slice(0, limits.maxRecords), delimiter, error };
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      let next = i + 1;
      while (next < n) {
        const c = text[next];
        if (c === delimiter || c === '\r' || c === '\n') break;
        next++;
      }
      field += text.slice(i, next);
      atFieldStart = false;
      i = next;
    }
  }
  // The last record has no line end after it; a final line end makes no empty record.
  if (field !== '' || record.length > 0 || !atFieldStart) {
    const error = endRecord();
    if (error) return { records: records.slice(0, limits.maxRecords), delimiter, error };
  }
  return { records, delimiter };
}
