/**
 * The reqtrace commands: `check` lists findings, `report` writes the coverage report, `export` writes
 * any output by name. Every format is an exporter from the registry; this file parses arguments,
 * loads the workspace, works out what the chosen exporter needs and writes what it returns. Exit
 * codes: 0 nothing reached --fail-on, 1 something did, 2 a usage or I/O error (one line on stderr).
 */
import { nodeSha256 } from '../node/nodeHash';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { unreadablePublished } from '../core/change/published';
import { DEFAULT_CONFIG, parseConfig, type Config } from '../core/config';
import { readPublished } from '../node/published';
import { listWorkspaceFiles } from '../node/workspaceFiles';
import { rulesCommand } from './rules';
import { InitError, runInit } from './init';
import { importUsage, ImportUsageError, runImport } from './importCommand';
import { DiffError, runDiff } from './diff';
import { ImportRefusal } from '../core/import/importer';
import { readResponses, type BidderResponses } from '../core/tender/responses';
import { missesMandatory, responsesJson, responsesMarkdown, responsesText } from '../core/tender/responsesOutput';
import { diskSource } from '../node/importFiles';
import { Workspace } from '../core/analysis/workspace';
import { humanPosition } from '../core/lines';
import type { Finding } from '../core/model';
import { computeCoverage } from '../core/report/coverage';
import { failsOn, gatherData, lineIndexes, outputNoun, type Exporter, type ExporterKind, type ExportOptions, type FailOn } from '../core/report/exporter';
import { generationTime, type GitProvenance } from '../core/report/provenance';
import { issueRefusal } from '../core/report/readiness';
import { applySeverity, rulesOn, tenderSeverity } from '../core/checks/registry';
import { Fingerprints } from '../core/fingerprint';
import { reviewPlan, type ReviewRequest } from '../core/query/review';
import { EXPORTERS, exporterForFormat, exporterNamed, formatsOf } from '../core/report/registry';
import { hostLoader, loadFiles, workspaceFindings } from '../core/workspace';
import { findConfig, findGitTop, findWorkspaceRoot } from '../node/config';
import { gitProvenance } from '../node/git';
import { createNodeHost, describeIoError } from '../node/nodeHost';
import { DEFAULT_JOBS, ParsePool, POOL_THRESHOLD } from '../node/parsePool';

declare const REQTRACE_VERSION: string;
/** The version the build defines; 'dev' when the sources run unbundled (tests that import them). */
const VERSION = typeof REQTRACE_VERSION === 'string' ? REQTRACE_VERSION : 'dev';

/** Where a run reads its folder and environment and writes its output: the process, or a test's stand-in. */
export interface Terminal {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: { write(data: string | Uint8Array): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(data: string): unknown };
}

export function processTerminal(): Terminal {
  return { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr };
}


const COMMANDS: readonly string[] = ['check', 'report', 'export', 'responses', 'review', 'diff', 'import', 'init', 'rules'];

class UsageError extends Error {}
class PathError extends Error {}
/** An output the config's readiness does not allow yet (see issueRefusal). */
class ExportRefusal extends Error {}

export async function main(argv: readonly string[], terminal: Terminal = processTerminal(), exporters: readonly Exporter[] = EXPORTERS): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    terminal.stdout.write(`${usage(exporters)}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    terminal.stdout.write(`${VERSION}\n`);
    return 0;
  }
  // Every command takes --help (or -h) wherever it stands, and prints how to use them all.
  if (COMMANDS.includes(command) && (rest.includes('--help') || rest.includes('-h'))) {
    terminal.stdout.write(`${usage(exporters)}\n`);
    return 0;
  }
  try {
    if (command === 'check') return await runCheck(rest, terminal, exporters);
    if (command === 'report') return await runReport(rest, terminal, exporters);
    if (command === 'export') return await runExport(rest, terminal, exporters);
    if (command === 'responses') return await runResponses(rest, terminal);
    if (command === 'review') return await runReview(rest, terminal);
    if (command === 'diff') return await runDiff(rest, terminal, showsColour(terminal));
    if (command === 'import') return await runImport(rest, terminal);
    if (command === 'init') return await runInit(rest, terminal);
    if (command === 'rules') return runRules(rest, terminal);
    throw new UsageError(`unknown command '${command}' (the commands are check, report, export, responses, review, diff, import, init and rules; reqtrace --help shows how to use them)`);
  } catch (error) {
    if (error instanceof UsageError || error instanceof PathError || error instanceof ExportRefusal || error instanceof ImportUsageError || error instanceof ImportRefusal || error instanceof InitError || error instanceof DiffError || isParseArgsError(error)) {
      terminal.stderr.write(`reqtrace: ${oneLine((error as Error).message)}\n`);
      return 2;
    }
    terminal.stderr.write(`reqtrace: internal error: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
    return 2;
  }
}

