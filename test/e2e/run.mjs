// npm run test:e2e: installs what the end-to-end tests need (cached), packages the .vsix, then runs
// the suites — the extension-host suite in code-server, the UI tests against the installed
// .vsix (the report and status bar, the Trace Explorer and Gaps views, the Matrix view), and Neovim as a second LSP client — and exits non-zero if any of them fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const started = Date.now();
const say = (message) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);

say('installing (or reusing) Chromium, Neovim, Node 24 and code-server');
const env = { ...process.env };
for (const line of execFileSync('bash', [join(here, 'install.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).split('\n')) {
  const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
  if (match) env[match[1]] = match[2];
}

say('packaging reqtrace.vsix');
execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'inherit' });

const suites = [
  ['extension host (code-server)', ['test/e2e/vscode/runExtensionTests.mjs']],
  ['extension host on samples/synergy (code-server)', ['test/e2e/vscode/runExtensionTests.mjs', 'synergy']],
  ['extension host on a workspace of two folders (code-server)', ['test/e2e/vscode/runExtensionTests.mjs', 'multiroot']],
  ['UI (code-server + Chromium, installed .vsix)', ['test/e2e/vscode/ui.mjs']],
  ['Requirements views UI (code-server + Chromium, installed .vsix)', ['test/e2e/vscode/uiViews.mjs']],
  ['Matrix view UI (code-server + Chromium, installed .vsix)', ['test/e2e/vscode/uiMatrix.mjs']],
  ['Neovim', ['test/e2e/nvim/run.mjs']],
];
let passed = 0;
let failed = 0;
const failures = [];
for (const [name, args] of suites) {
  say(`${name}: running`);
  const result = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  process.stdout.write(result.stdout ?? '');
  process.stderr.write(result.stderr ?? '');
  const counts = [...`${result.stdout}\n${result.stderr}`.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
  const suitePassed = counts ? Number(counts[1]) : 0;
  const suiteFailed = counts ? Number(counts[2]) : 0;
  passed += suitePassed;
  failed += suiteFailed;
  if (result.status !== 0 || !counts) {
    failures.push(name);
    if (suiteFailed === 0) failed += 1;
  }
  say(`${name}: ${suitePassed} passed, ${suiteFailed} failed (exit ${result.status ?? result.signal})`);
}
// Rebuild the development bundles that packaging replaced with minified ones.
execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
console.log(`${passed} passed, ${failed} failed${failures.length ? ` — failing: ${failures.join('; ')}` : ''}`);
process.exit(failures.length > 0 ? 1 : 0);
