/**
 * The server's state: one index per workspace folder, kept current from open documents (unsaved
 * text wins), file watcher events and reqtrace.config.yaml, with diagnostics published only for
 * the files whose findings changed — the edited file first.
 */
import { createHash } from 'node:crypto';
import picomatch from 'picomatch';
import type { Connection, Diagnostic, FileEvent } from 'vscode-languageserver';
import { FileChangeType } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { applySeverity, CONFIG_FILE_NAME, DEFAULT_CONFIG, parseConfig, type Config, type SeveritySetting } from '../core/config';
import type { FileHost, ReadResult } from '../core/host';
import { Workspace } from '../core/analysis/workspace';
import { LineIndex } from '../core/lines';
import type { Finding } from '../core/model';
import { parseFile, unreadableFile, type ParsedFile, type ParseLimits } from '../core/parse/parse';
import { inWindow } from '../core/workspace';
import { coverageSummary, type CoverageSummary } from '../core/query/trace';
import type { FolderResults, ParseCache } from '../node/parseCache';
import { POOL_THRESHOLD, type ParsePool } from '../node/parsePool';
import { linesIn, linesOf, toDiagnostic } from './convert';
import type { EditLog } from './edits';
import { overlayHost } from './overlayHost';

/** User settings (`reqtrace.*`); each one overrides reqtrace.config.yaml only when set. */
export interface UserSettings {
  readonly files?: readonly string[] | null;
  readonly exclude?: readonly string[] | null;
  readonly severity?: Readonly<Record<string, SeveritySetting>> | null;
}

export class Folder {
  index: Workspace;
  readonly published = new Map<string, string>();
  fileConfig: Config = DEFAULT_CONFIG;
  configFindings: Finding[] = [];
  configText = '';
  settings: UserSettings = {};
  /**
   * Resolves once the folder's files are first indexed; until then nothing is published for it but
   * the findings of a warm start on unchanged files (see publishEarly), which are those of the whole folder.
   */
  readonly loaded: Promise<void>;
  isLoaded = false;
  markLoaded: () => void = () => undefined;
  /**
   * The loads of this folder under way and queued, one at a time: file events wait for them (see
   * Session.idle), so a load never lays the texts it read over a change that came in meanwhile.
   */
  loading: Promise<void> | undefined;
  private matcher: ((path: string) => boolean) | undefined;
  /** The coverage figures of the index as it was at a generation (see coverage). */
  private figures: { readonly index: Workspace; readonly generation: number; readonly summary: CoverageSummary } | undefined;

  constructor(readonly root: string) {
    this.index = new Workspace(DEFAULT_CONFIG.limits);
    this.loaded = new Promise((resolve) => {
      this.markLoaded = () => {
        this.isLoaded = true;
        resolve();
      };
    });
    // Files opened outside every folder need no loading.
    if (!root) this.markLoaded();
  }

  /** The index's coverage figures, worked out once per change of the index. */
  get coverage(): CoverageSummary {
    const { index } = this;
    if (this.figures?.index !== index || this.figures.generation !== index.generation) this.figures = { index, generation: index.generation, summary: coverageSummary(index) };
    return this.figures.summary;
  }

  /** Coverage figures worked out in an earlier run on exactly the files the index holds now (a warm start). */
  seedCoverage(summary: CoverageSummary): void {
    this.figures = { index: this.index, generation: this.index.generation, summary };
  }

  get configUri(): string {
    return `${this.root}/${CONFIG_FILE_NAME}`;
  }

  /** reqtrace.config.yaml with the user's settings laid over it. */
  get config(): Config {
    const { files, exclude, severity } = this.settings;
    return {
      ...this.fileConfig,
      files: files && files.length > 0 ? files : this.fileConfig.files,
      exclude: exclude ? [...this.fileConfig.exclude, ...exclude] : this.fileConfig.exclude,
      severity: { ...this.fileConfig.severity, ...(severity ?? {}) },
    };
  }

  contains(uri: string): boolean {
    return uri.startsWith(`${this.root}/`);
  }

