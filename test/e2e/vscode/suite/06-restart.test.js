// The server survives being killed mid-session: the client starts a new one, which gets the open
// documents and their unsaved edits again and answers requests; the user is told once, not on every
// crash. After four crashes in three minutes the client gives up and says so, and the restart
// command brings the server back. Runs last: it kills the server four times.
const assert = require('assert');
const vscode = require('vscode');
const { EXTENSION_ID, fileUri, findings, hoverText, locationKey, positionOf, replaceText, waitForDiagnostics } = require('./helpers');
const { current, EXPECTED } = require('./expected');

const REQS = 'requirements/payroll.reqs.yaml';
const NEEDS = 'needs/payroll.needs.yaml';
const ITT = 'itt/section-3.itt.yaml';

const exec = (command, ...args) => vscode.commands.executeCommand(command, ...args);

/** Waits until every file shows exactly its original findings again. */
function waitForOriginal() {
  return waitForDiagnostics(() => JSON.stringify(current()) === JSON.stringify(EXPECTED), {
    what: 'the original findings',
    describe: () => `found: ${JSON.stringify(current())}`,
  });
}

/** Reverts every file edited and not saved (the edits here are never saved). */
async function revertAll() {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(document);
    await exec('workbench.action.files.revert');
  }
}

/** Whether a process with this id exists. */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('server restarts', () => {
  let api;

  /** Kills the language server with SIGKILL (no chance to say goodbye) and returns its process id. */
  function killServer() {
    const pid = api.serverPid();
    assert.ok(pid, 'no language server process is running');
    process.kill(pid, 'SIGKILL');
    return pid;
  }

  /**
   * Kills the server, then edits a file: the edit can only show up as a finding if a new server was
   * started and was given the document again. A hover and a definition request answer too.
   */
  async function killAndRecover() {
    const killed = killServer();
    await replaceText(REQS, 4, 8, 'REQ-PAY-001', 'REQ-PAY-101');
    await waitForDiagnostics(() => findings(fileUri(ITT)).find((f) => f.code === 'broken-link' && f.range === '9:13-9:24'), {
      what: `broken-link at ${ITT} 9:13-9:24 from a restarted server`,
      describe: () => `server ${api.serverPid()} (killed ${killed}), crash counts ${JSON.stringify(api.crashCounts())}; ${ITT}: ${JSON.stringify(findings(fileUri(ITT)))}`,
    });
    const pid = api.serverPid();
    assert.ok(pid && pid !== killed && isAlive(pid), `the server now is ${pid}; the killed one was ${killed}`);
    assert.strictEqual(isAlive(killed), false, `the killed server ${killed} is still alive`);

    const hovers = await exec('vscode.executeHoverProvider', fileUri(REQS), await positionOf(fileUri(REQS), 'id: REQ-PAY-101', { offset: 8 }));
    assert.match(hoverText(hovers), /^\*\*REQ-PAY-101\*\* — Gross-to-net calculation/);
    const definitions = await exec('vscode.executeDefinitionProvider', fileUri(REQS), await positionOf(fileUri(REQS), 'UN-PAY-001', { offset: 3 }));
    assert.deepStrictEqual(definitions.map(locationKey), [`${NEEDS} 4:8-4:18`]);

    await replaceText(REQS, 4, 8, 'REQ-PAY-101', 'REQ-PAY-001');
    await waitForOriginal();
  }

  before(async () => {
    api = await vscode.extensions.getExtension(EXTENSION_ID).activate();
    assert.ok(api && typeof api.serverPid === 'function', `${EXTENSION_ID} exports no test API`);
    await waitForOriginal();
  });

  // A failed test may leave its edit behind, or no server: put both right for whatever runs next.
  afterEach(async function () {
    if (this.currentTest.state !== 'failed') return;
    await revertAll();
    await exec('reqtrace.restartServer');
  });

  after(() => revertAll());

  it('a killed server is restarted: it gets the unsaved edits again and answers; the user is told', async () => {
    await killAndRecover();
    assert.deepStrictEqual(api.crashCounts(), { restarts: 1, restartNotices: 1, stopNotices: 0 });
  });

  it('a second crash is restarted too, and only logged: the notice was shown once', async () => {
    await killAndRecover();
    assert.deepStrictEqual(api.crashCounts(), { restarts: 2, restartNotices: 1, stopNotices: 0 });
  });

  it('the fourth crash in three minutes stops the server and says so; the restart command brings it back', async function () {
    this.timeout(60000);
    await killAndRecover();
    assert.deepStrictEqual(api.crashCounts(), { restarts: 3, restartNotices: 1, stopNotices: 0 });

    killServer();
    // A client that gives up drops the server's findings everywhere, and they stay gone.
    await waitForDiagnostics(() => Object.values(current()).every((list) => list.length === 0), {
      what: 'every finding to go when the client gives up',
      describe: () => `crash counts ${JSON.stringify(api.crashCounts())}`,
    });
    assert.deepStrictEqual(api.crashCounts(), { restarts: 3, restartNotices: 1, stopNotices: 1 });
    assert.strictEqual(api.serverPid(), undefined);

    await exec('reqtrace.restartServer');
    await waitForOriginal();
    // The user's restart starts the count again: the next crash is restarted, and not shown.
    await killAndRecover();
    assert.deepStrictEqual(api.crashCounts(), { restarts: 4, restartNotices: 1, stopNotices: 1 });
  });
});
