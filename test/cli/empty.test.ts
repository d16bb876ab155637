import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve(__dirname, '../../dist/cli.js');

describe('a folder without requirement files', () => {
  it('exits 2 and says what it looked for, so a mistyped path cannot pass CI', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reqtrace-empty-'));
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', 'notes.yaml'), 'a: 1\n');
    const result = spawnSync(process.execPath, [CLI, 'check', 'docs'], { cwd: dir, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("reqtrace: no requirement files found in 'docs' (looked for **/*.needs.yaml, **/*.needs.yml, **/*.reqs.yaml, **/*.reqs.yml, **/*.itt.yaml, **/*.itt.yml)\n");
  });
});
