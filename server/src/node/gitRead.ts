/**
 * Reading files as they were at a commit, for `reqtrace diff` (a FileHost over a commit's tree, so a
 * past workspace loads as a folder on disk does) and for the history of one file (fileHistory, for
 * the editor's hover). git is spawned with argument arrays, never through a shell, with the
 * variables that point it at another repository removed (see git.ts). A revision the user gives is
 * refused when it starts with '-' (git would read it as an option) and passed after
 * `--end-of-options`. Every file of a commit is read through ONE `git cat-file --batch` process: a
 * request line per file in, framed contents out (`<oid> <type> <size>\n<bytes>\n`), where one
 * `git show` per file would start hundreds of processes. Nothing here runs a program a
 * repository's config names: no clean or textconv filter is applied on these reads, and the
 * file-system monitor and signature checks are turned off.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import picomatch from 'picomatch';
import type { FileHost, ReadResult } from '../core/host';
import { decodeText, tooLarge } from '../core/parse/decode';
import { DEFAULT_LIMITS } from '../core/parse/parse';
import { READ_ONLY, REPOSITORY_VARIABLES, runGit as runGitWith, type GitRun } from './git';

export interface GitReadOptions {
  /** The environment git runs in (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** How long one git command may take, or a batch may wait for its next output (default 30 s). */
  readonly timeoutMs?: number;
}

/** Why git could not give what was asked: each is one line the CLI prints, and exit 2. */
export type GitProblemKind = 'no-git' | 'not-a-repository' | 'refused-revision' | 'unknown-revision' | 'shallow' | 'failed';

export class GitReadError extends Error {
  constructor(
    readonly kind: GitProblemKind,
    message: string,
  ) {
    super(message);
  }
}

/** What git is run with: no repository variables from a hook, no prompt, no fetch of missing objects in a partial clone. */
function gitEnvironment(env: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...(env ?? process.env), GIT_TERMINAL_PROMPT: '0', GIT_NO_LAZY_FETCH: '1' };
  for (const name of REPOSITORY_VARIABLES) delete out[name];
  return out;
}

/** Global options for reading: read-only (git.ts), paths taken literally, no signature checks (which run gpg). */
const READING = [...READ_ONLY, '--literal-pathspecs', '-c', 'log.showSignature=false'];

const DEFAULT_TIMEOUT_MS = 30_000;

/** git run with the reading options (READING), never through a shell: see git.ts's runGit. */
function runGit(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<GitRun> {
  return runGitWith([...READING, ...args], cwd, env, timeoutMs);
}

/** git's own words for a failure: its first `fatal:`/`error:` line, else its first line. */
function gitSays(run: GitRun): string {
  const lines = run.stderr.split(/\r?\n/).filter((line) => line.trim() !== '');
  const line = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0] ?? (run.exitCode === null ? 'git did not finish in time' : `git exited with ${run.exitCode}`);
  return line.replace(/^(fatal|error):\s*/, '');
}

const NO_GIT = 'git could not be run (is it installed and on the PATH?)';

/** The result of one request to a cat-file batch. */
export type BlobRead = { readonly type: string; readonly bytes: Buffer } | { readonly missing: true } | { readonly problem: string };

/**
 * One `git cat-file --batch` process: `read` writes a request line and resolves when its framed
 * answer has come back, in order; any number of reads share the process. `close` ends it.
 */
