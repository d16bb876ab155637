// extensionTestsPath entry, the contract of @vscode/test-electron: export run(), which resolves
// when every test passed and rejects otherwise. It runs INSIDE the VS Code extension host
// (code-server's or desktop VS Code's), so the tests can require('vscode').
const fs = require('fs');
const path = require('path');
// mocha 11 is CommonJS and exports the class; a future ESM-only mocha gives a namespace instead.
const mochaModule = require('mocha');
const Mocha = mochaModule.Mocha || mochaModule.default || mochaModule;

exports.run = async function run() {
  // REQTRACE_SUITE_GREP (a test-name pattern) runs some of the tests only, while writing them.
  const grep = process.env.REQTRACE_SUITE_GREP;
  const mocha = new Mocha({ ui: 'bdd', timeout: 30000, color: false, reporter: 'spec', ...(grep ? { grep } : {}) });
  // The suite for the workspace that is open: this folder's files on (a copy of) samples/broken,
  // those in synergy/ on samples/synergy (runExtensionTests.mjs synergy), those in multiroot/ on a
  // workspace of both (runExtensionTests.mjs multiroot). Files run in name order;
  // the numbers put the read-only checks before those that edit the workspace.
  const folders = require('vscode').workspace.workspaceFolders ?? [];
  const folder = folders[0];
  const dir = folders.length > 1 ? path.join(__dirname, 'multiroot') : folder && path.basename(folder.uri.path) === 'synergy' ? path.join(__dirname, 'synergy') : __dirname;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort();
  if (files.length === 0) throw new Error(`no tests in ${dir}`);
  for (const file of files) mocha.addFile(path.join(dir, file));
  await mocha.loadFilesAsync();
  const started = Date.now();
  console.log(`reqtrace suite: running in VS Code ${require('vscode').version} on ${folders.map((f) => path.basename(f.uri.path)).join(' + ') || 'no folder'}`);
  await new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, pending = 0 } = runner.stats || {};
      console.log(`${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      if (failures) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
  });
};
