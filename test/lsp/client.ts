/**
 * A real LSP client for tests: starts the built server (dist/server.js --stdio) as a child process
 * and speaks JSON-RPC to it. Waits are on notifications, never on time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';

export const SERVER = resolve(__dirname, '../../dist/server.js');
export const SAMPLES = resolve(__dirname, '../../samples');

/** A copy of a sample workspace in a temporary folder, so tests can edit and delete files. */
export function copySample(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `reqtrace-lsp-${name}-`));
  cpSync(join(SAMPLES, name), dir, { recursive: true });
  return dir;
}

export const uriOf = (path: string): string => pathToFileURL(path).href;

/** Applies LSP text edits to a text, as an editor does (edits sorted last first, so offsets stay valid). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  // Lines end after '\n', or after a '\r' that no '\n' follows: CRLF is one line end.
  const lines = text.split(/(?<=\n|\r(?!\n))/);
  const offset = (p: { line: number; character: number }): number => lines.slice(0, p.line).join('').length + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let result = text;
  for (const edit of sorted) result = result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end));
  return result;
}

/** A diagnostic's message as text (LSP 3.18 allows markup there too). */
export const messageOf = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

const CACHE_HOME = mkdtempSync(join(tmpdir(), 'reqtrace-cache-'));

interface Waiter {
  readonly check: () => boolean;
  readonly resolve: () => void;
}

export class TestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly coverage: unknown[] = [];
  readonly logs: string[] = [];
  /** Every publishDiagnostics, in order. */
  readonly history: PublishDiagnosticsParams[] = [];
  private waiters: Waiter[] = [];
  private versions = new Map<string, number>();
  settings: Record<string, unknown> = {};

  private constructor(
    readonly root: string,
    private readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {}

  /** `launcher`: a command and its arguments that run the server (setpriv, say), before node and the server's path. */
  static async start(root: string, settings: Record<string, unknown> = {}, options: { watchFiles?: boolean; snippetEdits?: boolean; openAtOnce?: string; cacheHome?: string; env?: Record<string, string>; onPublish?: (client: TestClient, params: PublishDiagnosticsParams) => void; server?: string; launcher?: readonly string[]; initializationOptions?: unknown } = {}): Promise<TestClient> {
    const [command, ...args] = [...(options.launcher ?? []), process.execPath, options.server ?? SERVER, '--stdio'];
    // Each test run keeps its parse caches to itself.
    const child = spawn(command ?? process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, XDG_CACHE_HOME: options.cacheHome ?? CACHE_HOME, ...options.env } });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new TestClient(root, child, connection);
    client.settings = settings;
    child.stderr?.on('data', (chunk: Buffer) => client.logs.push(chunk.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      client.diagnostics.set(params.uri, params.diagnostics);
      client.history.push(params);
      options.onPublish?.(client, params);
      client.wake();
    });
    connection.onNotification('reqtrace/coverage', (summary: unknown) => {
      client.coverage.push(summary);
      client.wake();
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      client.logs.push(params.message);
    });
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => client.settings));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uriOf(root),
      workspaceFolders: [{ uri: uriOf(root), name: 'ws' }],
      ...(options.initializationOptions !== undefined ? { initializationOptions: options.initializationOptions } : {}),
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: options.watchFiles ?? true }, workspaceEdit: { documentChanges: true, ...(options.snippetEdits ? { snippetEditSupport: true } : {}) } },
        textDocument: { publishDiagnostics: { relatedInformation: true }, rename: { prepareSupport: true } },
        window: { workDoneProgress: true },
      },
    });
    await connection.sendNotification('initialized', {});
    // As Neovim does: open a file before the server has indexed the workspace.
    if (options.openAtOnce) await client.open(options.openAtOnce);
    // The first coverage figures arrive once the whole workspace is indexed.
    await client.waitFor(() => client.coverage.length > 0, 'initial indexing');
    return client;
  }

  private wake(): void {
    const ready = this.waiters.filter((w) => w.check());
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const waiter of ready) waiter.resolve();
  }

  /** Resolves when `check` holds, re-tested on every notification; fails after the test timeout. */
  waitFor(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}\nserver log:\n${this.logs.join('')}`)), timeoutMs);
      this.waiters.push({ check, resolve: () => (clearTimeout(timer), resolvePromise()) });
    });
  }

  async waitForDiagnostics(path: string, check: (diagnostics: Diagnostic[]) => boolean, what = path): Promise<Diagnostic[]> {
    const uri = this.uri(path);
    await this.waitFor(() => check(this.diagnostics.get(uri) ?? []), `diagnostics of ${what}`);
    return this.diagnostics.get(uri) ?? [];
  }

  uri(path: string): string {
    return uriOf(join(this.root, path));
  }

  text(path: string): string {
    return readFileSync(join(this.root, path), 'utf8');
  }

  async open(path: string, text = this.text(path)): Promise<void> {
    this.versions.set(path, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri(path), languageId: 'yaml', version: 1, text } });
  }

  async change(path: string, text: string): Promise<void> {
    const version = (this.versions.get(path) ?? 1) + 1;
    this.versions.set(path, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri(path), version }, contentChanges: [{ text }] });
  }

  async close(path: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: this.uri(path) } });
  }

  async filesChanged(changes: { path: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ uri: this.uri(c.path), type: c.type })) });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params);
  }

  /** Position of the n-th occurrence of `needle` in a file, plus `delta` characters. */
  position(path: string, needle: string, delta = 0, nth = 0): { line: number; character: number } {
    const text = this.text(path);
    let offset = -1;
    for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`${needle} not found in ${path}`);
    offset += delta;
    const before = text.slice(0, offset).split(/\r\n|\r|\n/);
    return { line: before.length - 1, character: (before[before.length - 1] ?? '').length };
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone.
    }
    this.connection.dispose();
    this.child.kill();
  }
}
