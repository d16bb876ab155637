/**
 * Colour in `check`'s text output: only when stdout is a terminal (a real pseudo-terminal made by
 * util-linux `script`), never with NO_COLOR or TERM=dumb, never into a pipe or a file — not even
 * when CI or FORCE_COLOR is set, which the colour library alone would obey.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from './run';

const BROKEN = join(__dirname, '..', '..', 'samples', 'broken');
const ANSI = /\u001b\[[0-9;]*m/;

/** Runs the CLI with `args`, in a pseudo-terminal when `tty`, with exactly the environment given (plus PATH). */
function runCli(args: string[], env: Record<string, string>, tty: boolean): Promise<string> {
  const command = [process.execPath, CLI, ...args].map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
  const [file, argv] = tty ? ['script', ['-qec', command, '/dev/null']] : [process.execPath, [CLI, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { cwd: BROKEN, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.on('error', reject);
    child.on('close', () => resolve(Buffer.concat(out).toString('utf8').replace(/\r\n/g, '\n')));
  });
}

describe('colour', () => {
  it('colours severities and counts on a terminal, and the words are those of the plain output', async () => {
    const coloured = await runCli(['check', '.'], { TERM: 'xterm-256color' }, true);
    const plain = await runCli(['check', '.'], { TERM: 'xterm-256color' }, false);
    expect(coloured).toMatch(ANSI);
    expect(coloured).toContain('\u001b[31merror');
    expect(plain).not.toMatch(ANSI);
     
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
  });

  it('gives plain text with NO_COLOR, TERM=dumb, into a pipe with CI and FORCE_COLOR set, and into a file', async () => {
    expect(await runCli(['check', '.'], { TERM: 'xterm', NO_COLOR: '1' }, true)).not.toMatch(ANSI);
    expect(await runCli(['check', '.'], { TERM: 'dumb' }, true)).not.toMatch(ANSI);
    const piped = await runCli(['check', '.'], { TERM: 'xterm', CI: 'true', FORCE_COLOR: '1' }, false);
    expect(piped).toContain('error');
    expect(piped).not.toMatch(ANSI);
    const dir = await mkdtemp(join(tmpdir(), 'reqtrace-colour-'));
    try {
      await runCli(['check', '.', '--out', join(dir, 'findings.txt')], { TERM: 'xterm' }, true);
      const written = await readFile(join(dir, 'findings.txt'), 'utf8');
      expect(written).toContain('error broken-link');
      expect(written).not.toMatch(ANSI);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
