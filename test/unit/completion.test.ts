/**
 * Completion of ids in link lists: which targets, in which order (the core, linkCandidates), and
 * how the handler shows them (labelDetails on every row). `|` marks the cursor.
 */
import { describe, expect, it } from 'vitest';
import type { CompletionItem, CompletionList } from 'vscode-languageserver';
import { Workspace } from '../../server/src/core/analysis/workspace';
import type { Item, LinkField } from '../../server/src/core/model';
import { areaOf, linkCandidates } from '../../server/src/core/query/linkCandidates';
import { LineIndex } from '../../server/src/core/lines';
import { compareIds } from '../../server/src/core/order';
import { completion } from '../../server/src/lsp/handlers/completion';
import { NEED, REQ, uriOf } from './fixture';

const need = (id: string, extra = ''): string => `  - id: ${id}\n    ${NEED}\n${extra}`;
const req = (id: string, extra = ''): string => `  - id: ${id}\n    ${REQ}\n${extra}`;
const clause = (id: string, extra = ''): string => `  - id: ${id}\n    title: T\n    text: Describe how.\n    response: scored\n    weighting: 5\n${extra}`;
const needs = (...items: string[]): string => `kind: needs\nitems:\n${items.join('')}`;
const reqs = (...items: string[]): string => `kind: requirements\nitems:\n${items.join('')}`;
const itts = (...items: string[]): string => `kind: itt\nitems:\n${items.join('')}`;

/** The workspace, with the cursor (`|`) taken out of the one file that has it. */
function build(files: Record<string, string>): { index: Workspace; uri: string; offset: number } {
  const index = new Workspace();
  let uri = '';
  let offset = -1;
  for (const [name, source] of Object.entries(files)) {
    const at = source.indexOf('|');
    if (at >= 0) {
      uri = uriOf(name);
      offset = at;
    }
    index.setFile(uriOf(name), source.replace('|', ''));
  }
  return { index, uri, offset };
}

/** The ids offered in `field` of `from`, in order, with what was typed. */
function offered(index: Workspace, from: string, field: LinkField, typed = '', exclude: string[] = []): string[] {
  const item = index.item(from) as Item;
  return linkCandidates(index, { field, typed, from: item, uri: item.uri, exclude: new Set(exclude), limit: 200 }).candidates.map((c) => c.item.id);
}

// Needs of two areas: in each, one met by a live requirement and one not (UN-HR-002's only requirement is withdrawn).
const NEEDS = needs(need('UN-AV-001'), need('UN-AV-002'), need('UN-HR-001'), need('UN-HR-002'), need('UN-HR-003', '    status: withdrawn\n'));
const MEETING = reqs(req('REQ-AV-001', '    satisfies: [UN-AV-001]\n'), req('REQ-HR-001', '    satisfies: [UN-HR-001]\n'), req('REQ-HR-002', '    satisfies: [UN-HR-002]\n    status: withdrawn\n'));

