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

/**
 * The requirements diff (`reqtrace diff`) of a workspace folder against a git revision, for the
 * editor's Compare with Baseline. The working tree side is the folder as the editor has it, unsaved
 * edits included; every other side is read from git.
 */
export const DIFF_REQUEST = 'reqtrace/diff';
export interface DiffParams {
  /** The workspace folder; the first one when absent. */
  readonly folderUri?: string;
  /** The revision to compare with: a branch, tag or commit, as `reqtrace diff BASE` takes it. */
  readonly base: string;
  /** Compare with this revision instead of the working tree (`--head REF`). */
  readonly head?: string;
  /** When set, the reply's `html` is a page for a webview whose one script this nonce allows. */
  readonly webviewNonce?: string;
}
/** Where an id shown in the diff opens: the item of that id in the workspace now. */
export interface DiffPlace {
  readonly id: string;
  readonly uri: string;
  /** The id's range in the file (0-based, as LSP counts). */
  readonly range: { readonly start: { readonly line: number; readonly character: number }; readonly end: { readonly line: number; readonly character: number } };
}
export type DiffReply =
  /** Why there is no diff, in one line: no git, no repository, an unknown revision, a shallow clone… */
  | { readonly problem: string }
  | {
      /** "main (1a2b3c4d5e6f) → the working tree". */
      readonly title: string;
      /**
       * The diff as `reqtrace diff --format json` writes it, every place a file from the top of the
       * repository and a 1-based line: core/change/diff.ts's RequirementsDiff, not imported here so
       * that the client's project holds none of the core.
       */
      readonly diff: { readonly version: 1 };
      /** As `--format md` writes it. */
      readonly markdown: string;
      /** With webviewNonce: the page; each id it links carries `data-place`, an index into `places`. */
      readonly html?: string;
      readonly places: readonly DiffPlace[];
    };

/** The revisions a diff can be compared with: branches, remote branches, tags and recent commits. */
export const BASELINES_REQUEST = 'reqtrace/baselines';
export interface BaselinesParams {
  readonly folderUri?: string;
}
export interface BaselineInfo {
  readonly kind: 'branch' | 'remote' | 'tag' | 'commit';
  /** What to give as DiffParams.base (a commit's full id for a commit). */
  readonly ref: string;
  readonly commit: string;
  /** The commit's date, ISO 8601 with its offset. */
  readonly date: string;
  readonly subject: string;
}
export type BaselinesReply = { readonly problem: string } | { readonly baselines: readonly BaselineInfo[] };

/** A place in a file (0-based, as LSP counts), for the views to open an item at. */
export interface ViewRange {
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
}
/** An item as the views show it. */
export interface ViewItem {
  readonly id: string;
  readonly kind: 'needs' | 'requirements' | 'itt';
  readonly title: string;
  readonly uri: string;
  /** Its id's range: where clicking it opens the file. */
  readonly range: ViewRange;
  /**
   * Its coverage state as the hover and the report say it: a need 'traced' (end to end), 'covered'
   * (met, not yet asked of bidders) or 'uncovered'; a requirement 'covered' (asked of bidders),
   * 'waived' or 'uncovered'; a clause 'covered' (covers a live requirement), 'information' or
   * 'empty'; any item 'withdrawn'.
   */
  readonly state: 'traced' | 'covered' | 'uncovered' | 'waived' | 'withdrawn' | 'information' | 'empty';
  readonly priority?: string;
  readonly status?: string;
}

/**
 * The trace of one item (the Trace Explorer): what it traces up to and down to, one level; the
 * client asks again for an item it expands. The item is given by id, or by a place in a file: the
 * id or link there, else the item whose mapping holds the place.
 */
export const TRACE_REQUEST = 'reqtrace/trace';
export interface TraceParams {
  /** The workspace folder to look the id up in; the one holding textDocument, else the first, when absent. */
  readonly folderUri?: string;
  readonly id?: string;
  readonly textDocument?: { readonly uri: string };
  readonly position?: { readonly line: number; readonly character: number };
}
/** One link of a trace, and the item at its other end. */
export interface TraceLink {
  /** The field that links them: `satisfies`, `parent` or `covers`, written on the lower item. */
  readonly field: 'satisfies' | 'covers' | 'parent';
  readonly item: ViewItem;
  /** The link's stamp (`UN-HR-001@…`), when it carries one. */
  readonly stamp?: string;
  /** The item it points to has changed since the stamp was made (suspect-link). */
  readonly suspect: boolean;
}
export type TraceReply =
  /** No item at that place, or no item with that id. */
  | null
  | {
      readonly item: ViewItem;
      /** The needs it satisfies and its parent (a requirement); the requirements it covers (a clause). */
      readonly up: readonly TraceLink[];
      /** Its children and the clauses covering it (a requirement); the requirements satisfying it (a need). */
      readonly down: readonly TraceLink[];
    };

