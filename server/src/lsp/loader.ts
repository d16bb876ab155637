/**
 * Loading a folder, from its config to its published diagnostics: the slow path of the server,
 * kept apart so that the rest never deals with the parse cache or parse threads. It reads the
 * config, lists and reads every file (open documents as the editor has them), takes each parse from
 * the on-disk parse cache or parses it (on a pool of threads for a large folder, when asked), and
 * indexes it. A first start on exactly the files of the last one (a warm start) publishes the
 * findings kept with the cache as soon as the files are read, before any item is loaded, and takes
 * the findings and coverage figures from the cache; any other start checks every file and keeps
 * the results for the next. Loads of one folder run one at a time (Folder.afterLoads).
 */
import { unreadablePublished } from '../core/change/published';
import type { FileHost, ReadResult } from '../core/host';
import type { Finding } from '../core/model';
import { parseFile, unreadableFile, type ParsedFile, type ParseLimits } from '../core/parse/parse';
import { inWindow } from '../core/workspace';
import type { FolderResults, ParseCache } from '../node/parseCache';
import { POOL_THRESHOLD, type ParsePool } from '../node/parsePool';
import { readPublished } from '../node/published';
import type { OpenDocuments } from './convert';
import type { Folder } from './folder';
import { overlayHost } from './overlayHost';
import type { Publisher } from './publisher';

/** The server's log (the editor shows it): what was done, and what went wrong without stopping it. */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface LoaderOptions {
  readonly disk: (folder: Folder) => FileHost;
  readonly openDocument: OpenDocuments;
  readonly publisher: Publisher;
  readonly log: Log;
  /** The on-disk parse cache of a folder, if caching is on. */
  readonly openCache?: (folder: Folder) => Promise<ParseCache | undefined>;
  /** How many threads parse a large folder (1: the main thread), and a pool of them. */
  readonly parseJobs?: () => number;
  readonly createPool?: (limits: ParseLimits, jobs: number) => ParsePool;
  /** How the ITT as published is read (node/published.ts, unless the server may not run git). */
  readonly readPublished?: typeof readPublished;
}

/** A file read from disk or from the editor, or why it could not be. */
type ReadFile = { readonly uri: string; readonly text: string } | { readonly uri: string; readonly problem: Extract<ReadResult, { problem: unknown }>['problem'] };

export class Loader {
  /** Cache writes still under way, awaited at shutdown. */
  private readonly saving: Promise<void>[] = [];

  constructor(private readonly options: LoaderOptions) {}

  /** Reads the config, lists and indexes every requirements file of a folder, then publishes: after any load of it under way. */
  load(folder: Folder, report?: (done: number, total: number) => void): Promise<void> {
    return folder.afterLoads(async () => {
      try {
        await this.loadNow(folder, report);
      } finally {
        // Answers from what could be indexed beat requests that wait for ever.
        folder.markLoaded();
      }
    });
  }

  /** Resolves once every cache write under way has ended. */
  async shutdown(): Promise<void> {
    await Promise.all(this.saving.splice(0));
  }

