/**
 * The hostile corpus (test/fixtures/hostile) through the built CLI: `node dist/cli.js check . --format
 * json` on a temporary workspace holding every hostile input beside a small good needs/reqs pair.
 * Each hostile file must get exactly its findings (code, range, words), the good files theirs, with
 * no stack trace and no hang: the child is killed after CHILD_TIMEOUT_MS, which fails the test.
 * `npm test` builds dist/cli.js first; run `npm run build` before `npx vitest run test/cli`.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { Workspace } from '../../server/src/core/analysis/workspace';
import { hostLoader, loadFiles, workspaceFindings } from '../../server/src/core/workspace';
import { createNodeHost } from '../../server/src/node/nodeHost';
import { CORPUS, corpusFiles, makeCorpusWorkspace, removeCorpusWorkspace, withoutReadOverride } from '../fixtures/hostile/corpus';
import type { Diagnostic } from './output';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const CHILD_TIMEOUT_MS = 20_000;
/** What a Node stack trace line looks like. */
const STACK = /^\s+at /m;

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  diagnostics: Diagnostic[];
  stdout: string;
  stderr: string;
}

/**
 * Runs `check --format json` in `cwd`, without root's right to read any file when run as root; a
 * run that outlives the timeout is killed and says so.
 */
function check(cwd: string, ...paths: string[]): Promise<Run> {
  const started = Date.now();
  const [command, args] = withoutReadOverride(process.execPath, [CLI, 'check', ...paths, '--format', 'json']);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: CHILD_TIMEOUT_MS, killSignal: 'SIGKILL' });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status, signal) => {
      const out = Buffer.concat(stdout).toString('utf8');
      const err = Buffer.concat(stderr).toString('utf8');
      const ms = Date.now() - started;
      if (signal) return resolve({ status, signal, ms, diagnostics: [], stdout: out, stderr: err });
      try {
        resolve({ status, signal, ms, diagnostics: (JSON.parse(out) as { diagnostics: Diagnostic[] }).diagnostics, stdout: out, stderr: err });
      } catch {
        reject(new Error(`check --format json did not print JSON (exit ${status}):\n${out.slice(0, 2000)}\n${err.slice(0, 2000)}`));
      }
    });
  });
}

/** A finding as one line: file, range, severity, code, message. Whole findings are compared. */
const show = (d: Diagnostic): string => `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.severity} ${d.code}: ${d.message}`;

const uncoveredMessage = (id: string): string => `No ITT clause covers ${id}, so bidders are never asked for it: add it to a clause's 'covers' or give it a waiver with a reason.`;
const UNCOVERED = (id: string): string => `warning uncovered-requirement: ${uncoveredMessage(id)}`;
const BAD_PRIORITY = 'error schema: priority must be one of must, should, could, wont (found "mus").';
const LONG_ID = `REQ-${'A'.repeat(10_000 - 4)}`;

/**
 * Every finding of every hostile file, in output order. The four files with odd encodings or line
 * ends hold the same requirement with `priority: mus` on line 7: the same positions prove they are
 * read as an editor shows them.
 */
