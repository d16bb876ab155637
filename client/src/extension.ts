/**
 * The VS Code extension: starts the reqtrace language server and registers the UI — the coverage
 * report command and webview, the status bar figure, and the references command of code lenses.
 * All analysis happens in the server.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { COVERAGE_NOTIFICATION, REPORT_REQUEST, type CoverageSummary, type ReportParams, type ReportResult } from '../../server/src/lsp/protocol';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6012'] } },
  };
  const outputChannel = vscode.window.createOutputChannel('Requirements', { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'reqtrace-yaml' },
      { scheme: 'file', language: 'yaml' },
    ],
    outputChannel,
    synchronize: { configurationSection: 'reqtrace' },
  };
  client = new LanguageClient('reqtrace', 'Requirements', serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  status.command = 'reqtrace.generateReport';
  status.name = 'Requirements coverage';
  context.subscriptions.push(status, outputChannel);

  context.subscriptions.push(
    vscode.commands.registerCommand('reqtrace.generateReport', () => generateReport(context)),
    vscode.commands.registerCommand('reqtrace.showReferences', async (uri: string, position: { line: number; character: number }, locations: unknown[]) => {
      if (!client) return;
      const converter = client.protocol2CodeConverter;
      await vscode.commands.executeCommand(
        'editor.action.showReferences',
        vscode.Uri.parse(uri),
        converter.asPosition(position),
        locations.map((l) => converter.asLocation(l as Parameters<typeof converter.asLocation>[0])),
      );
    }),
    vscode.commands.registerCommand('reqtrace.restartServer', () => client?.restart()),
  );

  client.onNotification(COVERAGE_NOTIFICATION, (summary: CoverageSummary) => {
    if (summary.needs === 0 && summary.requirements === 0) {
      status.hide();
      return;
    }
    status.text = `$(checklist) Needs traced ${summary.tracedPercent}%`;
    status.tooltip = `${summary.traced} of ${summary.needs} user needs traced end to end (need → requirement → ITT clause); ${summary.requirementsCovered} requirements covered by the ITT, ${summary.waived} waived. Click for the coverage report.`;
    status.show();
  });
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** Asks the server for the report, writes it (HTML and Markdown) and shows it in a webview. */
async function generateReport(context: vscode.ExtensionContext): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!client || !folder) {
    void vscode.window.showWarningMessage('Open a folder of requirement files to generate a coverage report.');
    return;
  }
  const outputFolder = vscode.workspace.getConfiguration('reqtrace', folder.uri).get<string>('report.outputFolder', 'coverage-report');
  const reportDir = vscode.Uri.joinPath(folder.uri, outputFolder);
  const nonce = randomBytes(18).toString('base64');
  const params: ReportParams = { folderUri: client.code2ProtocolConverter.asUri(folder.uri), reportDirUri: client.code2ProtocolConverter.asUri(reportDir), webviewNonce: nonce };
  const report = await client.sendRequest<ReportResult>(REPORT_REQUEST, params);
  await vscode.workspace.fs.createDirectory(reportDir);
  const htmlUri = vscode.Uri.joinPath(reportDir, 'coverage.html');
  await vscode.workspace.fs.writeFile(htmlUri, Buffer.from(report.html, 'utf8'));
  await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(reportDir, 'coverage.md'), Buffer.from(report.markdown, 'utf8'));

  const panel = vscode.window.createWebviewPanel('reqtrace.report', `Coverage: ${report.title}`, vscode.ViewColumn.Beside, {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [],
  });
  panel.webview.html = report.webviewHtml ?? report.html;
  panel.webview.onDidReceiveMessage(
    async (message: unknown) => {
      // Only one message is known, and it may only open files inside the workspace.
      const { type, uri, line } = (message ?? {}) as { type?: unknown; uri?: unknown; line?: unknown };
      if (type !== 'open' || typeof uri !== 'string' || typeof line !== 'number' || !Number.isInteger(line)) return;
      const target = vscode.Uri.parse(uri, true);
      if (target.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(target)) return;
      const document = await vscode.workspace.openTextDocument(target);
      const position = new vscode.Position(Math.max(0, line - 1), 0);
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
    },
    undefined,
    context.subscriptions,
  );
  void vscode.window.setStatusBarMessage(`Coverage report written to ${vscode.workspace.asRelativePath(htmlUri)}`, 5000);
}
