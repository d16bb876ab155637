/**
 * Typing in one open document changes the findings of files that are not open: the server must
 * publish those files again, both when the edit breaks their links and when it mends them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient } from './client';

const FILES: Record<string, string> = {
  'n.needs.yaml': 'kind: needs\nitems:\n  - id: UN-1\n    title: T\n    as: a clerk\n    need: I need to pay people\n    so-that: staff are paid\n',
  'r.reqs.yaml': 'kind: requirements\nitems:\n  - id: REQ-1\n    title: T\n    statement: The solution shall pay people.\n    type: functional\n    priority: must\n    satisfies: [UN-1]\n    status: agreed\n',
  'c.itt.yaml': 'kind: itt\nitems:\n  - id: ITT-1\n    title: T\n    text: Describe how.\n    response: pass-fail\n    covers: [REQ-1]\n',
};

describe('files re-published after typing in another', () => {
  let root: string;
  let client: TestClient;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'reqtrace-republish-'));
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(root, name), text);
    client = await TestClient.start(root);
  });
  afterAll(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('an id renamed in an open document breaks the link in an unopened file, and renaming it back mends it', async () => {
    const clause = client.uri('c.itt.yaml');
    const publishesOfClause = (): Diagnostic[][] => client.history.filter((p) => p.uri === clause).map((p) => p.diagnostics);
    // Nothing is wrong at the start, so nothing has been published for the clause file.
    expect(client.diagnostics.get(clause) ?? []).toEqual([]);

    await client.open('r.reqs.yaml');
    await client.change('r.reqs.yaml', FILES['r.reqs.yaml']!.replace('id: REQ-1', 'id: REQ-2'));
    const broken = await client.waitForDiagnostics('c.itt.yaml', (d) => d.length > 0, 'the broken link in the unopened clause file');
    expect(broken).toEqual([
      {
        range: { start: { line: 2, character: 8 }, end: { line: 2, character: 13 } },
        severity: 2,
        code: 'empty-clause',
        source: 'reqtrace',
        message: 'ITT-1 covers nothing: every requirement it lists is missing, of the wrong kind or withdrawn, so it asks bidders for nothing.',
      },
      {
        range: { start: { line: 6, character: 13 }, end: { line: 6, character: 18 } },
        severity: 1,
        code: 'broken-link',
        source: 'reqtrace',
        message: 'REQ-1 does not exist: no requirement has this id. Did you mean REQ-2?',
        data: { missingId: 'REQ-1', targetKind: 'requirements', suggestion: 'REQ-2' },
      },
    ]);

    await client.change('r.reqs.yaml', FILES['r.reqs.yaml']!);
    await client.waitForDiagnostics('c.itt.yaml', (d) => d.length === 0, 'the mended link in the unopened clause file');
    expect(publishesOfClause()).toEqual([broken, []]);
  });
});
