import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createProtocolConnection, IPCMessageReader, IPCMessageWriter, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { copySample, SERVER, uriOf } from './client';

describe('the server over node IPC (as the VS Code client starts it)', () => {
  const root = copySample('broken');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('initializes and publishes diagnostics', async () => {
    const child = fork(SERVER, ['--node-ipc'], { silent: true });
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const published = new Map<string, PublishDiagnosticsParams>();
    const done = new Promise<void>((resolve) => {
      connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
        published.set(params.uri, params);
        if (params.uri.endsWith('payroll.reqs.yaml')) resolve();
      });
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    const result = await connection.sendRequest<{ serverInfo: { name: string } }>('initialize', { processId: process.pid, rootUri: uriOf(root), workspaceFolders: [{ uri: uriOf(root), name: 'ws' }], capabilities: {} });
    expect(result.serverInfo.name).toBe('reqtrace');
    await connection.sendNotification('initialized', {});
    await done;
    expect(published.get(uriOf(`${root}/requirements/payroll.reqs.yaml`))?.diagnostics.map((d) => d.code)).toContain('broken-link');
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    connection.dispose();
    child.kill();
  });
});