export function usage(exporters: readonly Exporter[] = EXPORTERS): string {
  const width = Math.max(...exporters.map((e) => e.name.length));
  const exportLines = exporters.map((e) => {
    const options = e.options.filter((o) => o.commandLine).map((o) => (o.type === 'boolean' ? ` [--${o.name}]` : ` [--${o.name} VALUE]`));
    return `  ${e.name.padEnd(width)}  ${e.summary}${e.writes === 'bytes' ? ' (binary)' : ''}${options.join('')}`;
  });
  return `Usage:
  reqtrace check [paths...] [--format ${formatsOf('findings', exporters).join('|')}] [--fail-on error|warning|never] [--out FILE] [--root DIR] [--config FILE] [--jobs N]
  reqtrace report [paths...] [--format ${formatsOf('coverage', exporters).join('|')}] [--out FILE] [--root DIR] [--config FILE] [--jobs N]
  reqtrace export <name> [paths...] [--out FILE] [--root DIR] [--config FILE] [--jobs N]
  reqtrace responses RETURNED.xlsx... [paths...] [--format text|json|md] [--out FILE] [--root DIR] [--config FILE]
  reqtrace review ID... | --links-to ID... | --all [--links-only] [--dry-run] [--root DIR] [--config FILE]
  reqtrace diff BASE [--head REF] [paths...] [--format text|md|json] [--out FILE] [--root DIR] [--config FILE]
${importUsage().join('\n')}
  reqtrace init [DIR]
  reqtrace rules [CODE] [--format text|json|md]
  reqtrace --help | --version

Paths are files or folders (default: the current folder). In folders, files named *.needs.yaml,
*.reqs.yaml and *.itt.yaml (or .yml) are read, or the globs in reqtrace.config.yaml. A file named
on its own is checked in its workspace (the folder of the nearest reqtrace.config.yaml, else the
git work tree, else its folder; or --root DIR): all of it is loaded, the named files' findings listed.
check prints text by default and report writes html; --out FILE writes to FILE instead of stdout,
in the format its extension names when --format is not given (report --out matrix.csv).
Every command takes --help (-h).
--jobs N parses on N threads (default 1).

export writes any output by its name:
${exportLines.join('\n')}
A binary output goes to --out FILE or to a redirected stdout, never to a terminal.

responses reads bidder workbooks as returned: mandatory answers missing (exit 1), must
requirements not met, changed buyer text, rows moved, and the evaluators' weighted scores.

review stamps what was reviewed: the named items (their reviewed: fingerprint) and their links
(ID@fingerprint), every link to the items --links-to names, or everything with --all; --links-only
leaves items' reviewed as it is, --dry-run prints the changes without writing them.

diff compares the requirements at git revision BASE with the working tree (or --head REF): items
added, removed, renamed and changed (word by word), links, coverage before and after, and what
must be re-read downstream of each change.

import reads what another tool wrote and writes requirement files into DIR; it never overwrites
a file unless --force, and says what it imported, changed and left out.

init starts a workspace in DIR (default: here): a reqtrace.config.yaml and an example of each kind.

rules lists every rule with its default severity; rules CODE prints one rule's help.`;
}

