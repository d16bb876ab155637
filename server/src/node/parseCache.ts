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
import type { ParsedFile, ParseLimits } from '../core/parse';

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
 * The layout of a cache file: a new one makes every older cache stale, whatever the version says.
 * The file is a run of frames, each a 4-byte length and a serialized value: the stamp, then the
 * entries a few hundred at a time, so that writing a large cache never holds all of it serialized.
 */
const CACHE_FORMAT = 3;
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
  private readonly used = new Map<string, Entry>();
  /** The hash of each text looked up and not found, for set() to reuse. */
  private readonly missed = new Map<string, { readonly text: string; readonly hash: string }>();
  private dirty = false;
  hits = 0;
  misses = 0;

  private constructor(
    private readonly path: string,
    private readonly stamp: string,
    private readonly stored: Map<string, Entry>,
  ) {}

  /** Opens the cache at `path`; a missing, corrupt or differently stamped file gives an empty cache. */
  static async open(path: string, stamp: string): Promise<ParseCache> {
    try {
      const bytes = await readFile(path);
      const frames: unknown[] = [];
      for (let at = 0; at < bytes.length; ) {
        const length = bytes.readUInt32LE(at);
        if (at + 4 + length > bytes.length) throw new Error('truncated');
        frames.push(deserialize(bytes.subarray(at + 4, at + 4 + length)));
        at += 4 + length;
      }
      const [fileStamp, ...chunks] = frames;
      if (fileStamp === stamp && chunks.every(Array.isArray)) return new ParseCache(path, stamp, new Map((chunks as [string, Entry][][]).flat()));
    } catch {
      // No cache yet, or one that cannot be read: start empty.
    }
    return new ParseCache(path, stamp, new Map());
  }

  /** The cached parse of `text` at `uri`, if this exact text was parsed before. */
  get(uri: string, text: string): ParsedFile | undefined {
    const hash = hashOf(text);
    const entry = this.stored.get(uri) ?? this.used.get(uri);
    if (!entry || entry.hash !== hash) {
      this.misses++;
      this.missed.set(uri, { text, hash });
      return undefined;
    }
    this.hits++;
    this.used.set(uri, entry);
    return { ...entry.file, text };
  }

  set(parsed: ParsedFile): void {
    const { text, ...file } = parsed;
    const missed = this.missed.get(parsed.uri);
    this.missed.delete(parsed.uri);
    this.used.set(parsed.uri, { hash: missed?.text === text ? missed.hash : hashOf(text), file });
    this.dirty = true;
  }

  /** Writes the entries used or added in this session (stale ones drop out), atomically. */
  async save(): Promise<void> {
    if (!this.dirty && this.used.size === this.stored.size) return;
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
      const entries = [...this.used];
      for (let at = 0; at < entries.length; at += ENTRIES_PER_FRAME) await frame(entries.slice(at, at + ENTRIES_PER_FRAME));
    } finally {
      await handle.close();
    }
    await rename(temporary, this.path);
    this.dirty = false;
  }
}
