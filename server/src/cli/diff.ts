/**
 * `reqtrace diff BASE [--head REF] [paths...] [--format text|md|json] [--out FILE] [--root DIR] [--config FILE]`:
 * the statement of requirements at the git revision BASE against the working tree as it is on disk
 * (or against the revision --head names). Both sides are the workspace `check` would load from the
 * same paths, with the same config (the head's); the base side is read from git, every file through
 * one cat-file process (node/gitRead.ts), and built in memory. Exit 0 whatever the differences; 2
 * with one line when git cannot answer (no git, no repository, a revision unknown, refused or beyond
 * a shallow clone) or the arguments are wrong.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { DIFF_FORMATS, renderDiff, type DiffFormat } from '../core/change/diffRender';
import { DEFAULT_CONFIG, parseConfig, type Config } from '../core/config';
import type { FileHost } from '../core/host';
import { findConfig, findWorkspaceRoot } from '../node/config';
import { GitReadError, GitRepository } from '../node/gitRead';
import { createNodeHost, describeIoError } from '../node/nodeHost';
import { diffRevisions, loadSide, type DiffScope } from '../node/revisionDiff';

/** What the user got wrong, or what git could not give: the caller prints it as one line and exits 2. */
export class DiffError extends Error {}

export interface DiffTerminal {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: { write(data: string): unknown };
}

const FORMAT_OF_EXTENSION: Readonly<Record<string, DiffFormat>> = { md: 'md', json: 'json', txt: 'text' };

/** `colour`: whether stdout shows colour (the CLI decides as for check); never with --out. */
export async function runDiff(args: readonly string[], terminal: DiffTerminal, colour = false): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: { head: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, root: { type: 'string' }, config: { type: 'string' } },
  });
  const [baseRevision, ...paths] = positionals;
  if (baseRevision === undefined) throw new DiffError('diff needs the revision to compare with: reqtrace diff BASE [--head REF] [paths...] (BASE is a commit, branch or tag, such as main or HEAD~1)');
  const { cwd } = terminal;
  const out = values.out !== undefined ? resolve(cwd, values.out) : undefined;
  const format = values.format ?? (out ? FORMAT_OF_EXTENSION[extname(out).slice(1).toLowerCase()] : undefined) ?? 'text';
  if (!(DIFF_FORMATS as readonly string[]).includes(format)) throw new DiffError(`--format must be one of ${DIFF_FORMATS.join(', ')} (found '${format}')`);
  const shown = (path: string): string => relative(cwd, path) || '.';

  // The workspace as check finds it: folders given, or files in their workspace (or --root).
  const targets = (paths.length > 0 ? paths : ['.']).map((path) => resolve(cwd, path));
  const kinds = await Promise.all(targets.map(async (target) => ((await statOrFail(target, shown)).isDirectory() ? ('dir' as const) : ('file' as const))));
  const firstFile = targets.find((_, i) => kinds[i] === 'file');
  const root = values.root !== undefined ? await folderOrFail(resolve(cwd, values.root), shown) : firstFile ? await findWorkspaceRoot(firstFile) : undefined;
  if (root) {
    for (const target of targets) {
      const path = relative(root, target);
      if (path.startsWith('..') || isAbsolute(path)) throw new DiffError(`'${shown(target)}' is outside the workspace '${shown(root)}' it is compared in: give --root FOLDER`);
    }
  }
  const folder = root ?? targets.find((_, i) => kinds[i] === 'dir') ?? dirname(targets[0] as string);

  const repository = await gitOrFail(() => GitRepository.open(folder, { env: terminal.env }), folder, shown);
  try {
    for (const target of [folder, ...targets]) {
      if (repository.pathOf(target) === undefined) throw new DiffError(`'${shown(target)}' is outside the git repository '${shown(repository.top)}'`);
    }
    const [baseCommit, headCommit] = await Promise.all([
      gitOrFail(() => repository.commitOf(baseRevision), folder, shown),
      values.head !== undefined ? gitOrFail(() => repository.commitOf(values.head as string), folder, shown) : undefined,
    ]);

    const config = await readConfig(values.config !== undefined ? resolve(cwd, values.config) : undefined, folder, headCommit ? repository.treeHost(headCommit, () => DEFAULT_CONFIG.limits.maxFileChars) : undefined, shown);
    const scope: DiffScope = { targets, kinds, root, config };
    const diff = await diffRevisions({
      repository,
      folder,
      scope,
      base: { ref: baseRevision, commit: baseCommit },
      head: headCommit ? { ref: values.head ?? null, commit: headCommit } : { ref: null, commit: null },
      workingTree: () => loadSide(createNodeHost(() => config.limits.maxFileChars), scope),
    });
    if (!diff) {
      throw new DiffError(`no requirement files found in ${targets.map((t) => `'${shown(t)}'`).join(', ')}, at ${baseRevision} or ${values.head ?? 'in the working tree'} (looked for ${config.files.join(', ')})`);
    }
    const output = renderDiff(diff, format as DiffFormat, { colour: colour && !out });
    if (!out) {
      terminal.stdout.write(output);
      return 0;
    }
    try {
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, output);
    } catch (error) {
      throw new DiffError(`cannot write '${values.out}': ${describeIoError(error)}`);
    }
    terminal.stdout.write(`Wrote the requirements diff to ${shown(out)}\n`);
    return 0;
  } finally {
    await repository.close();
  }
}

/**
 * The config: --config FILE as it is on disk; else the nearest reqtrace.config.yaml above the
 * workspace folder, as it is at the head (on disk, or at --head's commit, where a config not there
 * leaves the defaults).
 */
async function readConfig(given: string | undefined, folder: string, headHost: FileHost | undefined, shown: (path: string) => string): Promise<Config> {
  const file = given ?? (await findConfig(folder));
  if (!file) return DEFAULT_CONFIG;
  const uri = pathToFileURL(file).href;
  const read = await (given || !headHost ? createNodeHost(() => DEFAULT_CONFIG.limits.maxFileChars) : headHost).read(uri);
  if ('problem' in read) {
    if (!given && headHost) return DEFAULT_CONFIG;
    throw new DiffError(`cannot read config '${shown(file)}': ${read.problem.message}`);
  }
  return parseConfig(uri, read.text).config;
}

async function statOrFail(path: string, shown: (path: string) => string): Promise<{ isDirectory(): boolean }> {
  try {
    return await stat(path);
  } catch (error) {
    throw new DiffError(`cannot read '${shown(path)}': ${describeIoError(error)}`);
  }
}

async function folderOrFail(path: string, shown: (path: string) => string): Promise<string> {
  if ((await statOrFail(path, shown)).isDirectory()) return path;
  throw new DiffError(`'${shown(path)}' is not a folder: --root names the workspace's folder`);
}

/** git's answer, or its problem as one line. */
async function gitOrFail<T>(ask: () => Promise<T>, folder: string, shown: (path: string) => string): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (!(error instanceof GitReadError)) throw error;
    if (error.kind === 'no-git') throw new DiffError('diff reads the history with git, and git could not be run (is it installed and on the PATH?)');
    if (error.kind === 'not-a-repository') throw new DiffError(`'${shown(folder)}' is not in a git repository: diff compares the requirements with a git revision`);
    throw new DiffError(error.message);
  }
}