/** `rules`: the rule registry, listed or one rule's help. */
function runRules(args: readonly string[], terminal: Terminal): number {
  const result = rulesCommand(args);
  if ('problem' in result) throw new UsageError(result.problem);
  terminal.stdout.write(result.output);
  return 0;
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

type ParseOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * The command's own options and those of the exporters it can run, parsed; then every exporter
 * option given must be one the chosen exporter has.
 */
function parseCommand(args: readonly string[], own: ParseOptions, candidates: readonly Exporter[]): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const options: ParseOptions = { ...own };
  for (const exporter of candidates) {
    for (const option of exporter.options) {
      if (!option.commandLine) continue;
      if (COMMAND_OPTIONS.includes(option.name)) throw new Error(`${exporter.name} has an option --${option.name}, which the commands have already`);
      options[option.name] = { type: option.type };
    }
  }
  const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, strict: true, options });
  return { values: values as Record<string, string | boolean | undefined>, positionals };
}

/** The chosen exporter's options from the parsed values; an option of another exporter is a usage error. */
function exporterOptions(exporter: Exporter, values: Record<string, string | boolean | undefined>, own: ParseOptions): ExportOptions {
  const mine = new Set(exporter.options.filter((o) => o.commandLine).map((o) => o.name));
  const chosen: Record<string, string | boolean> = {};
  for (const [name, value] of Object.entries(values)) {
    if (name in own || value === undefined) continue;
    if (!mine.has(name)) throw new UsageError(`--${name} is not an option of ${exporter.name}`);
    chosen[name] = value;
  }
  return chosen;
}

const WORKSPACE_OPTIONS: ParseOptions = { out: { type: 'string' }, config: { type: 'string' }, jobs: { type: 'string' }, root: { type: 'string' } };
// --format has no default here: without it, the format follows --out's extension (see formatFor).
const CHECK_OPTIONS: ParseOptions = { ...WORKSPACE_OPTIONS, format: { type: 'string' }, 'fail-on': { type: 'string', default: 'error' } };
const REPORT_OPTIONS: ParseOptions = { ...WORKSPACE_OPTIONS, format: { type: 'string' } };

/** Options of the commands themselves (and --help, kept for them): an exporter may not have one of these. */
export const COMMAND_OPTIONS: readonly string[] = [...new Set([...Object.keys(CHECK_OPTIONS), ...Object.keys(REPORT_OPTIONS), 'help'])];

async function runCheck(args: readonly string[], terminal: Terminal, exporters: readonly Exporter[]): Promise<number> {
  const own = CHECK_OPTIONS;
  const { values, positionals } = parseCommand(args, own, exporters.filter((e) => e.kind === 'findings'));
  const exporter = formatFor('findings', values.format as string | undefined, values.out as string | undefined, 'text', exporters);
  const failOn = values['fail-on'];
  if (failOn !== 'error' && failOn !== 'warning' && failOn !== 'never') throw new UsageError(`--fail-on must be error, warning or never (found '${String(failOn)}')`);
  let failed = false;
  const onFindings = (findings: readonly Finding[]): void => {
    failed = findings.some((finding) => failsOn(finding.severity, failOn));
  };
  await runExporter(exporter, exporterOptions(exporter, values, own), positionals, values, terminal, onFindings, failOn);
  return failed ? 1 : 0;
}

async function runReport(args: readonly string[], terminal: Terminal, exporters: readonly Exporter[]): Promise<number> {
  const own = REPORT_OPTIONS;
  const { values, positionals } = parseCommand(args, own, exporters.filter((e) => e.kind === 'coverage'));
  const exporter = formatFor('coverage', values.format as string | undefined, values.out as string | undefined, 'html', exporters);
  await runExporter(exporter, exporterOptions(exporter, values, own), positionals, values, terminal);
  return 0;
}

async function runExport(args: readonly string[], terminal: Terminal, exporters: readonly Exporter[]): Promise<number> {
  const own = WORKSPACE_OPTIONS;
  const { values, positionals } = parseCommand(args, own, exporters);
  const [name, ...paths] = positionals;
  const names = exporters.map((e) => e.name).join(', ');
  if (name === undefined) throw new UsageError(`export needs the name of an output: ${names}`);
  const exporter = exporterNamed(name, exporters);
  if (!exporter) throw new UsageError(`unknown output '${name}': the names are ${names}`);
  await runExporter(exporter, exporterOptions(exporter, values, own), paths, values, terminal);
  return 0;
}

