/**
 * The Matrix view: a webview of need → requirement → clause rows (MATRIX_REQUEST), filtered, sorted
 * and exported as CSV. Show Traceability Matrix opens it beside the editor; it asks for the rows
 * again 400 ms after an edit of a requirement file or a change on disk, and the page keeps the
 * reader's filters, sort and scroll position. The page (matrixPage.ts) may only ask to open a file
 * inside the workspace and to export the rows it shows; the CSV is written here, by the same table
 * logic the page filters with.
 */
import { randomBytes } from 'node:crypto';
import { gzip } from 'node:zlib';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { MATRIX_REQUEST, type MatrixParams, type MatrixReply } from '../../server/src/lsp/protocol';
import { matrixEngine, type MatrixFilter, type MatrixSort, type MatrixTable } from '../../server/src/core/query/matrixTable';
import { matrixPageHtml } from './matrixPage';
import { folderInFocus, isRequirementFile, workspaceFile } from './workspaceFiles';

/** How long the view waits after the last change before it asks for the rows again. */
const REFRESH_MS = 400;

/** What the page last said it shows. */
export interface MatrixPageState {
  readonly filter: MatrixFilter;
  readonly sort?: MatrixSort;
  /** How many rows pass the filter, and how many there are. */
  readonly shown: number;
  readonly total: number;
}
/** How long the page took to draw the rows it was last given. */
export interface MatrixPainted {
  /** From the page receiving the rows to the frame after it drew the first screenful (performance.now in the page). */
  readonly ms: number;
  readonly rows: number;
  /** From asking the server for the rows to that frame (the extension's clock and the page's Date.now). */
  readonly fromRequestMs: number;
}

/** What Show Traceability Matrix resolves with, for tests and keybindings. */
export interface MatrixShown {
  readonly panel: vscode.WebviewPanel;
  /** The rows the view holds now, as the server gave them (the compact reply: items once, rows as indexes). */
  reply(): MatrixReply;
  /** How often the view has been given new rows since it opened. */
  refreshes(): number;
  /** Fires with the rows each time the view is given new ones. */
  readonly onDidRefresh: vscode.Event<MatrixReply>;
  /** Resolves once the page has drawn the rows it holds now. */
  painted(): Promise<MatrixPainted>;
  /** Fires each time the page has drawn rows it was given (a page shown again after being hidden is given them again). */
  readonly onDidPaint: vscode.Event<MatrixPainted>;
  /** What the page last said it shows (undefined until it has said). */
  pageState(): MatrixPageState | undefined;
  /** Sets the page's filter and sort, as a reader would; resolves with what it then shows. */
  setFilter(filter: MatrixFilter, sort?: MatrixSort): Promise<MatrixPageState>;
}

export class MatrixView implements vscode.Disposable {
  private readonly engine = matrixEngine();
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private reply: MatrixReply = { title: '', files: [], items: [], rows: [] };
  /** The reply's JSON text, from which the page's gzipped copy is made (see post). */
  private replyJson = '';
  /** The reply's JSON gzipped, as the page is given it (see post): begun as the reply comes. */
  private packed: Promise<Uint8Array> | undefined;
  /** Why the rows could not be had, when the page has none: it says so instead of 'Loading'. */
  private failure: string | undefined;
  private refreshed = 0;
  /** When the rows the view holds were asked for and came (Date.now), for the UI test's account of the time. */
  private requestedAt = 0;
  private answeredAt = 0;
  private state: MatrixPageState | undefined;
  private paint: { rows: MatrixReply; result?: MatrixPainted; waiters: ((painted: MatrixPainted) => void)[] } | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** How many times the rows have been asked for: an answer to an older question than the last is not shown. */
  private asked = 0;
  /** The folder the page shows: the one in focus when the command was run (see folderInFocus). */
  private folder: vscode.WorkspaceFolder | undefined;
  private readonly refreshedEvent = new vscode.EventEmitter<MatrixReply>();
  private readonly stateEvent = new vscode.EventEmitter<MatrixPageState>();
  private readonly paintEvent = new vscode.EventEmitter<MatrixPainted>();
  private readonly subscriptions: vscode.Disposable[] = [this.refreshedEvent, this.stateEvent, this.paintEvent];

