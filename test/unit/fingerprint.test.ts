/**
 * Fingerprints: SHA-256 written out for the core, held equal to node:crypto; layout never changes
 * a fingerprint (scalar style, line breaks, white space, key order, CRLF), and a changed word always does.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changedFields, DEFAULT_FINGERPRINT_FIELDS, FIELDS_OF_KIND, fingerprintOf, fingerprintText, fingerprintValue, Fingerprints, STAMP } from '../../server/src/core/fingerprint';
import type { Item } from '../../server/src/core/model';
import { parseFile } from '../../server/src/core/parse/parse';
import { sha256Hex } from '../../server/src/core/sha256';
import { nodeSha256 } from '../../server/src/node/nodeHash';

const RUNS = Number(process.env.REQTRACE_FUZZ_RUNS ?? 300);

describe('sha256Hex', () => {
  it('gives the digests of the FIPS 180-4 examples', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it("equals node:crypto's on any text, across block boundaries and in every plane of Unicode", () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
      { numRuns: RUNS },
    );
    for (const length of [55, 56, 63, 64, 65, 119, 120, 128]) expect(sha256Hex('x'.repeat(length))).toBe(createHash('sha256').update('x'.repeat(length)).digest('hex'));
  });
});

/** A requirement whose statement and acceptance criteria are written in the given ways. */
interface Layout {
  readonly style: 'plain' | 'single' | 'double' | 'folded' | 'literal';
  readonly width: number;
  readonly crlf: boolean;
  readonly fieldsFirst: boolean;
  readonly extraSpaces: boolean;
}

/** The words as a YAML value in the layout's style; `inner` is the indentation of its lines after the first. */
function written(words: readonly string[], layout: Layout, inner: string): string {
  const gap = layout.extraSpaces ? '  ' : ' ';
  const lines: string[] = [];
  for (let at = 0; at < words.length; at += layout.width) lines.push(words.slice(at, at + layout.width).join(gap));
  switch (layout.style) {
    case 'plain':
      return lines.join(`\n${inner}`);
    case 'single':
      return `'${lines.join(`\n${inner}`)}'`;
    case 'double':
      return `"${lines.join(`\n${inner}`)}"`;
    case 'folded':
      return `>-\n${lines.map((line) => `${inner}${line}`).join('\n')}`;
    case 'literal':
      return `|\n${lines.map((line) => `${inner}${line}`).join('\n')}`;
  }
}

function requirement(statement: readonly string[], acceptance: readonly (readonly string[])[], layout: Layout): Item {
  const fields = [`    statement: ${written(statement, layout, '      ')}`, `    acceptance:\n${acceptance.map((words) => `      - ${written(words, layout, '        ')}`).join('\n')}`];
  const rest = ['    title: T', '    type: functional', '    priority: must'];
  const body = (layout.fieldsFirst ? [...fields, ...rest] : [...rest, ...fields]).join('\n');
  let text = `kind: requirements\nitems:\n  - id: REQ-1\n${body}\n`;
  if (layout.crlf) text = text.replace(/\n/g, '\r\n');
  const parsed = parseFile('file:///ws/r.reqs.yaml', text);
  expect(parsed.findings.filter((f) => f.code === 'yaml-syntax'), text).toEqual([]);
  return parsed.items[0] as Item;
}

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
const words = fc.array(word, { minLength: 1, maxLength: 14 });
const layout: fc.Arbitrary<Layout> = fc.record({
  style: fc.constantFrom('plain', 'single', 'double', 'folded', 'literal'),
  width: fc.integer({ min: 1, max: 6 }),
  crlf: fc.boolean(),
  fieldsFirst: fc.boolean(),
  extraSpaces: fc.boolean(),
});