/**
 * The exporter of `kind` for --format, or without it for --out's extension (else `fallback`). A file
 * name whose extension another format writes is refused: never an HTML report named .csv.
 */
function formatFor(kind: ExporterKind, format: string | undefined, out: string | undefined, fallback: string, exporters: readonly Exporter[]): Exporter {
  const extension = out ? extname(out).slice(1).toLowerCase() : '';
  const command = kind === 'findings' ? 'check' : 'report';
  const formats = formatsOf(kind, exporters).join(', ');
  if (format === undefined) {
    const byExtension = extension ? exporters.find((e) => e.kind === kind && e.format !== undefined && e.extension === extension) : undefined;
    if (byExtension) return byExtension;
    if (extension && exporters.some((e) => e.extension === extension)) {
      throw new UsageError(`${command} does not write .${extension} files: give --format (${formats}) or name the file for its format`);
    }
    return chooseFormat(kind, fallback, exporters);
  }
  const exporter = chooseFormat(kind, format, exporters);
  if (extension && exporter.extension !== extension && exporters.some((e) => e.extension === extension)) {
    throw new UsageError(`--format ${format} writes a .${exporter.extension} file, but --out names a .${extension} file: change one of them`);
  }
  return exporter;
}

function chooseFormat(kind: ExporterKind, format: string, exporters: readonly Exporter[]): Exporter {
  const exporter = exporterForFormat(kind, format, exporters);
  if (exporter) return exporter;
  const formats = formatsOf(kind, exporters);
  const choice = formats.length === 2 ? `${formats[0]} or ${formats[1]}` : `one of ${formats.join(', ')}`;
  throw new UsageError(`--format must be ${choice} (found '${format}')`);
}

/**
 * Loads the workspace, works out what the exporter needs, renders and writes it. `onFindings` sees
 * every finding of the run (check's exit code), whatever the exporter prints.
 */
async function runExporter(
  exporter: Exporter,
  options: ExportOptions,
  paths: readonly string[],
  values: Record<string, string | boolean | undefined>,
  terminal: Terminal,
  onFindings?: (findings: readonly Finding[]) => void,
  failOn: FailOn = 'error',
): Promise<void> {
  const jobs = parseJobs(values.jobs as string | undefined);
  const { cwd } = terminal;
  const out = typeof values.out === 'string' ? resolve(cwd, values.out) : undefined;
  if (exporter.writes === 'bytes' && !out && terminal.stdout.isTTY) {
    throw new UsageError(`${exporter.name} writes binary data: give --out FILE, or redirect stdout to a file`);
  }
  const generatedAt = generationTime(terminal.env.SOURCE_DATE_EPOCH, () => new Date());
  if (!(generatedAt instanceof Date)) throw new UsageError(generatedAt.problem);

  const workspace = await loadWorkspace(paths, values.config as string | undefined, values.root as string | undefined, jobs, terminal, exporter.recordsGit);
  const { index } = workspace;
  const refusal = issueRefusal(exporter, options, workspace.config.readiness, index);
  if (refusal) throw new ExportRefusal(refusal);
  const linesOf = lineIndexes((uri) => index.file(uri)?.text ?? workspace.otherTexts.get(uri) ?? '');
  let findings: Finding[] | undefined;
  // Files named on their own are checked in their workspace: only their findings are listed (and count for --fail-on).
  const { named } = workspace;
  const listed = (found: Finding[]): Finding[] => (named ? found.filter((finding) => named.has(finding.uri)) : found);
  const allFindings = (): Finding[] => (findings ??= [...applySeverity(workspace.configFindings, workspace.config.severity), ...listed(workspaceFindings(index, workspace.config))]);
  if (onFindings) onFindings(allFindings());
  const data = gatherData(exporter.needs, { findings: allFindings, coverage: () => computeCoverage(index, linesOf), items: () => index });
  const git = await workspace.git;
  const context = {
    title: workspace.title,
    pathOf: displayPaths(exporter.relativeTo === 'output' && out ? dirname(out) : cwd),
    linesOf,
    provenance: git ? { generatedAt, git } : { generatedAt },
    ...(named ? { scope: { files: named.size, uris: named } } : {}),
    version: VERSION,
    repositoryPathOf: displayPaths((await workspace.gitTop) ?? cwd),
    failOn,
    colour: !out && showsColour(terminal),
    tender: workspace.config.tender,
    verdictSeverity: tenderSeverity(workspace.config.severityLayers),
  };
  const output = exporter.writes === 'text' ? exporter.render(data, context, options) : await exporter.render(data, context, options);
  if (!out) {
    terminal.stdout.write(output);
    return;
  }
  try {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, output);
  } catch (error) {
    throw new PathError(`cannot write '${String(values.out)}': ${describeIoError(error)}`);
  }
  terminal.stdout.write(`Wrote ${outputNoun(exporter)} to ${relative(cwd, out) || out}\n`);
}

