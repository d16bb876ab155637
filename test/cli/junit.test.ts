/**
 * `check --format junit`: JUnit XML read back by a second reader (fast-xml-parser's XMLParser), its
 * counts worked out independently — items from the files by the yaml package, failures from
 * `--format json` — and agreeing with the exit code for each --fail-on.
 */
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { attribute, findingsJunit, text } from '../../server/src/core/report/findingsJunit';
import { lineIndexes } from '../../server/src/core/report/exporter';
import type { Finding } from '../../server/src/core/model';
import { uriOf, workspace } from '../unit/fixture';
import type { Diagnostic } from './output';
import { run } from './run';

const BROKEN = join(__dirname, '..', '..', 'samples', 'broken');
const SYNERGY = join(__dirname, '..', '..', 'samples', 'synergy');

interface Failure {
  '@_message': string;
  '@_type': string;
  '#text': string;
}
interface TestCase {
  '@_name': string;
  '@_classname': string;
  failure?: Failure[];
  'system-out'?: string[];
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  testcase?: TestCase[];
}
interface Report {
  testsuites: { '@_tests': string; '@_failures': string; '@_errors': string; '@_skipped': string; testsuite?: Suite[] };
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, parseAttributeValue: false, isArray: (name) => ['testsuite', 'testcase', 'failure', 'system-out'].includes(name) });
const read = (xml: string): Report => parser.parse(xml) as Report;

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** Every requirement file under a folder, as paths relative to it. */
function requirementFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.(needs|reqs|itt)\.ya?ml$/.test(f)).map((f) => f.split('\\').join('/'));
}

/** A file's items by the yaml package: each `items` entry's id and its line range (1-based, inclusive). */
function itemsOf(path: string): { id: string; from: number; to: number }[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(path, 'utf8'), { lineCounter, uniqueKeys: false });
  const items = isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
  if (!isSeq(items)) return [];
  return items.items.flatMap((item) => {
    if (!isMap(item) || !item.range) return [];
    return [{ id: String(item.get('id')), from: lineCounter.linePos(item.range[0]).line, to: lineCounter.linePos(Math.max(item.range[0], item.range[1] - 1)).line }];
  });
}

const RANK: Record<string, number> = { error: 3, warning: 2, info: 1, hint: 0 };

/** The suites the JUnit report should have, worked out from the files and --format json. */
function expectedSuites(dir: string, diagnostics: Diagnostic[], failOn: 'error' | 'warning' | 'never'): Map<string, { tests: number; failures: number; failingFindings: number }> {
  const suites = new Map<string, { tests: number; failures: number; failingFindings: number }>();
  // A file that holds no requirements but has findings (the config) is a suite with one case named after it.
  const others = [...new Set(diagnostics.map((d) => d.file))].filter((file) => !requirementFiles(dir).includes(file));
  for (const file of [...requirementFiles(dir), ...others]) {
    const items = itemsOf(join(dir, file));
    const mine = diagnostics.filter((d) => d.file === file);
    const caseOf = (d: Diagnostic): string => items.find((i) => d.line >= i.from && d.line <= i.to)?.id ?? file;
    const failing = mine.filter((d) => failOn !== 'never' && RANK[d.severity]! >= RANK[failOn]!);
    const outside = mine.some((d) => caseOf(d) === file);
    suites.set(file, { tests: items.length + (outside ? 1 : 0), failures: new Set(failing.map(caseOf)).size, failingFindings: failing.length });
  }
  return suites;
}

async function junit(cwd: string, ...args: string[]): Promise<{ status: number | null; report: Report; xml: string }> {
  const result = await run(cwd, 'check', ...args, '--format', 'junit');
  expect(result.stderr).toBe('');
  return { status: result.status, report: read(result.stdout), xml: result.stdout };
}

