/** The workspace a file named on its own is checked in (node/config.ts findWorkspaceRoot). */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findWorkspaceRoot } from '../../server/src/node/config';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'reqtrace-root-')));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function tree(name: string, folders: string[], files: string[] = []): string {
  const root = join(base, name);
  for (const folder of folders) mkdirSync(join(root, folder), { recursive: true });
  for (const file of files) writeFileSync(join(root, file), '');
  return root;
}

describe('the workspace of a named file', () => {
  it('is the folder of the nearest reqtrace.config.yaml, else the top of the git work tree, else its own folder', async () => {
    const git = tree('git', ['.git', 'sor/hr'], ['sor/hr/a.reqs.yaml']);
    expect(await findWorkspaceRoot(join(git, 'sor/hr/a.reqs.yaml'))).toBe(git);
    writeFileSync(join(git, 'sor', 'reqtrace.config.yaml'), '');
    expect(await findWorkspaceRoot(join(git, 'sor/hr/a.reqs.yaml'))).toBe(join(git, 'sor'));
    // A worktree or submodule has a .git file, not a folder.
    const worktree = tree('worktree', ['x'], ['.git']);
    expect(await findWorkspaceRoot(join(worktree, 'x', 'b.reqs.yaml'))).toBe(worktree);
    const loose = tree('loose', ['deep/er']);
    expect(await findWorkspaceRoot(join(loose, 'deep/er/c.reqs.yaml'))).toBe(join(loose, 'deep/er'));
  });

  it('is never a whole home folder: a config or a git repository there gives the file its own folder', async () => {
    const home = tree('home', ['.git', 'notes']);
    expect(await findWorkspaceRoot(join(home, 'notes', 'd.reqs.yaml'), home)).toBe(join(home, 'notes'));
    writeFileSync(join(home, 'reqtrace.config.yaml'), '');
    expect(await findWorkspaceRoot(join(home, 'notes', 'd.reqs.yaml'), home)).toBe(join(home, 'notes'));
  });
});
