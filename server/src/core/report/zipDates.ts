/**
 * The ZIP writer under exceljs stamps every entry with the moment it was written, so two workbooks
 * made from the same files differ in those bytes alone. Setting every entry's date to the
 * generation time (SOURCE_DATE_EPOCH when set) makes the same files give the same workbook, as the
 * other exports do. Only the date and time fields change; an archive laid out in any way not
 * expected is left as it is.
 */

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_ENTRY = 0x04034b50;
/** The end-of-directory record's fixed part; a comment of up to 65,535 bytes may follow it. */
const END_SIZE = 22;

/** Sets the modification date of every entry of a ZIP archive, in place, and returns the archive. */
export function setZipDates(zip: Uint8Array, when: Date): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = findEnd(view);
  if (end < 0) return zip;
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const { time, date } = dosDateTime(when);
  // Checked first, written after: an archive that is not as expected keeps every byte.
  const places: number[] = [];
  for (let n = 0; n < entries; n++) {
    if (at + 46 > zip.byteLength || view.getUint32(at, true) !== DIRECTORY_ENTRY) return zip;
    const local = view.getUint32(at + 42, true);
    if (local + 30 > zip.byteLength || view.getUint32(local, true) !== LOCAL_ENTRY) return zip;
    places.push(at + 12, local + 10);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  for (const place of places) {
    view.setUint16(place, time, true);
    view.setUint16(place + 2, date, true);
  }
  return zip;
}

function findEnd(view: DataView): number {
  const last = view.byteLength - END_SIZE;
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) return at;
  }
  return -1;
}

/** MS-DOS date and time, in UTC: two-second steps, years 1980 to 2107. */
function dosDateTime(when: Date): { time: number; date: number } {
  const year = Math.min(Math.max(when.getUTCFullYear(), 1980), 2107);
  return {
    time: (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | Math.floor(when.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate(),
  };
}
