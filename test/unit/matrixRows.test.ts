/**
 * The matrix's rows in the compact form (core/query/matrixRows.ts): each item once, however many
 * rows it is on, rows as [need, requirement, clause] indexes in the coverage model's order, states
 * read from the model, and an id defined twice in one file told apart by its line.
 */
import { describe, expect, it } from 'vitest';
import { computeCoverage } from '../../server/src/core/report/coverage';
import { matrixRows } from '../../server/src/core/query/matrixRows';
import { stateOf } from '../../server/src/core/query/trace';
import { NEED, REQ, workspace } from './fixture';

const need = (id: string, extra = ''): string => `  - id: ${id}\n    ${NEED}\n    priority: must\n    status: agreed\n${extra}`;
const req = (id: string, title: string, extra: string): string => `  - id: ${id}\n    ${REQ.replace('title: T', `title: ${title}`)}\n    status: agreed\n${extra}`;
const clause = (id: string, covers: string, response = 'pass-fail'): string => `  - id: ${id}\n    title: Clause ${id}\n    text: Describe.\n    response: ${response}\n    status: agreed\n    covers: [${covers}]\n`;

// UN-1 met by REQ-A (two clauses) and REQ-B (none); UN-2 met by nothing; REQ-C meets no need.
// REQ-D is written twice in r.reqs.yaml: the first meets UN-1, the second UN-3.
const ws = workspace({
  'n.needs.yaml': `kind: needs\nitems:\n${need('UN-1', '    departments: [HO, DWP]\n')}${need('UN-2')}${need('UN-3')}`,
  'r.reqs.yaml': `kind: requirements\nitems:\n${req('REQ-A', 'A', '    satisfies: [UN-1]\n')}${req('REQ-B', 'B', '    satisfies: [UN-1]\n')}${req('REQ-C', 'C', '')}${req('REQ-D', 'First D', '    satisfies: [UN-1]\n')}${req('REQ-D', 'Second D', '    satisfies: [UN-3]\n')}`,
  'c.itt.yaml': `kind: itt\nitems:\n${clause('ITT-1', 'REQ-A, REQ-C')}${clause('ITT-2', 'REQ-A', 'information')}`,
});
const { items, states, rows } = matrixRows(ws.index, computeCoverage(ws.index));
const label = (at: number): string => (at < 0 ? '-' : `${items[at]?.id} ${items[at]?.title}`);

describe('the matrix rows', () => {
  it('are the coverage model’s paths in its order, each item once', () => {
    expect(rows.map((row) => row.map(label).join(' > '))).toEqual([
      'UN-1 T > REQ-A A > ITT-1 Clause ITT-1',
      'UN-1 T > REQ-A A > ITT-2 Clause ITT-2',
      'UN-1 T > REQ-B B > -',
      'UN-1 T > REQ-D First D > -',
      'UN-2 T > - > -',
      'UN-3 T > REQ-D Second D > -',
      '- > REQ-C C > ITT-1 Clause ITT-1',
    ]);
    // UN-1 is on four rows and ITT-1 on two: one item each.
    expect(items.map((item) => item.id)).toEqual(['UN-1', 'REQ-A', 'ITT-1', 'ITT-2', 'REQ-B', 'REQ-D', 'UN-2', 'UN-3', 'REQ-D', 'REQ-C']);
    expect(new Set(items).size).toBe(items.length);
  });

  it('tells an id written twice in one file apart by its line', () => {
    const [first, second] = items.filter((item) => item.id === 'REQ-D');
    expect([first?.title, second?.title]).toEqual(['First D', 'Second D']);
    expect(first?.idSpan.start).toBeLessThan(second?.idSpan.start ?? 0);
  });

  it('gives each item its state as the hover and the report say it', () => {
    expect(states).toEqual(items.map((item) => stateOf(ws.index, item)));
    expect(Object.fromEntries(items.map((item, at) => [`${item.id} ${item.title}`, states[at]]))).toEqual({
      'UN-1 T': 'traced',
      'REQ-A A': 'covered',
      'ITT-1 Clause ITT-1': 'covered',
      'ITT-2 Clause ITT-2': 'information',
      'REQ-B B': 'uncovered',
      'REQ-D First D': 'uncovered',
      'UN-2 T': 'uncovered',
      'UN-3 T': 'covered',
      'REQ-D Second D': 'uncovered',
      'REQ-C C': 'covered',
    });
  });
});
