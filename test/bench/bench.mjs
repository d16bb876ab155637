// The reqtrace benchmark: a generated 10,000-item workspace, checked cold by the CLI and in process,
// against yaml's own parseDocument as the baseline, then re-checked after single-file edits; then
// the language server over stdio through each scenario of issue 5 (see lsp.mjs), beside the bare
// parse and Red Hat's yaml-language-server measured in the same run. Change control (issue 18) is
// timed beside its own baselines: the cold check with every link stamped against the same files
// unstamped, and `reqtrace diff` between two commits against the CLI's cold check.
// Run with `npm run bench` (which builds dist/ first). The last line printed is one JSON
// object with every figure, for comparing runs across commits.
//
//   node test/bench/bench.mjs              the whole benchmark (CLI/core half, then the language-server half)
//   node test/bench/bench.mjs --quick      1 run of each cold figure, 40 edits, a short LSP half (a smoke test)
//   node test/bench/bench.mjs --runs N     N runs of each cold figure (default 5)
//   node test/bench/bench.mjs --lsp-only   only the language-server half (with 3 bare-parse runs as its baseline)
//   node test/bench/bench.mjs --no-lsp     only the CLI/core half
//   node test/bench/bench.mjs --profile    CPU profiles of a cold check and of the re-check loop, summarised
//   node test/bench/bench.mjs --lsp-profile  the language-server half with the server under --cpu-prof,
//                                            then where each scenario's time went in the server
//   node test/bench/bench.mjs --child MODE BUNDLE DIR EDITS   internal: one measurement in a fresh process
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const SELF = fileURLToPath(import.meta.url);
const CLI = join(ROOT, 'dist', 'cli.js');
const SUFFIX_RE = /\.(needs|reqs|itt)\.ya?ml$/;

const TARGET_RATIO = 1.5;
const TARGET_RECHECK_MS = 20;
/** Issue 5: the CLI's cold check, wall clock, against the bare parse in a fresh process. */
const TARGET_CLI_RATIO = 0.8;
/** Issue 18: fingerprints add at most this to the cold check (every link stamped, against none). */
const TARGET_STAMPED_RATIO = 1.1;
/** The config of both sides of that figure: only the stamps differ. */
const CHANGE_CONTROL_CONFIG = 'suspect-links: stamped\n';

// ---------------------------------------------------------------------------------------------
// Shared helpers