describe('fingerprintOf', () => {
  it('is ten hex digits, the first ten of the SHA-256 of the fields it reads', () => {
    const item = requirement(['The', 'solution', 'shall', 'pay', 'staff'], [['Paid', 'monthly']], { style: 'plain', width: 9, crlf: false, fieldsFirst: true, extraSpaces: false });
    expect(fingerprintText(item)).toBe('[["statement","The solution shall pay staff"],["acceptance",["Paid monthly"]]]');
    expect(fingerprintOf(item)).toBe(sha256Hex(fingerprintText(item)).slice(0, 10));
    expect(fingerprintOf(item)).toMatch(STAMP);
  });

  it('does not change with layout: scalar style, line breaks, runs of spaces, key order, CRLF', () => {
    fc.assert(
      fc.property(words, fc.array(words, { minLength: 1, maxLength: 3 }), layout, layout, (statement, acceptance, one, other) => {
        expect(fingerprintOf(requirement(statement, acceptance, one))).toBe(fingerprintOf(requirement(statement, acceptance, other)));
      }),
      { numRuns: RUNS },
    );
  });

  it('changes when any word of a field it reads changes, and names that field', () => {
    fc.assert(
      fc.property(words, fc.array(words, { minLength: 1, maxLength: 3 }), fc.nat(), word, layout, layout, (statement, acceptance, at, replacement, one, other) => {
        const position = at % statement.length;
        fc.pre(statement[position] !== replacement);
        const changed = statement.map((w, i) => (i === position ? replacement : w));
        const before = requirement(statement, acceptance, one);
        const after = requirement(changed, acceptance, other);
        expect(fingerprintOf(after)).not.toBe(fingerprintOf(before));
        expect(changedFields(before, after)).toEqual(['statement']);
      }),
      { numRuns: RUNS },
    );
  });

  it('reads only the fields set for the kind: a title or priority change counts only when named', () => {
    const base = { style: 'plain', width: 9, crlf: false, fieldsFirst: true, extraSpaces: false } as const;
    const item = requirement(['The', 'solution', 'shall', 'work'], [['It', 'works']], base);
    const text = parseFile('file:///ws/r.reqs.yaml', `kind: requirements\nitems:\n  - id: REQ-1\n    title: Other\n    statement: The solution shall work\n    acceptance: [It works]\n    priority: could\n`).items[0] as Item;
    expect(fingerprintOf(text)).toBe(fingerprintOf(item));
    const withPriority = { ...DEFAULT_FINGERPRINT_FIELDS, requirements: ['statement', 'acceptance', 'priority'] as const };
    expect(fingerprintOf(text, withPriority)).not.toBe(fingerprintOf(item, withPriority));
    expect(changedFields(item, text, withPriority)).toEqual(['priority']);
  });

  it('hashes JSON of each field and its normalised value, whatever the text holds (quotes, backslashes, control characters, any Unicode, layout)', () => {
    // fingerprintText writes the JSON itself and skips normalising and escaping a text that needs
    // neither; this holds it to what JSON.stringify of the normalised values gives.
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.stringMatching(/^[ -~]{0,40}$/), fc.constantFrom('a"b', 'a\\b', ' a', 'a ', 'a  b', 'a\tb', 'e\u0301', '\u00e9', 'x\ud800y'));
    const kinds = fc.constantFrom('needs', 'requirements', 'itt') as fc.Arbitrary<Item['kind']>;
    fc.assert(
      fc.property(kinds, text, text, fc.array(text, { maxLength: 3 }), fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: undefined }), (kind, one, other, many, weighting) => {
        const prose: (string | number)[] = many.flatMap((criterion) => ['acceptance', criterion, 0, 0]);
        const item = { id: 'X-1', kind, uri: 'file:///ws/x.yaml', title: one, text: other, as: one, soThat: other, response: one, priority: other, type: one, category: other, verification: one, departments: many, status: 'agreed', weighting, links: [], prose } as unknown as Item;
        const fields = { ...DEFAULT_FINGERPRINT_FIELDS, [kind]: FIELDS_OF_KIND[kind] };
        // The reference normalises on its own (composed, white space collapsed, trimmed), not through the code under test.
        const normal = (value: unknown): unknown => (typeof value === 'string' ? value.normalize('NFC').replace(/\s+/g, ' ').trim() : Array.isArray(value) ? value.map(normal) : value);
        expect(fingerprintText(item, fields)).toBe(JSON.stringify(fields[kind].map((field) => [field, normal(fingerprintValue(item, field))])));
        expect(fields[kind].every((field) => JSON.stringify(fingerprintValue(item, field)) === JSON.stringify(normal(fingerprintValue(item, field))))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('is worked out once per version of an item', () => {
    const item = requirement(['The', 'solution', 'shall', 'work'], [['It', 'works']], { style: 'folded', width: 2, crlf: true, fieldsFirst: false, extraSpaces: true });
    const fingerprints = new Fingerprints();
    expect(fingerprints.of(item)).toBe(fingerprintOf(item));
    expect(fingerprints.of(item)).toBe(fingerprints.of(item));
  });
});

describe("Node's SHA-256 for fingerprints", () => {
  it('gives the same digits as the core’s own, for any text (so a stamp written by one is the fingerprint the other reads)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => nodeSha256(text) === sha256Hex(text)), { numRuns: 500 });
    expect(nodeSha256('Pay people on payday — £5 🚀')).toBe(sha256Hex('Pay people on payday — £5 🚀'));
  });
});
