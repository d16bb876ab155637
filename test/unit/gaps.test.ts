/**
 * Behaviour that one code path alone held: duplicate ids within one file, withdrawn requirements
 * meeting no need, quoted values holding ' #' on the scanner's fast path, and a file whose read
 * fails in the host. Findings are compared whole.
 */
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { Workspace } from '../../server/src/core/analysis/workspace';
import type { FileHost, ReadResult } from '../../server/src/core/host';
import { readComposed } from '../../server/src/core/parse/cleanYaml';
import { scanDocument } from '../../server/src/core/parse/scanYaml';
import { computeCoverage } from '../../server/src/core/report/coverage';
import { hostLoader, loadFiles, workspaceFindings } from '../../server/src/core/workspace';
import { NEED, REQ, uriOf, workspace } from './fixture';

const need = (id: string, extra = ''): string => `  - id: ${id}\n    ${NEED}${extra}\n`;
const req = (id: string, extra = ''): string => `  - id: ${id}\n    ${REQ}${extra}\n`;
const needs = (...items: string[]): string => `kind: needs\nitems:\n${items.join('')}`;
const reqs = (...items: string[]): string => `kind: requirements\nitems:\n${items.join('')}`;
const uncoveredNeed = (id: string) => `No requirement satisfies ${id}: add its id to the 'satisfies' list of the requirement that meets it.`;

describe('duplicate-id within one file', () => {
  it('flags both copies, each naming the other, on the exact id spans', () => {
    const ws = workspace({ 'n.needs.yaml': needs(need('«UN-1»'), need('«UN-2»'), need('«UN-1»')) });
    const uri = uriOf('n.needs.yaml');
    const [first, two, second] = [ws.span('n.needs.yaml', 0), ws.span('n.needs.yaml', 1), ws.span('n.needs.yaml', 2)];
    const message = 'UN-1 is defined 2 times (also in n.needs.yaml): every id must be unique in the workspace.';
    expect(ws.index.check(uri)).toEqual([
      { code: 'duplicate-id', severity: 'error', uri, span: first, message, related: [{ uri, span: second, message: 'UN-1 is also defined here' }] },
      { code: 'uncovered-need', severity: 'warning', uri, span: first, message: uncoveredNeed('UN-1') },
      { code: 'uncovered-need', severity: 'warning', uri, span: two, message: uncoveredNeed('UN-2') },
      { code: 'duplicate-id', severity: 'error', uri, span: second, message, related: [{ uri, span: first, message: 'UN-1 is also defined here' }] },
      { code: 'uncovered-need', severity: 'warning', uri, span: second, message: uncoveredNeed('UN-1') },
    ]);
    expect([first, second].map((span) => ws.files['n.needs.yaml']!.text.slice(span.start, span.end))).toEqual(['UN-1', 'UN-1']);
  });

  it('with a third copy in another file, each copy names both others', () => {
    const ws = workspace({ 'a.needs.yaml': needs(need('«UN-1»'), need('«UN-1»')), 'b.needs.yaml': needs(need('«UN-1»')) });
    const [a1, a2, b] = [
      { uri: uriOf('a.needs.yaml'), span: ws.span('a.needs.yaml', 0) },
      { uri: uriOf('a.needs.yaml'), span: ws.span('a.needs.yaml', 1) },
      { uri: uriOf('b.needs.yaml'), span: ws.span('b.needs.yaml', 0) },
    ];
    const duplicates = (file: string) => ws.index.check(uriOf(file)).filter((f) => f.code === 'duplicate-id');
    const also = (at: typeof a1) => ({ ...at, message: 'UN-1 is also defined here' });
    expect(duplicates('a.needs.yaml')).toEqual([
      { code: 'duplicate-id', severity: 'error', ...a1, message: 'UN-1 is defined 3 times (also in a.needs.yaml, b.needs.yaml): every id must be unique in the workspace.', related: [also(a2), also(b)] },
      { code: 'duplicate-id', severity: 'error', ...a2, message: 'UN-1 is defined 3 times (also in a.needs.yaml, b.needs.yaml): every id must be unique in the workspace.', related: [also(a1), also(b)] },
    ]);
    expect(duplicates('b.needs.yaml')).toEqual([
      { code: 'duplicate-id', severity: 'error', ...b, message: 'UN-1 is defined 3 times (also in a.needs.yaml, a.needs.yaml): every id must be unique in the workspace.', related: [also(a1), also(a2)] },
    ]);
  });
});

