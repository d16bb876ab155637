/**
 * The VS Code extension: starts the reqtrace language server, restarts it when it crashes, and
 * registers the UI — the coverage report (report.ts), Compare with Baseline (baseline.ts),
 * the status bar figure, and the references command of code lenses. All analysis happens in the server.
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  ResponseError,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  COVERAGE_NOTIFICATION,
  EXPORT_REFUSED,
  EXPORT_REQUEST,
  IMPORT_REQUEST,
  IMPORTERS_REQUEST,
  type CoverageSummary,
  type ExportParams,
  type ExportRefusedData,
  type ExportResult,
  type ImporterInfo,
  type ImportParams,
  type ImportReply,
} from '../../server/src/lsp/protocol';
import { BaselineView } from './baseline';
import { ReportView } from './report';
import { TraceExplorer } from './traceExplorer';
import { GapsView } from './gapsView';
import { MatrixView } from './matrixView';
import { folderInFocus, trackFolderInFocus } from './workspaceFiles';

let client: LanguageClient | undefined;

/** What activate() returns: enough for the extension-host tests to crash the server and watch it recover. */
export interface ReqtraceApi {
  /** The process id of the running language server, if one is running. */
  serverPid(): number | undefined;
  /** How often the server was restarted after a crash, and how often the user was told that it was restarted or given up on. */
  crashCounts(): CrashCounts;
  /** The warnings an export refused under `readiness: tender` showed, or would have shown had a test not answered them, oldest first. */
  refusalWarnings(): readonly RefusalWarning[];
  /** The views, for tests to read what they show. */
  readonly views: { readonly traceExplorer: TraceExplorer; readonly gaps: GapsView; readonly matrix: MatrixView };
}

/** The modal warning of a refused export: its message and the text under it. */
export interface RefusalWarning {
  readonly message: string;
  readonly detail: string;
}

/**
 * The answer an Export command gives, without asking, when `readiness: tender` refuses it: for tests
 * and keybindings, as `target` stands in for the save dialog.
 */
export type RefusalAnswer = 'draft' | 'cancel';

