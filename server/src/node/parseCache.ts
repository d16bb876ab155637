/**
 * An on-disk cache of each file's parse result, keyed by file and content hash, so a second start
 * on an unchanged workspace parses nothing. It lives outside the workspace and is safe to delete.
 * A stamp of the reqtrace version, the schemas and the parse limits guards the whole file: any
 * change to them, or an unreadable cache, means starting empty.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import commonSchema from '../../../schemas/common.schema.json';
import configSchema from '../../../schemas/config.schema.json';
import ittSchema from '../../../schemas/itt.schema.json';
import needsSchema from '../../../schemas/needs.schema.json';
import requirementsSchema from '../../../schemas/requirements.schema.json';
import type { Finding } from '../core/model';
import type { ParsedFile, ParseLimits } from '../core/parse/parse';
import type { CoverageSummary } from '../core/query/trace';

/**
 * A parse result without its text (which is on disk anyway). Items are stored as they are: the
 * serializer keeps shared and circular references (a link's `from` is its item), so nothing is
 * copied on the way in or out.
 */
interface Entry {
  readonly hash: string;
  readonly file: Omit<ParsedFile, 'text'>;
}

/**
 * What the checks found in a whole folder, and its coverage figures, for exactly the files whose
 * names and content hashes `key` was made from (see resultsKey).
 */
export interface FolderResults {
  readonly key: string;
  readonly findings: ReadonlyMap<string, readonly Finding[]>;
  readonly coverage: CoverageSummary;
}

/**
 * The layout of a cache file: a new one makes every older cache stale, whatever the version says.
 * The file is a run of frames, each a 4-byte length and a serialized value: the stamp, the
 * folder's results (null if there are none), then the entries a few hundred at a time, so that writing
 * a large cache never holds all of it serialized, and the results can be read without the entries.
 */
const CACHE_FORMAT = 6;
const ENTRIES_PER_FRAME = 256;

/** What a cache is valid for: the reqtrace version, the schemas it checks against and its limits. */
export function cacheStamp(version: string, limits: ParseLimits, schemas: unknown = [commonSchema, needsSchema, requirementsSchema, ittSchema, configSchema]): string {
  return hashOf(JSON.stringify({ format: CACHE_FORMAT, version, schemas, limits }));
}

