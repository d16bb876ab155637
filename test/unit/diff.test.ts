/**
 * The requirements diff on in-memory workspaces: items added, removed, renamed and changed (with
 * their word diffs), links, coverage before and after, and the impact downstream of each change on
 * the head side. Whole results are compared.
 */
import { describe, expect, it } from 'vitest';
import { compareWorkspaces, comparedFields, type DiffSide, type RequirementsDiff } from '../../server/src/core/change/diff';
import { DEFAULT_FINGERPRINT_FIELDS } from '../../server/src/core/fingerprint';
import { uriOf, workspace } from './fixture';

const NEEDS = (need: string) => `kind: needs
items:
  - id: UN-1
    title: Pay
    as: a payroll officer
    need: ${need}
    so-that: staff are paid
  - id: UN-2
    title: Leave
    as: a manager
    need: I need to approve leave
    so-that: rotas work
`;

const requirement = (id: string, title: string, statement: string, links: string, priority = 'must'): string =>
  `  - id: ${id}\n    title: ${title}\n    statement: ${statement}\n    type: functional\n    priority: ${priority}\n${links}`;

const BASE_REQS = `kind: requirements
items:
${requirement('REQ-1', 'Pay run', 'The solution shall run the payroll.', '    satisfies: [UN-1]\n')}${requirement('REQ-1.1', 'Pay run timing', 'The solution shall finish the pay run by noon.', '    parent: REQ-1\n', 'should')}${requirement('REQ-2', 'Leave', 'The solution shall record leave requests.', '    satisfies: [UN-2]\n')}${requirement('REQ-3', 'Cheques', 'The solution shall print cheques.', '    satisfies: [UN-1]\n', 'could')}`;

const HEAD_REQS = `kind: requirements
items:
${requirement('REQ-1', 'Monthly pay run', 'The solution shall run the payroll.', '    satisfies: [UN-1]\n')}${requirement('REQ-1.1', 'Pay run timing', 'The solution shall finish the pay run by noon.', '    parent: REQ-1\n', 'should')}${requirement('REQ-20', 'Leave', 'The solution shall record leave requests.', '    satisfies: [UN-2]\n')}${requirement('REQ-4', 'Leave balance', 'The solution shall show the leave balance.', '    satisfies: [UN-2]\n', 'should')}`;

const clause = (id: string, title: string, covers: string): string => `  - id: ${id}\n    title: ${title}\n    text: Describe ${title.toLowerCase()}.\n    response: scored\n    weighting: 50\n    covers: [${covers}]\n`;
const BASE_ITT = `kind: itt\nitems:\n${clause('ITT-1', 'Payroll', 'REQ-1')}${clause('ITT-2', 'Timing', 'REQ-1.1, REQ-3')}`;
const HEAD_ITT = `kind: itt\nitems:\n${clause('ITT-1', 'Payroll', 'REQ-1')}${clause('ITT-2', 'Timing', 'REQ-1.1')}${clause('ITT-3', 'Leave', 'REQ-20')}`;

const side = (sources: Record<string, string>, compares?: (uri: string) => boolean): DiffSide => {
  const { index } = workspace(sources);
  return { index, fingerprint: (item) => index.context.fingerprint(item), ...(compares ? { compares } : {}) };
};
const pathOf = (uri: string): string => uri.slice(uriOf('').length);
const compare = (base: DiffSide, head: DiffSide): RequirementsDiff => compareWorkspaces(base, head, { fields: DEFAULT_FINGERPRINT_FIELDS, pathOf, base: { ref: 'main', commit: 'c0ffee' }, head: { ref: null, commit: null }, workspace: '.' });

/** The 1-based line of `id: ID` in a text. */
const line = (text: string, id: string): number => text.split('\n').findIndex((l) => l.endsWith(`- id: ${id}`)) + 1;

