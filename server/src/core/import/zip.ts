/**
 * The ZIP container of an XLSX file, read by hand so that nothing is expanded before it is judged.
 * The central directory says how many entries there are and how large each claims to be; a file
 * that claims too much (a ZIP bomb), names a path outside the archive, is encrypted or uses ZIP64
 * is refused from those numbers alone. An entry is then inflated with its claimed size as a hard
 * limit, so a header that lies stops the inflation at that size instead of filling the memory.
 * zlib does no I/O: it is here for its bounded inflate (`maxOutputLength`).
 */
import { inflateRawSync } from 'node:zlib';
import { ImportRefusal } from './importer';

/** The most entries an XLSX may hold: a workbook of a few sheets has a few dozen. */
export const MAX_ZIP_ENTRIES = 10_000;
/** The most all entries together may expand to. */
export const MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024;
/** Entries larger than this are held to MAX_ZIP_RATIO; spreadsheet XML compresses 10 to 30 times. */
const RATIO_FROM_BYTES = 1024 * 1024;
export const MAX_ZIP_RATIO = 100;

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * The entries of the ZIP archive in `bytes`, from its central directory, each checked before
 * anything is inflated. `shownAs` names the file in the one-line refusals.
 */
export function readZipDirectory(bytes: Uint8Array, shownAs: string): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const refuse = (why: string): never => {
    throw new ImportRefusal(`'${shownAs}' is not read: ${why}`);
  };
  const end = findEndOfDirectory(view);
  if (end < 0) refuse('it is not a ZIP archive (no central directory), so not an XLSX file');
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const offset = view.getUint32(end + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) refuse('it is a ZIP64 archive, which no spreadsheet of this size needs');
  if (count > MAX_ZIP_ENTRIES) refuse(`it holds ${count.toLocaleString('en-GB')} entries; a workbook has a few dozen (at most ${MAX_ZIP_ENTRIES.toLocaleString('en-GB')} are read)`);
  if (offset + size > end) refuse('its central directory lies outside the file');

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let total = 0;
  let at = offset;
  for (let index = 0; index < count; index++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL) refuse('its central directory is damaged');
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localHeaderOffset = view.getUint32(at + 42, true);
    if (at + 46 + nameLength > end) refuse('its central directory is damaged');
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;

    if (flags & 0x1) refuse(`its entry '${name}' is encrypted`);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) refuse('it is a ZIP64 archive, which no spreadsheet of this size needs');
    if (!isSafeEntryName(name)) refuse(`its entry '${name}' names a path outside the archive`);
    if (names.has(name)) refuse(`it holds two entries named '${name}'`);
    names.add(name);
    if (method !== 0 && method !== 8) refuse(`its entry '${name}' uses compression method ${method}; XLSX files use deflate`);
    if (method === 0 && compressedSize !== uncompressedSize) refuse(`its entry '${name}' is stored uncompressed but claims two different sizes`);
    total += uncompressedSize;
    if (total > MAX_ZIP_UNCOMPRESSED) refuse(`it expands to more than ${megabytes(MAX_ZIP_UNCOMPRESSED)} (a ZIP bomb, or far larger than a requirements workbook)`);
    if (uncompressedSize > RATIO_FROM_BYTES && uncompressedSize > compressedSize * MAX_ZIP_RATIO) {
      refuse(`its entry '${name}' expands ${Math.round(uncompressedSize / Math.max(compressedSize, 1))} times, to ${megabytes(uncompressedSize)} (a ZIP bomb: spreadsheet data compresses at most about ${MAX_ZIP_RATIO} times)`);
    }
    if (localHeaderOffset + 30 > bytes.byteLength) refuse(`its entry '${name}' lies outside the file`);
    entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
  }
  return entries;
}

/**
 * The bytes of one entry, inflated with its claimed size as the limit: an entry that expands
 * beyond what the directory says is refused at that point.
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, shownAs: string): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (view.getUint32(at, true) !== LOCAL) throw new ImportRefusal(`'${shownAs}' is not read: its entry '${entry.name}' is damaged`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.byteLength) throw new ImportRefusal(`'${shownAs}' is not read: its entry '${entry.name}' lies outside the file`);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data;
  let inflated: Uint8Array;
  try {
    inflated = inflateRawSync(data, { maxOutputLength: Math.max(entry.uncompressedSize, 1) });
  } catch (error) {
    const tooLarge = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    throw new ImportRefusal(
      `'${shownAs}' is not read: its entry '${entry.name}' ${tooLarge ? `expands beyond the ${entry.uncompressedSize.toLocaleString('en-GB')} bytes its header claims (a ZIP bomb)` : 'is damaged'}`,
    );
  }
  if (inflated.byteLength !== entry.uncompressedSize) throw new ImportRefusal(`'${shownAs}' is not read: its entry '${entry.name}' is not the size its header claims`);
  return inflated;
}

/** A ZIP archive of `files`, stored without compression: the cleaned workbook handed to exceljs. */
export function storedZip(files: ReadonlyArray<{ readonly name: string; readonly data: Uint8Array }>): Uint8Array {
  const encoder = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const file of files) {
    const name = encoder.encode(file.name);
    const crc = crc32(file.data);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, LOCAL, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x800, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, file.data.length, true);
    lv.setUint32(22, file.data.length, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, CENTRAL, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x800, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, file.data.length, true);
    cv.setUint32(24, file.data.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, file.data);
    centrals.push(central);
    offset += local.length + file.data.length;
  }
  const directorySize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, EOCD, true);
  ev.setUint16(8, files.length, true);
  ev.setUint16(10, files.length, true);
  ev.setUint32(12, directorySize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + directorySize + 22);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Where the end-of-central-directory record starts, searching back over a comment of up to 64 KB; -1 when there is none. */
function findEndOfDirectory(view: DataView): number {
  const last = view.byteLength - 22;
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (view.getUint32(at, true) === EOCD && at + 22 + view.getUint16(at + 20, true) === view.byteLength) return at;
  }
  return -1;
}

/** A relative path inside the archive: no '..' part, no leading slash or drive, no backslash or NUL. */
function isSafeEntryName(name: string): boolean {
  if (name === '' || name.startsWith('/') || /^[A-Za-z]:/.test(name) || /[\\\0]/.test(name)) return false;
  return !name.split('/').some((part) => part === '..');
}

function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = (CRC_TABLE[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const CRC_TABLE = makeCrcTable();

function makeCrcTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
