import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { humanPosition, LineIndex } from '../../server/src/core/lines';

const SAMPLES: Record<string, string> = {
  lf: 'kind: needs\nitems:\n  - id: UN-1\n',
  crlf: 'kind: needs\r\nitems:\r\n  - id: UN-1\r\n',
  'lone cr': 'kind: needs\ritems:\r  - id: UN-1\r',
  mixed: 'a\r\nb\nc\rd',
  bom: '\uFEFFkind: needs\nitems: []\n',
  emoji: 'title: "Pay 💷 staff"\nid: X\n',
  'no final newline': 'a: 1\nb: 2',
  empty: '',
};

describe('LineIndex', () => {
  for (const [name, text] of Object.entries(SAMPLES)) {
    it(`agrees with TextDocument on every offset (${name})`, () => {
      const lines = new LineIndex(text);
      const doc = TextDocument.create('file:///x', 'yaml', 1, text);
      for (let offset = 0; offset <= text.length; offset++) {
        const position = lines.position(offset);
        expect(position).toEqual(doc.positionAt(offset));
        expect(lines.offset(position)).toBe(doc.offsetAt(position));
      }
      expect(lines.lineCount).toBe(doc.lineCount);
    });
  }

  it('agrees with TextDocument on any mix of line breaks', () => {
    const text = fc.array(fc.constantFrom('\r', '\n', '\r\n', 'a', ' ', '💷'), { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (source) => {
        const lines = new LineIndex(source);
        const doc = TextDocument.create('file:///x', 'yaml', 1, source);
        expect(lines.lineCount).toBe(doc.lineCount);
        for (let offset = 0; offset <= source.length; offset++) expect(lines.position(offset)).toEqual(doc.positionAt(offset));
      }),
      { numRuns: 500 },
    );
  });

  it('clamps positions past the end of a line, as TextDocument does', () => {
    const text = 'ab\r\ncd';
    const doc = TextDocument.create('file:///x', 'yaml', 1, text);
    const lines = new LineIndex(text);
    for (const position of [{ line: 0, character: 10 }, { line: 5, character: 0 }, { line: 1, character: 99 }]) {
      expect(lines.offset(position)).toBe(doc.offsetAt(position));
    }
  });

  it('gives 1-based lines and UTF-16 columns for people', () => {
    const text = 'title: "💷"\nid: REQ-1\n';
    const lines = new LineIndex(text);
    expect(humanPosition(lines, text.indexOf('REQ-1'))).toEqual({ line: 2, column: 5 });
    // The emoji is two UTF-16 code units, as editors count columns.
    expect(humanPosition(lines, text.indexOf('"', 8))).toEqual({ line: 1, column: 11 });
  });
});
