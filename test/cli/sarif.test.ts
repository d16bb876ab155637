/** `check --format sarif`: SARIF 2.1.0 that validates against the OASIS schema and that GitHub code scanning can track. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../server/src/core/checks/registry';
import { hash64 } from '../../server/src/core/hash';
import { fingerprintKey, stableWording, uriReference } from '../../server/src/core/report/findingsSarif';
import { GIT_ENV } from '../fixtures/gitEnv';
import type { Diagnostic } from './output';
import { run } from './run';
import { scratchFolders } from './scratch';

const ROOT = join(__dirname, '..', '..');
const BROKEN = join(ROOT, 'samples', 'broken');
const SYNERGY = join(ROOT, 'samples', 'synergy');
const SCHEMA = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object;

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface PhysicalLocation {
  artifactLocation: { uri: string; uriBaseId: string };
  region: Region;
}
interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: PhysicalLocation }[];
  relatedLocations?: { id: number; physicalLocation: PhysicalLocation; message: { text: string } }[];
  partialFingerprints: Record<string, string>;
}
interface Log {
  $schema: string;
  version: string;
  runs: { tool: { driver: { name: string; version?: string; informationUri?: string; rules: { id: string; defaultConfiguration: { level: string }; help: { text: string; markdown: string } }[] } }; columnKind: string; results: Result[] }[];
}

const tempDir = scratchFolders('reqtrace-sarif-');

/** An RFC 3986 URI reference: only unreserved, reserved and percent-encoded characters. */
const URI_REFERENCE = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]]|%[0-9A-Fa-f]{2})*$/;
function validator(): (log: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  // ajv checks formats only when told how: the schema uses these three.
  ajv.addFormat('uri', (value: string) => URI_REFERENCE.test(value) && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value));
  ajv.addFormat('uri-reference', (value: string) => URI_REFERENCE.test(value));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  const validate = ajv.compile(SCHEMA);
  return (log) => (validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}

async function sarif(cwd: string, ...args: string[]): Promise<{ status: number | null; log: Log; stdout: string }> {
  const result = await run(cwd, 'check', ...args, '--format', 'sarif');
  expect(result.stderr).toBe('');
  return { status: result.status, log: JSON.parse(result.stdout) as Log, stdout: result.stdout };
}

const resultsOf = (log: Log): Result[] => log.runs[0]?.results ?? [];

