/**
 * The Matrix view's table: what its columns say, how its rows are filtered and sorted, and the CSV
 * of the rows shown. One copy of this logic serves the view's page and the editor's CSV export, so
 * the file written is exactly the rows the reader sees: matrixEngine() uses nothing from outside its
 * own body, and the page runs it from its source text (matrixEngine.toString()).
 */

/**
 * An item on the table's rows, each once however many rows it is on (the Matrix request's
 * MatrixItem, which protocol.ts documents field by field).
 */
export interface TableItem {
  readonly id: string;
  readonly title: string;
  /** Its file: an index into MatrixTable.files. */
  readonly file: number;
  /** Its id's range, 0-based as LSP counts: [line, character, end line, end character]. */
  readonly at: readonly [number, number, number, number];
  readonly state: string;
  readonly priority?: string;
  readonly status?: string;
  /** A need's departments, when it names any. */
  readonly departments?: readonly string[];
  /** A clause's response type and weighting. */
  readonly response?: string;
  readonly weighting?: number;
}
/** A row: the indexes of its need, requirement and clause in `items` (-1 for none). */
export type TableRow = readonly [need: number, requirement: number, clause: number];
/** The matrix as the server answers it (MatrixReply): files and items each once, rows as indexes. */
export interface MatrixTable {
  readonly title: string;
  readonly files: readonly string[];
  readonly items: readonly TableItem[];
  readonly rows: readonly TableRow[];
}

/** What the reader has chosen to see; an empty or absent field shows every row. */
export interface MatrixFilter {
  readonly department?: string;
  readonly priority?: string;
  readonly status?: string;
  /** One of COVERAGE's keys. */
  readonly coverage?: string;
  /** Words that must all be in a row's ids or titles. */
  readonly text?: string;
}
export type ColumnKey = 'need' | 'departments' | 'priority' | 'requirement' | 'status' | 'coverage' | 'clause' | 'response';
export interface MatrixSort {
  readonly column: ColumnKey;
  readonly descending: boolean;
}

/**
 * The table's logic, made fresh and needing nothing from outside (see the header): its source
 * text is the page's copy.
 */
