/** The shape of the CLI's JSON output (`check --format json`), as the tests read it. */

export interface Related {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** One finding: 1-based lines and columns, the end exclusive. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
  related?: Related[];
}
