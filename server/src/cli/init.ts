/**
 * `reqtrace init [DIR]`: starts a workspace in DIR (default: the current folder, created when
 * missing) with a reqtrace.config.yaml and one example file of each kind. It never writes over a
 * file, and refuses a folder that already holds requirement files or a config: init starts a new
 * workspace, it does not add examples to one.
 */
import { lstat, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG } from '../core/config';
import { STARTER_FILES } from '../core/starter';
import { createNodeHost, describeIoError } from '../node/nodeHost';

export class InitError extends Error {}

export async function runInit(args: readonly string[], terminal: { readonly cwd: string; readonly stdout: { write(data: string): unknown } }): Promise<number> {
  const { positionals } = parseArgs({ args: [...args], allowPositionals: true, strict: true, options: {} });
  if (positionals.length > 1) throw new InitError(`init takes one folder (found ${positionals.length})`);
  const { cwd } = terminal;
  const folder = resolve(cwd, positionals[0] ?? '.');
  const shown = relative(cwd, folder) || '.';
  try {
    const info = await lstat(folder);
    if (!info.isDirectory()) throw new InitError(`'${shown}' is not a folder`);
  } catch (error) {
    if (error instanceof InitError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new InitError(`cannot read '${shown}': ${describeIoError(error)}`);
  }
  const present: string[] = [];
  for (const file of STARTER_FILES) if (await exists(join(folder, ...file.path.split('/')))) present.push(file.path);
  if (present.length > 0) throw new InitError(`'${shown}' already has ${present.join(', ')}: init starts a new workspace and never writes over a file`);
  const existing = (await exists(folder)) ? await createNodeHost(() => DEFAULT_CONFIG.limits.maxFileChars).list(folder, DEFAULT_CONFIG.files, DEFAULT_CONFIG.exclude) : [];
  if (existing.length > 0) {
    throw new InitError(`'${shown}' already holds ${existing.length} requirement ${existing.length === 1 ? 'file' : 'files'}: init starts a new workspace (run reqtrace check '${shown}' to check it)`);
  }
  for (const file of STARTER_FILES) {
    const target = join(folder, ...file.path.split('/'));
    try {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.text, { flag: 'wx' });
    } catch (error) {
      throw new InitError(`cannot write '${relative(cwd, target)}': ${describeIoError(error)}`);
    }
  }
  const lines = [
    `Started a reqtrace workspace in ${shown}:`,
    ...STARTER_FILES.map((file) => `  ${relative(cwd, join(folder, ...file.path.split('/'))).split('\\').join('/')}`),
    `Next: reqtrace check ${shown}, then edit the examples (or open the folder in an editor with reqtrace).`,
  ];
  terminal.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