describe('linkCandidates', () => {
  it('offers the same area first, the needs not met yet first within each, and no withdrawn need', () => {
    const { index } = build({ 'needs.needs.yaml': NEEDS, 'meeting.reqs.yaml': MEETING, 'hr.reqs.yaml': reqs(req('REQ-HR-010')) });
    expect(offered(index, 'REQ-HR-010', 'satisfies')).toEqual(['UN-HR-002', 'UN-HR-001', 'UN-AV-002', 'UN-AV-001']);
    expect(offered(index, 'REQ-AV-001', 'satisfies')).toEqual(['UN-AV-002', 'UN-AV-001', 'UN-HR-002', 'UN-HR-001']);
    const item = index.item('REQ-HR-010') as Item;
    const found = linkCandidates(index, { field: 'satisfies', typed: '', from: item, uri: item.uri, limit: 200 }).candidates;
    expect(found.map(({ item: target, rank, near, open }) => ({ id: target.id, rank, near, open }))).toEqual([
      { id: 'UN-HR-002', rank: 0, near: true, open: true },
      { id: 'UN-HR-001', rank: 0, near: true, open: false },
      { id: 'UN-AV-002', rank: 0, near: false, open: true },
      { id: 'UN-AV-001', rank: 0, near: false, open: false },
    ]);
  });

  it('keeps the match rank first: a nearer or unmet target that matches worse comes after', () => {
    const travel = NEEDS.replace('  - id: UN-HR-002\n    title: T', '  - id: UN-HR-002\n    title: Leave to travel');
    const { index } = build({ 'needs.needs.yaml': travel, 'meeting.reqs.yaml': MEETING, 'hr.reqs.yaml': reqs(req('REQ-HR-010')) });
    // "av": in UN-AV-001's and UN-AV-002's ids (rank 1), in UN-HR-002's title only (rank 3).
    expect(offered(index, 'REQ-HR-010', 'satisfies', 'av')).toEqual(['UN-AV-002', 'UN-AV-001', 'UN-HR-002']);
    // "UN-H": a prefix of the HR needs (rank 0), the letters in order in no other.
    expect(offered(index, 'REQ-AV-001', 'satisfies', 'un-h')).toEqual(['UN-HR-002', 'UN-HR-001']);
  });

  it('leaves out the ids already in the list and the item itself', () => {
    const { index } = build({ 'needs.needs.yaml': NEEDS, 'meeting.reqs.yaml': MEETING, 'hr.reqs.yaml': reqs(req('REQ-HR-010'), req('REQ-PAY-001')) });
    expect(offered(index, 'REQ-HR-010', 'satisfies', '', ['UN-HR-002', 'UN-AV-001'])).toEqual(['UN-HR-001', 'UN-AV-002']);
    expect(offered(index, 'REQ-HR-010', 'parent')).toEqual(['REQ-HR-001', 'REQ-AV-001', 'REQ-PAY-001']);
  });

  it('offers parents by area only: whether a requirement is covered does not matter there', () => {
    const { index } = build({
      'hr.reqs.yaml': reqs(req('REQ-AV-001'), req('REQ-HR-001'), req('REQ-HR-002'), req('REQ-HR-003')),
      'hr.itt.yaml': itts(clause('ITT-1', '    covers: [REQ-HR-001, REQ-AV-001]\n')),
    });
    expect(offered(index, 'REQ-HR-003', 'parent')).toEqual(['REQ-HR-001', 'REQ-HR-002', 'REQ-AV-001']);
  });

  it('offers a clause the requirements of its file family first (it has no area), those not asked of bidders first; a waived one is not', () => {
    const { index } = build({
      'requirements/hr.reqs.yaml': reqs(req('REQ-HR-001'), req('REQ-HR-002'), req('REQ-HR-003', '    waiver: { reason: Asked in another lot }\n')),
      'requirements/pay.reqs.yaml': reqs(req('REQ-PAY-001'), req('REQ-PAY-002')),
      'itt/hr.itt.yaml': itts(clause('ITT-3.1'), clause('ITT-3.2', '    covers: [REQ-HR-001, REQ-PAY-002]\n'), clause('ITT-3.3', '    covers: [REQ-PAY-001]\n    status: withdrawn\n')),
    });
    expect(offered(index, 'ITT-3.1', 'covers')).toEqual(['REQ-HR-002', 'REQ-HR-001', 'REQ-HR-003', 'REQ-PAY-001', 'REQ-PAY-002']);
  });

  it('says the list is incomplete when more targets match than it holds', () => {
    const { index } = build({ 'needs.needs.yaml': NEEDS, 'meeting.reqs.yaml': MEETING, 'hr.reqs.yaml': reqs(req('REQ-HR-010')) });
    const item = index.item('REQ-HR-010') as Item;
    const cut = linkCandidates(index, { field: 'satisfies', typed: '', from: item, uri: item.uri, limit: 3 });
    expect({ ids: cut.candidates.map((c) => c.item.id), incomplete: cut.incomplete }).toEqual({ ids: ['UN-HR-002', 'UN-HR-001', 'UN-AV-002'], incomplete: true });
    expect(linkCandidates(index, { field: 'satisfies', typed: '', from: item, uri: item.uri, limit: 4 }).incomplete).toBe(false);
  });
  it('finds the same area under any kind prefix and separator, as a test of every id would', () => {
    const ids = ['UN-HR-001', 'UN-HR-002', 'UN-HR.003', 'UN.HR.4', 'N-HR-001', 'NEED-HR-1', 'UN-HRX-001', 'UN-HR-PAY-001', 'UN-H-001', 'UN-HR-1A-2', 'UN-AV2-001', 'UN-AV02-002', 'UN-AV2-003', 'un-hr-005'];
    const { index } = build({ 'needs.needs.yaml': needs(...ids.map((id) => need(id))), 'r.reqs.yaml': reqs(req('REQ-HR-010'), req('REQ-AV2-001')) });
    for (const from of ['REQ-HR-010', 'REQ-AV2-001']) {
      const item = index.item(from) as Item;
      const found = linkCandidates(index, { field: 'satisfies', typed: '', from: item, uri: item.uri, limit: 200 }).candidates;
      const area = areaOf(from);
      // Every valid id once, the near ones (by areaOf) first, each group in id order.
      expect(found.map((c) => [c.item.id, c.near])).toEqual([...found.map((c) => c.item.id)].sort((a, b) => Number(areaOf(b) === area) - Number(areaOf(a) === area) || compareIds(a, b)).map((id) => [id, areaOf(id) === area]));
      expect(found.length).toBe(ids.length - 1);
    }
  });
});

