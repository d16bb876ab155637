/**
 * The scanner (core/parse/scanYaml.ts) must read every text it accepts exactly as yaml's composed
 * Document does — same tree, same offsets, same plain value — and accept only texts the composer
 * reads without an error or a warning. Real files must take the fast way, or the speed is lost
 * without anyone noticing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { readComposed } from '../../server/src/core/parse/cleanYaml';
import { YAML_OPTIONS } from '../../server/src/core/parse/parse';
import { scanDocument } from '../../server/src/core/parse/scanYaml';
import { treeOfDocument } from '../../server/src/core/parse/tree';

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

/** The property: whatever the scanner accepts, the composer reads cleanly and the same, offsets included. */
function sameAsComposed(source: string): boolean {
  const fast = scanDocument(source);
  if (!fast) return false;
  const slow = composed(source);
  expect(slow.problems, 'the composer finds nothing wrong in a text the scanner accepts').toEqual([]);
  expect(slow.shared).toBe(false);
  expect(fast.root).toStrictEqual(slow.root);
  expect(fast.value).toStrictEqual(slow.value);
  // The reader a partial re-parse falls back to reads it the same too.
  expect(readComposed(source)).toStrictEqual(fast);
  return true;
}

describe('the scanner', () => {
  it('reads every sample file it takes the same as the composer, and takes all but one of the clean ones', () => {
    expect(sampleTexts.length).toBeGreaterThan(10);
    const left: string[] = [];
    for (const [i, text] of sampleTexts.entries()) {
      // The broken samples' files are broken on purpose; the rest must take the fast way.
      if (!sameAsComposed(text) && !sampleFiles[i]?.includes('/broken/')) left.push(relative(SAMPLES, sampleFiles[i] ?? ''));
    }
    // Its `waiver: { reason: … }` is a flow mapping, which the scanner leaves to the composer.
    expect(left).toEqual(['synergy/requirements/procurement.reqs.yaml']);
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
    // yaml's Parser gives a block scalar its list's indent, not its line's: it counts for an indentation indicator.
    ['a block scalar with an indentation indicator in a list', 'items:\n  - >2\n      x\n  - |1\n     y\n'],
  ])('reads %s the same as the composer, or leaves it to the composer, which reads it cleanly', (_name, text) => {
    sameAsComposed(text);
    expect(readComposed(text)).toBeDefined();
  });

  it.each([
    ['comments', '# head\n\n# more\nkind: needs # why\n\n# before items\nitems:\n  # first\n  - id: A # the id\n    title: "T" # t\n    # between\n    departments: [dwp, hmrc] # both\n    so-that: it works#not a comment\n  # before the next\n\n  - id: B\n# at the end\n\n'],
    ['quoted values', "kind: 'needs'\nitems:\n  - id: \"A\"\n    title: 'it''s' # quoted\n    as: \"a 'b' #c\"\n    need: ''\n    so-that: \"\"\n"],
    ['block scalars', 'kind: needs\nitems:\n  - id: A\n    need: |\n      two\n\n        more in\n      lines\n\n\n    so-that: >-\n\n      folded\n      text\n\n      para\n    as: >\n      x\n  - |\n     list\n'],
    ['plain scalars of every core type', 'a: 1\nb: -2.5e3\nc: 0x1F\nd: 0o17\ne: .inf\nf: .nan\ng: true\nh: null\ni: ~\nj: 2026-12-01\nk: 1_000\nl: +12\nm: False\nn: NULL\no: yes\np: a:b\nq: http://x/y#z\nr: [1, true, ~, x y, "q"]\n'],
    ['lists and mappings nested', 'kind: needs\nitems:\n  - id: A\n    list:\n      - a\n      - b: 1\n        c: [x]\n      -   d\n    map:\n      deep:\n        deeper: x\n    after: y\n  - plain\n  - [a]\n  - []\n'],
    ['keys of every shape it reads', 'a: 1\nA_b-9: 2\n_x: 3\nnulls: 4\ntrue-ish: 5\n'],
    // Editors do not always end a file with a line break.
    ['no last line break after a plain scalar', 'a: 1\nb: x # c'],
    ['no last line break after a quoted scalar or a flow list', 'a: "q"\nb: [x]'],
    ['no last line break after a block scalar', 'a: |\n  x\n  y'],
    ['no last line break after a comment line', 'a: 1\n# c'],
  ])('scans %s, the same as the composer', (_name, text) => {
    expect(sameAsComposed(text)).toBe(true);
  });

  it.each([
    ['a flow mapping', 'a: { reason: x }\n'],
    ['a plain scalar over two lines', 'a: one\n  two\n'],
    ['a quoted scalar over two lines', 'a: "one\n  two"\n'],
    ['an escape', 'a: "x\\ny"\n'],
    ['a quoted key', '"a": 1\n'],
    ['a list at its key\'s column', 'a:\n- x\n'],
    ['a comment line off the next line\'s column', 'a:\n  b: 1\n  # c\nd: 2\n'],
    ['a comment after a key', 'a: # c\n  b: 1\n'],
    ['a line of spaces', 'a: 1\n  \nb: 2\n'],
    ['a block scalar keeping its line breaks', 'a: |+\n  x\n\nb: 1\n'],
    ['a block scalar with an indentation indicator', 'a: |2\n   x\nb: 1\n'],
    ['a comment after a block scalar header', 'a: | # c\n  x\n'],
    ['spaces inside a flow list', 'a: [ x ]\n'],
    ['a carriage return', 'a: 1\r\n'],
    ['a list at the top', '- a\n'],
    ['a number as a key', '1: a\n'],
    ['a boolean as a key', 'true: a\n'],
    ['a byte-order mark', '\ufeffa: 1\n'],
  ])('leaves %s to the composer, which reads it cleanly', (_name, text) => {
    expect(scanDocument(text)).toBeUndefined();
    expect(readComposed(text)).toBeDefined();
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
    ['a tab at the start of a line', 's:\n\ts: 4\n'],
    ['a comment without a space before it', 'a: "b"#c\n'],
    ['a bad indent', 'a:\n  b: 1\n c: 2\n'],
    ['a missing close quote', 'a: "b\n'],
    ['a merge key', '<<: 1\n'],
    ['a __proto__ key', '__proto__: 1\n'],
    ['a mapping on the line of its key', 'a: b: c\n'],
  ])('leaves %s to the composer', (_name, text) => {
    expect(scanDocument(text)).toBeUndefined();
  });

  // CI runs a bounded number of cases; `npm run fuzz` runs for REQTRACE_FUZZ_SECONDS.
  const fuzzSeconds = Number(process.env.REQTRACE_FUZZ_SECONDS ?? 0);

  /**
   * Documents written the way requirement files are, with every choice the scanner makes varied:
   * indentation steps, nesting, scalars of each kind and type, block scalars with blank and deeper
   * lines, comment lines at any column, blank lines anywhere.
   */
  const word = fc.constantFrom('a', 'x y', 'REQ-1', '-2', ':x', 'a:b', 'a #b', 'a#b', 'true', 'False', 'null', '~', '12', '0x1F', '.5', '1e3', '.inf', 'it is', 'w,x', 'q]', "'s'", '"d"', "'a''b'", '"a b"', '""', "''", '[a, b]', '[]', '[1, "x", y z]', '[a,b]', '- a', '? a', '#a', '&a', 'a: b', 'a:', '@x', '{a: 1}');
  const blockLines = fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom('', 'text', 'more text', '# not a comment', 'a: b', '- x')), { minLength: 0, maxLength: 4 });
  type Doc = { kind: 'map'; entries: [string, Doc][] } | { kind: 'seq'; items: Doc[] } | { kind: 'scalar'; text: string } | { kind: 'block'; header: string; lines: [number, string][]; trailing: number };
  const doc: fc.Arbitrary<Doc> = fc.letrec<{ node: Doc }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ kind: fc.constant('scalar' as const), text: word }),
      fc.record({ kind: fc.constant('block' as const), header: fc.constantFrom('|', '>', '|-', '>-', '|+', '>2'), lines: blockLines, trailing: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ kind: fc.constant('map' as const), entries: fc.array(fc.tuple(fc.constantFrom('id', 'title', 'a', 'b_c', 'd-e', 'null', '1'), tie('node')), { minLength: 1, maxLength: 4 }) }),
      fc.record({ kind: fc.constant('seq' as const), items: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    ),
  })).node;
  const layout = fc.record({ step: fc.integer({ min: 1, max: 4 }), after: fc.integer({ min: 1, max: 3 }), comments: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 8 }), fc.boolean()), { maxLength: 3 }), lastBreak: fc.boolean() });
  function write(root: Doc, { step, after, comments, lastBreak }: { step: number; after: number; comments: [number, number, boolean][]; lastBreak: boolean }): string {
    const lines: string[] = [];
    const pad = (n: number): string => ' '.repeat(n);
    const value = (node: Doc, column: number, prefix: string): void => {
      if (node.kind === 'scalar') lines.push(`${prefix}${node.text}`);
      else if (node.kind === 'block') {
        lines.push(`${prefix}${node.header}`);
        for (const [deeper, text] of node.lines) lines.push(text === '' ? '' : `${pad(column + step + deeper)}${text}`);
        for (let i = 0; i < node.trailing; i++) lines.push('');
      } else if (node.kind === 'map') {
        lines.push(prefix.trimEnd());
        block(node, column + step);
      } else {
        lines.push(prefix.trimEnd());
        block(node, column + step);
      }
    };
    const block = (node: Doc, column: number): void => {
      if (node.kind === 'map') for (const [key, v] of node.entries) value(v, column, `${pad(column)}${key}: `);
      else if (node.kind === 'seq')
        for (const item of node.items) {
          if (item.kind === 'map' && item.entries.length > 0) {
            const [[key, v], ...rest] = item.entries as [[string, Doc], ...[string, Doc][]];
            value(v, column + after + 1, `${pad(column)}-${pad(after)}${key}: `);
            block({ kind: 'map', entries: rest }, column + after + 1);
          } else value(item, column + after + 1, `${pad(column)}-${pad(after)}`);
        }
      else value(node, column, pad(column));
    };
    block(root.kind === 'map' ? root : { kind: 'map', entries: [['items', root]] }, 0);
    for (const [at, column, blank] of comments) lines.splice(at % (lines.length + 1), 0, blank ? '' : `${pad(column)}# note`);
    return lines.join('\n') + (lastBreak ? '\n' : '');
  }

  it('reads generated documents the same as the composer, or leaves them to it', () => {
    let cases = 0;
    let scanned = 0;
    fc.assert(
      fc.property(doc, layout, (root, shape) => {
        cases++;
        if (sameAsComposed(write(root, shape))) scanned++;
      }),
      fuzzSeconds > 0 ? { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: fuzzSeconds * 1000, markInterruptAsFailure: false } : { numRuns: 1000 },
    );
    // eslint-disable-next-line no-console
    if (fuzzSeconds > 0) console.log(`fuzz: scanner: ${cases} generated documents, ${scanned} scanned and compared with the composer, 0 failures`);
    // Many generated documents are outside what the scanner takes, on purpose; enough are inside.
    expect(scanned).toBeGreaterThan(cases / 10);
  });

  /** Edits that make YAML read differently: indentation, indicators, quotes, comments, props. */
  const SNIPPETS = [' ', '  ', '\n', '\n\n', '- ', ': ', ':', '#', ' #c', '# c\n', "'", '"', "''", '[', ']', ',', ', ', '{', '}', '|', '|-\n', '>', '&a ', '*a', '!!str ', '? ', '---\n', '...\n', '%', 'x', '1', '-1', '0x', '.5', 'true', 'null', '~', '\\', '\\n', '\r\n', '>-\n', '|\n  ', '\n    x\n', '      ', 'a:b', ' ', '\n\n  # c\n', 'id', 'items', 'kind', '__proto__', '<<', '@', '`', '%x', '\t'];
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

  it('reads any edited file the same as the composer, or leaves it to the composer', () => {
    let cases = 0;
    let scanned = 0;
    fc.assert(
      fc.property(fc.constantFrom(...small), fc.array(edit, { minLength: 1, maxLength: 4 }), (text, edits) => {
        cases++;
        if (sameAsComposed(apply(text, edits))) scanned++;
      }),
      fuzzSeconds > 0 ? { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: fuzzSeconds * 1000, markInterruptAsFailure: false } : { numRuns: 400 },
    );
    // eslint-disable-next-line no-console
    if (fuzzSeconds > 0) console.log(`fuzz: scanner: ${cases} edited files, ${scanned} scanned and compared with the composer, 0 failures`);
    // Many edits keep a file clean: the property must have compared real cases.
    expect(scanned).toBeGreaterThan(cases / 10);
  });
});