  /** True when the file is a requirements file of this folder under the configured globs. */
  selects(uri: string): boolean {
    if (!this.contains(uri)) return false;
    if (!this.matcher) {
      const { files, exclude } = this.config;
      const include = picomatch([...files], { dot: false });
      const skip = picomatch([...exclude], { dot: true });
      this.matcher = (path) => include(path) && !skip(path);
    }
    return this.matcher(decodeURIComponent(uri.slice(this.root.length + 1)));
  }

  forgetMatcher(): void {
    this.matcher = undefined;
  }
}

export interface SessionOptions {
  readonly connection: Connection;
  readonly disk: (folder: Folder) => FileHost;
  readonly openDocument: (uri: string) => TextDocument | undefined;
  /** Where open documents changed since they were indexed, when the editor said. */
  readonly edits?: EditLog;
  /** Called after diagnostics change, so that coverage figures can follow. */
  readonly onChanged?: () => void;
  /** Called when a folder's diagnostics came from the cache before its items were loaded; resolves once its coverage figures are sent. */
  readonly onPublishedEarly?: (folder: Folder) => Promise<void> | void;
  /** The on-disk parse cache of a folder, if caching is on. */
  readonly openCache?: (folder: Folder) => Promise<ParseCache | undefined>;
  /** How many threads parse a large folder (1: the main thread), and a pool of them. */
  readonly parseJobs?: () => number;
  readonly createPool?: (limits: ParseLimits, jobs: number) => ParsePool;
}

/** A file read from disk or from the editor, or why it could not be. */
type ReadFile = { readonly uri: string; readonly text: string } | { readonly uri: string; readonly problem: Extract<ReadResult, { problem: unknown }>['problem'] };

/** Reads every file, a steady window of reads in flight at a time. */
async function readAll(host: FileHost, uris: readonly string[]): Promise<ReadFile[]> {
  const reads: ReadFile[] = new Array<ReadFile>(uris.length);
  await inWindow(uris, 64, async (uri, at) => {
    const result = await host.read(uri);
    reads[at] = 'problem' in result ? { uri, problem: result.problem } : { uri, text: result.text };
  });
  return reads;
}

/** A file that changed on disk (or was deleted) since it was indexed. */
export interface ChangedFile {
  readonly uri: string;
  readonly gone: boolean;
}

/**
 * Why an edit is refused, naming the files as the author knows them (relative to the workspace
 * folder), and what to do: `retry` is the request in words, e.g. "the rename".
 */
export function changedOnDiskMessage(folder: Folder, changed: readonly ChangedFile[], retry: string): string {
  const name = (uri: string): string => {
    const path = folder.contains(uri) ? uri.slice(folder.root.length + 1) : uri.slice(uri.lastIndexOf('/') + 1);
    try {
      return decodeURIComponent(path);
    } catch {
      return path;
    }
  };
  const list = (files: readonly ChangedFile[]): string => {
    const names = files.map((f) => name(f.uri));
    return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
  };
  const edited = changed.filter((f) => !f.gone);
  const gone = changed.filter((f) => f.gone);
  const parts: string[] = [];
  if (edited.length > 0) parts.push(`${list(edited)} changed on disk since reqtrace read ${edited.length === 1 ? 'it' : 'them'}`);
  if (gone.length > 0) parts.push(`${list(gone)} ${gone.length === 1 ? 'was' : 'were'} deleted since reqtrace read ${gone.length === 1 ? 'it' : 'them'}`);
  const caughtUp = gone.length > 0 ? 'reqtrace has caught up' : `reqtrace has re-read ${changed.length === 1 ? 'it' : 'them'}`;
  return `${parts.join(', and ')}; ${caughtUp} — try ${retry} again.`;
}

export class Session {
  readonly folders: Folder[] = [];
  /** Files opened outside every workspace folder. */
  readonly loose = new Folder('');
  private readonly pending = new Map<string, Folder>();
  private flushScheduled = false;
  /** Files to publish on the next turn (see publishSoon). */
  private readonly later = new Map<Folder, Set<string>>();
  private laterScheduled = false;
  /** Cache writes still under way, awaited at shutdown. */
  private readonly saving: Promise<void>[] = [];

  constructor(private readonly options: SessionOptions) {}

  setFolders(roots: readonly string[]): void {
    this.folders.length = 0;
    for (const root of roots) this.folders.push(new Folder(root.replace(/\/+$/, '')));
  }

