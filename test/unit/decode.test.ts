import { describe, expect, it } from 'vitest';
import { decodeText } from '../../server/src/core/parse/decode';

const LIMIT = 1024;

describe('decodeText', () => {
  it('reads UTF-8 and drops its BOM, as editors do', () => {
    expect(decodeText(Buffer.from('\uFEFFkind: needs\n', 'utf8'), LIMIT)).toEqual({ text: 'kind: needs\n' });
    expect(decodeText(Buffer.from('title: Pay £5 💷\n', 'utf8'), LIMIT)).toEqual({ text: 'title: Pay £5 💷\n' });
  });

  it('reads UTF-16 with a BOM, either byte order', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: itt\n', 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    expect(decodeText(le, LIMIT)).toEqual({ text: 'kind: itt\n' });
    expect(decodeText(be, LIMIT)).toEqual({ text: 'kind: itt\n' });
  });

  it('refuses invalid UTF-8 with a clear reason', () => {
    const result = decodeText(Buffer.from([0x6b, 0x3a, 0x20, 0xe9, 0x0a]), LIMIT);
    expect(result).toEqual({ problem: { code: 'unreadable-file', message: expect.stringMatching(/not valid UTF-8 text .* Save it as UTF-8\.$/) } });
  });

  it('refuses a file over the limit without decoding it', () => {
    expect(decodeText(new Uint8Array(LIMIT + 1), LIMIT)).toEqual({ problem: { code: 'file-too-large', message: 'This file is larger than the 1 KB limit, so reqtrace did not read it. Split it into smaller files.' } });
  });
});
