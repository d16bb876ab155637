/**
 * The server's editor state and how events change it: the documents open in the editor (with the
 * log of where each was edited), the workspace folders (and one for files opened outside them),
 * and what the editor's and the disk's events do to them. Text typed into a document is indexed on
 * the next turn, bursts coalesced, unsaved text winning over disk; a closed document is read from
 * disk again; files changed on disk are applied one change at a time, in the order they happened.
 * Each folder keeps its own state (folder.ts); loading one is the loader's work (loader.ts),
 * showing it the publisher's (publisher.ts).
 */
import { FileChangeType, TextDocuments, type FileEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Workspace } from '../core/analysis/workspace';
import type { FileHost } from '../core/host';
import { unreadableFile, type ParseLimits } from '../core/parse/parse';
import type { ParseCache } from '../node/parseCache';
import type { ParsePool } from '../node/parsePool';
import { EditLog } from './edits';
import { Folder, type UserSettings } from './folder';
import { changedOnDisk, type DiskCheck } from './handlers/staleEdits';
import { Loader, type LoaderOptions, type Log } from './loader';
import { Publisher, type EditorChannel } from './publisher';

export interface SessionOptions {
  readonly channel: EditorChannel;
  readonly log: Log;
  readonly disk: (folder: Folder) => FileHost;
  /** The on-disk parse cache of a folder, if caching is on. */
  readonly openCache?: (folder: Folder) => Promise<ParseCache | undefined>;
  /** How many threads parse a large folder (1: the main thread), and a pool of them. */
  readonly parseJobs?: () => number;
  readonly createPool?: (limits: ParseLimits, jobs: number) => ParsePool;
  /** How the ITT as published is read (see Loader). */
  readonly readPublished?: LoaderOptions['readPublished'];
}

export class Session {
  /** Where open documents changed since the index took their text, as the editor's edits say. */
  private readonly edits = new EditLog();
  /** The documents open in the editor; `documents.listen(connection)` makes them follow it. */
  readonly documents = new TextDocuments<TextDocument>(this.edits.documents());
  readonly folders: Folder[] = [];
  /** Files opened outside every workspace folder. */
  readonly loose = new Folder('');
  readonly publisher: Publisher;
  private readonly loader: Loader;
  private flushScheduled = false;
  /**
   * Work that reads the disk, done one piece at a time in the order the events came: a file created
   * and then deleted must not come back because its read finished last.
   */
  private diskWork: Promise<void> = Promise.resolve();

  constructor(private readonly options: SessionOptions) {
    const openDocument = (uri: string): TextDocument | undefined => this.documents.get(uri);
    this.publisher = new Publisher({ channel: options.channel, openDocument, folders: () => [...this.folders, this.loose] });
    this.loader = new Loader({ ...options, openDocument, publisher: this.publisher });
  }

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

  /** Waits until the folder of this document is indexed, so that answers are never about half a workspace. */
  ready(uri: string): Promise<void> {
    return this.folderOf(uri).loaded;
  }

  /** Reads the config, lists and indexes every requirements file of a folder, then publishes: after any load of it under way. */
  loadFolder(folder: Folder, report?: (done: number, total: number) => void): Promise<void> {
    // Typing during a load waits for it (see flushPending); what came in after its last read goes now.
    return this.loader.load(folder, report).finally(() => {
      if (folder.waiting.size > 0) this.scheduleFlush();
    });
  }

  async shutdown(): Promise<void> {
    await this.loader.shutdown();
  }

  /** Runs work that reads the disk after every such piece of work before it (errors are logged). */
  private inOrder(work: () => Promise<void>): void {
    this.diskWork = this.diskWork.then(work).catch((error: unknown) => this.options.log.error(`reqtrace could not apply a change from disk: ${String(error)}`));
  }

  /** An open document changed (or opened): re-check it on the next turn, coalescing bursts. */
  documentChanged(document: TextDocument): void {
    const folder = this.folderOf(document.uri);
    if (document.uri === folder.configUri && folder.root) {
      // The reload reads the open config's text (once any load under way has ended).
      void this.reload(folder);
      return;
    }
    if (!folder.checks(document.uri)) return;
    folder.waiting.add(document.uri);
    // Before the first load ends, a file checked alone would show false broken links: wait for it.
    if (!folder.isLoaded) return;
    this.scheduleFlush();
  }

