// Requirements: Show Traceability Matrix opens the Matrix view: a webview of need → requirement →
// clause rows, which the page filters and sorts and the extension exports as CSV (the rows the page
// shows, by its filter). The workspace is test/e2e/fixtures/broken, with what earlier suites left in
// it (07's imported copies, 10's holiday pay files): the view is compared with the command line's
// report of the same folder, and the fixture's own rows are written out literally.
const assert = require('assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { api, fileUri, replaceText } = require('./helpers');

const CLI = path.resolve(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');

/**
 * The view's rows (the server's compact reply: files and items once, rows as indexes) read back as
 * rows of items: each item with its file's URI, its id's line, and the row with its need's departments.
 */
function expand(reply) {
  const items = reply.items.map((item) => ({ ...item, uri: reply.files[item.file], line: item.at[0] }));
  return reply.rows.map(([need, requirement, clause]) => ({
    need: items[need],
    requirement: items[requirement],
    clause: items[clause],
    departments: (items[need] && items[need].departments) || [],
  }));
}

/** A row as "need > requirement > clause", a dash for what it has none of. */
const key = (row) => [row.need ? row.need.id : '-', row.requirement ? row.requirement.id : '-', row.clause ? row.clause.id : '-'].join(' > ');

/** The fixture's own rows: need, requirement and clause each from the fixture's files (or absent). */
const FIXTURE_FILES = ['needs/payroll.needs.yaml', 'requirements/expenses.reqs.yaml', 'requirements/finance.reqs.yaml', 'requirements/payroll.reqs.yaml', 'requirements/procurement.reqs.yaml', 'itt/section-3.itt.yaml'];
const FIXTURE_ROWS = [
  'UN-PAY-001 > REQ-FIN-001 > ITT-3.1',
  'UN-PAY-001 > REQ-FIN-002 > ITT-3.1',
  'UN-PAY-001 > REQ-FIN-003 > ITT-3.1',
  'UN-PAY-001 > req-fin-004 > -',
  'UN-PAY-001 > REQ-PAY-001 > ITT-3.1',
  'UN-PAY-001 > REQ-PAY-005 > -',
  'UN-PAY-001 > REQ-PRC-001 > ITT-3.1',
  'UN-PAY-002 > REQ-FIN-002 > ITT-3.1',
  'UN-PAY-003 > - > -',
  '- > REQ-PAY-002 > ITT-3.2',
  '- > REQ-PAY-004 > ITT-3.1',
  '- > REQ-PAY-004 > ITT-3.4',
  '- > REQ-PAY-010 > ITT-3.1',
  '- > REQ-PAY-011 > ITT-3.1',
];

/** The paths of the coverage report's matrix that the command line writes for the workspace. */
function reportRows() {
  const root = vscode.workspace.workspaceFolders[0].uri.fsPath;
  const coverage = JSON.parse(execFileSync(process.execPath, [CLI, 'report', root, '--format', 'json'], { encoding: 'utf8' }));
  const rows = [];
  const paths = (need, traces) => {
    if (traces.length === 0) rows.push(`${need} > - > -`);
    for (const { requirement, clauses } of traces) {
      if (clauses.length === 0) rows.push(`${need} > ${requirement.id} > -`);
      for (const clause of clauses) rows.push(`${need} > ${requirement.id} > ${clause.id}`);
    }
  };
  for (const row of coverage.matrix) paths(row.need.id, row.requirements);
  for (const trace of coverage.requirementsWithoutNeed) paths('-', [trace]);
  return rows;
}

/** The data lines of a CSV file as arrays of cells (RFC 4180, as the export writes it), after checking its BOM and line ends. */
function readCsv(file) {
  const bytes = fs.readFileSync(file);
  assert.deepStrictEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the CSV does not start with a UTF-8 byte order mark');
  const text = bytes.subarray(3).toString('utf8');
  assert.ok(text.endsWith('\r\n'), 'the CSV does not end with CRLF');
  const rows = [];
  let cells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') cells.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') cells.push(cell), rows.push(cells), (cells = []), (cell = ''), i++;
    else cell += ch;
  }
  assert.deepStrictEqual(rows[0], ['Need', 'Need title', 'Departments', 'Priority', 'Requirement', 'Requirement title', 'Status', 'Coverage', 'ITT clause', 'Clause title', 'Response', 'Weighting']);
  return rows.slice(1);
}
const csvKey = (cells) => [cells[0] || '-', cells[4] || '-', cells[8] || '-'].join(' > ');