  folderOf(uri: string): Folder {
    let best: Folder | undefined;
    for (const folder of this.folders) if (folder.contains(uri) && (!best || folder.root.length > best.root.length)) best = folder;
    return best ?? this.loose;
  }

  /** The index that answers requests about this document. */
  indexFor(uri: string): Workspace {
    return this.folderOf(uri).index;
  }

  /** Reads the config, lists and indexes every requirements file of a folder, then publishes: after any load of it under way. */
  loadFolder(folder: Folder, report?: (done: number, total: number) => void): Promise<void> {
    const run = (folder.loading ?? Promise.resolve()).then(() => this.load(folder, report));
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    folder.loading = settled;
    void settled.then(() => {
      if (folder.loading === settled) folder.loading = undefined;
    });
    return run;
  }

  /** Resolves when no load of this folder is under way or queued. */
  private async idle(folder: Folder): Promise<void> {
    while (folder.loading) await folder.loading;
  }

  private async load(folder: Folder, report?: (done: number, total: number) => void): Promise<void> {
    try {
      await this.loadNow(folder, report);
    } finally {
      // Answers from what could be indexed beat requests that wait for ever.
      folder.markLoaded();
    }
  }

  private async loadNow(folder: Folder, report?: (done: number, total: number) => void): Promise<void> {
    await this.readConfig(folder);
    const host = overlayHost(this.options.disk(folder), this.options.openDocument);
    const config = folder.config;
    const uris = await host.list(folder.root, config.files, config.exclude);
    const listed = new Set(uris);
    for (const uri of folder.index.uris) if (!listed.has(uri) && !this.options.openDocument(uri)) folder.index.removeFile(uri);
    const cache = await this.options.openCache?.(folder);
    const jobs = this.options.parseJobs?.() ?? 1;
    // Threads start with the first file the cache does not have: a warm start needs none.
    let pool: ParsePool | undefined;
    const poolFor = (): ParsePool | undefined => (jobs > 1 && uris.length >= POOL_THRESHOLD ? (pool ??= this.options.createPool?.(config.limits, jobs)) : undefined);
    // Every file is read first: a start on exactly the files of the last one publishes what the
    // checks found then before it loads a single item (a first load only: until it ends, edits to
    // open documents wait in `pending`, and file events and reloads wait for it).
    const reads = await readAll(host, uris);
    let early: FolderResults | undefined;
    if (cache && !folder.isLoaded && folder.index.uris.length === 0) {
      try {
        early = await this.publishEarly(folder, cache, reads);
      } catch (error) {
        cache.dropResults();
        this.options.connection.console.warn(`The findings kept in the parse cache could not be used (${String(error)}); every file is checked.`);
      }
    }
    const load = async (read: ReadFile): Promise<ParsedFile> => {
      if ('problem' in read) return unreadableFile(read.uri, read.problem);
      const cached = cache?.get(read.uri, read.text);
      if (cached) return cached;
      const threads = poolFor();
      const parsed = threads ? await threads.share(read.uri, read.text) : parseFile(read.uri, read.text, config.limits);
      cache?.set(parsed);
      return parsed;
    };
    try {
      // A steady window of files in flight keeps every parse thread busy; each result is indexed as it arrives.
      let done = 0;
      await inWindow(reads, 64, async (read) => {
        folder.index.loadParsed(await load(read));
        if (++done % 50 === 0 || done === reads.length) report?.(done, reads.length);
      });
    } finally {
      await pool?.close();
    }
    // Open documents were read through the overlay; one edited after it was read (or not on disk
    // at all) is indexed again from what the editor has now.
    for (const [uri, owner] of this.pending) {
      if (owner !== folder) continue;
      this.pending.delete(uri);
      const text = this.options.openDocument(uri)?.getText();
      if (text !== undefined && text !== folder.index.file(uri)?.text) folder.index.setFile(uri, text);
    }
    // A start on exactly the files of the last run (names and contents, byte for byte) takes what
    // the checks found and the coverage figures from the cache too; any other start checks every
    // file and keeps the results for the next.
    const files = folder.index.uris.map((uri) => folder.index.file(uri) as ParsedFile);
    const key = cache?.resultsKey(files);
    const stored = key === undefined ? undefined : cache?.results(key);
    if (stored) {
      folder.index.seedFindings(stored.findings);
      folder.seedCoverage(stored.coverage);
    }
    folder.markLoaded();
    const found = cache && key !== undefined && !stored ? new Map<string, readonly Finding[]>() : undefined;
    // What went out early is what every file's check gives now, unless an open document changed since.
    if (!(early && stored === early)) this.publishAll(folder, found);
    if (cache) {
      if (found && key !== undefined) cache.setResults({ key, findings: found, coverage: folder.coverage });
      const results = stored ? `; every finding from the cache, the files being unchanged${early ? ', published before the items were loaded' : ''}` : '';
      this.options.connection.console.info(`Indexed ${uris.length} files in ${folder.root}: ${cache.hits} from the parse cache, ${cache.misses} parsed${pool ? ` on ${jobs} threads` : ''}${results}.`);
      this.saving.push(cache.save().catch((error: unknown) => this.options.connection.console.warn(`Could not save the parse cache: ${String(error)}`)));
    }
  }

