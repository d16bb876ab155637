/**
 * The coverage report in the editor. Generate Coverage Report shows it in a webview beside the
 * editor and keeps it up to date: after an edit of a requirement file, or a change of one on disk, it
 * asks for the report again after a pause and shows it where the reader had scrolled to. Nothing is written into the workspace unless the user has set
 * `reqtrace.report.outputFolder`; Save Report As… writes HTML or Markdown where the user chooses.
 * The webview runs one script (allowed by a fresh nonce), loads nothing, and may only ask to open a
 * file inside the workspace.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { REPORT_REQUEST, type ReportParams, type ReportResult } from '../../server/src/lsp/protocol';
import { folderInFocus, isRequirementFile, workspaceFile } from './workspaceFiles';

/** How long the report waits after the last change before it asks for the report again. */
const REFRESH_MS = 400;

/** What Generate Coverage Report resolves with, for tests and keybindings. */
export interface ReportShown {
  readonly panel: vscode.WebviewPanel;
  /** The files the command wrote: none unless `reqtrace.report.outputFolder` is set. */
  readonly written: readonly vscode.Uri[];
  /** The report the webview shows now. */
  html(): string;
  /** How often the webview has been given a new report since it opened. */
  refreshes(): number;
  /** Fires with the report each time the webview is given a new one. */
  readonly onDidRefresh: vscode.Event<string>;
}

