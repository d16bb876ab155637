/**
 * sourcedScalar: every character of a scalar's value placed where it is written, in every style.
 * Fixed cases mark the words with ‹›; a property test writes random text in each style with the
 * yaml package and holds the map to what the parser read.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, parseDocument, Scalar, stringify } from 'yaml';
import { sourcedScalar } from '../../server/src/core/parse/scalarSource';

/** The value node of `a:` in a one-key document. */
function nodeOf(text: string): { start: number; end: number; value: string } {
  const doc = parseDocument(text);
  if (!isMap(doc.contents)) throw new Error(`not a mapping: ${text}`);
  const node = doc.contents.items[0]?.value;
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) throw new Error(`not a text scalar: ${text}`);
  return { start: node.range[0], end: node.range[1], value: node.value };
}

/** The source text of the value's characters [from, to): what a finding on those characters would underline. */
function underlined(text: string, from: number, to: number): string {
  const node = nodeOf(text);
  const read = sourcedScalar(text, node.start, node.end, node.value);
  if (!read) throw new Error(`no map for ${JSON.stringify(text)}`);
  return text.slice(read.offsets[from], read.offsets[to - 1]! + 1);
}

/** Finds `words` in the value of `a:` and returns what the map underlines for them. */
function wordsIn(text: string, words: string): string {
  const { value } = nodeOf(text);
  const at = value.indexOf(words);
  if (at < 0) throw new Error(`'${words}' is not in ${JSON.stringify(value)}`);
  return underlined(text, at, at + words.length);
}

describe('sourcedScalar', () => {
  it.each([
    ['plain, one line', 'a: shall be fast where possible\n', 'where possible', 'where possible'],
    ['plain over lines', 'a: shall be fast where\n  possible and then\n\n  more\n', 'where possible', 'where\n  possible'],
    ['plain over lines, CRLF', 'a: shall be fast where\r\n  possible and then\r\n', 'where possible', 'where\r\n  possible'],
    ['single-quoted with a doubled quote', "a: 'the supplier''s fast response'\n", "supplier's fast", "supplier''s fast"],
    ['single-quoted over lines', "a: 'one where\n  possible'\n", 'where possible', 'where\n  possible'],
    ['double-quoted with escapes', 'a: "user\\u002Dfriendly \\"as far as\\tpossible\\""\n', 'as far as\tpossible', 'as far as\\tpossible'],
    ['double-quoted, a line joined by a backslash', 'a: "where pos\\\n  sible"\n', 'where possible', 'where pos\\\n  sible'],
    ['literal block', 'a: |\n  The solution shall\n  be fast.\n', 'be fast', 'be fast'],
    ['literal block, CRLF', 'a: |\r\n  The solution shall\r\n  be fast.\r\n', 'shall\nbe', 'shall\r\n  be'],
    ['folded block', 'a: >-\n  The solution shall be\n  easy to use\n\n  and fast.\n', 'be easy', 'be\n  easy'],
    ['folded block, more-indented line', 'a: >\n  one\n    two fast\n  three\n', 'two fast', 'two fast'],
    ['literal block with an indentation indicator', 'a: |2\n    leading spaces fast\n', 'fast', 'fast'],
    ['keep chomping and blank lines', 'a: |+\n  TBC\n\n\nb: 1\n', 'TBC\n\n', 'TBC\n\n'],
    ['an emoji before the words', 'a: "🙂 where possible"\n', 'where possible', 'where possible'],
  ])('%s', (_name, text, words, expected) => {
    expect(wordsIn(text, words)).toBe(expected);
  });

  it('gives no map, rather than a wrong one, when its value is not the parser’s', () => {
    const text = 'a: where possible\n';
    const node = nodeOf(text);
    expect(sourcedScalar(text, node.start, node.end, 'something else')).toBeUndefined();
  });

  const STYLES = [Scalar.PLAIN, Scalar.QUOTE_SINGLE, Scalar.QUOTE_DOUBLE, Scalar.BLOCK_LITERAL, Scalar.BLOCK_FOLDED] as const;
  const words = fc.array(fc.oneof(fc.constantFrom('shall', 'where', 'possible', 'fast', "it's", '"q"', 'a\\b', 'é', '🙂', '#x', ': y', '-', ' ', '  ', '\n', '\n\n', '\t', '\u0085'), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 30 });

  it('places every character of random text, in every style the yaml package writes, where it is written', () => {
    fc.assert(
      fc.property(words, fc.constantFrom(...STYLES), fc.integer({ min: 12, max: 80 }), fc.boolean(), fc.constantFrom(0, 2, 4), (parts, type, lineWidth, crlf, indent) => {
        const value = parts.join('');
        let text = stringify({ a: Object.assign(new Scalar(value), { type }) }, { lineWidth, minContentWidth: 0 });
        if (indent > 0) text = `x:\n${text.replace(/^/gm, ' '.repeat(indent))}`.replace(/ +$/gm, '');
        if (crlf) text = text.replace(/\n/g, '\r\n');
        const doc = parseDocument(text);
        if (doc.errors.length > 0) return;
        const holder = indent > 0 ? (doc.contents as { items: { value: unknown }[] }).items[0]!.value : doc.contents;
        const node = (holder as { items: { value: unknown }[] }).items[0]!.value;
        if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return;
        const read = sourcedScalar(text, node.range[0], node.range[1], node.value);
        // Every style the writer chose must be mapped, not given up on.
        expect(read, JSON.stringify(text)).toBeDefined();
        const { offsets } = read!;
        expect(offsets).toHaveLength(node.value.length + 1);
        for (let i = 0; i < node.value.length; i++) {
          const written = text[offsets[i]!]!;
          const char = node.value[i]!;
          expect(offsets[i]!, 'places never go back').toBeGreaterThanOrEqual(i > 0 ? offsets[i - 1]! : node.range[0]);
          // A character is written as itself, as an escape, as a folded line break, or as the half of a surrogate pair or a doubled quote.
          const folding = (char === ' ' || char === '\n') && (written === '\n' || written === '\r');
          const escaped = written === '\\';
          const pair = char.charCodeAt(0) >= 0xd800 && char.charCodeAt(0) <= 0xdfff;
          expect(written === char || folding || escaped || pair, `${JSON.stringify(char)} at ${i} is written as ${JSON.stringify(written)} in ${JSON.stringify(text)}`).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
