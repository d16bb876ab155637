/**
 * The reqtrace language server: wiring only. Start with `node dist/server.js --stdio` (any LSP
 * editor) or over node IPC (VS Code). Handlers are pure functions in ./handlers.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createConnection } from 'vscode-languageserver/node';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  WatchKind,
  type Connection,
  type CodeActionParams,
  type HoverParams,
  type InitializeResult,
  type RenameParams,
} from 'vscode-languageserver';
import { generationTime } from '../core/report/provenance';
import { createNodeHost } from '../node/nodeHost';
import { cacheFileFor, cacheStamp, ParseCache } from '../node/parseCache';
import { DEFAULT_JOBS, ParsePool } from '../node/parsePool';
import { codeActions } from './handlers/codeActions';
import { codeLenses } from './handlers/codeLens';
import { completion } from './handlers/completion';
import { hover, suspectLinkAt } from './handlers/hover';
import { readGitHistory, StampHistory } from './stampHistory';
import { readPublished } from '../node/published';
import { report } from './handlers/report';
import { exportOutput, importers, importFiles } from './handlers/exchange';
import { baselines, diffWithBaseline } from './handlers/baseline';
import { traceRequest } from './handlers/trace';
import { gapsRequest } from './handlers/gaps';
import { matrixRequest } from './handlers/matrix';
import type { OpenDocuments } from './convert';
import { definition, references } from './handlers/navigation';
import { prepareRename, rename, type EditOptions } from './handlers/rename';
import { quickFixesUnlessStale, renameUnlessStale } from './handlers/staleEdits';
import { documentSymbols, workspaceSymbols } from './handlers/symbols';
import { safeSettings, sameFolder, type UserSettings } from './folder';
import {
  BASELINES_REQUEST,
  COVERAGE_NOTIFICATION,
  DIFF_REQUEST,
  EXPORT_REQUEST,
  GAPS_REQUEST,
  IMPORT_REQUEST,
  MATRIX_REQUEST,
  TRACE_REQUEST,
  IMPORTERS_REQUEST,
  REPORT_REQUEST,
  type BaselinesParams,
  type BaselinesReply,
  type DiffParams,
  type DiffReply,
  type ExportParams,
  type ExportResult,
  type GapsParams,
  type GapsReply,
  type MatrixParams,
  type MatrixReply,
  type TraceParams,
  type TraceReply,
  type ImporterInfo,
  type ImportParams,
  type ImportReply,
  type ReportParams,
  type ReportResult,
} from './protocol';
import { Session } from './session';
import { watchFolder } from './watch';

declare const REQTRACE_VERSION: string;
const VERSION = typeof REQTRACE_VERSION === 'string' ? REQTRACE_VERSION : 'dev';

/**
 * What the parse cache is stamped with besides the schemas and limits: the version and the code
 * itself (a hash of this bundle), so a build that changes how files parse or what a check finds
 * never reads the findings of another, even under the same version number.
 */
function buildStampOf(bundle: string): string {
  try {
    return `${VERSION}+${createHash('sha256').update(readFileSync(bundle)).digest('hex').slice(0, 16)}`;
  } catch {
    return VERSION;
  }
}

