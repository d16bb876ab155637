import { describe, expect, it } from 'vitest';
import { NEED, REQ, uriOf, workspace } from './fixture';

const need = (id: string, extra = ''): string => `  - id: ${id}\n    ${NEED}${extra}\n`;
const req = (id: string, extra = ''): string => `  - id: ${id}\n    ${REQ}${extra}\n`;
const clause = (id: string, extra = ''): string => `  - id: ${id}\n    title: T\n    text: Describe how.\n    response: pass-fail${extra}\n`;
const needs = (...items: string[]): string => `kind: needs\nitems:\n${items.join('')}`;
const reqs = (...items: string[]): string => `kind: requirements\nitems:\n${items.join('')}`;
const itt = (...items: string[]): string => `kind: itt\nitems:\n${items.join('')}`;

/** Findings of one code in one file: [covered text, message]. */
function codeFindings(ws: ReturnType<typeof workspace>, file: string, code: string): [string, string][] {
  return ws.findings(file).filter((f) => f.code === code).map((f) => [f.at, f.message]);
}

describe('duplicate-id', () => {
  it('is reported at every occurrence, each naming the others', () => {
    const ws = workspace({
      'a.needs.yaml': needs(need('«UN-1»')),
      'b.needs.yaml': needs(need('«UN-1»'), need('UN-2')),
    });
    const a = ws.index.check(uriOf('a.needs.yaml')).filter((f) => f.code === 'duplicate-id');
    const b = ws.index.check(uriOf('b.needs.yaml')).filter((f) => f.code === 'duplicate-id');
    expect(a).toEqual([
      {
        code: 'duplicate-id',
        severity: 'error',
        uri: uriOf('a.needs.yaml'),
        span: ws.span('a.needs.yaml'),
        message: 'UN-1 is defined 2 times (also in b.needs.yaml): every id must be unique in the workspace.',
        related: [{ uri: uriOf('b.needs.yaml'), span: ws.span('b.needs.yaml'), message: 'UN-1 is also defined here' }],
      },
    ]);
    expect(b).toHaveLength(1);
    expect(b[0]?.related).toEqual([{ uri: uriOf('a.needs.yaml'), span: ws.span('a.needs.yaml'), message: 'UN-1 is also defined here' }]);
  });
});

describe('broken-link', () => {
  it('sits on the id inside the list and suggests a near id of the right kind', () => {
    const ws = workspace({
      'n.needs.yaml': needs(need('UN-HR-010')),
      'r.reqs.yaml': reqs(req('REQ-HR-010', '\n    satisfies: [«UN-HR-01O»]'), req('REQ-HR-011', '\n    satisfies: [«UN-PAY-999»]')),
    });
    expect(codeFindings(ws, 'r.reqs.yaml', 'broken-link')).toEqual([
      ['UN-HR-01O', 'UN-HR-01O does not exist: no need has this id. Did you mean UN-HR-010?'],
      ['UN-PAY-999', 'UN-PAY-999 does not exist: no need has this id.'],
    ]);
    const finding = ws.index.check(uriOf('r.reqs.yaml')).find((f) => f.code === 'broken-link');
    expect(finding?.data).toEqual({ missingId: 'UN-HR-01O', targetKind: 'needs', suggestion: 'UN-HR-010' });
  });

  it('does not suggest an id of the wrong kind', () => {
    const ws = workspace({ 'r.reqs.yaml': reqs(req('REQ-1', '\n    satisfies: [«REQ-2»]')) });
    expect(codeFindings(ws, 'r.reqs.yaml', 'broken-link')).toEqual([['REQ-2', 'REQ-2 does not exist: no need has this id.']]);
  });

  it('names a look-alike dash and suggests the plain id', () => {
    const ws = workspace({
      'n.needs.yaml': needs(need('UN-HR-001')),
      'r.reqs.yaml': reqs(req('REQ-1', '\n    satisfies:\n      - «UN\u2013HR\u2013001»')),
    });
    expect(codeFindings(ws, 'r.reqs.yaml', 'broken-link')).toEqual([
      ['UN\u2013HR\u2013001', "UN\u2013HR\u2013001 does not exist: no need has this id. The id contains a U+2013 EN DASH, which looks like '-' but is not. Did you mean UN-HR-001?"],
    ]);
  });

  it('covers `parent` and a single id where a list belongs', () => {
    const ws = workspace({ 'r.reqs.yaml': reqs(req('REQ-1', '\n    parent: «REQ-9»'), req('REQ-2', '\n    satisfies: «UN-9»')) });
    expect(codeFindings(ws, 'r.reqs.yaml', 'broken-link').map(([at]) => at)).toEqual(['REQ-9', 'UN-9']);
  });
});

