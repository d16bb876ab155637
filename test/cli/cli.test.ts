/**
 * End-to-end tests of the built command line: every test runs `node dist/cli.js` as a child process
 * with an explicit cwd, on fixtures written to temporary folders or on samples/. `npm test` builds
 * dist/cli.js first; run `npm run build` before `npx vitest run test/cli`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from './output';
import { CLI, run, type Run } from './run';
import { scratchFolders } from './scratch';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BROKEN = join(ROOT, 'samples', 'broken');
const SYNERGY = join(ROOT, 'samples', 'synergy');

/** Every finding code that ordinary (not hostile) input can produce; samples/broken shows each one. */
const SAMPLE_CODES = [
  'yaml-syntax',
  'schema',
  'kind-mismatch',
  'duplicate-id',
  'broken-link',
  'wrong-kind-link',
  'parent-cycle',
  'withdrawn-link',
  'uncovered-need',
  'uncovered-requirement',
  'orphan-requirement',
  'empty-clause',
  // Wording (samples/broken turns on those that are off by default).
  'escape-clause',
  'open-ended',
  'placeholder',
  'vague-term',
  'and-or',
  'multiple-shall',
  'no-shall',
  'generic-user',
  'passive-voice',
  'pronoun',
  'absolute',
  'negative',
  'ears-pattern',
  // Tender readiness (social-value-weight in the config).
  'weighting-total',
  'section-weight-total',
  'weighting-unscored',
  'must-not-evaluated',
  'not-agreed',
  'moscow-balance',
  'social-value-weight',
  // Change control (suspect-links: all in the config turns unstamped-link on).
  'suspect-link',
  'unreviewed-change',
  'unstamped-link',
] as const;

const DIAGNOSTIC_KEYS = ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity'];
const SEVERITIES = ['error', 'warning', 'info', 'hint'];
/** A text-format finding line: path:line:col: severity code: message. */
const LINE_RE = /^(?<file>[^:]+):(?<line>\d+):(?<column>\d+): (?<severity>error|warning|info|hint) (?<code>[a-z]+(?:-[a-z]+)*): (?<message>.+)$/;
const SUMMARY_RE = /^\d+ files?, \d+ items?: \d+ errors?, \d+ warnings?(?:, \d+ infos?)?(?:, \d+ hints?)?\.$/;
const COVERAGE_RE = /^Needs traced end to end: \d+ of \d+ \([\d.]+%\)\. Requirements covered by the ITT: \d+ of \d+ \([\d.]+%\), \d+ waived\.$/;
/** What a Node stack trace line looks like. */
const STACK = '    at ';

interface Counts {
  [key: string]: number;
}

interface CheckJson {
  diagnostics: Diagnostic[];
  coverage: { totals: { needs: Counts; requirements: Counts; clauses: Counts; withdrawn: number } };
}



async function checkJson(cwd: string, ...args: string[]): Promise<{ status: number | null; json: CheckJson; stderr: string }> {
  const result = await run(cwd, 'check', '--format', 'json', ...args);
  let json: CheckJson;
  try {
    json = JSON.parse(result.stdout) as CheckJson;
  } catch {
    throw new Error(`check --format json did not print JSON (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return { status: result.status, json, stderr: result.stderr };
}

/** `check --format json` of samples/broken, run once and shared by the tests that only read it. */
let brokenRun: ReturnType<typeof checkJson> | undefined;
const brokenJson = (): ReturnType<typeof checkJson> => (brokenRun ??= checkJson(BROKEN));

/** The finding lines of text output (everything but the two summary lines). */
function findingLines(stdout: string): string[] {
  return stdout.split('\n').filter((line) => LINE_RE.test(line));
}

/** Writes files (path → text or bytes) into a new temporary folder and returns the folder. */
const workspace = scratchFolders('reqtrace-cli-');

/** Asserts that a run did not crash: no stack trace and no internal error anywhere. */
function expectNoCrash(result: Run): void {
  expect(result.stderr).not.toContain(STACK);
  expect(result.stdout).not.toContain(STACK);
  expect(result.stderr).not.toContain('internal error');
  expect(result.status === 0 || result.status === 1).toBe(true);
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${relative(ROOT, CLI)} is missing: run 'npm run build' before these tests.`);
  // The CLI looks for reqtrace.config.yaml in the checked folder and every folder above it.
  for (let dir = realpathSync(tmpdir()); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'reqtrace.config.yaml'))) throw new Error(`${join(dir, 'reqtrace.config.yaml')} would apply to every temporary workspace: remove it.`);
    if (dirname(dir) === dir) break;
  }
});

// ---------------------------------------------------------------------------------------------
// Fixtures

const HR_NEEDS = `kind: needs
items:
  - id: UN-HR-001
    title: Move staff between departments
    as: an HR business partner
    need: I need to move a person between departments
    so-that: their continuous service is kept
  - id: UN-HR-002
    title: Record sickness absence
    as: a line manager
    need: I need to record sickness absence
    so-that: sick pay is right
`;

const HR_REQS = `kind: requirements
items:
  - id: REQ-HR-001
    title: Single employee record
    statement: The solution shall keep one record per person.
    type: functional
    priority: must
    satisfies: [UN-HR-001]
    status: agreed
  - id: REQ-HR-002
    title: Absence recording
    statement: The solution shall record sickness absence.
    type: functional
    priority: shuold
    satisfies: [UN-HR-02]
`;

const HR_ITT = `kind: itt
items:
  - id: ITT-3.1
    title: Employee record
    text: Explain how your solution keeps one record per person.
    response: scored
    weighting: 100
    covers: [REQ-HR-001]
`;

/** Needs, requirements and clauses with two errors and two warnings, inside a folder `ws`. */
function mixedWorkspace(): string {
  return workspace({ 'ws/needs/hr.needs.yaml': HR_NEEDS, 'ws/requirements/hr.reqs.yaml': HR_REQS, 'ws/itt/section-3.itt.yaml': HR_ITT });
}

/** Only warnings: an uncovered need and a requirement no clause covers. No ITT file. */
function warningsWorkspace(): string {
  return workspace({
    'payroll.needs.yaml': `kind: needs
items:
  - id: UN-PAY-001
    title: Pay everyone on time
    as: a payroll officer
    need: I need to run the monthly payroll
    so-that: staff are paid on payday
  - id: UN-PAY-002
    title: See my payslip
    as: a prison officer
    need: I need to see my payslip on my phone
    so-that: I can check my pay
`,
    'payroll.reqs.yaml': `kind: requirements
items:
  - id: REQ-PAY-001
    title: Gross-to-net calculation
    statement: The solution shall calculate gross-to-net pay.
    type: functional
    priority: must
    satisfies: [UN-PAY-001]
`,
  });
}