/**
 * `responses`: returned bidder workbooks read against the workspace; exit 1 when one misses a
 * mandatory answer.
 */
async function runResponses(args: readonly string[], terminal: Terminal): Promise<number> {
  const parsed = parseArgs({ args: [...args], allowPositionals: true, strict: true, options: { ...WORKSPACE_OPTIONS, format: { type: 'string' } } });
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const { positionals } = parsed;
  const { cwd } = terminal;
  const workbooks = positionals.filter((path) => /\.xlsx$/i.test(path));
  const paths = positionals.filter((path) => !/\.xlsx$/i.test(path));
  if (workbooks.length === 0) throw new UsageError('responses needs the workbooks bidders returned (.xlsx files), then the requirement files they answer (default: the current folder)');
  const out = typeof values.out === 'string' ? resolve(cwd, values.out) : undefined;
  const byExtension = out ? { md: 'md', json: 'json', txt: 'text' }[extname(out).slice(1).toLowerCase()] : undefined;
  const format = typeof values.format === 'string' ? values.format : (byExtension ?? 'text');
  if (!['text', 'json', 'md'].includes(format)) throw new UsageError(`--format must be one of text, json, md (found '${format}')`);
  const workspace = await loadWorkspace(paths, values.config as string | undefined, values.root as string | undefined, parseJobs(values.jobs as string | undefined), terminal, false);
  const bidders: BidderResponses[] = [];
  for (const workbook of workbooks) {
    const source = await diskSource(resolve(cwd, workbook), workbook, 'file');
    bidders.push(await readResponses(await source.read(''), workbook, workspace.index, workspace.config.tender));
  }
  const output = format === 'json' ? responsesJson(bidders) : format === 'md' ? responsesMarkdown(bidders) : responsesText(bidders);
  if (out) {
    try {
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, output);
    } catch (error) {
      throw new PathError(`cannot write '${String(values.out)}': ${describeIoError(error)}`);
    }
    terminal.stdout.write(`Wrote the responses of ${bidders.length} ${bidders.length === 1 ? 'bidder' : 'bidders'} to ${relative(cwd, out) || out}\n`);
  } else {
    terminal.stdout.write(output);
  }
  return bidders.some(missesMandatory) ? 1 : 0;
}

/**
 * `review`: stamps links and marks items reviewed with their fingerprints now, changing nothing
 * else in the files, and says what it changed (or, with --dry-run, would change).
 */
