/**
 * The matrix request (reqtrace/matrix) over the real server on samples/synergy: its rows are the
 * coverage report's matrix, path by path, each item with its place, state, priority and status, and
 * they follow an unsaved edit. The reply is compact (each file and item once, rows as indexes): the
 * tests read it back into rows of items with `expand` and compare those, and check the compact form itself.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATRIX_REQUEST, type MatrixItem, type MatrixReply } from '../../server/src/lsp/protocol';
import { copySample, TestClient } from './client';

const CLI = resolve(__dirname, '../../dist/cli.js');

interface Ref {
  readonly id: string;
  readonly title: string;
  readonly uri: string;
  readonly line: number;
}
interface ReportMatrix {
  readonly matrix: readonly { readonly need: Ref & { departments: string[] }; readonly requirements: readonly { requirement: Ref; clauses: readonly Ref[] }[] }[];
  readonly requirementsWithoutNeed: readonly { requirement: Ref; clauses: readonly Ref[] }[];
}

/** An item of a row, read back from the reply: its file's URI and its id's range written out. */
interface RowItem extends Omit<MatrixItem, 'file' | 'at'> {
  readonly uri: string;
  readonly range: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };
}
interface Row {
  readonly need?: RowItem;
  readonly requirement?: RowItem;
  readonly clause?: RowItem;
}
/** The reply's rows with their items in place of the indexes. */
function expand(reply: MatrixReply): Row[] {
  const items = reply.items.map(({ file, at, ...rest }): RowItem => ({ ...rest, uri: reply.files[file] as string, range: { start: { line: at[0], character: at[1] }, end: { line: at[2], character: at[3] } } }));
  return reply.rows.map(([need, requirement, clause]) => {
    const row: { need?: RowItem; requirement?: RowItem; clause?: RowItem } = {};
    if (need >= 0) row.need = items[need];
    if (requirement >= 0) row.requirement = items[requirement];
    if (clause >= 0) row.clause = items[clause];
    return row;
  });
}

/** A row as "need > requirement > clause", a dash for what it has none of. */
const key = (row: Row): string => [row.need?.id ?? '-', row.requirement?.id ?? '-', row.clause?.id ?? '-'].join(' > ');

