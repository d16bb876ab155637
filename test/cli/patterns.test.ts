/**
 * A glob in reqtrace.config.yaml becomes a regular expression; some globs take minutes to match one
 * long file name (a*a*a*…b: each wildcard multiplies the backtracking). The CLI must refuse such a
 * glob with a finding and finish, not hang the CI job that runs it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve(__dirname, '../../dist/cli.js');

describe('a config glob that would hang matching', () => {
  it('is refused with a finding on it, and the check finishes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reqtrace-glob-'));
    const hostile = `${'a*'.repeat(12)}b`;
    writeFileSync(join(dir, 'reqtrace.config.yaml'), `exclude:\n  - "${hostile}"\n`);
    // Matched against this name, the glob above backtracks for minutes.
    writeFileSync(join(dir, `${'a'.repeat(40)}.reqs.yaml`), 'kind: requirements\nitems: []\n');
    writeFileSync(join(dir, 'hr.needs.yaml'), 'kind: needs\nitems: []\n');
    const result = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    expect(result.error, 'the CLI finished within 30 s').toBeUndefined();
    expect(result.status).toBe(1);
    const { diagnostics } = JSON.parse(result.stdout) as { diagnostics: { file: string; code: string; line: number; column: number; message: string }[] };
    expect(diagnostics.filter((d) => d.file === 'reqtrace.config.yaml')).toEqual([
      expect.objectContaining({ code: 'schema', line: 2, column: 5, message: expect.stringMatching(/^The pattern "a\*a\*.*b" in exclude has 12 wildcards in .*so reqtrace ignores it\.$/) }),
    ]);
  }, 40_000);
});