const WARNINGS_OUTPUT = `payroll.needs.yaml:8:9: warning uncovered-need: No requirement satisfies UN-PAY-002: add its id to the 'satisfies' list of the requirement that meets it.
payroll.reqs.yaml:3:9: warning uncovered-requirement: No ITT clause covers REQ-PAY-001, so bidders are never asked for it: add it to a clause's 'covers' or give it a waiver with a reason.
2 files, 3 items: 0 errors, 2 warnings.
Needs traced end to end: 0 of 2 (0%). Requirements covered by the ITT: 0 of 1 (0%), 0 waived.
`;

// ---------------------------------------------------------------------------------------------

describe.concurrent('check: text output', () => {
  it('prints path:line:col: severity code: message, paths relative to the cwd, sorted by file then position, then the summary', async () => {
    const root = mixedWorkspace();
    const result = await run(root, 'check', 'ws');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`ws/needs/hr.needs.yaml:8:9: warning uncovered-need: No requirement satisfies UN-HR-002: add its id to the 'satisfies' list of the requirement that meets it.
ws/requirements/hr.reqs.yaml:10:9: warning uncovered-requirement: No ITT clause covers REQ-HR-002, so bidders are never asked for it: add it to a clause's 'covers' or give it a waiver with a reason.
ws/requirements/hr.reqs.yaml:14:15: error schema: priority must be one of must, should, could, wont (found "shuold").
ws/requirements/hr.reqs.yaml:15:17: error broken-link: UN-HR-02 does not exist: no need has this id. Did you mean UN-HR-002?
3 files, 5 items: 2 errors, 2 warnings.
Needs traced end to end: 1 of 2 (50%). Requirements covered by the ITT: 1 of 2 (50%), 0 waived.
`);
    expect(result.status).toBe(1);
  });

  it('shows paths relative to the cwd when the workspace is above it', async () => {
    const root = mixedWorkspace();
    const result = await run(join(root, 'ws', 'requirements'), 'check', '..');
    expect(findingLines(result.stdout).map((line) => line.split(': ')[0])).toEqual([
      '../needs/hr.needs.yaml:8:9',
      'hr.reqs.yaml:10:9',
      'hr.reqs.yaml:14:15',
      'hr.reqs.yaml:15:17',
    ]);
    expect(result.status).toBe(1);
  });

  it('checks the current folder when no path is given', async () => {
    const root = mixedWorkspace();
    const result = await run(join(root, 'ws'), 'check');
    expect(findingLines(result.stdout).map((line) => line.split(': ')[0])).toEqual([
      'needs/hr.needs.yaml:8:9',
      'requirements/hr.reqs.yaml:10:9',
      'requirements/hr.reqs.yaml:14:15',
      'requirements/hr.reqs.yaml:15:17',
    ]);
  });

  it('sorts by file then by position across many files and folders', async () => {
    const reqs = (id: string): string => `kind: requirements
items:
  - id: ${id}
    title: T
    statement: The solution shall work.
    type: functional
    priority: must
`;
    const root = workspace({
      'b.reqs.yaml': reqs('REQ-B-001'),
      'a/z.reqs.yaml': reqs('REQ-AZ-001'),
      'a.reqs.yaml': reqs('REQ-A-001'),
      'c/d/e.reqs.yaml': reqs('REQ-CDE-001'),
    });
    const result = await run(root, 'check');
    const lines = findingLines(result.stdout);
    expect(lines.map((line) => `${line.split(': ')[0]} ${LINE_RE.exec(line)?.groups?.code}`)).toEqual([
      'a.reqs.yaml:3:9 orphan-requirement',
      'a.reqs.yaml:3:9 uncovered-requirement',
      'a/z.reqs.yaml:3:9 orphan-requirement',
      'a/z.reqs.yaml:3:9 uncovered-requirement',
      'b.reqs.yaml:3:9 orphan-requirement',
      'b.reqs.yaml:3:9 uncovered-requirement',
      'c/d/e.reqs.yaml:3:9 orphan-requirement',
      'c/d/e.reqs.yaml:3:9 uncovered-requirement',
    ]);
    expect(result.stdout.split('\n').slice(-3)).toEqual(['4 files, 4 items: 0 errors, 8 warnings.', 'No user needs. Requirements covered by the ITT: 0 of 4 (0%), 0 waived.', '']);
  });

  it('ends with the two summary lines and nothing else', async () => {
    const result = await run(mixedWorkspace(), 'check', 'ws');
    const lines = result.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.at(-1)).toMatch(COVERAGE_RE);
    expect(lines.at(-2)).toMatch(SUMMARY_RE);
    for (const line of lines.slice(0, -2)) expect(line).toMatch(LINE_RE);
  });

  it('exits 0 when there are only warnings, and prints them', async () => {
    const result = await run(warningsWorkspace(), 'check');
    expect(result.stdout).toBe(WARNINGS_OUTPUT);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('exits 1 on warnings with --fail-on warning', async () => {
    const result = await run(warningsWorkspace(), 'check', '--fail-on', 'warning');
    expect(result.stdout).toBe(WARNINGS_OUTPUT);
    expect(result.status).toBe(1);
  });

  it('exits 0 on warnings with an explicit --fail-on error', async () => {
    expect((await run(warningsWorkspace(), 'check', '--fail-on', 'error')).status).toBe(0);
  });

  it('exits 1 when there are errors', async () => {
    expect((await run(mixedWorkspace(), 'check', 'ws')).status).toBe(1);
  });

  it('exits 0 with errors under --fail-on never, and still reports them', async () => {
    const result = await run(mixedWorkspace(), 'check', 'ws', '--fail-on', 'never');
    expect(result.stdout).toContain('error schema: priority must be one of must, should, could, wont (found "shuold").');
    expect(result.stdout).toContain('3 files, 5 items: 2 errors, 2 warnings.');
    expect(result.status).toBe(0);
  });

  it('exits 0 and says so on a workspace with nothing wrong', async () => {
    const root = workspace({
      'a.needs.yaml': `kind: needs
items:
  - id: UN-1
    title: T
    as: a payroll officer
    need: I need to pay people
    so-that: staff are paid
`,
      'a.reqs.yaml': `kind: requirements
items:
  - id: REQ-1
    title: T
    statement: The solution shall pay people.
    type: functional
    priority: must
    satisfies: [UN-1]
    waiver:
      reason: Bought as a separate service.
`,
    });
    const result = await run(root, 'check', '--fail-on', 'warning');
    expect(result.stdout).toBe(`2 files, 2 items: 0 errors, 0 warnings.
Needs traced end to end: 0 of 1 (0%). Requirements covered by the ITT: 0 of 0 (100%), 1 waived.
`);
    expect(result.status).toBe(0);
  });

  it('keeps one line per finding when values hold line breaks or control characters', async () => {
    // Escapes in double-quoted YAML put a line break, a CR and an ESC into ids and values; echoed raw
    // they would split a finding over several lines, forge a finding line or drive the terminal.
    const root = workspace({
      'a.reqs.yaml': `kind: requirements
items:
  - id: "REQ-1\\nsrc/evil.ts:1:1: error forged: this line is not a finding"
    title: T
    statement: The solution shall work.
    type: functional
    priority: "mu\\rst"
    satisfies: ["UN-1\\u001b[2J"]
`,
    });
    const result = await run(root, 'check');
    const { json } = await checkJson(root);
    expect(json.diagnostics.length).toBeGreaterThanOrEqual(4);
    const lines = result.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(json.diagnostics.length + 2);
    for (const line of lines.slice(0, -2)) expect(line).toMatch(LINE_RE);
    expect(lines.some((line) => line.startsWith('src/evil.ts'))).toBe(false);
    expect(result.stdout).not.toMatch(/[\r\u001b]/);
  });

  it('checks a file named on its own in its workspace: every file loaded so links resolve, its findings listed', async () => {
    const root = mixedWorkspace();
    const named = ['check', 'ws/requirements/hr.reqs.yaml', '--fail-on', 'never'];
    // Without a config or a git work tree above it, its workspace is its own folder: the needs are not in it.
    const alone = await run(root, ...named);
    expect(new Set(findingLines(alone.stdout).map((line) => line.split(':')[0]))).toEqual(new Set(['ws/requirements/hr.reqs.yaml']));
    expect(alone.stdout).toContain('UN-HR-001 does not exist');
    expect(alone.stdout).toContain('1 file checked, in a workspace of 1 file and 2 items: ');
    // A reqtrace.config.yaml above it makes its folder the workspace, found from anywhere; so does --root.
    writeFileSync(join(root, 'ws', 'reqtrace.config.yaml'), '# the workspace\n');
    for (const args of [named, [...named, '--root', 'ws']]) {
      const inWorkspace = await run(root, ...args);
      expect(findingLines(inWorkspace.stdout).every((line) => line.startsWith('ws/requirements/hr.reqs.yaml:')), inWorkspace.stdout).toBe(true);
      expect(inWorkspace.stdout).not.toContain('UN-HR-001 does not exist');
      // The fixture's own typo is still found.
      expect(inWorkspace.stdout).toContain('UN-HR-02 does not exist');
      expect(inWorkspace.stdout).toMatch(/^1 file checked, in a workspace of 3 files and \d+ items: /m);
      expect(inWorkspace.stdout).toMatch(/^Whole workspace: Needs traced end to end: /m);
    }
    // --fail-on counts the named files' findings only.
    const json = JSON.parse((await run(root, 'check', 'ws', '--format', 'json', '--fail-on', 'never')).stdout) as CheckJson;
    const others = json.diagnostics.filter((d) => !d.file.startsWith('ws/requirements/hr.reqs.yaml'));
    expect(others.length).toBeGreaterThan(0);
    const onlyNamed = await run(root, 'check', 'ws/requirements/hr.reqs.yaml', '--format', 'json');
    expect((JSON.parse(onlyNamed.stdout) as CheckJson).diagnostics.map((d) => d.file)).toEqual(json.diagnostics.filter((d) => d.file === 'ws/requirements/hr.reqs.yaml').map((d) => d.file));
    expect(onlyNamed.status).toBe(json.diagnostics.some((d) => d.file === 'ws/requirements/hr.reqs.yaml' && d.severity === 'error') ? 1 : 0);
    // A file outside the workspace it would be checked in is a usage error, in one line.
    const outside = await run(root, 'check', 'ws/requirements/hr.reqs.yaml', '--root', 'ws/needs');
    expect(outside.status).toBe(2);
    expect(outside.stderr).toBe("reqtrace: 'ws/requirements/hr.reqs.yaml' is outside the workspace 'ws/needs' it is checked in: give --root FOLDER\n");
  });

  it('checks samples/synergy/requirements/hr.reqs.yaml in its workspace from anywhere, and it is clean', async () => {
    const result = await run(tmpdir(), 'check', join(ROOT, 'samples', 'synergy', 'requirements', 'hr.reqs.yaml'));
    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(/ error /);
    expect(result.stdout).toMatch(/^1 file checked, in a workspace of \d+ files and \d+ items: 0 errors, /m);
  });
});

