/** Command-line conventions: --help on every command, and the format that follows --out's extension. */
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from './run';

const SAMPLE = join(__dirname, '..', '..', 'samples', 'synergy');
const out = realpathSync(mkdtempSync(join(tmpdir(), 'reqtrace-conventions-')));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('--help', () => {
  it('every command prints the usage and exits 0 with --help or -h, wherever it stands', async () => {
    for (const args of [['check', '-h'], ['check', '.', '--help'], ['report', '--help'], ['export', '-h'], ['rules', '--help'], ['check', '--format', 'nonsense', '-h']]) {
      const result = await run(SAMPLE, ...args);
      expect(result.status, args.join(' ')).toBe(0);
      expect(result.stdout, args.join(' ')).toMatch(/^Usage:\n {2}reqtrace check \[paths\.\.\.\]/);
      expect(result.stderr).toBe('');
    }
  });
});

describe("the format follows --out's extension", () => {
  it('when --format is not given: report --out x.csv writes CSV, x.md Markdown; check --out x.json writes JSON', async () => {
    expect((await run(SAMPLE, 'report', '.', '--out', join(out, 'matrix.csv'))).status).toBe(0);
    expect(readFileSync(join(out, 'matrix.csv'), 'utf8')).toMatch(/^need,need title,/);
    expect((await run(SAMPLE, 'report', '.', '--out', join(out, 'coverage.md'))).status).toBe(0);
    expect(readFileSync(join(out, 'coverage.md'), 'utf8')).toMatch(/^# Coverage report: synergy/);
    expect((await run(SAMPLE, 'check', '.', '--out', join(out, 'findings.json'))).status).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as object)).toEqual(['diagnostics', 'coverage']);
    // An extension no format claims keeps the command's own default.
    expect((await run(SAMPLE, 'check', '.', '--out', join(out, 'findings.log'))).status).toBe(0);
    expect(readFileSync(join(out, 'findings.log'), 'utf8')).toMatch(/^needs\/expenses\.needs\.yaml:\d+:\d+: warning /m);
  });

  it('refuses, in one line and writing nothing, a file name another format claims', async () => {
    for (const [args, line] of [
      [['report', '.', '--out', join(out, 'a.txt')], 'reqtrace: report does not write .txt files: give --format (html, md, json, csv) or name the file for its format'],
      [['report', '.', '--format', 'html', '--out', join(out, 'b.csv')], 'reqtrace: --format html writes a .html file, but --out names a .csv file: change one of them'],
      [['check', '.', '--out', join(out, 'c.html')], 'reqtrace: check does not write .html files: give --format (text, json, github, sarif, junit) or name the file for its format'],
      [['check', '.', '--format', 'text', '--out', join(out, 'd.json')], 'reqtrace: --format text writes a .txt file, but --out names a .json file: change one of them'],
    ] as const) {
      const result = await run(SAMPLE, ...args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toBe(`${line}\n`);
      expect(existsSync(args[args.length - 1] as string)).toBe(false);
    }
  });
});