describe('check --format junit', () => {
  for (const failOn of ['error', 'warning', 'never'] as const) {
    it(`has a suite per file and a case per item, failing on findings that reach --fail-on ${failOn}, with totals that add up`, async () => {
      const json = JSON.parse((await run(BROKEN, 'check', '.', '--format', 'json')).stdout) as { diagnostics: Diagnostic[] };
      const { status, report } = await junit(BROKEN, '.', '--fail-on', failOn);
      const expected = expectedSuites(BROKEN, json.diagnostics, failOn);
      const suites = report.testsuites.testsuite ?? [];
      expect(suites.map((s) => s['@_name'])).toEqual([...expected.keys()].sort());
      for (const suite of suites) {
        const want = expected.get(suite['@_name']);
        const cases = suite.testcase ?? [];
        expect({ name: suite['@_name'], tests: Number(suite['@_tests']), cases: cases.length, failures: Number(suite['@_failures']) }).toEqual({ name: suite['@_name'], tests: want?.tests, cases: want?.tests, failures: want?.failures });
        expect(cases.filter((c) => c.failure).length).toBe(want?.failures);
        // Every finding that reaches --fail-on is in a failure's body, one line each.
        const bodyLines = cases.flatMap((c) => c.failure ?? []).flatMap((f) => f['#text'].split('\n')).filter((l) => l.startsWith(`${suite['@_name']}:`));
        expect(bodyLines.length).toBe(want?.failingFindings);
        for (const c of cases) {
          expect(c['@_classname']).toBe(suite['@_name']);
          expect(c.failure?.length ?? 0).toBeLessThanOrEqual(1);
        }
      }
      const totals = report.testsuites;
      const sum = (pick: (s: Suite) => string): number => suites.reduce((n, s) => n + Number(pick(s)), 0);
      expect(Number(totals['@_tests'])).toBe(sum((s) => s['@_tests']));
      expect(Number(totals['@_failures'])).toBe(sum((s) => s['@_failures']));
      expect([totals['@_errors'], totals['@_skipped']]).toEqual(['0', '0']);
      // The report agrees with the exit code.
      expect(status).toBe(Number(totals['@_failures']) > 0 ? 1 : 0);
      if (failOn === 'never') expect(Number(totals['@_failures'])).toBe(0);
    });
  }

  it('fails more cases with --fail-on warning than with the default, and puts findings below it in system-out', async () => {
    const byDefault = (await junit(BROKEN, '.')).report;
    const strict = (await junit(BROKEN, '.', '--fail-on', 'warning')).report;
    expect(Number(strict.testsuites['@_failures'])).toBeGreaterThan(Number(byDefault.testsuites['@_failures']));
    const need = byDefault.testsuites.testsuite?.find((s) => s['@_name'] === 'needs/payroll.needs.yaml')?.testcase?.find((c) => c['@_name'] === 'UN-PAY-003');
    expect(need?.failure).toBeUndefined();
    expect(need?.['system-out']?.[0]).toMatch(/^needs\/payroll\.needs\.yaml:24:9: warning uncovered-need: No requirement satisfies UN-PAY-003/);
    const failing = strict.testsuites.testsuite?.find((s) => s['@_name'] === 'needs/payroll.needs.yaml')?.testcase?.find((c) => c['@_name'] === 'UN-PAY-003');
    expect(failing?.failure?.[0]?.['@_type']).toBe('warning');
  });

  it('gives a clean workspace a passing case per item, and a named file only its own suite', async () => {
    const clean = await junit(SYNERGY, '.');
    expect(clean.status).toBe(0);
    const files = requirementFiles(SYNERGY);
    expect(clean.report.testsuites.testsuite?.length).toBe(files.length);
    // A case per item, and one for hr.reqs.yaml's finding about the file (moscow-balance, an info).
    expect(Number(clean.report.testsuites['@_tests'])).toBe(files.reduce((n, f) => n + itemsOf(join(SYNERGY, f)).length, 0) + 1);
    expect(clean.report.testsuites['@_failures']).toBe('0');
    const named = await junit(SYNERGY, 'requirements/hr.reqs.yaml');
    expect(named.report.testsuites.testsuite?.map((s) => s['@_name'])).toEqual(['requirements/hr.reqs.yaml']);
    expect(Number(named.report.testsuites['@_tests'])).toBe(itemsOf(join(SYNERGY, 'requirements', 'hr.reqs.yaml')).length + 1);
  });

  it('gives a file with no items a suite, with a case named after the file for findings outside items', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'reqtrace-junit-')));
    temps.push(dir);
    writeFileSync(join(dir, 'empty.needs.yaml'), 'kind: needs\nitems: []\n');
    writeFileSync(join(dir, 'bad.reqs.yaml'), 'kind: requirements\nitems:\n  - id: [\n');
    const { report } = await junit(dir, '.', '--fail-on', 'warning');
    const suites = new Map((report.testsuites.testsuite ?? []).map((s) => [s['@_name'], s]));
    expect([...suites.keys()]).toEqual(['bad.reqs.yaml', 'empty.needs.yaml']);
    for (const name of suites.keys()) expect(relative(dir, join(dir, name))).toBe(name);
    const bad = suites.get('bad.reqs.yaml');
    expect(bad?.testcase?.[0]?.['@_name']).toBe('bad.reqs.yaml');
    expect(bad?.testcase?.[0]?.failure?.[0]?.['@_type']).toBe('error');
  });

  it('is chosen by --out x.xml for check, refused for report, and written by export findings-junit', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'reqtrace-junit-')));
    temps.push(dir);
    const out = join(dir, 'reqtrace-junit.xml');
    expect((await run(BROKEN, 'check', '.', '--out', out)).status).toBe(1);
    const stdout = (await run(BROKEN, 'check', '.', '--format', 'junit')).stdout;
    expect(readFileSync(out, 'utf8')).toBe(stdout);
    const report = await run(BROKEN, 'report', '.', '--out', join(dir, 'report.xml'));
    expect(report.status).toBe(2);
    expect(report.stderr).toMatch(/^reqtrace: report does not write \.xml files/);
    expect(readdirSync(dir)).toEqual(['reqtrace-junit.xml']);
    const exported = await run(BROKEN, 'export', 'findings-junit', '.');
    expect(exported.status).toBe(0);
    expect(exported.stdout).toBe(stdout);
  });
});