describe('reqtrace/matrix on samples/synergy', () => {
  let root: string;
  let client: TestClient;
  let reply: MatrixReply;
  let rows: Row[];
  beforeAll(async () => {
    root = copySample('synergy');
    client = await TestClient.start(root);
    reply = await client.request<MatrixReply>(MATRIX_REQUEST, {});
    rows = expand(reply);
  });
  afterAll(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('has a row for every need → requirement → clause path of the coverage report, in its order', () => {
    const report = (JSON.parse(execFileSync(process.execPath, [CLI, 'report', root, '--format', 'json'], { encoding: 'utf8' })) as { matrix: ReportMatrix['matrix']; requirementsWithoutNeed: ReportMatrix['requirementsWithoutNeed'] });
    const expected: string[] = [];
    const paths = (need: string, traces: ReportMatrix['requirementsWithoutNeed']): void => {
      if (traces.length === 0) expected.push(`${need} > - > -`);
      for (const { requirement, clauses } of traces) {
        if (clauses.length === 0) expected.push(`${need} > ${requirement.id} > -`);
        for (const clause of clauses) expected.push(`${need} > ${requirement.id} > ${clause.id}`);
      }
    };
    for (const row of report.matrix) paths(row.need.id, row.requirements);
    for (const trace of report.requirementsWithoutNeed) paths('-', [trace]);
    expect(rows.map(key)).toEqual(expected);
    expect(rows).toHaveLength(152);
    expect(reply.title).toMatch(/^reqtrace-lsp-synergy-/);
  });

  it('names each file and each item once, and each row its items by index', () => {
    // Every index points at something; every item and file is used.
    const used = new Set(reply.rows.flat().filter((at) => at >= 0));
    expect(reply.rows.every((row) => row.length === 3 && row.every((at) => Number.isInteger(at) && at >= -1 && at < reply.items.length))).toBe(true);
    expect(used.size).toBe(reply.items.length);
    expect(new Set(reply.items.map((item) => item.file)).size).toBe(reply.files.length);
    // Once each: no two items at the same place, no file twice.
    expect(new Set(reply.items.map((item) => `${item.file}:${item.at.join(',')}`)).size).toBe(reply.items.length);
    expect(new Set(reply.files).size).toBe(reply.files.length);
    expect(reply.files.every((uri) => uri.startsWith(client.uri('')))).toBe(true);
    // UN-FIN-007 is on two rows: one item.
    expect(reply.items.filter((item) => item.id === 'UN-FIN-007')).toHaveLength(1);
    // Only the clause's column has a response, only the need's departments.
    expect(reply.rows.every(([need, requirement]) => [need, requirement].every((at) => at < 0 || reply.items[at]?.response === undefined))).toBe(true);
    expect(reply.rows.every(([, requirement, clause]) => [requirement, clause].every((at) => at < 0 || reply.items[at]?.departments === undefined))).toBe(true);
  });

  it('writes out a need with its requirements and clauses as the YAML has them', () => {
    const finance = client.uri('needs/finance.needs.yaml');
    const fin = rows.filter((row) => row.need?.id === 'UN-FIN-007');
    expect(fin.map(key)).toEqual(['UN-FIN-007 > REQ-FIN-012 > ITT-3.3.6', 'UN-FIN-007 > REQ-FIN-014 > -']);
    const need: RowItem = { id: 'UN-FIN-007', title: 'Look after fixed assets properly', uri: finance, range: { start: client.position('needs/finance.needs.yaml', 'UN-FIN-007'), end: client.position('needs/finance.needs.yaml', 'UN-FIN-007', 10) }, state: 'traced', priority: 'must', status: expect.any(String) as string, departments: ['DEFRA', 'MOJ', 'HO', 'DWP'] };
    const reqs = 'requirements/finance.reqs.yaml';
    const itt = 'itt/section-3-functional.itt.yaml';
    expect(fin[0]).toEqual({
      need,
      requirement: { id: 'REQ-FIN-012', title: 'Fixed asset register', uri: client.uri(reqs), range: { start: client.position(reqs, 'id: REQ-FIN-012', 4), end: client.position(reqs, 'id: REQ-FIN-012', 15) }, state: 'covered', priority: 'must', status: 'agreed' },
      clause: { id: 'ITT-3.3.6', title: 'Cash, fixed assets and recharges', uri: client.uri(itt), range: { start: client.position(itt, 'id: ITT-3.3.6', 4), end: client.position(itt, 'id: ITT-3.3.6', 13) }, state: 'covered', status: 'agreed', response: 'scored', weighting: 3 },
    });
    expect(fin[1]).toEqual({
      need,
      requirement: { id: 'REQ-FIN-014', title: 'IFRS 16 lease accounting', uri: client.uri(reqs), range: { start: client.position(reqs, 'id: REQ-FIN-014', 4), end: client.position(reqs, 'id: REQ-FIN-014', 15) }, state: 'uncovered', priority: 'should', status: 'draft' },
    });
    // The same need on both rows is one item of the reply.
    const needAt = reply.items.findIndex((item) => item.id === 'UN-FIN-007');
    expect(reply.rows.filter((row) => row[0] === needAt)).toHaveLength(2);
  });

  it('gives the needs no requirement meets a row without a requirement, and the requirements no clause covers a row without a clause', () => {
    const unmet = rows.filter((row) => !row.requirement);
    expect(unmet.map(key)).toEqual(['UN-EXP-007 > - > -', 'UN-REP-007 > - > -']);
    expect(unmet[0]).toMatchObject({ need: { title: 'Claim overseas expenses in local currency', state: 'uncovered', priority: 'should', departments: ['HO', 'DEFRA'] } });
    const notAsked = rows.filter((row) => row.requirement && !row.clause).map(key);
    for (const path of ['UN-FIN-007 > REQ-FIN-014 > -', 'UN-HR-008 > REQ-HR-014 > -', 'UN-PAY-001 > REQ-AV-006 > -']) expect(notAsked).toContain(path);
    // Waived requirements have no clause either, and say so in their state.
    expect(rows.find((row) => row.requirement?.id === 'REQ-PAY-013')?.requirement?.state).toBe('waived');
    // A requirement that satisfies no need: its rows have no need (and so no departments).
    const orphan = rows.filter((row) => !row.need);
    expect(orphan).toHaveLength(21);
    expect(orphan[0]).toMatchObject({ requirement: { id: 'REQ-ACC-002' }, clause: { id: 'ITT-4.2.1' } });
    expect(reply.rows.filter((row) => row[0] < 0)).toHaveLength(21);
  });

  it('follows an unsaved edit: a clause that now covers REQ-FIN-014 fills its row', async () => {
    const itt = 'itt/section-3-functional.itt.yaml';
    const text = client.text(itt);
    const edited = text.replace('      - REQ-FIN-013@3a562ddfd8\n', '      - REQ-FIN-013@3a562ddfd8\n      - REQ-FIN-014\n');
    expect(edited).not.toBe(text);
    await client.open(itt);
    await client.change(itt, edited);
    const after = expand(await client.request<MatrixReply>(MATRIX_REQUEST, {}));
    const row = after.find((r) => r.need?.id === 'UN-FIN-007' && r.requirement?.id === 'REQ-FIN-014');
    expect(row && key(row)).toBe('UN-FIN-007 > REQ-FIN-014 > ITT-3.3.6');
    expect(row?.requirement?.state).toBe('covered');
    expect(after).toHaveLength(152);
    await client.change(itt, text);
    const undone = await client.request<MatrixReply>(MATRIX_REQUEST, {});
    expect(expand(undone)).toEqual(rows);
  });
});
