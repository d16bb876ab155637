/**
 * One interface for every output reqtrace writes: the findings formats (`check --format`), the
 * coverage formats (`report --format`) and the exchange and workbook outputs (`export <name>`). An
 * exporter says what it needs and the caller works out only that, so a CSV or JSON coverage report
 * never runs the checks (the HTML and Markdown reports do, for their verdict) and a findings list
 * never builds the coverage model it does not print.
 */
import type { Workspace } from '../analysis/workspace';
import type { TenderSettings } from '../config';
import { LineIndex } from '../lines';
import type { SeveritySetting } from '../checks/registry';
import type { Finding, Severity } from '../model';
import type { Coverage } from './coverage';
import type { Provenance } from './provenance';

/** What the caller may work out for an exporter. */
export interface ExportData {
  /** Every finding of the run, in no particular order. */
  readonly findings: readonly Finding[];
  readonly coverage: Coverage;
  /** The items themselves, with their files. */
  readonly items: Workspace;
}
export type Need = keyof ExportData;

/**
 * findings: a list of findings, picked by `check --format`; coverage: a coverage report, picked by
 * `report --format`; exchange: an output for another tool or for people (ReqIF, a workbook), only
 * through `export <name>`. Every kind can be written by `export <name>`.
 */
export type ExporterKind = 'findings' | 'coverage' | 'exchange';

/** An option of one exporter; on the command line it is `--<name>`. */
export interface ExporterOption {
  readonly name: string;
  readonly type: 'string' | 'boolean';
  readonly summary: string;
  /** False for options only an editor sets (a webview's script nonce): the command line does not offer them. */
  readonly commandLine: boolean;
}
export type ExportOptions = Readonly<Record<string, string | boolean | undefined>>;

/** What every exporter is given besides its data. */
export interface ExportContext {
  /** The workspace's name, for headings. */
  readonly title: string;
  /** How a file is named in the output (a path relative to the output file or to the current folder; see `relativeTo`). */
  readonly pathOf: (uri: string) => string;
  /** A file's line index, for turning offsets into positions (files without items, the config, included). */
  readonly linesOf: (uri: string) => LineIndex;
  readonly provenance: Provenance;
  /**
   * Set when only some files of the workspace were named: their number and URIs (findings are
   * theirs; items and coverage are the whole workspace's).
   */
  readonly scope?: { readonly files: number; readonly uris?: ReadonlySet<string> };
  /** The version of reqtrace writing the output (the command line's), for outputs that name their tool (SARIF): the core reads no global for it. */
  readonly version?: string;
  /**
   * How a file is named relative to the top folder of the git work tree it is in (else the current
   * folder), with '/' between folders: what a code host matches against its repository (SARIF).
   * Without it, outputs use pathOf.
   */
  readonly repositoryPathOf?: (uri: string) => string;
  /** The lowest severity that fails the run (`check --fail-on`; default error), so that an output that says pass or fail (JUnit) agrees with the exit code. */
  readonly failOn?: FailOn;
  /** The config's tender settings (title, marking, scoring scale, evaluation split), for the outputs of a tender pack. */
  readonly tender?: TenderSettings;
  /** True when the output goes to a terminal that shows colour (the caller decides: never into a file, never with NO_COLOR). */
  readonly colour?: boolean;
  /**
   * The severities a coverage report's verdict judges the findings by: the config's, with what
   * `readiness: tender` raises (see verdict.ts). Without it, the findings' own.
   */
  readonly verdictSeverity?: Readonly<Record<string, SeveritySetting>>;
  /** True when an editor asks, from the files as it has them (unsaved edits included): what a report says it was made from. */
  readonly inEditor?: boolean;
}

/** `check --fail-on`: the lowest severity that fails the run, or never. */
export type FailOn = 'error' | 'warning' | 'never';

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

/** Whether a finding of this severity fails a run with this --fail-on: the exit code and the JUnit failures both follow it. */
export function failsOn(severity: Severity, failOn: FailOn = 'error'): boolean {
  return failOn !== 'never' && SEVERITY_RANK[severity] >= SEVERITY_RANK[failOn];
}

interface ExporterBase<N extends Need> {
  /** Unique in the registry; what `export <name>` takes. */
  readonly name: string;
  /** What `check --format` or `report --format` takes; exchange outputs have none. Unique within its kind. */
  readonly format?: string;
  readonly kind: ExporterKind;
  /** A one-line description for help texts. */
  readonly summary: string;
  /** The usual file name extension, without the dot. */
  readonly extension: string;
  readonly mediaType: string;
  readonly needs: readonly N[];
  readonly options: readonly ExporterOption[];
  /**
   * What the paths it writes are relative to: the folder of the output file, so that its links open
   * from where it is written (reports), or the current folder, as a terminal shows them (findings).
   */
  readonly relativeTo: 'output' | 'cwd';
  /**
   * True when the output records the git state of the work tree (commit, branch, changes). Only
   * then is git run: git can run programs a repository's own config names (a clean filter, say),
   * so reqtrace runs it only for an output that needs it, in a folder the user chose to export from.
   */
  readonly recordsGit: boolean;
}

export interface TextExporter<N extends Need = Need> extends ExporterBase<N> {
  readonly writes: 'text';
  render(data: Pick<ExportData, N>, context: ExportContext, options: ExportOptions): string;
}

/** Binary outputs (a workbook): the libraries that write them work asynchronously. */
export interface BytesExporter<N extends Need = Need> extends ExporterBase<N> {
  readonly writes: 'bytes';
  render(data: Pick<ExportData, N>, context: ExportContext, options: ExportOptions): Promise<Uint8Array>;
}

export type Exporter<N extends Need = Need> = TextExporter<N> | BytesExporter<N>;

/** What the output is called in messages: "the html coverage report", "the json findings". */
export function outputNoun(exporter: Exporter): string {
  const noun = { findings: 'findings', coverage: 'coverage report', exchange: 'export' }[exporter.kind];
  return `the ${exporter.format ?? exporter.name} ${noun}`;
}

/**
 * The data an exporter needs, each part worked out by its supplier only when the exporter declares
 * it. The parts it did not declare are absent: the registry's test renders every exporter on exactly
 * its declared parts, so an exporter that reads another fails there.
 */
export function gatherData(needs: readonly Need[], supply: { readonly [K in Need]: () => ExportData[K] }): ExportData {
  const data: Partial<Record<Need, unknown>> = {};
  for (const need of needs) data[need] = supply[need]();
  return data as ExportData;
}

/** One line index per file, made when first asked for from the file's text. */
export function lineIndexes(textOf: (uri: string) => string): (uri: string) => LineIndex {
  const indexes = new Map<string, LineIndex>();
  return (uri) => {
    let lines = indexes.get(uri);
    if (!lines) indexes.set(uri, (lines = new LineIndex(textOf(uri))));
    return lines;
  };
}
