/**
 * `reqtrace diff`, run as a child process in real git repositories: a reworded need with its word
 * diff and the items downstream to re-read, items added, removed and renamed, links, coverage before
 * and after, in every format; --head between two commits; from a subfolder; paths that narrow the
 * comparison; one cat-file process for every file; and the refusals (exit 2, one line, nothing on
 * stdout): a revision unknown or starting with '-', no repository, a shallow clone, no git.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commitAll as commit, git, GIT_ENV, writeFiles as write } from '../fixtures/gitEnv';
import { CLI, type Run } from './run';
import { scratchFolders } from './scratch';

const folder = scratchFolders('reqtrace-diff-');

/** Runs the built CLI with git's test environment (no user config) and any variables given. */
function run(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...GIT_ENV, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }));
  });
}




const NEEDS = (need: string): string => `kind: needs
items:
  - id: UN-1
    title: Pay
    as: a payroll officer
    need: ${need}
    so-that: staff are paid
  - id: UN-2
    title: Leave
    as: a manager
    need: I need to approve leave
    so-that: rotas work
`;

const requirement = (id: string, title: string, statement: string, links: string): string =>
  `  - id: ${id}\n    title: ${title}\n    statement: ${statement}\n    type: functional\n    priority: must\n${links}`;

const BASE_REQS = `kind: requirements
items:
${requirement('REQ-1', 'Pay run', 'The solution shall run the payroll.', '    satisfies: [UN-1]\n')}${requirement('REQ-1.1', 'Pay run timing', 'The solution shall finish the pay run by noon.', '    parent: REQ-1\n')}${requirement('REQ-2', 'Leave', 'The solution shall record leave requests.', '    satisfies: [UN-2]\n')}${requirement('REQ-3', 'Cheques', 'The solution shall print cheques.', '    satisfies: [UN-1]\n')}`;

const HEAD_REQS = `kind: requirements
items:
${requirement('REQ-1', 'Pay run', 'The solution shall run the payroll.', '    satisfies: [UN-1]\n')}${requirement('REQ-1.1', 'Pay run timing', 'The solution shall finish the pay run by noon.', '    parent: REQ-1\n')}${requirement('REQ-20', 'Leave', 'The solution shall record leave requests.', '    satisfies: [UN-2]\n')}${requirement('REQ-4', 'Leave balance', 'The solution shall show the leave balance.', '    satisfies: [UN-2]\n')}`;

const clause = (id: string, title: string, covers: string): string => `  - id: ${id}\n    title: ${title}\n    text: Describe ${title.toLowerCase()}.\n    response: scored\n    weighting: 50\n    covers: [${covers}]\n`;
const BASE_ITT = `kind: itt\nitems:\n${clause('ITT-2.1', 'Payroll', 'REQ-1')}${clause('ITT-2.3', 'Timing', 'REQ-1.1, REQ-3')}`;
const HEAD_ITT = `kind: itt\nitems:\n${clause('ITT-2.1', 'Payroll', 'REQ-1')}${clause('ITT-2.3', 'Timing', 'REQ-1.1')}${clause('ITT-2.4', 'Leave', 'REQ-20')}`;

const BASE_FILES = { 'spec/needs/hr.needs.yaml': NEEDS('I need to pay people on the day'), 'spec/requirements/hr.reqs.yaml': BASE_REQS, 'spec/itt/section-2.itt.yaml': BASE_ITT, 'spec/reqtrace.config.yaml': 'readiness: drafting\n', 'README.md': '# a repository\n' };
const HEAD_FILES = { 'spec/needs/hr.needs.yaml': NEEDS('I need to reimburse people on payday'), 'spec/requirements/hr.reqs.yaml': HEAD_REQS, 'spec/itt/section-2.itt.yaml': HEAD_ITT };

/** A repository whose main branch holds the base files, with the head files changed on disk (not committed). */
function repository(): { dir: string; base: string } {
  const dir = folder();
  git(dir, 'init', '--quiet', '--initial-branch=main');
  write(dir, BASE_FILES);
  const base = commit(dir, 'base');
  write(dir, HEAD_FILES);
  return { dir, base };
}

/** The 1-based line of `- id: ID` in a text. */
const lineOf = (text: string, id: string): number => text.split('\n').findIndex((l) => l.endsWith(`- id: ${id}`)) + 1;

