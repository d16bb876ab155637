// Unsaved edits made through the API (WorkspaceEdit, as any extension or refactoring would) are
// re-checked at once, across files, and the quick fixes repair them. Every test leaves the
// workspace's findings as they were; the last one reverts every edited file.
const assert = require('assert');
const vscode = require('vscode');
const { fileUri, findings, replaceText, waitForDiagnostics } = require('./helpers');
const { EXPECTED, current } = require('./expected');

const REQS = 'requirements/payroll.reqs.yaml';
const ITT = 'itt/section-3.itt.yaml';

/** Waits until a file has a finding with this code and range, and returns it. */
function waitForFinding(file, code, range) {
  return waitForDiagnostics(() => findings(fileUri(file)).find((f) => f.code === code && f.range === range), {
    what: `${code} at ${file} ${range}`,
    describe: () => JSON.stringify(findings(fileUri(file))),
  });
}

/** Waits until every file shows exactly its original findings again. */
function waitForOriginal(expected = EXPECTED) {
  return waitForDiagnostics(() => JSON.stringify(current()) === JSON.stringify(expected), {
    what: 'the original findings',
    describe: () => `found: ${JSON.stringify(current())}`,
  });
}

/** Reverts every file edited and not saved (the edits here are never saved). */
async function revertAll() {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
}

describe('editing', () => {
  before(() => waitForOriginal());

  // A failed test may leave its edit behind: undo it so that the next test starts clean.
  afterEach(async function () {
    if (this.currentTest.state === 'failed') {
      await revertAll();
      await waitForOriginal();
    }
  });

  it('changing an id turns the link to it red in another file at once; changing it back clears it', async () => {
    await replaceText(REQS, 4, 8, 'REQ-PAY-001', 'REQ-PAY-101');
    const broken = await waitForFinding(ITT, 'broken-link', '9:13-9:24');
    assert.match(broken.message, /^REQ-PAY-001 does not exist: no requirement has this id\./);
    await replaceText(REQS, 4, 8, 'REQ-PAY-101', 'REQ-PAY-001');
    await waitForOriginal();
  });

  it('a typo in a link is red with a suggestion, and the quick fix turns it back', async () => {
    await replaceText(ITT, 36, 13, 'REQ-PAY-004', 'REQ-PAY-0004');
    const broken = await waitForFinding(ITT, 'broken-link', '36:13-36:25');
    assert.strictEqual(broken.message, 'REQ-PAY-0004 does not exist: no requirement has this id. Did you mean REQ-PAY-004?');
    // REQ-PAY-004 was the only requirement ITT-3.4 asked for: meanwhile the clause covers nothing.
    await waitForFinding(ITT, 'empty-clause', '32:8-32:15');

    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', fileUri(ITT), new vscode.Range(36, 13, 36, 25));
    const fix = actions.find((a) => a.title === 'Change to REQ-PAY-004');
    assert.ok(fix, `no "Change to REQ-PAY-004" among ${actions.map((a) => a.title)}`);
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true);
    const document = await vscode.workspace.openTextDocument(fileUri(ITT));
    assert.strictEqual(document.lineAt(36).text, '    covers: [REQ-PAY-004]');
    await waitForOriginal();
  });

  it('a new id close to a broken link becomes its suggestion, and stops being one when it goes', async () => {
    const message = () => findings(fileUri(ITT)).find((f) => f.range === '28:26-28:37')?.message;
    assert.strictEqual(message(), 'REQ-PAY-999 does not exist: no requirement has this id.');
    await replaceText(REQS, 43, 8, 'REQ-PAY-005', 'REQ-PAY-998');
    await waitForDiagnostics(() => message()?.endsWith('Did you mean REQ-PAY-998?'), { what: 'the suggestion REQ-PAY-998', describe: message });
    await replaceText(REQS, 43, 8, 'REQ-PAY-998', 'REQ-PAY-005');
    await waitForOriginal();
  });

  it('the "Change to UN-PAY-002" quick fix repairs the broken link of the sample', async () => {
    const diagnostic = vscode.languages.getDiagnostics(fileUri(REQS)).find((d) => d.message.startsWith('UN-PAY-02 does not exist'));
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', fileUri(REQS), diagnostic.range);
    const fix = actions.find((a) => a.title === 'Change to UN-PAY-002');
    assert.ok(fix, `no "Change to UN-PAY-002" among ${actions.map((a) => a.title)}`);
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true);
    const document = await vscode.workspace.openTextDocument(fileUri(REQS));
    assert.strictEqual(document.lineAt(20).text, '    satisfies: [UN-PAY-002]');
    // Exactly the broken link goes; every other finding stays.
    await waitForOriginal({ ...EXPECTED, [REQS]: EXPECTED[REQS].filter(([code]) => code !== 'broken-link') });
  });

  it('reverting the edited files brings back every original finding', async () => {
    await revertAll();
    assert.deepStrictEqual(vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => d.uri.path), []);
    await waitForOriginal();
  });
});