  constructor(readonly client: () => LanguageClient | undefined) {
    const onDisk = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
    this.subscriptions.push(
      vscode.commands.registerCommand('reqtrace.showMatrix', () => this.show()),
      onDisk,
      onDisk.onDidChange(() => this.changed()),
      onDisk.onDidCreate(() => this.changed()),
      onDisk.onDidDelete(() => this.changed()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && isRequirementFile(event.document)) this.changed();
      }),
    );
  }

  /**
   * The command: shows the matrix beside the editor (or brings the open one forward, up to date).
   * The page opens at once, saying it is loading, while the server works the rows out: the two
   * take about as long as each other on 10,000 items, so neither waits for the other.
   */
  async show(): Promise<MatrixShown | undefined> {
    const client = this.client();
    const folder = (this.folder = folderInFocus(this.folder));
    if (!client || !folder) {
      void vscode.window.showWarningMessage('Open a folder of requirement files to see its traceability matrix.');
      return undefined;
    }
    const requestedAt = Date.now();
    const ticket = ++this.asked;
    const asked = this.ask(client, folder);
    if (this.panel) this.panel.reveal(undefined, true);
    else this.panel = this.createPanel(folder.name);
    const panel = this.panel;
    let reply: MatrixReply;
    try {
      reply = await asked;
    } catch (error) {
      const text = `The traceability matrix could not be worked out: ${error instanceof Error ? error.message : String(error)}`;
      void vscode.window.showErrorMessage(text);
      if (this.panel === panel) {
        this.failure = text;
        this.post();
      }
      return undefined;
    }
    // Closed while it loaded: nothing to give the rows to.
    if (this.panel !== panel) return undefined;
    // A refresh asked after this shows its own, newer rows.
    if (ticket === this.asked) {
      this.requestedAt = requestedAt;
      this.answeredAt = Date.now();
      this.give(reply);
    }
    return {
      panel,
      reply: () => this.reply,
      refreshes: () => this.refreshed,
      onDidRefresh: this.refreshedEvent.event,
      painted: () => this.painted(),
      onDidPaint: this.paintEvent.event,
      pageState: () => this.state,
      setFilter: (filter, sort) => this.setFilter(filter, sort),
    };
  }

  /**
   * Export the filtered rows as CSV: the rows the page shows (its filter and sort, or those given),
   * written where the user chooses; `target` given (a test, a keybinding) skips the dialog.
   * Resolves with the file written.
   */
  async exportCsv(target?: vscode.Uri, filter?: MatrixFilter, sort?: MatrixSort): Promise<vscode.Uri | undefined> {
    // The open page's folder; with none open, the folder in focus.
    const folder = this.panel ? this.folder : folderInFocus(this.folder);
    const client = this.client();
    // With the view closed, the rows are asked for now (and every row is written unless a filter is given).
    const table: MatrixTable = this.panel || !client || !folder ? this.reply : await this.ask(client, folder);
    const chosenFilter = filter ?? (this.panel ? this.state?.filter : undefined) ?? {};
    const chosenSort = filter ? sort : (sort ?? (this.panel ? this.state?.sort : undefined));
    const rows = this.engine.sortRows(table, this.engine.filterRows(table, chosenFilter), chosenSort);
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        title: 'Export the filtered rows of the matrix as CSV',
        saveLabel: 'Export',
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder.uri, 'traceability-matrix.csv') } : {}),
        filters: { 'CSV (opens in Excel)': ['csv'] },
      }));
    if (!uri) return undefined;
    await vscode.workspace.fs.writeFile(uri, Buffer.from(this.engine.csv(table, rows), 'utf8'));
    void vscode.window.setStatusBarMessage(`${rows.length} ${rows.length === 1 ? 'row' : 'rows'} of the matrix saved to ${vscode.workspace.asRelativePath(uri)}`, 5000);
    return uri;
  }

  /** Something the matrix shows may have changed: it is asked for again after a pause, while it is open. */
  changed(): void {
    if (!this.panel) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, REFRESH_MS);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.panel?.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private async refresh(): Promise<void> {
    const client = this.client();
    // The page keeps the folder it was opened on, while that folder is open.
    const folder = this.folder && vscode.workspace.getWorkspaceFolder(this.folder.uri);
    const panel = this.panel;
    if (!client || !folder || !panel) return;
    const requestedAt = Date.now();
    const ticket = ++this.asked;
    // A failure here (the server restarting) leaves the rows shown; the next change asks again.
    const reply = await this.ask(client, folder).catch(() => undefined);
    if (!reply || this.panel !== panel || ticket !== this.asked) return;
    this.requestedAt = requestedAt;
    this.answeredAt = Date.now();
    this.give(reply);
  }

  private ask(client: LanguageClient, folder: vscode.WorkspaceFolder): Promise<MatrixReply> {
    return client.sendRequest<MatrixReply>(MATRIX_REQUEST, { folderUri: client.code2ProtocolConverter.asUri(folder.uri) } satisfies MatrixParams);
  }

  /** Holds the rows and gives them to the page, unless it has these already. */
  private give(reply: MatrixReply): void {
    const json = JSON.stringify(reply);
    if (json === this.replyJson) return;
    this.reply = reply;
    this.replyJson = json;
    this.packed = gzipped(json);
    // A failure is the page's to hear about (post); one never posted is not an unhandled rejection.
    this.packed.catch(() => undefined);
    this.failure = undefined;
    this.refreshed++;
    if (this.panel) this.panel.title = `Matrix: ${reply.title}`;
    this.post();
    this.refreshedEvent.fire(reply);
  }

  /**
   * Gives the page the rows: the reply's JSON, gzipped. Bytes (an ArrayBuffer) go from the extension
   * host to the page as one block, where the same rows as objects were copied object by object on
   * each hop (most of a second on 10,000 items in code-server); gzipped, they are a fifth of the
   * size (1.8 MB → 0.4 MB on 10,000 items, in 16 ms off the extension host's thread), which is what
   * counts when the page is in a browser at the other end of a connection (code-server, a remote).
   */
  private post(): void {
    const panel = this.panel;
    if (!panel || !this.ready) return;
    if (this.failure !== undefined) void panel.webview.postMessage({ type: 'failed', text: this.failure });
    // Not yet come: they are posted when they do.
    if (this.replyJson === '' || !this.packed) return;
    const reply = this.reply;
    this.paint = { rows: reply, waiters: this.paint && !this.paint.result ? this.paint.waiters : [] };
    void this.packed.then((bytes) => {
      // Newer rows, or a page closed or loaded again since: those are posted in their turn.
      if (this.reply !== reply || this.panel !== panel || !this.ready) return;
      void panel.webview.postMessage({ type: 'rows', gzip: bytes, timing: { requestedAt: this.requestedAt, answeredAt: this.answeredAt, postedAt: Date.now() } });
    }, (error: unknown) => {
      // zlib refusing the text: the page says so rather than waiting for rows that never come.
      if (this.reply !== reply || this.panel !== panel) return;
      void panel.webview.postMessage({ type: 'failed', text: `The rows could not be packed for this page: ${error instanceof Error ? error.message : String(error)}` });
    });
  }

  private painted(): Promise<MatrixPainted> {
    if (this.paint?.result && this.paint.rows === this.reply) return Promise.resolve(this.paint.result);
    if (!this.paint || this.paint.rows !== this.reply) this.paint = { rows: this.reply, waiters: [] };
    const paint = this.paint;
    return new Promise((resolve) => paint.waiters.push(resolve));
  }

  private setFilter(filter: MatrixFilter, sort?: MatrixSort): Promise<MatrixPageState> {
    const panel = this.panel;
    if (!panel) return Promise.reject(new Error('the matrix is not open'));
    // The page answers with its state; a state it sends for another reason (new rows) is not the answer.
    const wanted = JSON.stringify([this.engine.cleanFilter(filter), this.engine.cleanSort(sort) ?? null]);
    return new Promise((resolve) => {
      const subscription = this.stateEvent.event((state) => {
        if (JSON.stringify([state.filter, state.sort ?? null]) !== wanted) return;
        subscription.dispose();
        resolve(state);
      });
      void panel.webview.postMessage({ type: 'setFilter', filter, sort: sort ?? null });
    });
  }

  private createPanel(title: string): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel('reqtrace.matrix', `Matrix: ${title}`, vscode.ViewColumn.Beside, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [],
    });
    this.ready = false;
    this.state = undefined;
    panel.webview.html = matrixPageHtml(randomBytes(18).toString('base64'));
    panel.onDidDispose(() => {
      if (this.panel !== panel) return;
      this.panel = undefined;
      this.ready = false;
      this.state = undefined;
      this.paint = undefined;
      this.replyJson = '';
      this.packed = undefined;
      this.failure = undefined;
      this.refreshed = 0;
    });
    panel.webview.onDidReceiveMessage((message: unknown) => this.received(message));
    return panel;
  }

  /** The page's messages, each checked: anything else, or anything malformed, is ignored. */
  private async received(message: unknown): Promise<void> {
    const { type } = (message ?? {}) as { type?: unknown };
    if (type === 'ready') {
      // The page loaded, or loaded again after being hidden: it is given the rows it shows.
      this.ready = true;
      this.post();
    } else if (type === 'state') {
      const { filter, sort, shown, total } = message as { filter?: unknown; sort?: unknown; shown?: unknown; total?: unknown };
      const cleanSort = this.engine.cleanSort(sort);
      this.state = { filter: this.engine.cleanFilter(filter), ...(cleanSort ? { sort: cleanSort } : {}), shown: Number(shown) || 0, total: Number(total) || 0 };
      this.stateEvent.fire(this.state);
    } else if (type === 'painted') {
      const { ms, rows, paintedAt } = message as { ms?: unknown; rows?: unknown; paintedAt?: unknown };
      if (!this.paint || typeof ms !== 'number' || typeof rows !== 'number' || rows !== this.paint.rows.rows.length) return;
      const result = { ms, rows, fromRequestMs: typeof paintedAt === 'number' ? paintedAt - this.requestedAt : NaN };
      this.paint.result = result;
      for (const waiter of this.paint.waiters.splice(0)) waiter(result);
      this.paintEvent.fire(result);
    } else if (type === 'exportCsv') {
      const { filter, sort } = message as { filter?: unknown; sort?: unknown };
      await this.exportCsv(undefined, this.engine.cleanFilter(filter), this.engine.cleanSort(sort));
    } else if (type === 'open') {
      // Beside the matrix, not over it.
      await openItem(message, this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    }
  }
}