const EXPECTED_TEXT = (base: string): string => `reqtrace diff: main (${base.slice(0, 12)}) → the working tree, in spec
Items: 1 changed, 2 added, 1 removed, 1 renamed. Links: 2 added, 2 removed. Coverage: 2 states moved. 4 items to re-read.

Changed (1)
  ~ UN-1 (need) Pay  spec/needs/hr.needs.yaml:3
    need: I need to [-pay-]{+reimburse+} people on [-the day-]{+payday+}

Added (2)
  + REQ-4 (requirement) Leave balance  spec/requirements/hr.reqs.yaml:21
  + ITT-2.4 (clause) Leave  spec/itt/section-2.itt.yaml:15

Removed (1)
  - REQ-3 (requirement) Cheques  spec/requirements/hr.reqs.yaml:21 (base)

Renamed (1)
  > REQ-2 → REQ-20 (requirement) Leave  spec/requirements/hr.reqs.yaml:15

Links (2 added, 2 removed)
  + ITT-2.4 covers REQ-20  spec/itt/section-2.itt.yaml:15
  + REQ-4 satisfies UN-2  spec/requirements/hr.reqs.yaml:21
  - ITT-2.3 covers REQ-3  spec/itt/section-2.itt.yaml:9 (base)
  - REQ-3 satisfies UN-1  spec/requirements/hr.reqs.yaml:21 (base)

Coverage (before → after)
  Needs traced end to end:                           1 of 2 (50%) → 2 of 2 (100%)
  Needs covered by a requirement:                    2 of 2 → 2 of 2
  Requirements covered by the ITT (waived left out): 3 of 4 (75%) → 3 of 4 (75%)
  Requirements waived:                               0 → 0
  Needs / requirements / clauses:                    2 / 4 / 2 → 2 / 4 / 3
  UN-2 (need) Leave: covered, not in the ITT → traced end to end  spec/needs/hr.needs.yaml:8
  REQ-20 (requirement) Leave (was REQ-2): not covered → covered  spec/requirements/hr.reqs.yaml:15

Impact: re-read downstream of each change (head side)
  UN-1 (need) Pay: changed  spec/needs/hr.needs.yaml:3
    UN-1 → REQ-1  spec/requirements/hr.reqs.yaml:3
    UN-1 → REQ-1 → ITT-2.1  spec/itt/section-2.itt.yaml:3
    UN-1 → REQ-1 → REQ-1.1  spec/requirements/hr.reqs.yaml:9
    UN-1 → REQ-1 → REQ-1.1 → ITT-2.3  spec/itt/section-2.itt.yaml:9
  REQ-3 (requirement) Cheques: removed, nothing downstream  spec/requirements/hr.reqs.yaml:21 (base)
`;

interface LinkJson {
  from: { id: string; file: string; line: number };
  field: string;
  to: string;
  target: { id: string; kind: string; title: string; file: string; line: number } | null;
}

interface DiffJson {
  version: number;
  base: { ref: string | null; commit: string | null };
  head: { ref: string | null; commit: string | null };
  workspace: string;
  summary: Record<string, number>;
  items: {
    added: { id: string; kind: string; title: string; file: string; line: number; fingerprint: string }[];
    removed: { id: string; file: string; line: number }[];
    renamed: { kind: string; fingerprint: string; from: { id: string; file: string; line: number }; to: { id: string; file: string; line: number }; fields: unknown[] }[];
    changed: { id: string; file: string; line: number; before: { file: string; line: number }; fingerprint: { before: string; after: string }; fields: { field: string; before: unknown; after: unknown; words: { kind: string; text: string }[] }[] }[];
  };
  links: { added: LinkJson[]; removed: LinkJson[] };
  coverage: { before: Record<string, number>; after: Record<string, number>; changed: { id: string; file: string; line: number; before: string; after: string; was?: string }[] };
  impact: { id: string; kind: string; file: string; line: number; change: string; downstream: { id: string; kind: string; file: string; line: number; path: string[] }[] }[];
}

