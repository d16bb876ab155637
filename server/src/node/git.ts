/**
 * The git part of a run's provenance (core/report/provenance.ts): which work tree, commit and branch
 * the workspace is in and whether it has uncommitted changes. git is spawned with argument
 * arrays, never through a shell. No git on the PATH, a folder outside git, a repository git refuses
 * (another user's, say) or a git that hangs: the git part is absent, never an error.
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { GitProvenance } from '../core/report/provenance';

export interface GitOptions {
  /** The environment git runs in (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** How long one git command may take before it is given up (default 10 s). */
  readonly timeoutMs?: number;
}

/**
 * Variables that point git at a repository other than the one its folder is in. git sets some of them
 * for hooks (a pre-commit hook that runs reqtrace), relative to the hook's folder, not the workspace's.
 */
export const REPOSITORY_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_NAMESPACE', 'GIT_PREFIX'];

/**
 * Reading only: `--no-optional-locks` keeps `git status` from rewriting the index under an editor's
 * own git, and `core.fsmonitor=false` keeps a repository's config from running its monitor command.
 */
export const READ_ONLY = ['--no-optional-locks', '-c', 'core.fsmonitor=false'];

export async function gitProvenance(folder: string, options: GitOptions = {}): Promise<GitProvenance | undefined> {
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env), GIT_TERMINAL_PROMPT: '0' };
  for (const name of REPOSITORY_VARIABLES) delete env[name];
  const git = (args: readonly string[], stopWhen?: (stdout: string) => boolean): Promise<GitRun> => runGit([...READ_ONLY, ...args], folder, env, options.timeoutMs ?? 10_000, stopWhen);

  // Two processes at once: the top-level folder, and the status with the commit and branch in its
  // header lines ("# branch.oid …", "# branch.head …"). The first entry after them answers whether
  // the tree is dirty, so a huge change set is never listed in full.
  const [top, status] = await Promise.all([
    git(['rev-parse', '--show-toplevel']),
    git(['status', '--porcelain=v2', '--branch', '--untracked-files=normal'], (stdout) => /^[^#]/m.test(stdout)),
  ]);
  const topLevel = top.exitCode === 0 ? top.stdout.toString('utf8').replace(/\r?\n$/, '') : '';
  if (topLevel === '' || status.exitCode !== 0) return undefined;
  const statusText = status.stdout.toString('utf8');
  const header = (name: string): string => new RegExp(`^# branch\\.${name} (.*)$`, 'm').exec(statusText)?.[1] ?? '';
  // "(initial)" before the first commit; "(detached)" when HEAD names no branch.
  const commit = header('oid');
  const branch = header('head');
  return {
    topLevelUri: pathToFileURL(topLevel).href,
    ...(/^[0-9a-f]{40,64}$/.test(commit) ? { commit } : {}),
    ...(branch && branch !== '(detached)' ? { branch } : {}),
    dirty: /^[^#]/m.test(statusText),
  };
}

export interface GitRun {
  /** null when git could not be started (see `error`) or timed out; 0 when it was stopped because its output had answered. */
  readonly exitCode: number | null;
  readonly stdout: Buffer;
  /** Its first 64 KB. */
  readonly stderr: string;
  readonly error?: NodeJS.ErrnoException;
}

/**
 * Runs git with these arguments (no shell), in `cwd`, for at most `timeoutMs`; never rejects.
 * `stopWhen`, given the output so far, can end it early once the output has answered.
 */
export function runGit(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number, stopWhen?: (stdout: string) => boolean): Promise<GitRun> {
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    let stderr = '';
    let settled = false;
    const finish = (exitCode: number | null, error?: NodeJS.ErrnoException): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ exitCode, stdout: Buffer.concat(stdout), stderr, ...(error ? { error } : {}) });
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn('git', args, { cwd, env, shell: false, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      resolve({ exitCode: null, stdout: Buffer.alloc(0), stderr: '', error: error as NodeJS.ErrnoException });
      return;
    }
    const timer = setTimeout(() => {
      child.kill();
      finish(null);
    }, timeoutMs);
    timer.unref();
    child.stdout?.on('data', (chunk: Buffer) => {
      if (settled) return;
      stdout.push(chunk);
      if (stopWhen?.(Buffer.concat(stdout).toString('utf8'))) {
        child.kill();
        finish(0);
      }
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      if (stderr.length < 64 * 1024) stderr += chunk;
    });
    // No git on the PATH, or a folder that is gone.
    child.on('error', (error) => finish(null, error));
    child.on('close', (code) => finish(code));
  });
}
