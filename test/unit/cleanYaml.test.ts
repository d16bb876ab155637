/**
 * The fast reader (core/cleanYaml.ts) must read every text it accepts exactly as yaml's composed
 * Document does — same tree, same offsets, same plain value — and accept only texts the composer
 * reads without an error or a warning. Real files must take the fast way, or the speed is lost
 * without anyone noticing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Parser, parseDocument } from 'yaml';
import { readClean } from '../../server/src/core/cleanYaml';
import { lexDocument } from '../../server/src/core/lexYaml';
import { YAML_OPTIONS } from '../../server/src/core/parse';
import { treeOfDocument } from '../../server/src/core/tree';

const SAMPLES = join(__dirname, '..', '..', 'samples');
const sampleFiles = (readdirSync(SAMPLES, { recursive: true }) as string[]).filter((f) => /\.(needs|reqs|itt)\.yaml$/.test(f)).map((f) => join(SAMPLES, f));
const sampleTexts = sampleFiles.map((f) => readFileSync(f, 'utf8'));

/** What the composer makes of a text: its findings, tree and plain value. */
function composed(source: string): { problems: string[]; root: unknown; shared: boolean; value: unknown } {
  const doc = parseDocument(source, YAML_OPTIONS);
  const problems = [...doc.errors, ...doc.warnings].map((e) => `${e.code}: ${e.message}`);
  const { root, shared } = treeOfDocument(doc);
  return { problems, root, shared, value: problems.length === 0 ? doc.toJS() : undefined };
}

/** The syntax tree built from the lexer's tokens, if it takes the text, must be the one yaml's Parser builds. */
function sameAsParser(source: string): boolean {
  const mine = lexDocument(source);
  if (!mine) return false;
  const theirs = [...new Parser().parse(source)].find((token) => token.type === 'document');
  // Compared as JSON, where a property left undefined and one left out are the same.
  expect(JSON.parse(JSON.stringify(mine))).toStrictEqual(JSON.parse(JSON.stringify(theirs)));
  return true;
}

/** The property: whatever readClean accepts, the composer reads cleanly and the same. */
function sameAsComposed(source: string): boolean {
  const fast = readClean(source);
  if (!fast) return false;
  const slow = composed(source);
  expect(slow.problems, 'the composer finds nothing wrong in a text the fast reader accepts').toEqual([]);
  expect(slow.shared).toBe(false);
  expect(fast.root).toEqual(slow.root);
  expect(fast.value).toEqual(slow.value);
  return true;
}