describe('reqtrace diff', () => {
  it('shows a reworded need word by word with what to re-read down to the clause, items added, removed and renamed, links and coverage (text, run from the workspace folder)', async () => {
    const { dir, base } = repository();
    const result = await run(join(dir, 'spec'), {}, 'diff', 'main');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(EXPECTED_TEXT(base));
  });

  it('writes JSON of the documented shape, every id with its file from the top of the repository and its line', async () => {
    const { dir, base } = repository();
    const result = await run(join(dir, 'spec'), {}, 'diff', 'main', '--format', 'json');
    expect(result.status).toBe(0);
    const diff = JSON.parse(result.stdout) as DiffJson;
    expect(Object.keys(diff)).toEqual(['version', 'base', 'head', 'workspace', 'summary', 'items', 'links', 'coverage', 'impact']);
    expect(diff.version).toBe(1);
    expect(diff.base).toEqual({ ref: 'main', commit: base });
    expect(diff.head).toEqual({ ref: null, commit: null });
    expect(diff.workspace).toBe('spec');
    expect(diff.summary).toEqual({ added: 2, removed: 1, renamed: 1, changed: 1, linksAdded: 2, linksRemoved: 2, coverageChanged: 2, toReRead: 4 });
    const needs = 'spec/needs/hr.needs.yaml';
    const reqs = 'spec/requirements/hr.reqs.yaml';
    const itt = 'spec/itt/section-2.itt.yaml';
    const [changed] = diff.items.changed;
    expect(changed).toMatchObject({ id: 'UN-1', kind: 'needs', title: 'Pay', file: needs, line: 3, before: { file: needs, line: 3 } });
    expect(changed?.fingerprint.before).toMatch(/^[0-9a-f]{10}$/);
    expect(changed?.fingerprint.after).not.toBe(changed?.fingerprint.before);
    expect(changed?.fields).toEqual([
      {
        field: 'need',
        before: 'I need to pay people on the day',
        after: 'I need to reimburse people on payday',
        words: [
          { kind: 'same', text: 'I need to' },
          { kind: 'removed', text: 'pay' },
          { kind: 'added', text: 'reimburse' },
          { kind: 'same', text: 'people on' },
          { kind: 'removed', text: 'the day' },
          { kind: 'added', text: 'payday' },
        ],
      },
    ]);
    expect(diff.items.added.map(({ id, kind, file, line }) => ({ id, kind, file, line }))).toEqual([
      { id: 'REQ-4', kind: 'requirements', file: reqs, line: lineOf(HEAD_REQS, 'REQ-4') },
      { id: 'ITT-2.4', kind: 'itt', file: itt, line: lineOf(HEAD_ITT, 'ITT-2.4') },
    ]);
    expect(diff.items.removed).toMatchObject([{ id: 'REQ-3', file: reqs, line: lineOf(BASE_REQS, 'REQ-3') }]);
    expect(diff.items.renamed).toMatchObject([{ kind: 'requirements', from: { id: 'REQ-2', file: reqs, line: lineOf(BASE_REQS, 'REQ-2') }, to: { id: 'REQ-20', file: reqs, line: lineOf(HEAD_REQS, 'REQ-20') }, fields: [] }]);
    expect(diff.links.added.map((l) => `${l.from.id} ${l.field} ${l.to} ${l.from.file}:${l.from.line}`)).toEqual([`ITT-2.4 covers REQ-20 ${itt}:15`, `REQ-4 satisfies UN-2 ${reqs}:21`]);
    expect(diff.links.removed.map((l) => `${l.from.id} ${l.field} ${l.to} ${l.from.file}:${l.from.line}`)).toEqual([`ITT-2.3 covers REQ-3 ${itt}:9`, `REQ-3 satisfies UN-1 ${reqs}:21`]);
    // The target is named on the holder's side: REQ-3 as it was in the base.
    expect(diff.links.removed[0]?.target).toEqual({ id: 'REQ-3', kind: 'requirements', title: 'Cheques', file: reqs, line: lineOf(BASE_REQS, 'REQ-3') });
    expect(diff.coverage.before).toEqual({ needs: 2, needsCovered: 2, needsTraced: 1, needsTracedPercent: 50, requirements: 4, requirementsCovered: 3, requirementsWaived: 0, requirementsUncovered: 1, requirementsCoveredPercent: 75, clauses: 2 });
    expect(diff.coverage.after).toMatchObject({ needsTraced: 2, needsTracedPercent: 100, clauses: 3 });
    expect(diff.coverage.changed).toMatchObject([
      { id: 'UN-2', before: 'covered', after: 'traced' },
      { id: 'REQ-20', was: 'REQ-2', before: 'uncovered', after: 'covered' },
    ]);
    expect(diff.impact.map((entry) => [entry.id, entry.change, entry.downstream.map((d) => `${d.path.join(' → ')} ${d.file}:${d.line}`)])).toEqual([
      ['UN-1', 'changed', [`UN-1 → REQ-1 ${reqs}:3`, `UN-1 → REQ-1 → ITT-2.1 ${itt}:3`, `UN-1 → REQ-1 → REQ-1.1 ${reqs}:9`, `UN-1 → REQ-1 → REQ-1.1 → ITT-2.3 ${itt}:9`]],
      ['REQ-3', 'removed', []],
    ]);
  });

  it('writes Markdown for a pull-request comment: the coverage table, the word diff marked, the impact paths', async () => {
    const { dir, base } = repository();
    const result = await run(join(dir, 'spec'), {}, 'diff', 'main', '--format', 'md');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 12)).toEqual([
      `## Requirements diff: \`main\` (${base.slice(0, 12)}) → the working tree`,
      '',
      'Items: 1 changed, 2 added, 1 removed, 1 renamed. Links: 2 added, 2 removed. Coverage: 2 states moved. 4 items to re-read.',
      '',
      '### Coverage',
      '',
      '| | before | after |',
      '|---|---:|---:|',
      '| Needs traced end to end | 1 of 2 (50%) | **2 of 2 (100%)** |',
      '| Needs covered by a requirement | 2 of 2 | 2 of 2 |',
      '| Requirements covered by the ITT (waived left out) | 3 of 4 (75%) | 3 of 4 (75%) |',
      '| Requirements waived | 0 | 0 |',
    ]);
    expect(lines).toContain('| **UN-2** need Leave · `spec/needs/hr.needs.yaml:8` | covered, not in the ITT | traced end to end |');
    expect(lines).toContain('  - need: I need to ~~pay~~ **reimburse** people on ~~the day~~ **payday**');
    expect(lines).toContain('- **REQ-2** → **REQ-20** requirement Leave · `spec/requirements/hr.reqs.yaml:15`');
    expect(lines).toContain('- removed: **ITT-2.3** covers **REQ-3** · `spec/itt/section-2.itt.yaml:9`');
    expect(lines).toContain('### Impact: 4 items to re-read');
    expect(lines).toContain('  - UN-1 → REQ-1 → REQ-1.1 → ITT-2.3 · `spec/itt/section-2.itt.yaml:9`');
    expect(result.stdout.endsWith('\n')).toBe(true);
    expect(result.stdout).not.toMatch(/\u001b/);
  });

  it('compares two commits with --head, whatever is on disk, and writes --out in the format its extension names', async () => {
    const { dir, base } = repository();
    const head = commit(dir, 'head');
    write(dir, { 'spec/needs/hr.needs.yaml': NEEDS('Something else on disk entirely') });
    const result = await run(join(dir, 'spec'), {}, 'diff', base, '--head', 'main', '--out', 'out/diff.json');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('Wrote the requirements diff to out/diff.json\n');
    const diff = JSON.parse(readFileSync(join(dir, 'spec', 'out', 'diff.json'), 'utf8')) as DiffJson;
    expect(diff.base).toEqual({ ref: base, commit: base });
    expect(diff.head).toEqual({ ref: 'main', commit: head });
    expect(diff.items.changed[0]?.fields[0]?.after).toBe('I need to reimburse people on payday');
    const text = await run(join(dir, 'spec'), {}, 'diff', base, '--head', 'main');
    expect(text.stdout.split('\n')[0]).toBe(`reqtrace diff: ${base.slice(0, 12)} → main (${head.slice(0, 12)}), in spec`);
    expect(text.stdout.slice(text.stdout.indexOf('\n'))).toBe(EXPECTED_TEXT(base).slice(EXPECTED_TEXT(base).indexOf('\n')));
  });

  it('works from a subfolder, and paths narrow what is compared as check paths do', async () => {
    const { dir, base } = repository();
    const fromSub = await run(join(dir, 'spec', 'requirements'), {}, 'diff', 'main', '..');
    expect(fromSub.stdout).toBe(EXPECTED_TEXT(base));
    // --root from a subfolder: the folder's files compared, the workspace's loaded (REQ-20 is covered by a clause outside it).
    const rooted = JSON.parse((await run(join(dir, 'spec', 'requirements'), {}, 'diff', 'main', '--root', '..', '--format', 'json')).stdout) as DiffJson;
    expect(rooted.summary).toEqual({ added: 1, removed: 1, renamed: 1, changed: 0, linksAdded: 1, linksRemoved: 1, coverageChanged: 1, toReRead: 0 });
    expect(rooted.coverage.changed).toMatchObject([{ id: 'REQ-20', before: 'uncovered', after: 'covered' }]);
    // Only the needs file compared; the rest of the workspace still loaded for coverage and impact.
    const narrowed = await run(join(dir, 'spec'), {}, 'diff', 'main', 'needs/hr.needs.yaml', '--format', 'json');
    const diff = JSON.parse(narrowed.stdout) as DiffJson;
    expect(diff.summary).toEqual({ added: 0, removed: 0, renamed: 0, changed: 1, linksAdded: 0, linksRemoved: 0, coverageChanged: 1, toReRead: 4 });
    expect(diff.impact[0]?.downstream.map((d) => d.path.join(' → '))).toEqual(['UN-1 → REQ-1', 'UN-1 → REQ-1 → ITT-2.1', 'UN-1 → REQ-1 → REQ-1.1', 'UN-1 → REQ-1 → REQ-1.1 → ITT-2.3']);
    // A folder given: only its files are the workspace.
    const folderOnly = JSON.parse((await run(dir, {}, 'diff', 'main', 'spec/itt', '--format', 'json')).stdout) as DiffJson;
    expect(folderOnly.workspace).toBe('spec/itt');
    expect(folderOnly.items.added.map((item) => item.id)).toEqual(['ITT-2.4']);
    expect(folderOnly.items.changed).toEqual([]);
  });

  it('reads every file of both commits through one git cat-file --batch process', async () => {
    const { dir, base } = repository();
    commit(dir, 'head');
    const bin = join(folder(), 'bin');
    mkdirSync(bin);
    const log = join(bin, 'git.log');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { env: GIT_ENV, encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${realGit}' "$@"\n`);
    chmodSync(join(bin, 'git'), 0o755);
    const result = await run(join(dir, 'spec'), { PATH: `${bin}:${GIT_ENV.PATH ?? ''}` }, 'diff', base, '--head', 'HEAD', '--format', 'json');
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as DiffJson).summary.changed).toBe(1);
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    // rev-parse (the repository, two revisions), ls-tree for each commit (the config read through the batch), and one cat-file.
    expect(calls.filter((call) => call.includes('cat-file'))).toEqual(['--no-optional-locks -c core.fsmonitor=false --literal-pathspecs -c log.showSignature=false cat-file --batch']);
    expect(calls.filter((call) => / show /.test(` ${call} `))).toEqual([]);
    expect(calls.length).toBeLessThanOrEqual(6);
  });
});

