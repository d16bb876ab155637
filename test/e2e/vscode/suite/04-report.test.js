// Requirements: Generate Coverage Report shows the report in a webview beside the editor and keeps
// it up to date as the workspace changes; it writes nothing into the workspace unless
// reqtrace.report.outputFolder is set. Requirements: Save Report As… writes HTML, Markdown or the
// bidder workbook where it is told.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { fileUri, replaceText } = require('./helpers');

/** The tab of the report webview, once it exists (tabs change events, no sleeping). */
function reportTab(timeout = 10000) {
  const find = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('reqtrace.report'));
  return new Promise((resolve, reject) => {
    const found = find();
    if (found) return resolve(found);
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`no report webview tab after ${timeout} ms; tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label)}`));
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

/** Resolves once the report `shown` passes `check`, as it is now or as it is refreshed; rejects after `timeout`. */
function reportShowing(shown, check, what, timeout = 15000) {
  if (check(shown.html())) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeout);
    const subscription = shown.onDidRefresh((html) => {
      if (!check(html)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
  });
}

const read = async (uri) => Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
const exists = async (uri) => vscode.workspace.fs.stat(uri).then(() => true, () => false);

describe('coverage report', () => {
  let shown;
  before(async () => {
    shown = await vscode.commands.executeCommand('reqtrace.generateReport');
  });

  it('shows the report in a webview tab, with its one script, and writes nothing into the workspace', async () => {
    const tab = await reportTab();
    assert.strictEqual(tab.label, 'Coverage: broken');
    const html = shown.html();
    for (const id of ['UN-PAY-001', 'UN-PAY-003', 'REQ-PAY-005', 'ITT-3.3']) assert.ok(html.includes(id), `${id} is not in the report`);
    assert.match(html, /<script nonce="[^"]+">/);
    assert.deepStrictEqual(shown.written, []);
    assert.strictEqual(await exists(fileUri('coverage-report')), false, 'coverage-report/ was written into the workspace');
  });

  it('follows an unsaved edit: the open report is refreshed with it, and again when it is undone', async () => {
    const before = shown.refreshes();
    await replaceText('needs/payroll.needs.yaml', 24, 11, 'See my payslip on my phone', 'See my payslip on any phone');
    await reportShowing(shown, (html) => html.includes('See my payslip on any phone'), 'the report to show the new title');
    assert.ok(shown.refreshes() > before, `refreshed ${shown.refreshes()} times, ${before} before`);
    await replaceText('needs/payroll.needs.yaml', 24, 11, 'See my payslip on any phone', 'See my payslip on my phone');
    await reportShowing(shown, (html) => html.includes('See my payslip on my phone') && !html.includes('any phone'), 'the report to show the title as it was');
    const document = await vscode.workspace.openTextDocument(fileUri('needs/payroll.needs.yaml'));
    await document.save();
  });

  it('with reqtrace.report.outputFolder set, also writes coverage.html (no scripts) and coverage.md there', async () => {
    const config = vscode.workspace.getConfiguration('reqtrace', fileUri(''));
    await config.update('report.outputFolder', 'out/coverage', vscode.ConfigurationTarget.WorkspaceFolder);
    try {
      const again = await vscode.commands.executeCommand('reqtrace.generateReport');
      assert.deepStrictEqual(again.written.map((uri) => path.basename(uri.fsPath)), ['coverage.html', 'coverage.md']);
      const html = await read(fileUri('out/coverage/coverage.html'));
      assert.match(html, /^<!DOCTYPE html>/);
      for (const id of ['UN-PAY-001', 'UN-PAY-003', 'REQ-PAY-005', 'ITT-3.3']) assert.ok(html.includes(id), `${id} is not in the report`);
      assert.ok(!/<script/i.test(html), 'coverage.html has a script');
      const md = await read(fileUri('out/coverage/coverage.md'));
      assert.ok(md.includes('| Needs traced end to end (need → requirement → ITT clause) | 2 (66.7%) |'), md.slice(0, 2000));
      // The same panel, shown again.
      assert.strictEqual(again.panel, shown.panel);
    } finally {
      await config.update('report.outputFolder', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      await vscode.workspace.fs.delete(fileUri('out'), { recursive: true });
    }
  });

  it('Save Report As writes HTML, Markdown or the bidder workbook, by the name it is given', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-save-'));
    try {
      const html = await vscode.commands.executeCommand('reqtrace.saveReportAs', vscode.Uri.file(path.join(dir, 'board.html')));
      const page = fs.readFileSync(html.fsPath, 'utf8');
      assert.match(page, /^<!DOCTYPE html>/);
      assert.ok(page.includes('UN-PAY-003') && !/<script/i.test(page));
      const md = await vscode.commands.executeCommand('reqtrace.saveReportAs', vscode.Uri.file(path.join(dir, 'board.md')));
      const text = fs.readFileSync(md.fsPath, 'utf8');
      assert.ok(text.includes('| Needs traced end to end (need → requirement → ITT clause) | 2 (66.7%) |'), text.slice(0, 2000));
      // A name ending .xlsx is the bidder workbook (Export Bidder Workbook…), read back by exceljs.
      const xlsx = await vscode.commands.executeCommand('reqtrace.saveReportAs', vscode.Uri.file(path.join(dir, 'board.xlsx')));
      const ExcelJS = require('exceljs');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(fs.readFileSync(xlsx.fsPath));
      assert.ok(book.getWorksheet('Instructions'), `sheets: ${book.worksheets.map((sheet) => sheet.name)}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
