// Every finding of samples/broken, with its code, severity and exact range, published for every
// file whether it is open or not.
const assert = require('assert');
const vscode = require('vscode');
const { fileUri, findings, waitForDiagnostics } = require('./helpers');
const { EXPECTED, current: actual } = require('./expected');

describe('diagnostics', () => {
  it('shows every expected finding with its exact range, in every file, opened or not', async () => {
    // Wait until the server has published all of them, then compare (the wait only bounds the time).
    await waitForDiagnostics(() => JSON.stringify(actual()) === JSON.stringify(EXPECTED), {
      timeout: 30000,
      what: 'the findings of samples/broken',
      describe: () => `found: ${JSON.stringify(actual(), null, 1)}`,
    });
    assert.deepStrictEqual(actual(), EXPECTED);
  });

  it('says which id was meant, in words', () => {
    const broken = findings(fileUri('requirements/payroll.reqs.yaml')).find((f) => f.code === 'broken-link');
    assert.strictEqual(broken.message, 'UN-PAY-02 does not exist: no need has this id. Did you mean UN-PAY-002?');
    const priority = findings(fileUri('requirements/finance.reqs.yaml'))[0];
    assert.strictEqual(priority.message, 'priority must be one of must, should, could, wont (found "mus").');
  });

  it('links the two copies of a duplicate id to each other', () => {
    const [duplicate] = vscode.languages.getDiagnostics(fileUri('requirements/expenses.reqs.yaml')).filter((d) => d.code === 'duplicate-id' || d.code?.value === 'duplicate-id');
    assert.ok(duplicate, 'no duplicate-id diagnostic in expenses.reqs.yaml');
    const related = (duplicate.relatedInformation || []).map((r) => `${vscode.workspace.asRelativePath(r.location.uri, false)} ${r.location.range.start.line}:${r.location.range.start.character}`);
    assert.deepStrictEqual(related, ['requirements/finance.reqs.yaml 15:8']);
  });

  it('leaves other files alone', () => {
    assert.deepStrictEqual(findings(fileUri('README.md')), []);
  });
});