describe.concurrent('check --format json', () => {
  it('gives each diagnostic exactly file, line, column, endLine, endColumn, severity, code and message (and detail and related when there are some)', async () => {
    const { json, status } = await brokenJson();
    expect(status).toBe(1);
    expect(json.diagnostics.length).toBeGreaterThan(0);
    for (const d of json.diagnostics) {
      const keys = Object.keys(d).filter((key) => key !== 'related' && key !== 'detail').sort();
      if ('detail' in d) expect(typeof d.detail).toBe('string');
      expect(keys).toEqual(DIAGNOSTIC_KEYS);
      expect(typeof d.file).toBe('string');
      expect(d.file).not.toMatch(/^(\/|file:|[A-Za-z]:)/);
      for (const n of [d.line, d.column, d.endLine, d.endColumn]) {
        expect(Number.isInteger(n)).toBe(true);
        expect(n).toBeGreaterThanOrEqual(1);
      }
      expect(d.endLine > d.line || (d.endLine === d.line && d.endColumn >= d.column)).toBe(true);
      expect(SEVERITIES).toContain(d.severity);
      expect(d.message.length).toBeGreaterThan(0);
      for (const r of d.related ?? []) expect(Object.keys(r).sort()).toEqual(['column', 'file', 'line', 'message']);
    }
  });

  it("keeps the YAML parser's own words in a yaml-syntax diagnostic's detail", async () => {
    const { json } = await brokenJson();
    const syntax = json.diagnostics.find((d) => d.code === 'yaml-syntax');
    expect(syntax && 'detail' in syntax ? syntax.detail : undefined).toBe('The YAML parser said: "Map keys must be unique" (line 8, column 5).');
  });

  it('sorts diagnostics by file, then line and column', async () => {
    const { json } = await brokenJson();
    const keys = json.diagnostics.map((d) => [d.file, d.line, d.column] as const);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
    expect(keys).toEqual(sorted);
  });

  it('is byte-for-byte the same on every run', async () => {
    const first = await run(ROOT, 'check', 'samples/broken', '--format', 'json');
    const second = await run(ROOT, 'check', 'samples/broken', '--format', 'json');
    const third = await run(ROOT, 'check', 'samples/broken', '--format', 'json');
    expect(first.stdout.length).toBeGreaterThan(0);
    expect(second.stdout).toBe(first.stdout);
    expect(third.stdout).toBe(first.stdout);
  });

  it('is byte-for-byte the same on every run when an id is defined in many files', async () => {
    // Files are read concurrently, so they can finish in any order; the output must not show it.
    const files: Record<string, string> = {};
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    for (const name of names) {
      files[`${name}.reqs.yaml`] = `kind: requirements
items:
  - id: REQ-DUP-001
    title: Copy ${name}
    statement: The solution shall work.
    type: functional
    priority: must
    waiver:
      reason: Bought separately.
`;
    }
    const root = workspace(files);
    /** The distinct outputs of `times` runs, one after another. */
    const outputs = async (times: number, args: string[]): Promise<Set<string>> => {
      const seen = new Set<string>();
      for (let i = 0; i < times; i++) seen.add((await run(root, ...args)).stdout);
      return seen;
    };
    const check = await outputs(5, ['check', '--format', 'json']);
    expect(check.size, 'distinct outputs of check --format json').toBe(1);
    const [json] = [...check];
    const dup = (JSON.parse(json ?? '{}') as CheckJson).diagnostics.find((d) => d.file === 'a.reqs.yaml' && d.code === 'duplicate-id');
    // The other definitions are named in file order.
    const others = names.slice(1).map((name) => `${name}.reqs.yaml`);
    expect(dup?.message).toBe(`REQ-DUP-001 is defined 10 times (also in ${others.join(', ')}): every id must be unique in the workspace.`);
    expect(dup?.related?.map((r) => r.file)).toEqual(others);
    expect((await outputs(3, ['check'])).size, 'distinct outputs of check').toBe(1);
    expect((await outputs(3, ['report', '--format', 'json'])).size, 'distinct outputs of report --format json').toBe(1);
    expect((await outputs(3, ['report', '--format', 'csv'])).size, 'distinct outputs of report --format csv').toBe(1);
  });

  it('agrees with the text output finding for finding', async () => {
    const root = mixedWorkspace();
    const text = findingLines((await run(root, 'check', 'ws')).stdout);
    const { json } = await checkJson(root, 'ws');
    expect(json.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`)).toEqual(text);
  });

  it('gives exact ranges and the coverage totals', async () => {
    const { json, status } = await checkJson(mixedWorkspace(), 'ws');
    expect(status).toBe(1);
    expect(json.diagnostics.map(({ file, line, column, endLine, endColumn, code }) => ({ file, line, column, endLine, endColumn, code }))).toEqual([
      { file: 'ws/needs/hr.needs.yaml', line: 8, column: 9, endLine: 8, endColumn: 18, code: 'uncovered-need' },
      { file: 'ws/requirements/hr.reqs.yaml', line: 10, column: 9, endLine: 10, endColumn: 19, code: 'uncovered-requirement' },
      { file: 'ws/requirements/hr.reqs.yaml', line: 14, column: 15, endLine: 14, endColumn: 21, code: 'schema' },
      { file: 'ws/requirements/hr.reqs.yaml', line: 15, column: 17, endLine: 15, endColumn: 25, code: 'broken-link' },
    ]);
    expect(json.coverage.totals).toEqual({
      needs: { total: 2, covered: 1, traced: 1, uncovered: 1 },
      requirements: { total: 2, covered: 1, waived: 0, uncovered: 1 },
      clauses: { total: 1, scored: 1, passFail: 0, information: 0, empty: 0 },
      sections: [{ uri: 'ws/itt/section-3.itt.yaml', scored: 1, weighting: 100, budget: 100 }],
      withdrawn: 0,
    });
  });

  it('names the other definitions of a duplicate id in related', async () => {
    const { json } = await brokenJson();
    const duplicates = json.diagnostics.filter((d) => d.code === 'duplicate-id');
    expect(duplicates.map((d) => d.file)).toEqual(['requirements/expenses.reqs.yaml', 'requirements/finance.reqs.yaml']);
    const [inExpenses, inFinance] = duplicates;
    expect(inExpenses?.related).toEqual([{ file: 'requirements/finance.reqs.yaml', line: inFinance?.line, column: inFinance?.column, message: 'REQ-FIN-002 is also defined here' }]);
    expect(inFinance?.related).toEqual([{ file: 'requirements/expenses.reqs.yaml', line: inExpenses?.line, column: inExpenses?.column, message: 'REQ-FIN-002 is also defined here' }]);
  });

  it('writes nothing but the JSON document to stdout', async () => {
    const result = await run(mixedWorkspace(), 'check', 'ws', '--format', 'json');
    expect(result.stdout.startsWith('{')).toBe(true);
    expect(result.stdout.endsWith('}\n')).toBe(true);
    expect(result.stderr).toBe('');
  });
});

describe.concurrent('check: positions', () => {
  const CRLF = [
    'kind: requirements',
    'items:',
    '  - id: REQ-A-001',
    '    title: Pay staff',
    '    statement: The solution shall pay staff.',
    '    type: functional',
    '    priority: mus',
    '    satisfies: [UN-A-001]',
    '',
  ].join('\r\n');
  const NEEDS = [
    'kind: need',
    'items:',
    '  - id: UN-B-001',
    '    title: Pay staff',
    '    as: a payroll officer',
    '    need: I need to pay staff',
    '    so-that: staff are paid',
    '    priority: mus',
    '',
  ].join('\n');
  // The pound-note emoji is two UTF-16 code units: editors count it as two columns.
  const EMOJI =
    'kind: requirements\nitems:\n  - {id: REQ-B-001, title: "Pay 💷 staff", statement: The solution shall pay., type: functional, priority: mus, satisfies: [UN-A-001]}\n';

  /** A valid need that the requirement fixtures satisfy, so only their own problems show. */
  const NEED_FILE = {
    'n.needs.yaml': 'kind: needs\nitems:\n  - id: UN-A-001\n    title: Pay staff\n    as: a payroll officer\n    need: I need to pay staff\n    so-that: staff are paid\n',
  };

  /** The JSON diagnostics of one file of a workspace made of `files` and NEED_FILE. */
  async function positions(files: Record<string, string | Uint8Array>, file = Object.keys(files)[0]): Promise<Diagnostic[]> {
    const { json } = await checkJson(workspace({ ...NEED_FILE, ...files }), '--fail-on', 'never');
    return json.diagnostics.filter((d) => d.file === file);
  }
  const at = (d: Diagnostic | undefined): string => (d ? `${d.line}:${d.column}-${d.endLine}:${d.endColumn}` : 'none');

  it('puts a bad enum value on the value itself: `priority: mus` is line 7, columns 15 to 18', async () => {
    const lf = CRLF.replace(/\r\n/g, '\n');
    const diagnostics = await positions({ 'lf.reqs.yaml': lf });
    expect(diagnostics.map((d) => `${d.code} ${at(d)}`)).toEqual(['uncovered-requirement 3:9-3:18', 'schema 7:15-7:18']);
    expect(diagnostics[1]?.message).toBe('priority must be one of must, should, could, wont (found "mus").');
  });

  it('counts CRLF as one line break', async () => {
    const diagnostics = await positions({ 'crlf.reqs.yaml': CRLF });
    expect(diagnostics.map((d) => `${d.code} ${at(d)}`)).toEqual(['uncovered-requirement 3:9-3:18', 'schema 7:15-7:18']);
    for (const d of diagnostics) expect(d.message).not.toMatch(/\r/);
  });

  it('gives the same positions in text output for a CRLF file', async () => {
    const result = await run(workspace({ ...NEED_FILE, 'crlf.reqs.yaml': CRLF }), 'check');
    expect(findingLines(result.stdout)).toEqual([
      "crlf.reqs.yaml:3:9: warning uncovered-requirement: No ITT clause covers REQ-A-001, so bidders are never asked for it: add it to a clause's 'covers' or give it a waiver with a reason.",
      'crlf.reqs.yaml:7:15: error schema: priority must be one of must, should, could, wont (found "mus").',
    ]);
    expect(result.stdout).not.toContain('\r');
  });

  it('does not count a UTF-8 byte order mark as a column', async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(NEEDS, 'utf8')]);
    const diagnostics = await positions({ 'bom.needs.yaml': bom });
    // `kind: need` on line 1: the value starts at column 7 whether or not the file has a BOM.
    expect(diagnostics.map((d) => `${d.code} ${at(d)}`)).toEqual(['kind-mismatch 1:7-1:11', 'uncovered-need 3:9-3:17', 'schema 8:15-8:18']);
    expect(diagnostics[0]?.message).toBe("kind is 'need', but the file name ends in .needs.yaml, which holds needs: write 'kind: needs' or rename the file.");
  });

  it('gives the same positions with and without a BOM', async () => {
    const plain = await positions({ 'x.needs.yaml': NEEDS });
    const bom = await positions({ 'x.needs.yaml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(NEEDS, 'utf8')]) });
    expect(bom.length).toBeGreaterThan(0);
    expect(bom).toEqual(plain);
  });

  it('counts columns in UTF-16 code units, so an emoji before a value is two columns', async () => {
    const diagnostics = await positions({ 'emoji.reqs.yaml': EMOJI });
    const line = EMOJI.split('\n')[2] ?? '';
    expect(line.indexOf('mus') + 1).toBe(108);
    expect([...line.slice(0, line.indexOf('mus'))].length + 1).toBe(107);
    expect(diagnostics.map((d) => `${d.code} ${at(d)}`)).toEqual(['uncovered-requirement 3:10-3:19', 'schema 3:108-3:111']);
  });

  it('puts an unknown field on its key', async () => {
    const text = 'kind: requirements\nitems:\n  - id: REQ-C-001\n    title: T\n    statement: The solution shall work.\n    type: functional\n    priority: must\n    satisfies: [UN-A-001]\n    acceptence:\n      - one\n';
    const found = (await positions({ 'c.reqs.yaml': text })).find((d) => d.code === 'schema');
    expect(at(found)).toBe('9:5-9:15');
    expect(found?.message).toContain("Unknown field 'acceptence' in requirement REQ-C-001 — did you mean 'acceptance'?");
  });

  it('gives the end line and column of a value that spans two lines', async () => {
    const text = 'kind: requirements\nitems:\n  - id: REQ-C-001\n    title: T\n    statement: The solution shall work.\n    type: "func\n      tional"\n    priority: must\n    satisfies: [UN-A-001]\n';
    const found = (await positions({ 'c.reqs.yaml': text })).find((d) => d.code === 'schema');
    expect(at(found)).toBe('6:11-7:14');
    expect(found?.message).toBe('type must be one of functional, non-functional (found "func tional").');
  });

  it('puts a missing field on the id of the item that lacks it', async () => {
    const text = 'kind: requirements\nitems:\n  - id: REQ-C-001\n    title: T\n    type: functional\n    priority: must\n    satisfies: [UN-A-001]\n';
    const found = (await positions({ 'c.reqs.yaml': text })).find((d) => d.code === 'schema');
    expect(at(found)).toBe('3:9-3:18');
    expect(found?.message).toBe("Requirement REQ-C-001 is missing the required field 'statement'.");
  });
});

describe.concurrent('usage and I/O errors', () => {
  const cases: { name: string; args: string[]; first: string | RegExp }[] = [
    { name: 'a path that does not exist', args: ['check', 'no-such-folder'], first: "reqtrace: cannot read 'no-such-folder': no such file or directory" },
    { name: 'a report path that does not exist', args: ['report', 'no-such-folder', '--format', 'md'], first: "reqtrace: cannot read 'no-such-folder': no such file or directory" },
    { name: 'an unknown option', args: ['check', '--frobnicate'], first: /^reqtrace: .*'--frobnicate'/ },
    { name: 'an unknown command', args: ['frob'], first: "reqtrace: unknown command 'frob' (the commands are check, report, export, responses, review, diff, import, init and rules; reqtrace --help shows how to use them)" },
    { name: 'a bad check --format', args: ['check', '--format', 'xml'], first: "reqtrace: --format must be one of text, json, github, sarif, junit (found 'xml')" },
    { name: 'a bad --fail-on', args: ['check', '--fail-on', 'sometimes'], first: "reqtrace: --fail-on must be error, warning or never (found 'sometimes')" },
    { name: 'a bad report --format', args: ['report', '--format', 'pdf'], first: "reqtrace: --format must be one of html, md, json, csv (found 'pdf')" },
    { name: 'a --config file that does not exist', args: ['check', '--config', 'missing.yaml'], first: /^reqtrace: cannot read config 'missing\.yaml': .*no such file or directory/ },
  ];

  for (const { name, args, first } of cases) {
    it(`exits 2 with one clear 'reqtrace:' line and no stack trace for ${name}`, async () => {
      const result = await run(warningsWorkspace(), ...args);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      const lines = result.stderr.split('\n');
      if (typeof first === 'string') expect(lines[0]).toBe(first);
      else expect(lines[0]).toMatch(first);
      // One line and nothing else: the usage is one `reqtrace --help` away.
      expect(lines).toEqual([lines[0], '']);
      expect(result.stderr).not.toContain(STACK);
      expect(result.stderr).not.toContain('internal error');
    });
  }

  it('exits 2 with a clear message when the report cannot be written', async () => {
    const root = warningsWorkspace();
    writeFileSync(join(root, 'afile'), 'not a folder');
    const result = await run(root, 'report', '--format', 'md', '--out', 'afile/x.md');
    expect(result.status).toBe(2);
    const first = result.stderr.split('\n')[0];
    expect(first).toMatch(/^reqtrace: cannot write 'afile\/x\.md': /);
    // Words a person can act on, not a bare errno code such as EEXIST or ENOTDIR.
    expect(first).not.toMatch(/: E[A-Z]+\.?$/);
    expect(result.stderr).not.toContain(STACK);
  });

  it('prints the usage with --help and exits 0', async () => {
    const result = await run(ROOT, '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage:\n {2}reqtrace check /);
  });

  it('prints the version with --version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = await run(ROOT, '--version');
    expect(result.stdout).toBe(`${version}\n`);
    expect(result.status).toBe(0);
  });
});

describe.concurrent('samples/broken', () => {
  it('shows every finding code and exits 1', async () => {
    const result = await run(ROOT, 'check', 'samples/broken');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('');
    const codes = new Set(findingLines(result.stdout).map((line) => LINE_RE.exec(line)?.groups?.code));
    for (const code of SAMPLE_CODES) expect(codes, `no ${code} finding`).toContain(code);
    for (const line of findingLines(result.stdout)) expect(line.startsWith('samples/broken/')).toBe(true);
  });

  it('shows the schema findings it promises: enum value, unknown field, missing field, bad id, scored clause without weighting, a stamp that is no fingerprint', async () => {
    const { json } = await brokenJson();
    const messages = json.diagnostics.filter((d) => d.code === 'schema').map((d) => d.message);
    expect(messages).toContainEqual(expect.stringMatching(/^priority must be one of must, should, could, wont \(found "mus"\)\.$/));
    expect(messages).toContainEqual(expect.stringMatching(/^Unknown field 'acceptence' .*did you mean 'acceptance'\?/));
    expect(messages).toContainEqual(expect.stringMatching(/is missing the required field 'statement'\.$/));
    expect(messages).toContainEqual(expect.stringMatching(/^"req-fin-004" is not a valid id/));
    expect(messages).toContainEqual(expect.stringMatching(/^Clause ITT-3\.4 is scored, so it needs a 'weighting'/));
    expect(messages).toContainEqual(expect.stringMatching(/^"327759a" after UN-HOL-002@ is not a fingerprint: a stamp is 10 characters 0-9 and a-f/));
  });

  it('has a broken link with a "Did you mean" suggestion and one without', async () => {
    const { json } = await brokenJson();
    const broken = json.diagnostics.filter((d) => d.code === 'broken-link').map((d) => d.message);
    expect(broken).toContain('UN-PAY-02 does not exist: no need has this id. Did you mean UN-PAY-002?');
    expect(broken).toContain('REQ-PAY-999 does not exist: no requirement has this id.');
  });

  it('has exactly the findings its comments announce, each on the line below its comment', async () => {
    // A comment "# <code>: ..." or "# <code> (...): ..." announces a finding of that code on the next
    // line that is not a comment.
    const expected: string[] = [];
    // The config too: social-value-weight is about it.
    const files = readdirSync(BROKEN, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(needs|reqs|itt)\.ya?ml$|^reqtrace\.config\.yaml$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const lines = readFileSync(join(BROKEN, file), 'utf8').split(/\r?\n/);
      lines.forEach((line, i) => {
        const code = /^\s*#\s*([a-z]+(?:-[a-z]+)*)(?: \([^)]*\))?:/.exec(line)?.[1];
        if (!code || !(SAMPLE_CODES as readonly string[]).includes(code)) return;
        let target = i + 1;
        while (/^\s*#/.test(lines[target] ?? '')) target++;
        expected.push(`${file.split('\\').join('/')}:${target + 1} ${code}`);
      });
    }
    const { json } = await brokenJson();
    const actual = json.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`);
    expect(actual.sort()).toEqual(expected.sort());
  });

  it('lists every sample file in its README', () => {
    const readme = readFileSync(join(BROKEN, 'README.md'), 'utf8');
    const files = readdirSync(BROKEN, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(needs|reqs|itt)\.ya?ml$/.test(f));
    for (const file of files) expect(readme).toContain(`\`${file.split('\\').join('/')}\``);
    for (const code of SAMPLE_CODES) expect(readme).toContain(code);
  });
});

