// The same extension-host suite (suite/index.js) in desktop VS Code, through @vscode/test-electron's
// runTests, for machines that can download VS Code. It cannot run on the offline CI machines of
// this project (the download fails with ENOTFOUND): use runExtensionTests.mjs there.
//
// @vscode/test-electron is deliberately not a dependency of the project. To use this runner:
//   npm install --no-save @vscode/test-electron@2     (2.5.x on Node 20; 3.x needs Node 22)
//   npm run build && node test/e2e/vscode/electron.mjs
// (or install it anywhere and point NODE_PATH at that node_modules folder).
//
// Env: VSCODE_VERSION (default "stable"), VSCODE_TEST_CACHE (where VS Code is downloaded, default
// ~/.cache/reqtrace-e2e/vscode-test), KEEP=1 (keep the temporary workspace and profile).

import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { HERE, REPO } from './codeServer.mjs';

async function loadTestElectron() {
  try {
    return await import('@vscode/test-electron');
  } catch (error) {
    if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  }
  // import() ignores NODE_PATH; require() honours it, so a copy installed elsewhere can be used.
  try {
    return createRequire(import.meta.url)('@vscode/test-electron');
  } catch (error) {
    if (error.code !== 'MODULE_NOT_FOUND') throw error;
    return undefined;
  }
}

const testElectron = await loadTestElectron();
if (!testElectron) {
  console.error(
    '@vscode/test-electron is not installed (it is not a dependency of reqtrace on purpose).\n' +
      'Install it for this run with `npm install --no-save @vscode/test-electron@2`, or set NODE_PATH to a\n' +
      'node_modules folder that has it. Offline (no VS Code download), use runExtensionTests.mjs instead.',
  );
  process.exit(2);
}
if (!fs.existsSync(path.join(REPO, 'dist', 'extension.js'))) {
  console.error('dist/extension.js is missing: run `npm run build` first.');
  process.exit(2);
}

// A throwaway copy of samples/broken (the suite edits it) and a fresh profile.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-electron-'));
const workspace = path.join(dir, 'broken');
fs.cpSync(path.join(REPO, 'test', 'e2e', 'fixtures', 'broken'), workspace, { recursive: true });

let code = 1;
try {
  await testElectron.runTests({
    version: process.env.VSCODE_VERSION || 'stable',
    cachePath: process.env.VSCODE_TEST_CACHE || path.join(os.homedir(), '.cache', 'reqtrace-e2e', 'vscode-test'),
    extensionDevelopmentPath: REPO,
    extensionTestsPath: path.join(HERE, 'suite', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', path.join(dir, 'user-data')],
  });
  code = 0;
} catch (error) {
  const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|getaddrinfo/.test(String(error && (error.stack || error.message || error)));
  console.error(`runTests failed: ${error && error.message ? error.message : error}`);
  if (offline) console.error('VS Code could not be downloaded (no network to update.code.visualstudio.com). On this machine use runExtensionTests.mjs, which runs the same suite in code-server.');
} finally {
  if (!process.env.KEEP) fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
