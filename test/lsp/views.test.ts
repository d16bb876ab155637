/**
 * The views' requests over the real server: reqtrace/trace (the Trace Explorer) on samples/synergy,
 * by id and by place, with the deliberate suspect link; reqtrace/gaps (the Gaps view) on
 * samples/synergy and samples/broken against what the command line reports, and after an unsaved edit.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIFF_REQUEST, EXPORT_REQUEST, GAPS_REQUEST, MATRIX_REQUEST, REPORT_REQUEST, TRACE_REQUEST, type DiffReply, type GapsReply, type MatrixReply, type TraceLink, type TraceReply } from '../../server/src/lsp/protocol';
import { copySample, TestClient } from './client';

const CLI = resolve(__dirname, '../../dist/cli.js');

/** A link as "field ID@stamp", with " suspect" when it is. */
const links = (list: readonly TraceLink[]): string[] => list.map((link) => `${link.field} ${link.item.id}${link.stamp !== undefined ? `@${link.stamp}` : ''}${link.suspect ? ' suspect' : ''}`);
const traceOf = (reply: TraceReply): { item: string; up: string[]; down: string[] } | null => reply && { item: reply.item.id, up: links(reply.up), down: links(reply.down) };

/** The groups of a gaps reply as key → the ids (or codes, for findings) of its entries. */
const groupsOf = (reply: GapsReply): Record<string, string[]> => Object.fromEntries(reply.groups.map((group) => [group.key, group.entries.map((entry) => (entry.detail && /^[a-z-]+$/.test(entry.detail) ? `${entry.item?.id ?? '-'} ${entry.detail}` : (entry.item?.id ?? '-')))]));

/** The sum of the counts the report's verdict lists as standing in the way of issue (its Markdown). */
function verdictBlocking(root: string): number {
  const markdown = execFileSync(process.execPath, [CLI, 'report', root, '--format', 'md'], { encoding: 'utf8', env: { ...process.env, GIT_CEILING_DIRECTORIES: resolve(root, '..') } });
  const verdict = markdown.slice(markdown.indexOf('## Verdict'), markdown.indexOf('Warnings, which do not block'));
  return [...verdict.matchAll(/^- \*\*(\d+)\*\* /gm)].reduce((n, match) => n + Number(match[1]), 0);
}

