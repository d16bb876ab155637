// The extension is found by its id, activates in a folder of requirement files, and gives those
// files the Requirements YAML language.
const assert = require('assert');
const vscode = require('vscode');
const { EXTENSION_ID, fileUri } = require('./helpers');

describe('activation', () => {
  it(`finds ${EXTENSION_ID} and activates it`, async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in this extension host`);
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['reqtrace.generateReport', 'reqtrace.saveReportAs', 'reqtrace.restartServer', 'reqtrace.showReferences', 'reqtrace.exportReqif', 'reqtrace.exportWorkbook', 'reqtrace.import']) {
      assert.ok(commands.includes(command), `command ${command} is not registered`);
    }
  });

  it('opens *.reqs.yaml files in the reqtrace-yaml language', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri('requirements/payroll.reqs.yaml'));
    assert.strictEqual(document.languageId, 'reqtrace-yaml');
  });
});
