// Requirements: Export Bidder Workbook… under `readiness: tender` does what `reqtrace export matrix`
// does: while requirements asked of bidders are not agreed it writes nothing unless the user chooses
// "Export as Draft", and a draft says so at the top of its Instructions sheet. The command takes the
// answer to its modal warning as an argument here ('draft' or 'cancel'), as it takes the target file
// instead of the save dialog; the warning it would have shown is read from the extension's API.
// The config is set to tender on disk for these tests and put back after them.
const assert = require('assert');
const { execFileSync } = require('child_process');
const path = require('path');
const vscode = require('vscode');
const { EXTENSION_ID, fileUri, findings, waitForDiagnostics } = require('./helpers');
const { current } = require('./expected');

const CLI = path.resolve(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');
const CONFIG = 'reqtrace.config.yaml';
const ITT = 'itt/section-3.itt.yaml';
const BANNER = 'DRAFT — not for issue: 6 requirements asked of bidders are not agreed.';

/** The workspace folder's path, for the command line. */
function root() {
  return vscode.workspace.workspaceFolders[0].uri.fsPath;
}

/** The cells of a sheet as "row:column=value", for comparing two workbooks. */
function cells(sheet) {
  const out = [];
  sheet.eachRow((row, r) => row.eachCell((cell, c) => out.push(`${r}:${c}=${JSON.stringify(cell.value)}`)));
  return out;
}

async function workbook(uri) {
  const ExcelJS = require('exceljs');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await vscode.workspace.fs.readFile(uri)));
  return book;
}

/** Waits until every not-agreed finding of the ITT file has this severity (error under tender, info while drafting). */
function notAgreedAre(severity) {
  const notAgreed = () => findings(fileUri(ITT)).filter((f) => f.code === 'not-agreed');
  return waitForDiagnostics(() => notAgreed().length > 0 && notAgreed().every((f) => f.severity === severity), {
    what: `not-agreed findings as ${severity}s`,
    describe: () => JSON.stringify(notAgreed()),
  });
}

/** The files whose findings differ between two current() snapshots, each with both lists. */
function differences(before, now) {
  const files = [...new Set([...Object.keys(before), ...Object.keys(now)])];
  const changed = files.filter((file) => JSON.stringify(before[file]) !== JSON.stringify(now[file]));
  return changed.map((file) => `${file}\n  before: ${JSON.stringify(before[file])}\n  now:    ${JSON.stringify(now[file])}`).join('\n');
}

describe('export under readiness: tender', () => {
  let original;
  let findingsBefore;
  const api = () => vscode.extensions.getExtension(EXTENSION_ID).exports;

  before(async () => {
    await notAgreedAre('info');
    findingsBefore = JSON.stringify(current());
    original = await vscode.workspace.fs.readFile(fileUri(CONFIG));
    await vscode.workspace.fs.writeFile(fileUri(CONFIG), Buffer.concat([Buffer.from(original), Buffer.from('readiness: tender\n')]));
    await notAgreedAre('error');
  });

  after(async () => {
    await vscode.workspace.fs.writeFile(fileUri(CONFIG), original);
    await notAgreedAre('info');
    // The findings the suite had before (the files imported earlier included) are back.
    await waitForDiagnostics(() => JSON.stringify(current()) === findingsBefore, { what: 'the findings before the config changed', describe: () => differences(JSON.parse(findingsBefore), current()) });
  });

  it('Export Bidder Workbook… warns, naming how many requirements are not agreed and the first ones; Cancel writes nothing', async () => {
    const target = fileUri('exports/tender-cancelled.xlsx');
    const seen = api().refusalWarnings().length;
    const written = await vscode.commands.executeCommand('reqtrace.exportWorkbook', target, 'cancel');
    assert.strictEqual(written, undefined);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(target)), 'a file was written');
    const warnings = api().refusalWarnings().slice(seen);
    assert.strictEqual(warnings.length, 1, JSON.stringify(warnings));
    assert.strictEqual(warnings[0].message, '6 requirements asked of bidders are not agreed yet: REQ-FIN-002, REQ-FIN-003, REQ-PAY-004, REQ-PAY-010, REQ-PAY-011 and 1 more.');
    assert.match(warnings[0].detail, /readiness: tender/);
    assert.match(warnings[0].detail, /DRAFT — not for issue/);
    // The command line refuses the same workspace in its one line.
    assert.throws(
      () => execFileSync(process.execPath, [CLI, 'export', 'matrix', root(), '--out', fileUri('exports/tender-cli.xlsx').fsPath], { stdio: 'pipe', encoding: 'utf8' }),
      (error) => error.status === 2 && /export matrix is refused under readiness: tender: 6 requirements asked of bidders are not agreed \(REQ-FIN-002, /.test(error.stderr),
    );
  });

  it('"Export as Draft" writes the workbook the command line\'s --draft writes, marked DRAFT at the top of its Instructions', async () => {
    const target = fileUri('exports/tender-draft.xlsx');
    const seen = api().refusalWarnings().length;
    const written = await vscode.commands.executeCommand('reqtrace.exportWorkbook', target, 'draft');
    assert.ok(written, 'the command wrote nothing');
    assert.strictEqual(written.toString(), target.toString());
    assert.strictEqual(api().refusalWarnings().length, seen + 1);
    const fromEditor = await workbook(target);
    const instructions = fromEditor.getWorksheet('Instructions');
    assert.strictEqual(instructions.getCell('A1').value, BANNER);
    assert.match(String(instructions.getCell('A2').value), /^Not agreed: REQ-FIN-002, REQ-FIN-003, REQ-PAY-004, REQ-PAY-010, REQ-PAY-011 and 1 more\. /);
    const cliFile = fileUri('exports/tender-draft-cli.xlsx');
    execFileSync(process.execPath, [CLI, 'export', 'matrix', root(), '--out', cliFile.fsPath, '--draft'], { stdio: 'pipe' });
    const fromCli = await workbook(cliFile);
    assert.deepStrictEqual(cells(instructions).slice(0, 2), cells(fromCli.getWorksheet('Instructions')).slice(0, 2));
    for (const sheet of fromCli.worksheets.slice(1)) assert.deepStrictEqual(cells(fromEditor.getWorksheet(sheet.name)), cells(sheet), sheet.name);
  });

  it('Export ReqIF… is not for bidders: written under tender without a warning', async () => {
    const target = fileUri('exports/tender.reqif');
    const seen = api().refusalWarnings().length;
    const written = await vscode.commands.executeCommand('reqtrace.exportReqif', target, 'cancel');
    assert.ok(written, 'the command wrote nothing');
    assert.strictEqual(api().refusalWarnings().length, seen);
  });
});