export function startServer(connection: Connection): void {
  // Hashed when a parse cache is first opened (not at all with the cache off), once per server.
  let build: string | undefined;
  const buildStamp = (): string => (build ??= buildStampOf(__filename));
  let canPullSettings = false;
  let canShowProgress = false;
  let canVersionEdits = false;
  let canDisableActions = false;
  let canSnippetEdits = false;
  let canRegisterConfiguration = false;
  let clientWatchesFiles = false;

  // VS Code says whether the workspace is trusted (initializationOptions.trusted); the server reads
  // git history (the suspect-link hover, Compare with Baseline, published:) only when it is not
  // told otherwise. git is run read-only either way (node/gitRead.ts).
  let trusted = true;
  const UNTRUSTED = 'this workspace is not trusted, and reqtrace reads git history only in a trusted one (trust it with Manage Workspace Trust)';
  const stampHistory = new StampHistory((uri, max) => (trusted ? readGitHistory(uri, max) : Promise.resolve({ problem: UNTRUSTED })));
  const session = new Session({
    readPublished: (root, config) => (trusted || config.published === undefined ? readPublished(root, config) : Promise.resolve({ problem: UNTRUSTED })),
    channel: {
      sendDiagnostics: (params) => connection.sendDiagnostics(params),
      sendCoverage: (summary) => connection.sendNotification(COVERAGE_NOTIFICATION, summary),
    },
    log: connection.console,
    disk: (folder) => createNodeHost(() => folder.config.limits.maxFileChars),
    openCache: async (folder) => {
      if (!folder.root.startsWith('file:') || process.env.REQTRACE_NO_CACHE) return undefined;
      return ParseCache.open(cacheFileFor(folder.root), cacheStamp(buildStamp(), folder.config.limits));
    },
    // REQTRACE_JOBS sets the parse threads (default 1: parse on the main thread).
    parseJobs: () => {
      const jobs = Number(process.env.REQTRACE_JOBS ?? DEFAULT_JOBS);
      return Number.isInteger(jobs) && jobs > 0 ? jobs : 1;
    },
    createPool: (limits, jobs) => new ParsePool(limits, jobs),
  });
  const { documents } = session;
  /** Open documents, for handlers to place positions with their own line tables (see convert.linesOf). */
  const openDocument: OpenDocuments = (uri) => documents.get(uri);

  /** Handlers run inside this guard: an exception is logged and answered as an error, never a crash. */
  function guard<P, R>(name: string, handler: (params: P) => R): (params: P) => R {
    return (params: P) => {
      try {
        return handler(params);
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        connection.console.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        throw new ResponseError(-32603, `reqtrace could not answer ${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
  }
  /** A request about a document is answered once its folder is indexed, from that folder's index. */
  const onIndex =
    <P extends { textDocument: { uri: string } }, R>(name: string, handler: (index: ReturnType<Session['indexFor']>, params: P, open: OpenDocuments) => R) =>
    async (params: P): Promise<R> => {
      await session.ready(params.textDocument.uri);
      return guard(name, (p: P) => handler(session.indexFor(p.textDocument.uri), p, openDocument))(params);
    };

  connection.onInitialize((params): InitializeResult => {
    const roots = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    session.setFolders(roots);
    canPullSettings = Boolean(params.capabilities.workspace?.configuration);
    canRegisterConfiguration = Boolean(params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration);
    clientWatchesFiles = Boolean(params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    canShowProgress = Boolean(params.capabilities.window?.workDoneProgress);
    canVersionEdits = Boolean(params.capabilities.workspace?.workspaceEdit?.documentChanges);
    canDisableActions = Boolean(params.capabilities.textDocument?.codeAction?.disabledSupport);
    canSnippetEdits = Boolean(params.capabilities.workspace?.workspaceEdit?.snippetEditSupport);
    trusted = (params.initializationOptions as { trusted?: unknown } | undefined)?.trusted !== false;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        definitionProvider: true,
        referencesProvider: true,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['[', ',', ' ', '-', ':'], resolveProvider: false },
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: false } },
      },
      serverInfo: { name: 'reqtrace', version: VERSION },
    };
  });

  async function pullSettings(): Promise<void> {
    if (!canPullSettings) return;
    const items = session.folders.map((folder) => ({ scopeUri: folder.root, section: 'reqtrace' }));
    if (items.length === 0) return;
    const values = (await connection.workspace.getConfiguration(items)) as (UserSettings | null)[];
    session.folders.forEach((folder, i) => folder.useSettings(safeSettings(values[i] ?? {}, (message) => connection.console.warn(message))));
  }

  connection.onInitialized(async () => {
    const registrations: Promise<unknown>[] = [];
    if (canRegisterConfiguration) registrations.push(connection.client.register(DidChangeConfigurationNotification.type, undefined));
    if (clientWatchesFiles) {
      registrations.push(
        // Every file deleted (a deleted folder comes as one event) and every folder created: a
        // watcher can miss the files written into a folder before it watched it.
        connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete }],
        }),
      );
    } else {
      // Editors that cannot watch files for us (Neovim 0.7, say): watch the folders ourselves.
      for (const folder of session.folders) watchFolder(folder.root, (changes) => session.filesChanged(changes), (message) => connection.console.warn(message));
    }
    await Promise.allSettled(registrations);
    await pullSettings();
    const progress = canShowProgress ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('Indexing requirements', 0, undefined, false);
    try {
      for (const folder of session.folders) {
        await session.loadFolder(folder, (done, total) => progress?.report(Math.round((done / Math.max(total, 1)) * 100), `${done} of ${total} files`));
      }
    } catch (error) {
      connection.console.error(`Indexing failed: ${String(error)}`);
    } finally {
      progress?.done();
    }
    void session.publisher.sendCoverage();
  });

  connection.onDidChangeConfiguration(async () => {
    // Editors send this once when it is registered, while the first indexing (which already pulled
    // the settings) is under way: re-index only a folder whose settings really changed.
    await Promise.all(session.folders.map((folder) => folder.loaded));
    const before = session.folders.map((folder) => JSON.stringify(folder.settings));
    await pullSettings();
    for (const [i, folder] of session.folders.entries()) {
      if (JSON.stringify(folder.settings) !== before[i]) await session.settingsChanged(folder, folder.settings);
    }
  });

  documents.onDidOpen((event) => session.documentChanged(event.document));
  documents.onDidChangeContent((event) => session.documentChanged(event.document));
  documents.onDidClose((event) => session.documentClosed(event.document.uri));
  connection.onDidChangeWatchedFiles((params) => session.filesChanged(params.changes));

  connection.onDefinition(onIndex('definition', definition));
  connection.onReferences(onIndex('references', references));
  connection.onHover(async (params: HoverParams) => {
    await session.ready(params.textDocument.uri);
    const index = session.indexFor(params.textDocument.uri);
    // On a suspect link, what changed in its target since the stamp, from git: read only now, on the hover's own time.
    const suspect = guard('hover', (p: HoverParams) => suspectLinkAt(index, p, openDocument))(params);
    const since = suspect && (await stampHistory.since(suspect.target, suspect.stamp, index.fingerprints, index.limits));
    return guard('hover', (p: HoverParams) => hover(session.indexFor(p.textDocument.uri), p, openDocument, session.folderOf(p.textDocument.uri).config.severity, since))(params);
  });
  connection.onCompletion(onIndex('completion', (index, params, open) => completion(index, params, open, session.folderOf(params.textDocument.uri).stampsLinks())));
  connection.onPrepareRename(onIndex('prepareRename', prepareRename));
  // An edit is answered only while every unopened file it touches reads on disk as reqtrace indexed
  // it; edits to open documents carry their versions, so that an editor that checks them refuses a stale one.
  const editOptions = (): EditOptions => ({ documentChanges: canVersionEdits, versionOf: (uri) => documents.get(uri)?.version, open: openDocument });
  connection.onRenameRequest(async (params) => {
    await session.ready(params.textDocument.uri);
    session.flushPending();
    const folder = session.folderOf(params.textDocument.uri);
    const edit = guard('rename', (p: RenameParams) => rename(folder.index, p, editOptions()))(params);
    return renameUnlessStale(folder, edit, session.diskCheck(folder));
  });
  connection.onDocumentSymbol(onIndex('documentSymbol', documentSymbols));
  connection.onCodeLens(onIndex('codeLens', codeLenses));
  connection.onCodeAction(async (params) => {
    await session.ready(params.textDocument.uri);
    session.flushPending();
    const folder = session.folderOf(params.textDocument.uri);
    const actions = guard('codeAction', (p: CodeActionParams) => codeActions(folder.index, p, { ...editOptions(), snippetEdits: canSnippetEdits, stampLinks: folder.stampsLinks() }))(params);
    return quickFixesUnlessStale(folder, actions, session.diskCheck(folder), canDisableActions);
  });
  connection.onWorkspaceSymbol(async (params) => {
    await Promise.all(session.folders.map((folder) => folder.loaded));
    return guard('workspaceSymbol', () => [...session.folders, session.loose].flatMap((folder) => workspaceSymbols(folder.index, params)))(undefined);
  });
  /** The folder a view, the report or an export asks about, indexed and up to date: the one named, else the one holding the document, else the first. */
  const viewFolder = async (folderUri?: string, documentUri?: string): Promise<ReturnType<Session['folderOf']>> => {
    const named = folderUri !== undefined ? session.folders.find((f) => sameFolder(f.root, folderUri)) : undefined;
    // A folder named that is not open is an error, not another folder's answer.
    if (folderUri !== undefined && !named) throw new ResponseError(ErrorCodes.InvalidParams, `${folderUri} is not a workspace folder of this session.`);
    const folder = named ?? (documentUri !== undefined ? session.folderOf(documentUri) : (session.folders[0] ?? session.loose));
    await folder.loaded;
    session.flushPending();
    return folder;
  };
  connection.onRequest(REPORT_REQUEST, async (params: ReportParams): Promise<ReportResult> => {
    // The folder named (refused when it is not open), indexed and up to date, as the views have it.
    const folder = await viewFolder(params.folderUri);
    // No git part: the server cannot tell a trusted workspace from an untrusted one, and git runs
    // programs a repository's own config names (filters, say). No report the editor shows records it yet.
    return guard('report', (p: ReportParams): ReportResult => {
      const generatedAt = generationTime(process.env.SOURCE_DATE_EPOCH, () => new Date());
      if (!(generatedAt instanceof Date)) throw new Error(generatedAt.problem);
      return report(folder, p, { generatedAt }, VERSION);
    })(params);
  });

  connection.onRequest(EXPORT_REQUEST, async (params: ExportParams): Promise<ExportResult> => {
    const folder = await viewFolder(params.folderUri);
    // No git part, as for the report above.
    const generatedAt = generationTime(process.env.SOURCE_DATE_EPOCH, () => new Date());
    if (!(generatedAt instanceof Date)) throw new ResponseError(1, generatedAt.problem);
    return exportOutput(folder, params, { generatedAt });
  });
  connection.onRequest(IMPORTERS_REQUEST, (): ImporterInfo[] => importers());
  connection.onRequest(IMPORT_REQUEST, (params: ImportParams): Promise<ImportReply> => importFiles(params));
  connection.onRequest(DIFF_REQUEST, (params: DiffParams): Promise<DiffReply> => (trusted ? diffWithBaseline(session, params) : Promise.resolve({ problem: `Not compared: ${UNTRUSTED}.` })));
  connection.onRequest(BASELINES_REQUEST, (params: BaselinesParams): Promise<BaselinesReply> => (trusted ? baselines(session, params) : Promise.resolve({ problem: `No baselines: ${UNTRUSTED}.` })));

  connection.onRequest(TRACE_REQUEST, async (given: TraceParams | null): Promise<TraceReply> => {
    const params = given ?? {};
    const folder = await viewFolder(params.folderUri, params.textDocument?.uri);
    return guard('trace', (p: TraceParams) => traceRequest(folder.index, p, openDocument))(params);
  });
  connection.onRequest(GAPS_REQUEST, async (given: GapsParams | null): Promise<GapsReply> => {
    const params = given ?? {};
    const folder = await viewFolder(params.folderUri);
    return guard('gaps', () => gapsRequest(folder, openDocument))(params);
  });
  connection.onRequest(MATRIX_REQUEST, async (given: MatrixParams | null): Promise<MatrixReply> => {
    const params = given ?? {};
    const folder = await viewFolder(params.folderUri);
    return guard('matrix', () => matrixRequest(folder, openDocument))(params);
  });

  connection.onShutdown(() => session.shutdown());

  documents.listen(connection);
  connection.listen();
}

startServer(createConnection());
