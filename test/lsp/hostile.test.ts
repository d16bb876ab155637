/**
 * The language server on the hostile corpus (test/fixtures/hostile): it indexes the workspace with
 * every hostile input in it, publishes the good file's findings, reports the hostile files, and
 * still answers hover and definition after hostile files are opened and edited as documents.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSymbol, Hover, Location } from 'vscode-languageserver-protocol';
import { makeCorpusWorkspace, NESTING_DEPTH, removeCorpusWorkspace, WITHOUT_READ_OVERRIDE } from '../fixtures/hostile/corpus';
import { messageOf, TestClient } from './client';

/** What a Node stack trace line looks like. */
const STACK = /^\s+at /m;

describe('language server on the hostile corpus', () => {
  let root: string;
  let client: TestClient;
  beforeAll(async () => {
    root = makeCorpusWorkspace();
    // As root, the server runs without root's right to read any file, so unreadable.reqs.yaml is refused to it.
    client = await TestClient.start(root, {}, { launcher: WITHOUT_READ_OVERRIDE });
  }, 30_000);
  afterAll(async () => {
    await client?.stop();
    removeCorpusWorkspace(root);
  });

  const summary = (path: string): string[] => (client.diagnostics.get(client.uri(path)) ?? []).map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}: ${messageOf(d)}`);

  it("publishes the good file's findings, exactly as when it is alone", async () => {
    await client.waitForDiagnostics('good.reqs.yaml', (d) => d.length === 3);
    expect(summary('good.reqs.yaml')).toEqual([
      "3:8 uncovered-requirement: No ITT clause covers REQ-GOOD-001, so bidders are never asked for it: add it to a clause's 'covers' or give it a waiver with a reason.",
      "9:8 uncovered-requirement: No ITT clause covers REQ-GOOD-002, so bidders are never asked for it: add it to a clause's 'covers' or give it a waiver with a reason.",
      '15:16 broken-link: UN-GOOD-01 does not exist: no need has this id. Did you mean UN-GOOD-001?',
    ]);
  });

  it('reports the files it cannot read, with the reason, instead of hanging on them', async () => {
    const expected: Record<string, string> = {
      'y.reqs.yaml': '0:0 unreadable-file: This is a named pipe (FIFO), not a file, so reqtrace did not read it.',
      'link-loop-a.reqs.yaml': '0:0 unreadable-file: reqtrace could not read this file: too many symbolic links (a link loop?).',
      'nested/up.reqs.yaml': '0:0 unreadable-file: This is a folder, not a file, so reqtrace did not read it.',
      'too-large.reqs.yaml': '0:0 file-too-large: This file is larger than the 5 MB limit, so reqtrace did not read it. Split it into smaller files.',
      'nul-bytes.reqs.yaml': '0:0 unreadable-file: This file is not text (it contains NUL bytes), so reqtrace did not read it.',
      'alias-bomb.needs.yaml': '3:7 yaml-limit: This file\'s YAML aliases expand to more than 100 copies (a "billion laughs" pattern), so reqtrace did not read its values.',
      'unreadable.reqs.yaml': '0:0 unreadable-file: reqtrace could not read this file: permission denied.',
    };
    for (const [path, finding] of Object.entries(expected)) {
      await client.waitForDiagnostics(path, (d) => d.length > 0);
      expect(summary(path), path).toEqual([finding]);
    }
    // Nothing is indexed through the folder link nested/up -> .., nor from the folder named x.reqs.yaml.
    expect([...client.diagnostics.keys()].filter((uri) => uri.startsWith(client.uri('nested/up/')) || uri.startsWith(client.uri('x.reqs.yaml')))).toEqual([]);
  });

  it('answers hover and definition after hostile files are opened and edited as documents', async () => {
    const hostile = ['alias-bomb.needs.yaml', 'deep-nesting.needs.yaml', 'nul-bytes.reqs.yaml', 'lookalike-hyphen.reqs.yaml', 'long-id.reqs.yaml', 'top-level-scalar.reqs.yaml', 'tabs.reqs.yaml'];
    for (const path of hostile) await client.open(path);
    // Edits go through the incremental re-parse, which must cope as well as a whole parse does.
    await client.change('deep-nesting.needs.yaml', `kind: needs\nitems:\n${'- '.repeat(NESTING_DEPTH)}x\n`);
    await client.change('lookalike-hyphen.reqs.yaml', client.text('lookalike-hyphen.reqs.yaml').replace('parent: REQ‐GOOD‐001', 'parent: REQ–GOOD–001'));
    // An editor may send a file over the size limit as a buffer: it is refused from memory too.
    await client.open('too-large.reqs.yaml', readFileSync(join(root, 'too-large.reqs.yaml'), 'utf8'));

    // The en dash (U+2013) in the edited link is named, as the hyphen was.
    const lookalike = await client.waitForDiagnostics('lookalike-hyphen.reqs.yaml', (d) => d.some((x) => messageOf(x).includes('U+2013')));
    expect(lookalike.find((d) => d.code === 'broken-link' && messageOf(d).includes('U+2013'))?.range).toEqual({ start: { line: 14, character: 12 }, end: { line: 14, character: 24 } });
    // The edited nesting (a hundred thousand '- ' on the third line) is one yaml-limit finding there, not a crash.
    await client.waitForDiagnostics('deep-nesting.needs.yaml', (d) => d.length === 1 && d[0]?.code === 'yaml-limit' && d[0].range.start.line === 2 && d[0].range.start.character === 0);

    // Every hostile document still gets answers about itself.
    for (const path of [...hostile, 'too-large.reqs.yaml']) {
      const symbols = await client.request<DocumentSymbol[] | null>('textDocument/documentSymbol', { textDocument: { uri: client.uri(path) } });
      expect(Array.isArray(symbols), path).toBe(true);
      await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: client.uri(path) }, position: { line: 1, character: 3 } });
    }
    expect(summary('too-large.reqs.yaml')).toEqual(['0:0 file-too-large: This file is larger than the 5 MB limit, so reqtrace did not read it. Split it into smaller files.']);

    const good = 'good.reqs.yaml';
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri(good) }, position: client.position(good, 'satisfies: [UN-GOOD-001]', 14) });
    expect((hover.contents as { value: string }).value).toContain('One employee record');
    const definition = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: client.uri(good) }, position: client.position(good, 'satisfies: [UN-GOOD-001]', 14) });
    expect(definition).toEqual([{ uri: client.uri('good.needs.yaml'), range: { start: { line: 3, character: 8 }, end: { line: 3, character: 19 } } }]);
    expect(client.logs.join('')).not.toMatch(STACK);
  }, 30_000);
});
