/**
 * The Node git reader on real temporary repositories: a commit's tree as a FileHost (listing by
 * globs under a folder, reading through one cat-file batch, byte for byte), revisions refused,
 * unknown and beyond a shallow clone, and a file's history for the hover, which never throws.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { commitAll as commit, git, GIT_ENV, writeFiles as write } from '../fixtures/gitEnv';
import { CatFileBatch, fileHistory, GitRepository, type GitReadError } from '../../server/src/node/gitRead';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});


function folder(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'reqtrace-gitread-')));
  made.push(dir);
  return dir;
}



/** Text that looks like cat-file's framing, with CRLF, a BOM-less emoji and a NUL: read back byte for byte. */
const AWKWARD = 'kind: needs\r\nitems: []\r\n# 0123456789abcdef0123456789abcdef01234567 blob 12\n# HEAD:x missing\n# 🚀\u0000end';

describe('GitRepository', () => {
  it('lists the files of a commit under a folder by the globs, and reads them all, opened from a subfolder', async () => {
    const dir = folder();
    git(dir, 'init', '--quiet', '--initial-branch=main');
    write(dir, { 'ws/a.needs.yaml': AWKWARD, 'ws/sub/b.reqs.yaml': 'kind: requirements\nitems: []\n', 'ws/skip/c.reqs.yaml': 'x', 'ws/notes.txt': 'x', 'other/d.reqs.yaml': 'x', 'ws/.hidden/e.reqs.yaml': 'x' });
    const first = commit(dir, 'first');
    write(dir, { 'ws/sub/b.reqs.yaml': 'changed on disk' });
    const repository = await GitRepository.open(join(dir, 'ws', 'sub'), { env: GIT_ENV });
    expect(repository.top).toBe(dir);
    expect(await repository.commitOf('main')).toBe(first);
    const host = repository.treeHost(await repository.commitOf('HEAD'), () => 1024);
    const uris = await host.list(join(dir, 'ws'), ['**/*.needs.yaml', '**/*.reqs.yaml'], ['**/skip/**']);
    expect(uris).toEqual([pathToFileURL(join(dir, 'ws', 'a.needs.yaml')).href, pathToFileURL(join(dir, 'ws', 'sub', 'b.reqs.yaml')).href]);
    const reads = await Promise.all([...uris, pathToFileURL(join(dir, 'ws', 'gone.reqs.yaml')).href, pathToFileURL(join(dir, 'ws', 'sub')).href].map((uri) => host.read(uri)));
    await repository.close();
    expect(reads).toEqual([
      { text: AWKWARD },
      { text: 'kind: requirements\nitems: []\n' },
      { problem: { code: 'unreadable-file', message: `This file is not in ${first.slice(0, 12)}.` } },
      { problem: { code: 'unreadable-file', message: `This is a folder in ${first.slice(0, 12)}, not a file, so reqtrace did not read it.` } },
    ]);
    expect(await repository.listFiles(first, join(dir, 'elsewhere'), ['**/*'], [])).toEqual([]);
  });

  it('refuses a revision that starts with -, and says which revisions it does not know', async () => {
    const dir = folder();
    git(dir, 'init', '--quiet', '--initial-branch=main');
    write(dir, { 'a.needs.yaml': 'kind: needs\nitems: []\n' });
    commit(dir, 'first');
    const repository = await GitRepository.open(dir, { env: GIT_ENV });
    const problem = async (revision: string): Promise<unknown> => repository.commitOf(revision).then(() => 'resolved', (error: GitReadError) => ({ kind: error.kind, message: error.message }));
    expect(await problem('--upload-pack=touch x')).toEqual({ kind: 'refused-revision', message: "refused revision '--upload-pack=touch x': a revision may not start with '-' (git would read it as an option)" });
    expect(await problem('nope')).toEqual({ kind: 'unknown-revision', message: "unknown revision 'nope': no commit, branch or tag of that name in this repository" });
    expect(await problem('HEAD~1')).toMatchObject({ kind: 'unknown-revision' });
    expect(await problem('HEAD:a.needs.yaml')).toMatchObject({ kind: 'unknown-revision' });
  });

  it('says a commit is beyond a shallow clone', async () => {
    const dir = folder();
    git(dir, 'init', '--quiet', '--initial-branch=main');
    write(dir, { 'a.needs.yaml': 'kind: needs\nitems: []\n' });
    const first = commit(dir, 'first');
    write(dir, { 'a.needs.yaml': 'kind: needs\nitems: [] # two\n' });
    commit(dir, 'second');
    const clone = folder();
    git(clone, 'clone', '--quiet', '--depth', '1', pathToFileURL(dir).href, 'c');
    const repository = await GitRepository.open(join(clone, 'c'), { env: GIT_ENV });
    await expect(repository.commitOf(first)).rejects.toMatchObject({ kind: 'shallow', message: `'${first}' is not a commit in this shallow clone: fetch the history it needs (git fetch --unshallow, or fetch-depth: 0 in actions/checkout)` });
    await expect(repository.commitOf('HEAD')).resolves.toMatch(/^[0-9a-f]{40}$/);
  });

  it('says when a folder is in no repository, and when git cannot be run', async () => {
    const plain = folder();
    await expect(GitRepository.open(plain, { env: { ...GIT_ENV, GIT_CEILING_DIRECTORIES: plain } })).rejects.toMatchObject({ kind: 'not-a-repository' });
    await expect(GitRepository.open(plain, { env: { ...GIT_ENV, PATH: join(plain, 'no-bin') } })).rejects.toMatchObject({ kind: 'no-git' });
  });
});