/** Where the cache of a workspace folder lives: the user's cache folder, never the workspace. */
export function cacheFileFor(rootUri: string, base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache')): string {
  return join(base, 'reqtrace', `${hashOf(rootUri).slice(0, 20)}.bin`);
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Saves so far in this process, so that two saves under way never share a temporary file. */
let saves = 0;

export class ParseCache {
  /** The stored entries, read from their frames on first use (a warm start may publish before it needs them). */
  private storedEntries: Map<string, Entry> | undefined;
  private readonly used = new Map<string, Entry>();
  /** Each text looked up and its hash, for set() to reuse and for resultsKey. */
  private readonly seen = new Map<string, { readonly text: string; readonly hash: string }>();
  /** The folder's results to keep: the stored ones once a lookup confirmed them, or new ones. */
  private current: FolderResults | undefined;
  private dirty = false;
  hits = 0;
  misses = 0;

  private constructor(
    private readonly path: string,
    private readonly stamp: string,
    /** The frames of the stored entries, not yet read. */
    private entryFrames: Buffer[],
    private storedResults: FolderResults | undefined,
  ) {}

  /** Opens the cache at `path`; a missing, corrupt or differently stamped file gives an empty cache. */
  static async open(path: string, stamp: string): Promise<ParseCache> {
    try {
      const bytes = await readFile(path);
      const frames: Buffer[] = [];
      for (let at = 0; at < bytes.length; ) {
        const length = bytes.readUInt32LE(at);
        if (at + 4 + length > bytes.length) throw new Error('truncated');
        frames.push(bytes.subarray(at + 4, at + 4 + length));
        at += 4 + length;
      }
      const [stampFrame, resultsFrame, ...entryFrames] = frames;
      if (stampFrame && deserialize(stampFrame) === stamp) {
        const read: unknown = resultsFrame && deserialize(resultsFrame);
        const results = isResults(read) ? { key: read.key, findings: new Map(read.findings), coverage: read.coverage } : undefined;
        if (results || read === null) return new ParseCache(path, stamp, entryFrames, results);
      }
    } catch {
      // No cache yet, or one that cannot be read: start empty.
    }
    return new ParseCache(path, stamp, [], undefined);
  }

  /** The stored entries; a frame that cannot be read leaves them all out. */
  private get stored(): Map<string, Entry> {
    if (!this.storedEntries) {
      try {
        const chunks = this.entryFrames.map((frame) => deserialize(frame) as unknown);
        this.storedEntries = chunks.every(Array.isArray) ? new Map((chunks as [string, Entry][][]).flat()) : new Map();
      } catch {
        this.storedEntries = new Map();
      }
      this.entryFrames = [];
    }
    return this.storedEntries;
  }

  /**
   * Notes a file's text, as get() does, without reading the stored entries: enough for
   * resultsKey, so a warm start can know its files are unchanged before it loads their items.
   */
  look(uri: string, text: string): void {
    if (this.seen.get(uri)?.text !== text) this.seen.set(uri, { text, hash: hashOf(text) });
  }

  /** The cached parse of `text` at `uri`, if this exact text was parsed before. */
  get(uri: string, text: string): ParsedFile | undefined {
    this.look(uri, text);
    const { hash } = this.seen.get(uri) as { hash: string };
    const entry = this.stored.get(uri) ?? this.used.get(uri);
    if (!entry || entry.hash !== hash) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.used.set(uri, entry);
    return { ...entry.file, text };
  }

  set(parsed: ParsedFile): void {
    const { text, ...file } = parsed;
    const seen = this.seen.get(parsed.uri);
    this.used.set(parsed.uri, { hash: seen?.text === text ? seen.hash : hashOf(text), file });
    this.dirty = true;
  }

  /**
   * A key for a folder's results that names every file and its exact content: these files, each
   * with the text it was looked up with in this session (else undefined: a file never looked up, or
   * changed since), and the cache's stamp (reqtrace version, schemas, limits).
   */
  resultsKey(files: Iterable<{ readonly uri: string; readonly text: string }>, scope: unknown = {}): string | undefined {
    const parts: string[] = [];
    for (const { uri, text } of files) {
      const seen = this.seen.get(uri);
      if (seen?.text !== text) return undefined;
      parts.push(`${uri}\u0000${seen.hash}`);
    }
    // Which rules run and their options change what is found: a change of either is never served stale findings.
    return hashOf(`${this.stamp}\u0001${JSON.stringify(scope)}\u0001${parts.sort().join('\u0001')}`);
  }

  /** The results stored for exactly the files `key` names, if there are any. */
  results(key: string): FolderResults | undefined {
    if (this.storedResults?.key !== key) return undefined;
    this.current = this.storedResults;
    return this.storedResults;
  }

  /** Forgets the stored results (they could not be used): the next save writes the cache without them. */
  dropResults(): void {
    this.storedResults = undefined;
    this.current = undefined;
    this.dirty = true;
  }

  /** Keeps a folder's results for the files `key` names (replacing any others on the next save). */
  setResults(results: FolderResults): void {
    if (this.current?.key === results.key) return;
    this.current = results;
    this.dirty = true;
  }

  /** Writes the entries used or added in this session (stale ones drop out) and the results kept, atomically. */
  async save(): Promise<void> {
    if (!this.dirty && this.used.size === this.stored.size && this.current === this.storedResults) return;
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.${++saves}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      const frame = async (value: unknown): Promise<void> => {
        const payload = serialize(value);
        const length = Buffer.alloc(4);
        length.writeUInt32LE(payload.length);
        await handle.write(length);
        await handle.write(payload);
      };
      await frame(this.stamp);
      const results = this.current;
      await frame(results ? { key: results.key, findings: [...results.findings], coverage: results.coverage } : null);
      const entries = [...this.used];
      for (let at = 0; at < entries.length; at += ENTRIES_PER_FRAME) await frame(entries.slice(at, at + ENTRIES_PER_FRAME));
    } finally {
      await handle.close();
    }
    await rename(temporary, this.path);
    this.dirty = false;
  }
}

function isResults(value: unknown): value is { key: string; findings: [string, Finding[]][]; coverage: CoverageSummary } {
  const results = value as { key?: unknown; findings?: unknown; coverage?: unknown } | undefined;
  return typeof results === 'object' && results !== null && !Array.isArray(results) && typeof results.key === 'string' && Array.isArray(results.findings) && typeof results.coverage === 'object';
}
