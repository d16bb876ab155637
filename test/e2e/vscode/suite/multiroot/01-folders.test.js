// A workspace of two folders (runExtensionTests.mjs multiroot): samples/synergy and the broken
// fixture, each its own statement of requirements. The Gaps view, the Matrix view and the report
// show the folder of the file in the active editor, say which, and keep it while no file of another
// folder is active; each answer equals the command line's on that folder alone.
const assert = require('assert');
const path = require('path');
const vscode = require('vscode');
const { api, reportOfWorkspace, until, waitForDiagnostics } = require('../helpers');

/** The open folder named `name`. */
function folder(name) {
  const found = (vscode.workspace.workspaceFolders || []).find((f) => f.name === name);
  assert.ok(found, `no folder ${name}`);
  return found;
}

/** Opens a file of a folder in an editor of its own, making that folder the one in focus. */
async function openIn(name, relative) {
  const uri = vscode.Uri.file(path.join(folder(name).uri.fsPath, relative));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
}

describe('a workspace of two folders', () => {
  before(async () => {
    const published = (name) => vscode.languages.getDiagnostics().some(([uri, list]) => uri.fsPath.startsWith(folder(name).uri.fsPath + path.sep) && list.some((d) => d.source === 'reqtrace'));
    await waitForDiagnostics(() => published('synergy') && published('broken'), { what: 'both folders indexed' });
  });

  it('shows in the Gaps view the gaps of the folder whose file is in the editor, named, each as the command line counts them alone', async () => {
    await vscode.commands.executeCommand('reqtrace.gaps.focus');
    const gaps = api().views.gaps;
    const synergy = reportOfWorkspace(folder('synergy').uri.fsPath);
    const broken = reportOfWorkspace(folder('broken').uri.fsPath);
    assert.notStrictEqual(synergy.blocking, broken.blocking, 'the two folders must differ for this test to tell them apart');

    // The view follows the editor by itself; a refresh asked meanwhile may be overtaken by that one.
    const shownFor = async (name) => {
      await gaps.refresh();
      await until(gaps.onDidRefresh, () => gaps.description() === name, () => null, `the gaps of ${name}`);
      return gaps.reply();
    };
    await openIn('synergy', 'requirements/hr.reqs.yaml');
    let reply = await shownFor('synergy');
    assert.strictEqual(reply.blocking, synergy.blocking);
    assert.strictEqual(gaps.badge().value, synergy.blocking);
    assert.ok(reply.groups.every((group) => group.entries.every((entry) => entry.uri.startsWith(folder('synergy').uri.toString()))), 'an entry from another folder');

    await openIn('broken', 'requirements/payroll.reqs.yaml');
    reply = await shownFor('broken');
    assert.strictEqual(reply.blocking, broken.blocking);
    assert.ok(reply.groups.every((group) => group.entries.every((entry) => entry.uri.startsWith(folder('broken').uri.toString()))), 'an entry from another folder');

    // No file in an editor (all closed) leaves the view on the folder it shows.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    reply = await shownFor('broken');
    assert.strictEqual(reply.blocking, broken.blocking);
  });

  it('opens the matrix and the report of the folder in focus, and keeps each on its folder', async () => {
    await openIn('broken', 'needs/payroll.needs.yaml');
    let matrix = await api().views.matrix.show();
    assert.strictEqual(matrix.reply().title, 'broken');
    assert.strictEqual(matrix.panel.title, 'Matrix: broken');
    assert.deepStrictEqual(matrix.reply().files.filter((uri) => !uri.startsWith(`${folder('broken').uri.toString()}/`)), [], 'files of another folder in the broken matrix');
    const report = await vscode.commands.executeCommand('reqtrace.generateReport');
    assert.match(report.html(), /<title>[^<]*broken/);

    // Focus moves to the other folder, then a broken need is retitled (unsaved): the open matrix
    // and report refresh with the edit, each still of the folder it was opened on.
    await openIn('synergy', 'needs/hr.needs.yaml');
    const needs = vscode.Uri.file(path.join(folder('broken').uri.fsPath, 'needs/payroll.needs.yaml'));
    const retitle = async (from, to) => {
      const document = await vscode.workspace.openTextDocument(needs);
      const at = document.getText().indexOf(from);
      assert.ok(at > 0, from);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(needs, new vscode.Range(document.positionAt(at), document.positionAt(at + from.length)), to);
      assert.strictEqual(await vscode.workspace.applyEdit(edit), true);
    };
    await retitle('Pay everyone correctly and on time', 'Pay everyone correctly and promptly');
    try {
      await until(matrix.onDidRefresh, (reply) => reply.items.some((item) => item.title.includes('promptly')), () => matrix.reply(), 'the broken matrix with the new title');
      assert.strictEqual(matrix.reply().title, 'broken');
      await until(report.onDidRefresh, (html) => html.includes('promptly'), () => report.html(), 'the broken report with the new title');
      assert.match(report.html(), /<title>[^<]*broken/);
      assert.ok(!report.html().includes('UN-HR-005'), 'a synergy need in the broken report');
    } finally {
      await retitle('Pay everyone correctly and promptly', 'Pay everyone correctly and on time');
    }

    matrix = await api().views.matrix.show();
    assert.strictEqual(matrix.reply().title, 'synergy');
    assert.ok(matrix.reply().items.some((item) => item.id === 'UN-HR-005'));
    assert.deepStrictEqual(matrix.reply().files.filter((uri) => !uri.startsWith(`${folder('synergy').uri.toString()}/`)), [], 'files of another folder in the synergy matrix');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
