/** `reqtrace rules`: every rule of the registry, with its defaults and help, as the built CLI prints it. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const run = (...args: string[]) => spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), ...args], { encoding: 'utf8' });

/** The codes in the README's table of checks. */
function readmeCodes(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('| code | default | what | where |'));
  return [...table.slice(0, table.indexOf('\n\n')).matchAll(/^\| `([a-z-]+)` \| ([^|]+?) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
}

describe('reqtrace rules', () => {
  it('--format json lists every code the README lists, each with its severity, summary and help', () => {
    const result = run('rules', '--format', 'json');
    expect(result.status).toBe(0);
    const { rules } = JSON.parse(result.stdout) as { rules: { code: string; severity: string; off?: boolean; summary: string; help: string; stage: string; reads: string[] }[] };
    // A rule off by default says so, with the severity it reports at once turned on.
    expect(rules.map((rule) => `${rule.code} ${rule.off ? `off (${rule.severity} when on)` : rule.severity}`)).toEqual(readmeCodes());
    expect(readmeCodes().length).toBeGreaterThanOrEqual(35);
    expect(rules.filter((rule) => rule.off).map((rule) => rule.code)).toEqual(['unstamped-link', 'passive-voice', 'pronoun', 'absolute', 'negative', 'ears-pattern']);
    for (const rule of rules) {
      expect(rule.summary.length, rule.code).toBeGreaterThan(10);
      expect(rule.help, rule.code).toContain('**How to fix:**');
      expect(['parse', 'check', 'config']).toContain(rule.stage);
    }
    expect(rules.find((rule) => rule.code === 'uncovered-need')?.reads).toEqual(['sources']);
  });

  it('lists the rules one line each as text, and as a Markdown page with every help', () => {
    const text = run('rules');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^yaml-syntax +error +a YAML mistake, one finding each in plain words/m);
    expect(text.stdout).toMatch(/^orphan-requirement +warning +satisfies no need and has no parent$/m);
    const md = run('rules', '--format', 'md');
    expect(md.stdout).toContain('| `broken-link` | error |');
    expect(md.stdout).toContain('## `empty-clause` (warning)');
  });

  it('prints one rule with its help, and refuses an unknown rule or format in one line', () => {
    const one = run('rules', 'withdrawn-link');
    expect(one.status).toBe(0);
    expect(one.stdout.split('\n').slice(0, 3)).toEqual(['withdrawn-link (check stage, default warning)', 'A live item links to a withdrawn one.', "Where: the link's value."]);
    expect(one.stdout).toContain('**How to fix:** remove the link');
    for (const args of [['rules', 'no-such-rule'], ['rules', '--format', 'xml'], ['rules', 'a', 'b']]) {
      const refused = run(...args);
      expect(refused.status, args.join(' ')).toBe(2);
      expect(refused.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(refused.stdout).toBe('');
    }
  });
});