describe('the fast YAML reader', () => {
  it('reads every sample file, the same as the composer', () => {
    expect(sampleTexts.length).toBeGreaterThan(10);
    let clean = 0;
    let fromLexer = 0;
    for (const [i, text] of sampleTexts.entries()) {
      const accepted = sameAsComposed(text);
      const lexed = sameAsParser(text);
      // The broken samples' files are broken on purpose; the rest must all take the fast way.
      if (!sampleFiles[i]?.includes('/broken/')) {
        expect(accepted, sampleFiles[i]).toBe(true);
        clean++;
        if (lexed) fromLexer++;
      }
    }
    // Most take the shortest way (a flow mapping, say, needs yaml's Parser).
    expect(fromLexer).toBeGreaterThan(clean * 0.75);
  });

  it.each([
    ['comments everywhere', '# head\nkind: needs # why\n\n# before items\nitems:\n  # first\n  - id: A # the id\n    title: "T" # t\n    # between\n    departments: [dwp, hmrc] # both\n  # trailing comment in the list\n# at the end\n'],
    ['quoted keys and values', "'kind': \"needs\"\nitems:\n  - \"id\": 'A''s'\n    title: \"line\\none\"\n"],
    ['block scalars', 'kind: needs\nitems:\n  - id: A\n    need: |\n      two\n      lines\n    so-that: >-\n      folded\n      text\n    as: x\n'],
    ['plain scalars of every core type', 'a: 1\nb: -2.5e3\nc: 0x1F\nd: 0o17\ne: .inf\nf: .nan\ng: true\nh: null\ni: ~\nj: 2026-12-01\nk: 1_000\nl: +12\n'],
    ['multi-line plain scalars', 'kind: needs\nitems:\n  - id: A\n    title: one\n      two\n\n      three\n'],
    ['flow lists with a last comma and none', 'a: [x, y, ]\nb: []\nc: [ ]\nd: ["q", \'r\']\n'],
    ['flow mappings', 'kind: requirements\nitems:\n  - id: A\n    waiver: { reason: "it\'s done elsewhere" }\n    x: {a: 1, "b": c, }\n    y: {}\n'],
    ['a list at the top', '- a\n- b: 1\n  c: 2\n-   d\n'],
    ['entries at the left margin', 'items:\n- id: A\n  title: T\n- id: B\n'],
    ['compact nested lists', 'a:\n  - - x\n    - y\n  - z\n'],
  ])('accepts %s, the same as the composer', (_name, text) => {
    expect(sameAsComposed(text)).toBe(true);
  });

  it.each([
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['an empty value', 'a:\nb: 1\n'],
    ['an empty entry', 'a:\n  -\n  - x\n'],
    ['an explicit key', '? a\n: 1\n'],
    ['a number as a key', '1: a\n'],
    ['a flow mapping with a key alone', 'a: { b }\n'],
    ['a flow mapping with an empty value', 'a: { b: }\n'],
    ['a flow mapping in a flow list', 'a: [{ b: 1 }]\n'],
    ['a flow list over two lines', 'a: [x,\n  y]\n'],
    ['a tab', 'a:\t1\n'],
    ['a comment without a space before it', 'a: "b"#c\n'],
    ['a bad indent', 'a:\n  b: 1\n c: 2\n'],
    ['a missing close quote', 'a: "b\n'],
    ['a merge key', '<<: 1\n'],
    ['a __proto__ key', '__proto__: 1\n'],
    ['a mapping on the line of its key', 'a: b: c\n'],
  ])('leaves %s to the composer', (_name, text) => {
    expect(readClean(text)).toBeUndefined();
  });

  /** Edits that make YAML read differently: indentation, indicators, quotes, comments, props. */
  const SNIPPETS = [' ', '  ', '\n', '\n\n', '- ', ': ', ':', '#', ' #c', '# c\n', "'", '"', "''", '[', ']', ',', ', ', '{', '}', '|', '|-\n', '>', '&a ', '*a', '!!str ', '? ', '---\n', '...\n', '%', 'x', '1', '-1', '0x', '.5', 'true', 'null', '~', '\\', '\\n', '\r\n', 'id', 'items', 'kind', '__proto__', '<<', '@', '`', '%x', '\t'];
  const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom('insert', 'delete', 'duplicate-line'), snippet: fc.constantFrom(...SNIPPETS), length: fc.integer({ min: 1, max: 4 }) });
  const apply = (text: string, edits: { at: number; kind: string; snippet: string; length: number }[]): string =>
    edits.reduce((t, e) => {
      const at = e.at % (t.length + 1);
      if (e.kind === 'insert') return t.slice(0, at) + e.snippet + t.slice(at);
      if (e.kind === 'delete') return t.slice(0, at) + t.slice(at + e.length);
      const lineStart = t.lastIndexOf('\n', at - 1) + 1;
      const lineEnd = t.indexOf('\n', at);
      const line = t.slice(lineStart, lineEnd < 0 ? t.length : lineEnd + 1);
      return t.slice(0, lineStart) + line + t.slice(lineStart);
    }, text);
  const small = sampleTexts.filter((t) => t.length < 6000);

  // CI runs a bounded number of cases; `npm run fuzz` runs for REQTRACE_FUZZ_SECONDS.
  const fuzzSeconds = Number(process.env.REQTRACE_FUZZ_SECONDS ?? 0);
  it('reads any edited file the same as the composer, or leaves it to the composer', () => {
    let cases = 0;
    let accepted = 0;
    let lexed = 0;
    fc.assert(
      fc.property(fc.constantFrom(...small), fc.array(edit, { minLength: 1, maxLength: 4 }), (text, edits) => {
        cases++;
        const edited = apply(text, edits);
        if (sameAsParser(edited)) lexed++;
        if (sameAsComposed(edited)) accepted++;
      }),
      fuzzSeconds > 0 ? { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: fuzzSeconds * 1000, markInterruptAsFailure: false } : { numRuns: 400 },
    );
    // eslint-disable-next-line no-console
    if (fuzzSeconds > 0) console.log(`fuzz: fast YAML reader: ${cases} edited files, ${accepted} read the fast way and compared with the composer, ${lexed} of them built from the lexer's tokens and compared with the parser, 0 failures`);
    // Many edits keep a file clean: the property must have compared real cases, both ways.
    expect(accepted).toBeGreaterThan(cases / 10);
    expect(lexed).toBeGreaterThan(cases / 20);
  });
});
