/**
 * Imports on disk, for the command line and the editor alike: the source read through bounded
 * reads, the importer run, and its files written as YAML into the output folder — all of them or
 * none: an existing file is never overwritten unless `force`, and that is known before anything is
 * written.
 */
import { constants, type Dirent } from 'node:fs';
import { lstat, mkdir, open, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ImportRefusal, type Importer, type ImportOptions, type ImportResult, type ImportSource } from '../core/import/importer';
import { importedYaml } from '../core/import/writeYaml';
import { describeIoError } from './nodeHost';

/** The largest file an importer reads: a ReqIF export of 100,000 objects is well under it. */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;
/** The most files a folder source lists (a Doorstop tree has one file per item). */
export const MAX_IMPORT_FILES = 200_000;

/** A file or folder on disk as an importer's source. A missing or unreadable path is a refusal. */
export async function diskSource(path: string, shownAs: string, reads: 'file' | 'folder'): Promise<ImportSource> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(path)).isDirectory();
  } catch (error) {
    throw new ImportRefusal(`cannot read '${shownAs}': ${describeIoError(error)}`);
  }
  if (reads === 'folder' && !isFolder) throw new ImportRefusal(`'${shownAs}' is a file: this import reads a folder`);
  if (reads === 'file' && isFolder) throw new ImportRefusal(`'${shownAs}' is a folder: this import reads one file`);
  return {
    name: shownAs,
    type: reads,
    list: async () => (isFolder ? listFiles(path, shownAs) : ['']),
    read: async (file) => readBounded(file === '' ? path : join(path, ...file.split('/')), file === '' ? shownAs : `${shownAs}/${file}`),
  };
}

async function listFiles(root: string, shownAs: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      throw new ImportRefusal(`cannot read '${relative(root, folder) || shownAs}': ${describeIoError(error)}`);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      // Symbolic links are not followed: a link to a folder above would make the walk endless.
      if (entry.isDirectory()) {
        if (entry.name !== '.git' && entry.name !== 'node_modules') await walk(join(folder, entry.name));
      } else if (entry.isFile()) {
        files.push(relative(root, join(folder, entry.name)).split(sep).join('/'));
        if (files.length > MAX_IMPORT_FILES) throw new ImportRefusal(`'${shownAs}' holds more than ${MAX_IMPORT_FILES.toLocaleString('en-GB')} files: name the folder of the documents to import`);
      }
    }
  };
  await walk(root);
  return files;
}

/** A file's bytes, refused unread when it is larger than MAX_IMPORT_BYTES or is not a regular file. */
async function readBounded(path: string, shownAs: string): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const info = await handle.stat();
    if (!info.isFile()) throw new ImportRefusal(`'${shownAs}' is not a regular file`);
    if (info.size > MAX_IMPORT_BYTES) throw new ImportRefusal(`'${shownAs}' is ${megabytes(info.size)}: reqtrace imports files of up to ${megabytes(MAX_IMPORT_BYTES)}`);
    return await handle.readFile();
  } catch (error) {
    if (error instanceof ImportRefusal) throw error;
    throw new ImportRefusal(`cannot read '${shownAs}': ${describeIoError(error)}`);
  } finally {
    await handle?.close();
  }
}

function megabytes(bytes: number): string {
  return `${Math.ceil(bytes / (1024 * 1024))} MB`;
}

/** The import would write over files that exist: `force` would do it. */
export class ExistingFiles extends ImportRefusal {
  constructor(
    message: string,
    /** The files that exist, relative to the output folder. */
    readonly files: readonly string[],
  ) {
    super(message);
  }
}

export interface ImportDone {
  readonly result: ImportResult;
  /** The files written, as absolute paths, in the order the importer gave them. */
  readonly written: readonly string[];
}

/**
 * Runs `importer` on `source` and writes its files into `outDir` (created when missing). Without
 * `force`, a file that exists already stops the import before anything is written.
 */
export async function importInto(importer: Importer, source: ImportSource, options: ImportOptions, outDir: string, force: boolean): Promise<ImportDone> {
  const result = await importer.read(source, options);
  if (result.files.length === 0) throw new ImportRefusal(`nothing to import in '${source.name}'${result.skipped.length > 0 ? `: ${result.skipped[0]}` : ''}`);
  const targets = result.files.map((file) => {
    const target = resolve(outDir, ...file.path.split('/'));
    const inside = relative(outDir, target);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) throw new Error(`${importer.name} named a file outside the output folder: ${file.path}`);
    return target;
  });
  if (new Set(targets).size !== targets.length) throw new Error(`${importer.name} named the same file twice`);
  if (!force) {
    const existing: string[] = [];
    for (const target of targets) if (await exists(target)) existing.push(relative(outDir, target));
    if (existing.length > 0) {
      const shown = existing.slice(0, 3).join(', ') + (existing.length > 3 ? ` and ${existing.length - 3} more` : '');
      throw new ExistingFiles(`not imported: ${shown} already ${existing.length === 1 ? 'exists' : 'exist'} in the output folder; give --force to overwrite, or another --out`, existing);
    }
  }
  // Each file is rendered while the ones before it are written: a few writes at a time, so the
  // rendering of the next file overlaps the disk.
  const folders = new Set(targets.map((target) => dirname(target)));
  for (const folder of folders) {
    await mkdir(folder, { recursive: true }).catch((error: unknown) => {
      throw writeRefusal(outDir, folder, error);
    });
  }
  const writing = new Set<Promise<void>>();
  let failure: ImportRefusal | undefined;
  for (const [index, file] of result.files.entries()) {
    const target = targets[index] as string;
    const write: Promise<void> = writeFile(target, importedYaml(file))
      .catch((error: unknown) => void (failure ??= writeRefusal(outDir, target, error)))
      .finally(() => writing.delete(write));
    writing.add(write);
    if (writing.size >= WRITES_AT_ONCE) await Promise.race(writing);
    if (failure) break;
  }
  await Promise.all(writing);
  if (failure) throw failure;
  return { result, written: targets };
}

/** How many files are written at once. */
const WRITES_AT_ONCE = 8;

function writeRefusal(outDir: string, path: string, error: unknown): ImportRefusal {
  return new ImportRefusal(`cannot write '${relative(outDir, path)}': ${describeIoError(error)}`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
