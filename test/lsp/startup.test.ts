import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hover } from 'vscode-languageserver-protocol';
import { copySample, messageOf, SAMPLES, SERVER, TestClient } from './client';

describe('the server at start-up and without a watching client', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('publishes nothing about a file opened at once until the workspace is indexed, and answers from the whole index', async () => {
    const root = copySample('broken');
    const path = 'requirements/payroll.reqs.yaml';
    const client = await TestClient.start(root, {}, { openAtOnce: path });
    cleanups.push(() => client.stop(), () => rmSync(root, { recursive: true, force: true }));
    const uri = client.uri(path);
    const first = client.history.find((p) => p.uri === uri);
    expect(first?.diagnostics.map((d) => d.code).sort()).toEqual(['broken-link', 'orphan-requirement', 'parent-cycle', 'parent-cycle', 'uncovered-requirement']);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: client.position(path, 'UN-PAY-001', 2) });
    expect((hover.contents as { value: string }).value).toContain('Pay everyone correctly and on time');
  });

  it('watches the folder itself when the editor cannot, and follows a file deleted and created on disk', async () => {
    const root = copySample('broken');
    const client = await TestClient.start(root, {}, { watchFiles: false });
    cleanups.push(() => client.stop(), () => rmSync(root, { recursive: true, force: true }));
    const needs = 'needs/payroll.needs.yaml';
    const text = client.text(needs);
    unlinkSync(join(root, needs));
    await client.waitForDiagnostics('requirements/payroll.reqs.yaml', (d) => d.some((x) => messageOf(x).startsWith('UN-PAY-001 does not exist')));
    writeFileSync(join(root, needs), text);
    await client.waitForDiagnostics('requirements/payroll.reqs.yaml', (d) => !d.some((x) => messageOf(x).startsWith('UN-PAY-001 does not exist')));
    // A folder copied in at once: its files are read, whatever the watcher saw of them.
    cpSync(join(root, 'needs'), join(root, 'copied', 'needs'), { recursive: true });
    await client.waitForDiagnostics('copied/needs/payroll.needs.yaml', (d) => d.some((x) => x.code === 'duplicate-id'));
    await client.waitForDiagnostics(needs, (d) => d.some((x) => x.code === 'duplicate-id'));
  });
});

describe('warm start', () => {
  it('a start on an unchanged workspace parses and checks nothing; after a change the changed file is parsed again and every file checked', async () => {
    const root = copySample('synergy');
    const cacheHome = mkdtempSync(join(tmpdir(), 'reqtrace-warm-'));
    try {
      const first = await TestClient.start(root, {}, { cacheHome });
      await first.stop();
      expect(first.logs.join('\n')).toMatch(/Indexed 21 files in .*: 0 from the parse cache, 21 parsed\./);
      writeFileSync(join(root, 'needs/hr.needs.yaml'), `${first.text('needs/hr.needs.yaml')}# edited\n`);
      const second = await TestClient.start(root, {}, { cacheHome });
      await second.stop();
      expect(second.logs.join('\n')).toMatch(/Indexed 21 files in .*: 20 from the parse cache, 1 parsed\./);
      // Unchanged since the second start: the findings and coverage figures come from the cache too,
      // published before the items are loaded, and the same; a request made at once waits for the index.
      const third = await TestClient.start(root, {}, { cacheHome });
      const hover = await third.request<Hover>('textDocument/hover', { textDocument: { uri: third.uri('requirements/hr.reqs.yaml') }, position: third.position('requirements/hr.reqs.yaml', 'UN-HR-001', 2) });
      await third.stop();
      expect((hover.contents as { value: string }).value).toContain('UN-HR-001');
      expect(third.logs.join('\n')).toMatch(/Indexed 21 files in .*: 21 from the parse cache, 0 parsed; every finding from the cache, the files being unchanged, published before the items were loaded\./);
      expect(second.logs.join('\n')).not.toMatch(/every finding from the cache/);
      expect([...third.diagnostics].sort()).toEqual([...second.diagnostics].sort());
      expect(third.coverage[0]).toEqual(second.coverage[0]);
      expect([...third.diagnostics.values()].flat().length).toBeGreaterThan(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(cacheHome, { recursive: true, force: true });
    }
  });
});

describe('the parse cache and builds', () => {
  it('is not used by a server built differently, even under the same version number', async () => {
    const root = copySample('synergy');
    const cacheHome = mkdtempSync(join(tmpdir(), 'reqtrace-build-'));
    const other = join(mkdtempSync(join(tmpdir(), 'reqtrace-build-server-')), 'server.js');
    writeFileSync(other, `${readFileSync(SERVER, 'utf8')}\n// another build\n`);
    const env = { NODE_PATH: join(__dirname, '..', '..', 'node_modules') };
    try {
      const logOf = async (server: string): Promise<string> => {
        const client = await TestClient.start(root, {}, { cacheHome, server, env });
        await client.stop();
        return client.logs.join('\n');
      };
      expect(await logOf(SERVER)).toMatch(/: 0 from the parse cache, 21 parsed\./);
      expect(await logOf(SERVER)).toMatch(/: 21 from the parse cache, 0 parsed; every finding from the cache/);
      expect(await logOf(other)).toMatch(/: 0 from the parse cache, 21 parsed\./);
      expect(await logOf(other)).toMatch(/: 21 from the parse cache, 0 parsed; every finding from the cache/);
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(cacheHome, { recursive: true, force: true });
      rmSync(dirname(other), { recursive: true, force: true });
    }
  });
});

describe('parse threads', () => {
  it('REQTRACE_JOBS=3 parses on three threads and publishes exactly what the main thread alone does', async () => {
    // Four copies of a sample (84 files) pass the threshold at which the threads start.
    const root = mkdtempSync(join(tmpdir(), 'reqtrace-threads-'));
    for (const copy of ['a', 'b', 'c', 'd']) cpSync(join(SAMPLES, 'synergy'), join(root, copy), { recursive: true });
    const run = async (jobs: string): Promise<{ published: [string, unknown][]; log: string }> => {
      const cacheHome = mkdtempSync(join(tmpdir(), 'reqtrace-threads-cache-'));
      try {
        const client = await TestClient.start(root, {}, { cacheHome, env: { REQTRACE_JOBS: jobs } });
        await client.stop();
        return { published: [...client.diagnostics].sort(([a], [b]) => a.localeCompare(b)), log: client.logs.join('\n') };
      } finally {
        rmSync(cacheHome, { recursive: true, force: true });
      }
    };
    try {
      const single = await run('1');
      const pooled = await run('3');
      expect(single.log).toMatch(/Indexed 84 files in .*: 0 from the parse cache, 84 parsed\./);
      expect(pooled.log).toMatch(/Indexed 84 files in .*: 0 from the parse cache, 84 parsed on 3 threads\./);
      expect(single.published.length).toBe(84);
      expect(JSON.stringify(single.published)).toContain('duplicate-id');
      expect(pooled.published).toEqual(single.published);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