describe.concurrent('samples/synergy', () => {
  const present = existsSync(SYNERGY) && readdirSync(SYNERGY, { recursive: true, encoding: 'utf8' }).some((f) => f.endsWith('.itt.yaml'));

  it.skipIf(!present)('passes with the default --fail-on and has no errors (skipped when samples/synergy has no ITT files yet)', async () => {
    const result = await run(ROOT, 'check', 'samples/synergy');
    expect(result.stderr).toBe('');
    expect(findingLines(result.stdout).filter((line) => LINE_RE.exec(line)?.groups?.severity === 'error')).toEqual([]);
    expect(result.stdout).toMatch(/^\d+ files, \d+ items: 0 errors, \d+ warnings?(?:, \d+ infos?)?\.$/m);
    expect(result.status).toBe(0);
  });
});

describe.concurrent('report', () => {
  const XSS = '<script>alert(1)</script> "quoted" & \'single\'';
  function reportWorkspace(): string {
    return workspace({
      'needs/hr.needs.yaml': `kind: needs
items:
  - id: UN-HR-001
    title: '${XSS.replace(/'/g, "''")}'
    as: an HR business partner
    need: I need to move a person between departments
    so-that: their continuous service is kept
    departments: [DWP, HO]
    priority: must
  - id: UN-HR-002
    title: Record sickness absence
    as: a line manager
    need: I need to record sickness absence
    so-that: sick pay is right
`,
      'requirements/hr.reqs.yaml': `kind: requirements
items:
  - id: REQ-HR-001
    title: "=SUM(A1:A9)"
    statement: The solution shall keep one record per person.
    type: functional
    priority: must
    satisfies: [UN-HR-001]
  - id: REQ-HR-002
    title: Absence, with a comma
    statement: The solution shall record sickness absence.
    type: functional
    priority: should
    satisfies: [UN-HR-002]
`,
      'itt/section-3.itt.yaml': `kind: itt
items:
  - id: ITT-3.1
    title: Employee record
    text: Explain how your solution keeps one record per person.
    response: scored
    weighting: 100
    covers: [REQ-HR-001]
`,
    });
  }

  it('writes a self-contained HTML file with --out, escaping user text', async () => {
    const root = reportWorkspace();
    const result = await run(root, 'report', '--format', 'html', '--out', 'tmp/x.html');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('Wrote the html coverage report to tmp/x.html\n');
    const html = readFileSync(join(root, 'tmp', 'x.html'), 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.toLowerCase()).not.toContain('<script');
    expect(html).not.toContain('http://');
    expect(html).not.toContain('https://');
    expect(html).not.toContain(XSS);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; &#39;single&#39;');
    expect(html).toContain('UN-HR-001');
    expect(html).toContain('ITT-3.1');
  });

  it('links items relative to the report file', async () => {
    const root = reportWorkspace();
    await run(root, 'report', '--format', 'html', '--out', 'tmp/x.html');
    const html = readFileSync(join(root, 'tmp', 'x.html'), 'utf8');
    expect(html).toContain('href="../needs/hr.needs.yaml#L3"');
  });

  it('encodes file names in links, including # and ?', async () => {
    const root = workspace({
      'pay #2?.reqs.yaml': `kind: requirements
items:
  - id: REQ-PAY-001
    title: T
    statement: The solution shall pay people.
    type: functional
    priority: must
`,
    });
    const html = (await run(root, 'report', '--format', 'html')).stdout;
    expect(html).toContain('href="pay%20%232%3F.reqs.yaml#L3"');
    const md = (await run(root, 'report', '--format', 'md')).stdout;
    expect(md).toContain('[REQ-PAY-001](pay%20%232%3F.reqs.yaml#L3)');
  });

  it('writes Markdown to stdout when there is no --out, escaping HTML', async () => {
    const result = await run(reportWorkspace(), 'report', '--format', 'md');
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^# Coverage report: /);
    expect(result.stdout).toContain('| User needs | 2 |');
    expect(result.stdout).toContain('[UN-HR-001](needs/hr.needs.yaml#L3)');
    expect(result.stdout).not.toContain('<script');
    expect(result.stdout).toContain('&lt;script>alert(1)&lt;/script>');
  });

  it('writes JSON with the coverage totals', async () => {
    const result = await run(reportWorkspace(), 'report', '--format', 'json');
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout) as CheckJson['coverage'];
    expect(json.totals).toEqual({
      needs: { total: 2, covered: 2, traced: 1, uncovered: 0 },
      requirements: { total: 2, covered: 1, waived: 0, uncovered: 1 },
      clauses: { total: 1, scored: 1, passFail: 0, information: 0, empty: 0 },
      sections: [{ uri: 'itt/section-3.itt.yaml', scored: 1, weighting: 100, budget: 100 }],
      withdrawn: 0,
    });
  });

  it('gives the same coverage in report --format json as in check --format json', async () => {
    const root = reportWorkspace();
    const report = JSON.parse((await run(root, 'report', '--format', 'json')).stdout) as unknown;
    const { json } = await checkJson(root);
    expect(report).toEqual(json.coverage);
  });

  it('writes CSV with a header row and defuses spreadsheet formulas', async () => {
    const result = await run(reportWorkspace(), 'report', '--format', 'csv');
    expect(result.status).toBe(0);
    const rows = result.stdout.split('\r\n');
    expect(rows[0]).toBe('need,need title,departments,need priority,need state,requirement,requirement title,requirement priority,requirement state,clause,clause title,response,weighting,file');
    expect(rows.pop()).toBe('');
    expect(result.stdout).toContain(",REQ-HR-001,'=SUM(A1:A9),must,covered,ITT-3.1,");
    expect(result.stdout).not.toMatch(/(^|,)=SUM/m);
    expect(result.stdout).toContain('"Absence, with a comma"');
    expect(result.stdout).toContain('"<script>alert(1)</script> ""quoted"" & \'single\'"');
  });

  it('writes the default (html) format to stdout without --out', async () => {
    const result = await run(reportWorkspace(), 'report');
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('writes a report for samples/broken without crashing', async () => {
    for (const format of ['html', 'md', 'json', 'csv']) {
      const result = await run(ROOT, 'report', 'samples/broken', '--format', format);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout.length).toBeGreaterThan(100);
    }
  });
});

