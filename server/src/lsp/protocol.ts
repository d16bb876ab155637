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
