/** The guards of the XLSX reader: the ZIP judged from its directory, entries inflated within their claims, and the workbook exceljs is given. */
import { Workbook } from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ImportRefusal } from '../../server/src/core/import/importer';
import { readXlsxTable } from '../../server/src/core/import/xlsx';
import { inflateEntry, MAX_ZIP_ENTRIES, readZipDirectory, storedZip } from '../../server/src/core/import/zip';
import { handMadeXlsx, rowXml, zipOf } from './xlsxFixtures';

function refusal(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ImportRefusal);
    return (error as Error).message;
  }
  throw new Error('not refused');
}

describe('readZipDirectory', () => {
  it('lists the entries with their sizes', () => {
    const bytes = zipOf([
      { name: 'a.xml', data: 'x'.repeat(1000) },
      { name: 'b/c.xml', data: 'y', method: 0 },
    ]);
    expect(readZipDirectory(bytes, 'f').map((entry) => [entry.name, entry.method, entry.uncompressedSize])).toEqual([
      ['a.xml', 8, 1000],
      ['b/c.xml', 0, 1],
    ]);
  });

  it('refuses from the directory alone: too many entries, too much in all, too high a ratio, unsafe names, encryption, ZIP64, two of a name', () => {
    const many = zipOf(Array.from({ length: MAX_ZIP_ENTRIES + 1 }, (_, n) => ({ name: `e${n}`, data: '', method: 0 as const })));
    expect(refusal(() => readZipDirectory(many, 'f'))).toBe("'f' is not read: it holds 10,001 entries; a workbook has a few dozen (at most 10,000 are read)");
    const total = zipOf(Array.from({ length: 3 }, (_, n) => ({ name: `e${n}`, data: Buffer.alloc(2 * 1024 * 1024), claimedSize: 90 * 1024 * 1024 })));
    expect(refusal(() => readZipDirectory(total, 'f'))).toMatch(/^'f' is not read: its entry 'e0' expands \d+ times/);
    for (const [name, why] of [
      ['../x', 'names a path outside the archive'],
      ['a/../../x', 'names a path outside the archive'],
      ['/x', 'names a path outside the archive'],
      ['C:/x', 'names a path outside the archive'],
      ['a\\..\\x', 'names a path outside the archive'],
    ]) {
      expect(refusal(() => readZipDirectory(zipOf([{ name: name!, data: 'x' }]), 'f'))).toBe(`'f' is not read: its entry '${name}' ${why}`);
    }
    expect(refusal(() => readZipDirectory(zipOf([{ name: 'a', data: 'x', flags: 1 }]), 'f'))).toBe("'f' is not read: its entry 'a' is encrypted");
    expect(refusal(() => readZipDirectory(zipOf([{ name: 'a', data: 'x', claimedSize: 0xffffffff }]), 'f'))).toBe("'f' is not read: it is a ZIP64 archive, which no spreadsheet of this size needs");
    expect(
      refusal(() =>
        readZipDirectory(
          zipOf([
            { name: 'a', data: 'x' },
            { name: 'a', data: 'y' },
          ]),
          'f',
        ),
      ),
    ).toBe("'f' is not read: it holds two entries named 'a'");
    expect(refusal(() => readZipDirectory(Buffer.from('ID,Title\n'), 'f'))).toBe("'f' is not read: it is not a ZIP archive (no central directory), so not an XLSX file");
  });

  it('refuses more than 200 MB in all, whatever each entry claims', () => {
    // Honest ratios (stored entries), but 250 MB claimed in all: refused before anything is read.
    const parts = Array.from({ length: 5 }, (_, n) => ({ name: `e${n}`, data: Buffer.alloc(1), method: 0 as const }));
    const bytes = zipOf(parts);
    // Make each stored entry claim 50 MB in both sizes, as an honest but huge archive would.
    for (let at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) {
      bytes.writeUInt32LE(50 * 1024 * 1024, at + 20);
      bytes.writeUInt32LE(50 * 1024 * 1024, at + 24);
    }
    expect(refusal(() => readZipDirectory(bytes, 'f'))).toBe("'f' is not read: it expands to more than 200 MB (a ZIP bomb, or far larger than a requirements workbook)");
  });
});

