#!/usr/bin/env node
// End-to-end test of the reqtrace language server in Neovim's built-in LSP client (Debian 12: 0.7.2).
//
//   npm run build && node test/e2e/nvim/run.mjs
//
// Copies samples/broken to a scratch folder, runs test.lua in headless Neovim against that copy with a
// hard timeout, prints Neovim's report and "N passed, M failed", and exits 0 only when every check
// passed. Environment (all optional):
//   REQTRACE_E2E_SERVER   server script (default dist/server.js), started as `node SERVER --stdio`
//   REQTRACE_E2E_SAMPLES  folder to copy as the workspace (default samples/broken)
//   REQTRACE_E2E_TIMEOUT  seconds before Neovim is killed (default 60)
//   REQTRACE_E2E_KEEP=1   keep the scratch folder (its path is printed)
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const server = resolve(repo, process.env.REQTRACE_E2E_SERVER ?? 'dist/server.js');
const samples = resolve(repo, process.env.REQTRACE_E2E_SAMPLES ?? 'samples/broken');
const timeoutSec = Number(process.env.REQTRACE_E2E_TIMEOUT ?? 60);
const testLua = join(here, 'test.lua');

function fail(message) {
  console.error(`nvim e2e: ${message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

if (spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status !== 0) fail('nvim not found (apt-get install -y neovim, or run test/e2e/install.sh)');
if (!process.env.REQTRACE_E2E_SERVER && !existsSync(server)) fail(`${server} does not exist: run npm run build first`);
if (!existsSync(samples)) fail(`${samples} does not exist`);

const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'reqtrace-nvim-')));
const ws = join(scratch, 'ws');
cpSync(samples, ws, { recursive: true });
// Keep Neovim's state (including its LSP log) inside the scratch folder, not in ~/.cache or ~/.local.
const xdg = {};
for (const [key, sub] of [['XDG_CONFIG_HOME', 'config'], ['XDG_DATA_HOME', 'data'], ['XDG_CACHE_HOME', 'cache'], ['XDG_STATE_HOME', 'state']]) {
  xdg[key] = join(scratch, sub);
  mkdirSync(xdg[key]);
}

// A Lua error leaves headless Neovim waiting forever and a trailing `-c qa!` would exit 0 after one,
// so the script runs under pcall and any error turns into `cquit! 2`; `timeout` is the backstop.
const luaPath = testLua.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
const cmd = `lua local ok,e=pcall(dofile,'${luaPath}') if not ok then io.stderr:write('LUA ERROR: '..tostring(e)..'\\n') vim.cmd('cquit! 2') end`;
const args = [`${timeoutSec}`, 'nvim', '--headless', '--clean', '-u', 'NONE', '-c', cmd];

const started = Date.now();
const child = spawn('timeout', ['-k', '5', ...args], {
  cwd: ws,
  env: { ...process.env, ...xdg, REQTRACE_E2E_WS: ws, REQTRACE_E2E_SERVER: server, REQTRACE_E2E_NODE: process.execPath },
  stdio: ['ignore', 'pipe', 'pipe'],
  detached: true, // its own process group, so the server it starts can be killed with it
});
let stdout = '';
let stderr = '';
child.stdout.on('data', (d) => (stdout += d));
child.stderr.on('data', (d) => (stderr += d));
const killGroup = () => {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
};
// Backstop in case `timeout` itself cannot end it.
const hardTimer = setTimeout(killGroup, (timeoutSec + 15) * 1000);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => (killGroup(), process.exit(130)));

const [code, signal] = await new Promise((res) => child.on('close', (c, s) => res([c, s])));
clearTimeout(hardTimer);
killGroup(); // anything left in the group (a server nvim failed to stop) goes too
const seconds = ((Date.now() - started) / 1000).toFixed(1);

// test.lua ends with "N passed, M failed"; without it (Lua error, timeout) count its PASS/FAIL lines.
const summary = /^(\d+) passed, (\d+) failed$/m.exec(stdout);
const passed = summary ? Number(summary[1]) : (stdout.match(/^PASS /gm) ?? []).length;
const failed = summary ? Number(summary[2]) : (stdout.match(/^FAIL /gm) ?? []).length;
const timedOut = code === 124 || code === 137 || signal !== null;
const ok = code === 0 && summary !== null && failed === 0 && passed > 0;

process.stdout.write(stdout.replace(/^\d+ passed, \d+ failed\n?/m, ''));
if (!ok) {
  if (stderr.trim()) console.log(`--- nvim stderr ---\n${stderr.trimEnd()}`);
  const lspLog = [join(xdg.XDG_CACHE_HOME, 'nvim', 'lsp.log'), join(xdg.XDG_STATE_HOME, 'nvim', 'lsp.log')].find(existsSync);
  if (lspLog) console.log(`--- ${lspLog} (last 40 lines) ---\n${readFileSync(lspLog, 'utf8').trimEnd().split('\n').slice(-40).join('\n')}`);
  if (timedOut) console.log(`nvim timed out after ${timeoutSec} s (exit ${code ?? signal})`);
  else console.log(`nvim exited with ${code ?? signal}`);
}
console.log(`nvim e2e: ${seconds} s, workspace ${process.env.REQTRACE_E2E_KEEP ? ws : '(removed)'}`);
// A run that never printed its summary (Lua error, timeout) counts as one more failure.
console.log(`${passed} passed, ${ok ? failed : Math.max(failed, 1)} failed`);
if (!process.env.REQTRACE_E2E_KEEP) rmSync(scratch, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
