// Requirements: Generate Coverage Report writes coverage.html and coverage.md into the report
// folder of the workspace and shows the report in a webview beside the editor.
const assert = require('assert');
const vscode = require('vscode');
const { fileUri } = require('./helpers');

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

const read = async (uri) => Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');

describe('coverage report', () => {
  before(async () => {
    await vscode.commands.executeCommand('reqtrace.generateReport');
  });

  it('writes coverage-report/coverage.html', async () => {
    const html = await read(fileUri('coverage-report/coverage.html'));
    assert.match(html, /^<!DOCTYPE html>/);
    for (const id of ['UN-PAY-001', 'UN-PAY-003', 'REQ-PAY-005', 'ITT-3.3']) assert.ok(html.includes(id), `${id} is not in the report`);
    // Self-contained: no scripts in the file written to disk.
    assert.ok(!/<script/i.test(html), 'coverage.html has a script');
  });

  it('writes coverage-report/coverage.md with the figures of the workspace', async () => {
    const md = await read(fileUri('coverage-report/coverage.md'));
    assert.ok(md.includes('| Needs traced end to end (need → requirement → ITT clause) | 2 (66.7%) |'), md.slice(0, 2000));
  });

  it('shows the report in a webview tab', async () => {
    const tab = await reportTab();
    assert.strictEqual(tab.label, 'Coverage: broken');
  });
});