describe('withdrawn requirements meet no need', () => {
  // Both of UN-1's requirements are withdrawn: REQ-1 though a live clause covers it, REQ-2 though it has a waiver.
  const ws = workspace({
    'n.needs.yaml': needs(need('«UN-1»'), need('UN-2')),
    'r.reqs.yaml': reqs(req('REQ-1', '\n    satisfies: [UN-1]\n    status: withdrawn'), req('REQ-2', '\n    satisfies: [UN-1]\n    status: withdrawn\n    waiver: { reason: Bought separately }'), req('REQ-3', '\n    satisfies: [UN-2]')),
    'c.itt.yaml': 'kind: itt\nitems:\n  - id: ITT-1\n    title: T\n    text: Describe how.\n    response: pass-fail\n    covers: [REQ-1, REQ-3]\n',
  });

  it('the need gets uncovered-need', () => {
    expect(ws.index.check(uriOf('n.needs.yaml'))).toEqual([
      { code: 'uncovered-need', severity: 'warning', uri: uriOf('n.needs.yaml'), span: ws.span('n.needs.yaml'), message: uncoveredNeed('UN-1') },
    ]);
  });

  it('the need counts as not covered in every coverage figure', () => {
    const coverage = computeCoverage(ws.index);
    expect(coverage.totals.needs).toEqual({ total: 2, covered: 1, traced: 1, uncovered: 1 });
    expect(coverage.totals.withdrawn).toBe(2);
    expect(coverage.gaps.uncoveredNeeds.map((ref) => ref.id)).toEqual(['UN-1']);
    expect(coverage.matrix.map((row) => [row.need.id, row.need.state, row.requirements.map((trace) => trace.requirement.id)])).toEqual([
      ['UN-1', 'uncovered', []],
      ['UN-2', 'traced', ['REQ-3']],
    ]);
    expect(coverage.byPriority.map((p) => [p.priority, p.needs])).toEqual([
      ['must', { total: 0, covered: 0, traced: 0, uncovered: 0 }],
      ['(none)', { total: 2, covered: 1, traced: 1, uncovered: 1 }],
    ]);
  });
});

describe("quoted values holding ' #' on the scanner's fast path", () => {
  const TEXT = `kind: requirements
items:
  - id: REQ-1
    title: "a # b"
    statement: 'x #y'
    type: functional
    priority: must
    tags: ["p # q", 'r #s', "#t"] # a comment
    notes: 'it''s # not a comment' # but this is
`;

  it('reads them as the scanner, not the slower readers, and as yaml does', () => {
    const scanned = scanDocument(TEXT);
    expect(scanned, 'the scanner turned the file down').toBeDefined();
    const expected = parseDocument(TEXT).toJS() as { items: { title: string; statement: string; tags: string[]; notes: string }[] };
    expect(expected.items[0]).toMatchObject({ title: 'a # b', statement: 'x #y', tags: ['p # q', 'r #s', '#t'], notes: "it's # not a comment" });
    expect(scanned?.value).toEqual(expected);
    // Offsets included, what the syntax-tree reader gives.
    expect(scanned).toEqual(readComposed(TEXT));
  });

  it('indexes the item with those values', () => {
    const ws = workspace({ 'r.reqs.yaml': TEXT });
    const [item] = ws.index.file(uriOf('r.reqs.yaml'))?.items ?? [];
    expect({ title: item?.title, text: item?.text }).toEqual({ title: 'a # b', text: 'x #y' });
  });
});

describe('a file whose read fails in the host', () => {
  it('gets unreadable-file at its start, and the rest of the workspace is still checked', async () => {
    const texts: Record<string, string> = {
      [uriOf('n.needs.yaml')]: needs(need('UN-1')),
      // A Should: a Must that is every requirement would be moscow-balance's.
      [uriOf('r.reqs.yaml')]: reqs(req('REQ-1', '\n    satisfies: [UN-1]').replace('priority: must', 'priority: should')),
    };
    const failing = uriOf('broken-disk.reqs.yaml');
    const host: FileHost = {
      read: (uri: string): Promise<ReadResult> =>
        Promise.resolve(uri === failing ? { problem: { code: 'unreadable-file', message: 'reqtrace could not read this file: EIO.' } } : { text: texts[uri] ?? '' }),
      list: () => Promise.resolve([...Object.keys(texts), failing]),
    };
    const index = new Workspace(DEFAULT_CONFIG.limits);
    await loadFiles(hostLoader(host, DEFAULT_CONFIG.limits), await host.list('file:///ws', [], []), index);
    expect(workspaceFindings(index, DEFAULT_CONFIG)).toEqual([
      { code: 'unreadable-file', severity: 'error', uri: failing, span: { start: 0, end: 0 }, message: 'reqtrace could not read this file: EIO.' },
      {
        code: 'uncovered-requirement',
        severity: 'warning',
        uri: uriOf('r.reqs.yaml'),
        span: { start: 34, end: 39 }, // REQ-1 after 'kind: requirements\nitems:\n  - id: '
        message: "No ITT clause covers REQ-1, so bidders are never asked for it: add it to a clause's 'covers' or give it a waiver with a reason.",
      },
    ]);
  });
});