describe('wrong-kind-link', () => {
  it('covers naming a need', () => {
    const ws = workspace({
      'n.needs.yaml': needs(need('UN-1')),
      'r.reqs.yaml': reqs(req('REQ-1', '\n    satisfies: [UN-1]')),
      'c.itt.yaml': itt(clause('ITT-1', '\n    covers: [REQ-1, «UN-1»]')),
    });
    expect(codeFindings(ws, 'c.itt.yaml', 'wrong-kind-link')).toEqual([['UN-1', 'covers must name requirements, but UN-1 is a need.']]);
  });

  it('satisfies naming a requirement, parent naming a clause', () => {
    const ws = workspace({
      'r.reqs.yaml': reqs(req('REQ-1', '\n    satisfies: [«REQ-2»]'), req('REQ-2', '\n    parent: «ITT-1»')),
      'c.itt.yaml': itt(clause('ITT-1', '\n    covers: [REQ-1, REQ-2]')),
    });
    expect(codeFindings(ws, 'r.reqs.yaml', 'wrong-kind-link')).toEqual([
      ['REQ-2', 'satisfies must name needs, but REQ-2 is a requirement.'],
      ['ITT-1', 'parent must name requirements, but ITT-1 is a clause.'],
    ]);
  });
});

describe('parent-cycle', () => {
  it('is reported on the parent value of every member of the loop', () => {
    const ws = workspace({
      'n.needs.yaml': needs(need('UN-1')),
      'r.reqs.yaml': reqs(req('REQ-1', '\n    parent: «REQ-2»'), req('REQ-2', '\n    parent: «REQ-3»')),
      's.reqs.yaml': reqs(req('REQ-3', '\n    parent: «REQ-1»'), req('REQ-4', '\n    parent: REQ-4'.replace('REQ-4', '«REQ-4»'))),
    });
    expect(codeFindings(ws, 'r.reqs.yaml', 'parent-cycle')).toEqual([
      ['REQ-2', 'The parent chain loops: REQ-1 → REQ-2 → REQ-3 → REQ-1. A requirement cannot be its own ancestor.'],
      ['REQ-3', 'The parent chain loops: REQ-2 → REQ-3 → REQ-1 → REQ-2. A requirement cannot be its own ancestor.'],
    ]);
    expect(codeFindings(ws, 's.reqs.yaml', 'parent-cycle')).toEqual([
      ['REQ-1', 'The parent chain loops: REQ-3 → REQ-1 → REQ-2 → REQ-3. A requirement cannot be its own ancestor.'],
      ['REQ-4', 'The parent chain loops: REQ-4 → REQ-4. A requirement cannot be its own ancestor.'],
    ]);
  });

  it('a chain that leads into a loop is not itself in the loop', () => {
    const ws = workspace({ 'r.reqs.yaml': reqs(req('REQ-0', '\n    parent: REQ-1'), req('REQ-1', '\n    parent: REQ-2'), req('REQ-2', '\n    parent: REQ-1')) });
    expect(ws.findings('r.reqs.yaml').filter((f) => f.code === 'parent-cycle').map((f) => f.message)).toEqual([
      'The parent chain loops: REQ-1 → REQ-2 → REQ-1. A requirement cannot be its own ancestor.',
      'The parent chain loops: REQ-2 → REQ-1 → REQ-2. A requirement cannot be its own ancestor.',
    ]);
  });
});

describe('withdrawn-link', () => {
  it('warns on a live link to a withdrawn item, not on links from withdrawn items', () => {
    const ws = workspace({
      'n.needs.yaml': needs(need('UN-1')),
      'r.reqs.yaml': reqs(req('REQ-1', '\n    satisfies: [UN-1]\n    status: withdrawn'), req('REQ-2', '\n    satisfies: [UN-1]')),
      'c.itt.yaml': itt(clause('ITT-1', '\n    covers: [REQ-2, «REQ-1»]'), clause('ITT-2', '\n    status: withdrawn\n    covers: [REQ-1]')),
    });
    expect(ws.findings('c.itt.yaml').filter((f) => f.code === 'withdrawn-link')).toEqual([
      expect.objectContaining({ severity: 'warning', at: 'REQ-1', span: ws.span('c.itt.yaml'), message: 'REQ-1 is a withdrawn requirement: remove this link or reinstate it.' }),
    ]);
  });
});