describe('check --format sarif', () => {
  it('validates against the OASIS SARIF 2.1.0 schema, for a workspace with findings and for a clean one', async () => {
    const validate = validator();
    const broken = await sarif(BROKEN, '.');
    expect(broken.status).toBe(1);
    expect(validate(broken.log)).toEqual([]);
    expect(resultsOf(broken.log).length).toBeGreaterThan(10);
    const synergy = await sarif(SYNERGY, '.');
    expect(synergy.status).toBe(0);
    expect(validate(synergy.log)).toEqual([]);
    // The validator does check: a result without a message is refused.
    const bad = structuredClone(broken.log) as unknown as { runs: { results: { message?: unknown }[] }[] };
    delete bad.runs[0]?.results[0]?.message;
    expect(validate(bad).length).toBeGreaterThan(0);
  });

  it('names the tool and its version and describes every rule of the registry once, in registry order', async () => {
    const { log } = await sarif(BROKEN, '.');
    const run0 = log.runs[0];
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run0?.columnKind).toBe('utf16CodeUnits');
    const driver = run0?.tool.driver;
    expect(driver?.name).toBe('reqtrace');
    expect(driver?.version).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    expect(driver?.informationUri).toBeUndefined();
    expect(driver?.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.code));
    const level = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
    expect(driver?.rules.map((r) => r.defaultConfiguration.level)).toEqual(RULES.map((r) => level[r.severity]));
    expect(driver?.rules.map((r) => r.help.markdown)).toEqual(RULES.map((r) => r.help));
    for (const result of resultsOf(log)) expect(driver?.rules[result.ruleIndex]?.id).toBe(result.ruleId);
  });

  it('carries the same findings as --format json: rule, level, message and range, in the same order', async () => {
    const json = JSON.parse((await run(BROKEN, 'check', '.', '--format', 'json')).stdout) as { diagnostics: Diagnostic[] };
    const { log } = await sarif(BROKEN, '.');
    const level = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as Record<string, string>;
    expect(
      resultsOf(log).map((r) => {
        const { artifactLocation, region } = r.locations[0]?.physicalLocation ?? ({} as PhysicalLocation);
        return { uri: artifactLocation.uri, base: artifactLocation.uriBaseId, rule: r.ruleId, level: r.level, message: r.message.text, ...region };
      }),
    ).toEqual(
      json.diagnostics.map((d) => ({
        // The sample is in this repository: its paths are given from the repository's top.
        uri: `samples/broken/${d.file}`,
        base: '%SRCROOT%',
        rule: d.code,
        level: level[d.severity],
        message: d.message,
        startLine: d.line,
        startColumn: d.column,
        endLine: d.endLine,
        endColumn: d.endColumn,
      })),
    );
    const duplicates = resultsOf(log).filter((r) => r.ruleId === 'duplicate-id');
    expect(duplicates.length).toBe(2);
    for (const result of duplicates) {
      const related = json.diagnostics.find((d) => d.code === 'duplicate-id' && `samples/broken/${d.file}` === result.locations[0]?.physicalLocation.artifactLocation.uri)?.related ?? [];
      expect(result.relatedLocations?.map((l) => ({ uri: l.physicalLocation.artifactLocation.uri, line: l.physicalLocation.region.startLine, column: l.physicalLocation.region.startColumn, message: l.message.text }))).toEqual(
        related.map((r) => ({ uri: `samples/broken/${r.file}`, line: r.line, column: r.column, message: r.message })),
      );
    }
  });

  it('gives paths from the git work tree top when the workspace is in one, percent-encoded, and from the current folder outside git', async () => {
    const repo = tempDir();
    execFileSync('git', ['init', '-q', repo], { env: GIT_ENV });
    const inside = join(repo, 'specs dir', 'ws#1 100%');
    mkdirSync(inside, { recursive: true });
    cpSync(BROKEN, inside, { recursive: true });
    const fromRepo = await sarif(inside, '.');
    const uris = resultsOf(fromRepo.log).map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri);
    expect(uris).toContain('specs%20dir/ws%231%20100%25/requirements/payroll.reqs.yaml');
    for (const uri of uris) expect(uri).toMatch(/^specs%20dir\/ws%231%20100%25\//);
    expect(validator()(fromRepo.log)).toEqual([]);
    // A file named on its own, from another folder, is still named from the top.
    const named = await sarif(repo, join(inside, 'requirements', 'payroll.reqs.yaml'));
    expect(resultsOf(named.log).map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri)).toContain('specs%20dir/ws%231%20100%25/requirements/payroll.reqs.yaml');

    const outside = tempDir();
    cpSync(BROKEN, join(outside, 'broken'), { recursive: true });
    const fromCwd = await sarif(outside, 'broken');
    expect(resultsOf(fromCwd.log).map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri)).toContain('broken/requirements/payroll.reqs.yaml');
    expect(fromCwd.stdout).not.toContain(outside);
  });

  it('writes the same bytes on every run, and fingerprints that survive a line inserted above and differ between findings', async () => {
    const first = await sarif(BROKEN, '.');
    const second = await sarif(BROKEN, '.');
    expect(second.stdout).toBe(first.stdout);
    const prints = resultsOf(first.log).map((r) => r.partialFingerprints.primaryLocationLineHash);
    expect(prints.every((p) => typeof p === 'string' && /^[0-9a-f]{16}:\d+$/.test(p))).toBe(true);
    expect(new Set(prints).size).toBe(prints.length);

    const copy = tempDir();
    cpSync(BROKEN, copy, { recursive: true });
    const before = await sarif(copy, '.');
    const file = join(copy, 'requirements', 'payroll.reqs.yaml');
    writeFileSync(file, `# A comment line above every finding.\n\n${readFileSync(file, 'utf8')}`);
    const after = await sarif(copy, '.');
    const key = (r: Result): string => `${r.locations[0]?.physicalLocation.artifactLocation.uri} ${r.ruleId} ${r.message.text}`;
    const moved = resultsOf(after.log).filter((r) => r.locations[0]?.physicalLocation.artifactLocation.uri.endsWith('payroll.reqs.yaml'));
    expect(moved.length).toBeGreaterThan(3);
    for (const result of moved) {
      const old = resultsOf(before.log).find((r) => key(r) === key(result));
      expect(old?.locations[0]?.physicalLocation.region.startLine).toBe((result.locations[0]?.physicalLocation.region.startLine ?? 0) - 2);
      expect(result.partialFingerprints).toEqual(old?.partialFingerprints);
    }
  });

  it('keys a fingerprint on the rule, file, item, marked text and message, without suggestions, details or numbers', () => {
    const finding = { code: 'broken-link', severity: 'error' as const, message: 'UN-9 does not exist: no need has this id. Did you mean UN-8?', uri: 'file:///ws/a.reqs.yaml', span: { start: 4, end: 8 } };
    const key = fingerprintKey(finding, 'a.reqs.yaml', 'REQ-1', 'xxx UN-9 yyy');
    expect(fingerprintKey({ ...finding, message: 'UN-9 does not exist: no need has this id. Did you mean UN-7?' }, 'a.reqs.yaml', 'REQ-1', 'xxx UN-9 yyy')).toBe(key);
    expect(fingerprintKey(finding, 'a.reqs.yaml', 'REQ-2', 'xxx UN-9 yyy')).not.toBe(key);
    expect(fingerprintKey(finding, 'b.reqs.yaml', 'REQ-1', 'xxx UN-9 yyy')).not.toBe(key);
    expect(fingerprintKey({ ...finding, code: 'withdrawn-link' }, 'a.reqs.yaml', 'REQ-1', 'xxx UN-9 yyy')).not.toBe(key);
    expect(fingerprintKey(finding, 'a.reqs.yaml', 'REQ-1', 'xxx UN-6 yyy')).not.toBe(key);
    expect(stableWording('REQ-1 is defined 3 times (also in a.yaml, b.yaml): every id must be unique.')).toBe('REQ-# is defined # times: every id must be unique.');
    expect(stableWording("Unknown field 'acceptence' in requirement REQ-1 — did you mean 'acceptance'? Allowed fields: id.")).toBe("Unknown field 'acceptence' in requirement REQ-# Allowed fields: id.");
    expect(hash64('a')).toMatch(/^[0-9a-f]{16}$/);
    expect(hash64('a')).not.toBe(hash64('b'));
    expect(hash64('ab')).not.toBe(hash64('ba'));
  });

  it('writes a path as a URI reference: spaces, %, #, ?, : and non-ASCII percent-encoded, slashes kept', () => {
    expect(uriReference('specs dir/ws#1 100%/a?b:c.reqs.yaml')).toBe('specs%20dir/ws%231%20100%25/a%3Fb%3Ac.reqs.yaml');
    expect(uriReference('Anforderungen/Überblick (v2).reqs.yaml')).toBe('Anforderungen/%C3%9Cberblick%20%28v2%29.reqs.yaml');
    expect(uriReference('../up/x.yaml')).toBe('../up/x.yaml');
    expect(decodeURIComponent(uriReference('a b/ü#%.yaml'))).toBe('a b/ü#%.yaml');
  });

  it('is chosen by --out x.sarif and by export findings-sarif, with the same bytes', async () => {
    const dir = tempDir();
    const out = join(dir, 'reqtrace.sarif');
    const written = await run(BROKEN, 'check', '.', '--out', out);
    expect(written.status).toBe(1);
    const stdout = (await run(BROKEN, 'check', '.', '--format', 'sarif')).stdout;
    expect(readFileSync(out, 'utf8')).toBe(stdout);
    const exported = await run(BROKEN, 'export', 'findings-sarif', '.');
    expect(exported.status).toBe(0);
    expect(exported.stdout).toBe(stdout);
  });
});
