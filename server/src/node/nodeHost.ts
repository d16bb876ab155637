/** The file system host for Node: the CLI and the language server read disk through it. */
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { glob } from 'tinyglobby';
import { decodeText, tooLarge } from '../core/decode';
import type { FileHost, ReadResult } from '../core/host';

export function createNodeHost(maxBytes: () => number): FileHost {
  return {
    async read(uri: string): Promise<ReadResult> {
      const path = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
      try {
        // Look at the size first, so a huge file is refused without being read.
        if ((await stat(path)).size > maxBytes()) return { problem: tooLarge(maxBytes()) };
        return decodeText(await readFile(path), maxBytes());
      } catch (error) {
        return { problem: { code: 'unreadable-file', message: `reqtrace could not read this file: ${describeIoError(error)}.` } };
      }
    },
    async list(root: string, include: readonly string[], exclude: readonly string[]): Promise<string[]> {
      const cwd = root.startsWith('file:') ? fileURLToPath(root) : root;
      const paths = await glob([...include], { cwd, ignore: [...exclude], absolute: true, dot: false, followSymbolicLinks: false, onlyFiles: true });
      return paths.sort().map((p) => pathToFileURL(p).href);
    },
  };
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