const EXPECTED: Record<string, string[]> = {
  'alias-bomb.needs.yaml': ['4:8-4:10 error yaml-limit: This file\'s YAML aliases expand to more than 100 copies (a "billion laughs" pattern), so reqtrace did not read its values.'],
  'crlf.reqs.yaml': [`3:9-3:21 ${UNCOVERED('REQ-CRLF-001')}`, `7:15-7:18 ${BAD_PRIORITY}`],
  'lone-cr.reqs.yaml': [`3:9-3:19 ${UNCOVERED('REQ-CR-001')}`, `7:15-7:18 ${BAD_PRIORITY}`],
  'utf16le-bom.reqs.yaml': [`3:9-3:22 ${UNCOVERED('REQ-UTF16-001')}`, `7:15-7:18 ${BAD_PRIORITY}`],
  'utf8-bom.reqs.yaml': [`3:9-3:20 ${UNCOVERED('REQ-BOM-001')}`, `7:15-7:18 ${BAD_PRIORITY}`],
  'duplicate-keys.reqs.yaml': ['6:5-6:10 error yaml-syntax: `title` appears twice in REQ-DUP-001: keep one of them (until then, reqtrace reads this one, the last).'],
  'invalid-utf8.reqs.yaml': ['1:1-1:1 error unreadable-file: This file is not valid UTF-8 text (was it saved in another encoding, such as Windows-1252?), so reqtrace did not read it. Save it as UTF-8.'],
  'nul-bytes.reqs.yaml': ['1:1-1:2 error unreadable-file: This file is not text (it contains NUL bytes), so reqtrace did not read it.'],
  'long-id.reqs.yaml': [`3:9-3:${9 + LONG_ID.length} error schema: id is ${LONG_ID.length} characters long; it may have at most 64.`, `3:9-3:${9 + LONG_ID.length} ${UNCOVERED(LONG_ID)}`],
  'lookalike-hyphen.reqs.yaml': [
    '4:9-4:19 error schema: "REQ‐HR‐001" is not a valid id: it contains a U+2010 HYPHEN, which looks like \'-\' but is not.',
    `4:9-4:19 ${UNCOVERED('REQ‐HR‐001')}`,
    `10:9-10:19 ${UNCOVERED('REQ-HR-002')}`,
    "15:13-15:25 error broken-link: REQ‐GOOD‐001 does not exist: no requirement has this id. The id contains a U+2010 HYPHEN, which looks like '-' but is not. Did you mean REQ-GOOD-001?",
    '15:13-15:25 error schema: "REQ‐GOOD‐001" is not a valid id: it contains a U+2010 HYPHEN, which looks like \'-\' but is not.',
  ],
  'merge-keys.reqs.yaml': [
    `4:9-4:22 ${UNCOVERED('REQ-MERGE-001')}`,
    "10:5-10:7 error schema: YAML merge keys ('<<') are not supported in requirement files: write the fields out in full.",
    "11:9-11:22 warning orphan-requirement: REQ-MERGE-002 satisfies no user need and has no parent: say which need it meets in 'satisfies', or which requirement it refines in 'parent'.",
    ...['title', 'statement', 'type', 'priority'].map((field) => `11:9-11:22 error schema: Requirement REQ-MERGE-002 is missing the required field '${field}'.`),
    `11:9-11:22 ${UNCOVERED('REQ-MERGE-002')}`,
  ],
  'multi-document.reqs.yaml': ["8:1-11:1 error yaml-syntax: A requirements file holds one YAML document: remove the '---' and what follows, or move it into a file of its own."],
  'tabs.reqs.yaml': ['3:1-3:2 error yaml-syntax: Tabs are used for indentation on this line and the next one; use spaces.'],
  'top-level-list.reqs.yaml': ["1:1-2:44 error schema: A requirements file must be a mapping with 'kind: requirements' and 'items', not a list."],
  'top-level-scalar.reqs.yaml': ['1:1-1:15 error schema: A requirements file must be a mapping with \'kind: requirements\' and \'items\', not "REQ-SCALAR-001".'],
  // Generated by makeCorpusWorkspace.
  'too-large.reqs.yaml': ['1:1-1:1 error file-too-large: This file is larger than the 5 MB limit, so reqtrace did not read it. Split it into smaller files.'],
  'link-loop-a.reqs.yaml': ['1:1-1:1 error unreadable-file: reqtrace could not read this file: too many symbolic links (a link loop?).'],
  'link-loop-b.reqs.yaml': ['1:1-1:1 error unreadable-file: reqtrace could not read this file: too many symbolic links (a link loop?).'],
  'nested/up.reqs.yaml': ['1:1-1:1 error unreadable-file: This is a folder, not a file, so reqtrace did not read it.'],
  'y.reqs.yaml': ['1:1-1:1 error unreadable-file: This is a named pipe (FIFO), not a file, so reqtrace did not read it.'],
  'zero.reqs.yaml': ['1:1-1:1 error unreadable-file: This is a device, not a file, so reqtrace did not read it.'],
  'unreadable.reqs.yaml': ['1:1-1:1 error unreadable-file: reqtrace could not read this file: permission denied.'],
};

