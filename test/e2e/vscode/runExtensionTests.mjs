// Runs the extension-host suite (suite/index.js, the extensionTestsPath contract of
// @vscode/test-electron) inside code-server's real extension host, with the extension loaded from
// the repository (extensionDevelopmentPath) and a copy of samples/broken as the workspace, or with
// `synergy`, a copy of samples/synergy and the tests in suite/synergy/, or with `multiroot`, both in one
// workspace of two folders and the tests in suite/multiroot/. Exits with the suite's result.
//
//   npm run build && node test/e2e/vscode/runExtensionTests.mjs [broken|synergy|multiroot]
//
// Env: NODE24_BIN, CODE_SERVER (else taken from test/e2e/install.sh), TEST_TIMEOUT_MS (default
// 180000), DEBUG=1 (all workbench console output), KEEP=1 (keep the run folder).

import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { HERE, REPO, copySample, launchBrowser, log, remoteUri, startCodeServer, workbenchUrl } from './codeServer.mjs';

const started = Date.now();
const sample = process.argv[2] ?? 'broken';
if (!['broken', 'synergy', 'multiroot'].includes(sample)) {
  console.error(`runExtensionTests.mjs runs on broken, synergy or multiroot, not ${sample}.`);
  process.exit(2);
}
const testsPath = path.join(HERE, 'suite', 'index.js');
if (!fs.existsSync(path.join(REPO, 'dist', 'extension.js')) || !fs.existsSync(path.join(REPO, 'dist', 'server.js'))) {
  console.error('dist/extension.js or dist/server.js is missing: run `npm run build` first.');
  process.exit(2);
}

// The workbench and an offline code-server log plenty that says nothing about our tests.
const NOISE = /workbench\.js:|open-vsx|marketplace|Creating a socket|connection token|AgentHost|AccountPolicy|grace-time|Service Worker|builtin extensions cache|\[Extension Host\] (?:Started|Loading)|No search provider/i;

const run = await startCodeServer({ smokeTestDriver: true, label: 'reqtrace-exttests' });
let code = 1;
try {
  const workspace = sample === 'multiroot' ? multiRoot(run) : copySample(run, sample);
  const browser = await launchBrowser(run);
  const page = await browser.newPage();
  if (process.env.DEBUG) page.on('console', (m) => console.log('[browser]', m.type(), m.text().slice(0, 500)));

  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  // The smoke-test driver forwards the extension host's console here, and its exit code.
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    const message = util.format(...args);
    if (process.env.DEBUG || !NOISE.test(message)) console.log(message);
  });
  await page.exposeFunction('codeAutomationExit', (exitCode) => finish(exitCode));

  const payload = [
    ['extensionDevelopmentPath', remoteUri(run, REPO)],
    ['extensionTestsPath', remoteUri(run, testsPath)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  await page.goto(workbenchUrl(run, workspace, payload, { workspaceFile: sample === 'multiroot' }));
  log('workbench requested; the suite runs in the extension host');
  page.locator('.monaco-workbench').waitFor({ timeout: 60000 }).then(() => log('workbench rendered'), () => {});

  const timeoutMs = Number(process.env.TEST_TIMEOUT_MS || 180000);
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the suite did not finish within ${timeoutMs} ms`)), timeoutMs);
  });
  code = await Promise.race([finished, timeout]);
  clearTimeout(timer);
  log(`extension host finished with exit code ${code}`);
} catch (error) {
  console.error(`ERROR: ${error.message}`);
  code = 1;
} finally {
  await run.stop({ failed: code !== 0 });
  log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
process.exit(code);

/** A workspace of two folders, copies of samples/synergy and test/e2e/fixtures/broken, as a .code-workspace file. */
function multiRoot(run) {
  const folders = ['synergy', 'broken'].map((name) => copySample(run, name));
  const file = path.join(run.dir, 'ws', 'both.code-workspace');
  fs.writeFileSync(file, JSON.stringify({ folders: folders.map((folder) => ({ path: folder })) }, null, 2));
  return file;
}