  /** Flushes the open documents waiting to be indexed on the next turn, once for a burst of changes. */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flushPending();
    });
  }

  /**
   * Indexes, now, the open documents of loaded folders whose changes wait for the next turn, so an
   * answer that carries document versions was worked out from the text of those versions.
   */
  flushPending(): void {
    let any = false;
    for (const folder of [...this.folders, this.loose]) {
      // A load under way would lay the text it read over this one: its end indexes what waits.
      if (!folder.isLoaded || folder.isLoading) continue;
      for (const uri of folder.waiting) {
        folder.waiting.delete(uri);
        const document = this.documents.get(uri);
        if (!document) continue;
        const affected = folder.index.setFile(uri, document.getText(), this.edits.take(uri, folder.index.file(uri)?.text));
        affected.delete(uri);
        this.publisher.publish(folder, [uri]);
        this.publisher.publishSoon(folder, affected);
        any = true;
      }
    }
    if (any) this.publisher.coverageChanged();
  }

  /** An open document closed: what is on disk is the truth again (read in turn with the changes from disk). */
  documentClosed(uri: string): void {
    this.inOrder(async () => {
      await this.close(uri);
      // Opened again while the disk was read: the editor's text wins.
      const reopened = this.documents.get(uri);
      if (reopened) this.documentChanged(reopened);
    });
  }

  /** Files created, changed or deleted outside the editor (a git pull, a branch switch), applied in the order they came. */
  filesChanged(changes: readonly FileEvent[]): void {
    this.inOrder(() => this.applyFileChanges(changes));
  }

  private async close(uri: string): Promise<void> {
    this.edits.forget(uri);
    const folder = this.folderOf(uri);
    if (uri === folder.configUri) return this.reload(folder);
    await folder.idle();
    if (!folder.index.file(uri)) return;
    if (folder === this.loose) {
      this.publisher.publish(folder, [...folder.index.removeFile(uri)]);
      this.publisher.clear(folder, uri);
      return;
    }
    await this.refreshFromDisk(folder, uri);
  }

  private async applyFileChanges(changes: readonly FileEvent[]): Promise<void> {
    const reloads = new Set<Folder>();
    for (const change of changes) {
      const folder = this.folderOf(change.uri);
      if (folder === this.loose) continue;
      await folder.idle();
      if (change.uri === folder.configUri) {
        reloads.add(folder);
        continue;
      }
      if (change.type === FileChangeType.Deleted) {
        // A deleted folder arrives as one event: drop every file under it.
        const gone = folder.index.uris.filter((uri) => uri === change.uri || uri.startsWith(`${change.uri}/`));
        for (const uri of gone) {
          if (this.documents.get(uri)) continue;
          const affected = folder.index.removeFile(uri);
          this.publisher.clear(folder, uri);
          this.publisher.publish(folder, [...affected]);
        }
      } else if (folder.selects(change.uri)) {
        if (!this.documents.get(change.uri)) await this.refreshFromDisk(folder, change.uri);
      } else if (change.type === FileChangeType.Created && !folder.index.file(change.uri)) {
        // Perhaps a folder, copied in or written by an import: a watcher can miss the files written
        // into a new folder before it watched it, so read what it holds now.
        for (const uri of await this.filesUnder(folder, change.uri)) if (!this.documents.get(uri)) await this.refreshFromDisk(folder, uri);
      }
    }
    for (const folder of reloads) {
      if (!this.documents.get(folder.configUri)) await this.reload(folder);
    }
    this.publisher.coverageChanged();
  }

  /** Settings changed: new globs mean a new file list; new severities mean new diagnostics. */
  async settingsChanged(folder: Folder, settings: UserSettings): Promise<void> {
    folder.useSettings(settings);
    await this.reload(folder);
  }

  async reload(folder: Folder): Promise<void> {
    if (!folder.root) return;
    await this.loadFolder(folder);
    this.publisher.coverageChanged();
  }

  /** How an edit in this folder checks the files it touches against the disk (see handlers/staleEdits.ts). */
  diskCheck(folder: Folder): DiskCheck {
    return {
      changedOnDisk: (uris) => changedOnDisk(folder.index, uris, this.options.disk(folder), (uri) => this.documents.get(uri) !== undefined),
      // In turn with the other disk work, so a retry sees the files as they are now.
      reread: (uris) => new Promise((resolve) => this.inOrder(() => this.reread(folder, uris).finally(resolve))),
    };
  }

  /** Reads these files from disk into the index again (those open in the editor keep its text). */
  private async reread(folder: Folder, uris: readonly string[]): Promise<void> {
    await folder.idle();
    for (const uri of uris) if (folder.index.file(uri) && !this.documents.get(uri)) await this.refreshFromDisk(folder, uri);
    if (uris.length > 0) this.publisher.coverageChanged();
  }

  /** The files this folder checks under `uri`, if it is a folder (none if it is a file or gone). */
  private async filesUnder(folder: Folder, uri: string): Promise<string[]> {
    if (!folder.contains(uri)) return [];
    // Listing a file finds nothing; the folder's excludes prune the walk, its globs choose the files.
    const listed = await this.options.disk(folder).list(uri, ['**/*'], folder.config.exclude);
    return listed.filter((listedUri) => folder.selects(listedUri));
  }

  private async refreshFromDisk(folder: Folder, uri: string): Promise<void> {
    const result = await this.options.disk(folder).read(uri);
    // Opened in the editor while the disk was read (a restored buffer, say): the editor's text wins.
    if (this.documents.get(uri)) return;
    if ('problem' in result && /no such file/.test(result.problem.message)) {
      const affected = folder.index.removeFile(uri);
      this.publisher.clear(folder, uri);
      this.publisher.publish(folder, [...affected]);
      return;
    }
    // setFile re-parses only the entries that changed (a pull that edits one item of a large file).
    const affected = 'text' in result ? folder.index.setFile(uri, result.text) : folder.index.setParsed(unreadableFile(uri, result.problem));
    this.publisher.publish(folder, [uri, ...affected]);
  }
}
