import fc from 'fast-check';
import { distance } from 'fastest-levenshtein';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../server/src/core/analysis/workspace';
import { NEED, REQ, uriOf } from './fixture';

const files: Record<string, string> = {
  'n.needs.yaml': `kind: needs\nitems:\n  - id: UN-1\n    ${NEED}\n  - id: UN-2\n    ${NEED}\n`,
  'r.reqs.yaml': `kind: requirements\nitems:\n  - id: REQ-1\n    ${REQ}\n    satisfies: [UN-1]\n    status: agreed\n  - id: REQ-2\n    ${REQ}\n    parent: REQ-1\n    status: agreed\n`,
  'c.itt.yaml': `kind: itt\nitems:\n  - id: ITT-1\n    title: T\n    text: How?\n    response: pass-fail\n    covers: [REQ-1, REQ-2]\n`,
  'other.itt.yaml': `kind: itt\nitems:\n  - id: ITT-9\n    title: T\n    text: Who?\n    response: information\n`,
};

/** A workspace of these files, each checked once, as an editor has them all published. */
function build(sources: Record<string, string>): Workspace {
  const index = new Workspace();
  for (const [name, text] of Object.entries(sources)) index.setFile(uriOf(name), text);
  for (const uri of index.uris) index.check(uri);
  return index;
}

function allFindings(index: Workspace): Record<string, unknown[]> {
  return Object.fromEntries(index.uris.sort().map((uri) => [uri, index.check(uri).map((f) => ({ ...f, related: f.related, data: f.data }))]));
}

