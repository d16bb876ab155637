/**
 * The README's pre-commit hook, run for real: taken from the README's fenced block (so the two
 * cannot drift), installed in a temporary git repository holding samples/synergy, and made to run
 * the built CLI through the REQTRACE variable the snippet honours.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GIT_ENV } from '../fixtures/gitEnv';
import { CLI } from './run';

const ROOT = join(__dirname, '..', '..');

/** The first ```sh block of the README's "In CI" section that is a whole script. */
function hookFromReadme(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## In CI\n'), readme.indexOf('\n## ', readme.indexOf('\n## In CI\n') + 1));
  const block = /```sh\n(#!\/bin\/sh\n[\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error("the README's In CI section has no #!/bin/sh block");
  return block;
}

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe("the README's pre-commit hook", () => {
  it('refuses a commit that breaks a link in a staged file, and lets a clean change and a commit without requirement files through', () => {
    const hook = hookFromReadme();
    expect(hook).toContain('npx reqtrace');
    expect(hook).toContain('--diff-filter=ACMR -z');

    const repo = realpathSync(mkdtempSync(join(tmpdir(), 'reqtrace-hook-')));
    temps.push(repo);
    const env = { ...GIT_ENV, REQTRACE: `${process.execPath} ${CLI}`, NO_COLOR: '1' };
    const git = (...args: string[]): { status: number | null; output: string } => {
      const result = spawnSync('git', args, { cwd: repo, env, encoding: 'utf8', timeout: 60_000 });
      return { status: result.status, output: `${result.stdout}${result.stderr}` };
    };
    expect(git('init', '-q').status).toBe(0);
    cpSync(join(ROOT, 'samples', 'synergy'), join(repo, 'spec dir'), { recursive: true });
    writeFileSync(join(repo, '.git', 'hooks', 'pre-commit'), hook);
    chmodSync(join(repo, '.git', 'hooks', 'pre-commit'), 0o755);

    // The first commit checks every requirement file of the clean sample.
    git('add', '-A');
    const first = git('commit', '-q', '-m', 'The sample');
    expect(first.status, first.output).toBe(0);
    expect(first.output).toMatch(/files checked, in a workspace of/);

    const file = join(repo, 'spec dir', 'requirements', 'hr.reqs.yaml');
    const clean = readFileSync(file, 'utf8');
    // The sample's links carry stamps: the id before the stamp is changed.
    writeFileSync(file, clean.replace('satisfies: [UN-HR-001@', 'satisfies: [UN-HR-999@'));
    git('add', '-A');
    const broken = git('commit', '-q', '-m', 'A broken link');
    expect(broken.status).not.toBe(0);
    expect(broken.output).toContain('spec dir/requirements/hr.reqs.yaml:16:17: error broken-link: UN-HR-999 does not exist');
    expect(git('rev-list', '--count', 'HEAD').output.trim()).toBe('1');

    writeFileSync(file, clean.replace(/title: .*/, 'title: A clearer title'));
    git('add', '-A');
    const fixed = git('commit', '-q', '-m', 'A clean change');
    expect(fixed.status, fixed.output).toBe(0);
    expect(fixed.output).toContain('1 file checked');

    writeFileSync(join(repo, 'notes.txt'), 'Not a requirement file.\n');
    git('add', '-A');
    const other = git('commit', '-q', '-m', 'No requirement file');
    expect(other).toEqual({ status: 0, output: '' });
    expect(git('rev-list', '--count', 'HEAD').output.trim()).toBe('3');
  });
});