/** The good pair, checked beside the corpus and on its own. */
const GOOD_FILES = ['good.needs.yaml', 'good.reqs.yaml'];

const madeFolders: string[] = [];
afterAll(() => {
  for (const dir of madeFolders.splice(0)) removeCorpusWorkspace(dir);
});

describe('the hostile corpus through `reqtrace check`', () => {
  let root: string;
  let corpusRun: Run;
  let goodRun: Run;
  const of = (file: string): string[] => corpusRun.diagnostics.filter((d) => d.file === file).map(show);

  beforeAll(async () => {
    root = makeCorpusWorkspace();
    madeFolders.push(root);
    const good = realpathSync(mkdtempSync(join(tmpdir(), 'reqtrace-good-')));
    madeFolders.push(good);
    for (const name of GOOD_FILES) copyFileSync(join(CORPUS, name), join(good, name));
    [corpusRun, goodRun] = await Promise.all([check(root, '.'), check(good, '.')]);
  }, 2 * CHILD_TIMEOUT_MS);

  it('finishes, exits 1 and prints no stack trace', () => {
    expect(corpusRun.signal, `killed after ${corpusRun.ms} ms`).toBeNull();
    expect(corpusRun.status).toBe(1);
    expect(corpusRun.stderr).not.toMatch(STACK);
    expect(corpusRun.stderr).toBe('');
  });

  it('has an expectation for every file of the corpus, and findings for no other file', () => {
    const expectedFiles = [...Object.keys(EXPECTED), 'deep-nesting.needs.yaml'].sort();
    expect(corpusFiles().filter((f) => !GOOD_FILES.includes(f))).toEqual(expectedFiles);
    // Nothing from inside the folder links (nested/up -> ..) or the folder named x.reqs.yaml.
    expect([...new Set(corpusRun.diagnostics.map((d) => d.file))].sort()).toEqual([...expectedFiles, 'good.reqs.yaml'].sort());
  });

  it("keeps the good files' findings exactly as they are without the corpus beside them", () => {
    expect(goodRun.status).toBe(1);
    const good = (run: Run): Diagnostic[] => run.diagnostics.filter((d) => GOOD_FILES.includes(d.file));
    expect(good(goodRun).map((d) => `${d.file} ${show(d)}`)).toEqual([
      `good.reqs.yaml 4:9-4:21 ${UNCOVERED('REQ-GOOD-001')}`,
      `good.reqs.yaml 10:9-10:21 ${UNCOVERED('REQ-GOOD-002')}`,
      'good.reqs.yaml 16:17-16:27 error broken-link: UN-GOOD-01 does not exist: no need has this id. Did you mean UN-GOOD-001?',
    ]);
    expect(good(corpusRun)).toEqual(good(goodRun));
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    const codes = [...new Set(expected.map((line) => line.split(' ')[2]?.replace(/:$/, '')))].join(', ');
    it(`${file}: ${codes}`, () => {
      expect(of(file)).toEqual(expected);
    });
  }

  it('deep-nesting.needs.yaml (100,000 levels of [): one yaml-limit finding at the 101st [, the same every run', () => {
    const found = corpusRun.diagnostics.filter((d) => d.file === 'deep-nesting.needs.yaml');
    expect(found.map((d) => `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.severity} ${d.code} ${d.message}`)).toEqual([
      '2:108-2:109 error yaml-limit Lists or mappings here are nested more than 100 levels deep, so reqtrace did not read this file (requirement files need only a few levels).',
    ]);
  });

  it('refuses a named pipe named on the command line instead of waiting for a writer', async () => {
    const run = await check(root, 'y.reqs.yaml');
    expect(run.signal, `killed after ${run.ms} ms`).toBeNull();
    expect(run.diagnostics.map((d) => `${d.file} ${show(d)}`)).toEqual([`y.reqs.yaml ${EXPECTED['y.reqs.yaml']?.[0]}`]);
    expect(run.status).toBe(1);
  });
});

describe('a file deleted while the workspace is read (the real node host)', () => {
  it('gets one finding that says it is gone, and the rest is still checked', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'reqtrace-deleted-')));
    madeFolders.push(root);
    for (const name of GOOD_FILES) copyFileSync(join(CORPUS, name), join(root, name));
    writeFileSync(join(root, 'gone.reqs.yaml'), 'kind: requirements\nitems: []\n');
    const config = DEFAULT_CONFIG;
    const host = createNodeHost(() => config.limits.maxFileChars);
    const uris = await host.list(pathToFileURL(root).href, config.files, config.exclude);
    expect(uris.map((uri) => uri.slice(pathToFileURL(root).href.length + 1))).toEqual(['gone.reqs.yaml', ...GOOD_FILES]);
    // Listed, then deleted before it is read: what a branch switch during a check does.
    unlinkSync(join(root, 'gone.reqs.yaml'));
    const index = new Workspace(config.limits);
    await loadFiles(hostLoader(host, config.limits), uris, index);
    const base = pathToFileURL(root).href.length + 1;
    const findings = workspaceFindings(index, config);
    expect(findings.map((f) => `${f.uri.slice(base)} ${f.code}: ${f.message}`)).toEqual([
      'gone.reqs.yaml unreadable-file: reqtrace could not read this file: no such file or directory.',
      `good.reqs.yaml uncovered-requirement: ${uncoveredMessage('REQ-GOOD-001')}`,
      `good.reqs.yaml uncovered-requirement: ${uncoveredMessage('REQ-GOOD-002')}`,
      'good.reqs.yaml broken-link: UN-GOOD-01 does not exist: no need has this id. Did you mean UN-GOOD-001?',
    ]);
    expect(findings[0]?.span).toEqual({ start: 0, end: 0 });
  });
});

