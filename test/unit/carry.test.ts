/**
 * Findings carried over after an edit (core/analysis/carry.ts) must be exactly what a whole check gives,
 * including the places they point at in the same file, which move when an earlier entry grows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_RULES, runRules } from '../../server/src/core/checks/registry';
import { Workspace } from '../../server/src/core/analysis/workspace';
import { NEED, REQ, uriOf } from './fixture';

const NEEDS = `kind: needs\nitems:\n  - id: UN-1\n    ${NEED}\n`;
const REQS = [
  'kind: requirements',
  'items:',
  `  - id: REQ-1\n    ${REQ}\n    satisfies: [UN-1]`,
  // Withdrawn, and linked from REQ-3 below: a finding on REQ-3 that points at REQ-2.
  `  - id: REQ-2\n    ${REQ}\n    status: withdrawn\n    satisfies: [UN-1]`,
  `  - id: REQ-3\n    ${REQ}\n    parent: REQ-2`,
  // The same id twice, each pointing at the other.
  `  - id: REQ-4\n    ${REQ}\n    satisfies: [UN-1]`,
  `  - id: REQ-4\n    ${REQ}\n    satisfies: [UN-1]`,
  // A parent loop of four inside the file.
  `  - id: REQ-5\n    ${REQ}\n    parent: REQ-6`,
  `  - id: REQ-6\n    ${REQ}\n    parent: REQ-8`,
  `  - id: REQ-8\n    ${REQ}\n    parent: REQ-9`,
  `  - id: REQ-9\n    ${REQ}\n    parent: REQ-5`,
  '',
].join('\n');

function fresh(texts: Record<string, string>, uri: string): unknown {
  const index = new Workspace();
  for (const [name, text] of Object.entries(texts)) index.setFile(uriOf(name), text);
  return index.check(uri);
}

/** An edit and the edit that undoes it, as text replacements. */
const edits: [string, string | RegExp, string, string | RegExp, string][] = [
  ['a longer title in the first entry', 'title: T', 'title: A much longer title', 'title: A much longer title', 'title: T'],
  ['a shorter statement in the first entry', 'statement: The solution shall work.', 'statement: Works.', 'statement: Works.', 'statement: The solution shall work.'],
  ['a title in an entry that others point at', /(id: REQ-2\n {4})title: T/, '$1title: Withdrawn one', 'title: Withdrawn one', 'title: T'],
  ['a title in a looping entry', /(id: REQ-5\n {4})title: T/, '$1title: Loop', 'title: Loop', 'title: T'],
  ['a comment between entries', '  - id: REQ-3', '  # moved down\n  - id: REQ-3', '  # moved down\n', ''],
  ['a link typed wrong and right again', 'satisfies: [UN-1]', 'satisfies: [UN-]', 'satisfies: [UN-]', 'satisfies: [UN-1]'],
  ['the withdrawn entry agreed and withdrawn again', 'status: withdrawn', 'status: agreed', 'status: agreed', 'status: withdrawn'],
  ['a priority changed', 'priority: must', 'priority: should', 'priority: should', 'priority: must'],
  // REQ-8's finding goes with it: its own id and links name no id the edit touched, but its chain does.
  ['a parent link in the loop broken and mended', 'parent: REQ-6', 'parent: REQ-7', 'parent: REQ-7', 'parent: REQ-6'],
];

describe('findings carried over after an edit', () => {
  it.each(edits)('equal a whole check after %s, edit after edit', (_name, find, replace, findBack, replaceBack) => {
    const index = new Workspace();
    index.setFile(uriOf('n.needs.yaml'), NEEDS);
    const uri = uriOf('r.reqs.yaml');
    let text = REQS;
    index.setFile(uri, text);
    const before = index.check(uri);
    expect(before.map((f) => f.code)).toEqual(expect.arrayContaining(['withdrawn-link', 'duplicate-id', 'parent-cycle']));
    for (let round = 0; round < 4; round++) {
      const changed = round % 2 === 0 ? text.replace(find, replace) : text.replace(findBack, replaceBack);
      expect(changed).not.toBe(text);
      text = changed;
      index.setFile(uri, text);
      expect(index.check(uri)).toEqual(fresh({ 'n.needs.yaml': NEEDS, 'r.reqs.yaml': text }, uri));
    }
  });
});

/** The file's findings after each text in turn, from the kept index and from a fresh one. */
function afterEdits(others: Record<string, string>, name: string, texts: string[]): { kept: unknown; fresh: unknown }[] {
  const index = new Workspace();
  for (const [n, t] of Object.entries(others)) index.setFile(uriOf(n), t);
  const [first, ...rest] = texts;
  index.setFile(uriOf(name), first as string);
  index.check(uriOf(name));
  return rest.map((text) => {
    index.setFile(uriOf(name), text);
    return { kept: index.check(uriOf(name)), fresh: fresh({ ...others, [name]: text }, uriOf(name)) };
  });
}

