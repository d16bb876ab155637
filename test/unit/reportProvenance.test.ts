/**
 * The provenance every exporter is given: the generation time (SOURCE_DATE_EPOCH pins it) and the
 * Node git host, run against real temporary repositories: clean, dirty, detached, before the first
 * commit, outside git and without git.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { git, GIT_ENV } from '../fixtures/gitEnv';
import { generationTime } from '../../server/src/core/report/provenance';
import { gitProvenance } from '../../server/src/node/git';

const NOW = new Date('2024-05-06T07:08:09Z');
const now = (): Date => NOW;

describe('generationTime', () => {
  it('is the clock when SOURCE_DATE_EPOCH is unset or empty', () => {
    expect(generationTime(undefined, now)).toBe(NOW);
    expect(generationTime('', now)).toBe(NOW);
  });

  it('is SOURCE_DATE_EPOCH, in whole seconds since 1970 UTC, when it is set', () => {
    expect(generationTime('1700000000', now)).toEqual(new Date('2023-11-14T22:13:20Z'));
    expect(generationTime('0', now)).toEqual(new Date(0));
  });

  it.each(['abc', '1.5', '-1', '1e9', ' 1700000000', '1700000000\n', '0x10', '9'.repeat(16)])('refuses the malformed SOURCE_DATE_EPOCH %j with a one-line problem', (value) => {
    const result = generationTime(value, now);
    expect(result).toHaveProperty('problem');
    const { problem } = result as { problem: string };
    expect(problem).toMatch(/^SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC \(found '.*'\)$/);
    expect(problem).not.toMatch(/[\r\n]/);
  });
});

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});



function folder(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'reqtrace-git-')));
  made.push(dir);
  return dir;
}

/** A repository on branch `main` with one commit of two files, one of them in a subfolder, and a .gitignore. */
function repository(): string {
  const dir = folder();
  git(dir, 'init', '--quiet', '--initial-branch=main');
  mkdirSync(join(dir, 'requirements'));
  writeFileSync(join(dir, 'requirements', 'hr.reqs.yaml'), 'kind: requirements\nitems: []\n');
  writeFileSync(join(dir, '.gitignore'), 'out/\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '--quiet', '-m', 'first');
  return dir;
}

describe('gitProvenance', () => {
  it('gives the top-level folder, the commit, the branch and a clean tree, asked from a subfolder', async () => {
    const dir = repository();
    expect(await gitProvenance(join(dir, 'requirements'), { env: GIT_ENV })).toEqual({
      topLevelUri: pathToFileURL(dir).href,
      commit: git(dir, 'rev-parse', 'HEAD'),
      branch: 'main',
      dirty: false,
    });
  });

  it('says the tree is dirty when a tracked file changed', async () => {
    const dir = repository();
    writeFileSync(join(dir, 'requirements', 'hr.reqs.yaml'), 'kind: requirements\nitems: [] # edited\n');
    expect(await gitProvenance(dir, { env: GIT_ENV })).toMatchObject({ dirty: true, branch: 'main' });
  });

  it('says the tree is dirty when a change is only staged', async () => {
    const dir = repository();
    writeFileSync(join(dir, 'requirements', 'hr.reqs.yaml'), 'kind: requirements\nitems: [] # staged\n');
    git(dir, 'add', '.');
    expect(await gitProvenance(dir, { env: GIT_ENV })).toMatchObject({ dirty: true });
  });

  it('says the tree is dirty when a file is not yet tracked, and clean when the only new file is ignored', async () => {
    const ignored = repository();
    mkdirSync(join(ignored, 'out'));
    writeFileSync(join(ignored, 'out', 'coverage.html'), '<p>made</p>');
    expect(await gitProvenance(ignored, { env: GIT_ENV })).toMatchObject({ dirty: false });
    const untracked = repository();
    writeFileSync(join(untracked, 'requirements', 'new.reqs.yaml'), 'kind: requirements\nitems: []\n');
    expect(await gitProvenance(untracked, { env: GIT_ENV })).toMatchObject({ dirty: true });
  });

  it('gives the commit and no branch when HEAD is detached', async () => {
    const dir = repository();
    const commit = git(dir, 'rev-parse', 'HEAD');
    git(dir, 'checkout', '--quiet', '--detach');
    const provenance = await gitProvenance(dir, { env: GIT_ENV });
    expect(provenance).toEqual({ topLevelUri: pathToFileURL(dir).href, commit, dirty: false });
  });

  it('gives the branch and no commit before the first commit', async () => {
    const dir = folder();
    git(dir, 'init', '--quiet', '--initial-branch=trunk');
    expect(await gitProvenance(dir, { env: GIT_ENV })).toEqual({ topLevelUri: pathToFileURL(dir).href, branch: 'trunk', dirty: false });
  });

  it('is absent outside git', async () => {
    const dir = folder();
    // The precondition: the temporary folder is in no repository.
    expect(() => execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, env: GIT_ENV, stdio: 'ignore' })).toThrow();
    expect(await gitProvenance(dir, { env: GIT_ENV })).toBeUndefined();
  });

  it('is absent, not an error, when git is not on the PATH or the folder is gone', async () => {
    const dir = repository();
    expect(await gitProvenance(dir, { env: { ...GIT_ENV, PATH: folder() } })).toBeUndefined();
    expect(await gitProvenance(join(dir, 'no-such-folder'), { env: GIT_ENV })).toBeUndefined();
  });

  it('asks the repository the folder is in, whatever GIT_DIR a git hook left in the environment', async () => {
    const dir = repository();
    const other = repository();
    const provenance = await gitProvenance(dir, { env: { ...GIT_ENV, GIT_DIR: join(other, '.git'), GIT_WORK_TREE: other } });
    expect(provenance?.topLevelUri).toBe(pathToFileURL(dir).href);
  });
});