/** The matrix webview's tab, once it exists. */
function matrixTab(timeout = 10000) {
  const find = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('reqtrace.matrix'));
  return new Promise((resolve, reject) => {
    const found = find();
    if (found) return resolve(found);
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`no matrix webview tab after ${timeout} ms; tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label)}`));
    }, timeout);
    const subscription = vscode.window.tabGroups.onDidChangeTabs(() => {
      const tab = find();
      if (!tab) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(tab);
    });
  });
}

/** Resolves once the rows `shown` holds pass `check`, as they are now or as they are refreshed. */
function rowsShowing(shown, check, what, timeout = 15000) {
  if (check(shown.reply())) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeout);
    const subscription = shown.onDidRefresh((reply) => {
      if (!check(reply)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
  });
}

describe('traceability matrix', () => {
  let shown;
  let dir;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-matrix-'));
    shown = await vscode.commands.executeCommand('reqtrace.showMatrix');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  /** Exports as the page's button does (the page's filter and sort, or the filter given), to a file of the test's, and reads it back. */
  const exportTo = async (name, filter) => readCsv((await api().views.matrix.exportCsv(vscode.Uri.file(path.join(dir, name)), filter)).fsPath);

  it('Show Traceability Matrix opens a webview whose page draws the rows the command line reports', async () => {
    const tab = await matrixTab();
    assert.strictEqual(tab.label, 'Matrix: broken');
    const rows = expand(shown.reply());
    assert.deepStrictEqual(rows.map(key), reportRows());
    const own = rows.filter((row) => [row.need, row.requirement, row.clause].every((item) => !item || FIXTURE_FILES.some((file) => item.uri === fileUri(file).toString())));
    assert.deepStrictEqual(own.map(key), FIXTURE_ROWS);
    const unmet = own.find((row) => key(row) === 'UN-PAY-003 > - > -');
    assert.deepStrictEqual(unmet.departments, ['MOJ', 'HO', 'DWP', 'DEFRA']);
    assert.deepStrictEqual({ title: unmet.need.title, state: unmet.need.state, priority: unmet.need.priority, line: unmet.need.line }, { title: 'See my payslip on my phone', state: 'uncovered', priority: 'should', line: 23 });
    const scored = own.find((row) => key(row) === 'UN-PAY-001 > REQ-PAY-001 > ITT-3.1');
    assert.deepStrictEqual([scored.clause.response, scored.clause.weighting, scored.requirement.state], ['scored', 10, 'covered']);
    assert.strictEqual(own.find((row) => key(row) === 'UN-PAY-001 > req-fin-004 > -').requirement.state, 'waived');
    // The page got them all and drew them.
    const painted = await shown.painted();
    assert.strictEqual(painted.rows, rows.length);
    assert.ok(painted.ms > 0 && painted.ms < 5000, `painted in ${painted.ms} ms`);
    assert.deepStrictEqual(shown.pageState(), { filter: {}, shown: rows.length, total: rows.length });
  });

  it('exports every row as CSV when nothing is filtered, and the rows the page shows once it filters', async () => {
    const all = await exportTo('all.csv');
    assert.deepStrictEqual(all.map(csvKey), expand(shown.reply()).map(key));
    assert.deepStrictEqual(all.find((cells) => cells[0] === 'UN-PAY-003'), ['UN-PAY-003', 'See my payslip on my phone', 'MOJ, HO, DWP, DEFRA', 'Should', '', '', 'Proposed', 'Need not met', '', '', '', '']);
    assert.deepStrictEqual(all.find((cells) => csvKey(cells) === 'UN-PAY-001 > REQ-PAY-001 > ITT-3.1'), ['UN-PAY-001', 'Pay everyone correctly and on time', 'MOJ, DWP', 'Must', 'REQ-PAY-001', 'Gross-to-net calculation', 'Agreed', 'Traced end to end', 'ITT-3.1', 'Gross-to-net and pensions', 'Scored', '10']);

    // The reader filters by a department in the page: the export follows it.
    const state = await shown.setFilter({ department: 'HO' });
    const expected = expand(shown.reply()).filter((row) => row.departments.includes('HO')).map(key);
    assert.ok(expected.includes('UN-PAY-002 > REQ-FIN-002 > ITT-3.1') && expected.includes('UN-PAY-003 > - > -'), expected.join('\n'));
    assert.deepStrictEqual(state, { filter: { department: 'HO' }, shown: expected.length, total: all.length });
    const ho = await exportTo('ho.csv');
    assert.deepStrictEqual(ho.map(csvKey), expected);
    assert.ok(ho.every((cells) => cells[2].split(', ').includes('HO')));

    // Free text and a sort: the requirements REQ-PAY-00…, clause descending, rows without a clause last.
    await shown.setFilter({ text: 'req-pay-00' }, { column: 'clause', descending: true });
    const sorted = await exportTo('sorted.csv');
    assert.ok(sorted.length >= 5, sorted.map(csvKey).join('\n'));
    assert.ok(sorted.every((cells) => /req-pay-00/i.test(cells.join(' '))), sorted.map(csvKey).join('\n'));
    const clauses = sorted.map((cells) => cells[8]);
    const withClause = clauses.filter((c) => c !== '');
    assert.deepStrictEqual(clauses, [...withClause, ...clauses.filter((c) => c === '')], 'rows without a clause come last');
    assert.deepStrictEqual(withClause, [...withClause].sort((a, b) => b.localeCompare(a, 'en', { numeric: true })));

    // A filter given to the export wins over the page's.
    const given = await exportTo('given.csv', { coverage: 'need-unmet' });
    assert.ok(given.length > 0 && given.every((cells) => cells[4] === '' && cells[7] === 'Need not met'), given.map(csvKey).join('\n'));
    await shown.setFilter({});
  });

  it('follows an unsaved edit, keeping the page’s filter', async () => {
    await shown.setFilter({ department: 'DEFRA' });
    const before = shown.refreshes();
    await replaceText('needs/payroll.needs.yaml', 24, 11, 'See my payslip on my phone', 'See my payslip on any phone');
    try {
      await rowsShowing(shown, (reply) => reply.items.some((item) => item.title === 'See my payslip on any phone'), 'the matrix to show the new title');
      assert.ok(shown.refreshes() > before);
      await shown.painted();
      assert.deepStrictEqual(shown.pageState().filter, { department: 'DEFRA' });
    } finally {
      await replaceText('needs/payroll.needs.yaml', 24, 11, 'See my payslip on any phone', 'See my payslip on my phone');
      await rowsShowing(shown, (reply) => !reply.items.some((item) => item.title === 'See my payslip on any phone'), 'the matrix to show the title as it was');
      await (await vscode.workspace.openTextDocument(fileUri('needs/payroll.needs.yaml'))).save();
      await shown.setFilter({});
    }
  });

  it('keeps the page’s filter and sort when it is hidden and shown again (the page is loaded afresh)', async () => {
    const set = await shown.setFilter({ coverage: 'not-asked', text: 'req' }, { column: 'requirement', descending: true });
    assert.ok(set.shown > 0 && set.shown < set.total, JSON.stringify(set));
    // Another editor over the matrix hides it; the webview's page goes.
    const document = await vscode.workspace.openTextDocument(fileUri('needs/payroll.needs.yaml'));
    await vscode.window.showTextDocument(document, { viewColumn: shown.panel.viewColumn, preview: false });
    assert.strictEqual(shown.panel.visible, false, 'the matrix is still visible');
    const drawnAgain = new Promise((resolve) => {
      const subscription = shown.onDidPaint((painted) => {
        subscription.dispose();
        resolve(painted);
      });
    });
    shown.panel.reveal();
    const painted = await drawnAgain;
    assert.strictEqual(painted.rows, shown.reply().rows.length);
    assert.deepStrictEqual(shown.pageState(), set);
    await shown.setFilter({});
  });
});
