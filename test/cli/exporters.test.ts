/**
 * The command line's use of the exporter registry: `export <name>` for every registered exporter,
 * `--out` for check, report and export, and one-line usage errors (child processes of the built
 * CLI, as in cli.test.ts); and, in-process with probe exporters added to the registry, what the
 * commands give an exporter (provenance, options, only the data it needs) and how a binary output is
 * kept off a terminal, which no registered exporter shows yet.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { GIT_ENV } from '../fixtures/gitEnv';
import { COMMAND_OPTIONS, main, type Terminal } from '../../server/src/cli/commands';
import type { BytesExporter, ExportContext, ExportData, ExportOptions, Exporter, TextExporter } from '../../server/src/core/report/exporter';
import { EXPORTERS } from '../../server/src/core/report/registry';
import { scratchFolders } from './scratch';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');
const STACK = '    at ';

interface Run {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs the built CLI in `cwd` with extra environment variables. */
function run(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8') }));
  });
}

const folder = scratchFolders('reqtrace-export-');

/** A need met by a requirement no clause asks for (a warning), and a broken link (an error). */
const FILES = {
  'sor/hr.needs.yaml': 'kind: needs\nitems:\n  - id: UN-1\n    title: Move staff\n    as: an HR partner\n    need: I need to move people\n    so-that: service is kept\n',
  'sor/hr.reqs.yaml':
    'kind: requirements\nitems:\n  - id: REQ-1\n    title: One record\n    statement: The solution shall keep one record.\n    type: functional\n    priority: must\n    satisfies: [UN-1, UN-9]\n',
};

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${relative(ROOT, CLI)} is missing: run 'npm run build' before these tests.`);
});

/** What `check --format F` or `report --format F` prints for the exporter, to hold `export <name>` to. */
function equivalent(exporter: Exporter): string[] {
  return [exporter.kind === 'findings' ? 'check' : 'report', '--format', exporter.format ?? ''];
}

describe('reqtrace export <name>', () => {
  for (const exporter of EXPORTERS.filter((e) => e.kind !== 'exchange')) {
    it(`export ${exporter.name} prints what ${equivalent(exporter).join(' ')} prints, and exits 0`, async () => {
      const dir = folder(FILES);
      const [exported, direct] = await Promise.all([run(dir, {}, 'export', exporter.name, 'sor'), run(dir, {}, ...equivalent(exporter), 'sor')]);
      expect(exported.stderr).toBe('');
      expect(exported.stdout.length).toBeGreaterThan(100);
      expect(exported.stdout.equals(direct.stdout)).toBe(true);
      // Findings make check exit 1; export wrote what it was asked for.
      expect(exported.status).toBe(0);
    });
  }

  it('writes the file with --out, the same bytes check and report write there', async () => {
    const dir = folder(FILES);
    const exported = await run(dir, {}, 'export', 'coverage-md', 'sor', '--out', 'out/a/coverage.md');
    expect(exported.stdout.toString()).toBe('Wrote the md coverage report to out/a/coverage.md\n');
    await run(dir, {}, 'report', 'sor', '--format', 'md', '--out', 'out/b/coverage.md');
    const written = readFileSync(join(dir, 'out/a/coverage.md'), 'utf8');
    // Links are relative to the report: ../../sor/...
    expect(written).toContain('](../../sor/hr.reqs.yaml#L3)');
    expect(written).toBe(readFileSync(join(dir, 'out/b/coverage.md'), 'utf8'));
  });

  it('exits 2 with one line naming every output when the name is missing or unknown', async () => {
    const dir = folder(FILES);
    const names = EXPORTERS.map((e) => e.name).join(', ');
    for (const [args, message] of [
      [['export'], `reqtrace: export needs the name of an output: ${names}`],
      [['export', '--out', 'x.txt'], `reqtrace: export needs the name of an output: ${names}`],
      [['export', 'doors', 'sor'], `reqtrace: unknown output 'doors': the names are ${names}`],
      // A format is not a name: json is both a findings and a coverage format.
      [['export', 'json', 'sor'], `reqtrace: unknown output 'json': the names are ${names}`],
    ] as const) {
      const result = await run(dir, {}, ...args);
      expect({ args, status: result.status, stderr: result.stderr, stdout: result.stdout.toString() }).toEqual({ args, status: 2, stderr: `${message}\n`, stdout: '' });
    }
  });
});

describe('check --out', () => {
  it('writes the same bytes as stdout, paths still relative to the current folder, keeps the exit code and says where it wrote', async () => {
    const dir = folder(FILES);
    for (const format of ['text', 'json']) {
      const [toFile, toStdout] = await Promise.all([run(dir, {}, 'check', 'sor', '--format', format, '--out', `out/findings.${format}`), run(dir, {}, 'check', 'sor', '--format', format)]);
      expect(toFile.status).toBe(1);
      expect(toStdout.status).toBe(1);
      expect(toFile.stdout.toString()).toBe(`Wrote the ${format} findings to out/findings.${format}\n`);
      const written = readFileSync(join(dir, `out/findings.${format}`));
      expect(written.equals(toStdout.stdout)).toBe(true);
      expect(written.toString()).toContain('sor/hr.reqs.yaml');
    }
  });

  it('exits 2 with one line when the file cannot be written', async () => {
    const dir = folder(FILES);
    writeFileSync(join(dir, 'afile'), 'not a folder');
    const result = await run(dir, {}, 'check', 'sor', '--out', 'afile/x.txt');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^reqtrace: cannot write 'afile\/x\.txt': [^\n]+\n$/);
  });
});

describe('usage errors of the exporter commands', () => {
  const cases: { name: string; args: string[]; env?: NodeJS.ProcessEnv; line: string | RegExp }[] = [
    { name: 'an editor-only option of an exporter', args: ['report', 'sor', '--webview-nonce', 'abc'], line: /^reqtrace: Unknown option '--webview-nonce'/ },
    { name: 'a malformed SOURCE_DATE_EPOCH', args: ['check', 'sor'], env: { SOURCE_DATE_EPOCH: 'yesterday' }, line: "reqtrace: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC (found 'yesterday')" },
    { name: 'a SOURCE_DATE_EPOCH holding a line break', args: ['export', 'coverage-md', 'sor'], env: { SOURCE_DATE_EPOCH: '1\n2' }, line: "reqtrace: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC (found '1?2')" },
    { name: 'an unknown command', args: ['exprot'], line: "reqtrace: unknown command 'exprot' (the commands are check, report, export, responses, review, diff, import, init and rules; reqtrace --help shows how to use them)" },
    { name: 'a bad check --format', args: ['check', '--format', 'html'], line: "reqtrace: --format must be one of text, json, github, sarif, junit (found 'html')" },
    { name: 'an unknown option', args: ['export', 'coverage-md', '--frobnicate'], line: /^reqtrace: Unknown option '--frobnicate'/ },
  ];
  for (const { name, args, env, line } of cases) {
    it(`exits 2 with exactly one line on stderr and nothing on stdout for ${name}`, async () => {
      const result = await run(folder(FILES), env ?? {}, ...args);
      expect(result.status).toBe(2);
      expect(result.stdout.toString()).toBe('');
      const lines = result.stderr.split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toBe('');
      if (typeof line === 'string') expect(lines[0]).toBe(line);
      else expect(lines[0]).toMatch(line);
      expect(result.stderr).not.toContain(STACK);
    });
  }

  it('leaves the commands their own options: no exporter has an option called --out, --format, ...', () => {
    for (const exporter of EXPORTERS) {
      for (const option of exporter.options) expect(COMMAND_OPTIONS, `${exporter.name} --${option.name}`).not.toContain(option.name);
    }
  });

  it('--help shows the export command and names every output', async () => {
    const result = await run(ROOT, {}, '--help');
    const help = result.stdout.toString();
    expect(help).toContain('  reqtrace export <name> [paths...] [--out FILE] [--root DIR] [--config FILE] [--jobs N]\n');
    expect(help).toContain('  reqtrace check [paths...] [--format text|json|github|sarif|junit] [--fail-on error|warning|never] [--out FILE] [--root DIR] [--config FILE] [--jobs N]\n');
    expect(help).toContain('  reqtrace report [paths...] [--format html|md|json|csv] [--out FILE] [--root DIR] [--config FILE] [--jobs N]\n');
    for (const exporter of EXPORTERS) expect(help).toMatch(new RegExp(`^  ${exporter.name} +${exporter.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
  });
});