describe('inflateEntry', () => {
  it('inflates within the claimed size and refuses an entry that expands beyond it', () => {
    const honest = zipOf([{ name: 'a', data: 'hello '.repeat(100) }]);
    const [entry] = readZipDirectory(honest, 'f');
    expect(new TextDecoder().decode(inflateEntry(honest, entry!, 'f'))).toBe('hello '.repeat(100));
    const lying = zipOf([{ name: 'a', data: Buffer.alloc(10 * 1024 * 1024), claimedSize: 100 }]);
    const [liar] = readZipDirectory(lying, 'f');
    expect(refusal(() => inflateEntry(lying, liar!, 'f'))).toBe("'f' is not read: its entry 'a' expands beyond the 100 bytes its header claims (a ZIP bomb)");
    const short = zipOf([{ name: 'a', data: 'abc', claimedSize: 10 }]);
    expect(refusal(() => inflateEntry(short, readZipDirectory(short, 'f')[0]!, 'f'))).toBe("'f' is not read: its entry 'a' is not the size its header claims");
  });
});

describe('storedZip', () => {
  it('writes an archive that this reader reads back, with the right CRC', () => {
    const files = [
      { name: 'a.txt', data: new TextEncoder().encode('hello') },
      { name: 'dir/b.txt', data: new Uint8Array(0) },
    ];
    const bytes = storedZip(files);
    const entries = readZipDirectory(bytes, 'f');
    expect(entries.map((entry) => [entry.name, new TextDecoder().decode(inflateEntry(bytes, entry, 'f'))])).toEqual([
      ['a.txt', 'hello'],
      ['dir/b.txt', ''],
    ]);
    // The CRC of 'hello', as zip and zlib compute it.
    expect(Buffer.from(bytes).readUInt32LE(14)).toBe(0x3610a686);
  });
});

describe('readXlsxTable', () => {
  it('reads the first visible worksheet, or the one named (case aside), and lists the sheets when it is not there', async () => {
    const book = new Workbook();
    book.addWorksheet('Lists', { state: 'hidden' }).addRow(['Must', 'Should']);
    book.addWorksheet('Needs').addRow(['ID', 'Title']);
    book.addWorksheet('Reqs').addRow(['Ref', 'Name']);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    expect((await readXlsxTable(bytes, 'f')).sheet).toBe('Needs');
    const reqs = await readXlsxTable(bytes, 'f', 'reqs');
    expect(reqs.sheet).toBe('Reqs');
    expect(reqs.rows).toEqual([{ row: 1, cells: [{ text: 'Ref' }, { text: 'Name' }] }]);
    await expect(readXlsxTable(bytes, 'f', 'ITT')).rejects.toThrow("'f' is not read: it has no worksheet named 'ITT'; its worksheets are 'Lists', 'Needs', 'Reqs'");
  });

  it('fills a merged range down its first column, within the rows the sheet has', async () => {
    const bytes = handMadeXlsx({
      rows: rowXml(1, ['ID', 'Category']) + rowXml(2, ['A', 'HR']) + rowXml(3, ['B']) + rowXml(4, ['C']),
      after: '<mergeCells count="2"><mergeCell ref="B2:C1048576"/><mergeCell ref="A1:A1"/></mergeCells>',
    });
    const table = await readXlsxTable(bytes, 'f');
    expect(table.rows.map((row) => row.cells.map((cell) => cell?.text))).toEqual([
      ['ID', 'Category'],
      ['A', 'HR'],
      ['B', 'HR'],
      ['C', 'HR'],
    ]);
    expect(table.notes).toEqual(['2 cells of merged ranges given the value shown across them']);
  });

  it('reads formulas as their text with the cached result beside it, numbers with their percentage format, dates as ISO dates', async () => {
    const book = new Workbook();
    const sheet = book.addWorksheet('S');
    sheet.addRow([{ formula: 'SUM(1,2)', result: 3 }, 0.25, new Date(Date.UTC(2024, 0, 2, 13, 30)), true, { error: '#N/A' }]);
    sheet.getCell('B1').numFmt = '0%';
    sheet.addRow([{ sharedFormula: 'A1', result: 4 }]);
    const table = await readXlsxTable(new Uint8Array(await book.xlsx.writeBuffer()), 'f');
    expect(table.rows[0]!.cells).toEqual([
      { text: '=SUM(1,2)', formula: '=SUM(1,2)', cachedResult: '3' },
      { text: '0.25', number: 0.25, percent: true },
      { text: '2024-01-02 13:30' },
      { text: 'true' },
      { text: '#N/A' },
    ]);
    expect(table.rows[1]!.cells[0]).toMatchObject({ formula: '=SUM(1,2)', cachedResult: '4' });
  });
});