describe('reqtrace diff refusals: exit 2, one line on stderr, nothing on stdout', () => {
  const oneLine = (result: Run, line: string | RegExp): void => {
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    if (typeof line === 'string') expect(lines[0]).toBe(line);
    else expect(lines[0]).toMatch(line);
  };

  it('refuses an unknown revision, and one that starts with -, before git reads it', async () => {
    const { dir } = repository();
    oneLine(await run(join(dir, 'spec'), {}, 'diff', 'nope'), "reqtrace: unknown revision 'nope': no commit, branch or tag of that name in this repository");
    oneLine(await run(join(dir, 'spec'), {}, 'diff', '--', '--upload-pack=touch pwned'), "reqtrace: refused revision '--upload-pack=touch pwned': a revision may not start with '-' (git would read it as an option)");
    oneLine(await run(join(dir, 'spec'), {}, 'diff', 'main', '--head=--output=x'), "reqtrace: refused revision '--output=x': a revision may not start with '-' (git would read it as an option)");
    oneLine(await run(join(dir, 'spec'), {}, 'diff', '--upload-pack=x'), /^reqtrace: Unknown option '--upload-pack'/);
    oneLine(await run(join(dir, 'spec'), {}, 'diff'), 'reqtrace: diff needs the revision to compare with: reqtrace diff BASE [--head REF] [paths...] (BASE is a commit, branch or tag, such as main or HEAD~1)');
    oneLine(await run(join(dir, 'spec'), {}, 'diff', 'main', '--format', 'html'), "reqtrace: --format must be one of text, md, json (found 'html')");
  });

  it('says a folder is in no git repository', async () => {
    const plain = folder({ 'a.needs.yaml': 'kind: needs\nitems: []\n' });
    oneLine(await run(plain, { GIT_CEILING_DIRECTORIES: plain }, 'diff', 'main'), "reqtrace: '.' is not in a git repository: diff compares the requirements with a git revision");
  });

  it('says a commit is beyond a shallow clone', async () => {
    const { dir, base } = repository();
    commit(dir, 'head');
    const clone = join(folder(), 'clone');
    git(dir, 'clone', '--quiet', '--depth', '1', pathToFileURL(dir).href, clone);
    oneLine(
      await run(join(clone, 'spec'), {}, 'diff', base),
      `reqtrace: '${base}' is not a commit in this shallow clone: fetch the history it needs (git fetch --unshallow, or fetch-depth: 0 in actions/checkout)`,
    );
    // HEAD is there: a diff with it runs.
    expect((await run(join(clone, 'spec'), {}, 'diff', 'HEAD')).status).toBe(0);
  });

  it('says when git cannot be run', async () => {
    const { dir } = repository();
    oneLine(await run(join(dir, 'spec'), { PATH: join(dir, 'no-bin') }, 'diff', 'main'), 'reqtrace: diff reads the history with git, and git could not be run (is it installed and on the PATH?)');
  });
});
