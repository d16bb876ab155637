/**
 * A warm start on unchanged files publishes the last start's findings from the parse cache before
 * it loads any item. Whatever happens meanwhile must end where a cold start on the same files
 * ends, and nothing in the cache may stop the server from answering.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentSymbol, Hover } from 'vscode-languageserver-protocol';
import { SAMPLES, TestClient } from './client';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A workspace of `copies` copies of the synergy sample: ids defined many times over, so every file's findings depend on the others. */
function copies(count: number): string {
  const root = tempDir('reqtrace-warm-');
  for (let i = 0; i < count; i++) cpSync(join(SAMPLES, 'synergy'), join(root, `c${i}`), { recursive: true });
  return root;
}

/**
 * A warm start on `root` (its cache primed by a first start) that calls `meanwhile` as its first
 * diagnostics arrive: while it is still publishing from the cache.
 */
async function warmStartWhile(root: string, meanwhile: (client: TestClient) => void): Promise<TestClient> {
  const cacheHome = tempDir('reqtrace-warm-cache-');
  const prime = await TestClient.start(root, {}, { cacheHome });
  await prime.stop();
  let called = false;
  const warm = await TestClient.start(root, {}, {
    cacheHome,
    onPublish: (client) => {
      if (called) return;
      called = true;
      meanwhile(client);
    },
  });
  cleanups.push(() => warm.stop());
  return warm;
}

/** A cold start on `root` as it is now, stopped once it has published. */
async function coldStart(root: string): Promise<TestClient> {
  const cold = await TestClient.start(root, {}, { cacheHome: tempDir('reqtrace-warm-cold-'), env: { REQTRACE_NO_CACHE: '1' } });
  await cold.stop();
  return cold;
}

const published = (client: TestClient): string => JSON.stringify([...client.diagnostics].filter(([, d]) => d.length > 0).sort(([a], [b]) => a.localeCompare(b)));

describe('a warm start', () => {
  it('ends as a cold start does when files change on disk while it publishes from the cache', async () => {
    // Large enough that writing the early diagnostics takes many turns of the event loop.
    const root = copies(10);
    const edited = 'c0/needs/hr.needs.yaml';
    const deleted = 'c1/requirements/hr.reqs.yaml';
    const warm = await warmStartWhile(root, (client) => {
      writeFileSync(join(root, edited), readFileSync(join(root, edited), 'utf8').replace('UN-HR-001', 'UN-HR-901'));
      unlinkSync(join(root, deleted));
      void client.filesChanged([
        { path: edited, type: 2 },
        { path: deleted, type: 3 },
      ]);
    });
    const cold = await coldStart(root);
    const expected = published(cold);
    await warm.waitFor(() => published(warm) === expected, "the cold start's diagnostics");
    const symbols = await warm.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: warm.uri(edited) } });
    expect(JSON.stringify(symbols)).toContain('UN-HR-901');
    expect(JSON.stringify(symbols)).not.toContain('UN-HR-001');
    await warm.waitFor(() => JSON.stringify(warm.coverage.at(-1)) === JSON.stringify(cold.coverage.at(-1)), "the cold start's coverage figures");
    // The changes came in while the cached diagnostics were being written, before any item was loaded.
    expect(warm.logs.join('\n')).toMatch(/Indexed 210 files in .*: 210 from the parse cache, 0 parsed; every finding from the cache, the files being unchanged, published before the items were loaded\./);
  });

  it('ends as a cold start does when the config changes while it publishes from the cache', async () => {
    const root = copies(10);
    const warm = await warmStartWhile(root, (client) => {
      // Only requirements files from now on: the needs leave the workspace.
      writeFileSync(join(root, 'reqtrace.config.yaml'), 'files: ["**/*.reqs.yaml"]\n');
      void client.filesChanged([{ path: 'reqtrace.config.yaml', type: 1 }]);
    });
    const cold = await coldStart(root);
    const expected = published(cold);
    await warm.waitFor(() => published(warm) === expected && JSON.stringify(warm.coverage.at(-1)) === JSON.stringify(cold.coverage.at(-1)), "the cold start's diagnostics and coverage figures");
    expect(cold.coverage.at(-1)).toMatchObject({ needs: 0 });
    const needs = await warm.request<unknown[]>('workspace/symbol', { query: 'UN-HR-001' });
    expect(needs).toEqual([]);
  });

  it('checks every file, and still answers, when the findings kept in the cache cannot be used', async () => {
    const root = copies(1);
    const cacheHome = tempDir('reqtrace-warm-cache-');
    const prime = await TestClient.start(root, {}, { cacheHome });
    await prime.stop();
    // Damage the kept findings (the second frame) in a way that reads back without error.
    const dir = join(cacheHome, 'reqtrace');
    const path = join(dir, readdirSync(dir).find((name) => name.endsWith('.bin')) as string);
    const bytes = readFileSync(path);
    const frames: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 4 + bytes.readUInt32LE(at)) frames.push(bytes.subarray(at + 4, at + 4 + bytes.readUInt32LE(at)));
    const results = deserialize(frames[1] as Buffer) as { findings: [string, { span?: unknown }[]][] };
    const finding = results.findings.find(([, list]) => list.length > 0)?.[1][0];
    expect(finding).toBeDefined();
    delete finding?.span;
    frames[1] = serialize(results);
    writeFileSync(path, Buffer.concat(frames.flatMap((frame) => [Buffer.from(Uint32Array.of(frame.length).buffer), frame])));

    const warm = await TestClient.start(root, {}, { cacheHome });
    cleanups.push(() => warm.stop());
    const hover = await warm.request<Hover>('textDocument/hover', { textDocument: { uri: warm.uri('c0/requirements/hr.reqs.yaml') }, position: warm.position('c0/requirements/hr.reqs.yaml', 'UN-HR-001', 2) });
    expect((hover.contents as { value: string }).value).toContain('UN-HR-001');
    expect(warm.logs.join('\n')).toMatch(/The findings kept in the parse cache could not be used .*; every file is checked\./);
    expect(published(warm)).toBe(published(prime));
  });
});