  private async loadNow(folder: Folder, report?: (done: number, total: number) => void): Promise<void> {
    const { openDocument, publisher, log } = this.options;
    await this.readConfig(folder);
    const host = overlayHost(this.options.disk(folder), openDocument);
    const config = folder.config;
    // The ITT as published (`published:` in the config), read from git while the files load.
    const published = (this.options.readPublished ?? readPublished)(folder.root, config);
    const uris = await host.list(folder.root, config.files, config.exclude);
    const listed = new Set(uris);
    for (const uri of folder.index.uris) if (!listed.has(uri) && !openDocument(uri)) folder.index.removeFile(uri);
    const cache = await this.options.openCache?.(folder);
    const jobs = this.options.parseJobs?.() ?? 1;
    // Threads start with the first file the cache does not have: a warm start needs none.
    let pool: ParsePool | undefined;
    const poolFor = (): ParsePool | undefined => (jobs > 1 && uris.length >= POOL_THRESHOLD ? (pool ??= this.options.createPool?.(config.limits, jobs)) : undefined);
    // Every file is read first: a start on exactly the files of the last one publishes what the
    // checks found then before it loads a single item (a first load only: until it ends, edits to
    // open documents wait in `folder.waiting`, and file events and reloads wait for it).
    const reads = await readAll(host, uris);
    // What the checks find depends on the published ITT too: the commit its tag names now goes in
    // the key of the findings kept, so a tag moved since is never served stale findings (and one
    // that cannot be read keeps none).
    const baseline = await published;
    const scope = baseline === undefined ? folder.checkScope : 'problem' in baseline ? undefined : { ...folder.checkScope, published: baseline.commit };
    let early: FolderResults | undefined;
    if (cache && !folder.isLoaded && folder.index.uris.length === 0 && scope !== undefined) {
      try {
        early = await this.publishEarly(folder, cache, reads, scope);
      } catch (error) {
        cache.dropResults();
        log.warn(`The findings kept in the parse cache could not be used (${String(error)}); every file is checked.`);
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
    for (const uri of folder.waiting) {
      folder.waiting.delete(uri);
      const text = openDocument(uri)?.getText();
      if (text !== undefined && text !== folder.index.file(uri)?.text) folder.index.setFile(uri, text);
    }
    // A start on exactly the files of the last run (names and contents, byte for byte) takes what
    // the checks found and the coverage figures from the cache too; any other start checks every
    // file and keeps the results for the next.
    if (baseline && 'problem' in baseline) folder.configFindings.push(unreadablePublished(folder.configUri, config.published ?? '', config.publishedAt ?? { start: 0, end: 0 }, baseline.problem));
    else if (baseline) folder.index.setPublished(baseline);
    const files = folder.index.uris.map((uri) => folder.index.file(uri) as ParsedFile);
    const key = scope === undefined ? undefined : cache?.resultsKey(files, scope);
    const stored = key === undefined ? undefined : cache?.results(key);
    if (stored) {
      folder.index.seedFindings(stored.findings);
      folder.seedCoverage(stored.coverage);
    }
    folder.markLoaded();
    const found = cache && key !== undefined && !stored ? new Map<string, readonly Finding[]>() : undefined;
    // What went out early is what every file's check gives now, unless an open document changed since.
    if (!(early && stored === early)) publisher.publishAll(folder, found);
    if (cache) {
      if (found && key !== undefined) cache.setResults({ key, findings: found, coverage: folder.coverage });
      const results = stored ? `; every finding from the cache, the files being unchanged${early ? ', published before the items were loaded' : ''}` : '';
      log.info(`Indexed ${uris.length} files in ${folder.root}: ${cache.hits} from the parse cache, ${cache.misses} parsed${pool ? ` on ${jobs} threads` : ''}${results}.`);
      this.saving.push(cache.save().catch((error: unknown) => log.warn(`Could not save the parse cache: ${String(error)}`)));
    }
  }

  /**
   * On a first load whose files are exactly those of the last start (every file read, names and
   * contents byte for byte, no open document edited since it was read), what the checks found then
   * is what they would find now: publishes it, with the coverage figures, before any item is
   * loaded, and resolves once it is all written (loading items next would hold it back). Returns
   * the results it published, if it did.
   */
  private async publishEarly(folder: Folder, cache: ParseCache, reads: readonly ReadFile[], scope: unknown): Promise<FolderResults | undefined> {
    const texts = new Map<string, string>();
    for (const read of reads) {
      if ('problem' in read) return undefined;
      texts.set(read.uri, read.text);
      cache.look(read.uri, read.text);
    }
    for (const uri of folder.waiting) if (this.options.openDocument(uri)?.getText() !== texts.get(uri)) return undefined;
    const key = cache.resultsKey(reads as readonly { uri: string; text: string }[], scope);
    const stored = key === undefined ? undefined : cache.results(key);
    if (!stored) return undefined;
    await this.options.publisher.publishKept(folder, texts, stored);
    return stored;
  }

  private async readConfig(folder: Folder): Promise<void> {
    if (!folder.root) return;
    const open = this.options.openDocument(folder.configUri);
    const read = open ? { text: open.getText() } : await this.options.disk(folder).read(folder.configUri);
    folder.useConfigText('text' in read ? read.text : undefined);
  }
}

/** Reads every file, a steady window of reads in flight at a time. */
async function readAll(host: FileHost, uris: readonly string[]): Promise<ReadFile[]> {
  const reads: ReadFile[] = new Array<ReadFile>(uris.length);
  await inWindow(uris, 64, async (uri, at) => {
    const result = await host.read(uri);
    reads[at] = 'problem' in result ? { uri, problem: result.problem } : { uri, text: result.text };
  });
  return reads;
}
