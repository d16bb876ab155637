// The language-server half of `npm run bench` (issue 5): our server (dist/server.js --stdio) driven
// by a real JSON-RPC client through each scenario, beside its baselines measured in the same run —
// the bare `yaml` parse of the same files for the start-up figures, and Red Hat's
// yaml-language-server with the same JSON Schemas for the per-keystroke figures.
//
// Called by bench.mjs (`--lsp-only` runs only this half, `--quick` makes it a smoke test, and
// `--lsp-profile` runs it with every reqtrace server under `node --cpu-prof`, then summarises
// where each scenario's time went in the server). Scenarios, in order:
//
//   10k cold/warm   start the server on the 10,000-item workspace with an empty cache folder, then
//                   again on the same cache: time from sending `initialized` to the
//                   `reqtrace/coverage` notification the server sends once every file's diagnostics
//                   are published (publishDiagnostics counted on the way); for the warm start, also
//                   to the first hover answered (a warm start on unchanged files publishes from its
//                   cache before the index is loaded; requests wait for the index)
//   keystrokes      in the last warm server: single-character edits to a 20-item requirements file,
//                   each one changing the file's diagnostics (the server publishes only changed
//                   diagnostics, so a keystroke in a title would give nothing to time): delete /
//                   re-insert the last digit of a link (broken ↔ valid) or the last letter of a
//                   priority (bad enum ↔ good), as incremental didChange, one at a time with
//                   typing-like pauses between them (mostly 30–120 ms, one in ten 300–700 ms, which
//                   lets the server's 300 ms-debounced coverage pass run, as it does for a real
//                   typist); time from sending didChange to the file's publishDiagnostics
//   cross-file      delete/re-insert the last character of a requirement's id in that file: time
//                   until every other file that links to it has its diagnostics republished
//   views           the Requirements views (issue 19) on the same server: reqtrace/trace at each item of
//                   the 20-item file, taking turns with a hover there (the baseline); then after an
//                   edit, reqtrace/matrix (the coverage model worked out afresh), and after another,
//                   reqtrace/gaps and the matrix again (the model shared)
//   stamped links   change control (issue 18): the 10k workspace where HUB_ID is satisfied by 500
//                   requirements spread over 250 files, in two copies with `suspect-links: stamped`
//                   and HUB_ID marked reviewed (`reqtrace review`): one with every link stamped,
//                   one with none. A server on each; words typed into HUB_ID's `need:` text letter
//                   by letter and deleted the same way (every keystroke changes its meaning, hence
//                   its fingerprint), the two servers taking turns word by word, with the typing
//                   pauses above. Stamped: time from didChange until every file with a live stamped
//                   link to it has published its suspect-link diagnostics showing the need's new
//                   fingerprint (none once the text is back as it was). Unstamped, the baseline: the
//                   same keystrokes until the need's own file shows its new fingerprint
//                   (unreviewed-change); there no other file is re-checked, and the run says so
//   2,000 items     the same keystrokes in one 2,000-item requirements file (10k workspace variant)
//   50k             load time and RSS (/proc VmRSS, VmHWM) with 50,000 items; hover, definition,
//                   references and completion at varied positions in 20 open files; rename of an id
//                   linked from 500 places → WorkspaceEdit
//   yaml-ls         the same keystrokes, same files, same pauses, against yaml-language-server with
//                   yaml.schemas mapping *.needs/reqs/itt.yaml to schemas/*.schema.json (set through
//                   didChangeConfiguration and workspace/configuration; schema store off). It
//                   validates 200 ms after the last change and publishes every time.
//
// Every timeout is counted and shown, never hidden; a scenario far over target is cut short by a
// time budget (shown as its n) so that the whole bench stays within about five minutes.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ensureLargeWorkspace, ensureOneFileWorkspace, ensureSpreadHubWorkspace, ensureWorkspace, HUB_ID, HUB_LINKS, ONE_FILE_PATH, prng, reviewedCopy } from './generate.mjs';
import { LspClient, positionAt, TimeoutError, uriOf } from './lspClient.mjs';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '../..');
const YAML_LS = join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server');
const SUFFIX_RE = /\.(needs|reqs|itt)\.ya?ml$/;

/** The issue's targets. */
export const LSP_TARGETS = {
  coldRatio: 1.0, // initialized → all diagnostics published, ≤ this × bare parse
  key20P95: 15,
  key2000P95: 60,
  crossP95: 50,
  stampedP95: 50, // typing in a need with 500 stamped links → every other file's suspect-link diagnostics
  requestP95: 10,
  renameMs: 100,
  warmRatio: 0.3,
  rssMb: 300,
};

// ---------------------------------------------------------------------------------------------
// Small helpers

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const sorted = (values) => [...values].sort((a, b) => a - b);
export const median = (values) => {
  if (values.length === 0) return undefined;
  const s = sorted(values);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
/** Nearest-rank percentile. */
export const percentile = (values, p) => (values.length === 0 ? undefined : sorted(values)[Math.max(0, Math.ceil((p / 100) * values.length) - 1)]);
const round = (n, digits = 1) => (n === undefined || n === null || Number.isNaN(n) ? null : Math.round(n * 10 ** digits) / 10 ** digits);
const stats = (values) => ({ n: values.length, median: median(values), p95: percentile(values, 95), max: values.length ? Math.max(...values) : undefined });

/** Typing-like pauses between keystrokes: mostly 30–120 ms, one in ten a pause of 300–700 ms. */
function typingGaps(seed = 7) {
  const rand = prng(seed);
  return () => (rand() < 0.1 ? 300 + rand() * 400 : 30 + rand() * 90);
}

function listFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((p) => SUFFIX_RE.test(p))
    .sort();
}

// ---------------------------------------------------------------------------------------------
// Where to type: offsets in a file's text, found with the generator's layout.

const LINK_LIST = /^( {4}(?:satisfies|covers): \[)(.*)\]$/gm;
const PARENT = /^( {4}parent: )(\S+)$/gm;
const PRIORITY = /^( {4}priority: )(must|should|could|wont)$/gm;
const ID_LINE = /^( {2}- id: )(\S+)$/gm;
const PLAIN_LINK = /^(UN|REQ)-[A-Z]+-\d+$/;

/** Every link value in a text: [{ id, start, end, field }] (offsets of the value, quotes included). */
function links(text) {
  const out = [];
  for (const m of text.matchAll(LINK_LIST)) {
    let at = m.index + m[1].length;
    for (const element of m[2].split(', ')) {
      out.push({ id: element.startsWith('"') ? JSON.parse(element) : element, start: at, end: at + element.length, field: /satisfies/.test(m[1]) ? 'satisfies' : 'covers', listStart: m.index + m[1].length });
      at += element.length + 2;
    }
  }
  for (const m of text.matchAll(PARENT)) out.push({ id: m[2].startsWith('"') ? JSON.parse(m[2]) : m[2], start: m.index + m[1].length, end: m.index + m[0].length, field: 'parent' });
  return out.sort((a, b) => a.start - b.start);
}

function ids(text) {
  return [...text.matchAll(ID_LINE)].map((m) => ({ id: m[2], start: m.index + m[1].length, end: m.index + m[0].length }));
}

/**
 * Keystroke sites of a file, one link and one priority per item, in item order: each is the offset
 * of a last character to delete and re-insert. Deleting the last digit of a valid link makes it
 * broken; deleting the last letter of a priority makes it a bad enum value: either way the file's
 * diagnostics change on every keystroke.
 */
export function keystrokeSites(text) {
  const items = ids(text);
  const linkSites = links(text).filter((l) => PLAIN_LINK.test(l.id));
  const enumSites = [...text.matchAll(PRIORITY)].map((m) => ({ offset: m.index + m[0].length - 1, kind: 'enum' }));
  const perItem = items.map((item, i) => {
    const end = items[i + 1]?.start ?? text.length;
    const link = linkSites.find((l) => l.start > item.start && l.end < end);
    const priority = enumSites.find((e) => e.offset > item.start && e.offset < end);
    return [link && { offset: link.end - 1, kind: 'link' }, priority].filter(Boolean);
  });
  return perItem;
}

