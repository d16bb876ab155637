/**
 * The Trace Explorer's core queries: an item's one-level trace up and down with each link's stamp
 * and suspect mark, and which item a place in a file is about.
 */
import { describe, expect, it } from 'vitest';
import { itemAtPlace, traceView, type TraceStep } from '../../server/src/core/query/traceView';
import { uriOf, workspace } from './fixture';

const NEEDS = 'kind: needs\nitems:\n  - id: UN-1\n    title: Pay\n    as: a payroll officer\n    need: I need to pay people\n    so-that: staff are paid\n  - id: UN-2\n    title: Payslips\n    as: an employee\n    need: I need to see my payslip\n    so-that: I know what I was paid\n';
const reqs = (stamp: string): string =>
  'kind: requirements\nitems:\n' +
  `  - «id: REQ-1»\n    title: Pay run\n    statement: «The solution shall run payroll.»\n    type: functional\n    priority: must\n    satisfies: [«UN-1@${stamp}», «UN-2»]\n` +
  '  - id: REQ-2\n    title: Allowances\n    statement: The solution shall pay allowances.\n    type: functional\n    priority: should\n    parent: «REQ-1»\n' +
  '  - id: REQ-3\n    title: Gone\n    statement: The solution shall do what it no longer needs to.\n    type: functional\n    priority: could\n    satisfies: [«UN-404»]\n    status: withdrawn\n';
const ITT = 'kind: itt\nitems:\n  - id: ITT-1\n    title: Payroll\n    text: Describe your payroll.\n    response: scored\n    weighting: 100\n    covers: [REQ-1, REQ-2]\n';

const steps = (list: readonly TraceStep[]): string[] => list.map((step) => `${step.field} ${step.item.id}${step.link.stamp !== undefined ? `@${step.link.stamp}` : ''}${step.suspect ? ' suspect' : ''}`);

describe('traceView', () => {
  it('gives the needs an item satisfies and its parent up, its children and covering clauses down, with stamps and suspect marks', () => {
    const ws = workspace({ 'n.needs.yaml': NEEDS, 'r.reqs.yaml': reqs('0123456789'), 's.itt.yaml': ITT });
    const fingerprint = (item: Parameters<typeof ws.index.context.fingerprint>[0]): string => ws.index.context.fingerprint(item);
    const req1 = ws.index.item('REQ-1');
    if (!req1) throw new Error('REQ-1 not indexed');
    const trace = traceView(ws.index, req1, fingerprint);
    expect(trace.item).toBe(req1);
    // A stamp that is not UN-1's fingerprint now: the link is suspect; an unstamped link never is.
    expect(steps(trace.up)).toEqual(['satisfies UN-1@0123456789 suspect', 'satisfies UN-2']);
    expect(steps(trace.down)).toEqual(['covers ITT-1', 'parent REQ-2']);

    // Stamped with UN-1's fingerprint as it is now: not suspect.
    const now = fingerprint(ws.index.item('UN-1') as NonNullable<ReturnType<typeof ws.index.item>>);
    ws.index.setFile(uriOf('r.reqs.yaml'), reqs(now).replace(/[«»]/g, ''));
    expect(steps(traceView(ws.index, ws.index.item('REQ-1') as typeof req1, fingerprint).up)).toEqual([`satisfies UN-1@${now}`, 'satisfies UN-2']);
  });

  it('goes down from a need to the live requirements satisfying it, and up from a clause to what it covers', () => {
    const ws = workspace({ 'n.needs.yaml': NEEDS, 'r.reqs.yaml': reqs('0123456789'), 's.itt.yaml': ITT });
    const fingerprint = (item: Parameters<typeof ws.index.context.fingerprint>[0]): string => ws.index.context.fingerprint(item);
    const trace = (id: string) => traceView(ws.index, ws.index.item(id) as NonNullable<ReturnType<typeof ws.index.item>>, fingerprint);
    expect([steps(trace('UN-1').up), steps(trace('UN-1').down)]).toEqual([[], ['satisfies REQ-1@0123456789 suspect']]);
    expect([steps(trace('ITT-1').up), steps(trace('ITT-1').down)]).toEqual([['covers REQ-1', 'covers REQ-2'], []]);
    expect([steps(trace('REQ-2').up), steps(trace('REQ-2').down)]).toEqual([['parent REQ-1'], ['covers ITT-1']]);
  });
});

describe('itemAtPlace', () => {
  const ws = workspace({ 'n.needs.yaml': NEEDS, 'r.reqs.yaml': reqs('0123456789'), 's.itt.yaml': ITT });
  const file = ws.index.file(uriOf('r.reqs.yaml'));
  if (!file) throw new Error('r.reqs.yaml not indexed');
  const at = (marker: number, delta = 1): string | undefined => itemAtPlace(ws.index, file, ws.span('r.reqs.yaml', marker).start + delta)?.id;

  it('is the item whose id is there, the item a link there points to, else the item holding the place', () => {
    expect(at(0, 5)).toBe('REQ-1'); // on "id: REQ-1"
    expect(at(1)).toBe('REQ-1'); // in the statement
    expect(at(2)).toBe('UN-1'); // on a stamped link
    expect(at(3)).toBe('UN-2');
    expect(at(4)).toBe('REQ-1'); // REQ-2's parent link
    expect(at(5)).toBe('REQ-3'); // a link to no item: the item holding it
  });

  it('is nothing outside every item', () => {
    expect(itemAtPlace(ws.index, file, 2)).toBeUndefined(); // on "kind"
  });
});
