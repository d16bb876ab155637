/** The CSV reader of import table: RFC 4180 and what spreadsheets export beyond it. */
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, parseCsv, sniffDelimiter } from '../../server/src/core/import/csv';

describe('parseCsv', () => {
  it('reads plain records with CRLF, LF or CR line ends, and no empty record for a final line end', () => {
    expect(parseCsv('a,b\r\nc,d\r\n').records).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseCsv('a,b\nc,d').records).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseCsv('a,b\rc,d\r').records).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseCsv('').records).toEqual([]);
  });

  it('keeps blank lines and empty fields where a spreadsheet shows them', () => {
    expect(parseCsv('a,b\n\n,\nc,').records).toEqual([['a', 'b'], [''], ['', ''], ['c', '']]);
  });

  it('reads quoted fields: delimiters, line breaks and doubled quotes inside, an empty quoted field', () => {
    expect(parseCsv('"a,b","line 1\r\nline 2","say ""hi""",""\n').records).toEqual([['a,b', 'line 1\r\nline 2', 'say "hi"', '']]);
    expect(parseCsv('"""",x').records).toEqual([['"', 'x']]);
    expect(parseCsv('"ends with quote"""').records).toEqual([['ends with quote"']]);
  });

  it('takes a quote inside an unquoted field, and text after a closing quote, as text', () => {
    expect(parseCsv('5" screen,a"b\n"a"b,c').records).toEqual([
      ['5" screen', 'a"b'],
      ['ab', 'c'],
    ]);
  });

  it('leaves what looks like a formula as text', () => {
    expect(parseCsv('=1+1,+A1,-2,@SUM(A1),"=HYPERLINK(""x"")"').records).toEqual([['=1+1', '+A1', '-2', '@SUM(A1)', '=HYPERLINK("x")']]);
  });

  it('stops, with the records so far, at a quoted field never closed and beyond its limits', () => {
    expect(parseCsv('a,b\n"open,c\nd,e\n')).toEqual({ records: [['a', 'b']], delimiter: ',', error: 'a quoted field in record 2 is never closed' });
    const many = parseCsv('x\n'.repeat(10), ',', { maxRecords: 5, maxFields: 10 });
    expect(many.records).toHaveLength(5);
    expect(many.error).toBe('more than 5 records');
    expect(parseCsv('a,b,c,d\n', ',', { maxRecords: 5, maxFields: 3 }).error).toBe('record 1 has more than 3 fields');
  });

  it("reads ';' and tab as the delimiter when the header row uses them", () => {
    expect(sniffDelimiter('ID;Title;"a,b,c"\n1;2;3')).toBe(';');
    expect(sniffDelimiter('ID\tTitle\tText, with commas\n')).toBe('\t');
    expect(sniffDelimiter('ID,Title\n1;2;3;4')).toBe(',');
    expect(sniffDelimiter('ID')).toBe(',');
    expect(parseCsv('a;"b;c"\r\n1;2').records).toEqual([
      ['a', 'b;c'],
      ['1', '2'],
    ]);
  });
});

describe('decodeCsvBytes', () => {
  it('drops a UTF-8 byte order mark, reads UTF-16 by its mark, and falls back to Windows-1252', () => {
    expect(decodeCsvBytes(Buffer.from('\uFEFFID,Café', 'utf8'))).toEqual({ text: 'ID,Café', encoding: 'UTF-8' });
    expect(decodeCsvBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ID\tCafé', 'utf16le')]))).toEqual({ text: 'ID\tCafé', encoding: 'UTF-16' });
    expect(decodeCsvBytes(Buffer.from('ID,Caf\xe9 \x80 \x92s \x81', 'latin1'))).toEqual({ text: 'ID,Café € ’s \u0081', encoding: 'Windows-1252' });
  });
});