export interface CrashCounts {
  restarts: number;
  restartNotices: number;
  stopNotices: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<ReqtraceApi> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6012'] } },
  };
  const outputChannel = vscode.window.createOutputChannel('Requirements', { log: true });
  const crashHandler = new CrashHandler(outputChannel, () => restartServer());
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'reqtrace-yaml' },
      { scheme: 'file', language: 'yaml' },
    ],
    outputChannel,
    synchronize: { configurationSection: 'reqtrace' },
    errorHandler: crashHandler,
    // Read at each start: the server reads git history only in a trusted workspace.
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted }),
  };
  const languageClient = new LanguageClient('reqtrace', 'Requirements', serverOptions, clientOptions);
  client = languageClient;

  /** A restart the user asks for starts the crash count again; a client that gave up only needs starting. */
  async function restartServer(): Promise<void> {
    crashHandler.forgetCrashes();
    await (languageClient.state === State.Stopped ? languageClient.start() : languageClient.restart());
  }

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  status.command = 'reqtrace.generateReport';
  status.name = 'Requirements coverage';
  context.subscriptions.push(status, outputChannel, trackFolderInFocus());
  // Trust granted: start the server again, now told it may read git history.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void restartServer()));
  const refusalWarnings: RefusalWarning[] = [];
  const baselineView = new BaselineView(() => client);
  const reportView = new ReportView(() => client);
  const views = { traceExplorer: new TraceExplorer(() => client), gaps: new GapsView(() => client), matrix: new MatrixView(() => client) };

  context.subscriptions.push(
    vscode.commands.registerCommand('reqtrace.generateReport', () => reportView.show()),
    // A file given (by a test or a keybinding) skips the save dialog.
    vscode.commands.registerCommand('reqtrace.saveReportAs', (target?: unknown) => reportView.saveAs(target instanceof vscode.Uri ? target : undefined)),
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
    vscode.commands.registerCommand('reqtrace.restartServer', restartServer),
    vscode.commands.registerCommand('reqtrace.exportReqif', (target?: vscode.Uri, answer?: RefusalAnswer) => exportTo('reqif', { ReqIF: ['reqif'] }, refusalWarnings, target, answer)),
    vscode.commands.registerCommand('reqtrace.exportWorkbook', (target?: vscode.Uri, answer?: RefusalAnswer, folder?: vscode.WorkspaceFolder) => exportTo('matrix', { 'Excel workbook': ['xlsx'] }, refusalWarnings, target, answer, folder)),
    vscode.commands.registerCommand('reqtrace.import', (request?: ImportRequest) => importFrom(outputChannel, request)),
    // A revision given (by a test or a keybinding) skips the pick; menus may pass other arguments.
    vscode.commands.registerCommand('reqtrace.compareWithBaseline', (base?: unknown) => baselineView.compare(typeof base === 'string' ? base : undefined)),
    baselineView,
    reportView,
    views.traceExplorer,
    views.gaps,
    views.matrix,
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
  await languageClient.start();
  return { serverPid: () => languageClient.serverProcess?.pid, crashCounts: () => ({ ...crashHandler.counts }), refusalWarnings: () => [...refusalWarnings], views };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

const MAX_CRASHES = 4;
const CRASH_WINDOW_MS = 3 * 60 * 1000;
const MAX_CONNECTION_ERRORS = 3;

/**
 * The client's error handler. A crashed server is restarted until it has crashed MAX_CRASHES times
 * within CRASH_WINDOW_MS; then it stays stopped and the user is told, with a way to restart it.
 * Every restart is logged, but only the first of a session is shown: a server that crashes now and
 * then should not interrupt the user each time.
 */
class CrashHandler implements ErrorHandler {
  readonly counts: CrashCounts = { restarts: 0, restartNotices: 0, stopNotices: 0 };
  private crashTimes: number[] = [];

  constructor(
    private readonly outputChannel: vscode.LogOutputChannel,
    private readonly restartServer: () => Promise<void>,
  ) {}

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashTimes = [...this.crashTimes.filter((time) => now - time < CRASH_WINDOW_MS), now];
    if (this.crashTimes.length >= MAX_CRASHES) {
      const message = `The Requirements server crashed ${this.crashTimes.length} times in the last ${CRASH_WINDOW_MS / 60000} minutes and was not restarted.`;
      void this.tellStopped(message);
      return { action: CloseAction.DoNotRestart, message, handled: true };
    }
    this.counts.restarts++;
    if (this.counts.restartNotices === 0) {
      this.counts.restartNotices++;
      void vscode.window
        .showWarningMessage('The Requirements server crashed and is being restarted. Later restarts are only logged, in the Requirements output.', 'Show log')
        .then((choice) => choice && this.outputChannel.show(true));
    }
    // The client logs this message to the output channel; `handled` keeps it from showing it as well.
    const message = `The server stopped unexpectedly and is being restarted (crash ${this.crashTimes.length} in ${CRASH_WINDOW_MS / 60000} minutes; at ${MAX_CRASHES} it is not restarted).`;
    return { action: CloseAction.Restart, message, handled: true };
  }

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    // The client logs the error; a message lost now and then is no reason to stop the server.
    if ((count ?? 1) <= MAX_CONNECTION_ERRORS) return { action: ErrorAction.Continue, handled: true };
    const message = `The connection to the Requirements server failed ${count} times in a row; the server was stopped.`;
    void this.tellStopped(message);
    return { action: ErrorAction.Shutdown, message, handled: true };
  }

  forgetCrashes(): void {
    this.crashTimes = [];
  }

  private async tellStopped(message: string): Promise<void> {
    this.counts.stopNotices++;
    const choice = await vscode.window.showErrorMessage(message, 'Restart', 'Show log');
    if (choice === 'Show log') this.outputChannel.show(true);
    if (choice === 'Restart') await this.restartServer().catch((error: unknown) => this.outputChannel.error('Restarting the server failed:', error));
  }
}

