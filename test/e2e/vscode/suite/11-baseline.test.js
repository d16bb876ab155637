// Compare with Baseline as VS Code runs it: the workspace (a copy with no repository) is made a git
// repository with one commit, a need is reworded in the editor (unsaved), and the command, given
// HEAD so that no quick pick opens, shows the diff beside the editor: the need with its words struck
// and emboldened, the requirement to re-read; a click on an id (openPlace runs what the webview's
// message runs) opens the item with its id selected. An unknown revision is one error line and no
// panel. After: the edit reverted, the panel closed, .git removed, and every file's findings as before.
const assert = require('assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { fileUri, fmtRange, positionOf, rel, replaceText, waitForDiagnostics } = require('./helpers');
const { current } = require('./expected');

const NEEDS = 'needs/payroll.needs.yaml';
/** git with no user or system config, as the project's test repositories are made. */
const GIT_ENV = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_'))),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.org',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.org',
};

/** Resolves at the panel's next view-state change (it is shown, moved or focused). */
function viewStateOf(panel, timeout = 10000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the panel's column was not known after ${timeout} ms`)), timeout);
    const subscription = panel.onDidChangeViewState(() => {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
  });
}

describe('compare with baseline', () => {
  const root = () => vscode.workspace.workspaceFolders[0].uri.fsPath;
  const git = (...args) => execFileSync('git', args, { cwd: root(), env: GIT_ENV, encoding: 'utf8' }).trim();
  let findingsBefore;
  let panel;

  before(() => {
    findingsBefore = JSON.stringify(current());
    assert.ok(!fs.existsSync(path.join(root(), '.git')), 'the workspace is already a git repository');
    git('init', '--quiet', '--initial-branch=main');
    git('add', '-A');
    git('commit', '--quiet', '-m', 'Baseline for the extension-host suite');
  });

  after(async () => {
    panel?.dispose();
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === fileUri(NEEDS).toString());
    if (document && document.isDirty) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    fs.rmSync(path.join(root(), '.git'), { recursive: true, force: true });
    await waitForDiagnostics(() => JSON.stringify(current()) === findingsBefore, {
      what: 'the findings as they were before the comparison',
      describe: () => JSON.stringify(current()),
    });
  });

  it('shows the reworded need beside the editor with its word diff and what to re-read, and an id opens its item', async () => {
    const at = await positionOf(fileUri(NEEDS), 'calculate shift premiums');
    await replaceText(NEEDS, at.line, at.character, 'calculate', 'work out');

    const result = await vscode.commands.executeCommand('reqtrace.compareWithBaseline', 'HEAD');
    assert.ok(result && result.reply && !('problem' in result.reply), JSON.stringify(result && result.reply));
    const { reply } = result;
    panel = result.panel;
    const commit = git('rev-parse', 'HEAD');
    assert.strictEqual(reply.title, `HEAD (${commit.slice(0, 12)}) → the working tree`);

    // The model: only the need changed, the one field, word by word.
    const { changed, added, removed, renamed } = reply.diff.items;
    assert.deepStrictEqual([added.length, removed.length, renamed.length], [0, 0, 0]);
    assert.deepStrictEqual(
      changed.map((item) => ({ id: item.id, file: item.file, line: item.line, fields: item.fields.map((f) => [f.field, f.words]) })),
      [
        {
          id: 'UN-PAY-002',
          file: NEEDS,
          line: 14,
          fields: [
            [
              'need',
              [
                { kind: 'same', text: 'I need to' },
                { kind: 'removed', text: 'calculate' },
                { kind: 'added', text: 'work out' },
                { kind: 'same', text: 'shift premiums and overtime from approved time records' },
              ],
            ],
          ],
        },
      ],
    );
    const impact = reply.diff.impact.find((entry) => entry.id === 'UN-PAY-002');
    assert.ok(impact && impact.downstream.length > 0, JSON.stringify(reply.diff.impact));

    // The panel beside the editor, with the words struck through and in bold (not colour alone).
    assert.ok(panel, 'no panel');
    assert.strictEqual(panel.title, 'Requirements diff: HEAD');
    // Beside is resolved to a column by the workbench, which tells the panel in a view-state event.
    if (panel.viewColumn === undefined) await viewStateOf(panel);
    assert.strictEqual(panel.viewColumn, vscode.ViewColumn.Two);
    const html = panel.webview.html;
    assert.ok(html.includes('<span class="field">need</span>: I need to <del>calculate</del> <ins>work out</ins> shift premiums and overtime from approved time records'), html);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'nonce-[A-Za-z0-9+/=]+'">/);
    for (const downstream of impact.downstream) assert.ok(html.includes(`>${downstream.id}</a>`), `${downstream.id} is not linked`);

    // Clicking the need's id: its file opens in the first column with the id selected.
    const place = reply.places.findIndex((p) => p.id === 'UN-PAY-002');
    assert.ok(html.includes(`<a class="id" href="#" data-place="${place}">UN-PAY-002</a>`), 'the need is not linked to its place');
    const editor = await result.openPlace(place);
    assert.ok(editor, 'no editor opened');
    const idAt = await positionOf(fileUri(NEEDS), 'UN-PAY-002');
    assert.strictEqual(rel(editor.document.uri), NEEDS);
    assert.strictEqual(editor.viewColumn, vscode.ViewColumn.One);
    assert.strictEqual(fmtRange(editor.selection), fmtRange(new vscode.Range(idAt, idAt.translate(0, 'UN-PAY-002'.length))));
  });

  it('says in one line that a revision is unknown, and shows no panel', async () => {
    const result = await vscode.commands.executeCommand('reqtrace.compareWithBaseline', 'no-such-baseline');
    assert.deepStrictEqual(result, { reply: { problem: "Unknown revision 'no-such-baseline': no commit, branch or tag of that name in this repository." } });
  });
});