describe('findings after edits the carrying cannot follow', () => {
  it('items read through a YAML alias (their id lies outside them) are checked whole', () => {
    const needs = `kind: needs\nitems:\n  - &a\n    id: UN-1\n    ${NEED}\n  - *a\n`;
    for (const r of afterEdits({}, 'n.needs.yaml', [needs, needs.replace('title: T', 'title: Tx')])) expect(r.kept).toEqual(r.fresh);
    const reqs = `kind: requirements\nitems:\n  - id: REQ-1\n    ${REQ}\n    satisfies: &s [UN-9]\n  - id: REQ-2\n    ${REQ}\n    satisfies: *s\n`;
    const edited = reqs.replace(/(id: REQ-2\n {4})title: T/, '$1title: Tx');
    for (const r of afterEdits({ 'n.needs.yaml': NEEDS }, 'r.reqs.yaml', [reqs, edited])) expect(r.kept).toEqual(r.fresh);
  });

  it('two definitions of one id that swap their status or their parent in one edit', () => {
    const entry = (id: string, extra = ''): string => `  - id: ${id}\n    ${REQ}\n    satisfies: [UN-1]\n${extra}`;
    const file = (...entries: string[]): string => `kind: requirements\nitems:\n${entries.join('')}`;
    const statuses = [
      file(entry('REQ-1', '    status: agreed\n'), entry('REQ-1', '    status: withdrawn\n'), entry('REQ-2', '    parent: REQ-1\n')),
      file(entry('REQ-1', '    status: withdrawn\n'), entry('REQ-1', '    status: agreed\n'), entry('REQ-2', '    parent: REQ-1\n')),
    ];
    const parents = [
      file(entry('REQ-1', '    parent: REQ-3\n'), entry('REQ-1', '    parent: REQ-2\n'), entry('REQ-2', '    parent: REQ-1\n'), entry('REQ-3')),
      file(entry('REQ-1', '    parent: REQ-2\n'), entry('REQ-1', '    parent: REQ-3\n'), entry('REQ-2', '    parent: REQ-1\n'), entry('REQ-3')),
    ];
    for (const texts of [statuses, parents]) {
      for (const r of afterEdits({ 'n.needs.yaml': NEEDS }, 'r.reqs.yaml', texts)) expect(r.kept).toEqual(r.fresh);
    }
  });
});

describe('which other files an edit that only moves items affects', () => {
  it('the files of a parent loop an item that moved is in (their findings point at its place), and no others', () => {
    const a = `kind: requirements\nitems:\n  - id: REQ-1\n    ${REQ}\n    parent: REQ-2\n  - id: REQ-3\n    ${REQ}\n    satisfies: [UN-1]\n`;
    const b = `kind: requirements\nitems:\n  - id: REQ-2\n    ${REQ}\n    parent: REQ-1\n`;
    const c = `kind: itt\nitems:\n  - id: ITT-1\n    title: T\n    text: How?\n    response: pass-fail\n    covers: [REQ-3]\n`;
    const index = new Workspace();
    const texts: Record<string, string> = { 'n.needs.yaml': NEEDS, 'a.reqs.yaml': a, 'b.reqs.yaml': b, 'c.itt.yaml': c };
    for (const [name, text] of Object.entries(texts)) index.setFile(uriOf(name), text);
    // Every file checked once, as an editor has them all published: what it was given is what can go stale.
    for (const name of Object.keys(texts)) index.check(uriOf(name));
    // A comment line before everything moves REQ-1 (in the loop) and REQ-3 (linked from c, not in a loop).
    texts['a.reqs.yaml'] = a.replace('items:\n', 'items:\n  # moved\n');
    const affected = index.setFile(uriOf('a.reqs.yaml'), texts['a.reqs.yaml']);
    expect([...affected].sort()).toEqual([uriOf('a.reqs.yaml'), uriOf('b.reqs.yaml')]);
    for (const name of Object.keys(texts)) expect(index.check(uriOf(name))).toEqual(fresh(texts, uriOf(name)));
  });
});

describe('the rules carrying findings over relies on', () => {
  it('every check reports inside the item it is about, and on a file cut down to some items, only on those', () => {
    const samples = join(__dirname, '..', '..', 'samples');
    let reported = 0;
    for (const set of ['synergy', 'broken']) {
      const index = new Workspace();
      const root = join(samples, set);
      for (const name of readdirSync(root, { recursive: true }) as string[]) {
        if (/\.ya?ml$/.test(name)) index.setFile(`file:///samples/${set}/${name}`, readFileSync(join(root, name), 'utf8'));
      }
      for (const uri of index.uris) {
        const file = index.file(uri);
        if (!file?.syntaxOk) continue;
        const owner = (finding: { span: { start: number; end: number } }) => file.items.filter((item) => item.span.start <= finding.span.start && finding.span.end <= item.span.end);
        for (const rule of CHECK_RULES) {
          const check = (view: typeof file) => runRules([rule], index.context, view);
          const findings = check(file);
          reported += findings.length;
          for (const finding of findings) expect(owner(finding).length, `${finding.code} in ${uri}`).toBeLessThanOrEqual(1);
          // Each item alone gives exactly that item's findings (and the file's own).
          for (const item of file.items) {
            const alone = check({ ...file, items: [item] });
            const expected = findings.filter((f) => owner(f)[0] === item || owner(f).length === 0);
            expect(alone).toEqual(expected);
          }
        }
      }
    }
    expect(reported).toBeGreaterThan(10);
  });
});