async function runReview(args: readonly string[], terminal: Terminal): Promise<number> {
  const parsed = parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: { config: { type: 'string' }, root: { type: 'string' }, 'links-to': { type: 'boolean' }, all: { type: 'boolean' }, 'links-only': { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  });
  const { values, positionals: ids } = parsed;
  const linksOnly = values['links-only'] === true;
  if (values.all && values['links-to']) throw new UsageError('review takes --all or --links-to, not both');
  if (values.all && ids.length > 0) throw new UsageError(`review --all stamps everything: leave out the ids (${ids.join(', ')})`);
  if (!values.all && ids.length === 0) throw new UsageError('review needs the ids of the items reviewed, --links-to and the ids whose links were reviewed, or --all');
  if (values['links-to'] && linksOnly) throw new UsageError('--links-only goes with ids or --all: --links-to stamps links only already');
  const request: ReviewRequest = values.all ? { all: true, linksOnly } : values['links-to'] ? { linksTo: ids } : { ids, linksOnly };
  const { cwd } = terminal;
  const workspace = await loadWorkspace([values.root ?? '.'], values.config, undefined, DEFAULT_JOBS, terminal, false);
  const { index } = workspace;
  const plan = reviewPlan(index, request, (item) => index.context.fingerprint(item));
  if (plan.unknown.length > 0) {
    const what = plan.unknown.map((id) => (index.definitionsOf(id).length > 1 ? `${id} (defined more than once)` : id)).join(', ');
    throw new UsageError(`no one item has the id ${what}: nothing was changed`);
  }
  const pathOf = displayPaths(cwd);
  const lineOf = lineIndexes((uri) => index.file(uri)?.text ?? '');
  const dryRun = values['dry-run'] === true;
  for (const change of plan.changes) {
    const { line, column } = humanPosition(lineOf(change.edit.uri), change.link ? change.link.span.start : change.edit.span.start);
    const was = change.before !== undefined ? ` (was ${change.before})` : '';
    const what = change.link ? `${change.item.id} ${change.link.field} ${change.link.to}: stamped ${change.after}${was}` : `${change.item.id} reviewed: ${change.after}${was}`;
    terminal.stdout.write(`${pathOf(change.edit.uri)}:${line}:${column}: ${what}\n`);
  }
  for (const reason of plan.skipped) terminal.stdout.write(`left as it is: ${reason}\n`);
  const files = [...new Set(plan.changes.map((change) => change.edit.uri))];
  if (!dryRun) {
    for (const uri of files) {
      const text = index.file(uri)?.text ?? '';
      const edits = plan.changes.filter((change) => change.edit.uri === uri).map((change) => change.edit);
      const written = [...edits].sort((a, b) => b.span.start - a.span.start).reduce((out, edit) => out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end), text);
      try {
        await writeFile(fileURLToPath(uri), written);
      } catch (error) {
        throw new PathError(`cannot write '${pathOf(uri)}': ${describeIoError(error)}`);
      }
    }
  }
  const links = plan.changes.filter((change) => change.link).length;
  const items = plan.changes.length - links;
  const counted = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  const summary = `${counted(links, 'link', 'links')} stamped and ${counted(items, 'item', 'items')} marked reviewed in ${counted(files.length, 'file', 'files')}`;
  terminal.stdout.write(plan.changes.length === 0 ? 'Nothing to change: every stamp asked for is current.\n' : `${dryRun ? 'Would have: ' : ''}${summary}${dryRun ? ' (--dry-run: nothing written)' : ''}.\n`);
  return 0;
}

/**
 * Colour only for a terminal that shows it: stdout is a terminal, NO_COLOR is unset or empty
 * (no-color.org) and TERM is not 'dumb'. Decided here rather than by the colour library, which
 * also switches on when CI is set: a CI log or a file must get plain text.
 */
export function showsColour(terminal: Terminal): boolean {
  const { env } = terminal;
  return terminal.stdout.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
}

interface LoadedWorkspace {
  readonly index: Workspace;
  readonly config: Config;
  /** Findings on the config file itself. */
  readonly configFindings: readonly Finding[];
  readonly title: string;
  /** Texts of files that are not requirement files but have findings (the config). */
  readonly otherTexts: ReadonlyMap<string, string>;
  /** The git provenance of the first folder given, asked for while the files load (when the output records it). */
  readonly git: Promise<GitProvenance | undefined>;
  /** The top folder of the git work tree the first folder given is in (found without running git), for repository-relative paths. */
  readonly gitTop: Promise<string | undefined>;
  /** When files were named on their own (or --root was given): the files whose findings are listed; the rest of the workspace is loaded so links resolve. */
  readonly named?: ReadonlySet<string>;
}