describe('coverage findings sit on the item id', () => {
  it('uncovered-need: no live requirement satisfies it', () => {
    const ws = workspace({
      'n.needs.yaml': needs(need('«UN-1»'), need('UN-2'), need('«UN-3»'), need('UN-4', '\n    status: withdrawn')),
      'r.reqs.yaml': reqs(req('REQ-1', '\n    satisfies: [UN-2]'), req('REQ-2', '\n    satisfies: [UN-3]\n    status: withdrawn')),
    });
    expect(ws.findings('n.needs.yaml').filter((f) => f.code === 'uncovered-need')).toEqual([
      expect.objectContaining({ severity: 'warning', at: 'UN-1', message: "No requirement satisfies UN-1: add its id to the 'satisfies' list of the requirement that meets it." }),
      expect.objectContaining({ at: 'UN-3' }),
    ]);
  });

  it('uncovered-requirement: no live clause covers it and no waiver', () => {
    const ws = workspace({
      'n.needs.yaml': needs(need('UN-1')),
      'r.reqs.yaml': reqs(
        req('REQ-1', '\n    satisfies: [UN-1]'),
        req('«REQ-2»', '\n    satisfies: [UN-1]'),
        req('REQ-3', '\n    satisfies: [UN-1]\n    waiver: { reason: Bought under the payroll framework }'),
        req('«REQ-4»', '\n    satisfies: [UN-1]'),
        req('REQ-5', '\n    satisfies: [UN-1]\n    status: withdrawn'),
      ),
      'c.itt.yaml': itt(clause('ITT-1', '\n    covers: [REQ-1]'), clause('ITT-2', '\n    covers: [REQ-4]\n    status: withdrawn')),
    });
    expect(ws.findings('r.reqs.yaml').filter((f) => f.code === 'uncovered-requirement')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        at: 'REQ-2',
        message: "No ITT clause covers REQ-2, so bidders are never asked for it: add it to a clause's 'covers' or give it a waiver with a reason.",
      }),
      expect.objectContaining({ at: 'REQ-4' }),
    ]);
  });

  it('orphan-requirement: satisfies nothing and has no parent', () => {
    const ws = workspace({
      'n.needs.yaml': needs(need('UN-1')),
      'r.reqs.yaml': reqs(req('REQ-1', '\n    satisfies: [UN-1]'), req('REQ-2', '\n    parent: REQ-1'), req('«REQ-3»'), req('REQ-4', '\n    status: withdrawn')),
    });
    expect(ws.findings('r.reqs.yaml').filter((f) => f.code === 'orphan-requirement')).toEqual([
      expect.objectContaining({
        at: 'REQ-3',
        message: "REQ-3 satisfies no user need and has no parent: say which need it meets in 'satisfies', or which requirement it refines in 'parent'.",
      }),
    ]);
  });

  it('empty-clause: covers names no live requirement', () => {
    const ws = workspace({
      'r.reqs.yaml': reqs(req('REQ-1', '\n    status: withdrawn'), req('REQ-2')),
      'c.itt.yaml': itt(clause('«ITT-1»', '\n    covers: [REQ-1, REQ-404]'), clause('ITT-2', '\n    covers: [REQ-1, REQ-2]'), clause('ITT-3', '\n    covers: [REQ-1]\n    status: withdrawn')),
    });
    expect(ws.findings('c.itt.yaml').filter((f) => f.code === 'empty-clause')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        at: 'ITT-1',
        message: 'ITT-1 covers nothing: every requirement it lists is missing, of the wrong kind or withdrawn, so it asks bidders for nothing.',
      }),
    ]);
  });
});

describe('staging', () => {
  it('a file with YAML syntax errors gets no schema, link or coverage findings', () => {
    const ws = workspace({ 'r.reqs.yaml': reqs(req('REQ-1', '\n    satisfies: [UN-404]\n    priority: high\n  bad: [')) });
    expect(new Set(ws.findings('r.reqs.yaml').map((f) => f.code))).toEqual(new Set(['yaml-syntax']));
  });

  it('every finding of a clean workspace is empty', () => {
    const ws = workspace({
      'n.needs.yaml': needs(need('UN-1')),
      // Agreed, and a Should: a Must that is every requirement would be moscow-balance's.
      'r.reqs.yaml': reqs(req('REQ-1', '\n    satisfies: [UN-1]\n    status: agreed').replace('priority: must', 'priority: should')),
      'c.itt.yaml': itt(clause('ITT-1', '\n    covers: [REQ-1]')),
    });
    for (const name of ['n.needs.yaml', 'r.reqs.yaml', 'c.itt.yaml']) expect(ws.findings(name)).toEqual([]);
  });
});