// ---------------------------------------------------------------------------------------------
// In-process: probe exporters added to the registry.

/** A terminal whose output the test reads. */
function terminal(cwd: string, env: NodeJS.ProcessEnv = {}, isTTY = false): Terminal & { out: () => Buffer; err: () => string } {
  const out: Buffer[] = [];
  const err: string[] = [];
  return {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    stdout: { isTTY, write: (data: string | Uint8Array) => out.push(Buffer.from(data)) },
    stderr: { write: (data: string) => err.push(data) },
    out: () => Buffer.concat(out),
    err: () => err.join(''),
  };
}

interface Seen {
  data: Partial<ExportData>;
  context: ExportContext;
  options: ExportOptions;
}

/** An exporter of the given kind that records what it was given and prints the generation time. */
function probe(kind: Exporter['kind'], seen: Seen[], needs: TextExporter['needs'] = ['coverage'], recordsGit = true): TextExporter {
  return {
    name: `probe-${kind}`,
    ...(kind === 'exchange' ? {} : { format: 'probe' }),
    kind,
    summary: 'records what the command gave it',
    extension: 'txt',
    mediaType: 'text/plain',
    needs,
    options: [
      { name: 'label', type: 'string', summary: 'a label', commandLine: true },
      { name: 'draft', type: 'boolean', summary: 'a switch', commandLine: true },
    ],
    relativeTo: 'cwd',
    recordsGit,
    writes: 'text',
    render(data, context, options) {
      seen.push({ data: { ...data }, context, options });
      return `${context.provenance.generatedAt.toISOString()}\n`;
    },
  };
}

