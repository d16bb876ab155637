/**
 * `readiness: tender` and the editor's Export Bidder Workbook… over the real protocol: the server
 * refuses `reqtrace/export` of the workbook as `reqtrace export matrix` does (its one line, and the
 * ids not agreed as data for the client to list), writes it with `draft: true` (the bytes of the
 * CLI's `--draft`, marked as a draft), and writes it as before once the config says `drafting`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { ResponseError } from 'vscode-languageserver-protocol/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchFolders } from '../cli/scratch';
import { TestClient } from './client';
import { EXPORT_REFUSED, type ExportParams, type ExportRefusedData, type ExportResult } from '../../server/src/lsp/protocol';

const CLI = resolve(__dirname, '../../dist/cli.js');
const EPOCH = '1767225600';
const scratch = scratchFolders('reqtrace-lsp-readiness-');

const requirement = (id: string, status: string): string =>
  `  - id: ${id}\n    title: Pay staff\n    statement: The solution shall pay staff on the agreed date.\n    type: functional\n    priority: should\n    status: ${status}\n`;
const IDS = ['REQ-1', 'REQ-2', 'REQ-3', 'REQ-4', 'REQ-5', 'REQ-6', 'REQ-7', 'REQ-8'];
const STATUS = (i: number): string => (i % 4 === 0 ? 'agreed' : i % 2 === 0 ? 'draft' : 'proposed');
const NOT_AGREED = ['REQ-2', 'REQ-3', 'REQ-4', 'REQ-6', 'REQ-7', 'REQ-8'];

/** The CLI run in `cwd` with the server's SOURCE_DATE_EPOCH: its exit status, stderr, and the file it wrote. */
function cli(cwd: string, ...args: string[]): { status: number | null; stderr: string; out: () => Buffer } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH, NO_COLOR: '1' } });
  return { status: result.status, stderr: result.stderr, out: () => readFileSync(join(cwd, 'out.xlsx')) };
}

/** The first column of the Instructions sheet, row by row, as a second reader (exceljs) sees it. */
async function instructionsOf(bytes: Buffer): Promise<string[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Uint8Array.from(bytes).buffer);
  const sheet = book.getWorksheet('Instructions');
  const rows: string[] = [];
  sheet?.eachRow({ includeEmpty: true }, (row) => {
    const { value } = row.getCell(1);
    rows.push(typeof value === 'string' ? value : JSON.stringify(value ?? ''));
  });
  return rows;
}

describe('reqtrace/export under readiness: tender', () => {
  let root: string;
  let client: TestClient;
  const matrix = (extra: Partial<ExportParams> = {}): Promise<ExportResult> => client.request<ExportResult>('reqtrace/export', { name: 'matrix', outUri: client.uri('out.xlsx'), ...extra } satisfies ExportParams);
  const bytesOf = (result: ExportResult): Buffer => Buffer.from(result.content, result.encoding);

  beforeAll(async () => {
    root = scratch({
      'reqtrace.config.yaml': 'readiness: tender\n',
      'sor/pay.reqs.yaml': `kind: requirements\nitems:\n${IDS.map((id, i) => requirement(id, STATUS(i))).join('')}`,
      'sor/s.itt.yaml': `kind: itt\nitems:\n  - id: ITT-1\n    title: Pay\n    text: Describe how you pay staff.\n    response: pass-fail\n    covers: [${IDS.join(', ')}]\n    status: agreed\n`,
    });
    client = await TestClient.start(root, {}, { env: { SOURCE_DATE_EPOCH: EPOCH } });
  });
  afterAll(async () => {
    await client.stop();
  });

  it('refuses the workbook with its own code, the command line\'s one line, and every id not agreed as data', async () => {
    const refused = await matrix().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ResponseError);
    const error = refused as ResponseError<ExportRefusedData>;
    expect(error.code).toBe(EXPORT_REFUSED);
    const fromCli = cli(root, 'export', 'matrix', '.', '--out', 'out.xlsx');
    expect(fromCli.status).toBe(2);
    expect(`reqtrace: ${error.message}\n`).toBe(fromCli.stderr);
    expect(error.message).toContain('6 requirements asked of bidders are not agreed (REQ-2, REQ-3, REQ-4, REQ-6, REQ-7 and 1 more)');
    expect(error.data).toEqual({ notAgreed: NOT_AGREED });
    // Outputs that are not for bidders are not refused, and draft means nothing to them.
    const reqif = await client.request<ExportResult>('reqtrace/export', { name: 'reqif', outUri: client.uri('out.reqif'), draft: true } satisfies ExportParams);
    expect(bytesOf(reqif).toString('utf8')).toContain('<REQ-IF');
  });

  it('writes it with draft: true, the bytes of the command line\'s --draft, marked as a draft on its Instructions sheet', async () => {
    const result = await matrix({ draft: true });
    expect(result.encoding).toBe('base64');
    const fromCli = cli(root, 'export', 'matrix', '.', '--out', 'out.xlsx', '--draft');
    expect(fromCli.stderr).toBe('');
    expect(bytesOf(result).equals(fromCli.out())).toBe(true);
    const rows = await instructionsOf(bytesOf(result));
    expect(rows[0]).toBe('DRAFT — not for issue: 6 requirements asked of bidders are not agreed.');
    expect(rows[1]).toMatch(/^Not agreed: REQ-2, REQ-3, REQ-4, REQ-6, REQ-7 and 1 more\. /);
  });

  it('writes it as before, with no draft mark, once the config says readiness: drafting', async () => {
    writeFileSync(join(root, 'reqtrace.config.yaml'), 'readiness: drafting\n');
    await client.filesChanged([{ path: 'reqtrace.config.yaml', type: 2 }]);
    // not-agreed is an error under tender and an info while drafting: the server has read the new config.
    await client.waitForDiagnostics('sor/s.itt.yaml', (diagnostics) => diagnostics.length > 0 && diagnostics.every((d) => d.code !== 'not-agreed' || d.severity === 3), 'not-agreed lowered to info');
    const result = await matrix();
    const fromCli = cli(root, 'export', 'matrix', '.', '--out', 'out.xlsx');
    expect(fromCli.status).toBe(0);
    expect(bytesOf(result).equals(fromCli.out())).toBe(true);
    const rows = await instructionsOf(bytesOf(result));
    expect(rows.join('\n')).not.toContain('DRAFT');
    expect(rows[0]).toBe(root.split('/').pop());
  });
});