describe('Workspace', () => {
  it('resolves definitions and references across files', () => {
    const index = build(files);
    expect(index.item('REQ-1')?.uri).toBe(uriOf('r.reqs.yaml'));
    expect(index.referencesTo('REQ-1').map((l) => `${l.from.id}.${l.field}`).sort()).toEqual(['ITT-1.covers', 'REQ-2.parent']);
    expect(index.referencesTo('NOPE')).toEqual([]);
  });

  it('removing an item turns links to it red in other files at once, and says which files changed', () => {
    const index = build(files);
    expect(index.check(uriOf('c.itt.yaml'))).toEqual([]);
    const affected = index.setFile(uriOf('r.reqs.yaml'), files['r.reqs.yaml']!.replace('id: REQ-1', 'id: REQ-X'));
    expect([...affected].sort()).toEqual([uriOf('c.itt.yaml'), uriOf('n.needs.yaml'), uriOf('r.reqs.yaml')]);
    expect(index.check(uriOf('c.itt.yaml')).map((f) => f.code)).toEqual(['broken-link']);
    expect(affected.has(uriOf('other.itt.yaml'))).toBe(false);
  });

  it('typing in the text of a linked item affects only its own file', () => {
    const index = build(files);
    const text = files['r.reqs.yaml']!;
    const at = text.lastIndexOf('work.');
    const affected = index.setFile(uriOf('r.reqs.yaml'), `${text.slice(0, at)}work now.${text.slice(at + 5)}`);
    expect([...affected]).toEqual([uriOf('r.reqs.yaml')]);
  });

  it('moving a linked id down a line re-checks the files that point at its position', () => {
    const index = build({ ...files, 'w.itt.yaml': files['c.itt.yaml']!.replace('ITT-1', 'ITT-2').replace('REQ-1, REQ-2', 'UN-2') });
    const affected = index.setFile(uriOf('n.needs.yaml'), `# a comment\n${files['n.needs.yaml']!}`);
    // w.itt.yaml's wrong-kind-link names UN-2's position in its related information.
    expect([...affected].sort()).toEqual([uriOf('n.needs.yaml'), uriOf('w.itt.yaml')]);
  });

  it('an edit that touches nothing else affects only its own file', () => {
    const index = build(files);
    const affected = index.setFile(uriOf('other.itt.yaml'), files['other.itt.yaml']!.replace('Who?', 'Who are you?'));
    expect([...affected]).toEqual([uriOf('other.itt.yaml')]);
  });

  it("a change to a project-wide figure (moscow-balance's share of musts) re-checks the file it is reported in, not every file", () => {
    const musts = Array.from({ length: 10 }, (_, n) => `  - id: REQ-${n + 10}\n    ${REQ}\n    satisfies: [UN-2]\n`).join('');
    const index = build({ ...files, 's.reqs.yaml': `kind: requirements\nitems:\n${musts}`, 't.reqs.yaml': `kind: requirements\nitems:\n  - id: REQ-30\n    ${REQ}\n` });
    // 13 of 13 requirements are musts: reported on s.reqs.yaml, which holds the most.
    expect(index.check(uriOf('s.reqs.yaml')).map((f) => f.code)).toContain('moscow-balance');
    const affected = index.setFile(uriOf('t.reqs.yaml'), index.file(uriOf('t.reqs.yaml'))!.text.replace('priority: must', 'priority: could'));
    // The share moved (12 of 13): s.reqs.yaml's finding changes; no other file shows it, and nothing links to REQ-30.
    expect([...affected].sort()).toEqual([uriOf('s.reqs.yaml'), uriOf('t.reqs.yaml')]);
    expect(index.check(uriOf('s.reqs.yaml')).find((f) => f.code === 'moscow-balance')?.message).toMatch(/\(12 of 13;/);
  });

  it('a new parent link that closes a loop affects every file in the loop', () => {
    const index = build({
      ...files,
      's.reqs.yaml': `kind: requirements\nitems:\n  - id: REQ-3\n    ${REQ}\n    parent: REQ-2\n`,
    });
    const edited = files['r.reqs.yaml']!.replace('satisfies: [UN-1]', 'satisfies: [UN-1]\n    parent: REQ-3');
    const affected = index.setFile(uriOf('r.reqs.yaml'), edited);
    expect(affected.has(uriOf('s.reqs.yaml'))).toBe(true);
    expect(index.check(uriOf('s.reqs.yaml')).map((f) => f.code)).toContain('parent-cycle');
  });

  it('answers check from findings seeded by an earlier run until the index changes, then checks again', () => {
    const index = build(files);
    const reqs = uriOf('r.reqs.yaml');
    const before = allFindings(index);
    // Planted findings no check would give show which answers come from the seeds.
    const planted = [{ code: 'planted', severity: 'error' as const, message: 'from the seeds', uri: reqs, span: { start: 0, end: 4 } }];
    index.seedFindings(new Map([[reqs, planted]]));
    expect(index.check(reqs)).toEqual(planted);
    expect(index.check(reqs)).not.toBe(index.check(reqs));
    // A file the seeds do not name is checked as before.
    expect(index.check(uriOf('c.itt.yaml'))).toEqual(before[uriOf('c.itt.yaml')]);
    // Any change, in any file, drops the seeds.
    index.setFile(uriOf('other.itt.yaml'), `${files['other.itt.yaml']}# edited\n`);
    expect(index.check(reqs)).toEqual(before[reqs]);
  });

  it('removing a file clears its items and reports the files that linked to them', () => {
    const index = build(files);
    const affected = index.removeFile(uriOf('n.needs.yaml'));
    expect(affected.has(uriOf('r.reqs.yaml'))).toBe(true);
    expect(affected.has(uriOf('n.needs.yaml'))).toBe(false);
    expect(index.file(uriOf('n.needs.yaml'))).toBeUndefined();
    expect(index.definitionsOf('UN-1')).toEqual([]);
    expect(index.check(uriOf('r.reqs.yaml')).map((f) => f.code)).toContain('broken-link');
  });

  it('a new id near a broken link re-checks that link, which now suggests it; removing it takes the suggestion back', () => {
    const index = build(files);
    const broken = `kind: requirements\nitems:\n  - id: REQ-9\n    ${REQ}\n    satisfies: [UN-77]\n`;
    index.setFile(uriOf('b.reqs.yaml'), broken);
    const message = () => index.check(uriOf('b.reqs.yaml')).find((f) => f.code === 'broken-link')?.message;
    expect(message()).toBe('UN-77 does not exist: no need has this id.');
    const affected = index.setFile(uriOf('m.needs.yaml'), `kind: needs\nitems:\n  - id: UN-7\n    ${NEED}\n`);
    expect(affected.has(uriOf('b.reqs.yaml'))).toBe(true);
    expect(message()).toBe('UN-77 does not exist: no need has this id. Did you mean UN-7?');
    expect(index.removeFile(uriOf('m.needs.yaml')).has(uriOf('b.reqs.yaml'))).toBe(true);
    expect(message()).toBe('UN-77 does not exist: no need has this id.');
  });

  it('after any sequence of edits equals an index built from scratch', () => {
    const index = build(files);
    const current = { ...files };
    const edits: [string, string | undefined][] = [
      ['r.reqs.yaml', files['r.reqs.yaml']!.replace('REQ-2', 'UN-2')],
      ['n.needs.yaml', undefined],
      ['c.itt.yaml', files['c.itt.yaml']!.replace('REQ-2]', 'REQ-2, UN-1]')],
      ['n.needs.yaml', files['n.needs.yaml']!.replace('UN-2', 'UN-1')],
      ['x.reqs.yaml', `kind: requirements\nitems:\n  - id: REQ-1\n    ${REQ}\n    satisfies: [UN-1]\n`],
      ['n.needs.yaml', `# moved down a line\n${files['n.needs.yaml']!.replace('UN-2', 'UN-1')}`],
      ['x.reqs.yaml', `# moved\n\nkind: requirements\nitems:\n  - id: REQ-1\n    ${REQ}\n    satisfies: [UN-1]\n`],
      ['p.reqs.yaml', `kind: requirements\nitems:\n  - id: REQ-P1\n    ${REQ}\n    parent: REQ-P2\n`],
      ['q.reqs.yaml', `kind: requirements\nitems:\n  - id: REQ-P2\n    ${REQ}\n    parent: REQ-P1\n`],
      ['p.reqs.yaml', `# moved\nkind: requirements\nitems:\n  - id: REQ-P1\n    ${REQ.replace('title: T', 'title: Moved')}\n    parent: REQ-P2\n`],
      ['r.reqs.yaml', 'kind: requirements\nitems: [oops'],
      ['y.reqs.yaml', `kind: requirements\nitems:\n  - id: REQ-7\n    ${REQ}\n    satisfies: [UN-11]\n`],
      ['z.needs.yaml', `kind: needs\nitems:\n  - id: UN-12\n    ${NEED}\n`],
      ['z.needs.yaml', `kind: needs\nitems:\n  - id: UN-13\n    ${NEED}\n`],
      ['x.reqs.yaml', undefined],
    ];
    for (const [name, text] of edits) {
      const before = allFindings(index);
      let affected: Set<string>;
      if (text === undefined) {
        affected = index.removeFile(uriOf(name));
        delete current[name];
      } else {
        affected = index.setFile(uriOf(name), text);
        current[name] = text;
      }
      const after = allFindings(index);
      const scratch = build(current);
      expect(after).toEqual(allFindings(scratch));
      for (const kind of ['needs', 'requirements', 'itt'] as const) expect(index.idsOfKind(kind)).toEqual(scratch.idsOfKind(kind));
      // Files left out of the affected set really are unchanged.
      for (const uri of Object.keys(after)) if (!affected.has(uri)) expect(after[uri]).toEqual(before[uri]);
    }
  });

  it('suggests the id a brute-force search over every id would, for any ids and any typo', () => {
    // The closest id by edit distance (at most 1 for short ids, else 2), ties to the smaller id.
    const bruteForce = (typo: string, ids: readonly string[]): string | undefined => {
      const limit = typo.length <= 5 ? 1 : 2;
      const near = ids.map((id) => ({ id, d: distance(typo, id) })).filter(({ d }) => d <= limit);
      near.sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1));
      return near[0]?.id;
    };
    const idChar = fc.constantFrom(...'ABCDEFHNPQRU0123456789-.');
    const id = fc.array(idChar, { minLength: 2, maxLength: 12 }).map((chars) => `R${chars.join('')}`);
    fc.assert(
      fc.property(fc.uniqueArray(id, { minLength: 1, maxLength: 40 }), id, (ids, typo) => {
        const index = new Workspace();
        const body = ids.map((i) => `  - id: "${i}"\n    ${REQ}\n`).join('');
        index.setFile(uriOf('r.reqs.yaml'), `kind: requirements\nitems:\n${body}`);
        fc.pre(!ids.includes(typo));
        expect(index.suggest(typo, 'requirements')).toBe(bruteForce(typo, ids));
      }),
      { numRuns: 300 },
    );
  });
});