describe.concurrent('reqtrace.config.yaml', () => {
  it('turns a code off', async () => {
    const plain = await run(warningsWorkspace(), 'check');
    expect(plain.stdout).toContain('uncovered-requirement');
    const root = warningsWorkspace();
    writeFileSync(join(root, 'reqtrace.config.yaml'), 'severity:\n  uncovered-requirement: off\n');
    const result = await run(root, 'check');
    expect(result.stdout).not.toContain('uncovered-requirement');
    expect(result.stdout).toContain('payroll.needs.yaml:8:9: warning uncovered-need: ');
    expect(result.stdout).toContain('2 files, 3 items: 0 errors, 1 warning.');
    expect(result.status).toBe(0);
  });

  it('raises a warning to an error, which fails the run', async () => {
    const root = warningsWorkspace();
    writeFileSync(join(root, 'reqtrace.config.yaml'), 'severity: { uncovered-need: error }\n');
    const result = await run(root, 'check');
    expect(result.stdout).toContain('payroll.needs.yaml:8:9: error uncovered-need: No requirement satisfies UN-PAY-002');
    expect(result.stdout).toContain('2 files, 3 items: 1 error, 1 warning.');
    expect(result.status).toBe(1);
  });

  it('is found in a folder above the checked one', async () => {
    const root = warningsWorkspace();
    writeFileSync(join(root, 'reqtrace.config.yaml'), 'severity: { uncovered-need: error }\n');
    mkdirSync(join(root, 'sub'));
    const result = await run(join(root, 'sub'), 'check', '..');
    expect(result.stdout).toContain('error uncovered-need');
    expect(result.status).toBe(1);
  });

  it('is read from --config', async () => {
    const root = warningsWorkspace();
    writeFileSync(join(root, 'strict.yaml'), 'severity: { uncovered-need: error }\n');
    const result = await run(root, 'check', '--config', 'strict.yaml');
    expect(result.stdout).toContain('error uncovered-need');
    expect(result.status).toBe(1);
  });

  it('reports an invalid severity as a schema finding in the config, naming the allowed values', async () => {
    const root = warningsWorkspace();
    writeFileSync(join(root, 'reqtrace.config.yaml'), 'severity:\n  broken-link: loud\n');
    const { json, status, stderr } = await checkJson(root);
    expect(stderr).toBe('');
    const found = json.diagnostics.filter((d) => d.file === 'reqtrace.config.yaml');
    expect(found).toEqual([
      {
        file: 'reqtrace.config.yaml',
        line: 2,
        column: 16,
        endLine: 2,
        endColumn: 20,
        severity: 'error',
        code: 'schema',
        message: 'broken-link must be one of error, warning, info, hint, off (found "loud").',
      },
    ]);
    // The requirement files are still checked, with the default severities.
    expect(json.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual(['payroll.needs.yaml uncovered-need', 'payroll.reqs.yaml uncovered-requirement', 'reqtrace.config.yaml schema']);
    expect(status).toBe(1);
  });

  it('keeps the valid settings of a config that has one invalid value', async () => {
    // parseConfig: "anything invalid is reported and left at its default", so the rest still applies.
    const root = warningsWorkspace();
    writeFileSync(join(root, 'reqtrace.config.yaml'), 'severity:\n  uncovered-requirement: off\n  orphan-requirement: of\n');
    const { json } = await checkJson(root);
    expect(json.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual(['payroll.needs.yaml:8:9 uncovered-need', 'reqtrace.config.yaml:3:23 schema']);
  });

  it('reports YAML errors in the config as findings, not crashes', async () => {
    const root = warningsWorkspace();
    writeFileSync(join(root, 'reqtrace.config.yaml'), 'severity: [\n');
    const result = await run(root, 'check');
    expectNoCrash(result);
    expect(result.stdout).toMatch(/^reqtrace\.config\.yaml:\d+:\d+: error yaml-syntax: /m);
    expect(result.stdout).toContain('payroll.needs.yaml:8:9: warning uncovered-need: ');
    expect(result.status).toBe(1);
  });

  it('reports an unknown config field with the allowed ones', async () => {
    const root = warningsWorkspace();
    writeFileSync(join(root, 'reqtrace.config.yaml'), 'severities:\n  broken-link: off\n');
    const { json } = await checkJson(root);
    const found = json.diagnostics.find((d) => d.file === 'reqtrace.config.yaml');
    expect(found?.code).toBe('schema');
    expect(`${found?.line}:${found?.column}`).toBe('1:1');
    expect(found?.message).toMatch(/^Unknown field 'severities'.*did you mean 'severity'\?/);
  });
});

describe.concurrent('bad input never crashes', () => {
  /** Deterministic pseudo-random bytes that begin like a PNG and contain NULs. */
  function binary(length: number): Uint8Array {
    const bytes = new Uint8Array(length);
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    let seed = 0x2f6b1d;
    for (let i = 12; i < length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = i % 17 === 0 ? 0 : seed >> 16;
    }
    return bytes;
  }

  const BOMB = `kind: needs
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
items: [*i]
`;

  const GOOD = `kind: requirements
items:
  - id: REQ-GOOD-001
    title: Good requirement
    statement: The solution shall work.
    type: functional
    priority: must
    satisfies: [UN-NOPE-001]
`;

  const HOSTILE: Record<string, { content: string | Uint8Array; code: string; message: RegExp }> = {
    'empty.reqs.yaml': { content: '', code: 'schema', message: /^The file is empty\. A requirements file must be a mapping with 'kind: requirements' and 'items'\.$/ },
    'comments.needs.yaml': { content: '# nothing here yet\n', code: 'schema', message: /^The file is empty\./ },
    'x.itt.yaml': { content: binary(512), code: 'unreadable-file', message: /not valid UTF-8 text.*did not read it/ },
    'nul.reqs.yaml': { content: 'kind: requirements\nitems: []\n\0\0\0\n', code: 'unreadable-file', message: /not text \(it contains NUL bytes\)/ },
    'list.reqs.yaml': { content: '- id: REQ-1\n- id: REQ-2\n', code: 'schema', message: /^A requirements file must be a mapping with 'kind: requirements' and 'items', not a list\.$/ },
    'tabs.needs.yaml': { content: 'kind: needs\nitems:\n\t- id: UN-1\n\t  title: T\n', code: 'yaml-syntax', message: /^Tabs are used for indentation on this line and the next one; use spaces\.$/ },
    'bomb.needs.yaml': { content: BOMB, code: 'yaml-limit', message: /billion laughs/ },
  };

  function hostileWorkspace(): string {
    const files: Record<string, string | Uint8Array> = { 'good.reqs.yaml': GOOD };
    for (const [name, { content }] of Object.entries(HOSTILE)) files[name] = content;
    return workspace(files);
  }

  it('reports each bad file with a clear finding and still checks the good file next to them', async () => {
    const root = hostileWorkspace();
    const started = Date.now();
    const result = await run(root, 'check');
    expect(Date.now() - started).toBeLessThan(20_000);
    expectNoCrash(result);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const { json } = await checkJson(root);
    for (const [name, { code, message }] of Object.entries(HOSTILE)) {
      const found = json.diagnostics.filter((d) => d.file === name);
      expect(found.length, `findings of ${name}`).toBeGreaterThan(0);
      expect(found.map((d) => d.code), `codes of ${name}`).toContain(code);
      expect(found.find((d) => d.code === code)?.message, `message of ${name}`).toMatch(message);
    }
    // The good file's own findings still appear.
    expect(result.stdout).toContain('good.reqs.yaml:8:17: error broken-link: UN-NOPE-001 does not exist: no need has this id.');
    expect(result.stdout).toContain('good.reqs.yaml:3:9: warning uncovered-requirement: No ITT clause covers REQ-GOOD-001');
    expect(result.stdout).toContain('8 files, 2 items: ');
  });

  it('places the hostile findings at the start of the file or the offending token', async () => {
    const { json } = await checkJson(hostileWorkspace());
    const first = (name: string): string => {
      const d = json.diagnostics.find((x) => x.file === name);
      return d ? `${d.line}:${d.column}` : 'none';
    };
    expect(first('empty.reqs.yaml')).toBe('1:1');
    expect(first('x.itt.yaml')).toBe('1:1');
    expect(first('nul.reqs.yaml')).toBe('3:1');
    expect(first('list.reqs.yaml')).toBe('1:1');
    expect(first('tabs.needs.yaml')).toBe('3:1');
  });

  it('handles each bad file when it is checked on its own', async () => {
    const root = hostileWorkspace();
    for (const [name, { code }] of Object.entries(HOSTILE)) {
      const result = await run(root, 'check', name);
      expectNoCrash(result);
      expect(result.status, name).toBe(1);
      expect(findingLines(result.stdout).map((line) => LINE_RE.exec(line)?.groups?.code), name).toContain(code);
    }
  });

  it('writes every report format for a workspace of bad files', async () => {
    const root = hostileWorkspace();
    for (const format of ['html', 'md', 'json', 'csv']) {
      const result = await run(root, 'report', '--format', format);
      expect(result.stderr, format).toBe('');
      expect(result.status, format).toBe(0);
    }
  });

  it('reads a UTF-16 file with a BOM', async () => {
    const text = GOOD.replace('REQ-GOOD-001', 'REQ-UTF-001');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const result = await run(workspace({ 'u.reqs.yaml': utf16 }), 'check');
    expectNoCrash(result);
    expect(result.stdout).toContain('u.reqs.yaml:3:9: warning uncovered-requirement: No ITT clause covers REQ-UTF-001');
  });
});
