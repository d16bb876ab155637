/** The rows of a table as the table importer reads them, whether they came from CSV or from a sheet of an XLSX file. */

/** The most rows a table may have: a statement of requirements has hundreds, at most some thousands. */
export const MAX_TABLE_ROWS = 200_000;

/** One cell: its text as shown, and what else the importer may want to know about it. */
export interface TableCell {
  readonly text: string;
  /** The number, when the cell holds one (a weighting). */
  readonly number?: number;
  /** True when the cell shows its number as a percentage (0.1 shown as 10%). */
  readonly percent?: boolean;
  /** The formula, when the cell holds one: `text` is then the formula, never its result. */
  readonly formula?: string;
  /** The result Excel last worked out for the formula, for the message that says it was not used. */
  readonly cachedResult?: string;
}

/** One row, numbered as the spreadsheet numbers it (1-based); cells by column, from column A (index 0). */
export interface TableRow {
  readonly row: number;
  readonly cells: ReadonlyArray<TableCell | undefined>;
}

export interface Table {
  readonly rows: readonly TableRow[];
  /** The sheet read, for an XLSX file. */
  readonly sheet?: string;
  /** Things said about the reading as a whole (the encoding guessed, merged cells filled in). */
  readonly notes: readonly string[];
}
