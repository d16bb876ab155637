// Requirements: Export ReqIF… and Import… run the same exporter and importer as the command line.
// The commands take their answers as arguments here instead of the file pickers. The ReqIF file
// written is validated against the ReqIF 1.0 schema with xmllint, and imported back: the server
// then reads the imported files like any other (their ids clash with the originals, so it reports
// duplicate ids on them — proof that it indexed them).
const assert = require('assert');
const { execFileSync } = require('child_process');
const path = require('path');
const vscode = require('vscode');
const { fileUri, findings, waitForDiagnostics } = require('./helpers');

const SCHEMA = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'reqif', 'schema', 'reqif.xsd');
const CLI = path.resolve(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');

describe('export and import', () => {
  let exported;

  it('Export ReqIF… writes ReqIF 1.0 that validates, with one SPEC-OBJECT per item', async () => {
    const target = fileUri('exports/broken.reqif');
    exported = await vscode.commands.executeCommand('reqtrace.exportReqif', target);
    assert.ok(exported, 'the command wrote nothing');
    assert.strictEqual(exported.toString(), target.toString());
    const xml = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>/);
    // samples/broken: 20 items (check's summary line), each a SPEC-OBJECT.
    assert.strictEqual((xml.match(/<SPEC-OBJECT\b[^-]/g) ?? []).length, 20);
    for (const id of ['UN-PAY-001', 'REQ-PAY-005', 'ITT-3.3']) assert.ok(xml.includes(`"${id}"`), `${id} is not in the export`);
    // xmllint exits non-zero, and execFileSync throws with its message, when the file does not validate.
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', SCHEMA, target.fsPath], { stdio: 'pipe' });
  });

  it('Export Bidder Workbook… writes the workbook the command line writes, sheet for sheet', async () => {
    const ExcelJS = require('exceljs');
    const target = fileUri('exports/broken.xlsx');
    const written = await vscode.commands.executeCommand('reqtrace.exportWorkbook', target);
    assert.ok(written, 'the command wrote nothing');
    const fromEditor = new ExcelJS.Workbook();
    await fromEditor.xlsx.load(Buffer.from(await vscode.workspace.fs.readFile(target)));
    const cliFile = fileUri('exports/broken-cli.xlsx').fsPath;
    execFileSync(process.execPath, [CLI, 'export', 'matrix', path.dirname(path.dirname(cliFile)), '--out', cliFile], { stdio: 'pipe' });
    const fromCli = new ExcelJS.Workbook();
    await fromCli.xlsx.readFile(cliFile);
    const names = (book) => book.worksheets.map((sheet) => `${sheet.name}:${sheet.state}`);
    assert.deepStrictEqual(names(fromEditor), names(fromCli));
    assert.ok(names(fromEditor).includes('reqtrace-answers:veryHidden'), names(fromEditor).join(', '));
    assert.ok(fromEditor.worksheets.length >= 4, names(fromEditor).join(', '));
    // Every sheet but the instructions (which name the commit only the command line asks git for) holds the same cells.
    const cells = (sheet) => {
      const out = [];
      sheet.eachRow((row, r) => row.eachCell((cell, c) => out.push(`${r}:${c}=${JSON.stringify(cell.value)}`)));
      return out;
    };
    for (const sheet of fromCli.worksheets.slice(1)) assert.deepStrictEqual(cells(fromEditor.getWorksheet(sheet.name)), cells(sheet), sheet.name);
    assert.ok(cells(fromEditor.worksheets[1]).some((cell) => cell.includes('"ITT-')), 'no clause on the first section sheet');
  });

  it('Import… reads that file back into requirement files the server then checks', async () => {
    const out = fileUri('imported');
    const reply = await vscode.commands.executeCommand('reqtrace.import', { importer: 'reqif', source: exported, out });
    assert.ok(reply && reply.done, `not imported: ${JSON.stringify(reply)}`);
    assert.match(reply.lines[0], /^Imported \d+ needs?, \d+ requirements? and \d+ clauses? from broken\.reqif/);
    assert.ok(reply.written.length >= 3, reply.written.join(', '));
    const written = reply.written.map((uri) => vscode.Uri.parse(uri));
    const withNeeds = written.find((uri) => uri.path.endsWith('.needs.yaml'));
    assert.ok(withNeeds, `no needs file among ${written.map(String)}`);
    const document = await vscode.workspace.openTextDocument(withNeeds);
    assert.strictEqual(document.languageId, 'reqtrace-yaml');
    await waitForDiagnostics(() => findings(withNeeds).some((f) => f.code === 'duplicate-id'), {
      what: `duplicate-id findings on ${withNeeds.path}`,
      describe: () => JSON.stringify(findings(withNeeds)),
    });
  });

  it('Import… never writes over a file unless told to', async () => {
    const request = { importer: 'reqif', source: exported, out: fileUri('imported') };
    const refused = await vscode.commands.executeCommand('reqtrace.import', request);
    assert.strictEqual(refused.done, false);
    assert.strictEqual(refused.existing, true);
    assert.match(refused.message, /already exists?/);
    const forced = await vscode.commands.executeCommand('reqtrace.import', { ...request, force: true });
    assert.strictEqual(forced.done, true);
  });

  it('Import… refuses an unsafe file in one line, writing nothing', async () => {
    const hostile = fileUri('exports/hostile.reqif');
    await vscode.workspace.fs.writeFile(hostile, Buffer.from('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<REQ-IF>&x;</REQ-IF>\n'));
    const reply = await vscode.commands.executeCommand('reqtrace.import', { importer: 'reqif', source: hostile, out: fileUri('hostile') });
    assert.strictEqual(reply.done, false);
    assert.strictEqual(reply.existing, false);
    assert.ok(!reply.message.includes('\n'), reply.message);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(fileUri('hostile'))));
  });
});