describe('CatFileBatch', () => {
  it('answers many reads in order from one process, a missing object among them', async () => {
    const dir = folder();
    git(dir, 'init', '--quiet', '--initial-branch=main');
    const files = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}.txt`, `${'x'.repeat(i * 997)}\n${i}`]));
    write(dir, files);
    commit(dir, 'first');
    const batch = new CatFileBatch(dir, GIT_ENV);
    const names = [...Object.keys(files), 'nope.txt'];
    const reads = await Promise.all(names.map((name) => batch.read(`HEAD:${name}`)));
    await batch.close();
    expect(reads.map((read) => ('bytes' in read ? read.bytes.toString('utf8') : read))).toEqual([...Object.values(files), { missing: true }]);
  });
});

describe('fileHistory', () => {
  it('gives each version of a file newest first, from the commits that changed it, at most max', async () => {
    const dir = folder();
    git(dir, 'init', '--quiet', '--initial-branch=main');
    write(dir, { 'ws/hr.reqs.yaml': 'one\n' });
    const c1 = commit(dir, 'one');
    write(dir, { 'other.txt': 'unrelated' });
    commit(dir, 'other file');
    write(dir, { 'ws/hr.reqs.yaml': 'two\r\n' });
    const c3 = commit(dir, 'two');
    write(dir, { 'ws/hr.reqs.yaml': AWKWARD });
    const c4 = commit(dir, 'three');
    expect(await fileHistory(dir, 'ws/hr.reqs.yaml', { env: GIT_ENV })).toEqual([
      { commit: c4, text: AWKWARD },
      { commit: c3, text: 'two\r\n' },
      { commit: c1, text: 'one\n' },
    ]);
    expect(await fileHistory(join(dir, 'ws'), pathToFileURL(join(dir, 'ws', 'hr.reqs.yaml')).href, { env: GIT_ENV, max: 2 })).toEqual([
      { commit: c4, text: AWKWARD },
      { commit: c3, text: 'two\r\n' },
    ]);
    // Deleted: the deleting commit has no text, the earlier ones do.
    git(dir, 'rm', '--quiet', 'ws/hr.reqs.yaml');
    commit(dir, 'gone');
    expect(await fileHistory(dir, 'ws/hr.reqs.yaml', { env: GIT_ENV })).toEqual([
      { commit: c4, text: AWKWARD },
      { commit: c3, text: 'two\r\n' },
      { commit: c1, text: 'one\n' },
    ]);
  });

  it('never throws: a file never committed, a folder outside git, no git', async () => {
    const dir = folder();
    git(dir, 'init', '--quiet', '--initial-branch=main');
    expect(await fileHistory(dir, 'new.reqs.yaml', { env: GIT_ENV })).toEqual({ problem: expect.stringMatching(/^git log failed: /) as unknown });
    write(dir, { 'a.txt': 'a' });
    commit(dir, 'first');
    expect(await fileHistory(dir, 'new.reqs.yaml', { env: GIT_ENV })).toEqual([]);
    const plain = folder();
    expect(await fileHistory(plain, 'x.reqs.yaml', { env: { ...GIT_ENV, GIT_CEILING_DIRECTORIES: plain } })).toEqual({ problem: 'x.reqs.yaml is not in a git repository, so its earlier versions cannot be read' });
    expect(await fileHistory(dir, 'a.txt', { env: { ...GIT_ENV, PATH: join(plain, 'no-bin') } })).toEqual({ problem: expect.stringMatching(/git could not be run/) as unknown });
    // A folder that is gone: its history is read from the nearest folder there is.
    expect(await fileHistory(join(dir, 'no-such-folder'), 'a.txt', { env: GIT_ENV })).toEqual([]);
  });
});
