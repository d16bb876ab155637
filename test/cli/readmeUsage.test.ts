/** The README's usage block is the one `reqtrace --help` prints, line for line, so the two cannot drift apart. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run';

const ROOT = join(__dirname, '..', '..');

describe('the README', () => {
  it("shows every usage line of reqtrace --help, in its order, under 'The command line'", async () => {
    const help = await run(ROOT, '--help');
    expect(help.status).toBe(0);
    const usage = help.stdout
      .split('\n')
      .filter((line) => line.startsWith('  reqtrace '))
      .map((line) => line.trim());
    expect(usage.length).toBeGreaterThan(8);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## The command line'));
    const block = /```\n([\s\S]*?)\n```/.exec(section)?.[1] ?? '';
    expect(block.split('\n')).toEqual(usage);
  });
});
