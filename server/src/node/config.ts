import { access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CONFIG_FILE_NAME } from '../core/config';

/** The nearest reqtrace.config.yaml in `dir` or a folder above it. */
export async function findConfig(dir: string): Promise<string | undefined> {
  for (let current = dir; ; current = dirname(current)) {
    const candidate = join(current, CONFIG_FILE_NAME);
    try {
      await access(candidate);
      return candidate;
    } catch {
      // Not here; look one folder up.
    }
    if (dirname(current) === current) return undefined;
  }
}

/**
 * The workspace a named file is checked in: the nearest folder above it with a reqtrace.config.yaml,
 * else the top of the git work tree it is in, else its own folder — never a whole home folder (nor
 * the file system's root), where every requirement file of every project would be read.
 */
export async function findWorkspaceRoot(file: string, home = homedir()): Promise<string> {
  const own = dirname(file);
  const usable = (dir: string): boolean => dir !== home && dirname(dir) !== dir;
  const config = await findConfig(own);
  if (config && usable(dirname(config))) return dirname(config);
  const top = await findGitTop(own);
  return top !== undefined && usable(top) ? top : own;
}

/**
 * The top folder of the git work tree `dir` is in, or undefined outside git. Found by its `.git` (a
 * folder, or a file in a worktree or submodule), without running git: git can run programs a
 * repository's config names, and reqtrace runs it only for an output that records the git state.
 */
export async function findGitTop(dir: string): Promise<string | undefined> {
  for (let current = dir; ; current = dirname(current)) {
    try {
      await access(join(current, '.git'));
      return current;
    } catch {
      // Not here; look one folder up.
    }
    if (dirname(current) === current) return undefined;
  }
}