describe('JUnit escaping', () => {
  it('writes only characters XML 1.0 allows: control characters and lone surrogates become U+FFFD', () => {
    expect(text('a\u0000b\u0001c\u001fd\td\ne\rf\ud800g\uFFFEh\u{1F600}')).toBe('a\uFFFDb\uFFFDc\uFFFDd\td\ne\rf\uFFFDg\uFFFDh\u{1F600}');
    expect(attribute('one\ntwo\tthree\r')).toBe('one two three ');
  });

  it('escapes markup, quotes and ]]> so that a reader gets the message back', () => {
    const fixture = workspace({ 'a.reqs.yaml': 'kind: requirements\nitems:\n  - id: REQ-1\n    title: T\n' });
    const message = 'Bad <b>"quoted"</b> & \'single\' ]]> end\u0007';
    const finding: Finding = { code: 'schema', severity: 'error', message, uri: uriOf('a.reqs.yaml'), span: { start: 35, end: 40 } };
    const xml = findingsJunit.render(
      { findings: [finding], items: fixture.index },
      { title: 't', pathOf: (uri) => uri.replace('file:///ws/', ''), linesOf: lineIndexes((uri) => fixture.index.file(uri)?.text ?? ''), provenance: { generatedAt: new Date(0) } },
      {},
    );
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(xml).not.toContain(']]>');
    const failure = read(xml).testsuites.testsuite?.[0]?.testcase?.[0]?.failure?.[0];
    const expected = message.replace('\u0007', '\uFFFD');
    expect(failure?.['@_message']).toBe(`schema: ${expected}`);
    expect(failure?.['#text']).toBe(`a.reqs.yaml:3:10: error schema: ${expected}`);
  });
});