/** A text gzipped, on libuv's threads (the fastest level: the point is fewer bytes to send, soon). */
function gzipped(text: string): Promise<Uint8Array> {
  // A plain Uint8Array over the Buffer's bytes: VS Code sends typed arrays as bytes by their constructor's name, and a Buffer's is not one it knows.
  return new Promise((resolve, reject) => gzip(text, { level: 1 }, (error, bytes) => (error ? reject(error) : resolve(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)))));
}

/** Opens an item the page names, at its id: only a file inside the workspace, at a place given as numbers. */
async function openItem(message: unknown, viewColumn: vscode.ViewColumn): Promise<void> {
  const { uri, range } = message as { uri?: unknown; range?: { start?: { line?: unknown; character?: unknown }; end?: { line?: unknown; character?: unknown } } };
  const place = [range?.start?.line, range?.start?.character, range?.end?.line, range?.end?.character];
  const target = workspaceFile(uri);
  if (!target || !place.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)) return;
  const [startLine, startCharacter, endLine, endCharacter] = place as number[];
  const selection = new vscode.Range(startLine ?? 0, startCharacter ?? 0, endLine ?? 0, endCharacter ?? 0);
  // A file gone since the rows were sent: nothing to open.
  await vscode.workspace.openTextDocument(target).then(
    (document) => vscode.window.showTextDocument(document, { viewColumn, selection }),
    () => undefined,
  );
}
