import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve(__dirname, '../../dist/cli.js');
const SYNERGY = resolve(__dirname, '../../samples/synergy');

describe('--jobs', () => {
  it('parse threads give byte-for-byte the output of the main thread', () => {
    // Four copies of the sample (84 files) pass the threshold at which the pool starts.
    const dir = mkdtempSync(join(tmpdir(), 'reqtrace-jobs-'));
    for (const copy of ['a', 'b', 'c', 'd']) cpSync(SYNERGY, join(dir, copy), { recursive: true });
    const run = (jobs: string) => spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'json', '--fail-on', 'never', '--jobs', jobs], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const single = run('1');
    const pooled = run('3');
    expect(single.status).toBe(0);
    expect(pooled.status).toBe(0);
    expect(pooled.stdout).toBe(single.stdout);
    const { diagnostics } = JSON.parse(single.stdout) as { diagnostics: { code: string }[] };
    expect(diagnostics.some((d) => d.code === 'duplicate-id')).toBe(true);
  });

  it('refuses a number of threads that is not one to 64', () => {
    const result = spawnSync(process.execPath, [CLI, 'check', SYNERGY, '--jobs', '0'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^reqtrace: --jobs must be a whole number from 1 to 64 \(found '0'\)/);
  });
});