/** Every requirements file under `dir`, sorted, with its file: URI and text. */
function readSources(dir) {
  const paths = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((p) => SUFFIX_RE.test(p))
    .sort();
  return paths.map((p) => {
    const path = join(dir, p);
    return { uri: pathToFileURL(path).href, text: readFileSync(path, 'utf8') };
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
/** Nearest-rank percentile. */
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
};
const round = (n, digits = 1) => (n === undefined || Number.isNaN(n) ? null : Math.round(n * 10 ** digits) / 10 ** digits);
const kbToMb = (kb) => kb / 1024;

// ---------------------------------------------------------------------------------------------
// Child mode: one measurement in a fresh Node process, reported as one JSON line.

async function child(mode, bundle, dir, edits) {
  const sources = mode.startsWith('xlsx-') ? [] : readSources(dir);
  let result;
  if (mode === 'parse') {
    const { parseDocument } = await import('yaml');
    const t0 = performance.now();
    for (const { text } of sources) parseDocument(text);
    result = { ms: performance.now() - t0 };
  } else if (mode === 'check') {
    const core = createRequire(import.meta.url)(bundle);
    const run = core.checkAll(sources);
    result = { ms: run.indexMs + run.checkMs, indexMs: run.indexMs, checkMs: run.checkMs, findings: run.findings.length };
  } else if (mode === 'check-config') {
    const core = createRequire(import.meta.url)(bundle);
    const configPath = join(dir, 'reqtrace.config.yaml');
    const run = core.checkAllConfigured(sources, pathToFileURL(configPath).href, readFileSync(configPath, 'utf8'));
    result = { ms: run.indexMs + run.checkMs, indexMs: run.indexMs, checkMs: run.checkMs, findings: run.findings.length, stampedLinks: run.stampedLinks, byCode: run.byCode };
  } else if (mode === 'recheck') {
    const core = createRequire(import.meta.url)(bundle);
    result = recheck(core, sources, edits);
  } else if (mode === 'xlsx-write') {
    result = await bareXlsxWrite(dir);
  } else if (mode === 'xlsx-read') {
    const { default: ExcelJS } = await import('exceljs');
    const t0 = performance.now();
    await new ExcelJS.Workbook().xlsx.readFile(dir);
    result = { ms: performance.now() - t0 };
  } else {
    throw new Error(`unknown child mode ${mode}`);
  }
  process.stdout.write(`${JSON.stringify({ ...result, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

/**
 * The bidder workbook's baseline: exceljs alone writing the same cells (every sheet's values, no
 * styles, lists or protection) to a buffer, timed after the workbook named by `path` is read.
 */
async function bareXlsxWrite(path) {
  const { default: ExcelJS } = await import('exceljs');
  const source = new ExcelJS.Workbook();
  await source.xlsx.readFile(path);
  const sheets = source.worksheets.map((sheet) => {
    const rows = [];
    sheet.eachRow((row) => rows.push(row.values.slice(1).map((value) => (value && typeof value === 'object' && 'formula' in value ? { formula: value.formula } : value))));
    return { name: sheet.name, rows };
  });
  const cells = sheets.reduce((n, sheet) => n + sheet.rows.reduce((m, row) => m + row.length, 0), 0);
  const t0 = performance.now();
  const book = new ExcelJS.Workbook();
  for (const { name, rows } of sheets) book.addWorksheet(name).addRows(rows);
  const bytes = await book.xlsx.writeBuffer();
  return { ms: performance.now() - t0, cells, bytes: bytes.byteLength };
}

function runChild(mode, bundle, dir, { edits = 0, nodeArgs = [] } = {}) {
  const out = spawnSync(process.execPath, [...nodeArgs, SELF, '--child', mode, bundle, dir, String(edits)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (out.status !== 0) throw new Error(`child ${mode} failed (${out.status}): ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop());
}

// ---------------------------------------------------------------------------------------------
// The CLI, as a child process: wall clock, and peak RSS from /usr/bin/time -v (or a preload).

function cliRunner(tmp) {
  const hasTime = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-v', 'true']).status === 0;
  const rssFile = join(tmp, 'cli-rss.txt');
  const preload = join(tmp, 'rss-preload.cjs');
  if (!hasTime) {
    writeFileSync(preload, "process.on('exit', () => require('node:fs').writeFileSync(process.env.REQTRACE_BENCH_RSS, String(process.resourceUsage().maxRSS)));\n");
  }
  return {
    rssSource: hasTime ? '/usr/bin/time -v' : 'process.resourceUsage() preload',
    run(dir, args = ['check', dir, '--format', 'json']) {
      const [command, argv] = hasTime ? ['/usr/bin/time', ['-v', process.execPath, CLI, ...args]] : [process.execPath, ['--require', preload, CLI, ...args]];
      const t0 = performance.now();
      const out = spawnSync(command, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 512 << 20, env: { ...process.env, REQTRACE_BENCH_RSS: rssFile } });
      const ms = performance.now() - t0;
      if (out.status !== 0 && out.status !== 1) throw new Error(`the CLI failed (${out.status}): ${out.stderr}`);
      const rssKb = hasTime ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(out.stderr)?.[1]) : Number(readFileSync(rssFile, 'utf8'));
      return { ms, rssKb, stdout: out.stdout };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Edits for the re-check figures.

/** The file's items as line blocks: [{ id, start, end }] with character offsets of each "  - id:" block. */
function itemBlocks(text) {
  const blocks = [];
  const re = /^ {2}- id: (.+)$/gm;
  let match;
  while ((match = re.exec(text))) blocks.push({ id: match[1].trim(), start: match.index });
  for (const [i, block] of blocks.entries()) block.end = blocks[i + 1]?.start ?? text.length;
  return blocks;
}

/** A new title for one item: the same ids, so nothing else in the workspace changes meaning. */
function retitle(text, n) {
  const blocks = itemBlocks(text);
  const block = blocks[n % blocks.length];
  const body = text.slice(block.start, block.end).replace(/^( {4}title: )(.*)$/m, (_, key, title) => `${key}${title} (revised ${n})`);
  return text.slice(0, block.start) + body + text.slice(block.end);
}

/** The text without one item that other files link to (a covered, satisfied requirement), and its id. */
function removeLinkedItem(text, index, n) {
  const blocks = itemBlocks(text);
  const linked = blocks.filter((b) => index.referencesTo(b.id).length > 0);
  const pool = linked.length > 0 ? linked : blocks;
  const block = pool[n % pool.length];
  return { id: block.id, text: text.slice(0, block.start) + text.slice(block.end) };
}

/**
 * Re-check after one file changes, with the index warm: `edits` requirements files are retitled
 * (same ids and links), then `edits` other files each lose an item that other files link to, and
 * get it back. Each timing is setFile + check of every file it reports as affected.
 */
function recheck(core, sources, edits) {
  const { index } = core.checkAll(sources);
  const reqFiles = sources.filter((s) => s.uri.endsWith('.reqs.yaml'));
  const times = { retitle: [], remove: [], restore: [] };
  const affected = { retitle: [], remove: [], restore: [] };
  const timeEdit = (variant, uri, text) => {
    const t0 = performance.now();
    const result = core.edit(index, uri, text);
    times[variant].push(performance.now() - t0);
    affected[variant].push(result.affected);
  };
  for (let n = 0; n < edits; n++) {
    const { uri, text } = reqFiles[n % reqFiles.length];
    timeEdit('retitle', uri, retitle(text, n));
    core.edit(index, uri, text);
  }
  for (let n = 0; n < edits; n++) {
    const { uri, text } = reqFiles[(edits + n) % reqFiles.length];
    timeEdit('remove', uri, removeLinkedItem(text, index, n).text);
    timeEdit('restore', uri, text);
  }
  return { times, affected };
}

/**
 * `reqtrace diff`'s two commits: the workspace copied into a new git repository and committed, then
 * one item in a hundred reworded (a word put before its statement, need or clause text) and
 * committed again. Returns the repository and how many items were reworded.
 */
function diffRepository(source, tmp) {
  const repo = join(tmp, 'diff-repo');
  cpSync(source, repo, { recursive: true });
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_'))),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'bench',
    GIT_AUTHOR_EMAIL: 'bench@example.org',
    GIT_COMMITTER_NAME: 'bench',
    GIT_COMMITTER_EMAIL: 'bench@example.org',
  };
  const git = (...args) => {
    const out = spawnSync('git', args, { cwd: repo, env, encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`git ${args[0]} failed (${out.status}): ${out.stderr}`);
  };
  git('init', '--quiet', '--initial-branch=main');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'base');
  let seen = 0;
  let reworded = 0;
  const paths = readdirSync(repo, { recursive: true }).map(String).filter((p) => SUFFIX_RE.test(p)).sort();
  for (const path of paths) {
    const full = join(repo, path);
    const text = readFileSync(full, 'utf8');
    const chosen = itemBlocks(text).filter(() => seen++ % 100 === 0);
    let out = text;
    for (const block of chosen.reverse()) {
      const body = out.slice(block.start, block.end);
      const changed = body.replace(/^( {4}(?:statement|need|text): >-\n {6})/m, '$1revised ');
      if (changed !== body) reworded++;
      out = out.slice(0, block.start) + changed + out.slice(block.end);
    }
    if (out !== text) writeFileSync(full, out);
  }
  git('commit', '--quiet', '-a', '-m', 'reworded');
  return { repo, reworded };
}

const stats = (times) => ({ median: median(times), p95: percentile(times, 95), max: Math.max(...times) });

// ---------------------------------------------------------------------------------------------

function parseOptions(argv) {
  const quick = argv.includes('--quick');
  const runsAt = argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Math.max(1, Number(argv[runsAt + 1]) || 1) : quick ? 1 : 5;
  const lspProfile = argv.includes('--lsp-profile');
  const lspOnly = argv.includes('--lsp-only') || lspProfile;
  return { quick, runs, edits: quick ? 20 : 100, profile: argv.includes('--profile'), lspOnly, lspProfile, lsp: !argv.includes('--no-lsp') };
}

async function bundleCore(tmp) {
  // Bundled the way scripts/build.mjs bundles the CLI.
  const bundle = join(tmp, 'inproc.cjs');
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(ROOT, 'test/bench/inproc.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { REQTRACE_VERSION: '"bench"', 'import.meta.url': '__importMetaUrl' },
    logLevel: 'warning',
  });
  return bundle;
}

/** --profile: CPU profiles of a cold check and of the re-check loop, each in a fresh process, summarised. */
async function profile(bundle, dir, options, log) {
  const { summarise } = await import('./profile.mjs');
  const outDir = join(tmpdir(), 'reqtrace-bench-profiles');
  rmSync(outDir, { recursive: true, force: true });
  for (const mode of ['check', 'recheck']) {
    const modeDir = join(outDir, mode);
    const result = runChild(mode, bundle, dir, { edits: options.edits, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${modeDir}`] });
    log(`\n=== ${mode === 'check' ? `cold check (setFile ×500 + workspaceFindings): ${result.ms.toFixed(0)} ms` : `re-check: ${options.edits * 3} edits with the index warm`}`);
    if (mode === 'recheck') for (const [variant, times] of Object.entries(result.times)) log(`${variant}: median ${median(times).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`);
    const [file] = readdirSync(modeDir);
    // The re-check profile counts only the edits, not the cold check that warms the index.
    for (const line of summarise(join(modeDir, file), bundle, { under: mode === 'recheck' ? 'edit' : undefined })) log(line);
  }
  log(`\nprofiles (open in Chrome DevTools › Performance): ${outDir}`);
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const { runs, edits } = options;
  const started = performance.now();
  const log = (line = '') => process.stdout.write(`${line}\n`);

  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (or \`npm run bench\`).`);

  const { ensureWorkspace } = await import('./generate.mjs');
  const tGen = performance.now();
  const { dir, generated } = ensureWorkspace();
  log(`workspace: ${dir} (${generated ? `generated in ${Math.round(performance.now() - tGen)} ms` : 'reused'})`);

  const tmp = mkdtempSync(join(tmpdir(), 'reqtrace-bench-run-'));
  try {
    let summary = {};
    let parseColdRuns;
    let filesWithFindings;
    const lsp = await import('./lsp.mjs');
    if (options.lspOnly) {
      // The language server's baseline: the bare parse of the same files, fresh processes, this run.
      parseColdRuns = Array.from({ length: options.quick ? 1 : Math.min(runs, 3) }, () => runChild('parse', '-', dir).ms);
      log(`bare parse, fresh process:        ${parseColdRuns.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    } else {
      const bundle = await bundleCore(tmp);
      if (options.profile) {
        await profile(bundle, dir, options, log);
        return;
      }

      const sources = readSources(dir);
      const counts = { needs: 0, reqs: 0, itt: 0 };
      for (const { uri } of sources) counts[SUFFIX_RE.exec(uri)[1]]++;
      const bytes = sources.reduce((sum, s) => sum + Buffer.byteLength(s.text), 0);
      const items = sources.reduce((n, s) => n + itemBlocks(s.text).length, 0);
      log(`files: ${sources.length} (${counts.needs} needs, ${counts.reqs} reqs, ${counts.itt} itt), ${items} items, ${(bytes / 1024 / 1024).toFixed(1)} MB`);
      log(`runs: ${runs} of each cold figure, interleaved so that machine load hits them alike`);

      // Fresh processes, interleaved: bare parse, in-process cold check, CLI cold check.
      const cli = cliRunner(tmp);
      const parseCold = [];
      const coldRuns = [];
      const cliRuns = [];
      // Two more outputs of the same check: GitHub annotations, and one file named on its own,
      // checked in its workspace (every file loaded, its findings listed).
      const namedFile = fileURLToPath(sources.find(({ uri }) => uri.includes('.reqs.'))?.uri ?? pathToFileURL(dir).href);
      const githubRuns = [];
      const namedRuns = [];
      // The exchange formats: SARIF, the ReqIF export, and the import of that export.
      const sarifRuns = [];
      const reqifRuns = [];
      const importRuns = [];
      const reqifFile = join(tmp, 'bench.reqif');
      const matrixRuns = [];
      const matrixFile = join(tmp, 'bench.xlsx');
      // The same check with the wording rules that are on by default turned off (issue 17's baseline).
      const wordingOff = join(tmp, 'wording-off.yaml');
      writeFileSync(wordingOff, `rules:\n${['escape-clause', 'open-ended', 'placeholder', 'vague-term', 'and-or', 'multiple-shall', 'no-shall', 'generic-user'].map((code) => `  ${code}: { severity: off }\n`).join('')}`);
      const wordingOffRuns = [];
      // reqtrace diff between the two commits of a repository of the workspace (issue 18: ≤ 2× the cold check).
      const diffRepo = diffRepository(dir, tmp);
      const diffRuns = [];
      // Fingerprints (issue 18: ≤ 10% on the cold check): the workspace with every link stamped by
      // `reqtrace review --all --links-only` (each stamp its target's fingerprint now, so nothing is
      // suspect but every stamped link's target is hashed), against the same files unstamped, both with
      // `suspect-links: stamped`. Two pairs a round, in the order none, stamped, stamped, none.
      const { reviewedCopy } = await import('./generate.mjs');
      const unstampedDir = join(tmp, 'cc-unstamped');
      const stampedDir = join(tmp, 'cc-stamped');
      reviewedCopy(dir, unstampedDir, { config: CHANGE_CONTROL_CONFIG });
      const [stampedBy] = reviewedCopy(dir, stampedDir, { config: CHANGE_CONTROL_CONFIG, reviews: [['--all', '--links-only']] });
      log(`stamped copy: reqtrace review --all --links-only: ${stampedBy}`);
      const unstampedRuns = [];
      const stampedRuns = [];
      // The same pair as the CLI checks it (Node start, reads, every check, JSON out): the cold check a user waits for.
      const unstampedCliRuns = [];
      const stampedCliRuns = [];
      for (let r = 0; r < runs; r++) {
        parseCold.push(runChild('parse', bundle, dir));
        coldRuns.push(runChild('check', bundle, dir));
        cliRuns.push(cli.run(dir));
        wordingOffRuns.push(cli.run(dir, ['check', dir, '--format', 'json', '--config', wordingOff]));
        githubRuns.push(cli.run(dir, ['check', dir, '--format', 'github']));
        namedRuns.push(cli.run(dir, ['check', namedFile, '--root', dir]));
        sarifRuns.push(cli.run(dir, ['check', dir, '--format', 'sarif']));
        reqifRuns.push(cli.run(dir, ['export', 'reqif', dir, '--out', reqifFile]));
        importRuns.push(cli.run(dir, ['import', 'reqif', reqifFile, '--out', join(tmp, 'imported'), '--force']));
        matrixRuns.push(cli.run(dir, ['export', 'matrix', dir, '--out', matrixFile]));
        diffRuns.push(cli.run(dir, ['diff', 'HEAD~1', '--head', 'HEAD', diffRepo.repo, '--format', 'json']));
        unstampedRuns.push(runChild('check-config', bundle, unstampedDir));
        stampedRuns.push(runChild('check-config', bundle, stampedDir));
        stampedRuns.push(runChild('check-config', bundle, stampedDir));
        unstampedRuns.push(runChild('check-config', bundle, unstampedDir));
        unstampedCliRuns.push(cli.run(unstampedDir, ['check', unstampedDir, '--format', 'json']));
        stampedCliRuns.push(cli.run(stampedDir, ['check', stampedDir, '--format', 'json']));
        stampedCliRuns.push(cli.run(stampedDir, ['check', stampedDir, '--format', 'json']));
        unstampedCliRuns.push(cli.run(unstampedDir, ['check', unstampedDir, '--format', 'json']));
      }
      const stampedCliMs = median(stampedCliRuns.map((r) => r.ms));
      const unstampedCliMs = median(unstampedCliRuns.map((r) => r.ms));
      const stampedCliRatio = stampedCliMs / unstampedCliMs;
      // The CLI's findings of both copies: the same codes and counts (the stamps change nothing else).
      const cliCodes = (run) => {
        const counts = {};
        for (const { code } of JSON.parse(run.stdout).diagnostics) counts[code] = (counts[code] ?? 0) + 1;
        return JSON.stringify(Object.entries(counts).sort());
      };
      const sameCliFindings = cliCodes(stampedCliRuns[0]) === cliCodes(unstampedCliRuns[0]);
      const stampedMs = median(stampedRuns.map((r) => r.ms));
      const unstampedMs = median(unstampedRuns.map((r) => r.ms));
      const stampedRatio = stampedMs / unstampedMs;
      const stampedLinks = stampedRuns[0].stampedLinks;
      // What was timed is what was meant: every link the review could stamp carries a stamp, none is
      // suspect, and the stamps change no other finding.
      const sameFindings = JSON.stringify(stampedRuns[0].byCode) === JSON.stringify(unstampedRuns[0].byCode) && unstampedRuns[0].stampedLinks === 0;
      log(`cold check, every link stamped (${stampedLinks} stamps): ${stampedRuns.map((r) => r.ms.toFixed(0)).join(', ')} ms; unstamped: ${unstampedRuns.map((r) => r.ms.toFixed(0)).join(', ')} ms; findings ${stampedRuns[0].findings} and ${unstampedRuns[0].findings} (${sameFindings ? 'the same codes and counts' : `DIFFERENT: ${JSON.stringify(stampedRuns[0].byCode)} against ${JSON.stringify(unstampedRuns[0].byCode)}`})`);
      const diffMs = median(diffRuns.map((r) => r.ms));
      const diffRssMb = kbToMb(Math.max(...diffRuns.map((r) => r.rssKb)));
      const diffSummary = JSON.parse(diffRuns[0].stdout).summary;
      // exceljs alone writing the workbook's cells, after the runs above (it reads the workbook they wrote).
      const bareWrites = Array.from({ length: runs }, () => runChild('xlsx-write', '-', matrixFile));
      const bareWriteMs = median(bareWrites.map((r) => r.ms));
      const matrixMs = median(matrixRuns.map((r) => r.ms));
      const matrixRssMb = kbToMb(Math.max(...matrixRuns.map((r) => r.rssKb)));
      // responses on that workbook (unanswered: every answer is listed), beside exceljs alone reading it.
      const responsesRuns = [];
      const bareReads = [];
      for (let r = 0; r < runs; r++) {
        responsesRuns.push(cli.run(dir, ['responses', matrixFile, dir, '--format', 'json']));
        bareReads.push(runChild('xlsx-read', '-', matrixFile));
      }
      const responsesMs = median(responsesRuns.map((r) => r.ms));
      const bareReadMs = median(bareReads.map((r) => r.ms));
      const responsesRssMb = kbToMb(Math.max(...responsesRuns.map((r) => r.rssKb)));
      const githubMs = median(githubRuns.map((r) => r.ms));
      const namedMs = median(namedRuns.map((r) => r.ms));
      const exchange = Object.fromEntries(
        Object.entries({ sarif: sarifRuns, reqif: reqifRuns, import: importRuns }).map(([name, list]) => [name, { ms: median(list.map((r) => r.ms)), rssMb: kbToMb(Math.max(...list.map((r) => r.rssKb))) }]),
      );
      const parseColdMs = median(parseCold.map((r) => r.ms));
      const inprocColdMs = median(coldRuns.map((r) => r.ms));
      const inprocIndexMs = median(coldRuns.map((r) => r.indexMs));
      const inprocCheckMs = median(coldRuns.map((r) => r.checkMs));
      const inprocPeakRssKb = Math.max(...coldRuns.map((r) => r.maxRssKb));
      const cliColdMs = median(cliRuns.map((r) => r.ms));
      const cliPeakRssKb = Math.max(...cliRuns.map((r) => r.rssKb));
      const wordingOffMs = median(wordingOffRuns.map((r) => r.ms));
      log(`bare parse, fresh process:        ${parseCold.map((r) => r.ms.toFixed(0)).join(', ')} ms`);
      log(`in-process cold check, fresh:     ${coldRuns.map((r) => r.ms.toFixed(0)).join(', ')} ms`);
      log(`CLI check --format json, wall:    ${cliRuns.map((r) => r.ms.toFixed(0)).join(', ')} ms`);
      const output = JSON.parse(cliRuns[0].stdout);
      const byCode = {};
      for (const d of output.diagnostics) byCode[d.code] = (byCode[d.code] ?? 0) + 1;
      const suggested = output.diagnostics.filter((d) => d.code === 'broken-link' && /Did you mean/.test(d.message)).length;
      log(`diff HEAD~1 --head HEAD: ${diffRepo.reworded} items reworded; it found ${diffSummary.changed} changed, ${diffSummary.toReRead} to re-read; ${diffRuns.map((r) => r.ms.toFixed(0)).join(', ')} ms`);
      log(`CLI findings: ${output.diagnostics.length} (${Object.entries(byCode).map(([code, n]) => `${code} ${n}`).join(', ')}); broken links with a suggestion: ${suggested}`);

      // In this process (texts already read): the bare-parse baseline, and the check with the JIT warm.
      const { parseDocument } = await import('yaml');
      const core = createRequire(import.meta.url)(bundle);
      const parseTimes = [];
      const warmTimes = [];
      for (let r = 0; r < runs; r++) {
        const t0 = performance.now();
        for (const { text } of sources) parseDocument(text);
        parseTimes.push(performance.now() - t0);
        const warm = core.checkAll(sources);
        warmTimes.push(warm.indexMs + warm.checkMs);
      }
      const parseMs = median(parseTimes);
      const inprocWarmMs = median(warmTimes);
      log(`bare parse, this process:         ${parseTimes.map((t) => t.toFixed(0)).join(', ')} ms`);
      log(`in-process check, this process:   ${warmTimes.map((t) => t.toFixed(0)).join(', ')} ms`);

      // Re-check after single-file edits, in a fresh process with its index warm.
      const re = runChild('recheck', bundle, dir, { edits });
      const all = [...re.times.retitle, ...re.times.remove];
      const recheckStats = stats(all);
      const variant = Object.fromEntries(Object.entries(re.times).map(([k, t]) => [k, { ...stats(t), affected: median(re.affected[k]) }]));

      // The table.
      const ratio = inprocColdMs / parseColdMs;
      const warmRatio = inprocWarmMs / parseMs;
      const cliRatio = cliColdMs / parseColdMs;
      const peakRssMb = kbToMb(cliPeakRssKb);
      const ok = (good) => (good ? 'ok' : 'OVER');
      const fmt = (n) => (n === undefined ? '' : n.toFixed(1));
      const trio = (v) => `${fmt(v.median)} / ${fmt(v.p95)} / ${fmt(v.max)}`;
      const rows = [
        ['figure', 'ms', 'baseline', 'base ms', 'ratio', 'target'],
        ['cold check, in process (fresh process)', fmt(inprocColdMs), 'bare parse, fresh process', fmt(parseColdMs), `${ratio.toFixed(2)}×`, `≤ ${TARGET_RATIO}× ${ok(ratio <= TARGET_RATIO)}`],
        ['  of which parse and load ×500 (parse, schema, index)', fmt(inprocIndexMs), '', '', `${(inprocIndexMs / parseColdMs).toFixed(2)}×`, ''],
        ['  of which workspaceFindings (every check)', fmt(inprocCheckMs), '', '', `${(inprocCheckMs / parseColdMs).toFixed(2)}×`, ''],
        ['cold check, in process (JIT warm)', fmt(inprocWarmMs), 'bare parse, this process', fmt(parseMs), `${warmRatio.toFixed(2)}×`, `≤ ${TARGET_RATIO}× ${ok(warmRatio <= TARGET_RATIO)}`],
        ['cold check, CLI wall clock (--format json)', fmt(cliColdMs), 'bare parse, fresh process', fmt(parseColdMs), `${cliRatio.toFixed(2)}×`, `≤ ${TARGET_CLI_RATIO}× ${ok(cliRatio <= TARGET_CLI_RATIO)}`],
        ['  the wording rules on (the default)', fmt(cliColdMs), 'the same, wording rules off', fmt(wordingOffMs), `${(cliColdMs / wordingOffMs).toFixed(2)}×`, `≤ 1.15× ${ok(cliColdMs / wordingOffMs <= 1.15)}`],
        ['  the same, --format github', fmt(githubMs), 'CLI --format json', fmt(cliColdMs), `${(githubMs / cliColdMs).toFixed(2)}×`, ''],
        ['  one file named, checked in its workspace (--root)', fmt(namedMs), 'CLI --format json', fmt(cliColdMs), `${(namedMs / cliColdMs).toFixed(2)}×`, ''],
        ['  check --format sarif', fmt(exchange.sarif.ms), 'CLI --format json', fmt(cliColdMs), `${(exchange.sarif.ms / cliColdMs).toFixed(2)}×`, `≤ 1.5× ${ok(exchange.sarif.ms / cliColdMs <= 1.5)}`],
        ['  export reqif', fmt(exchange.reqif.ms), 'CLI --format json', fmt(cliColdMs), `${(exchange.reqif.ms / cliColdMs).toFixed(2)}×`, `≤ 1.5× ${ok(exchange.reqif.ms / cliColdMs <= 1.5)}`],
        ['  import reqif (of that export)', fmt(exchange.import.ms), 'CLI --format json', fmt(cliColdMs), `${(exchange.import.ms / cliColdMs).toFixed(2)}×`, `≤ 2× ${ok(exchange.import.ms / cliColdMs <= 2)}`],
        ['  export matrix (the bidder workbook)', fmt(matrixMs), 'CLI json + 1.3 × bare exceljs write', fmt(cliColdMs + 1.3 * bareWriteMs), `${(matrixMs / (cliColdMs + 1.3 * bareWriteMs)).toFixed(2)}×`, `≤ 1× ${ok(matrixMs <= cliColdMs + 1.3 * bareWriteMs)}`],
        [`    bare exceljs write of its ${bareWrites[0].cells.toLocaleString('en-GB')} cells`, fmt(bareWriteMs), '', '', '', ''],
        ['    peak RSS of export matrix (MB)', fmt(matrixRssMb), '', '', '', `≤ 400 ${ok(matrixRssMb <= 400)}`],
        ['  responses (that workbook, unanswered)', fmt(responsesMs), 'CLI json + 1.3 × bare exceljs read', fmt(cliColdMs + 1.3 * bareReadMs), `${(responsesMs / (cliColdMs + 1.3 * bareReadMs)).toFixed(2)}×`, `≤ 1× ${ok(responsesMs <= cliColdMs + 1.3 * bareReadMs)}`],
        ['    bare exceljs read of the workbook', fmt(bareReadMs), '', '', '', ''],
        ['    peak RSS of responses (MB)', fmt(responsesRssMb), '', '', '', `≤ 400 ${ok(responsesRssMb <= 400)}`],
        [`  diff between two commits (${diffRepo.reworded} items reworded)`, fmt(diffMs), 'CLI --format json', fmt(cliColdMs), `${(diffMs / cliColdMs).toFixed(2)}×`, `≤ 2× ${ok(diffMs / cliColdMs <= 2)}`],
        ['    peak RSS of diff (MB)', fmt(diffRssMb), '', '', '', `≤ 400 ${ok(diffRssMb <= 400)}`],
        [`cold check, every link stamped (${stampedLinks} stamps, fresh process)${sameFindings ? '' : ' ! findings differ'}`, fmt(stampedMs), 'the same files unstamped', fmt(unstampedMs), `${stampedRatio.toFixed(2)}×`, `≤ ${TARGET_STAMPED_RATIO.toFixed(2)}× ${ok(stampedRatio <= TARGET_STAMPED_RATIO && sameFindings)}`],
        [`  the same, CLI wall clock (--format json)${sameCliFindings ? '' : ' ! findings differ'}`, fmt(stampedCliMs), 'the same files unstamped', fmt(unstampedCliMs), `${stampedCliRatio.toFixed(2)}×`, `≤ ${TARGET_STAMPED_RATIO.toFixed(2)}× ${ok(stampedCliRatio <= TARGET_STAMPED_RATIO && sameCliFindings)}`],
        ['  of which parse and load ×500 (parse, schema, index)', fmt(median(stampedRuns.map((r) => r.indexMs))), 'unstamped', fmt(median(unstampedRuns.map((r) => r.indexMs))), `${(median(stampedRuns.map((r) => r.indexMs)) / median(unstampedRuns.map((r) => r.indexMs))).toFixed(2)}×`, ''],
        ['  of which workspaceFindings (every check)', fmt(median(stampedRuns.map((r) => r.checkMs))), 'unstamped', fmt(median(unstampedRuns.map((r) => r.checkMs))), `${(median(stampedRuns.map((r) => r.checkMs)) / median(unstampedRuns.map((r) => r.checkMs))).toFixed(2)}×`, ''],
        ['  peak RSS (MB): sarif / export reqif / import reqif', `${fmt(exchange.sarif.rssMb)} / ${fmt(exchange.reqif.rssMb)} / ${fmt(exchange.import.rssMb)}`, '', '', '', `≤ 400 ${ok(Math.max(exchange.sarif.rssMb, exchange.reqif.rssMb, exchange.import.rssMb) <= 400)}`],
        [`re-check after an edit, median (${all.length} edits)`, fmt(recheckStats.median), '', '', '', `< ${TARGET_RECHECK_MS} ms ${ok(recheckStats.median < TARGET_RECHECK_MS)}`],
        ['re-check after an edit, p95', fmt(recheckStats.p95), '', '', '', `< ${TARGET_RECHECK_MS} ms ${ok(recheckStats.p95 < TARGET_RECHECK_MS)}`],
        ['  title edit: median / p95 / max', trio(variant.retitle), 'files re-checked, median', String(variant.retitle.affected), '', ''],
        ['  remove a linked item: median / p95 / max', trio(variant.remove), 'files re-checked, median', String(variant.remove.affected), '', ''],
        ['  (put it back: median / p95 / max)', trio(variant.restore), 'files re-checked, median', String(variant.restore.affected), '', ''],
        ['peak RSS, CLI (MB)', fmt(peakRssMb), `via ${cli.rssSource}`, '', '', ''],
        ['peak RSS, in-process cold check (MB)', fmt(kbToMb(inprocPeakRssKb)), 'process.resourceUsage()', '', '', ''],
      ];
      const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
      log();
      for (const [i, row] of rows.entries()) {
        log(row.map((cell, c) => (c === 1 || c === 3 || c === 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd());
        if (i === 0) log(widths.map((w) => '-'.repeat(w)).join('  '));
      }
      log();

      summary = {
        items,
        files: sources.length,
        mb: round(bytes / 1024 / 1024, 2),
        runs,
        parseMs: round(parseMs),
        parseColdMs: round(parseColdMs),
        cliColdMs: round(cliColdMs),
        cliWordingOffMs: round(wordingOffMs),
        cliGithubMs: round(githubMs),
        cliNamedFileMs: round(namedMs),
        cliSarifMs: round(exchange.sarif.ms),
        exportReqifMs: round(exchange.reqif.ms),
        importReqifMs: round(exchange.import.ms),
        sarifRssMb: round(exchange.sarif.rssMb),
        exportReqifRssMb: round(exchange.reqif.rssMb),
        importReqifRssMb: round(exchange.import.rssMb),
        exportMatrixMs: round(matrixMs),
        bareXlsxWriteMs: round(bareWriteMs),
        exportMatrixRssMb: round(matrixRssMb),
        responsesMs: round(responsesMs),
        bareXlsxReadMs: round(bareReadMs),
        responsesRssMb: round(responsesRssMb),
        diffMs: round(diffMs),
        diffRssMb: round(diffRssMb),
        diffReworded: diffRepo.reworded,
        stampedColdMs: round(stampedMs),
        unstampedColdMs: round(unstampedMs),
        stampedRatio: round(stampedRatio, 3),
        stampedCliMs: round(stampedCliMs),
        unstampedCliMs: round(unstampedCliMs),
        stampedCliRatio: round(stampedCliRatio, 3),
        stampedCliSameFindings: sameCliFindings,
        stampedRuns: stampedRuns.length,
        stampedLinks,
        stampedSameFindings: sameFindings,
        inprocColdMs: round(inprocColdMs),
        inprocIndexMs: round(inprocIndexMs),
        inprocCheckMs: round(inprocCheckMs),
        inprocWarmMs: round(inprocWarmMs),
        ratio: round(ratio, 2),
        warmRatio: round(warmRatio, 2),
        cliRatio: round(cliRatio, 2),
        recheckMedianMs: round(recheckStats.median, 2),
        recheckP95Ms: round(recheckStats.p95, 2),
        recheckMaxMs: round(recheckStats.max, 2),
        retitleMedianMs: round(variant.retitle.median, 2),
        retitleP95Ms: round(variant.retitle.p95, 2),
        removeMedianMs: round(variant.remove.median, 2),
        removeP95Ms: round(variant.remove.p95, 2),
        restoreMedianMs: round(variant.restore.median, 2),
        restoreP95Ms: round(variant.restore.p95, 2),
        affectedMedian: variant.remove.affected,
        edits: all.length,
        peakRssMb: round(peakRssMb),
        inprocPeakRssMb: round(kbToMb(inprocPeakRssKb)),
        findings: output.diagnostics.length,
        brokenLinks: byCode['broken-link'] ?? 0,
        suggestions: suggested,
      };
      parseColdRuns = parseCold.map((r) => r.ms);
      filesWithFindings = lsp.filesWithFindingsFromCli(cliRuns[0].stdout);
    }

    // The language-server half.
    const loadBefore = loadavg()[0];
    if (options.lsp) {
      log(`\nlanguage server: ${options.quick ? 'quick run' : 'full run'}${options.lspProfile ? ', server under --cpu-prof (figures inflated)' : ''}, load average ${loadBefore.toFixed(1)}`);
      try {
        const result = await lsp.runLsp({ quick: options.quick, profile: options.lspProfile, log, tmp, parseColdRuns, filesWithFindings });
        log();
        lsp.printTable(result.rows, log);
        log();
        Object.assign(summary, result.summary);
      } catch (error) {
        // The figures of the other half still make the JSON line; the failure is in it too.
        process.exitCode = 1;
        log(`\nthe language-server half failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        summary.lspError = String(error instanceof Error ? error.message : error).split('\n')[0];
      }
    }

    const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
    const dirty = spawnSync('git', ['status', '--porcelain', '--', 'server', 'schemas', 'package.json'], { cwd: ROOT, encoding: 'utf8' });
    const seconds = (performance.now() - started) / 1000;
    const [load1] = loadavg();
    log(`benchmark took ${seconds.toFixed(0)} s on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${load1.toFixed(1)}`);
    Object.assign(summary, {
      node: process.version,
      cpus: cpus().length,
      load: round(load1, 2),
      ...(options.lsp ? { loadBeforeLsp: round(loadBefore, 2) } : {}),
      commit: git.status === 0 ? `${git.stdout.trim()}${dirty.stdout.trim() ? '+dirty' : ''}` : null,
      seconds: round(seconds),
    });
    log(JSON.stringify(summary));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const [, , , mode, bundle, dir, edits] = process.argv;
  await child(mode, bundle, dir, Number(edits));
} else {
  await main();
}
