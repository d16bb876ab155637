/** reqtrace's own requests and notifications, shared by the server and the client. */

export const REPORT_REQUEST = 'reqtrace/report';
export interface ReportParams {
  /** The workspace folder to report on; the first one when absent. */
  readonly folderUri?: string;
  /** The folder the report will be written to, so links in it are relative to it. */
  readonly reportDirUri: string;
  /** When set, `webviewHtml` is the report with one script, allowed by this nonce, for a webview. */
  readonly webviewNonce?: string;
}
export interface ReportResult {
  readonly title: string;
  /** The self-contained report to write to disk: no scripts. */
  readonly html: string;
  readonly markdown: string;
  readonly webviewHtml?: string;
  readonly tracedPercent: number;
}

export const COVERAGE_NOTIFICATION = 'reqtrace/coverage';
export interface CoverageSummary {
  readonly needs: number;
  readonly traced: number;
  readonly covered: number;
  readonly requirements: number;
  readonly requirementsCovered: number;
  readonly waived: number;
  /** Share of needs traced end to end, 0–100. */
  readonly tracedPercent: number;
}

/** Any output of the exporter registry by its name (`reqtrace export <name>`), for the editor to write. */
export const EXPORT_REQUEST = 'reqtrace/export';
export interface ExportParams {
  /** The workspace folder to export; the first one when absent. */
  readonly folderUri?: string;
  /** The exporter's name, as `reqtrace export` takes it (reqif, needs, coverage-html…). */
  readonly name: string;
  /** The file the editor will write, so paths in the output are relative to it where the format wants that. */
  readonly outUri: string;
  /**
   * Write an output for bidders (the bidder workbook) as a draft, marked as one, although
   * `readiness: tender` refuses it while requirements asked of bidders are not agreed: as the
   * command line's `--draft`. Without it such a request is refused with EXPORT_REFUSED.
   */
  readonly draft?: boolean;
}
/**
 * The error code of an export that `readiness: tender` refuses (a ResponseError): its message is
 * the command line's one line, its data an ExportRefusedData. Outside the ranges JSON-RPC and LSP reserve.
 */
export const EXPORT_REFUSED = 1001;
export interface ExportRefusedData {
  /** Every requirement asked of bidders that is not agreed, sorted. */
  readonly notAgreed: readonly string[];
}
export interface ExportResult {
  /** The output: text, or for a binary output its bytes in base64. */
  readonly content: string;
  readonly encoding: 'utf8' | 'base64';
  /** What the output is called in messages ("the reqif export"). */
  readonly noun: string;
  /** How many items the workspace holds. */
  readonly items: number;
}

/** The importers of the registry, for the editor's Import command to offer. */
export const IMPORTERS_REQUEST = 'reqtrace/importers';
export interface ImporterInfo {
  readonly name: string;
  readonly summary: string;
  readonly reads: 'file' | 'folder';
  /** File name extensions it reads, for the file picker (without dots). */
  readonly extensions: readonly string[];
  /** Options the editor asks for: each has a list of values to choose from. */
  readonly choices: readonly { readonly name: string; readonly summary: string; readonly values: readonly string[]; readonly required: boolean }[];
}

/** Runs an importer (`reqtrace import <name>`) and writes its files, as the command line does. */
export const IMPORT_REQUEST = 'reqtrace/import';
export interface ImportParams {
  readonly name: string;
  /** The file or folder to read. */
  readonly sourceUri: string;
  /** The folder to write the requirement files into. */
  readonly outUri: string;
  readonly options: Readonly<Record<string, string | boolean | readonly string[]>>;
  /** Write over files that exist already. */
  readonly force: boolean;
}
export type ImportReply =
  | { readonly done: true; readonly lines: readonly string[]; readonly written: readonly string[] }
  /** Refused: `existing` is set when files would be written over (and `force` would do it). */
  | { readonly done: false; readonly message: string; readonly existing: boolean };