export function matrixEngine() {
  /** The department choice that stands for rows whose need names none, or that have no need (the coverage report's name for them). */
  const CROSS = 'Cross-cutting (no department named)';
  const COLUMNS: readonly { readonly key: ColumnKey; readonly label: string }[] = [
    { key: 'need', label: 'Need' },
    { key: 'departments', label: 'Departments' },
    { key: 'priority', label: 'Priority' },
    { key: 'requirement', label: 'Requirement' },
    { key: 'status', label: 'Status' },
    { key: 'coverage', label: 'Coverage' },
    { key: 'clause', label: 'ITT clause' },
    { key: 'response', label: 'Response' },
  ];
  /** The kinds of gap a row can show, in the order its words list them. */
  const COVERAGE: readonly { readonly key: string; readonly label: string }[] = [
    { key: 'need-unmet', label: 'Need not met' },
    { key: 'not-asked', label: 'Not asked of bidders' },
    { key: 'waived', label: 'Waived' },
    { key: 'need-not-traced', label: 'Need not traced end to end' },
    { key: 'no-need', label: 'Meets no need' },
    { key: 'traced', label: 'Traced end to end' },
  ];
  const PRIORITY_WORDS: Record<string, string> = { must: 'Must', should: 'Should', could: 'Could', wont: "Won't" };
  const STATUS_WORDS: Record<string, string> = { draft: 'Draft', proposed: 'Proposed', agreed: 'Agreed', withdrawn: 'Withdrawn' };
  const RESPONSE_WORDS: Record<string, string> = { scored: 'Scored', 'pass-fail': 'Pass/fail', information: 'For information' };
  const PRIORITY_ORDER = ['must', 'should', 'could', 'wont'];
  const STATUS_ORDER = ['draft', 'proposed', 'agreed', 'withdrawn'];
  const CSV_HEADER = ['Need', 'Need title', 'Departments', 'Priority', 'Requirement', 'Requirement title', 'Status', 'Coverage', 'ITT clause', 'Clause title', 'Response', 'Weighting'];
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

  const itemAt = (table: MatrixTable, at: number): TableItem | undefined => (at >= 0 ? table.items[at] : undefined);
  const word = (words: Record<string, string>, value: string | undefined): string => (value === undefined ? '' : (words[value] ?? value));

  const NO_DEPARTMENTS: readonly string[] = [];

  /** The row's priority as raw value: the requirement's, or the need's on a row with no requirement. */
  const rawPriority = (table: MatrixTable, row: TableRow): string | undefined => {
    const requirement = itemAt(table, row[1]);
    return requirement ? requirement.priority : itemAt(table, row[0])?.priority;
  };
  const rawStatus = (table: MatrixTable, row: TableRow): string | undefined => {
    const requirement = itemAt(table, row[1]);
    return requirement ? requirement.status : itemAt(table, row[0])?.status;
  };
  /** The departments its need names: none on a cross-cutting row. */
  const departmentsOf = (table: MatrixTable, row: TableRow): readonly string[] => itemAt(table, row[0])?.departments ?? NO_DEPARTMENTS;

  /** The kinds of gap (COVERAGE keys) a row shows, in COVERAGE's order. */
  function coverageKeys(table: MatrixTable, row: TableRow): string[] {
    const need = itemAt(table, row[0]);
    const requirement = itemAt(table, row[1]);
    const keys: string[] = [];
    if (need && !requirement) keys.push('need-unmet');
    if (requirement && requirement.state === 'uncovered') keys.push('not-asked');
    if (requirement && requirement.state === 'waived') keys.push('waived');
    if (need && need.state === 'covered') keys.push('need-not-traced');
    if (requirement && !need) keys.push('no-need');
    if (need && requirement && row[2] >= 0 && requirement.state === 'covered') keys.push('traced');
    return keys;
  }
  function coverageWords(table: MatrixTable, row: TableRow): string {
    const keys = coverageKeys(table, row);
    return COVERAGE.filter((c) => keys.includes(c.key))
      .map((c, i) => (i === 0 ? c.label : c.label.charAt(0).toLowerCase() + c.label.slice(1)))
      .join('; ');
  }
  function departmentsText(table: MatrixTable, row: TableRow): string {
    return departmentsOf(table, row).join(', ');
  }
  function priorityText(table: MatrixTable, row: TableRow): string {
    return word(PRIORITY_WORDS, rawPriority(table, row));
  }
  function statusText(table: MatrixTable, row: TableRow): string {
    return word(STATUS_WORDS, rawStatus(table, row));
  }
  function responseText(table: MatrixTable, row: TableRow): string {
    const clause = itemAt(table, row[2]);
    const response = word(RESPONSE_WORDS, clause?.response);
    return clause?.weighting === undefined ? response : `${response || 'Weighting'} (${clause.weighting})`;
  }

  /** The choices of each filter that some row would match, in a reader's order. */
  function choices(table: MatrixTable): { departments: string[]; priorities: { value: string; label: string }[]; statuses: { value: string; label: string }[]; coverage: { value: string; label: string }[] } {
    const departments = new Set<string>();
    const priorities = new Set<string>();
    const statuses = new Set<string>();
    const coverage = new Set<string>();
    let crossCutting = false;
    for (const row of table.rows) {
      const named = departmentsOf(table, row);
      if (named.length === 0) crossCutting = true;
      for (const department of named) departments.add(department);
      const priority = rawPriority(table, row);
      if (priority !== undefined) priorities.add(priority);
      const status = rawStatus(table, row);
      if (status !== undefined) statuses.add(status);
      for (const key of coverageKeys(table, row)) coverage.add(key);
    }
    const ranked = (order: string[]) => (a: string, b: string) => {
      const ra = order.indexOf(a) < 0 ? order.length : order.indexOf(a);
      const rb = order.indexOf(b) < 0 ? order.length : order.indexOf(b);
      return ra - rb || collator.compare(a, b);
    };
    return {
      departments: [...[...departments].sort(collator.compare), ...(crossCutting ? [CROSS] : [])],
      priorities: [...priorities].sort(ranked(PRIORITY_ORDER)).map((value) => ({ value, label: word(PRIORITY_WORDS, value) })),
      statuses: [...statuses].sort(ranked(STATUS_ORDER)).map((value) => ({ value, label: word(STATUS_WORDS, value) })),
      coverage: COVERAGE.filter((c) => coverage.has(c.key)).map((c) => ({ value: c.key, label: c.label })),
    };
  }

  /** Each row's ids and titles in lower case, for the free-text filter; worked out once a table. */
  const haystacks = new WeakMap<MatrixTable, string[]>();
  function haystackOf(table: MatrixTable, at: number): string {
    let all = haystacks.get(table);
    if (!all) haystacks.set(table, (all = new Array<string>(table.rows.length)));
    let text = all[at];
    if (text === undefined) {
      const row = table.rows[at] as TableRow;
      text = '';
      for (const index of row) {
        const item = itemAt(table, index);
        if (item) text += `${item.id}\u0000${item.title}\u0000`;
      }
      all[at] = text = text.toLowerCase();
    }
    return text;
  }

  /** The indexes of the rows that pass every part of the filter, in table order. */
  function filterRows(table: MatrixTable, filter: MatrixFilter): number[] {
    const words = (filter.text ?? '').toLowerCase().split(/\s+/).filter((w) => w !== '');
    const shown: number[] = [];
    for (let at = 0; at < table.rows.length; at++) {
      const row = table.rows[at] as TableRow;
      if (filter.department) {
        const named = departmentsOf(table, row);
        if (filter.department === CROSS ? named.length > 0 : !named.includes(filter.department)) continue;
      }
      if (filter.priority && rawPriority(table, row) !== filter.priority) continue;
      if (filter.status && rawStatus(table, row) !== filter.status) continue;
      if (filter.coverage && !coverageKeys(table, row).includes(filter.coverage)) continue;
      if (words.length > 0) {
        const haystack = haystackOf(table, at);
        if (!words.every((w) => haystack.includes(w))) continue;
      }
      shown.push(at);
    }
    return shown;
  }

  /** What a column sorts by: text compared as ids are (ITT-3.2 before ITT-3.10), or a rank; '' sorts last. */
  function sortKey(table: MatrixTable, row: TableRow, column: ColumnKey): string | number {
    const rank = (order: string[], value: string | undefined): number | string => (value === undefined ? '' : order.indexOf(value) < 0 ? order.length : order.indexOf(value));
    switch (column) {
      case 'need':
        return itemAt(table, row[0])?.id ?? '';
      case 'departments':
        return departmentsText(table, row);
      case 'priority':
        return rank(PRIORITY_ORDER, rawPriority(table, row));
      case 'requirement':
        return itemAt(table, row[1])?.id ?? '';
      case 'status':
        return rank(STATUS_ORDER, rawStatus(table, row));
      case 'coverage': {
        const first = coverageKeys(table, row)[0];
        return first === undefined ? '' : COVERAGE.findIndex((c) => c.key === first);
      }
      case 'clause':
        return itemAt(table, row[2])?.id ?? '';
      case 'response': {
        const clause = itemAt(table, row[2]);
        return clause?.response === undefined ? '' : `${clause.response} ${String(clause.weighting ?? 0).padStart(6, '0')}`;
      }
    }
  }

  /** The rows in the column's order, ties in table order; rows with nothing in the column last either way. */
  function sortRows(table: MatrixTable, rows: readonly number[], sort: MatrixSort | undefined): number[] {
    if (!sort) return [...rows];
    const keys = new Map<number, string | number>();
    for (const at of rows) keys.set(at, sortKey(table, table.rows[at] as TableRow, sort.column));
    const direction = sort.descending ? -1 : 1;
    return [...rows].sort((a, b) => {
      const ka = keys.get(a) as string | number;
      const kb = keys.get(b) as string | number;
      if (ka === '' || kb === '') return ka === kb ? a - b : ka === '' ? 1 : -1;
      const order = typeof ka === 'number' && typeof kb === 'number' ? ka - kb : collator.compare(String(ka), String(kb));
      return order * direction || a - b;
    });
  }

  /** A CSV field (RFC 4180); a cell that starts as a formula would (= + - @, a tab or return) is written after an apostrophe, so that a spreadsheet shows it as text. */
  function csvCell(value: string): string {
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  }
  function csvCells(table: MatrixTable, row: TableRow): string[] {
    const need = itemAt(table, row[0]);
    const requirement = itemAt(table, row[1]);
    const clause = itemAt(table, row[2]);
    return [
      need?.id ?? '',
      need?.title ?? '',
      departmentsText(table, row),
      priorityText(table, row),
      requirement?.id ?? '',
      requirement?.title ?? '',
      statusText(table, row),
      coverageWords(table, row),
      clause?.id ?? '',
      clause?.title ?? '',
      word(RESPONSE_WORDS, clause?.response),
      clause?.weighting === undefined ? '' : String(clause.weighting),
    ];
  }
  /** The rows as CSV: UTF-8 with a byte order mark (so Excel reads it as UTF-8), a header row, CRLF line ends. */
  function csv(table: MatrixTable, rows: readonly number[]): string {
    const lines = [CSV_HEADER.map(csvCell).join(',')];
    for (const at of rows) {
      const row = table.rows[at];
      if (row) lines.push(csvCells(table, row).map(csvCell).join(','));
    }
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }

  /** A filter as the page sent it, kept only where it is text of a sane length. */
  function cleanFilter(value: unknown): MatrixFilter {
    const given = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    const filter: Record<string, string> = {};
    for (const field of ['department', 'priority', 'status', 'coverage', 'text']) {
      const v = given[field];
      if (typeof v === 'string' && v !== '' && v.length <= 500) filter[field] = v;
    }
    return filter;
  }
  function cleanSort(value: unknown): MatrixSort | undefined {
    const given = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    const column = COLUMNS.find((c) => c.key === given.column);
    return column ? { column: column.key, descending: given.descending === true } : undefined;
  }

  return {
    COLUMNS,
    COVERAGE,
    CROSS,
    coverageKeys,
    coverageWords,
    departmentsText,
    priorityText,
    statusText,
    responseText,
    choices,
    filterRows,
    sortRows,
    csvCell,
    csv,
    cleanFilter,
    cleanSort,
  };
}

export type MatrixEngine = ReturnType<typeof matrixEngine>;