/** The gaps of a workspace folder (the Gaps view), grouped as the report groups them. */
export const GAPS_REQUEST = 'reqtrace/gaps';
export interface GapsParams {
  readonly folderUri?: string;
}
export interface GapEntry {
  /** The item the gap is about, where there is one (a readiness finding about a whole file has none). */
  readonly item?: ViewItem;
  /** What is shown: the id and title, or the finding's message. */
  readonly label: string;
  /** Beside it: a waiver's reason, a requirement's priority, a finding's code. */
  readonly detail?: string;
  readonly uri: string;
  readonly range: ViewRange;
}
export interface GapGroup {
  /**
   * Blocking groups first, in the verdict's order: needs-unmet, needs-not-traced,
   * requirements-not-asked, readiness (tender readiness errors), errors (every other error: wording,
   * broken links, schema…), suspect-links; then readiness-warnings, empty-clauses, waived. Only
   * groups with entries are sent.
   */
  readonly key: 'needs-unmet' | 'needs-not-traced' | 'requirements-not-asked' | 'readiness' | 'errors' | 'suspect-links' | 'readiness-warnings' | 'empty-clauses' | 'waived';
  readonly label: string;
  /**
   * Whether the group stops the ITT being issued: the report's verdict counts it, with the findings
   * judged as `readiness: tender` judges them. Waived requirements, readiness warnings and clauses
   * that cover nothing do not (an empty clause blocks only as an error, in `errors`, when a config raises it).
   */
  readonly blocking: boolean;
  readonly entries: readonly GapEntry[];
}
export interface GapsReply {
  readonly groups: readonly GapGroup[];
  /** The entries of the blocking groups: the view's badge. */
  readonly blocking: number;
  /** The needs, requirements and clauses the folder holds: none means there is nothing to issue yet, not nothing in the way. */
  readonly items: number;
}

/**
 * The trace matrix of a workspace folder (the Matrix view): a row per need → requirement → clause
 * path of the coverage report's matrix, in its order. The reply is compact, since a large workspace
 * has thousands of rows: each file named once (`files`), each item once (`items`, however many rows
 * it is on), and each row three indexes into `items`. On the generated 10,000 items (7,728 rows)
 * that is 1.8 MB of JSON, where an item written out in every cell was 7.1 MB. To read a row:
 * `items[row[0]]` is its need (when row[0] is not -1), `files[item.file]` that item's file.
 */
export const MATRIX_REQUEST = 'reqtrace/matrix';
export interface MatrixParams {
  /** The workspace folder; the first one when absent. */
  readonly folderUri?: string;
}
/**
 * A row: [need, requirement, clause], each an index into MatrixReply.items, or -1 where the row has
 * none: no requirement on a need no requirement satisfies, no clause on a requirement no clause
 * covers, no need on the rows of requirements that satisfy no need (those rows come last).
 */
export type MatrixRow = readonly [need: number, requirement: number, clause: number];
/** An item of the matrix (a need, requirement or clause by the column it is in), once. */
export interface MatrixItem {
  readonly id: string;
  /** Its title ('' when it has none). */
  readonly title: string;
  /** Its file: an index into MatrixReply.files. */
  readonly file: number;
  /** Its id's range, where clicking it opens the file: [line, character, end line, end character], 0-based as LSP counts (UTF-16). */
  readonly at: readonly [line: number, character: number, endLine: number, endCharacter: number];
  /** Its coverage state, as ViewItem.state. */
  readonly state: ViewItem['state'];
  readonly priority?: string;
  readonly status?: string;
  /** A need's departments, when it names any (a row whose need names none, or that has no need, is cross-cutting). */
  readonly departments?: readonly string[];
  /** A clause's response type (`scored`, `pass-fail`, `information`), when it gives one. */
  readonly response?: string;
  /** A clause's weighting, when it gives one. */
  readonly weighting?: number;
}
export interface MatrixReply {
  /** The workspace folder's name. */
  readonly title: string;
  /** The URIs of the files the items are in, each once. */
  readonly files: readonly string[];
  readonly items: readonly MatrixItem[];
  readonly rows: readonly MatrixRow[];
}
