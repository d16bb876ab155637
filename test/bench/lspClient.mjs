// A small LSP client for the benchmark: starts a language server over stdio as a child process,
// speaks JSON-RPC to it (vscode-languageserver-protocol), and time-stamps every notification on
// arrival, so scenarios can measure "sent at t0 → published at t1". Waits are on notifications,
// each with a timeout, so a server that never answers fails the scenario instead of hanging.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

export const uriOf = (path) => pathToFileURL(path).href;

/** Line and character (UTF-16) of an offset in a text. */
export function positionAt(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

export class TimeoutError extends Error {}

export class LspClient {
  /** uri → [{ t, count, diagnostics }] of every publishDiagnostics, in arrival order. */
  publishes = new Map();
  publishCount = 0;
  /** method → [{ t, params }] of other notifications. */
  notifications = new Map();
  logs = [];
  stderr = '';
  exited = false;
  exitCode = null;
  waiters = [];
  versions = new Map();

  /**
   * @param {object} options
   * @param {string[]} options.argv   node arguments: [flags..., script, '--stdio']
   * @param {object} [options.env]
   * @param {(item: {section?: string, scopeUri?: string}) => unknown} [options.configuration]  answers workspace/configuration
   * @param {string} options.name     for messages
   */
  constructor({ argv, env, configuration, name }) {
    this.name = name;
    this.configuration = configuration ?? (() => null);
    this.spawnedAt = performance.now();
    this.child = spawn(process.execPath, argv, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.pid = this.child.pid;
    this.exit = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exited = true;
        this.exitCode = code ?? signal;
        this.wake();
        resolve();
      });
    });
    this.child.stderr.on('data', (chunk) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-20_000);
    });
    const connection = createProtocolConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.connection = connection;
    connection.onNotification('textDocument/publishDiagnostics', (params) => {
      const t = performance.now();
      let list = this.publishes.get(params.uri);
      if (!list) this.publishes.set(params.uri, (list = []));
      list.push({ t, count: params.diagnostics.length, diagnostics: params.diagnostics });
      this.publishCount++;
      this.wake(params.uri);
    });
    connection.onNotification('window/logMessage', (params) => {
      this.logs.push(params.message);
      if (this.logs.length > 200) this.logs.shift();
    });
    connection.onNotification((method, params) => {
      const t = performance.now();
      let list = this.notifications.get(method);
      if (!list) this.notifications.set(method, (list = []));
      list.push({ t, params });
      this.wake();
    });
    connection.onRequest('workspace/configuration', (params) => params.items.map((item) => this.configuration(item)));
    connection.onRequest((_method) => null);
    connection.onError(() => undefined);
    connection.onClose(() => this.wake());
    connection.listen();
  }

  /** Node running `script --stdio` with these extra node flags. */
  static start(script, { nodeArgs = [], env, configuration, name = script } = {}) {
    return new LspClient({ argv: [...nodeArgs, script, '--stdio'], env, configuration, name });
  }

  /** Re-tests the waiters; a publication of `uri` re-tests only those that wait on no file or on that one. */
  wake(uri) {
    const ready = this.waiters.filter((w) => (uri === undefined || w.uri === undefined || w.uri === uri) && w.check());
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }

  /**
   * Resolves when `check` holds (re-tested on every notification, or with `uri` only on that file's
   * publications, so that hundreds of waiters cost the client little); rejects after the timeout or
   * if the server exits.
   */
  waitFor(check, what, timeoutMs = 30_000, uri = undefined) {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        uri,
        check: () => check() || this.exited,
        resolve: () => {
          clearTimeout(timer);
          if (check()) resolve();
          else reject(new Error(`${this.name} exited (${this.exitCode}) while waiting for ${what}\n${this.tail()}`));
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new TimeoutError(`${this.name}: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  tail() {
    return `stderr: ${this.stderr.slice(-2000)}\nlog: ${this.logs.slice(-10).join('\n')}`;
  }

  /** The first publishDiagnostics of `uri` that arrived at or after `after`, once it has. */
  async publishedAfter(uri, after, timeoutMs = 30_000) {
    const find = () => this.publishes.get(uri)?.find((p) => p.t >= after);
    await this.waitFor(() => Boolean(find()), `diagnostics of ${uri}`, timeoutMs);
    return find();
  }

  /** The first publishDiagnostics of `uri` at or after `after` whose diagnostics pass `test`, once it has arrived. */
  async publishedMatching(uri, after, test, what, timeoutMs = 30_000) {
    const find = () => this.publishes.get(uri)?.find((p) => p.t >= after && test(p.diagnostics));
    await this.waitFor(() => Boolean(find()), `${what} in ${uri}`, timeoutMs, uri);
    return find();
  }

  /** The first notification `method` that arrived at or after `after`, once it has. */
  async notifiedAfter(method, after, timeoutMs = 30_000) {
    const find = () => this.notifications.get(method)?.find((n) => n.t >= after);
    await this.waitFor(() => Boolean(find()), method, timeoutMs);
    return find();
  }

  async initialize(rootPath, capabilities) {
    const rootUri = uriOf(rootPath);
    return this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities,
    });
  }

  notify(method, params) {
    return this.connection.sendNotification(method, params);
  }

  request(method, params) {
    return this.connection.sendRequest(method, params);
  }

  async open(uri, text, languageId = 'yaml') {
    this.versions.set(uri, 1);
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** One incremental change: replace `range` with `text`. Returns the time just before sending. */
  async change(uri, range, text) {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const t0 = performance.now();
    await this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return t0;
  }

  async close(uri) {
    await this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** VmRSS and VmHWM (peak) of the server process in kB, from /proc; undefined where there is no /proc. */
  memory() {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
      return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
    } catch {
      return undefined;
    }
  }

  /** shutdown + exit, then a kill of this process if it lingers. */
  async stop(timeoutMs = 15_000) {
    if (!this.exited) {
      const deadline = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());
      try {
        await Promise.race([this.request('shutdown'), deadline(timeoutMs)]);
        await this.notify('exit');
      } catch {
        // Already gone.
      }
      await Promise.race([this.exit, deadline(5_000)]);
      if (!this.exited) {
        this.child.kill('SIGKILL');
        await this.exit;
      }
    }
    this.connection.dispose();
  }
}