describe('a folder replaced by a file while the workspace is read (the real node host)', () => {
  it('gets one finding at the start of each file under it that says why, as root too', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'reqtrace-replaced-')));
    madeFolders.push(root);
    for (const name of GOOD_FILES) copyFileSync(join(CORPUS, name), join(root, name));
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'sub', 'moved.reqs.yaml'), 'kind: requirements\nitems: []\n');
    const config = DEFAULT_CONFIG;
    const host = createNodeHost(() => config.limits.maxFileChars);
    const uris = await host.list(pathToFileURL(root).href, config.files, config.exclude);
    expect(uris.map((uri) => uri.slice(pathToFileURL(root).href.length + 1))).toEqual([...GOOD_FILES, 'sub/moved.reqs.yaml']);
    // Listed, then its folder becomes a file: no one, root included, can open a path through a file.
    renameSync(join(root, 'sub'), join(root, 'old-sub'));
    writeFileSync(join(root, 'sub'), 'not a folder\n');
    const index = new Workspace(config.limits);
    await loadFiles(hostLoader(host, config.limits), uris, index);
    const findings = workspaceFindings(index, config);
    const moved = pathToFileURL(join(root, 'sub', 'moved.reqs.yaml')).href;
    expect(findings.filter((f) => f.uri === moved)).toEqual([
      { code: 'unreadable-file', severity: 'error', uri: moved, span: { start: 0, end: 0 }, message: 'reqtrace could not read this file: a file is in the way where a folder is needed.' },
    ]);
    expect(findings.filter((f) => f.uri !== moved).map((f) => f.code)).toEqual(['uncovered-requirement', 'uncovered-requirement', 'broken-link']);
  });
});
