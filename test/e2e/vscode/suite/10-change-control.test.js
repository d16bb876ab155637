// Change control as VS Code applies it: a link stamped with the fingerprint its need had when the link
// was reviewed is a suspect-link warning once the need is reworded, and the quick fix "Mark the link
// to UN-HOL-001 reviewed" rewrites only the stamp, with the fingerprint `reqtrace review` writes, and
// the warning goes. The files are samples/broken's holiday pay files (its deliberate suspect link:
// REQ-HOL-001 satisfies UN-HOL-001, stamped before the need gained "commission"), copied into the
// workspace for this test, where they stay (as the files 07 imports do: an open document outlives
// its file in the server, so deleting them would not take their items away); the edit is never
// saved, and reverting it brings the warning back.
const assert = require('assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { fileUri, findings, fmtRange, waitForDiagnostics } = require('./helpers');
const { current } = require('./expected');

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const SAMPLE = path.join(REPO, 'samples', 'broken');
/** Each sample file and where the workspace gets its copy. */
const COPIES = {
  'needs/change-control.needs.yaml': 'change-control/holiday.needs.yaml',
  'requirements/change-control.reqs.yaml': 'change-control/holiday.reqs.yaml',
  'itt/change-control.itt.yaml': 'change-control/holiday.itt.yaml',
};
const REQS = 'change-control/holiday.reqs.yaml';
/** The suspect link as written: UN-HOL-001 with its fingerprint before the need was reworded. */
const SUSPECT = 'UN-HOL-001@a189a10a8e';

const codeOf = (diagnostic) => (typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code);

/** The stamp `reqtrace review --links-to UN-HOL-001` would write for that link: UN-HOL-001's fingerprint now. */
function stampReviewWrites() {
  const root = vscode.workspace.workspaceFolders[0].uri.fsPath;
  const out = execFileSync(process.execPath, [CLI, 'review', '--links-to', 'UN-HOL-001', '--dry-run', '--root', root], { encoding: 'utf8' });
  const stamps = [...out.matchAll(/: REQ-HOL-001 satisfies UN-HOL-001: stamped ([0-9a-f]{10}) \(was a189a10a8e\)$/gm)].map((match) => match[1]);
  assert.strictEqual(stamps.length, 1, out);
  return stamps[0];
}

describe('change control', () => {
  const uri = () => fileUri(REQS);
  const describeFindings = () => JSON.stringify(findings(uri()));
  let findingsBefore;
  let copiedFindings;

  before(async () => {
    findingsBefore = JSON.stringify(current());
    for (const [from, to] of Object.entries(COPIES)) await vscode.workspace.fs.writeFile(fileUri(to), fs.readFileSync(path.join(SAMPLE, from)));
    await waitForDiagnostics(() => findings(uri()).some((f) => f.code === 'suspect-link'), { what: `the suspect link in ${REQS}`, describe: describeFindings });
    copiedFindings = describeFindings();
  });

  after(async () => {
    // Revert the edit: the copy's findings are back as they were, suspect link included, and the
    // other files' findings are those they had before the copies came (the copies touch no other file).
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri().toString());
    if (document && document.isDirty) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await waitForDiagnostics(() => describeFindings() === copiedFindings && JSON.stringify(current()) === findingsBefore, {
      what: 'the findings as they were before the fix',
      describe: () => `${describeFindings()}\n${JSON.stringify(current())}`,
    });
  });

  it('"Mark the link to UN-HOL-001 reviewed" on the suspect link replaces only its stamp, with the one reqtrace review writes, and the warning goes', async () => {
    const document = await vscode.workspace.openTextDocument(uri());
    await vscode.window.showTextDocument(document);
    const original = document.getText();
    const at = original.indexOf(SUSPECT);
    assert.ok(at > 0 && original.indexOf(SUSPECT, at + 1) < 0, `${SUSPECT} is not in ${REQS} exactly once`);
    const range = new vscode.Range(document.positionAt(at), document.positionAt(at + SUSPECT.length));
    const stamp = stampReviewWrites();

    const diagnostic = vscode.languages.getDiagnostics(uri()).find((d) => codeOf(d) === 'suspect-link');
    assert.ok(diagnostic, describeFindings());
    assert.strictEqual(fmtRange(diagnostic.range), fmtRange(range));
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(diagnostic.message, `UN-HOL-001 has changed since this link was reviewed: re-read REQ-HOL-001 against the need as it is now, then mark the link reviewed (stamp a189a10a8e, now ${stamp}).`);

    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri(), diagnostic.range);
    const fix = actions.find((a) => a.title === 'Mark the link to UN-HOL-001 reviewed');
    assert.ok(fix && fix.edit, `no "Mark the link to UN-HOL-001 reviewed" among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true, 'applyEdit refused the edit');

    // The whole text: the original with the stamp replaced, nothing else.
    assert.strictEqual(document.getText(), `${original.slice(0, at)}UN-HOL-001@${stamp}${original.slice(at + SUSPECT.length)}`);
    // The warning goes, and the file is still checked: its other deliberate findings stay.
    await waitForDiagnostics(
      () => {
        const codes = findings(uri()).map((f) => f.code);
        return !codes.includes('suspect-link') && codes.includes('unreviewed-change') && codes.includes('schema');
      },
      { what: 'the suspect-link warning gone, the other findings kept', describe: describeFindings },
    );
  });
});