const BYTES = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0x0a, 0x0d]);
function bytesExporter(rendered: { count: number }): BytesExporter {
  return {
    name: 'probe-bytes',
    kind: 'exchange',
    summary: 'writes a few bytes that are not text',
    extension: 'bin',
    mediaType: 'application/octet-stream',
    needs: ['items'],
    options: [],
    relativeTo: 'output',
    recordsGit: false,
    writes: 'bytes',
    render() {
      rendered.count++;
      return Promise.resolve(BYTES);
    },
  };
}


/** The workspace in a git repository on branch `release`, committed, then one file changed. */
function dirtyRepository(): { dir: string; commit: string } {
  const dir = folder(FILES);
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8' }).trim();
  git('init', '--quiet', '--initial-branch=release');
  git('add', '.');
  git('commit', '--quiet', '-m', 'first');
  writeFileSync(join(dir, 'sor/hr.needs.yaml'), `${FILES['sor/hr.needs.yaml']}# edited\n`);
  return { dir, commit: git('rev-parse', 'HEAD') };
}

describe('what the commands give an exporter', () => {
  for (const [kind, args] of [
    ['findings', ['check', '.', '--format', 'probe']],
    ['coverage', ['report', '.', '--format', 'probe']],
    ['exchange', ['export', 'probe-exchange', '.']],
  ] as const) {
    it(`${args[0]} gives a ${kind} exporter the provenance: SOURCE_DATE_EPOCH and the workspace's git commit, branch and state`, async () => {
      const { dir, commit } = dirtyRepository();
      const seen: Seen[] = [];
      // Run in the workspace's subfolder: git finds the top-level folder above it.
      const term = terminal(join(dir, 'sor'), { ...GIT_ENV, SOURCE_DATE_EPOCH: '1700000000' });
      const code = await main(args, term, [...EXPORTERS, probe(kind, seen)]);
      expect(term.err()).toBe('');
      expect(code).toBe(kind === 'findings' ? 1 : 0);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.context.provenance).toEqual({
        generatedAt: new Date('2023-11-14T22:13:20Z'),
        git: { topLevelUri: pathToFileURL(dir).href, commit, branch: 'release', dirty: true },
      });
      expect(term.out().toString()).toBe('2023-11-14T22:13:20.000Z\n');
    });
  }

  it("runs no git for an output that does not record it, so a repository's own git config runs nothing", async () => {
    const { dir } = dirtyRepository();
    // A clean filter the repository's config names: git status would run it on a changed file.
    const ran = join(dir, 'filter-ran');
    writeFileSync(join(dir, '.gitattributes'), '*.yaml filter=probe\n');
    execFileSync('git', ['config', 'filter.probe.clean', `sh -c "touch '${ran}'; cat"`], { cwd: dir, env: GIT_ENV });
    for (const [args, recordsGit] of [
      [['check', '.'], false],
      // The JSON coverage model records no git; the HTML and Markdown reports name the commit, so they run it.
      [['report', '.', '--format', 'json'], false],
      [['export', 'probe-exchange', '.'], false],
    ] as const) {
      const seen: Seen[] = [];
      await main(args, terminal(dir, GIT_ENV), [...EXPORTERS, probe('exchange', seen, ['coverage'], recordsGit)]);
      expect(existsSync(ran), args.join(' ')).toBe(false);
      if (args[0] === 'export') expect(seen[0]?.context.provenance.git).toBeUndefined();
    }
    // An output that records git runs it, filters and all: the user chose to export from this folder.
    await main(['export', 'probe-exchange', '.'], terminal(dir, GIT_ENV), [...EXPORTERS, probe('exchange', [], ['coverage'], true)]);
    expect(existsSync(ran)).toBe(true);
  });

  it('gives the clock and no git outside git', async () => {
    const dir = folder(FILES);
    const seen: Seen[] = [];
    const before = Date.now();
    const code = await main(['export', 'probe-exchange', 'sor'], terminal(dir, GIT_ENV), [...EXPORTERS, probe('exchange', seen)]);
    expect(code).toBe(0);
    expect(seen[0]?.context.provenance.git).toBeUndefined();
    expect(seen[0]?.context.provenance.generatedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(seen[0]?.context.provenance.generatedAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('gives an exporter only the data it declares, and check still fails on findings it does not print', async () => {
    const dir = folder(FILES);
    const seen: Seen[] = [];
    const code = await main(['check', 'sor', '--format', 'probe'], terminal(dir), [...EXPORTERS, probe('findings', seen, ['items'])]);
    expect(code).toBe(1);
    expect(Object.keys(seen[0]?.data ?? {})).toEqual(['items']);
    const all: Seen[] = [];
    await main(['export', 'probe-exchange', 'sor'], terminal(dir), [...EXPORTERS, probe('exchange', all, ['findings', 'coverage', 'items'])]);
    expect(Object.keys(all[0]?.data ?? {}).sort()).toEqual(['coverage', 'findings', 'items']);
    expect(all[0]?.data.findings?.map((f) => f.code).sort()).toEqual(['broken-link', 'uncovered-requirement']);
  });

  it("passes the exporter's own options and refuses another exporter's", async () => {
    const dir = folder(FILES);
    const seen: Seen[] = [];
    const exporters = [...EXPORTERS, probe('exchange', seen)];
    expect(await main(['export', 'probe-exchange', 'sor', '--label', 'Lot 2', '--draft'], terminal(dir), exporters)).toBe(0);
    expect(seen[0]?.options).toEqual({ label: 'Lot 2', draft: true });
    const term = terminal(dir);
    expect(await main(['export', 'coverage-md', 'sor', '--label', 'Lot 2'], term, exporters)).toBe(2);
    expect(term.err()).toBe('reqtrace: --label is not an option of coverage-md\n');
    expect(term.out().length).toBe(0);
  });
});

describe('a binary output', () => {
  it('is refused on a terminal, with one line and before the workspace is read', async () => {
    const rendered = { count: 0 };
    const term = terminal(folder(), {}, true);
    // The folder has no requirement files: had it been read, the message would say so.
    expect(await main(['export', 'probe-bytes', '.'], term, [...EXPORTERS, bytesExporter(rendered)])).toBe(2);
    expect(term.err()).toBe('reqtrace: probe-bytes writes binary data: give --out FILE, or redirect stdout to a file\n');
    expect(term.out().length).toBe(0);
    expect(rendered.count).toBe(0);
  });

  it('goes to a redirected stdout byte for byte', async () => {
    const rendered = { count: 0 };
    const term = terminal(folder(FILES), {}, false);
    expect(await main(['export', 'probe-bytes', 'sor'], term, [...EXPORTERS, bytesExporter(rendered)])).toBe(0);
    expect(term.out().equals(Buffer.from(BYTES))).toBe(true);
  });

  it('goes to --out even when stdout is a terminal', async () => {
    const rendered = { count: 0 };
    const dir = folder(FILES);
    const term = terminal(dir, {}, true);
    expect(await main(['export', 'probe-bytes', 'sor', '--out', 'out/x.bin'], term, [...EXPORTERS, bytesExporter(rendered)])).toBe(0);
    expect(readFileSync(join(dir, 'out/x.bin')).equals(Buffer.from(BYTES))).toBe(true);
    expect(term.out().toString()).toBe('Wrote the probe-bytes export to out/x.bin\n');
  });
});
