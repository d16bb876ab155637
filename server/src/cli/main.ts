/**
 * The reqtrace command line: `check` runs every check of the core on a workspace, `report` writes the
 * coverage report. Exit codes: 0 nothing reached --fail-on, 1 something did, 2 usage or I/O error.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_CONFIG, parseConfig, type Config } from '../core/config';
import { computeCoverage, percent } from '../core/report/coverage';
import { Workspace } from '../core/analysis/workspace';
import { humanPosition, LineIndex } from '../core/lines';
import type { Finding, Severity } from '../core/model';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../core/report/index';
import { uriReplacer } from '../core/report/json';
import { coverageSummary } from '../core/query/trace';
import { hostLoader, loadFiles, workspaceFindings } from '../core/workspace';
import { DEFAULT_JOBS, ParsePool, POOL_THRESHOLD } from '../node/parsePool';
import { createNodeHost, describeIoError } from '../node/nodeHost';
import { findConfig } from '../node/config';

declare const REQTRACE_VERSION: string;

const USAGE = `Usage:
  reqtrace check [paths...] [--format text|json] [--fail-on error|warning|never] [--config FILE] [--jobs N]
  reqtrace report [paths...] --format html|md|json|csv [--out FILE] [--config FILE] [--jobs N]
  reqtrace --help | --version

Paths are files or folders (default: the current folder). In folders, files named *.needs.yaml,
*.reqs.yaml and *.itt.yaml (or .yml) are read, or the globs in reqtrace.config.yaml.
--jobs N parses on N threads (default 1).`;

class UsageError extends Error {}

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${typeof REQTRACE_VERSION === 'string' ? REQTRACE_VERSION : 'dev'}\n`);
    return 0;
  }
  try {
    if (command === 'check') return await runCheck(rest);
    if (command === 'report') return await runReport(rest);
    throw new UsageError(`unknown command '${command}'`);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      process.stderr.write(`reqtrace: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof PathError) {
      process.stderr.write(`reqtrace: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`reqtrace: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

class PathError extends Error {}

interface LoadedWorkspace {
  readonly index: Workspace;
  readonly config: Config;
  readonly findings: Finding[];
  readonly title: string;
  /** Texts of files that are not requirement files but have findings (the config). */
  readonly otherTexts: ReadonlyMap<string, string>;
}

async function loadWorkspace(paths: readonly string[], configPath: string | undefined, jobs: number): Promise<LoadedWorkspace> {
  const cwd = process.cwd();
  const targets = (paths.length > 0 ? paths : ['.']).map((p) => resolve(cwd, p));
  const kinds = await Promise.all(
    targets.map(async (target) => {
      try {
        return (await stat(target)).isDirectory() ? ('dir' as const) : ('file' as const);
      } catch (error) {
        throw new PathError(`cannot read '${relative(cwd, target) || target}': ${describeIoError(error)}`);
      }
    }),
  );
  const firstDir = targets.find((_, i) => kinds[i] === 'dir') ?? dirname(targets[0] as string);
  const configFile = configPath ? resolve(cwd, configPath) : await findConfig(firstDir);
  let config = DEFAULT_CONFIG;
  const configFindings: Finding[] = [];
  const otherTexts = new Map<string, string>();
  if (configFile) {
    const host = createNodeHost(() => DEFAULT_CONFIG.limits.maxFileChars);
    const uri = pathToFileURL(configFile).href;
    const read = await host.read(uri);
    if ('problem' in read) throw new PathError(`cannot read config '${relative(cwd, configFile)}': ${read.problem.message}`);
    const parsed = parseConfig(uri, read.text);
    otherTexts.set(uri, read.text);
    config = parsed.config;
    configFindings.push(...parsed.findings);
  }
  const host = createNodeHost(() => config.limits.maxFileChars);
  const uris = new Set<string>();
  for (const [i, target] of targets.entries()) {
    if (kinds[i] === 'file') uris.add(pathToFileURL(target).href);
    else for (const uri of await host.list(target, config.files, config.exclude)) uris.add(uri);
  }
  if (uris.size === 0) {
    // A mistyped folder or glob must not pass CI by checking nothing.
    throw new PathError(`no requirement files found in ${targets.map((t) => `'${relative(cwd, t) || '.'}'`).join(', ')} (looked for ${config.files.join(', ')})`);
  }
  const index = new Workspace(config.limits);
  if (jobs > 1 && uris.size >= POOL_THRESHOLD) {
    const pool = new ParsePool(config.limits, jobs);
    try {
      await loadFiles(hostLoader(host, config.limits, (uri, text) => pool.share(uri, text)), [...uris], index, 256);
    } finally {
      await pool.close();
    }
  } else {
    await loadFiles(hostLoader(host, config.limits), [...uris], index);
  }
  const findings = [...configFindings, ...workspaceFindings(index, config)];
  const titleSource = targets.length === 1 && kinds[0] === 'dir' ? (targets[0] as string) : firstDir;
  return { index, config, findings, otherTexts, title: titleSource.split(/[\\/]/).filter(Boolean).pop() ?? 'workspace' };
}

function displayPath(uri: string, from: string): string {
  const path = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  return relative(from, path).split('\\').join('/') || path;
}