async function loadWorkspace(paths: readonly string[], configPath: string | undefined, rootOption: string | undefined, jobs: number, terminal: Terminal, askGit: boolean): Promise<LoadedWorkspace> {
  const { cwd } = terminal;
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
  // Files named on their own are checked in their workspace (see findWorkspaceRoot), or under --root.
  const firstFile = targets.find((_, i) => kinds[i] === 'file');
  const root = rootOption !== undefined ? await existingFolder(resolve(cwd, rootOption), cwd) : firstFile ? await findWorkspaceRoot(firstFile) : undefined;
  if (root) {
    for (const target of targets) {
      const path = relative(root, target);
      if (path.startsWith('..') || isAbsolute(path)) throw new PathError(`'${relative(cwd, target) || '.'}' is outside the workspace '${relative(cwd, root) || '.'}' it is checked in: give --root FOLDER`);
    }
  }
  const firstDir = root ?? targets.find((_, i) => kinds[i] === 'dir') ?? dirname(targets[0] as string);
  // Only for an output that records it: see Exporter.recordsGit.
  const git = askGit ? gitProvenance(firstDir, { env: terminal.env }) : Promise.resolve(undefined);
  const gitTop = findGitTop(firstDir);
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
  const { uris, named } = await listWorkspaceFiles(host, { targets, kinds, root, config });
  if (uris.length === 0 || named?.size === 0) {
    // A mistyped folder or glob must not pass CI by checking nothing.
    throw new PathError(`no requirement files found in ${targets.map((t) => `'${relative(cwd, t) || '.'}'`).join(', ')} (looked for ${config.files.join(', ')})`);
  }
  const index = new Workspace(config.limits, rulesOn(config.severity), config.ruleOptions, new Fingerprints(config.fingerprintFields, nodeSha256));
  // The ITT as published (`published:` in the config), read from git while the files load.
  const published = configFile ? readPublished(dirname(configFile), config, { env: terminal.env }) : Promise.resolve(undefined);
  if (jobs > 1 && uris.length >= POOL_THRESHOLD) {
    const pool = new ParsePool(config.limits, jobs);
    try {
      await loadFiles(hostLoader(host, config.limits, (uri, text) => pool.share(uri, text)), uris, index, 256);
    } finally {
      await pool.close();
    }
  } else {
    await loadFiles(hostLoader(host, config.limits), uris, index);
  }
  const baseline = await published;
  if (baseline && 'problem' in baseline) configFindings.push(unreadablePublished(pathToFileURL(configFile as string).href, config.published ?? '', config.publishedAt ?? { start: 0, end: 0 }, baseline.problem));
  else if (baseline) index.setPublished(baseline);
  const titleSource: string = root ?? (targets.length === 1 && kinds[0] === 'dir' && targets[0] !== undefined ? targets[0] : firstDir);
  return { index, config, configFindings, otherTexts, git, gitTop, ...(named ? { named } : {}), title: titleSource.split(/[\\/]/).filter(Boolean).pop() ?? 'workspace' };
}

/** A folder the user named, or a one-line error. */
async function existingFolder(path: string, cwd: string): Promise<string> {
  try {
    if ((await stat(path)).isDirectory()) return path;
  } catch (error) {
    throw new PathError(`cannot read '${relative(cwd, path) || path}': ${describeIoError(error)}`);
  }
  throw new PathError(`'${relative(cwd, path) || path}' is not a folder: --root names the workspace's folder`);
}

/** How outputs name files: relative to one folder, worked out once per file (outputs name the same files thousands of times). */
function displayPaths(from: string): (uri: string) => string {
  const paths = new Map<string, string>();
  return (uri) => {
    let path = paths.get(uri);
    if (path === undefined) {
      const file = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
      paths.set(uri, (path = relative(from, file).split('\\').join('/') || file));
    }
    return path;
  };
}

/** --jobs N: how many threads parse files, the main thread included (default 1: the main thread only). */
function parseJobs(value: string | undefined): number {
  if (value === undefined) return DEFAULT_JOBS;
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError(`--jobs must be a whole number from 1 to 64 (found '${value}')`);
  return jobs;
}

/** A message on one line: a value quoted from the command line or a file may hold line breaks. */
function oneLine(message: string): string {
  return message.replace(/[\r\n]+/g, ' ');
}
