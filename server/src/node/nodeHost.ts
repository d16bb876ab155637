/** The file system host for Node: the CLI and the language server read disk through it. */
import { closeSync, constants, fstatSync, openSync, readdir, readFileSync, type Dirent, type Stats } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { glob } from 'tinyglobby';
import { decodeText, tooLarge } from '../core/parse/decode';
import type { FileHost, ReadResult } from '../core/host';

// Opening a named pipe for reading would wait for a writer; with O_NONBLOCK it returns at once.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export function createNodeHost(maxBytes: () => number): FileHost {
  return {
    // Reads are synchronous: a requirements file is small, and one open/stat/read/close done at once
    // costs a few microseconds where the same steps through the thread pool cost a round trip each
    // (500 files: about 15 ms against 110 ms here).
    read(uri: string): Promise<ReadResult> {
      return Promise.resolve(readNow(uri.startsWith('file:') ? fileURLToPath(uri) : uri, maxBytes()));
    },
    async list(root: string, include: readonly string[], exclude: readonly string[]): Promise<string[]> {
      const cwd = root.startsWith('file:') ? fileURLToPath(root) : root;
      const paths = await glob([...include], { cwd, ignore: [...exclude], absolute: true, dot: false, followSymbolicLinks: false, onlyFiles: true, fs: { readdir: readdirListingEveryEntry } });
      return paths.sort().map((p) => pathToFileURL(p).href);
    },
  };
}

function readNow(path: string, maxBytes: number): ReadResult {
  let fd: number | undefined;
  try {
    fd = openSync(path, OPEN_FLAGS);
    // Ask the open file what it is, so nothing can swap it between the look and the read.
    const info = fstatSync(fd);
    if (!info.isFile()) return { problem: { code: 'unreadable-file', message: `This is ${whatItIs(info)}, not a file, so reqtrace did not read it.` } };
    // Look at the size first, so a huge file is refused without being read.
    if (info.size > maxBytes) return { problem: tooLarge(maxBytes) };
    return decodeText(readFileSync(fd), maxBytes);
  } catch (error) {
    return { problem: { code: 'unreadable-file', message: `reqtrace could not read this file: ${describeIoError(error)}.` } };
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // Nothing more to do with it.
      }
    }
  }
}

/**
 * readdir for the glob, with every entry that is not a folder shown as a file: symbolic links (never
 * walked into, so a link to a parent folder cannot trap the walk), named pipes and devices are
 * listed when their names match, and reading each then says what it is instead of skipping it unsaid.
 */
const readdirListingEveryEntry = ((path: string, options: { withFileTypes: true }, callback: (error: NodeJS.ErrnoException | null, entries: Dirent[]) => void): void => {
  readdir(path, options, (error, entries) => callback(error, error ? entries : entries.map((entry) => (entry.isFile() || entry.isDirectory() ? entry : asFile(entry)))));
}) as unknown as typeof readdir;

function asFile(entry: Dirent): Dirent {
  return Object.assign(Object.create(entry) as Dirent, { isFile: () => true, isSymbolicLink: () => false });
}

function whatItIs(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'a special file';
}

export function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'EEXIST':
    case 'ENOTDIR':
      return 'a file is in the way where a folder is needed';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ELOOP':
      return 'too many symbolic links (a link loop?)';
    default:
      return code ? `${code}` : error instanceof Error ? error.message : String(error);
  }
}