  /**
   * On a first load whose files are exactly those of the last start (every file read, names and
   * contents byte for byte, no open document edited since it was read), what the checks found then
   * is what they would find now: publishes it, with the coverage figures, before any item is
   * loaded, and resolves once it is all written (loading items next would hold it back). Returns
   * the results it published, if it did.
   */
  private async publishEarly(folder: Folder, cache: ParseCache, reads: readonly ReadFile[]): Promise<FolderResults | undefined> {
    const texts = new Map<string, string>();
    for (const read of reads) {
      if ('problem' in read) return undefined;
      texts.set(read.uri, read.text);
      cache.look(read.uri, read.text);
    }
    for (const [uri, owner] of this.pending) if (owner === folder && this.options.openDocument(uri)?.getText() !== texts.get(uri)) return undefined;
    const key = cache.resultsKey(reads as readonly { uri: string; text: string }[]);
    const stored = key === undefined ? undefined : cache.results(key);
    if (!stored) return undefined;
    const lines = new Map<string, LineIndex>();
    const linesFor = (uri: string): LineIndex | undefined => {
      let found = lines.get(uri);
      const text = texts.get(uri);
      if (!found && text !== undefined) lines.set(uri, (found = new LineIndex(text)));
      return found;
    };
    const written: Promise<void>[] = [];
    for (const uri of texts.keys()) {
      const findings = applySeverity(stored.findings.get(uri) ?? [], folder.config.severity);
      const own = linesFor(uri) as LineIndex;
      written.push(this.send(folder, uri, findings.map((f) => toDiagnostic(linesFor, own, f))));
    }
    written.push(this.send(folder, folder.configUri, this.diagnostics(folder, folder.configUri)));
    folder.seedCoverage(stored.coverage);
    written.push(Promise.resolve(this.options.onPublishedEarly?.(folder)));
    await Promise.all(written);
    return stored;
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.saving.splice(0));
  }

  /** Waits until the folder of this document is indexed, so that answers are never about half a workspace. */
  ready(uri: string): Promise<void> {
    return this.folderOf(uri).loaded;
  }

  private async readConfig(folder: Folder): Promise<void> {
    if (!folder.root) return;
    const open = this.options.openDocument(folder.configUri);
    const read = open ? { text: open.getText() } : await this.options.disk(folder).read(folder.configUri);
    this.applyConfigText(folder, 'text' in read ? read.text : undefined);
  }

  private applyConfigText(folder: Folder, text: string | undefined): void {
    if (text === undefined) {
      folder.fileConfig = DEFAULT_CONFIG;
      folder.configFindings = [];
      folder.configText = '';
    } else {
      const parsed = parseConfig(folder.configUri, text);
      folder.fileConfig = parsed.config;
      folder.configFindings = parsed.findings;
      folder.configText = text;
    }
    folder.forgetMatcher();
    // A new size limit changes how every file reads: start an index that uses it.
    const { limits } = folder.config;
    if (folder.index.limits.maxFileChars !== limits.maxFileChars) folder.index = new Workspace(limits);
  }

  /** An open document changed (or opened): re-check it on the next turn, coalescing bursts. */
  documentChanged(document: TextDocument): void {
    const folder = this.folderOf(document.uri);
    if (document.uri === folder.configUri && folder.root) {
      // The reload reads the open config's text (once any load under way has ended).
      void this.reload(folder);
      return;
    }
    if (!this.isRequirementsFile(folder, document.uri)) return;
    this.pending.set(document.uri, folder);
    // Before the first load ends, a file checked alone would show false broken links: wait for it.
    if (!folder.isLoaded) return;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /**
   * Indexes, now, the open documents of loaded folders whose changes wait for the next turn, so an
   * answer that carries document versions was worked out from the text of those versions.
   */
  flushPending(): void {
    let any = false;
    for (const [uri, folder] of this.pending) {
      if (!folder.isLoaded) continue;
      this.pending.delete(uri);
      const document = this.options.openDocument(uri);
      if (!document) continue;
      const affected = folder.index.setFile(uri, document.getText(), this.options.edits?.take(uri, folder.index.file(uri)?.text));
      affected.delete(uri);
      this.publish(folder, [uri]);
      this.publishSoon(folder, affected);
      any = true;
    }
    if (any) this.options.onChanged?.();
  }

  /**
   * Publishes these files on the next turn, once what was published now has gone out: the edited
   * file's diagnostics do not wait for those of the other files the edit affects.
   */
  private publishSoon(folder: Folder, uris: Iterable<string>): void {
    let queued = this.later.get(folder);
    if (!queued) this.later.set(folder, (queued = new Set()));
    for (const uri of uris) queued.add(uri);
    if (queued.size === 0 || this.laterScheduled) return;
    this.laterScheduled = true;
    setImmediate(() => {
      this.laterScheduled = false;
      const later = [...this.later];
      this.later.clear();
      for (const [f, queuedUris] of later) this.publish(f, queuedUris);
    });
  }

  /**
   * The files among `uris` that are not open in the editor and whose text on disk is no longer the
   * text the index has now (call it as soon as an edit is worked out from the index), decided by
   * content. Nothing is changed: `reread` brings them into the index.
   */
  async changedOnDisk(folder: Folder, uris: Iterable<string>): Promise<ChangedFile[]> {
    const expected = new Map<string, string>();
    for (const uri of uris) {
      const file = folder.index.file(uri);
      if (file && !this.options.openDocument(uri)) expected.set(uri, file.text);
    }
    if (expected.size === 0) return [];
    const disk = this.options.disk(folder);
    const checks = [...expected].map(async ([uri, text]): Promise<ChangedFile | undefined> => {
      const now = await disk.read(uri);
      if ('text' in now && now.text === text) return undefined;
      return { uri, gone: 'problem' in now && /no such file/.test(now.problem.message) };
    });
    return (await Promise.all(checks)).filter((c): c is ChangedFile => c !== undefined);
  }

  /** Reads these files from disk into the index again (those open in the editor keep its text). */
  async reread(folder: Folder, uris: readonly string[]): Promise<void> {
    await this.idle(folder);
    for (const uri of uris) if (folder.index.file(uri) && !this.options.openDocument(uri)) await this.refreshFromDisk(folder, uri);
    if (uris.length > 0) this.options.onChanged?.();
  }

  private isRequirementsFile(folder: Folder, uri: string): boolean {
    return folder === this.loose ? /\.(needs|reqs|itt)\.ya?ml$/i.test(uri) : folder.selects(uri);
  }

  private flush(): void {
    this.flushScheduled = false;
    this.flushPending();
  }

  /** An open document closed: what is on disk is the truth again. */
  async documentClosed(uri: string): Promise<void> {
    this.options.edits?.forget(uri);
    const folder = this.folderOf(uri);
    if (uri === folder.configUri) return this.reload(folder);
    await this.idle(folder);
    if (!folder.index.file(uri)) return;
    if (folder === this.loose) {
      this.publish(folder, [...folder.index.removeFile(uri)]);
      this.clear(folder, uri);
      return;
    }
    await this.refreshFromDisk(folder, uri);
  }

  private async refreshFromDisk(folder: Folder, uri: string): Promise<void> {
    const result = await this.options.disk(folder).read(uri);
    if ('problem' in result && /no such file/.test(result.problem.message)) {
      const affected = folder.index.removeFile(uri);
      this.clear(folder, uri);
      this.publish(folder, [...affected]);
      return;
    }
    // setFile re-parses only the entries that changed (a pull that edits one item of a large file).
    const affected = 'text' in result ? folder.index.setFile(uri, result.text) : folder.index.setParsed(unreadableFile(uri, result.problem));
    this.publish(folder, [uri, ...affected]);
  }

  /** Files created, changed or deleted outside the editor (a git pull, a branch switch). */
  async filesChanged(changes: readonly FileEvent[]): Promise<void> {
    const reloads = new Set<Folder>();
    for (const change of changes) {
      const folder = this.folderOf(change.uri);
      if (folder === this.loose) continue;
      await this.idle(folder);
      if (change.uri === folder.configUri) {
        reloads.add(folder);
        continue;
      }
      if (change.type === FileChangeType.Deleted) {
        // A deleted folder arrives as one event: drop every file under it.
        const gone = folder.index.uris.filter((uri) => uri === change.uri || uri.startsWith(`${change.uri}/`));
        for (const uri of gone) {
          if (this.options.openDocument(uri)) continue;
          const affected = folder.index.removeFile(uri);
          this.clear(folder, uri);
          this.publish(folder, [...affected]);
        }
      } else if (folder.selects(change.uri) && !this.options.openDocument(change.uri)) {
        await this.refreshFromDisk(folder, change.uri);
      }
    }
    for (const folder of reloads) {
      const open = this.options.openDocument(folder.configUri);
      if (!open) await this.reload(folder);
    }
    this.options.onChanged?.();
  }

  /** Settings changed: new globs mean a new file list; new severities mean new diagnostics. */
  async settingsChanged(folder: Folder, settings: UserSettings): Promise<void> {
    folder.settings = settings;
    folder.forgetMatcher();
    await this.reload(folder);
  }

  async reload(folder: Folder): Promise<void> {
    if (!folder.root) return;
    await this.loadFolder(folder);
    this.options.onChanged?.();
  }

  /** Diagnostics of one file with the folder's severities (its findings, before those, kept in `found` if given). */
  diagnostics(folder: Folder, uri: string, found?: Map<string, readonly Finding[]>): Diagnostic[] {
    if (uri === folder.configUri) {
      const lines = new LineIndex(folder.configText);
      return applySeverity(folder.configFindings, folder.config.severity).map((f) => toDiagnostic(linesIn(folder.index), lines, f));
    }
    const file = folder.index.file(uri);
    if (!file) return [];
    const lines = linesOf(file);
    const findings = folder.index.check(uri);
    found?.set(uri, findings);
    const others = linesIn(folder.index);
    return applySeverity(findings, folder.config.severity).map((f) => toDiagnostic(others, lines, f));
  }

  publishAll(folder: Folder, found?: Map<string, readonly Finding[]>): void {
    const uris = [...folder.index.uris];
    if (folder.root) uris.push(folder.configUri);
    const current = new Set(uris);
    // Files that left the index (a narrower glob) lose their diagnostics.
    for (const uri of [...folder.published.keys()]) if (!current.has(uri)) this.clear(folder, uri);
    this.publish(folder, uris, found);
  }

  /** Sends the diagnostics of these files, in this order, skipping those that did not change. */
  publish(folder: Folder, uris: Iterable<string>, found?: Map<string, readonly Finding[]>): void {
    for (const uri of uris) void this.send(folder, uri, this.diagnostics(folder, uri, found));
  }

  /** Sends a file's diagnostics unless they are what it last got (or none, and it never got any); resolves once written. */
  private send(folder: Folder, uri: string, diagnostics: Diagnostic[]): Promise<void> {
    const key = fingerprint(JSON.stringify(diagnostics));
    if (folder.published.get(uri) === key) return Promise.resolve();
    if (diagnostics.length === 0 && !folder.published.has(uri)) return Promise.resolve();
    folder.published.set(uri, key);
    return this.options.connection.sendDiagnostics({ uri, diagnostics });
  }

  private clear(folder: Folder, uri: string): void {
    if (!folder.published.has(uri)) return;
    folder.published.delete(uri);
    void this.options.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}

/** A short stand-in for what was last published to a file, so unchanged diagnostics are not resent. */
function fingerprint(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}