/**
 * Export: asks the server for the output named `name` (the same exporter as `reqtrace export
 * <name>`), and writes it where the user chooses — or to `target` when a test or a keybinding gives
 * one. Under `readiness: tender` the server refuses an output for bidders while requirements asked
 * of them are not agreed, as the command line does; the user is then warned, and may export a draft
 * (marked as one) or write nothing. `answer` answers that warning instead of the user; either way
 * the warning is kept in `warnings`. `of` names the folder (else the folder in focus). Resolves
 * with the file written, or undefined when nothing was.
 */
async function exportTo(name: string, filters: Record<string, string[]>, warnings: RefusalWarning[], target?: vscode.Uri, answer?: RefusalAnswer, of?: vscode.WorkspaceFolder): Promise<vscode.Uri | undefined> {
  // The folder given (the open report's, for its Save As), else the folder in focus.
  const folder = of ?? folderInFocus();
  if (!client || !folder) {
    void vscode.window.showWarningMessage('Open a folder of requirement files to export it.');
    return undefined;
  }
  const extension = Object.values(filters)[0]?.[0] ?? name;
  const out =
    target ??
    (await vscode.window.showSaveDialog({ title: `Export ${Object.keys(filters)[0] ?? name}`, defaultUri: vscode.Uri.joinPath(folder.uri, `${folder.name}.${extension}`), filters, saveLabel: 'Export' }));
  if (!out) return undefined;
  const params: ExportParams = { folderUri: client.code2ProtocolConverter.asUri(folder.uri), name, outUri: client.code2ProtocolConverter.asUri(out) };
  try {
    let result: ExportResult;
    let draftOf: readonly string[] | undefined;
    try {
      result = await client.sendRequest<ExportResult>(EXPORT_REQUEST, params);
    } catch (error) {
      const notAgreed = refusedFor(error);
      if (!notAgreed) throw error;
      const warning = refusalWarning(notAgreed);
      warnings.push(warning);
      const choice = answer ?? ((await vscode.window.showWarningMessage(warning.message, { modal: true, detail: warning.detail }, EXPORT_AS_DRAFT)) === EXPORT_AS_DRAFT ? 'draft' : 'cancel');
      if (choice !== 'draft') return undefined;
      result = await client.sendRequest<ExportResult>(EXPORT_REQUEST, { ...params, draft: true } satisfies ExportParams);
      draftOf = notAgreed;
    }
    await vscode.workspace.fs.writeFile(out, Buffer.from(result.content, result.encoding));
    const asDraft = draftOf ? `, as a draft: ${plural(draftOf.length, 'requirement')} not agreed` : '';
    void vscode.window
      .showInformationMessage(`Exported ${result.items} items to ${vscode.workspace.asRelativePath(out)} (${result.noun})${asDraft}.`, 'Reveal')
      .then((choice) => choice && vscode.commands.executeCommand('revealFileInOS', out));
    return out;
  } catch (error) {
    void vscode.window.showErrorMessage(`The export failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

const EXPORT_AS_DRAFT = 'Export as Draft';
/** How many not-agreed ids the warning names before it counts the rest (as the command line does). */
const NAMED = 5;

/** The requirements not agreed when `error` is the server's refusal under `readiness: tender`; else undefined. */
function refusedFor(error: unknown): readonly string[] | undefined {
  if (!(error instanceof ResponseError) || error.code !== EXPORT_REFUSED) return undefined;
  const data = error.data as Partial<ExportRefusedData> | undefined;
  return Array.isArray(data?.notAgreed) ? data.notAgreed.filter((id): id is string => typeof id === 'string') : [];
}

/** The warning of a refused export, in plain words: how many requirements are not agreed, the first few, and the choices. */
function refusalWarning(notAgreed: readonly string[]): RefusalWarning {
  const more = notAgreed.length > NAMED ? ` and ${notAgreed.length - NAMED} more` : '';
  const named = notAgreed.length > 0 ? `: ${notAgreed.slice(0, NAMED).join(', ')}${more}` : '';
  const count = notAgreed.length > 0 ? plural(notAgreed.length, 'requirement') : 'Some requirements';
  return {
    message: `${count} asked of bidders ${notAgreed.length === 1 ? 'is' : 'are'} not agreed yet${named}.`,
    detail:
      'This workspace is ready for tender (readiness: tender in reqtrace.config.yaml), so what goes to bidders is written only once every requirement in it is agreed. ' +
      'Agree them first, or export a draft now: it says "DRAFT — not for issue" at the top of its Instructions sheet and on every printed page.',
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** What a test (or a keybinding) may give the Import command instead of the pickers. */
interface ImportRequest {
  readonly importer: string;
  readonly source: vscode.Uri;
  readonly out: vscode.Uri;
  readonly options?: Readonly<Record<string, string>>;
  readonly force?: boolean;
}

/**
 * Import: the importer, its source, its options with a list of values and the output folder, picked
 * by the user (or given in `request`); then the server imports exactly as `reqtrace import` does.
 * Files that exist are written over only when the user says so. Resolves with the server's reply.
 */
async function importFrom(log: vscode.LogOutputChannel, request?: ImportRequest): Promise<ImportReply | undefined> {
  if (!client) return undefined;
  const folder = folderInFocus();
  const asUri = (uri: vscode.Uri): string => client?.code2ProtocolConverter.asUri(uri) ?? uri.toString();
  let params: ImportParams;
  if (request) {
    params = { name: request.importer, sourceUri: asUri(request.source), outUri: asUri(request.out), options: request.options ?? {}, force: request.force === true };
  } else {
    const available = await client.sendRequest<ImporterInfo[]>(IMPORTERS_REQUEST);
    const picked = await vscode.window.showQuickPick(
      available.map((info) => ({ label: info.name, detail: info.summary, info })),
      { title: 'Import requirements from', placeHolder: 'What to import' },
    );
    if (!picked) return undefined;
    const { info } = picked;
    const source = await vscode.window.showOpenDialog({
      title: `Import ${info.name}: the ${info.reads} to read`,
      canSelectFiles: info.reads === 'file',
      canSelectFolders: info.reads === 'folder',
      canSelectMany: false,
      ...(info.extensions.length > 0 ? { filters: { [info.name]: [...info.extensions] } } : {}),
      ...(folder ? { defaultUri: folder.uri } : {}),
    });
    if (!source?.[0]) return undefined;
    const options: Record<string, string> = {};
    for (const choice of info.choices) {
      const value = await vscode.window.showQuickPick([...choice.values], { title: `Import ${info.name}: ${choice.summary}`, placeHolder: choice.name });
      if (value === undefined && choice.required) return undefined;
      if (value !== undefined) options[choice.name] = value;
    }
    const out = await vscode.window.showOpenDialog({ title: 'The folder to write the requirement files into', canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Import here', ...(folder ? { defaultUri: folder.uri } : {}) });
    if (!out?.[0]) return undefined;
    params = { name: info.name, sourceUri: asUri(source[0]), outUri: asUri(out[0]), options, force: false };
  }
  let reply = await client.sendRequest<ImportReply>(IMPORT_REQUEST, params);
  if (!reply.done && reply.existing && !request) {
    const overwrite = await vscode.window.showWarningMessage(`${reply.message.replace(/; give --force.*$/, '')}.`, { modal: true }, 'Overwrite');
    if (overwrite === 'Overwrite') reply = await client.sendRequest<ImportReply>(IMPORT_REQUEST, { ...params, force: true });
  }
  if (!reply.done) {
    void vscode.window.showErrorMessage(`Not imported: ${reply.message.replace(/^not imported: /, '')}`);
    return reply;
  }
  log.info(reply.lines.join('\n'));
  const first = reply.written[0];
  if (first && !request) await vscode.window.showTextDocument(vscode.Uri.parse(first), { preview: false });
  void vscode.window.showInformationMessage(reply.lines[0] ?? 'Imported.', 'Show details').then((choice) => choice && log.show(true));
  return reply;
}
