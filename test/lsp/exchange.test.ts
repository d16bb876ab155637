/**
 * The editor's Export and Import commands over the real protocol: the server renders an output by
 * its exporter's name with the same bytes as `reqtrace export`, lists the importers, and imports as
 * `reqtrace import` does — all files or none, never over an existing file unless forced.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySample, TestClient } from './client';
import type { ExportResult, ImporterInfo, ImportReply } from '../../server/src/lsp/protocol';

const CLI = resolve(__dirname, '../../dist/cli.js');
const EPOCH = '1767225600';

describe('export and import requests', () => {
  let root: string;
  let client: TestClient;
  beforeAll(async () => {
    root = copySample('synergy');
    client = await TestClient.start(root, {}, { env: { SOURCE_DATE_EPOCH: EPOCH } });
  });
  afterAll(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const cli = (...args: string[]): string => cliIn(root, ...args);
  const cliIn = (cwd: string, ...args: string[]): string => execFileSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH } });

  it('renders an output by name with the bytes reqtrace export writes', async () => {
    // Not a report: it says where it was made (the editor, or the command line and its git commit).
    for (const name of ['findings-json', 'coverage-json', 'reqif']) {
      const result = await client.request<ExportResult>('reqtrace/export', { name, outUri: client.uri(`out/${name}.out`) });
      cli('export', name, '.', '--out', `out/${name}.out`);
      const expected = readFileSync(join(root, 'out', `${name}.out`));
      expect(Buffer.from(result.content, result.encoding).equals(expected), name).toBe(true);
      expect(result.items).toBe(220);
    }
  });

  it('refuses an unknown output with the names it has', async () => {
    await expect(client.request('reqtrace/export', { name: 'nope', outUri: client.uri('x') })).rejects.toThrow(/unknown output 'nope': the names are findings-text/);
  });

  it('lists the importers, and imports a ReqIF file as reqtrace import does, never over a file unless forced', async () => {
    const importers = await client.request<ImporterInfo[]>('reqtrace/importers', undefined);
    expect(importers.map((i) => i.name)).toContain('reqif');
    cli('export', 'reqif', '.', '--out', 'out/synergy.reqif');
    const params = { name: 'reqif', sourceUri: client.uri('out/synergy.reqif'), outUri: client.uri('out/imported'), options: {}, force: false };
    const reply = await client.request<ImportReply>('reqtrace/import', params);
    expect(reply.done).toBe(true);
    if (!reply.done) return;
    expect(reply.lines[0]).toMatch(/^Imported 45 needs, 115 requirements and 60 clauses from synergy\.reqif into \d+ files in /);
    expect(reply.written.length).toBe(readdirSync(join(root, 'out', 'imported'), { recursive: true }).filter((f) => String(f).endsWith('.yaml')).length);
    const fromCli = join(root, 'out', 'cli-imported');
    // Run where the file is, so the comment naming the source reads the same as the editor's.
    cliIn(join(root, 'out'), 'import', 'reqif', 'synergy.reqif', '--out', 'cli-imported');
    for (const uri of reply.written) {
      const relative = uri.slice(client.uri('out/imported').length + 1);
      expect(readFileSync(new URL(uri), 'utf8'), relative).toBe(readFileSync(join(fromCli, relative), 'utf8'));
    }

    const first = new URL(reply.written[0] as string);
    writeFileSync(first, 'mine\n');
    const refused = await client.request<ImportReply>('reqtrace/import', params);
    expect(refused).toMatchObject({ done: false, existing: true });
    expect(readFileSync(first, 'utf8')).toBe('mine\n');
    expect((await client.request<ImportReply>('reqtrace/import', { ...params, force: true })).done).toBe(true);
    expect(readFileSync(first, 'utf8')).not.toBe('mine\n');
  });

  it('refuses an unsafe ReqIF file in one line, writing nothing', async () => {
    writeFileSync(join(root, 'out', 'xxe.reqif'), '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<REQ-IF>&x;</REQ-IF>\n');
    const reply = await client.request<ImportReply>('reqtrace/import', { name: 'reqif', sourceUri: client.uri('out/xxe.reqif'), outUri: client.uri('out/xxe'), options: {}, force: false });
    expect(reply).toMatchObject({ done: false, existing: false });
    if (reply.done) return;
    expect(reply.message).not.toContain('\n');
    expect(existsSync(join(root, 'out', 'xxe'))).toBe(false);
  });
});