/** The one report panel, kept up to date while it is open. */
export class ReportView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** The folder the report is of: the one in focus when the command was run (see folderInFocus). */
  private folder: vscode.WorkspaceFolder | undefined;
  private shown = '';
  private refreshed = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly refreshedEvent = new vscode.EventEmitter<string>();
  private readonly subscriptions: vscode.Disposable[] = [this.refreshedEvent];

  constructor(private readonly client: () => LanguageClient | undefined) {
    // Edits in the editor, and files changed, created or deleted on disk (a git checkout, a pull).
    const onDisk = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
    this.subscriptions.push(
      onDisk,
      onDisk.onDidChange(() => this.changed()),
      onDisk.onDidCreate(() => this.changed()),
      onDisk.onDidDelete(() => this.changed()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && isRequirementFile(event.document)) this.changed();
      }),
    );
  }

  /** Something the report shows may have changed: it is asked for again after a pause, while it is open. */
  changed(): void {
    if (!this.panel) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, REFRESH_MS);
  }

  /** The command: shows the report (or brings the open one forward, up to date) and writes it only to a folder the user has set. */
  async show(): Promise<ReportShown | undefined> {
    const client = this.client();
    const folder = (this.folder = folderInFocus(this.folder));
    if (!client || !folder) {
      void vscode.window.showWarningMessage('Open a folder of requirement files to see its coverage report.');
      return undefined;
    }
    const written = await this.writeToSetFolder(client, folder);
    const report = await this.ask(client, folder);
    // The open panel is brought forward where it is; a new one opens beside the editor, titled.
    if (this.panel) this.panel.reveal(undefined, true);
    else this.panel = this.createPanel(`Coverage: ${report.title}`);
    this.showReport(this.panel, report);
    const panel = this.panel;
    return { panel, written, html: () => this.shown, refreshes: () => this.refreshed, onDidRefresh: this.refreshedEvent.event };
  }

  /**
   * Save Report As…: HTML (self-contained, no scripts), Markdown, or the bidder workbook (Export
   * Bidder Workbook…), by the name the user gives.
   * `target` given (a test, a keybinding) skips the dialog. Resolves with the file written.
   */
  async saveAs(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const client = this.client();
    // The open report's folder; with none open, the folder in focus.
    const folder = this.panel ? this.folder : folderInFocus(this.folder);
    if (!client || !folder) {
      void vscode.window.showWarningMessage('Open a folder of requirement files to save its coverage report.');
      return undefined;
    }
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        title: 'Save the coverage report',
        saveLabel: 'Save Report',
        defaultUri: vscode.Uri.joinPath(folder.uri, 'coverage.html'),
        filters: { 'HTML (a page to open in a browser or print)': ['html', 'htm'], Markdown: ['md'], 'Bidder workbook (Excel)': ['xlsx'] },
      }));
    if (!uri) return undefined;
    // The bidder workbook is its own export, refused as it is under readiness: tender.
    if (/\.xlsx$/i.test(uri.path)) return vscode.commands.executeCommand<vscode.Uri | undefined>('reqtrace.exportWorkbook', uri, undefined, folder);
    const markdown = /\.(md|markdown)$/i.test(uri.path);
    const report = await requestReport(client, folder, vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, Buffer.from(markdown ? report.markdown : report.html, 'utf8'));
    void vscode.window.setStatusBarMessage(`Coverage report saved to ${vscode.workspace.asRelativePath(uri)}`, 5000);
    return uri;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.panel?.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  /** Asks the server for the report again and shows it, if the panel is still open. */
  private async refresh(): Promise<void> {
    const client = this.client();
    // The report keeps the folder it was opened on, while that folder is open.
    const folder = this.folder && vscode.workspace.getWorkspaceFolder(this.folder.uri);
    const panel = this.panel;
    if (!client || !folder || !panel) return;
    const report = await this.ask(client, folder);
    // Closed, or closed and opened again, while the server was answering.
    if (this.panel === panel) this.showReport(panel, report);
  }

  /** The report for a webview, with its one script allowed by a fresh nonce. */
  private ask(client: LanguageClient, folder: vscode.WorkspaceFolder): Promise<ReportResult> {
    return requestReport(client, folder, folder.uri, randomBytes(18).toString('base64'));
  }

  /** Gives the webview a report unless it shows the same one; the page's script puts the reader back where they had scrolled to. */
  private showReport(panel: vscode.WebviewPanel, report: ReportResult): void {
    panel.title = `Coverage: ${report.title}`;
    const html = report.webviewHtml ?? report.html;
    // The nonce differs each time: the same report with another nonce is the same report.
    const same = html.replace(/nonce-[^']*'|nonce="[^"]*"/g, '') === this.shown.replace(/nonce-[^']*'|nonce="[^"]*"/g, '');
    if (same) return;
    this.shown = html;
    this.refreshed++;
    panel.webview.html = html;
    this.refreshedEvent.fire(html);
  }

  private createPanel(title: string): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel('reqtrace.report', title, vscode.ViewColumn.Beside, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [],
    });
    panel.onDidDispose(() => {
      if (this.panel !== panel) return;
      this.panel = undefined;
      this.shown = '';
      this.refreshed = 0;
    });
    panel.webview.onDidReceiveMessage(async (message: unknown) => {
      // Only one message is known, and it may only open files inside the workspace.
      const { type, uri, line } = (message ?? {}) as { type?: unknown; uri?: unknown; line?: unknown };
      const target = type === 'open' ? workspaceFile(uri) : undefined;
      if (!target || typeof line !== 'number' || !Number.isInteger(line)) return;
      const position = new vscode.Position(Math.max(0, line - 1), 0);
      // A file gone since the report was made: nothing to open, and nothing to throw at the webview.
      await vscode.workspace.openTextDocument(target).then(
        (document) => vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) }),
        () => undefined,
      );
    });
    return panel;
  }

  /**
   * When the user has set `reqtrace.report.outputFolder` (in any scope: it has no default), the
   * report is also written there as coverage.html and coverage.md; otherwise nothing is written.
   */
  private async writeToSetFolder(client: LanguageClient, folder: vscode.WorkspaceFolder): Promise<vscode.Uri[]> {
    const setting = vscode.workspace.getConfiguration('reqtrace', folder.uri).inspect<string>('report.outputFolder');
    // An untrusted workspace's own value is not used (the setting is restricted: see package.json).
    const outputFolder = vscode.workspace.isTrusted ? (setting?.workspaceFolderValue ?? setting?.workspaceValue ?? setting?.globalValue) : setting?.globalValue;
    if (typeof outputFolder !== 'string' || outputFolder.trim() === '') return [];
    const reportDir = vscode.Uri.joinPath(folder.uri, outputFolder);
    const report = await requestReport(client, folder, reportDir);
    await vscode.workspace.fs.createDirectory(reportDir);
    const html = vscode.Uri.joinPath(reportDir, 'coverage.html');
    const markdown = vscode.Uri.joinPath(reportDir, 'coverage.md');
    await vscode.workspace.fs.writeFile(html, Buffer.from(report.html, 'utf8'));
    await vscode.workspace.fs.writeFile(markdown, Buffer.from(report.markdown, 'utf8'));
    void vscode.window.setStatusBarMessage(`Coverage report written to ${vscode.workspace.asRelativePath(html)}`, 5000);
    return [html, markdown];
  }
}

/** The folder's report from the server, its links relative to `reportDir`; with a nonce, with the webview's copy too. */
function requestReport(client: LanguageClient, folder: vscode.WorkspaceFolder, reportDir: vscode.Uri, webviewNonce?: string): Promise<ReportResult> {
  return client.sendRequest<ReportResult>(REPORT_REQUEST, {
    folderUri: client.code2ProtocolConverter.asUri(folder.uri),
    reportDirUri: client.code2ProtocolConverter.asUri(reportDir),
    ...(webviewNonce ? { webviewNonce } : {}),
  } satisfies ReportParams);
}