/** displayPath from one folder, worked out once per file: outputs name the same files thousands of times. */
function displayPaths(from: string): (uri: string) => string {
  const paths = new Map<string, string>();
  return (uri) => {
    let path = paths.get(uri);
    if (path === undefined) paths.set(uri, (path = displayPath(uri, from)));
    return path;
  };
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

async function runCheck(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { format: { type: 'string', default: 'text' }, 'fail-on': { type: 'string', default: 'error' }, config: { type: 'string' }, jobs: { type: 'string' } },
  });
  const format = values.format;
  const failOn = values['fail-on'];
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json (found '${format}')`);
  if (failOn !== 'error' && failOn !== 'warning' && failOn !== 'never') throw new UsageError(`--fail-on must be error, warning or never (found '${failOn}')`);

  const workspace = await loadWorkspace(positionals, values.config, parseJobs(values.jobs));
  const pathOf = displayPaths(process.cwd());
  const texts = new Map<string, LineIndex>();
  const lineIndex = (uri: string): LineIndex => {
    let lines = texts.get(uri);
    if (!lines) texts.set(uri, (lines = new LineIndex(workspace.index.file(uri)?.text ?? workspace.otherTexts.get(uri) ?? '')));
    return lines;
  };
  const located = workspace.findings
    .map((finding) => {
      const lines = lineIndex(finding.uri);
      const start = humanPosition(lines, finding.span.start);
      const end = humanPosition(lines, finding.span.end);
      return { finding, file: pathOf(finding.uri), start, end };
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.finding.span.start - b.finding.span.start || a.finding.span.end - b.finding.span.end || a.finding.code.localeCompare(b.finding.code)));

  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const { finding } of located) counts[finding.severity]++;
  const threshold = failOn === 'never' ? Infinity : SEVERITY_RANK[failOn];
  const failed = located.some(({ finding }) => SEVERITY_RANK[finding.severity] >= threshold);

  if (format === 'json') {
    const diagnostics = located.map(({ finding, file, start, end }) => ({
      file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      severity: finding.severity,
      code: finding.code,
      message: finding.message,
      ...(finding.related
        ? {
            related: finding.related.map((r) => {
              const pos = humanPosition(lineIndex(r.uri), r.span.start);
              return { file: pathOf(r.uri), line: pos.line, column: pos.column, message: r.message };
            }),
          }
        : {}),
    }));
    const output = { diagnostics, coverage: computeCoverage(workspace.index, lineIndex) };
    process.stdout.write(`${JSON.stringify(output, uriReplacer({ pathOf }), 2)}\n`);
  } else {
    const lines = located.map(({ finding, file, start }) => `${file}:${start.line}:${start.column}: ${finding.severity} ${finding.code}: ${oneLine(finding.message)}`);
    const fileCount = workspace.index.uris.length;
    const itemCount = [...workspace.index.allItems()].length;
    // Only the headline figures: the summary from the index, which a property test holds equal to the full model.
    const { needs, traced, requirements, requirementsCovered: covered, waived } = coverageSummary(workspace.index);
    const counted = requirements - waived;
    lines.push(
      `${plural(fileCount, 'file')}, ${plural(itemCount, 'item')}: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}${counts.info ? `, ${plural(counts.info, 'info')}` : ''}${counts.hint ? `, ${plural(counts.hint, 'hint')}` : ''}.`,
      [
        needs > 0 ? `Needs traced end to end: ${traced} of ${needs} (${percent(traced, needs)}%).` : 'No user needs.',
        requirements > 0
          ? `Requirements covered by the ITT: ${covered} of ${counted} (${percent(covered, counted)}%), ${waived} waived.`
          : 'No requirements.',
      ].join(' '),
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return failed ? 1 : 0;
}

async function runReport(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { format: { type: 'string', default: 'html' }, out: { type: 'string' }, config: { type: 'string' }, jobs: { type: 'string' } },
  });
  const format = values.format as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')} (found '${values.format}')`);
  const workspace = await loadWorkspace(positionals, values.config, parseJobs(values.jobs));
  const cwd = process.cwd();
  const out = values.out ? resolve(cwd, values.out) : undefined;
  const base = out ? dirname(out) : cwd;
  const report = renderReport(format, computeCoverage(workspace.index), { title: workspace.title, pathOf: displayPaths(base) });
  if (!out) {
    process.stdout.write(report);
    return 0;
  }
  try {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, report);
  } catch (error) {
    throw new PathError(`cannot write '${values.out}': ${describeIoError(error)}`);
  }
  process.stdout.write(`Wrote the ${format} coverage report to ${relative(cwd, out) || out}\n`);
  return 0;
}

/** A message on one line: ids and values quoted from a file may hold line breaks or control characters. */
function oneLine(message: string): string {
  return message.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (ch) => (ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : ch === '\t' ? '\\t' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** --jobs N: how many threads parse files, the main thread included (default 1: the main thread only). */
function parseJobs(value: string | undefined): number {
  if (value === undefined) return DEFAULT_JOBS;
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError(`--jobs must be a whole number from 1 to 64 (found '${value}')`);
  return jobs;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

// A reader that stops early (`reqtrace check | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`reqtrace: internal error: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