/** The command line's findings of a folder. */
function cliFindings(root: string): { code: string; severity: string; message: string }[] {
  const out = execFileSync(process.execPath, [CLI, 'check', root, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8' });
  return (JSON.parse(out) as { diagnostics: { code: string; severity: string; message: string }[] }).diagnostics;
}

describe('reqtrace/trace on samples/synergy', () => {
  let root: string;
  let client: TestClient;
  beforeAll(async () => {
    root = copySample('synergy');
    client = await TestClient.start(root);
  });
  afterAll(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('gives a requirement exactly the need it satisfies up, and the clause covering it and its child down, as the YAML has them', async () => {
    // payroll.reqs.yaml: REQ-PAY-005 satisfies [UN-PAY-002@97a3d20060]; REQ-PAY-006 has parent REQ-PAY-005@54e76ceb37;
    // section-3-functional.itt.yaml: ITT-3.2.3 covers [REQ-PAY-005@54e76ceb37, …].
    const reply = await client.request<TraceReply>(TRACE_REQUEST, { id: 'REQ-PAY-005' });
    expect(traceOf(reply)).toEqual({ item: 'REQ-PAY-005', up: ['satisfies UN-PAY-002@97a3d20060'], down: ['covers ITT-3.2.3@54e76ceb37', 'parent REQ-PAY-006@54e76ceb37'] });
    const reqs = 'requirements/payroll.reqs.yaml';
    expect(reply?.item).toEqual({ id: 'REQ-PAY-005', kind: 'requirements', title: 'Allowances from approved time', uri: client.uri(reqs), range: { start: client.position(reqs, 'id: REQ-PAY-005', 4), end: client.position(reqs, 'id: REQ-PAY-005', 15) }, state: 'covered', priority: 'must', status: 'agreed' });
    const itt = 'itt/section-3-functional.itt.yaml';
    expect(reply?.down[0]?.item).toEqual({ id: 'ITT-3.2.3', kind: 'itt', title: 'Allowances from time records', uri: client.uri(itt), range: { start: client.position(itt, 'id: ITT-3.2.3', 4), end: client.position(itt, 'id: ITT-3.2.3', 13) }, state: 'covered', status: 'agreed' });
  });

  it('gives a need the requirements satisfying it, and a clause the requirements it covers', async () => {
    expect(traceOf(await client.request<TraceReply>(TRACE_REQUEST, { id: 'UN-PAY-002' }))).toEqual({ item: 'UN-PAY-002', up: [], down: ['satisfies REQ-INT-004@97a3d20060', 'satisfies REQ-PAY-005@97a3d20060'] });
    expect(traceOf(await client.request<TraceReply>(TRACE_REQUEST, { id: 'ITT-3.2.3' }))).toEqual({ item: 'ITT-3.2.3', up: ['covers REQ-PAY-005@54e76ceb37', 'covers REQ-PAY-006@1d7b706604'], down: [] });
    // The need no requirement meets: nothing either way.
    expect(traceOf(await client.request<TraceReply>(TRACE_REQUEST, { id: 'UN-EXP-007' }))).toEqual({ item: 'UN-EXP-007', up: [], down: [] });
  });

  it('marks the deliberate suspect link, REQ-PAY-009 satisfies UN-PAY-005, from both ends, and no other', async () => {
    const requirement = await client.request<TraceReply>(TRACE_REQUEST, { id: 'REQ-PAY-009' });
    expect(traceOf(requirement)).toEqual({ item: 'REQ-PAY-009', up: ['satisfies UN-PAY-005@dbfe0f19c7 suspect'], down: ['covers ITT-3.2.5@3fdae99faa'] });
    expect(traceOf(await client.request<TraceReply>(TRACE_REQUEST, { id: 'UN-PAY-005' }))).toEqual({ item: 'UN-PAY-005', up: [], down: ['satisfies REQ-PAY-009@dbfe0f19c7 suspect'] });
  });

  it('finds the item at a place: its id, a link (the item it points to), inside its text', async () => {
    const reqs = 'requirements/payroll.reqs.yaml';
    const at = async (needle: string, delta: number): Promise<string | undefined> => (await client.request<TraceReply>(TRACE_REQUEST, { textDocument: { uri: client.uri(reqs) }, position: client.position(reqs, needle, delta) }))?.item.id;
    expect(await at('id: REQ-PAY-005', 6)).toBe('REQ-PAY-005');
    expect(await at('UN-PAY-002@97a3d20060', 3)).toBe('UN-PAY-002');
    expect(await at('parent: REQ-PAY-005@', 10)).toBe('REQ-PAY-005');
    expect(await at('operational allowances from approved time records', 5)).toBe('REQ-PAY-005');
    // The item at a place of an open, edited buffer: positions are the buffer's.
    await client.open(reqs, `# A comment line added above\n${client.text(reqs)}`);
    try {
      const moved = client.position(reqs, 'id: REQ-PAY-009', 6);
      expect((await client.request<TraceReply>(TRACE_REQUEST, { textDocument: { uri: client.uri(reqs) }, position: { line: moved.line + 1, character: moved.character } }))?.item.id).toBe('REQ-PAY-009');
    } finally {
      await client.change(reqs, client.text(reqs));
      await client.close(reqs);
    }
  });

  it('answers null for an id no item has and a place outside every item, and says what is missing when given neither', async () => {
    expect(await client.request<TraceReply>(TRACE_REQUEST, { id: 'REQ-NOPE-001' })).toBeNull();
    expect(await client.request<TraceReply>(TRACE_REQUEST, { textDocument: { uri: client.uri('requirements/payroll.reqs.yaml') }, position: { line: 0, character: 1 } })).toBeNull();
    expect(await client.request<TraceReply>(TRACE_REQUEST, { textDocument: { uri: client.uri('no-such.reqs.yaml') }, position: { line: 0, character: 0 } })).toBeNull();
    await expect(client.request<TraceReply>(TRACE_REQUEST, {})).rejects.toThrow(/Say which item to trace: give its id, or a file \(textDocument\) and a position in it\./);
  });

  it('refuses a folder that is not open rather than answering about another, and takes a request without params', async () => {
    const elsewhere = 'file:///not/a/folder/of/this/session';
    for (const method of [TRACE_REQUEST, GAPS_REQUEST, MATRIX_REQUEST]) {
      await expect(client.request(method, { folderUri: elsewhere, id: 'REQ-PAY-005' })).rejects.toThrow(`${elsewhere} is not a workspace folder of this session.`);
    }
    // The report and the exports too: in a workspace of several folders the editor names one.
    await expect(client.request(REPORT_REQUEST, { folderUri: elsewhere, reportDirUri: 'file:///tmp' })).rejects.toThrow(`${elsewhere} is not a workspace folder of this session.`);
    await expect(client.request(EXPORT_REQUEST, { folderUri: elsewhere, name: 'needs', outUri: 'file:///tmp/needs.json' })).rejects.toThrow(`${elsewhere} is not a workspace folder of this session.`);
    const diff = await client.request<DiffReply>(DIFF_REQUEST, { folderUri: elsewhere, base: 'HEAD' });
    expect('problem' in diff ? diff.problem : diff).toMatch(/is not a workspace folder of this session/);
    expect((await client.request<GapsReply>(GAPS_REQUEST, null)).blocking).toBeGreaterThan(0);
    expect((await client.request<MatrixReply>(MATRIX_REQUEST, null)).rows.length).toBeGreaterThan(0);
    await expect(client.request<TraceReply>(TRACE_REQUEST, null)).rejects.toThrow(/Say which item to trace/);
  });
});

describe('reqtrace/gaps on samples/synergy', () => {
  let root: string;
  let client: TestClient;
  beforeAll(async () => {
    root = copySample('synergy');
    client = await TestClient.start(root);
  });
  afterAll(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('groups the deliberate gaps of the sample (its README), blocking ones first, as the command line finds them', async () => {
    const reply = await client.request<GapsReply>(GAPS_REQUEST, {});
    // Every item of the sample, counted in its files' text.
    const ids = readdirSync(root, { recursive: true }).map(String).filter((path) => /\.(needs|reqs|itt)\.yaml$/.test(path)).reduce((n, path) => n + (readFileSync(join(root, path), 'utf8').match(/^ {2}- id: /gm)?.length ?? 0), 0);
    expect(ids).toBeGreaterThan(100);
    expect(reply.items).toBe(ids);
    expect(groupsOf(reply)).toEqual({
      'needs-unmet': ['UN-EXP-007', 'UN-REP-007'],
      'needs-not-traced': ['UN-HR-008'],
      // All three are shoulds: then by id.
      'requirements-not-asked': ['REQ-AV-006', 'REQ-FIN-014', 'REQ-HR-014'],
      // not-agreed is info in the sample and an error as readiness: tender judges it.
      readiness: ['ITT-3.2.1 not-agreed', 'ITT-3.5.5 not-agreed', 'ITT-4.2.2 not-agreed'],
      'suspect-links': ['REQ-PAY-009 suspect-link'],
      waived: ['REQ-PAY-013', 'REQ-PRO-012'],
    });
    expect(reply.groups.map((group) => [group.label, group.blocking])).toEqual([
      ['Needs not met', true],
      ['Needs not traced end to end', true],
      ['Requirements not asked of bidders', true],
      ['Tender readiness errors', true],
      ['Suspect links', true],
      ['Waived requirements', false],
    ]);
    expect(reply.blocking).toBe(10);
    expect(reply.blocking).toBe(verdictBlocking(root));

    // The same ids as the command line's findings.
    const cli = cliFindings(root);
    const idsOf = (code: string): string[] => cli.filter((f) => f.code === code).map((f) => (/(UN|REQ)-[A-Z]+-\d+/.exec(f.message) ?? [''])[0]).sort();
    expect(idsOf('uncovered-need')).toEqual(groupsOf(reply)['needs-unmet']);
    expect(idsOf('uncovered-requirement')).toEqual(groupsOf(reply)['requirements-not-asked']);
    expect(cli.filter((f) => f.code === 'suspect-link').map((f) => f.message)).toEqual(reply.groups.find((g) => g.key === 'suspect-links')?.entries.map((e) => e.label));

    const requirement = reply.groups[2]?.entries[0];
    const reqs = 'requirements/non-functional/availability.reqs.yaml';
    expect(requirement).toEqual({
      item: { id: 'REQ-AV-006', kind: 'requirements', title: 'Payroll batch window', uri: client.uri(reqs), range: { start: client.position(reqs, 'id: REQ-AV-006', 4), end: client.position(reqs, 'id: REQ-AV-006', 14) }, state: 'uncovered', priority: 'should', status: 'draft' },
      label: 'REQ-AV-006 — Payroll batch window',
      detail: 'Should · draft',
      uri: client.uri(reqs),
      range: { start: client.position(reqs, 'id: REQ-AV-006', 4), end: client.position(reqs, 'id: REQ-AV-006', 14) },
    });
    const waived = reply.groups[5]?.entries[0];
    expect(waived?.detail).toBe('Member administration is delivered by the scheme administrator under a separate Cabinet Office contract. Synergy only supplies data to it (REQ-PAY-008), so this ITT does not ask bidders for it.');
    const suspect = reply.groups[4]?.entries[0];
    const payroll = 'requirements/payroll.reqs.yaml';
    expect(suspect?.range).toEqual({ start: client.position(payroll, 'UN-PAY-005@dbfe0f19c7'), end: client.position(payroll, 'UN-PAY-005@dbfe0f19c7', 21) });
    expect(suspect?.item?.id).toBe('REQ-PAY-009');
  });

  it('follows an unsaved edit: a waiver given takes a requirement from the blocking gaps to the waived ones, and undoing it brings it back', async () => {
    const reqs = 'requirements/non-functional/availability.reqs.yaml';
    const text = client.text(reqs);
    await client.open(reqs, text);
    try {
      await client.change(reqs, text.replace('    status: draft\n    notes: Raised by the payroll controller', '    status: draft\n    waiver: { reason: "Measured in the pilot, not asked of bidders" }\n    notes: Raised by the payroll controller'));
      const after = await client.request<GapsReply>(GAPS_REQUEST, {});
      expect(groupsOf(after)['requirements-not-asked']).toEqual(['REQ-FIN-014', 'REQ-HR-014']);
      expect(groupsOf(after).waived).toEqual(['REQ-AV-006', 'REQ-PAY-013', 'REQ-PRO-012']);
      expect(after.groups.find((g) => g.key === 'waived')?.entries[0]?.detail).toBe('Measured in the pilot, not asked of bidders');
      expect(after.blocking).toBe(9);
    } finally {
      await client.change(reqs, text);
    }
    const undone = await client.request<GapsReply>(GAPS_REQUEST, {});
    expect(groupsOf(undone)['requirements-not-asked']).toEqual(['REQ-AV-006', 'REQ-FIN-014', 'REQ-HR-014']);
    expect(undone.blocking).toBe(10);
    await client.close(reqs);
  });
});

describe('reqtrace/gaps on samples/broken', () => {
  let root: string;
  let client: TestClient;
  beforeAll(async () => {
    root = copySample('broken');
    client = await TestClient.start(root);
  });
  afterAll(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('counts as blocking what the report’s verdict counts: errors of every kind with the gaps, and shows warnings that do not block apart', async () => {
    const reply = await client.request<GapsReply>(GAPS_REQUEST, {});
    expect(reply.groups.map((group) => `${group.key} ${group.entries.length}${group.blocking ? ' blocking' : ''}`)).toEqual([
      'needs-unmet 1 blocking',
      'requirements-not-asked 1 blocking',
      'readiness 4 blocking',
      'errors 17 blocking',
      'suspect-links 1 blocking',
      'readiness-warnings 2',
      'empty-clauses 1',
      'waived 1',
    ]);
    expect(reply.blocking).toBe(24);
    expect(reply.blocking).toBe(verdictBlocking(root));
    const groups = groupsOf(reply);
    expect(groups['needs-unmet']).toEqual(['UN-PAY-003']);
    expect(groups['requirements-not-asked']).toEqual(['REQ-PAY-005']);
    expect(groups.readiness).toEqual(['- weighting-total', '- section-weight-total', 'ITT-6.2 not-agreed', 'REQ-RDY-001 must-not-evaluated']);
    expect(groups['suspect-links']).toEqual(['REQ-HOL-001 suspect-link']);
    expect(groups['empty-clauses']).toEqual(['ITT-3.3']);
    expect(groups.waived).toEqual(['req-fin-004']);
    // Every error the command line reports is there but the readiness ones (in their own group), placeholders raised to errors as tender judges them.
    const cli = cliFindings(root);
    const errors = reply.groups.find((group) => group.key === 'errors')?.entries ?? [];
    expect(errors.map((entry) => entry.label).sort()).toEqual(cli.filter((f) => (f.severity === 'error' && !['weighting-total', 'section-weight-total'].includes(f.code)) || f.code === 'placeholder').map((f) => f.message.split('\n')[0]).sort());
  });
});

describe('reqtrace/gaps on a folder with no requirement files', () => {
  let root: string;
  let client: TestClient;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'reqtrace-empty-'));
    writeFileSync(join(root, 'notes.md'), '# Nothing here yet\n');
    client = await TestClient.start(root);
  });
  afterAll(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('says the folder holds no items, so that the view does not read as an all-clear', async () => {
    const reply = await client.request<GapsReply>(GAPS_REQUEST, {});
    expect(reply).toEqual({ groups: [], blocking: 0, items: 0 });
  });
});