/** `count` sites spread over the file's items (a stride through them), alternating link and enum. */
export function spreadSites(perItem, count) {
  const stride = perItem.length > 40 ? 137 : 1;
  const out = [];
  for (let k = 0; out.length < count && k < count * 4; k++) {
    const sites = perItem[(k * stride) % perItem.length];
    // Alternate link and priority, shifting each round so every item gets both.
    const site = sites[(k + Math.floor(k / perItem.length)) % sites.length];
    if (site) out.push(site);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Servers

/** A copy of the built server, so that a rebuild by someone else mid-run cannot change what is measured. */
export function snapshotServer(tmp) {
  const dir = join(tmp, 'server-dist');
  mkdirSync(dir, { recursive: true });
  for (const name of ['server.js', 'server.js.map', 'parseWorker.js', 'parseWorker.js.map']) {
    if (existsSync(join(ROOT, 'dist', name))) copyFileSync(join(ROOT, 'dist', name), join(dir, name));
  }
  if (!existsSync(join(dir, 'server.js'))) throw new Error('dist/server.js is missing: run `npm run build` first (or `npm run bench`).');
  return join(dir, 'server.js');
}

const REQTRACE_CAPABILITIES = {
  workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: false }, didChangeConfiguration: { dynamicRegistration: true } },
  textDocument: { publishDiagnostics: { relatedInformation: true }, rename: { prepareSupport: true }, hover: { contentFormat: ['markdown', 'plaintext'] }, completion: { completionItem: { snippetSupport: true } } },
  window: { workDoneProgress: true },
};

export class Harness {
  constructor({ tmp, server, profileDir, log, live }) {
    this.live = live;
    this.tmp = tmp;
    this.server = server;
    this.profileDir = profileDir;
    this.log = log;
    this.windows = [];
    this.serial = 0;
  }

  /** Our server on `root`, with its parse cache in `cacheDir`; resolves once `initialize` is answered. */
  async startReqtrace(root, cacheDir, name) {
    const nodeArgs = [];
    let profileDir;
    if (this.profileDir) {
      profileDir = join(this.profileDir, `${String(++this.serial).padStart(2, '0')}-${name}`);
      nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
    }
    mkdirSync(cacheDir, { recursive: true });
    const client = LspClient.start(this.server, {
      nodeArgs,
      name: `reqtrace (${name})`,
      env: { XDG_CACHE_HOME: cacheDir, NODE_PATH: join(ROOT, 'node_modules') },
      configuration: () => ({}),
    });
    this.live.add(client);
    client.profileDir = profileDir;
    const t0 = performance.now();
    await client.initialize(root, REQTRACE_CAPABILITIES);
    client.initializeMs = performance.now() - t0;
    client.spawnToInitializeMs = performance.now() - client.spawnedAt;
    return client;
  }

  /**
   * Sends `initialized` and waits for the first coverage notification: the whole workspace's
   * diagnostics published. With `probe` (a hover request), also times the first answer from the
   * whole index: a warm start publishes from its cache before the index is loaded.
   */
  async indexed(client, timeoutMs = 180_000, probe = undefined) {
    const before = client.publishCount;
    const t0 = performance.now();
    await client.notify('initialized', {});
    const coverage = await client.notifiedAfter('reqtrace/coverage', t0, timeoutMs);
    const answer = probe ? await client.request('textDocument/hover', probe) : undefined;
    const answeredMs = probe ? performance.now() - t0 : undefined;
    if (probe && !answer?.contents) throw new Error(`no hover at ${JSON.stringify(probe)}: the index is not whole`);
    let lastPublish = t0;
    for (const list of client.publishes.values()) for (const p of list) if (p.t >= t0 && p.t <= coverage.t) lastPublish = Math.max(lastPublish, p.t);
    const cacheLine = client.logs.find((line) => /from the parse cache/.test(line));
    return {
      answeredMs,
      ms: Math.max(coverage.t, lastPublish) - t0,
      publishes: client.publishCount - before,
      cache: cacheLine ? /: (\d+) from the parse cache, (\d+) parsed/.exec(cacheLine)?.slice(1).map(Number) : undefined,
      coverage: coverage.params,
    };
  }

  /** After opening files: wait for the server's next coverage notification (sent a second after it settles). */
  async settle(client, since, timeoutMs = 5_000) {
    try {
      await client.notifiedAfter('reqtrace/coverage', since, timeoutMs);
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
    }
  }

  /** Marks the span of a scenario, for cutting the server's CPU profile to it. */
  async phase(client, name, body) {
    const start = performance.now();
    try {
      return await body();
    } finally {
      this.window(client, name, [[start, performance.now()]]);
    }
  }

  /** Profile windows: spans [from, to] in performance.now() ms, of which the profile is cut to the union. */
  window(client, name, spans) {
    if (client.profileDir && spans.length > 0) this.windows.push({ name, profileDir: client.profileDir, pid: client.pid, spans });
  }
}

/** performance.now() ms → µs on the monotonic clock that process.hrtime and V8's profiler use. */
const HR_OFFSET_US = Number(process.hrtime.bigint() / 1000n) - performance.now() * 1000;
const toMonotonicUs = (ms) => ms * 1000 + HR_OFFSET_US;

// ---------------------------------------------------------------------------------------------
// Scenarios

/**
 * Keystrokes at `sites`, each deleted then re-inserted (so `2 × sites.length` keystrokes), waiting for
 * the file's publishDiagnostics after each and then a typing-like pause.
 */
export async function keystrokes(client, uri, text, sites, { timeoutMs = 5_000, gaps = typingGaps(), others, budgetMs = Infinity } = {}) {
  const times = { all: [], link: [], enum: [], delete: [], insert: [] };
  const cross = [];
  const crossFiles = [];
  /** [{ ms, gap }]: each keystroke's latency and the pause before it. */
  const detail = [];
  /** [t0, t1] of every measured latency, for cutting the server's profile to them. */
  const spans = [];
  let gap = 0;
  let timeouts = 0;
  let stoppedEarly = false;
  const started = performance.now();
  for (const [k, site] of sites.entries()) {
    // A time budget keeps the whole bench within minutes while the server is far over target.
    if (k >= 10 && performance.now() - started > budgetMs) {
      stoppedEarly = true;
      break;
    }
    const pos = positionAt(text, site.offset);
    for (const insert of [false, true]) {
      const t0 = insert
        ? await client.change(uri, { start: pos, end: pos }, text[site.offset])
        : await client.change(uri, { start: pos, end: { line: pos.line, character: pos.character + 1 } }, '');
      try {
        if (others) {
          // Cross-file: the files that link to the edited id, each republished.
          const expected = others[k];
          const published = await Promise.all(expected.map((u) => client.publishedAfter(u, t0, timeoutMs)));
          cross.push(Math.max(...published.map((p) => p.t)) - t0);
          crossFiles.push(expected.length);
          spans.push([t0, t0 + cross.at(-1)]);
          detail.push({ ms: cross.at(-1), gap });
        } else {
          const p = await client.publishedAfter(uri, t0, timeoutMs);
          const ms = p.t - t0;
          spans.push([t0, p.t]);
          times.all.push(ms);
          times[site.kind].push(ms);
          times[insert ? 'insert' : 'delete'].push(ms);
          detail.push({ ms, gap, kind: site.kind, insert, count: p.count });
        }
      } catch (error) {
        if (!(error instanceof TimeoutError)) throw error;
        timeouts++;
      }
      // The pause of a typist between keystrokes: part of the workload being measured (it lets the
      // server's debounced work run as it would for a person), not a wait for anything.
      gap = gaps();
      await sleep(gap);
    }
  }
  return { times, cross, crossFiles, timeouts, stoppedEarly, detail, spans };
}

