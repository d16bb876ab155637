/**
 * The wording rules in the language server: a rule off by default is not run until a setting turns
 * it on (the editor's reqtrace.severity, or rules: in reqtrace.config.yaml), and then its findings
 * arrive without a restart; turned off again, they go.
 */
import { rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySample, TestClient } from './client';

const FILE = 'requirements/non-functional/accessibility.reqs.yaml';
const passive = (diagnostics: readonly Diagnostic[]): Diagnostic[] => diagnostics.filter((d) => d.code === 'passive-voice');

describe('wording rules off by default, in the language server', () => {
  let root: string;
  let client: TestClient;
  beforeAll(async () => {
    root = copySample('synergy');
    client = await TestClient.start(root);
  });
  afterAll(async () => {
    await client?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('finds nothing until the editor setting turns passive-voice on, then finds it at its words, and stops again when it is turned off', async () => {
    const before = await client.waitForDiagnostics(FILE, () => true);
    expect(passive(before)).toEqual([]);
    client.settings = { severity: { 'passive-voice': 'info' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const on = passive(await client.waitForDiagnostics(FILE, (d) => passive(d).length > 0, 'passive-voice turned on'));
    expect(on.map((d) => [d.severity, client.text(FILE).split('\n')[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)])).toEqual([[3, 'shall be audited']]);
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(FILE, (d) => passive(d).length === 0, 'passive-voice off again');
  });

  it('rules: in reqtrace.config.yaml turns one on the same way', async () => {
    writeFileSync(join(root, 'reqtrace.config.yaml'), 'rules:\n  passive-voice: { severity: warning }\n');
    await client.filesChanged([{ path: 'reqtrace.config.yaml', type: 1 }]);
    const on = passive(await client.waitForDiagnostics(FILE, (d) => passive(d).length > 0, 'passive-voice on in the config'));
    expect(on.map((d) => d.severity)).toEqual([2]);
    unlinkSync(join(root, 'reqtrace.config.yaml'));
    await client.filesChanged([{ path: 'reqtrace.config.yaml', type: 3 }]);
    await client.waitForDiagnostics(FILE, (d) => passive(d).length === 0, 'passive-voice off with the config gone');
  });
});