describe('areaOf', () => {
  it('is what lies between the kind prefix and the number', () => {
    expect(['REQ-HR-012', 'UN-HR-001', 'REQ-HR-PAY-3', 'REQ-HR-012.1', 'ITT-3.2', 'UN-7', 'REQ-AV2-005'].map(areaOf)).toEqual(['HR', 'HR', 'HR-PAY', 'HR', undefined, undefined, 'AV2']);
  });
});

describe('the completion handler in a link list', () => {
  const list = (files: Record<string, string>): CompletionList => {
    const { index, uri, offset } = build(files);
    const text = index.file(uri)?.text ?? '';
    return completion(index, { textDocument: { uri }, position: new LineIndex(text).position(offset) }) as CompletionList;
  };
  const rows = (items: CompletionItem[]) => items.map(({ label, labelDetails, detail }) => ({ label, labelDetails, detail }));

  it('shows every row’s title as its description and marks the needs not met yet', () => {
    const titled = NEEDS.replace(/id: (UN-\w+-\d+)\n    title: T/g, 'id: $1\n    title: Title of $1');
    const result = list({ 'needs.needs.yaml': titled, 'meeting.reqs.yaml': MEETING, 'hr.reqs.yaml': reqs(req('REQ-HR-010', '    satisfies: [UN-HR-001, |]\n')) });
    expect(rows(result.items)).toEqual([
      { label: 'UN-HR-002', labelDetails: { detail: ' · not met yet', description: 'Title of UN-HR-002' }, detail: 'Title of UN-HR-002' },
      { label: 'UN-AV-002', labelDetails: { detail: ' · not met yet', description: 'Title of UN-AV-002' }, detail: 'Title of UN-AV-002' },
      { label: 'UN-AV-001', labelDetails: { detail: undefined, description: 'Title of UN-AV-001' }, detail: 'Title of UN-AV-001' },
    ]);
    expect(result.isIncomplete).toBe(false);
  });

  it('marks the requirements not asked of bidders in a clause’s covers', () => {
    const result = list({ 'hr.reqs.yaml': reqs(req('REQ-HR-001'), req('REQ-HR-002')), 'hr.itt.yaml': itts(clause('ITT-1', '    covers: [|]\n'), clause('ITT-2', '    covers: [REQ-HR-002]\n')) });
    expect(result.items.map((i) => [i.label, i.labelDetails?.detail])).toEqual([
      ['REQ-HR-001', ' · not asked of bidders'],
      ['REQ-HR-002', undefined],
    ]);
  });
});