describe('compareWorkspaces', () => {
  it('finds items added, removed, renamed and changed, links, coverage moves and the impact of each change', () => {
    const baseNeeds = NEEDS('I need to pay people on the day');
    const headNeeds = NEEDS('I need to reimburse people on payday');
    const base = side({ 'n.needs.yaml': baseNeeds, 'r.reqs.yaml': BASE_REQS, 't.itt.yaml': BASE_ITT });
    const head = side({ 'n.needs.yaml': headNeeds, 'r.reqs.yaml': HEAD_REQS, 't.itt.yaml': HEAD_ITT });
    const diff = compare(base, head);
    const at = (file: string, text: string, id: string) => ({ file, line: line(text, id) });
    const print = (s: DiffSide, id: string): string => s.fingerprint(s.index.item(id)!);
    const reqs = (id: string, title: string, text = HEAD_REQS) => ({ id, kind: 'requirements', title, ...at('r.reqs.yaml', text, id) });
    const clauseAt = (id: string, title: string) => ({ id, kind: 'itt', title, ...at('t.itt.yaml', HEAD_ITT, id) });
    expect(diff).toEqual({
      version: 1,
      base: { ref: 'main', commit: 'c0ffee' },
      head: { ref: null, commit: null },
      workspace: '.',
      summary: { added: 2, removed: 1, renamed: 1, changed: 2, linksAdded: 2, linksRemoved: 2, coverageChanged: 2, toReRead: 4 },
      items: {
        added: [
          { ...reqs('REQ-4', 'Leave balance'), fingerprint: print(head, 'REQ-4') },
          { ...clauseAt('ITT-3', 'Leave'), fingerprint: print(head, 'ITT-3') },
        ],
        removed: [{ ...reqs('REQ-3', 'Cheques', BASE_REQS), fingerprint: print(base, 'REQ-3') }],
        renamed: [{ kind: 'requirements', fingerprint: print(head, 'REQ-20'), from: reqs('REQ-2', 'Leave', BASE_REQS), to: reqs('REQ-20', 'Leave'), fields: [] }],
        changed: [
          {
            id: 'UN-1',
            kind: 'needs',
            title: 'Pay',
            ...at('n.needs.yaml', headNeeds, 'UN-1'),
            before: at('n.needs.yaml', baseNeeds, 'UN-1'),
            fingerprint: { before: print(base, 'UN-1'), after: print(head, 'UN-1') },
            fields: [
              {
                field: 'need',
                before: 'I need to pay people on the day',
                after: 'I need to reimburse people on payday',
                words: [
                  { kind: 'same', text: 'I need to' },
                  { kind: 'removed', text: 'pay' },
                  { kind: 'added', text: 'reimburse' },
                  { kind: 'same', text: 'people on' },
                  { kind: 'removed', text: 'the day' },
                  { kind: 'added', text: 'payday' },
                ],
              },
            ],
          },
          {
            ...reqs('REQ-1', 'Monthly pay run'),
            before: at('r.reqs.yaml', BASE_REQS, 'REQ-1'),
            fingerprint: { before: print(base, 'REQ-1'), after: print(head, 'REQ-1') },
            fields: [{ field: 'title', before: 'Pay run', after: 'Monthly pay run', words: [{ kind: 'removed', text: 'Pay' }, { kind: 'added', text: 'Monthly pay' }, { kind: 'same', text: 'run' }] }],
          },
        ],
      },
      links: {
        added: [
          { from: clauseAt('ITT-3', 'Leave'), field: 'covers', to: 'REQ-20', target: reqs('REQ-20', 'Leave') },
          { from: reqs('REQ-4', 'Leave balance'), field: 'satisfies', to: 'UN-2', target: { id: 'UN-2', kind: 'needs', title: 'Leave', ...at('n.needs.yaml', headNeeds, 'UN-2') } },
        ],
        removed: [
          { from: { id: 'ITT-2', kind: 'itt', title: 'Timing', ...at('t.itt.yaml', BASE_ITT, 'ITT-2') }, field: 'covers', to: 'REQ-3', target: reqs('REQ-3', 'Cheques', BASE_REQS) },
          { from: reqs('REQ-3', 'Cheques', BASE_REQS), field: 'satisfies', to: 'UN-1', target: { id: 'UN-1', kind: 'needs', title: 'Pay', ...at('n.needs.yaml', baseNeeds, 'UN-1') } },
        ],
      },
      coverage: {
        before: { needs: 2, needsCovered: 2, needsTraced: 1, needsTracedPercent: 50, requirements: 4, requirementsCovered: 3, requirementsWaived: 0, requirementsUncovered: 1, requirementsCoveredPercent: 75, clauses: 2 },
        after: { needs: 2, needsCovered: 2, needsTraced: 2, needsTracedPercent: 100, requirements: 4, requirementsCovered: 3, requirementsWaived: 0, requirementsUncovered: 1, requirementsCoveredPercent: 75, clauses: 3 },
        changed: [
          { id: 'UN-2', kind: 'needs', title: 'Leave', ...at('n.needs.yaml', headNeeds, 'UN-2'), before: 'covered', after: 'traced' },
          { ...reqs('REQ-20', 'Leave'), was: 'REQ-2', before: 'uncovered', after: 'covered' },
        ],
      },
      impact: [
        {
          id: 'UN-1',
          kind: 'needs',
          title: 'Pay',
          ...at('n.needs.yaml', headNeeds, 'UN-1'),
          change: 'changed',
          downstream: [
            { ...reqs('REQ-1', 'Monthly pay run'), path: ['UN-1', 'REQ-1'] },
            { ...clauseAt('ITT-1', 'Payroll'), path: ['UN-1', 'REQ-1', 'ITT-1'] },
            { ...reqs('REQ-1.1', 'Pay run timing'), path: ['UN-1', 'REQ-1', 'REQ-1.1'] },
            { ...clauseAt('ITT-2', 'Timing'), path: ['UN-1', 'REQ-1', 'REQ-1.1', 'ITT-2'] },
          ],
        },
        {
          ...reqs('REQ-1', 'Monthly pay run'),
          change: 'changed',
          downstream: [
            { ...clauseAt('ITT-1', 'Payroll'), path: ['REQ-1', 'ITT-1'] },
            { ...reqs('REQ-1.1', 'Pay run timing'), path: ['REQ-1', 'REQ-1.1'] },
            { ...clauseAt('ITT-2', 'Timing'), path: ['REQ-1', 'REQ-1.1', 'ITT-2'] },
          ],
        },
        { ...reqs('REQ-3', 'Cheques', BASE_REQS), change: 'removed', downstream: [] },
      ],
    });
  });

  it('sees no change when only the layout changed: wrapping, quoting, scalar style, key order', () => {
    const base = side({ 'n.needs.yaml': NEEDS('I need to pay people on the day'), 'r.reqs.yaml': BASE_REQS });
    const relaid = NEEDS('>-\n      I need to pay people\n         on the day').replace('    title: Pay\n    as: a payroll officer\n', '    as: "a payroll officer"\n    title: Pay\n');
    const head = side({ 'n.needs.yaml': relaid, 'r.reqs.yaml': `${BASE_REQS}\n# a comment\n` });
    const diff = compare(base, head);
    expect(diff.summary).toEqual({ added: 0, removed: 0, renamed: 0, changed: 0, linksAdded: 0, linksRemoved: 0, coverageChanged: 0, toReRead: 0 });
    expect(diff.impact).toEqual([]);
  });

  it('follows a removed need to the requirements that still satisfy it, through children and parent loops, each item once', () => {
    const reqs = `kind: requirements
items:
${requirement('REQ-A', 'A', 'The solution shall do A.', '    satisfies: [UN-1]\n')}${requirement('REQ-B', 'B', 'The solution shall do B.', '    parent: REQ-A\n')}${requirement('REQ-C', 'C', 'The solution shall do C.', '    parent: REQ-B\n    satisfies: [UN-1]\n')}${requirement('REQ-D', 'D', 'The solution shall do D.', '    parent: REQ-C\n')}${requirement('REQ-W', 'W', 'The solution shall do W.', '    satisfies: [UN-1]\n    status: withdrawn\n')}`;
    const itt = `kind: itt\nitems:\n${clause('ITT-1', 'One', 'REQ-D, REQ-B')}`;
    const base = side({ 'n.needs.yaml': NEEDS('I need to pay people'), 'r.reqs.yaml': reqs, 't.itt.yaml': itt });
    const head = side({ 'n.needs.yaml': 'kind: needs\nitems: []\n', 'r.reqs.yaml': reqs, 't.itt.yaml': itt });
    const diff = compare(base, head);
    const at = (id: string, text = reqs, file = 'r.reqs.yaml') => ({ file, line: line(text, id) });
    expect(diff.impact).toEqual([
      { id: 'UN-1', kind: 'needs', title: 'Pay', ...at('UN-1', NEEDS('I need to pay people'), 'n.needs.yaml'), change: 'removed', downstream: [
        { id: 'REQ-A', kind: 'requirements', title: 'A', ...at('REQ-A'), path: ['UN-1', 'REQ-A'] },
        { id: 'REQ-B', kind: 'requirements', title: 'B', ...at('REQ-B'), path: ['UN-1', 'REQ-A', 'REQ-B'] },
        { id: 'ITT-1', kind: 'itt', title: 'One', ...at('ITT-1', itt, 't.itt.yaml'), path: ['UN-1', 'REQ-A', 'REQ-B', 'ITT-1'] },
        { id: 'REQ-C', kind: 'requirements', title: 'C', ...at('REQ-C'), path: ['UN-1', 'REQ-A', 'REQ-B', 'REQ-C'] },
        { id: 'REQ-D', kind: 'requirements', title: 'D', ...at('REQ-D'), path: ['UN-1', 'REQ-A', 'REQ-B', 'REQ-C', 'REQ-D'] },
      ] },
      { id: 'UN-2', kind: 'needs', title: 'Leave', ...at('UN-2', NEEDS('I need to pay people'), 'n.needs.yaml'), change: 'removed', downstream: [] },
    ]);
    expect(diff.summary.toReRead).toBe(5);

    // A parent loop (REQ-A's parent is REQ-D) ends where it comes back: REQ-A is not reached twice.
    const looped = reqs.replace('    satisfies: [UN-1]\n', '    satisfies: [UN-1]\n    parent: REQ-D\n');
    const changedHead = side({ 'n.needs.yaml': NEEDS('I need to pay people'), 'r.reqs.yaml': looped.replace('shall do A.', 'shall do A now.'), 't.itt.yaml': itt });
    const loop = compare(side({ 'n.needs.yaml': NEEDS('I need to pay people'), 'r.reqs.yaml': looped, 't.itt.yaml': itt }), changedHead);
    expect(loop.impact.map((entry) => [entry.id, entry.downstream.map((d) => d.path.join(' → '))])).toEqual([
      ['REQ-A', ['REQ-A → REQ-B', 'REQ-A → REQ-B → ITT-1', 'REQ-A → REQ-B → REQ-C', 'REQ-A → REQ-B → REQ-C → REQ-D']],
    ]);
  });

  it('compares only the files the side says it compares, and does not rename items with nothing fingerprinted', () => {
    const blank = (id: string) => `kind: needs\nitems:\n  - id: ${id}\n    title: Blank\n`;
    const base = side({ 'a.needs.yaml': blank('UN-A'), 'r.reqs.yaml': BASE_REQS }, (uri) => uri.endsWith('a.needs.yaml'));
    const head = side({ 'a.needs.yaml': blank('UN-B'), 'r.reqs.yaml': HEAD_REQS }, (uri) => uri.endsWith('a.needs.yaml'));
    const diff = compare(base, head);
    expect(diff.summary).toEqual({ added: 1, removed: 1, renamed: 0, changed: 0, linksAdded: 0, linksRemoved: 0, coverageChanged: 0, toReRead: 0 });
    expect(diff.items.added.map((item) => item.id)).toEqual(['UN-B']);
    expect(diff.items.removed.map((item) => item.id)).toEqual(['UN-A']);
    // The figures are still the whole workspace's.
    expect(diff.coverage.before.requirements).toBe(4);
  });

  it('gives a link to an id no item of its kind has a null target', () => {
    const reqs = (links: string) => `kind: requirements\nitems:\n${requirement('REQ-1', 'One', 'The solution shall do one.', `    satisfies: [${links}]\n`)}`;
    const diff = compare(side({ 'n.needs.yaml': NEEDS('I need to pay people'), 'r.reqs.yaml': reqs('UN-1') }), side({ 'n.needs.yaml': NEEDS('I need to pay people'), 'r.reqs.yaml': reqs('UN-1, UN-9, REQ-1') }));
    expect(diff.links.added.map((link) => [link.to, link.target?.id ?? null])).toEqual([
      ['REQ-1', null],
      ['UN-9', null],
    ]);
    expect(diff.links.removed).toEqual([]);
  });

  it('pairs a duplicated id in file order, and reports status and priority changes', () => {
    const dup = (second: string) => `kind: requirements\nitems:\n${requirement('REQ-1', 'One', 'The solution shall do one.', '')}${requirement('REQ-1', 'Two', second, '')}`;
    const head = dup('The solution shall do two.').replace('priority: must\n', 'priority: should\n    status: agreed\n');
    const diff = compare(side({ 'r.reqs.yaml': dup('The solution shall do two.') }), side({ 'r.reqs.yaml': head }));
    expect(diff.items.changed.map((item) => [item.title, item.fields.map((f) => [f.field, f.before, f.after])])).toEqual([
      ['One', [['priority', 'must', 'should'], ['status', 'draft', 'agreed']]],
    ]);
  });
});

describe('comparedFields', () => {
  it('is the fingerprinted fields, then title, priority and status where the kind has them', () => {
    expect(comparedFields('needs', DEFAULT_FINGERPRINT_FIELDS)).toEqual(['as', 'need', 'so-that', 'title', 'priority', 'status']);
    expect(comparedFields('requirements', { ...DEFAULT_FINGERPRINT_FIELDS, requirements: ['statement', 'priority'] })).toEqual(['statement', 'priority', 'title', 'status']);
    expect(comparedFields('itt', DEFAULT_FINGERPRINT_FIELDS)).toEqual(['text', 'response', 'weighting', 'title', 'status']);
  });
});
