// Starts a throwaway code-server (VS Code 1.139 with the real Node extension host) and a headless
// Chromium to drive it, for the end-to-end tests in this folder. See /work/shared/E2E.md for why
// it is done this way on machines that cannot download desktop VS Code.
//
// Everything a run writes lives in one fresh folder under the system temp dir (user data,
// extensions, XDG config, TMPDIR, the workspace copy, the code-server log). stop() deletes it when
// the run passed and keeps it, printing the log's path, when it failed or KEEP=1 is set.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '../../..');

const t0 = Date.now();
/** Logs with the time since the process started, so every run prints its own timings. */
export function log(message) {
  console.log(`[${String(Date.now() - t0).padStart(6)} ms] ${message}`);
}

/**
 * Node 24 and code-server paths: from NODE24_BIN / CODE_SERVER when set, else from install.sh,
 * which prints them as KEY=VALUE lines (and is quick once its cache is warm).
 */
export function resolveTools() {
  let { NODE24_BIN: node24, CODE_SERVER: codeServer } = process.env;
  if (!node24 || !codeServer) {
    const out = execFileSync('bash', [path.join(REPO, 'test/e2e/install.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const env = Object.fromEntries(out.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    node24 ||= env.NODE24_BIN;
    codeServer ||= env.CODE_SERVER;
  }
  for (const [name, p] of [['NODE24_BIN', node24], ['CODE_SERVER', codeServer]]) {
    if (!p || !fs.existsSync(p)) throw new Error(`${name} not found (${p}): run test/e2e/install.sh`);
  }
  return { node24, codeServer };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** User settings for a quiet, offline, trusted workbench: no welcome page, walkthroughs, telemetry or updates. */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'files.autoSave': 'off',
};

/** Copies samples/<name> into the run folder and returns the copy's path: tests may edit it freely. */
export function copySample(run, name) {
  const target = path.join(run.dir, 'ws', name);
  // The editor suites run on a copy of samples/broken frozen for them (test/e2e/fixtures/broken), so
  // that the sample can grow without moving every position they check.
  const frozen = path.join(REPO, 'test', 'e2e', 'fixtures', name);
  fs.cpSync(fs.existsSync(frozen) ? frozen : path.join(REPO, 'samples', name), target, { recursive: true });
  return target;
}

/**
 * Starts code-server on a free port and waits for /healthz.
 * options.vsix: installed with code-server's own --install-extension before the server starts.
 * options.smokeTestDriver: needed for the extensionDevelopmentPath/extensionTestsPath payload.
 * options.settings: extra user settings.
 */
export async function startCodeServer({ vsix, smokeTestDriver = false, settings = {}, label = 'reqtrace-e2e' } = {}) {
  const { node24, codeServer } = resolveTools();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`));
  const userData = path.join(dir, 'user-data');
  const extensions = path.join(dir, 'extensions');
  const tmp = path.join(dir, 'tmp');
  for (const d of [path.join(userData, 'User'), extensions, tmp]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...SETTINGS, ...settings }, null, 2));
  // Without these code-server writes config.yaml into ~/.config and leaves sockets in /tmp.
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(dir, 'xdg-config'), XDG_DATA_HOME: path.join(dir, 'xdg-data'), TMPDIR: tmp };
  const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
  const logPath = path.join(dir, 'code-server.log');

  const run = { dir, logPath, port: 0, origin: '', process: undefined, browser: undefined, stopped: false };
  run.stop = (options) => stopRun(run, options);
  process.once('SIGINT', () => void run.stop({ failed: true }).then(() => process.exit(130)));
  process.once('SIGTERM', () => void run.stop({ failed: true }).then(() => process.exit(143)));

  if (vsix) {
    const started = Date.now();
    execFileSync(node24, [codeServer, ...common, '--install-extension', vsix], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    log(`installed ${path.basename(vsix)} into code-server (${Date.now() - started} ms)`);
  }

  run.port = await freePort();
  run.origin = `http://127.0.0.1:${run.port}`;
  const logFd = fs.openSync(logPath, 'w');
  run.process = spawn(
    node24,
    [codeServer, '--bind-addr', `127.0.0.1:${run.port}`, '--auth', 'none', ...common, '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened',
      ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : [])],
    // detached: code-server leads its own process group, so stop() can end it and its extension
    // hosts (and the language servers they start) together, and nothing else.
    { env, stdio: ['ignore', logFd, logFd], detached: true },
  );
  fs.closeSync(logFd);
  // code-server logs "HTTP server listening on …" once it accepts connections: wait for that line to
  // reach the log (file events), or for the process to exit, then confirm with one /healthz.
  const listening = await new Promise((resolve) => {
    const watcher = fs.watch(logPath);
    let finished = false;
    const done = (ok) => {
      if (finished) return;
      finished = true;
      watcher.close();
      clearTimeout(deadline);
      run.process.off('exit', onExit);
      resolve(ok);
    };
    const check = () => {
      if (/server listening on /.test(fs.readFileSync(logPath, 'utf8'))) done(true);
    };
    const onExit = () => done(false);
    const deadline = setTimeout(() => done(false), 30000);
    watcher.on('change', check);
    run.process.once('exit', onExit);
    check();
  });
  const healthy = listening && (await fetch(`${run.origin}/healthz`).then((response) => response.ok, () => false));
  if (!healthy) {
    const exited = run.process.exitCode !== null || run.process.signalCode !== null;
    await run.stop({ failed: true });
    throw new Error(`code-server did not start (${exited ? 'it exited' : listening ? '/healthz failed' : 'not listening after 30 s'}); log: ${logPath}`);
  }
  log(`code-server listening on ${run.port}`);
  return run;
}

/** The workbench URL for a folder, with an optional smoke-test payload ([key, value] pairs). */
export function workbenchUrl(run, folder, payload, { workspaceFile = false } = {}) {
  // A .code-workspace file opens as a workspace of several folders.
  let url = `${run.origin}/?${workspaceFile ? 'workspace' : 'folder'}=${encodeURIComponent(folder)}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** A file path as the workbench in the browser names it on the remote (code-server) side. */
export function remoteUri(run, p) {
  return `vscode-remote://127.0.0.1:${run.port}${p}`;
}

/** Debian's Chromium, headless, through playwright-core. */
export async function launchBrowser(run) {
  const { chromium } = await import('playwright-core');
  run.browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // Else Chromium creates ~/.config/chromium/Crash Reports. (Playwright refuses --user-data-dir
    // and gives every launch a fresh profile of its own.)
    env: { ...process.env, XDG_CONFIG_HOME: path.join(run.dir, 'xdg-chromium') },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return run.browser;
}

async function stopRun(run, { failed = false } = {}) {
  if (run.stopped) return;
  run.stopped = true;
  try {
    await run.browser?.close();
  } catch {
    // already gone
  }
  const child = run.process;
  if (child && child.exitCode === null && child.signalCode === null) {
    const gone = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM'); // our own process group only
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await gone;
    clearTimeout(timer);
  }
  if (child) {
    // Extension hosts and language servers are in the same group; make sure none outlive the run.
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is empty: good
    }
  }
  if (failed || process.env.KEEP) console.error(`code-server log kept at ${run.logPath} (run folder ${run.dir})`);
  else fs.rmSync(run.dir, { recursive: true, force: true });
}