/** How many priority-letter deletions the server flagged (more diagnostics than once the letter is back): proof that the schema is applied. */
function enumFlagged(result) {
  let flagged = 0;
  let total = 0;
  for (let i = 0; i + 1 < result.detail.length; i++) {
    const [del, ins] = [result.detail[i], result.detail[i + 1]];
    if (del.kind !== 'enum' || del.insert || !ins.insert) continue;
    total++;
    if (del.count > ins.count) flagged++;
  }
  return `${flagged} of ${total}`;
}

/** The slowest keystrokes and the pause before each: a pause of 300 ms or more lets the server start its coverage pass. */
function slowest(result, count = 4) {
  const top = [...result.detail].sort((a, b) => b.ms - a.ms).slice(0, count);
  return `slowest ${top.map((d) => `${d.ms.toFixed(0)} ms (after ${d.gap.toFixed(0)} ms idle)`).join(', ')}`;
}

/** Ids defined in `text` that other files link to, with those files' uris, as cross-file sites. */
function crossFileSites(root, relPath, text, referencedBy, count) {
  const sites = [];
  const others = [];
  for (const def of ids(text)) {
    const files = [...(referencedBy.get(def.id) ?? [])].filter((p) => p !== relPath);
    if (files.length === 0) continue;
    sites.push({ offset: def.end - 1, kind: 'id', id: def.id });
    others.push(files.map((p) => uriOf(join(root, p))));
  }
  const out = { sites: [], others: [] };
  for (let k = 0; k < count && sites.length > 0; k++) {
    out.sites.push(sites[k % sites.length]);
    out.others.push(others[k % sites.length]);
  }
  return out;
}

/** id → Set of files (relative paths) with a link to it. */
function referenceMap(root, paths) {
  const map = new Map();
  for (const path of paths) {
    for (const link of links(readFileSync(join(root, path), 'utf8'))) {
      let set = map.get(link.id);
      if (!set) map.set(link.id, (set = new Set()));
      set.add(path);
    }
  }
  return map;
}

/**
 * The Requirements views' requests on a warm server with `uri` open: the Trace Explorer's
 * reqtrace/trace at each item's id in the file, taking turns with a hover at the same place (its
 * baseline), `count` of each; then `rounds` of: an edit (a letter typed into a title, then deleted),
 * after which reqtrace/matrix works out the coverage model afresh, and reqtrace/gaps does, with the
 * matrix asked next sharing it. Each edit is taken by the server before it answers (views wait for
 * the folder to be up to date).
 */
async function viewRequests(client, uri, text, count, rounds) {
  const out = { trace: [], hover: [], matrixFresh: [], gaps: [], matrixShared: [], matrixBytes: 0, matrixRows: 0, traceEmpty: 0 };
  const ids = [...text.matchAll(/^ {2}- id: /gm)].map((m) => positionAt(text, m.index + m[0].length + 1));
  const timed = async (method, params) => {
    const t0 = performance.now();
    const result = await client.request(method, params);
    return { ms: performance.now() - t0, result };
  };
  for (let i = 0; i < count; i++) {
    const position = ids[i % ids.length];
    const trace = await timed('reqtrace/trace', { textDocument: { uri }, position });
    out.trace.push(trace.ms);
    if (!trace.result?.item) out.traceEmpty++;
    out.hover.push((await timed('textDocument/hover', { textDocument: { uri }, position })).ms);
  }
  const title = text.indexOf('    title: ') + '    title: '.length;
  const at = positionAt(text, title);
  for (let r = 0; r < rounds; r++) {
    await client.change(uri, { start: at, end: at }, 'x');
    const fresh = await timed('reqtrace/matrix', {});
    out.matrixFresh.push(fresh.ms);
    out.matrixBytes = JSON.stringify(fresh.result).length;
    out.matrixRows = fresh.result.rows.length;
    await client.change(uri, { start: at, end: { line: at.line, character: at.character + 1 } }, '');
    out.gaps.push((await timed('reqtrace/gaps', {})).ms);
    out.matrixShared.push((await timed('reqtrace/matrix', {})).ms);
  }
  return out;
}

/**
 * Requests at varied positions in open files, one at a time: times per method, and how many answers
 * were empty. Hover, definition and references take turns, `count` of each; then `completions`
 * completions, stopping early (after 30) once `budgetMs` has passed.
 */
