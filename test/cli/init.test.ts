/** `reqtrace init`: a new workspace that checks clean, never written over an existing one. */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from './output';
import { run } from './run';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reqtrace-init-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('reqtrace init', () => {
  it('writes a config and an example of each kind that check clean, with every need traced', async () => {
    const init = await run(dir, 'init', 'sor');
    expect(init.status).toBe(0);
    expect(init.stdout).toContain('Started a reqtrace workspace in sor:');
    expect((await readdir(join(dir, 'sor'))).sort()).toEqual(['itt', 'needs', 'reqtrace.config.yaml', 'requirements']);
    const check = await run(dir, 'check', 'sor', '--format', 'json', '--fail-on', 'warning');
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect((JSON.parse(check.stdout) as { diagnostics: Diagnostic[] }).diagnostics).toEqual([]);
    expect((await run(join(dir, 'sor'), 'check', '.')).stdout).toContain('Needs traced end to end: 1 of 1 (100%). Requirements covered by the ITT: 1 of 1 (100%)');
  });

  it('starts in the current folder beside a README and .git, and creates a missing folder', async () => {
    await writeFile(join(dir, 'README.md'), 'mine');
    await mkdir(join(dir, '.git'));
    expect((await run(dir, 'init')).status).toBe(0);
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toBe('mine');
    expect((await run(dir, 'check', '.')).status).toBe(0);
    expect((await run(dir, 'init', join('a', 'b'))).status).toBe(0);
    expect((await readdir(join(dir, 'a', 'b'))).length).toBe(4);
  });

  it('refuses in one line, writing nothing, where a file it writes exists or requirement files are already', async () => {
    await writeFile(join(dir, 'reqtrace.config.yaml'), 'exclude: [mine]\n');
    const taken = await run(dir, 'init');
    expect(taken.status).toBe(2);
    expect(taken.stderr).toBe("reqtrace: '.' already has reqtrace.config.yaml: init starts a new workspace and never writes over a file\n");
    expect(await readFile(join(dir, 'reqtrace.config.yaml'), 'utf8')).toBe('exclude: [mine]\n');
    expect(await readdir(dir)).toEqual(['reqtrace.config.yaml']);

    await mkdir(join(dir, 'old'));
    await writeFile(join(dir, 'old', 'hr.reqs.yaml'), 'kind: requirements\nitems: []\n');
    const existing = await run(join(dir, 'old'), 'init');
    expect(existing.status).toBe(2);
    expect(existing.stderr).toMatch(/^reqtrace: '\.' already holds 1 requirement file: init starts a new workspace/);
    expect(await readdir(join(dir, 'old'))).toEqual(['hr.reqs.yaml']);

    await writeFile(join(dir, 'file'), '');
    expect((await run(dir, 'init', 'file')).stderr).toBe("reqtrace: 'file' is not a folder\n");
    expect((await run(dir, 'init', 'a', 'b')).status).toBe(2);
  });
});