export class CatFileBatch {
  private child: ChildProcessByStdio<Writable, Readable, null> | undefined;
  private failed: string | undefined;
  private readonly pending: ((result: BlobRead) => void)[] = [];
  private header = Buffer.alloc(0);
  private body: { readonly type: string; readonly size: number; readonly parts: Buffer[]; have: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed: Promise<void> | undefined;

  constructor(
    private readonly cwd: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  /** The object `spec` names (`<commit>:<path>`, or `<commit>:./<path>` relative to the batch's folder). */
  read(spec: string): Promise<BlobRead> {
    if (/[\r\n]/.test(spec)) return Promise.resolve({ problem: 'a path with a line break cannot be read from git' });
    const child = this.start();
    if (!child) return Promise.resolve({ problem: this.failed ?? NO_GIT });
    return new Promise((resolvePromise) => {
      this.pending.push(resolvePromise);
      this.armTimer();
      child.stdin.write(`${spec}\n`);
    });
  }

  /** Ends the process once every read has been answered. */
  close(): Promise<void> {
    if (!this.child) return Promise.resolve();
    this.closed ??= new Promise((resolvePromise) => {
      const child = this.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolvePromise();
      child.once('close', () => resolvePromise());
      child.stdin.end();
    });
    return this.closed;
  }

  private start(): ChildProcessByStdio<Writable, Readable, null> | undefined {
    if (this.failed !== undefined) return undefined;
    if (this.child) return this.child;
    try {
      this.child = spawn('git', [...READING, 'cat-file', '--batch'], { cwd: this.cwd, env: this.env, shell: false, windowsHide: true, stdio: ['pipe', 'pipe', 'ignore'] });
    } catch {
      this.fail(NO_GIT);
      return undefined;
    }
    const child = this.child;
    // A process gone before its input was written: the reads waiting are answered by 'close'.
    child.stdin.on('error', () => undefined);
    child.stdout.on('data', (chunk: Buffer) => this.take(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => this.fail(error.code === 'ENOENT' ? NO_GIT : `git cat-file failed: ${error.message}`));
    child.on('close', () => this.fail('git cat-file stopped before it answered'));
    return child;
  }

  private fail(problem: string): void {
    this.failed ??= problem;
    clearTimeout(this.timer);
    for (const answer of this.pending.splice(0)) answer({ problem });
  }

  /** While reads wait, git must say something within the timeout or it is stopped. */
  private armTimer(): void {
    clearTimeout(this.timer);
    if (this.pending.length === 0) return;
    this.timer = setTimeout(() => {
      this.child?.kill();
      this.fail('git cat-file did not answer in time');
    }, this.timeoutMs);
    this.timer.unref();
  }

  /** Reads the framed answers: a header line, then (unless missing) size bytes and a line feed. */
  private take(chunk: Buffer): void {
    let data = chunk;
    while (data.length > 0) {
      if (this.body) {
        const body = this.body;
        const wanted = body.size + 1 - body.have;
        const part = data.subarray(0, wanted);
        body.parts.push(part);
        body.have += part.length;
        data = data.subarray(part.length);
        if (body.have === body.size + 1) {
          this.body = undefined;
          const bytes = Buffer.concat(body.parts).subarray(0, body.size);
          this.pending.shift()?.({ type: body.type, bytes });
        }
        continue;
      }
      const joined = this.header.length > 0 ? Buffer.concat([this.header, data]) : data;
      const end = joined.indexOf(0x0a);
      if (end < 0) {
        this.header = Buffer.from(joined);
        break;
      }
      this.header = Buffer.alloc(0);
      const line = joined.subarray(0, end).toString('utf8');
      data = joined.subarray(end + 1);
      // `<oid> <type> <size>`; anything else (`<name> missing`, `<name> ambiguous`) names no object.
      const found = /^[0-9a-f]{40,64} (\S+) (\d+)$/.exec(line);
      if (found) this.body = { type: found[1] as string, size: Number(found[2]), parts: [], have: 0 };
      else this.pending.shift()?.({ missing: true });
    }
    this.armTimer();
  }
}

/** A repository found from a folder in its work tree. */
export class GitRepository {
  /** The one cat-file process every tree host of this repository reads through, started on the first read. */
  private batch: CatFileBatch | undefined;

  private constructor(
    /** The top folder of the work tree, spelt from the folder it was opened from (symbolic links as the caller has them). */
    readonly top: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly timeoutMs: number,
  ) {}

  /** The repository `folder` is in; throws GitReadError when git cannot be run or the folder is in none. */
  static async open(folder: string, options: GitReadOptions = {}): Promise<GitRepository> {
    const env = gitEnvironment(options.env);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // A folder that is not there would look like git missing (spawn says ENOENT for both).
    try {
      if (!(await stat(folder)).isDirectory()) throw new GitReadError('failed', `'${folder}' is not a folder`);
    } catch (error) {
      if (error instanceof GitReadError) throw error;
      throw new GitReadError('failed', `cannot read '${folder}'`);
    }
    const run = await runGit(['rev-parse', '--show-toplevel', '--show-prefix'], folder, env, timeoutMs);
    if (run.error) throw new GitReadError('no-git', NO_GIT);
    if (run.exitCode !== 0) {
      const says = gitSays(run);
      if (/not a git repository/i.test(says)) throw new GitReadError('not-a-repository', `'${folder}' is not in a git repository`);
      throw new GitReadError('failed', `git cannot read the repository '${folder}' is in: ${says}`);
    }
    const [, prefix = ''] = run.stdout.toString('utf8').split('\n');
    const depth = prefix.split('/').filter(Boolean).length;
    return new GitRepository(depth === 0 ? folder : resolve(folder, ...Array<string>(depth).fill('..')), env, timeoutMs);
  }

  /** The full commit id `revision` names; throws GitReadError when it is refused, unknown or beyond a shallow clone. */
  async commitOf(revision: string): Promise<string> {
    if (revision.startsWith('-')) throw new GitReadError('refused-revision', `refused revision '${revision}': a revision may not start with '-' (git would read it as an option)`);
    const unknown = new GitReadError('unknown-revision', `unknown revision '${revision}': no commit, branch or tag of that name in this repository`);
    if (revision === '' || /[\u0000-\u001f]/.test(revision)) throw unknown;
    const run = await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`], this.top, this.env, this.timeoutMs);
    if (run.error) throw new GitReadError('no-git', NO_GIT);
    const commit = run.stdout.toString('utf8').trim();
    if (run.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(commit)) return commit;
    const shallow = await runGit(['rev-parse', '--is-shallow-repository'], this.top, this.env, this.timeoutMs);
    if (shallow.stdout.toString('utf8').trim() === 'true') {
      throw new GitReadError('shallow', `'${revision}' is not a commit in this shallow clone: fetch the history it needs (git fetch --unshallow, or fetch-depth: 0 in actions/checkout)`);
    }
    throw unknown;
  }

  /** The path of `file` (absolute) from the top of the work tree, with '/'; undefined outside it. */
  pathOf(file: string): string | undefined {
    const path = relative(this.top, file);
    if (path.startsWith('..') || isAbsolute(path)) return undefined;
    return path.split(sep).join('/');
  }

  /** The files of `commit` under `folder` (absolute) that `include` selects and `exclude` does not (globs relative to the folder), sorted. */
  async listFiles(commit: string, folder: string, include: readonly string[], exclude: readonly string[]): Promise<string[]> {
    const under = this.pathOf(folder);
    if (under === undefined) return [];
    const run = await runGit(['ls-tree', '-r', '-z', '--name-only', commit, ...(under ? ['--', under] : [])], this.top, this.env, this.timeoutMs);
    if (run.error) throw new GitReadError('no-git', NO_GIT);
    if (run.exitCode !== 0) throw new GitReadError('failed', `git cannot list the files of ${commit.slice(0, 12)}: ${gitSays(run)}`);
    const selects = picomatch([...include], { dot: false });
    const skips = picomatch([...exclude], { dot: true });
    const prefix = under ? `${under}/` : '';
    return run.stdout
      .toString('utf8')
      .split('\0')
      .filter((path) => path.startsWith(prefix) && path.length > prefix.length)
      .map((path) => path.slice(prefix.length))
      .filter((path) => selects(path) && !skips(path))
      .map((path) => resolve(folder, ...path.split('/')))
      .sort();
  }

  /**
   * The commit's tree as a FileHost: `list` as the disk host lists a folder, `read` through the
   * repository's one cat-file process (shared by the hosts of every commit; see close). URIs are
   * the files' places in the work tree, so a file has the same URI at every commit and on disk.
   */
  treeHost(commit: string, maxBytes: () => number): FileHost {
    const short = commit.slice(0, 12);
    return {
      list: async (root, include, exclude) => (await this.listFiles(commit, root.startsWith('file:') ? fileURLToPath(root) : root, include, exclude)).map((path) => pathToFileURL(path).href),
      read: async (uri): Promise<ReadResult> => {
        const path = this.pathOf(uri.startsWith('file:') ? fileURLToPath(uri) : uri);
        if (path === undefined) return { problem: { code: 'unreadable-file', message: 'This file is outside the git repository, so reqtrace could not read it at a commit.' } };
        this.batch ??= new CatFileBatch(this.top, this.env, this.timeoutMs);
        const result = await this.batch.read(`${commit}:${path}`);
        if ('problem' in result) return { problem: { code: 'unreadable-file', message: `reqtrace could not read this file at ${short}: ${result.problem}.` } };
        if ('missing' in result) return { problem: { code: 'unreadable-file', message: `This file is not in ${short}.` } };
        if (result.type !== 'blob') return { problem: { code: 'unreadable-file', message: `This is a ${result.type === 'tree' ? 'folder' : result.type} in ${short}, not a file, so reqtrace did not read it.` } };
        if (result.bytes.length > maxBytes()) return { problem: tooLarge(maxBytes()) };
        return decodeText(result.bytes, maxBytes());
      },
    };
  }

  /**
   * What a diff can be compared with: the branch checked out, the other branches (local, then
   * remote) and the tags, newest first, and the last `commits` commits of HEAD's first-parent line (none before the first commit). Two git
   * processes, for-each-ref and log; throws GitReadError when git cannot be run or fails.
   */
  async baselines(commits = 30): Promise<readonly Baseline[]> {
    // Fields end with NUL and records with NUL and a line feed: a subject holds neither.
    const refs = await runGit(
      ['for-each-ref', '--sort=refname', '--sort=-creatordate', '--format=%(HEAD)%00%(refname)%00%(objectname)%00%(*objectname)%00%(creatordate:iso-strict)%00%(*committerdate:iso-strict)%00%(subject)%00%(*subject)%00', 'refs/heads', 'refs/remotes', 'refs/tags'],
      this.top,
      this.env,
      this.timeoutMs,
    );
    if (refs.error) throw new GitReadError('no-git', NO_GIT);
    if (refs.exitCode !== 0) throw new GitReadError('failed', `git cannot list the branches and tags: ${gitSays(refs)}`);
    const found: Baseline[] = [];
    let currentBranch: string | undefined;
    for (const record of refs.stdout.toString('utf8').split('\0\n')) {
      const [current = '', refname = '', object = '', peeled = '', date = '', peeledDate = '', subject = '', peeledSubject = ''] = record.split('\0');
      const kind = refname.startsWith('refs/heads/') ? 'branch' : refname.startsWith('refs/remotes/') ? 'remote' : refname.startsWith('refs/tags/') ? 'tag' : undefined;
      // A remote's HEAD is another name for one of its branches.
      if (!kind || (kind === 'remote' && refname.endsWith('/HEAD'))) continue;
      // An annotated tag names a tag object: its commit, date and subject are the peeled ones.
      const commit = peeled || object;
      if (!/^[0-9a-f]{40,64}$/.test(commit)) continue;
      const name = refname.replace(/^refs\/(heads|remotes|tags)\//, '');
      found.push({ kind, ref: name, commit, date: peeledDate || date, subject: peeled ? peeledSubject : subject });
      if (current === '*') currentBranch = name;
    }
    // The branch checked out first, then local branches, remote ones and tags, each newest first (then by name).
    const order: Record<Baseline['kind'], number> = { branch: 1, remote: 2, tag: 3, commit: 4 };
    const rank = (baseline: Baseline): number => (baseline.kind === 'branch' && baseline.ref === currentBranch ? 0 : order[baseline.kind]);
    found.sort((a, b) => rank(a) - rank(b));

    const log = await runGit(['log', '--no-show-signature', '--first-parent', '-n', String(Math.max(1, Math.floor(commits))), '--format=%H%x00%cI%x00%s%x00', 'HEAD', '--'], this.top, this.env, this.timeoutMs);
    if (log.error) throw new GitReadError('no-git', NO_GIT);
    // A repository without a commit has no HEAD to read: no commits to offer.
    if (log.exitCode === 0) {
      for (const record of log.stdout.toString('utf8').split('\0\n')) {
        const [commit = '', date = '', subject = ''] = record.split('\0');
        if (/^[0-9a-f]{40,64}$/.test(commit)) found.push({ kind: 'commit', ref: commit, commit, date, subject });
      }
    }
    return found;
  }

  /** Ends the cat-file process, once every read has been answered. */
  async close(): Promise<void> {
    await this.batch?.close();
  }
}

/** A revision to compare with: a branch, a remote branch, a tag or a commit, with its commit's date (ISO 8601) and subject. */
export interface Baseline {
  readonly kind: 'branch' | 'remote' | 'tag' | 'commit';
  /** The name to give as a revision (the full commit id for a commit). */
  readonly ref: string;
  readonly commit: string;
  readonly date: string;
  readonly subject: string;
}

/** One version of a file: the commit that made it, and its text then. */
export interface FileVersion {
  readonly commit: string;
  readonly text: string;
}

export interface FileHistoryOptions extends GitReadOptions {
  /** The most versions to give (default 200). */
  readonly max?: number;
  /** Versions larger than this many bytes are left out (default: the parse limit). */
  readonly maxBytes?: number;
}

/**
 * The versions of a file, newest first: for each commit that changed it (at most `max`), its text
 * as that commit left it. Two git processes whatever the number of versions: `git log` for the
 * commits, one `cat-file --batch` for every text. A version git cannot give (the commit that
 * deleted the file, a text that is not UTF-8, one beyond `maxBytes`) is left out. Never throws:
 * outside git, without git, or on any failure it gives `{ problem }`.
 */
export async function fileHistory(repoFolder: string, path: string, options: FileHistoryOptions = {}): Promise<readonly FileVersion[] | { readonly problem: string }> {
  try {
    const env = gitEnvironment(options.env);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const max = Math.max(1, Math.floor(options.max ?? 200));
    const maxBytes = options.maxBytes ?? DEFAULT_LIMITS.maxFileChars;
    const file = path.startsWith('file:') ? fileURLToPath(path) : resolve(repoFolder, path);
    // Run in the nearest folder of the file that is there (its own, unless it was deleted with it),
    // with the path from there, so neither the log nor the reads need the top of the work tree.
    const folder = await nearestFolder(dirname(file));
    const name = relative(folder, file).split(sep).join('/');
    const log = await runGit(['log', '--no-show-signature', '--format=%H', '-n', String(max), '--', name], folder, env, timeoutMs);
    if (log.error) return { problem: log.error.code === 'ENOENT' ? NO_GIT : `git could not be run: ${log.error.message}` };
    if (log.exitCode !== 0) {
      const says = gitSays(log);
      return { problem: /not a git repository/i.test(says) ? `${name} is not in a git repository, so its earlier versions cannot be read` : `git log failed: ${says}` };
    }
    const commits = log.stdout
      .toString('utf8')
      .split('\n')
      .filter((line) => /^[0-9a-f]{40,64}$/.test(line));
    if (commits.length === 0) return [];
    const batch = new CatFileBatch(folder, env, timeoutMs);
    const reads = await Promise.all(commits.map((commit) => batch.read(`${commit}:./${name}`)));
    await batch.close();
    const versions: FileVersion[] = [];
    reads.forEach((read, at) => {
      if (!('bytes' in read) || read.type !== 'blob' || read.bytes.length > maxBytes) return;
      const decoded = decodeText(read.bytes, maxBytes);
      if ('text' in decoded) versions.push({ commit: commits[at] as string, text: decoded.text });
    });
    const failed = reads.find((read): read is { problem: string } => 'problem' in read);
    return failed && versions.length === 0 ? { problem: failed.problem } : versions;
  } catch (error) {
    return { problem: `the history of '${path}' could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** `folder`, or the nearest folder above it that exists. */
async function nearestFolder(folder: string): Promise<string> {
  for (let current = folder; ; current = dirname(current)) {
    try {
      if ((await stat(current)).isDirectory()) return current;
    } catch {
      // Not there; look one folder up.
    }
    if (dirname(current) === current) return current;
  }
}