async function requests(client, docs, count, completions, budgetMs, seed = 11) {
  const rand = prng(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const out = { hover: [], definition: [], references: [], completion: [], completionIds: [] };
  const spans = { hover: [], definition: [], references: [], completion: [] };
  const empty = { hover: 0, definition: 0, references: 0, completion: 0 };
  const targetsOf = (doc) => {
    const ls = links(doc.text);
    return {
      // The middle of a link value or of an id.
      points: [...ls.map((l) => ({ offset: (l.start + l.end) >> 1 })), ...ids(doc.text).map((d) => ({ offset: (d.start + d.end) >> 1 }))],
      // Where an id is being typed in a link list (its first element), and an enum value.
      completions: [
        ...ls.filter((l) => l.listStart === l.start).map((l) => ({ offset: l.start, ids: true })),
        ...ls.filter((l) => l.field === 'parent').map((l) => ({ offset: l.start, ids: true })),
        ...[...doc.text.matchAll(PRIORITY)].map((m) => ({ offset: m.index + m[1].length, ids: false })),
      ],
    };
  };
  const targets = docs.map((doc) => ({ doc, ...targetsOf(doc) }));
  const time = async (method, params) => {
    const t0 = performance.now();
    const result = await client.request(method, params);
    const t1 = performance.now();
    spans[method.replace('textDocument/', '')].push([t0, t1]);
    return { ms: t1 - t0, result };
  };
  const started = performance.now();
  const rounds = [...Array.from({ length: count }, () => ['hover', 'definition', 'references']), ...Array.from({ length: completions }, () => ['completion'])];
  for (const round of rounds) {
    for (const method of round) {
      if (method === 'completion' && out.completion.length >= 30 && performance.now() - started > budgetMs) break;
      const target = pick(targets);
      const textDocument = { uri: target.doc.uri };
      if (method === 'completion') {
        const at = pick(target.completions);
        const { ms, result } = await time('textDocument/completion', { textDocument, position: positionAt(target.doc.text, at.offset), context: { triggerKind: 1 } });
        out.completion.push(ms);
        if (at.ids) out.completionIds.push(ms);
        const items = Array.isArray(result) ? result : result?.items;
        if (!items || items.length === 0) empty.completion++;
      } else {
        const at = pick(target.points);
        const position = positionAt(target.doc.text, at.offset);
        const params = method === 'references' ? { textDocument, position, context: { includeDeclaration: true } } : { textDocument, position };
        const { ms, result } = await time(`textDocument/${method}`, params);
        out[method].push(ms);
        if (!result || (Array.isArray(result) && result.length === 0)) empty[method]++;
      }
    }
  }
  return { times: out, empty, spans };
}

// ---------------------------------------------------------------------------------------------
// Change control: typing in a need that stamped links point to

/** Words typed into the need, each at its own place, letter by letter, then deleted the same way. */
const TYPED_WORDS = ['quickly ', 'securely ', 'also ', 'each '];

/**
 * Offsets in `text` where a word of item `id`'s folded `need:` text starts after a space on the
 * same line: inserting letters there changes the text's words, and so its fingerprint, on every
 * keystroke (a space typed after a word splits two words; it never doubles one).
 */
function needWordStarts(text, id) {
  const item = text.indexOf(`  - id: ${id}\n`);
  const key = '    need: >-\n';
  let at = text.indexOf(key, item) + key.length;
  const starts = [];
  while (text.startsWith('      ', at) && text[at + 6] !== ' ') {
    const end = text.indexOf('\n', at);
    for (const m of text.slice(at, end).matchAll(/ (?=\S)/g)) if (m.index >= 6) starts.push(at + m.index + 1);
    at = end + 1;
  }
  return starts;
}

/**
 * The links to `id` that carry a stamp: how many in all, and each file with live ones (a withdrawn
 * item's links are not checked) as its uri → how many.
 */
function stampedLinksTo(root, id) {
  const link = new RegExp(`[\\[ ]${id.replace(/[.-]/g, '\\$&')}@[0-9a-f]{10}[,\\]]`, 'g');
  const live = new Map();
  let all = 0;
  for (const path of listFiles(root)) {
    const text = readFileSync(join(root, path), 'utf8');
    let n = 0;
    for (const block of text.split(/^(?= {2}- id: )/m).slice(1)) {
      const found = block.match(link)?.length ?? 0;
      all += found;
      if (!/^ {4}status: withdrawn$/m.test(block)) n += found;
    }
    if (n > 0) live.set(uriOf(join(root, path)), n);
  }
  return { all, live };
}

/**
 * Types `word` at `offset` of the need's file, a letter a keystroke, then deletes it a letter a
 * keystroke, with typing pauses. After each keystroke: waits for the need's own file to show the
 * need's new fingerprint in its unreviewed-change finding (or none, once the text is back), then,
 * with `others` (uri → stamped links to the need), for every one of those files to publish exactly
 * that many suspect-link diagnostics for the need, each carrying the same new fingerprint (none once
 * the text is back). Times both from didChange.
 */
async function typeWordInNeed(client, need, offset, word, { others, gaps, timeoutMs = 5_000, out }) {
  const pos = positionAt(need.text, offset);
  const unreviewed = (diagnostics) => diagnostics.filter((d) => d.code === 'unreviewed-change' && d.message.startsWith(`${need.id} `));
  const suspect = (diagnostics) => diagnostics.filter((d) => d.code === 'suspect-link' && d.message.startsWith(`${need.id} has changed`));
  const keys = [...[...word].map((ch, i) => ({ range: { start: { ...pos, character: pos.character + i }, end: { ...pos, character: pos.character + i } }, text: ch, back: false })), ...[...word].map((_, i) => word.length - 1 - i).map((i) => ({ range: { start: { ...pos, character: pos.character + i }, end: { ...pos, character: pos.character + i + 1 } }, text: '', back: i === 0 }))];
  for (const key of keys) {
    const t0 = await client.change(need.uri, key.range, key.text);
    // The need's fingerprint after this keystroke, as its own file shows it; undefined once it is as reviewed.
    let now;
    try {
      const own = await client.publishedMatching(need.uri, t0, (d) => (key.back ? unreviewed(d).length === 0 : unreviewed(d).length === 1 && unreviewed(d)[0].data?.fingerprint !== out.last), `${need.id}'s own finding`, timeoutMs);
      now = key.back ? undefined : unreviewed(own.diagnostics)[0].data.fingerprint;
      out.own.push(own.t - t0);
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      out.ownTimeouts++;
      now = undefined;
    }
    out.last = now;
    if (others) {
      const expect = (n) => (d) => {
        const found = suspect(d);
        return key.back ? found.length === 0 : found.length === n && (now === undefined || found.every((f) => f.data?.fingerprint === now));
      };
      const settled = await Promise.allSettled([...others].map(([uri, n]) => client.publishedMatching(uri, t0, expect(n), `${need.id}'s suspect-link diagnostics`, timeoutMs)));
      for (const r of settled) if (r.status === 'rejected' && !(r.reason instanceof TimeoutError)) throw r.reason;
      const arrived = settled.filter((r) => r.status === 'fulfilled').map((r) => r.value.t);
      if (arrived.length === others.size) {
        out.all.push(Math.max(...arrived) - t0);
        out.first.push(Math.min(...arrived) - t0);
      } else {
        out.timeouts++;
        out.missing = Math.max(out.missing, others.size - arrived.length);
      }
    }
    out.keystrokes++;
    await sleep(gaps());
  }
}

// ---------------------------------------------------------------------------------------------
// yaml-language-server, the baseline for keystrokes

function yamlLsSettings() {
  const schema = (name) => uriOf(join(ROOT, 'schemas', `${name}.schema.json`));
  return {
    yaml: {
      schemas: { [schema('needs')]: ['*.needs.yaml', '*.needs.yml'], [schema('requirements')]: ['*.reqs.yaml', '*.reqs.yml'], [schema('itt')]: ['*.itt.yaml', '*.itt.yml'] },
      validate: true,
      hover: true,
      completion: true,
      schemaStore: { enable: false },
    },
  };
}

async function startYamlLs(root, live) {
  const settings = yamlLsSettings();
  const client = LspClient.start(YAML_LS, {
    name: 'yaml-language-server',
    configuration: (item) => (item.section === 'yaml' ? settings.yaml : {}),
  });
  live.add(client);
  await client.initialize(root, {
    workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
    textDocument: { publishDiagnostics: { relatedInformation: true }, synchronization: { dynamicRegistration: false } },
  });
  await client.notify('initialized', {});
  await client.notify('workspace/didChangeConfiguration', { settings });
  return client;
}

// ---------------------------------------------------------------------------------------------
// CPU profiles of our server, cut to each scenario

export async function summariseProfiles(windows, bundle, log) {
  const { summarise } = await import('./profile.mjs');
  for (const w of windows) {
    if (!existsSync(w.profileDir)) continue;
    // The main thread's profile: CPU.<date>.<time>.<pid>.0.<n>.cpuprofile (workers have other thread ids).
    const files = readdirSync(w.profileDir).filter((f) => f.endsWith('.cpuprofile'));
    const main = files.find((f) => new RegExp(`\\.${w.pid}\\.0\\.\\d+\\.cpuprofile$`).test(f)) ?? files.sort((a, b) => statSync(join(w.profileDir, b)).size - statSync(join(w.profileDir, a)).size)[0];
    if (!main) continue;
    const profile = JSON.parse(readFileSync(join(w.profileDir, main), 'utf8'));
    // Sample times in µs on the monotonic clock, as process.hrtime is.
    const spans = w.spans.map(([a, b]) => [toMonotonicUs(a), toMonotonicUs(b)]).sort((x, y) => x[0] - y[0]);
    const samples = [];
    const deltas = [];
    let t = profile.startTime;
    let s = 0;
    for (const [i, id] of profile.samples.entries()) {
      t += profile.timeDeltas[i];
      while (s < spans.length && spans[s][1] < t) s++;
      if (s < spans.length && t >= spans[s][0]) {
        samples.push(id);
        deltas.push(profile.timeDeltas[i]);
      }
    }
    const wall = spans.reduce((sum, [a, b]) => sum + (b - a), 0);
    const cut = join(w.profileDir, `${w.name.replace(/\W+/g, '-')}.window.cpuprofile`);
    writeFileSync(cut, JSON.stringify({ ...profile, samples, timeDeltas: deltas, startTime: spans[0][0], endTime: spans.at(-1)[1] }));
    log(`\n=== server profile: ${w.name} (${(wall / 1000).toFixed(0)} ms of wall clock${spans.length > 1 ? ` in ${spans.length} spans` : ''})`);
    if (samples.length === 0) {
      log('no samples in this window');
      continue;
    }
    for (const line of summarise(cut, bundle, { top: 15 })) log(line);
  }
  // The parse pool's threads during the first cold start (whole thread lifetimes).
  const first = windows[0];
  const workers = first && existsSync(first.profileDir) ? readdirSync(first.profileDir).filter((f) => /\.cpuprofile$/.test(f) && !f.includes('window') && !new RegExp(`\\.${first.pid}\\.0\\.`).test(f)) : [];
  for (const file of workers) {
    log(`\n=== parse worker thread of ${first.name}: ${file}`);
    for (const line of summarise(join(first.profileDir, file), bundle.replace(/server\.js$/, 'parseWorker.js'), { top: 10 })) log(line);
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Runs every scenario; returns { rows, summary } for bench.mjs to print. Every server it started is
 * gone when it returns or throws.
 * @param {{ quick: boolean, profile: boolean, log: (line?: string) => void, tmp: string, parseColdRuns: number[], filesWithFindings?: number }} options
 */
export async function runLsp(options) {
  const live = new Set();
  try {
    return await scenarios(options, live);
  } finally {
    for (const client of live) {
      if (client.exited) continue;
      client.child.kill('SIGKILL');
      await client.exit;
    }
  }
}

async function scenarios({ quick, profile, log, tmp, parseColdRuns, filesWithFindings }, live) {
  // Sites: each is two keystrokes (delete, re-insert). Budgets (ms) cut a scenario short, visibly, when the server is far over target.
  const n = quick
    ? { starts: 1, key20: 20, key2000: 10, cross: 10, ccWords: 2, requests: 20, completions: 20, renames: 5, views: 20, viewRounds: 2, yls20: 10, yls2000: 5, key2000Budget: 15_000, ccBudget: 20_000, completionBudget: 10_000, yls2000Budget: 10_000 }
    : { starts: 3, key20: 50, key2000: 50, cross: 50, ccWords: 4, requests: 120, completions: 100, renames: 20, views: 60, viewRounds: 5, yls20: 30, yls2000: 12, key2000Budget: 60_000, ccBudget: 60_000, completionBudget: 40_000, yls2000Budget: 35_000 };
  const server = snapshotServer(tmp);
  // Profiles stay after the run, to open in Chrome DevTools › Performance.
  const profileDir = profile ? join(tmpdir(), 'reqtrace-bench-lsp-profiles') : undefined;
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  const h = new Harness({ tmp, server, profileDir, log, live });
  const started = performance.now();

  const t = performance.now();
  const w10 = ensureWorkspace().dir;
  const w1f = ensureOneFileWorkspace();
  const w50 = ensureLargeWorkspace();
  log(`LSP workspaces: ${w10}, ${w1f.dir}, ${w50.dir} (${w1f.generated || w50.generated ? `generated in ${Math.round(performance.now() - t)} ms` : 'reused'})`);
  const parseColdMs = median(parseColdRuns);

  // -- 10k: cold and warm starts, interleaved; the last warm server stays up for the keystrokes.
  const cold = [];
  const warm = [];
  let warmServer;
  // The first answer: a hover on the first link of the first requirements file.
  const probePath = listFiles(w10).find((p) => p.endsWith('.reqs.yaml'));
  const probeText = readFileSync(join(w10, probePath), 'utf8');
  const probe = { textDocument: { uri: uriOf(join(w10, probePath)) }, position: positionAt(probeText, probeText.indexOf('satisfies: [') + 'satisfies: ['.length + 1) };
  for (let r = 0; r < n.starts; r++) {
    const cacheDir = join(tmp, `cache-${r}`);
    rmSync(cacheDir, { recursive: true, force: true });
    const c = await h.startReqtrace(w10, cacheDir, `10k-cold-${r + 1}`);
    cold.push({ ...(await h.phase(c, `10k cold start ${r + 1}: initialized → all published`, () => h.indexed(c))), spawnToInitializeMs: c.spawnToInitializeMs, memory: c.memory() });
    await c.stop();
    const cacheFiles = existsSync(join(cacheDir, 'reqtrace')) ? readdirSync(join(cacheDir, 'reqtrace')) : [];
    const cacheBytes = cacheFiles.reduce((sum, f) => sum + statSync(join(cacheDir, 'reqtrace', f)).size, 0);
    const w = await h.startReqtrace(w10, cacheDir, `10k-warm-${r + 1}`);
    warm.push({ ...(await h.phase(w, `10k warm start ${r + 1}: initialized → all published`, () => h.indexed(w, undefined, probe))), spawnToInitializeMs: w.spawnToInitializeMs, cacheBytes, memory: w.memory() });
    log(`10k start ${r + 1}: cold ${cold[r].ms.toFixed(0)} ms (${cold[r].publishes} files published${cold[r].cache ? `, cache ${cold[r].cache[0]} hits / ${cold[r].cache[1]} parsed` : ''}), warm ${warm[r].ms.toFixed(0)} ms (${warm[r].publishes} published${warm[r].cache ? `, cache ${warm[r].cache[0]} hits / ${warm[r].cache[1]} parsed` : ''}, cache file ${(cacheBytes / 1024 / 1024).toFixed(1)} MB; first hover answered at ${warm[r].answeredMs.toFixed(0)} ms)`);
    if (r < n.starts - 1) await w.stop();
    else warmServer = w;
  }

  // -- 10k: keystrokes in a 20-item file, then edits that break links in other files.
  const paths10 = listFiles(w10);
  const file20 = paths10.find((p) => p.endsWith('.reqs.yaml'));
  const text20 = readFileSync(join(w10, file20), 'utf8');
  const uri20 = uriOf(join(w10, file20));
  let tOpen = performance.now();
  await warmServer.open(uri20, text20);
  await h.settle(warmServer, tOpen);
  const sites20 = spreadSites(keystrokeSites(text20), n.key20);
  const key20 = await keystrokes(warmServer, uri20, text20, sites20);
  h.window(warmServer, 'keystrokes in a 20-item file: only while waiting for diagnostics', key20.spans);
  log(`keystroke → diagnostics, 20-item file ${file20}: median ${median(key20.times.all)?.toFixed(1)} ms, p95 ${percentile(key20.times.all, 95)?.toFixed(1)} ms over ${key20.times.all.length}${key20.timeouts ? `, ${key20.timeouts} TIMED OUT` : ''}; bad priorities flagged ${enumFlagged(key20)}; ${slowest(key20)}`);

  await h.settle(warmServer, performance.now());
  const referencedBy = referenceMap(w10, paths10);
  const crossSites = crossFileSites(w10, file20, text20, referencedBy, n.cross);
  const cross = await keystrokes(warmServer, uri20, text20, crossSites.sites, { others: crossSites.others });
  h.window(warmServer, 'edits breaking links in other files: only while waiting for diagnostics', cross.spans);
  log(`edit breaking links in other files → their diagnostics: median ${median(cross.cross)?.toFixed(1)} ms, p95 ${percentile(cross.cross, 95)?.toFixed(1)} ms over ${cross.cross.length} (files per edit: median ${median(cross.crossFiles)})${cross.timeouts ? `, ${cross.timeouts} TIMED OUT` : ''}; ${slowest(cross)}`);
  await h.settle(warmServer, performance.now());
  const tViews = performance.now();
  const views = await viewRequests(warmServer, uri20, text20, n.views, n.viewRounds);
  h.window(warmServer, 'the Requirements views: trace, hover, matrix and gaps requests', [[tViews, performance.now()]]);
  log(`views, 10k: trace p95 ${percentile(views.trace, 95)?.toFixed(1)} ms (hover at the same places ${percentile(views.hover, 95)?.toFixed(1)} ms, ${views.traceEmpty} traces empty); after an edit, matrix ${median(views.matrixFresh)?.toFixed(0)} ms (${views.matrixRows} rows, ${(views.matrixBytes / 1024 / 1024).toFixed(1)} MB), gaps ${median(views.gaps)?.toFixed(0)} ms and the matrix after it ${median(views.matrixShared)?.toFixed(0)} ms`);
  await warmServer.close(uri20);
  await warmServer.stop();

  // -- Change control: typing in a need with 500 stamped links to it, beside the same need with 500 unstamped ones.
  const hub = ensureSpreadHubWorkspace().dir;
  const ccConfig = 'suspect-links: stamped\n';
  const stampedRoot = join(tmp, 'cc-stamped');
  const unstampedRoot = join(tmp, 'cc-unstamped');
  const stampedBy = reviewedCopy(hub, stampedRoot, { config: ccConfig, reviews: [['--all', '--links-only'], [HUB_ID]] });
  const unstampedBy = reviewedCopy(hub, unstampedRoot, { config: ccConfig, reviews: [[HUB_ID]] });
  log(`change-control copies of ${hub}: stamped (${stampedBy.join(' ')}), unstamped (${unstampedBy.join(' ')})`);
  const stampedTo = stampedLinksTo(stampedRoot, HUB_ID);
  const stampedOthers = stampedTo.live;
  const stampedHubLinks = [...stampedOthers.values()].reduce((sum, k) => sum + k, 0);
  const needPath = listFiles(stampedRoot).find((p) => readFileSync(join(stampedRoot, p), 'utf8').includes(`  - id: ${HUB_ID}\n`));
  const cc = {};
  for (const [side, root] of [['stamped', stampedRoot], ['unstamped', unstampedRoot]]) {
    const client = await h.startReqtrace(root, join(tmp, `cache-cc-${side}`), `cc-${side}`);
    const load = await h.phase(client, `change control, ${side}: initialized → all published`, () => h.indexed(client));
    const need = { id: HUB_ID, uri: uriOf(join(root, needPath)), text: readFileSync(join(root, needPath), 'utf8') };
    tOpen = performance.now();
    await client.open(need.uri, need.text);
    await h.settle(client, tOpen);
    cc[side] = { client, need, load, gaps: typingGaps(), result: { own: [], all: [], first: [], ownTimeouts: 0, timeouts: 0, missing: 0, keystrokes: 0, last: undefined }, spans: [] };
  }
  const starts = needWordStarts(cc.stamped.need.text, HUB_ID);
  const words = TYPED_WORDS.slice(0, n.ccWords);
  const ccStarted = performance.now();
  for (const [w, word] of words.entries()) {
    // The servers take turns, each word starting with the other one, so that load hits them alike.
    for (const side of w % 2 ? ['unstamped', 'stamped'] : ['stamped', 'unstamped']) {
      const { client, need, gaps, result } = cc[side];
      const from = performance.now();
      await typeWordInNeed(client, need, starts[Math.floor(((w + 1) * starts.length) / (words.length + 1))], word, { others: side === 'stamped' ? stampedOthers : undefined, gaps, out: result });
      cc[side].spans.push([from, performance.now()]);
      // Its coverage pass after the typing, before the other server types.
      await h.settle(client, performance.now());
    }
    if (performance.now() - ccStarted > n.ccBudget) break;
  }
  // The baseline re-checks no other file: count what it published for them while typing.
  const unstampedOtherPublishes = [...cc.unstamped.client.publishes.entries()].filter(([uri]) => uri !== cc.unstamped.need.uri).reduce((sum, [, list]) => sum + list.filter((p) => p.t >= ccStarted).length, 0);
  for (const side of ['stamped', 'unstamped']) {
    h.window(cc[side].client, `change control, ${side}: typing in ${HUB_ID}`, cc[side].spans);
    await cc[side].client.stop();
  }
  const ccS = cc.stamped.result;
  const ccU = cc.unstamped.result;
  log(
    `typing in ${HUB_ID} (${stampedTo.all} stamped links to it, ${stampedHubLinks} from live items in ${stampedOthers.size} files) → every one of those files' suspect-link diagnostics: median ${median(ccS.all)?.toFixed(1)} ms, p95 ${percentile(ccS.all, 95)?.toFixed(1)} ms over ${ccS.all.length} of ${ccS.keystrokes} keystrokes${ccS.timeouts ? `, ${ccS.timeouts} TIMED OUT (up to ${ccS.missing} files missing)` : ''}; first file median ${median(ccS.first)?.toFixed(1)} ms; its own file median ${median(ccS.own)?.toFixed(1)} ms. ` +
      `Unstamped: own file median ${median(ccU.own)?.toFixed(1)} ms, p95 ${percentile(ccU.own, 95)?.toFixed(1)} ms over ${ccU.own.length} of ${ccU.keystrokes}${ccU.ownTimeouts ? `, ${ccU.ownTimeouts} TIMED OUT` : ''}; other files it published: ${unstampedOtherPublishes} (workspaces loaded in ${cc.stamped.load.ms.toFixed(0)} and ${cc.unstamped.load.ms.toFixed(0)} ms)`,
  );

  // -- The 2,000-item file (the 10k workspace with 100 requirements files merged into one).
  const c1f = await h.startReqtrace(w1f.dir, join(tmp, 'cache-onefile'), 'onefile');
  const load1f = await h.phase(c1f, 'one-file workspace: initialized → all published', () => h.indexed(c1f));
  const text2000 = readFileSync(join(w1f.dir, ONE_FILE_PATH), 'utf8');
  const uri2000 = uriOf(join(w1f.dir, ONE_FILE_PATH));
  tOpen = performance.now();
  await c1f.open(uri2000, text2000);
  await h.settle(c1f, tOpen);
  const sites2000 = spreadSites(keystrokeSites(text2000), n.key2000);
  const key2000 = await keystrokes(c1f, uri2000, text2000, sites2000, { budgetMs: n.key2000Budget });
  h.window(c1f, 'keystrokes in a 2,000-item file: only while waiting for diagnostics', key2000.spans);
  log(`keystroke → diagnostics, 2,000-item file: median ${median(key2000.times.all)?.toFixed(1)} ms, p95 ${percentile(key2000.times.all, 95)?.toFixed(1)} ms over ${key2000.times.all.length}${key2000.timeouts ? `, ${key2000.timeouts} TIMED OUT` : ''}${key2000.stoppedEarly ? ' (time budget reached)' : ''} (workspace loaded in ${load1f.ms.toFixed(0)} ms); bad priorities flagged ${enumFlagged(key2000)}; ${slowest(key2000)}`);
  await c1f.stop();

  // -- 50k: load, memory, requests, rename.
  const c50 = await h.startReqtrace(w50.dir, join(tmp, 'cache-50k'), '50k');
  const load50 = await h.phase(c50, '50k: initialized → all published', () => h.indexed(c50));
  const paths50 = listFiles(w50.dir);
  const docs = [];
  const step = Math.floor(paths50.length / 20);
  for (let i = 0; i < 20; i++) {
    const path = paths50[i * step + ((i * 7) % step)];
    docs.push({ uri: uriOf(join(w50.dir, path)), text: readFileSync(join(w50.dir, path), 'utf8') });
  }
  // The file with the first link to the hub need, for rename.
  const hubPath = paths50.find((p) => p.endsWith('.reqs.yaml') && links(readFileSync(join(w50.dir, p), 'utf8')).some((l) => l.id === HUB_ID));
  const hubDoc = { uri: uriOf(join(w50.dir, hubPath)), text: readFileSync(join(w50.dir, hubPath), 'utf8') };
  tOpen = performance.now();
  for (const doc of [...docs, hubDoc]) await c50.open(doc.uri, doc.text);
  await h.settle(c50, tOpen);
  // Loaded, settled, before any request: the figure for the target.
  const memLoaded = c50.memory();
  const req = await requests(c50, docs, n.requests, n.completions, n.completionBudget);
  h.window(c50, '50k: completion requests only', req.spans.completion);
  log(
    `50k requests (p95): ${['hover', 'definition', 'references', 'completion'].map((m) => `${m} ${percentile(req.times[m], 95)?.toFixed(1)} ms`).join(', ')}; id completion p95 ${percentile(req.times.completionIds, 95)?.toFixed(1)} ms; empty answers ${JSON.stringify(req.empty)}`,
  );
  const hubLink = links(hubDoc.text).find((l) => l.id === HUB_ID);
  const renameTimes = [];
  let renameEdits = 0;
  await h.phase(c50, `50k: rename of ${HUB_ID} (${HUB_LINKS} links) ×${n.renames}`, async () => {
    for (let i = 0; i < n.renames; i++) {
      const t0 = performance.now();
      const edit = await c50.request('textDocument/rename', { textDocument: { uri: hubDoc.uri }, position: positionAt(hubDoc.text, hubLink.start + 2), newName: `UN-HR-${9000 + i}` });
      renameTimes.push(performance.now() - t0);
      renameEdits = Object.values(edit?.changes ?? {}).reduce((sum, edits) => sum + edits.length, 0) + (edit?.documentChanges ?? []).reduce((sum, c) => sum + (c.edits?.length ?? 0), 0);
    }
  });
  log(`50k rename of ${HUB_ID}: median ${median(renameTimes).toFixed(1)} ms, p95 ${percentile(renameTimes, 95).toFixed(1)} ms, ${renameEdits} edits in the WorkspaceEdit; load ${load50.ms.toFixed(0)} ms, ${load50.publishes} files published`);
  const memAfter = c50.memory();
  await c50.stop();

  // -- yaml-language-server, same files, same keystrokes.
  let yls20;
  let yls2000;
  let ylsError;
  try {
    const y = await startYamlLs(w10, h.live);
    tOpen = performance.now();
    await y.open(uri20, text20);
    await y.publishedAfter(uri20, tOpen, 30_000);
    yls20 = await keystrokes(y, uri20, text20, sites20.slice(0, n.yls20), { timeoutMs: 10_000 });
    await y.close(uri20);
    tOpen = performance.now();
    await y.open(uri2000, text2000);
    await y.publishedAfter(uri2000, tOpen, 60_000);
    yls2000 = await keystrokes(y, uri2000, text2000, sites2000.slice(0, n.yls2000), { timeoutMs: 20_000, budgetMs: n.yls2000Budget });
    log(
      `yaml-language-server keystroke → diagnostics: 20-item median ${median(yls20.times.all)?.toFixed(1)} ms, p95 ${percentile(yls20.times.all, 95)?.toFixed(1)} ms over ${yls20.times.all.length}; 2,000-item median ${median(yls2000.times.all)?.toFixed(1)} ms, p95 ${percentile(yls2000.times.all, 95)?.toFixed(1)} ms over ${yls2000.times.all.length}${yls20.timeouts + yls2000.timeouts ? `, ${yls20.timeouts + yls2000.timeouts} TIMED OUT` : ''}; bad priorities it flagged: ${enumFlagged(yls20)} and ${enumFlagged(yls2000)}`,
    );
    await y.stop();
  } catch (error) {
    ylsError = String(error?.message ?? error).split('\n')[0];
    log(`yaml-language-server failed: ${String(error?.stack ?? error)}`);
  }

  if (profileDir) {
    await summariseProfiles(h.windows, server, log);
    log(`\nserver profiles (whole runs, and each scenario's window): ${profileDir}`);
  }

  // -- Figures.
  const coldMs = median(cold.map((c) => c.ms));
  const warmMs = median(warm.map((c) => c.ms));
  const warmAnsweredMs = median(warm.map((c) => c.answeredMs));
  const s = {
    key20: stats(key20.times.all),
    key2000: stats(key2000.times.all),
    cross: stats(cross.cross),
    ccAll: stats(ccS.all),
    ccOwn: stats(ccS.own),
    ccBase: stats(ccU.own),
    yls20: stats(yls20?.times.all ?? []),
    yls2000: stats(yls2000?.times.all ?? []),
    rename: stats(renameTimes),
    trace: stats(views.trace),
    traceHover: stats(views.hover),
    matrixFresh: stats(views.matrixFresh),
    gaps: stats(views.gaps),
    matrixShared: stats(views.matrixShared),
    ...Object.fromEntries(['hover', 'definition', 'references', 'completion', 'completionIds'].map((m) => [m, stats(req.times[m])])),
  };
  const mb = (kb) => (kb === undefined ? undefined : kb / 1024);
  const T = LSP_TARGETS;
  const verdict = (value, limit) => (value === undefined ? 'n/a' : value <= limit ? 'ok' : 'OVER');
  const fmt = (v) => (v === undefined || v === null ? '—' : v.toFixed(1));
  const timeoutNote = (r) => (r?.timeouts ? ` (${r.timeouts} timed out)` : '');
  const rows = [
    ['figure', 'median', 'p95', 'n', 'baseline', 'base median', 'base p95', 'target'],
    [`10k: initialized → all published (${cold[0]?.publishes} files)`, fmt(coldMs), fmt(Math.max(...cold.map((c) => c.ms))), String(cold.length), 'bare parse, fresh process', fmt(parseColdMs), fmt(Math.max(...parseColdRuns)), `≤ ${T.coldRatio}× (${(coldMs / parseColdMs).toFixed(2)}×) ${verdict(coldMs / parseColdMs, T.coldRatio)}`],
    ['10k: warm start (same, cache full)', fmt(warmMs), fmt(Math.max(...warm.map((c) => c.ms))), String(warm.length), '10k cold start', fmt(coldMs), '', `≤ ${T.warmRatio}× (${(warmMs / coldMs).toFixed(2)}×) ${verdict(warmMs / coldMs, T.warmRatio)}`],
    ['  warm start: initialized → first hover answered', fmt(warmAnsweredMs), fmt(Math.max(...warm.map((c) => c.answeredMs))), String(warm.length), '10k cold start', fmt(coldMs), '', `(${(warmAnsweredMs / coldMs).toFixed(2)}×)`],
    ['10k: spawn → initialize answered', fmt(median(cold.map((c) => c.spawnToInitializeMs))), '', String(cold.length), '', '', '', ''],
    [`keystroke → diagnostics, 20-item file${timeoutNote(key20)}`, fmt(s.key20.median), fmt(s.key20.p95), String(s.key20.n), 'yaml-language-server', fmt(s.yls20.median), fmt(s.yls20.p95), `p95 ≤ ${T.key20P95} ${verdict(s.key20.p95, T.key20P95)}`],
    ['  link digit (broken ↔ valid) / priority letter', `${fmt(median(key20.times.link))} / ${fmt(median(key20.times.enum))}`, `${fmt(percentile(key20.times.link, 95))} / ${fmt(percentile(key20.times.enum, 95))}`, '', '', '', '', ''],
    [`keystroke → diagnostics, 2,000-item file${timeoutNote(key2000)}`, fmt(s.key2000.median), fmt(s.key2000.p95), String(s.key2000.n), 'yaml-language-server', fmt(s.yls2000.median), fmt(s.yls2000.p95), `p95 ≤ ${T.key2000P95} ${verdict(s.key2000.p95, T.key2000P95)}`],
    ['  link digit (broken ↔ valid) / priority letter', `${fmt(median(key2000.times.link))} / ${fmt(median(key2000.times.enum))}`, `${fmt(percentile(key2000.times.link, 95))} / ${fmt(percentile(key2000.times.enum, 95))}`, '', '', '', '', ''],
    [`edit breaking links → other files' diagnostics${timeoutNote(cross)}`, fmt(s.cross.median), fmt(s.cross.p95), String(s.cross.n), '', '', '', `p95 ≤ ${T.crossP95} ${verdict(s.cross.p95, T.crossP95)}`],
    // A keystroke whose files did not all arrive within the timeout fails the row: it is a publication later than 5 s, or none.
    [`typing in a need, ${stampedTo.all} stamped links (${stampedHubLinks} live) → suspect-link diagnostics in all ${stampedOthers.size} files${ccS.timeouts ? ` (${ccS.timeouts} of ${ccS.keystrokes} timed out)` : ''}`, fmt(s.ccAll.median), fmt(s.ccAll.p95), String(s.ccAll.n), `same typing, ${HUB_LINKS} unstamped links: its own file${ccU.ownTimeouts ? ` (${ccU.ownTimeouts} timed out)` : ''}`, fmt(s.ccBase.median), fmt(s.ccBase.p95), `p95 ≤ ${T.stampedP95} ${ccS.timeouts || s.ccAll.n === 0 ? 'OVER' : verdict(s.ccAll.p95, T.stampedP95)}`],
    [`  the need's own file (stamped); other files the unstamped one published: ${unstampedOtherPublishes}`, fmt(s.ccOwn.median), fmt(s.ccOwn.p95), String(s.ccOwn.n), '', '', '', ''],
    [`10k: reqtrace/trace (Trace Explorer) at each item of a file${views.traceEmpty ? ` (${views.traceEmpty} empty)` : ''}`, fmt(s.trace.median), fmt(s.trace.p95), String(s.trace.n), 'hover at the same places', fmt(s.traceHover.median), fmt(s.traceHover.p95), `p95 ≤ ${T.requestP95} ${verdict(s.trace.p95, T.requestP95)}`],
    [`10k: reqtrace/matrix after an edit (${views.matrixRows} rows, ${(views.matrixBytes / 1024 / 1024).toFixed(1)} MB)`, fmt(s.matrixFresh.median), fmt(s.matrixFresh.p95), String(s.matrixFresh.n), '10k cold start', fmt(coldMs), '', `(${(s.matrixFresh.median / coldMs).toFixed(2)}×)`],
    ['10k: reqtrace/gaps after an edit', fmt(s.gaps.median), fmt(s.gaps.p95), String(s.gaps.n), '10k cold start', fmt(coldMs), '', `(${(s.gaps.median / coldMs).toFixed(2)}×)`],
    ['  then reqtrace/matrix (the coverage model shared)', fmt(s.matrixShared.median), fmt(s.matrixShared.p95), String(s.matrixShared.n), 'the matrix after an edit', fmt(s.matrixFresh.median), fmt(s.matrixFresh.p95), `(${(s.matrixShared.median / s.matrixFresh.median).toFixed(2)}×)`],
    ...['hover', 'definition', 'references', 'completion'].map((m) => [`50k: ${m}`, fmt(s[m].median), fmt(s[m].p95), String(s[m].n), '', '', '', `p95 ≤ ${T.requestP95} ${verdict(s[m].p95, T.requestP95)}`]),
    ['  completion of an id in a link list', fmt(s.completionIds.median), fmt(s.completionIds.p95), String(s.completionIds.n), '', '', '', ''],
    [`50k: rename of an id linked from ${HUB_LINKS} places (${renameEdits} edits)`, fmt(s.rename.median), fmt(s.rename.p95), String(s.rename.n), '', '', '', `≤ ${T.renameMs} ${verdict(s.rename.p95, T.renameMs)}`],
    [`50k: initialized → all published (${load50.publishes} files)`, fmt(load50.ms), '', '1', '', '', '', ''],
    ['50k: server RSS (MB), loaded / after requests', `${fmt(mb(memLoaded?.rssKb))} / ${fmt(mb(memAfter?.rssKb))}`, '', '', 'peak (VmHWM)', fmt(mb(memAfter?.hwmKb)), '', `≤ ${T.rssMb} ${verdict(mb(memLoaded?.rssKb), T.rssMb)}`],
  ];
  if (ylsError) rows.push([`yaml-language-server did not run: ${ylsError}`, '', '', '', '', '', '', '']);
  if (filesWithFindings !== undefined && cold[0] && cold[0].publishes !== filesWithFindings) rows.push([`! the server published ${cold[0].publishes} files; the CLI has findings in ${filesWithFindings}`, '', '', '', '', '', '', '']);

  const summary = {
    lspParseColdMs: round(parseColdMs),
    lspColdMs: round(coldMs),
    lspColdRuns: cold.map((c) => round(c.ms)),
    lspColdRatio: round(coldMs / parseColdMs, 2),
    lspColdPublished: cold[0]?.publishes,
    lspSpawnToInitializeMs: round(median(cold.map((c) => c.spawnToInitializeMs))),
    lsp10kRssMb: round(mb(cold[0]?.memory?.rssKb)),
    lspWarmMs: round(warmMs),
    lspWarmRuns: warm.map((c) => round(c.ms)),
    lspWarmRatio: round(warmMs / coldMs, 2),
    lspWarmAnsweredMs: round(warmAnsweredMs),
    lspWarmCacheHits: warm[0]?.cache?.[0] ?? null,
    lspCacheMb: round(mb((warm[0]?.cacheBytes ?? 0) / 1024), 2),
    lspKey20MedianMs: round(s.key20.median, 2),
    lspKey20P95Ms: round(s.key20.p95, 2),
    lspKey20LinkP95Ms: round(percentile(key20.times.link, 95), 2),
    lspKey20EnumP95Ms: round(percentile(key20.times.enum, 95), 2),
    lspKey20N: s.key20.n,
    lspKey20Timeouts: key20.timeouts,
    lspKey2000MedianMs: round(s.key2000.median, 2),
    lspKey2000P95Ms: round(s.key2000.p95, 2),
    lspKey2000LinkP95Ms: round(percentile(key2000.times.link, 95), 2),
    lspKey2000EnumP95Ms: round(percentile(key2000.times.enum, 95), 2),
    lspKey2000N: s.key2000.n,
    lspKey2000Timeouts: key2000.timeouts,
    lspCrossMedianMs: round(s.cross.median, 2),
    lspCrossP95Ms: round(s.cross.p95, 2),
    lspCrossN: s.cross.n,
    lspCrossFilesMedian: median(cross.crossFiles) ?? null,
    lspCrossTimeouts: cross.timeouts,
    lspStampedMedianMs: round(s.ccAll.median, 2),
    lspStampedP95Ms: round(s.ccAll.p95, 2),
    lspStampedN: s.ccAll.n,
    lspStampedKeystrokes: ccS.keystrokes,
    lspStampedTimeouts: ccS.timeouts,
    lspStampedLinks: stampedTo.all,
    lspStampedLiveLinks: stampedHubLinks,
    lspStampedFiles: stampedOthers.size,
    lspStampedFirstFileMedianMs: round(median(ccS.first), 2),
    lspStampedOwnMedianMs: round(s.ccOwn.median, 2),
    lspStampedOwnP95Ms: round(s.ccOwn.p95, 2),
    lspUnstampedOwnMedianMs: round(s.ccBase.median, 2),
    lspUnstampedOwnP95Ms: round(s.ccBase.p95, 2),
    lspUnstampedN: s.ccBase.n,
    lspUnstampedTimeouts: ccU.ownTimeouts,
    lspUnstampedOtherPublishes: unstampedOtherPublishes,
    ...Object.fromEntries(['hover', 'definition', 'references', 'completion', 'completionIds'].flatMap((m) => [[`lsp50k${m[0].toUpperCase()}${m.slice(1)}MedianMs`, round(s[m].median, 2)], [`lsp50k${m[0].toUpperCase()}${m.slice(1)}P95Ms`, round(s[m].p95, 2)]])),
    lsp50kRequestsEach: n.requests,
    lsp50kEmptyAnswers: req.empty,
    lspTraceMedianMs: round(s.trace.median, 2),
    lspTraceP95Ms: round(s.trace.p95, 2),
    lspTraceHoverP95Ms: round(s.traceHover.p95, 2),
    lspMatrixMedianMs: round(s.matrixFresh.median),
    lspMatrixSharedMedianMs: round(s.matrixShared.median),
    lspGapsMedianMs: round(s.gaps.median),
    lspMatrixRows: views.matrixRows,
    lspMatrixMb: round(views.matrixBytes / 1024 / 1024, 2),
    lspRenameMedianMs: round(s.rename.median, 2),
    lspRenameP95Ms: round(s.rename.p95, 2),
    lspRenameEdits: renameEdits,
    lsp50kLoadMs: round(load50.ms),
    lsp50kPublished: load50.publishes,
    lsp50kRssMb: round(mb(memLoaded?.rssKb)),
    lsp50kRssAfterRequestsMb: round(mb(memAfter?.rssKb)),
    lsp50kPeakRssMb: round(mb(memAfter?.hwmKb)),
    lspOneFileLoadMs: round(load1f.ms),
    ylsKey20MedianMs: round(s.yls20.median, 2),
    ylsKey20P95Ms: round(s.yls20.p95, 2),
    ylsKey20N: s.yls20.n,
    ylsKey2000MedianMs: round(s.yls2000.median, 2),
    ylsKey2000P95Ms: round(s.yls2000.p95, 2),
    ylsKey2000N: s.yls2000.n,
    ylsError: ylsError ?? null,
    lspSeconds: round((performance.now() - started) / 1000),
    lspProfiled: Boolean(profile),
  };
  return { rows, summary };
}

/** Prints rows as an aligned table (numbers right-aligned). */
export function printTable(rows, log, numeric = [1, 2, 3, 5, 6]) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  for (const [i, row] of rows.entries()) {
    log(row.map((cell, c) => (numeric.includes(c) ? (cell ?? '').padStart(widths[c]) : (cell ?? '').padEnd(widths[c]))).join('  ').trimEnd());
    if (i === 0) log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

/** Files with findings according to the CLI (what the server should publish at start-up). */
export function filesWithFindingsFromCli(cliJson) {
  return new Set(JSON.parse(cliJson).diagnostics.map((d) => d.file)).size;
}
