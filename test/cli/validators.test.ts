/**
 * The bundles validate with the validators ajv generated at build time, not ajv compiling schemas
 * when a thread starts. The built CLI must report the schema problems the sources report (where
 * the sources compile the schemas at run time): same places, same words, on the main thread and on
 * a parse worker. Run `npm run build` before these tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CODES, parseConfig } from '../../server/src/core/config';
import { humanPosition, LineIndex } from '../../server/src/core/lines';
import type { Finding } from '../../server/src/core/model';
import { parseFile } from '../../server/src/core/parse/parse';
import { POOL_THRESHOLD } from '../../server/src/node/parsePool';
import { fileCases } from '../unit/schemaCases';
import type { Diagnostic } from './output';

const DIST = resolve(__dirname, '../../dist');
const CLI = join(DIST, 'cli.js');
const SUFFIX = { needs: 'needs', requirements: 'reqs', itt: 'itt', config: 'config' } as const;
/** A config with schema problems of its own; its one setting that applies keeps only schema findings in the output. */
const BAD_CONFIG = {
  severity: { ...Object.fromEntries(Object.keys(CODES).map((code) => [code, 'off'])), schema: 'loud', 'no-such-code': 'error' },
  limits: { 'max-file-size-mb': 'big', bogus: 1 },
  colour: 'red',
};

type SchemaFinding = Omit<Diagnostic, 'related'>;

function asDiagnostic(file: string, text: string, finding: Finding): SchemaFinding {
  const lines = new LineIndex(text);
  const start = humanPosition(lines, finding.span.start);
  const end = humanPosition(lines, finding.span.end);
  const { severity, code, message } = finding;
  return { file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, severity, code, message };
}

const byPlace = (a: SchemaFinding, b: SchemaFinding): number => JSON.stringify(a).localeCompare(JSON.stringify(b));

let dir = '';
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` before these tests.');
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'reqtrace-validators-')));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the built validators', () => {
  it('leave ajv compiling schemas out of the CLI, the language server and the parse worker', () => {
    for (const bundle of ['cli.js', 'server.js', 'parseWorker.js']) {
      const code = readFileSync(join(DIST, bundle), 'utf8');
      expect(code, bundle).not.toContain('addSchema');
      expect(code, bundle).not.toContain('compileSchema');
    }
  });

  it('make the CLI report the schema findings of the sources, whichever thread parses a file', () => {
    const texts = new Map<string, string>();
    for (const [i, { schema, value }] of fileCases().entries()) texts.set(`cases/${String(i).padStart(4, '0')}.${SUFFIX[schema]}.yaml`, stringify(value));
    texts.set('reqtrace.config.yaml', stringify(BAD_CONFIG));
    // Enough files that the pool of parse workers starts; the main thread parses some of them too.
    expect(texts.size).toBeGreaterThan(2 * POOL_THRESHOLD);
    for (const [name, text] of texts) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }

    const expected: SchemaFinding[] = [];
    for (const [name, text] of texts) {
      const uri = pathToFileURL(join(dir, name)).href;
      const { findings } = name === 'reqtrace.config.yaml' ? parseConfig(uri, text) : parseFile(uri, text);
      for (const finding of findings) if (finding.code === 'schema') expected.push(asDiagnostic(name, text, finding));
    }

    const result = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'json', '--fail-on', 'never', '--jobs', '2'], { cwd: dir, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    expect({ error: result.error, signal: result.signal, stderr: result.stderr, status: result.status }).toEqual({ error: undefined, signal: null, stderr: '', status: 0 });
    const { diagnostics } = JSON.parse(result.stdout) as { diagnostics: Diagnostic[] };
    const reported = diagnostics.filter((d) => d.code === 'schema').map(({ related: _, ...rest }) => rest);

    expect(expected.length).toBeGreaterThan(1000);
    expect(expected.some((f) => f.file === 'reqtrace.config.yaml')).toBe(true);
    expect(reported.sort(byPlace)).toEqual(expected.sort(byPlace));
  });
});
