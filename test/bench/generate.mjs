// Generates the benchmark workspace: 10,000 items (2,500 needs, 5,000 requirements, 2,500 ITT
// clauses) in 500 files of 20, deterministic from a seed. About 2% of links are typos of real ids,
// so broken-link suggestions are exercised. The folder is reused while its version marker matches.
//
// The language-server half of the benchmark also uses two variants (same seed, same ratios):
//   ensureLargeWorkspace()    50,000 items in 2,500 files of 20, where one need (HUB_ID) is
//                             satisfied by exactly HUB_LINKS requirements, for the rename figure
//   ensureOneFileWorkspace()  the 10,000 items with the first 2,000 requirements (100 files) merged
//                             into one file (ONE_FILE_PATH), for the 2,000-item-file figures
//   ensureSpreadHubWorkspace()  the 10,000 items where HUB_ID is satisfied by exactly HUB_LINKS
//                             requirements spread over every requirements file, for the suspect-link
//                             figure (reviewedCopy stamps a copy of it, or of any workspace)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump when the generated text changes, so stale folders are regenerated. */
export const GENERATOR_VERSION = 2;
export const SEED = 0x5eed2026;
const PER_FILE = 20;
const NEED_FILES = 125;
const REQ_FILES = 250;
const ITT_FILES = 125;
const [NEED_FILES_1, REQ_FILES_1, ITT_FILES_1] = [NEED_FILES, REQ_FILES, ITT_FILES];
const BROKEN_RATE = 0.02;
const MARKER = '.reqtrace-bench.json';

const AREAS = [
  'HR', 'PAY', 'FIN', 'PROC', 'EXP', 'REP', 'SEC', 'ACC', 'INT', 'MIG', 'AVL', 'DP', 'PEN',
  'REC', 'LRN', 'EST', 'TAX', 'AUD', 'GRC', 'SUP', 'ID', 'DOC', 'WF', 'ANL', 'OPS',
];
const DEPARTMENTS = ['DWP', 'HO', 'MOJ', 'DEFRA', 'DFE', 'DHSC', 'HMRC', 'DFT', 'CO', 'MOD'];
const ROLES = [
  'an HR adviser in the people services centre', 'a line manager on a rostered team', 'a payroll officer',
  'a finance business partner', 'a buyer in the commercial team', 'a budget holder', 'a new starter',
  'an employee working remotely', 'a shared-services team leader', 'an internal auditor',
  'a security officer', 'a data protection officer', 'a service owner', 'a pensions administrator',
  'a recruitment partner', 'a learning and development lead', 'an estates manager', 'a claimant of expenses',
];
const WORDS = (
  'record employee department payroll approval leave absence roster budget invoice supplier contract ' +
  'purchase order payment ledger journal month end close report dashboard manager adviser starter leaver ' +
  'transfer assignment position grade location cost centre funding vacancy recruitment onboarding ' +
  'pension deduction allowance overtime claim receipt mileage policy audit trail access role permission ' +
  'identity single sign-on accessibility screen reader keyboard mobile device offline network integration ' +
  'interface file export import migration legacy system data quality validation duplicate warning ' +
  'notification reminder workflow escalation deadline service level availability outage recovery backup ' +
  'encryption retention deletion request consent subject personal sensitive evidence document template ' +
  'search filter history change log version baseline forecast actual variance accrual commitment ' +
  'requisition catalogue framework tender evaluation score weighting response bidder clause question ' +
  'dated accurate consistent secure shared current complete automatic manual daily weekly quarterly annual ' +
  'every each within across between without before after during against through under over'
).split(' ');
const VERBS = ['hold', 'show', 'record', 'approve', 'calculate', 'send', 'keep', 'check', 'export', 'import', 'flag', 'block', 'allow', 'support', 'validate', 'publish'];
const PAINS = [
  'Cases are re-keyed by hand, typically 40 minutes per case',
  'Dates are wrong for about 1 in 12 cases, which breaks entitlements',
  'No one can say how many records are held twice across departments',
  'Approvals are done by email and lost when people move on',
  'Reports are built by hand in spreadsheets at every month end',
  'Paper forms are posted and scanned, and lost forms cause weeks of delay',
  'Front-line managers rarely sit at a desktop during a shift',
  'Suppliers are paid late because invoices wait in shared mailboxes',
];
const CATEGORIES = ['hr', 'finance', 'payroll', 'procurement', 'security', 'accessibility', 'integration', 'reporting'];
const PRIORITIES = ['must', 'must', 'must', 'should', 'should', 'could', 'wont'];
const STATUSES = ['agreed', 'agreed', 'agreed', 'agreed', 'proposed', 'draft'];
/** Requirements near issue: most agreed, a few still proposed or draft (so not-agreed has some to find). */
const REQ_STATUSES = [...Array(18).fill('agreed'), 'proposed', 'draft'];
/** One ITT file in this many has weightings that total 95, the slip weighting-total is for. */
const MISWEIGHTED_EVERY = 25;
const VERIFICATIONS = ['test', 'inspection', 'demonstration', 'analysis'];

/** mulberry32: a small, fast, seeded PRNG. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n, width) => String(n).padStart(width, '0');

export function benchDir(scale = 1, variant = '') {
  return join(tmpdir(), `reqtrace-bench-${(NEED_FILES + REQ_FILES + ITT_FILES) * PER_FILE * scale}${variant ? `-${variant}` : ''}`);
}

/** Builds every file's text in memory: [{ path, text }]. `scale` multiplies the number of files of each kind. */
export function generateFiles(seed = SEED, { scale = 1 } = {}) {
  const NEED_FILES = NEED_FILES_1 * scale;
  const REQ_FILES = REQ_FILES_1 * scale;
  const ITT_FILES = ITT_FILES_1 * scale;
  const rand = prng(seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const chance = (p) => rand() < p;
  const words = (lo, hi) => Array.from({ length: int(lo, hi) }, () => pick(WORDS)).join(' ');
  const title = () => {
    const w = words(5, 7);
    return w.charAt(0).toUpperCase() + w.slice(1);
  };
  const sentence = (lo, hi) => `The solution shall ${pick(VERBS)} ${words(lo - 4, hi - 4)}.`;
  /** A folded block scalar, wrapped at about 80 columns, indented for an item field. */
  const folded = (key, text, indent = '    ') => {
    const lines = [];
    let line = '';
    for (const word of text.split(' ')) {
      if (line && line.length + word.length + 1 > 76) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
    return `${indent}${key}: >-\n${lines.map((l) => `${indent}  ${l}`).join('\n')}\n`;
  };

  /** A typo of a real id: a swapped, dropped, doubled or changed character, a lower-case slip or a look-alike dash. */
  const typo = (id) => {
    const chars = [...id];
    const at = int(1, chars.length - 2);
    switch (int(0, 5)) {
      case 0: {
        const t = chars[at];
        chars[at] = chars[at + 1];
        chars[at + 1] = t;
        break;
      }
      case 1:
        chars.splice(at, 1);
        break;
      case 2:
        chars.splice(at, 0, chars[at]);
        break;
      case 3:
        chars[at] = /\d/.test(chars[at]) ? String((Number(chars[at]) + 1) % 10) : 'X';
        break;
      case 4:
        return id.toLowerCase();
      default:
        return id.replace('-', '\u2013');
    }
    const out = chars.join('');
    return out === id ? `${id}X` : out;
  };
  const maybeBroken = (id) => (chance(BROKEN_RATE) ? typo(id) : id);
  const quoteId = (id) => (/^[A-Z][A-Z0-9.-]*$/.test(id) ? id : JSON.stringify(id));
  const idList = (ids) => `[${ids.map(quoteId).join(', ')}]`;

  const areaOfFile = (f, filesOfKind) => AREAS[Math.floor((f * AREAS.length) / filesOfKind)];
  const needIds = [];
  const reqIds = [];
  const files = [];

  // Needs: 5 files of 20 per area.
  const needsPerArea = new Map();
  for (let f = 0; f < NEED_FILES; f++) {
    const area = areaOfFile(f, NEED_FILES);
    let out = `# Benchmark workspace: ${area} user needs, file ${f + 1}\n# Generated by test/bench/generate.mjs; do not edit.\nkind: needs\ntitle: ${area} user needs ${f + 1}\nitems:\n`;
    for (let i = 0; i < PER_FILE; i++) {
      const n = (needsPerArea.get(area) ?? 0) + 1;
      needsPerArea.set(area, n);
      const id = `UN-${area}-${pad(n, 3)}`;
      needIds.push({ id, area });
      out += `  - id: ${id}\n    title: ${title()}\n    as: ${pick(ROLES)}\n`;
      out += folded('need', `I need to ${pick(VERBS)} ${words(14, 24)}`);
      out += folded('so-that', `so that ${words(10, 18)}`);
      const depts = [...new Set(Array.from({ length: int(1, 4) }, () => pick(DEPARTMENTS)))];
      out += `    departments: [${depts.join(', ')}]\n    priority: ${pick(PRIORITIES)}\n    pain-points:\n`;
      for (let p = int(1, 3); p > 0; p--) out += `      - ${pick(PAINS)}\n`;
      if (chance(0.4)) out += `    opportunities:\n      - ${title()}\n`;
      out += `    source: Discovery interviews, ${pick(DEPARTMENTS)}, ${pick(['January', 'February', 'March'])} 2026\n`;
      out += `    status: ${chance(0.02) ? 'withdrawn' : pick(STATUSES)}\n`;
      if (chance(0.3)) out += `    tags: [${words(1, 2).replace(/ /g, ', ')}]\n`;
      out += '\n';
    }
    files.push({ path: join('needs', area.toLowerCase(), `needs-${pad(f + 1, 3)}.needs.yaml`), text: out });
  }

  // Requirements: 10 files of 20 per area, each satisfying 1-2 needs of its area (sometimes another's).
  const needsByArea = new Map();
  for (const need of needIds) needsByArea.set(need.area, [...(needsByArea.get(need.area) ?? []), need.id]);
  const reqsPerArea = new Map();
  const reqsByArea = new Map();
  for (let f = 0; f < REQ_FILES; f++) {
    const area = areaOfFile(f, REQ_FILES);
    let out = `# Benchmark workspace: ${area} requirements, file ${f + 1}\n# Generated by test/bench/generate.mjs; do not edit.\nkind: requirements\ntitle: ${area} requirements ${f + 1}\nitems:\n`;
    for (let i = 0; i < PER_FILE; i++) {
      const n = (reqsPerArea.get(area) ?? 0) + 1;
      reqsPerArea.set(area, n);
      const id = `REQ-${area}-${pad(n, 3)}`;
      const earlier = reqsByArea.get(area) ?? [];
      reqIds.push(id);
      reqsByArea.set(area, [...earlier, id]);
      out += `  - id: ${id}\n    title: ${title()}\n`;
      out += folded('statement', sentence(25, 40));
      out += `    type: ${chance(0.2) ? 'non-functional' : 'functional'}\n    category: ${pick(CATEGORIES)}\n    priority: ${pick(PRIORITIES)}\n`;
      const pool = chance(0.9) ? (needsByArea.get(area) ?? []) : pick([...needsByArea.values()]);
      const satisfies = [...new Set(Array.from({ length: int(1, 2) }, () => pick(pool)))];
      // A few requirements only refine a parent; parents are earlier ids, so there are no cycles.
      const parent = earlier.length > 0 && chance(0.1) ? pick(earlier) : undefined;
      if (!parent || chance(0.5)) out += `    satisfies: ${idList(satisfies.map(maybeBroken))}\n`;
      if (parent) out += `    parent: ${quoteId(maybeBroken(parent))}\n`;
      out += '    acceptance:\n';
      for (let a = int(1, 3); a > 0; a--) out += `      - "${title()} ${words(6, 12)}"\n`;
      out += `    verification: ${pick(VERIFICATIONS)}\n`;
      if (chance(0.03)) out += `    waiver:\n${folded('reason', `Covered by the existing ${words(6, 10)} contract`, '      ')}`;
      out += `    status: ${chance(0.02) ? 'withdrawn' : pick(REQ_STATUSES)}\n`;
      if (chance(0.3)) out += `    tags: [${words(1, 2).replace(/ /g, ', ')}]\n`;
      out += '\n';
    }
    files.push({ path: join('requirements', area.toLowerCase(), `reqs-${pad(f + 1, 3)}.reqs.yaml`), text: out });
  }

  // ITT clauses: 5 sections of 25 files. Clause k of the workspace covers requirements 2k, 2k+1 and sometimes one more.
  // Each file's live scored clauses share its weighting budget of 100 (all but one file in MISWEIGHTED_EVERY).
  let clause = 0;
  for (let f = 0; f < ITT_FILES; f++) {
    const section = Math.floor(f / 25) + 2;
    const sub = (f % 25) + 1;
    const clauses = [];
    for (let i = 0; i < PER_FILE; i++, clause++) {
      const id = `ITT-${section}.${sub}.${i + 1}`;
      let body = `    title: ${title()}\n`;
      body += folded('text', `${pick(['Explain how', 'Describe how', 'Demonstrate how', 'Show how'])} your solution will ${pick(VERBS)} ${words(18, 32)}.`);
      const roll = rand();
      const response = roll < 0.04 ? 'information' : roll < 0.7 ? 'scored' : 'pass-fail';
      let covers = '';
      if (response !== 'information') {
        const ids = [reqIds[(2 * clause) % reqIds.length], reqIds[(2 * clause + 1) % reqIds.length]];
        if (chance(0.25)) ids.push(pick(reqIds));
        if (chance(0.15)) ids.pop();
        covers = `    covers: ${idList([...new Set(ids)].map(maybeBroken))}\n`;
      }
      const status = chance(0.02) ? 'withdrawn' : pick(STATUSES);
      clauses.push({ id, body, response, covers, status });
    }
    const live = clauses.filter((c) => c.response === 'scored' && c.status !== 'withdrawn');
    const budget = 100 - (f % MISWEIGHTED_EVERY === MISWEIGHTED_EVERY - 1 ? 5 : 0);
    live.forEach((c, k) => {
      c.weighting = Math.floor(budget / live.length) + (k < budget % live.length ? 1 : 0);
    });
    let out = `# Benchmark workspace: ITT section ${section}.${sub}\n# Generated by test/bench/generate.mjs; do not edit.\nkind: itt\ntitle: Section ${section}.${sub} - ${title()}\nitems:\n`;
    for (const c of clauses) {
      out += `  - id: ${c.id}\n${c.body}    response: ${c.response}\n`;
      if (c.response === 'scored') out += `    weighting: ${c.weighting ?? 5}\n`;
      out += `${c.covers}    status: ${c.status}\n\n`;
    }
    files.push({ path: join('itt', `section-${section}`, `section-${section}.${pad(sub, 2)}.itt.yaml`), text: out });
  }
  return files;
}

/**
 * The workspace folder, generated unless it is already there, whole, at this version. The 10,000-item
 * workspace keeps its folder and marker; `scale` and `variant` (a transform of the generated files,
 * named) give the language-server benchmark's other workspaces, each in its own folder.
 */
export function ensureWorkspace(dir = benchDir(), { scale = 1, variant } = {}) {
  const marker = join(dir, MARKER);
  const files = () => {
    const generated = generateFiles(SEED, { scale });
    return variant ? VARIANTS[variant](generated) : generated;
  };
  const fileCount = variant === 'onefile' ? (NEED_FILES + REQ_FILES + ITT_FILES) * scale - ONE_FILE_SOURCES + 1 : (NEED_FILES + REQ_FILES + ITT_FILES) * scale;
  const expected = { version: GENERATOR_VERSION, seed: SEED, files: fileCount, perFile: PER_FILE, ...(scale !== 1 ? { scale } : {}), ...(variant ? { variant, variantVersion: VARIANT_VERSION } : {}) };
  if (existsSync(marker)) {
    try {
      const found = JSON.parse(readFileSync(marker, 'utf8'));
      const count = readdirSync(dir, { recursive: true }).filter((p) => /\.(needs|reqs|itt)\.yaml$/.test(String(p))).length;
      if (JSON.stringify(found) === JSON.stringify(expected) && count === expected.files) return { dir, generated: false };
    } catch {
      // A damaged marker: regenerate.
    }
  }
  rmSync(dir, { recursive: true, force: true });
  for (const { path, text } of files()) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  writeFileSync(marker, JSON.stringify(expected));
  return { dir, generated: true };
}

// ---------------------------------------------------------------------------------------------
// Variants for the language-server benchmark.

/** Bump when a variant's transform changes. */
const VARIANT_VERSION = 1;
/** The need that the 50,000-item workspace links to from exactly HUB_LINKS places (for rename). */
export const HUB_ID = 'UN-HR-001';
export const HUB_LINKS = 500;
/** How many 20-item requirements files the one-file variant merges (the first ones generated: ten areas). */
const ONE_FILE_SOURCES = 100;
export const ONE_FILE_PATH = join('requirements', 'all', 'all-requirements.reqs.yaml');

const VARIANTS = {
  /** Adds HUB_ID to `satisfies` lists, in file order, until exactly HUB_LINKS requirements satisfy it. */
  hub(files) {
    const isList = /^( {4}satisfies: \[)(.*)\]$/gm;
    const elements = (list) => list.split(', ').map((e) => (e.startsWith('"') ? JSON.parse(e) : e));
    let links = 0;
    for (const file of files) for (const [, , list] of file.text.matchAll(isList)) if (elements(list).includes(HUB_ID)) links++;
    for (const file of files) {
      if (links >= HUB_LINKS) break;
      if (!file.path.endsWith('.reqs.yaml')) continue;
      file.text = file.text.replace(isList, (line, key, list) => {
        if (links >= HUB_LINKS || elements(list).includes(HUB_ID)) return line;
        links++;
        return `${key}${HUB_ID}, ${list}]`;
      });
    }
    if (links !== HUB_LINKS) throw new Error(`the hub variant made ${links} links to ${HUB_ID}, not ${HUB_LINKS}`);
    return files;
  },
  /**
   * Adds HUB_ID to `satisfies` lists until exactly HUB_LINKS requirements satisfy it, spread: each
   * pass adds it to one more list of every requirements file (the 1st, then the 11th, 6th, 16th, …),
   * so that the links to it sit in every requirements file rather than in the first few.
   */
  hubspread(files) {
    const isList = /^( {4}satisfies: \[)(.*)\]$/gm;
    const elements = (list) => list.split(', ').map((e) => (e.startsWith('"') ? JSON.parse(e) : e));
    const order = [0, 10, 5, 15, 2, 12, 7, 17];
    let links = 0;
    for (const file of files) for (const [, , list] of file.text.matchAll(isList)) if (elements(list).includes(HUB_ID)) links++;
    const reqs = files.filter((file) => file.path.endsWith('.reqs.yaml'));
    for (const at of order) {
      for (const file of reqs) {
        if (links >= HUB_LINKS) break;
        let seen = 0;
        file.text = file.text.replace(isList, (line, key, list) => {
          if (seen++ !== at || links >= HUB_LINKS || elements(list).includes(HUB_ID)) return line;
          links++;
          return `${key}${HUB_ID}, ${list}]`;
        });
      }
    }
    if (links !== HUB_LINKS) throw new Error(`the hubspread variant made ${links} links to ${HUB_ID}, not ${HUB_LINKS}`);
    return files;
  },
  /** Merges the first ONE_FILE_SOURCES requirements files into one file of their items, in order. */
  onefile(files) {
    const reqs = files.filter((f) => f.path.endsWith('.reqs.yaml')).slice(0, ONE_FILE_SOURCES);
    const merged = new Set(reqs);
    let text = `# Benchmark workspace: the requirements of ten areas in one file\n# Generated by test/bench/generate.mjs; do not edit.\nkind: requirements\ntitle: Requirements of ten areas\nitems:\n`;
    for (const { text: source } of reqs) text += source.slice(source.indexOf('\nitems:\n') + '\nitems:\n'.length);
    return [...files.filter((f) => !merged.has(f)), { path: ONE_FILE_PATH, text }];
  },
};

/** 50,000 items (12,500 needs, 25,000 requirements, 12,500 clauses) in 2,500 files of 20, with the hub need. */
export function ensureLargeWorkspace() {
  return ensureWorkspace(benchDir(5), { scale: 5, variant: 'hub' });
}

/** The 10,000 items with 2,000 requirements in one file (ONE_FILE_PATH) and the rest in files of 20. */
export function ensureOneFileWorkspace() {
  return ensureWorkspace(benchDir(1, 'onefile'), { variant: 'onefile' });
}

/** The 10,000 items where HUB_ID is satisfied by exactly HUB_LINKS requirements spread over every requirements file. */
export function ensureSpreadHubWorkspace() {
  return ensureWorkspace(benchDir(1, 'hubspread'), { variant: 'hubspread' });
}

/**
 * A copy of the workspace `source` in `dest` with `config` as its reqtrace.config.yaml, then each
 * of `reviews` (argument lists of `reqtrace review`, e.g. ['--all', '--links-only']) run on it by
 * the built CLI: the stamps are the product's own, written the way a team would write them.
 * Returns each review's last line (its count of links stamped and items marked reviewed).
 */
export function reviewedCopy(source, dest, { config, reviews = [] }) {
  const cli = join(fileURLToPath(new URL('.', import.meta.url)), '../../dist/cli.js');
  rmSync(dest, { recursive: true, force: true });
  cpSync(source, dest, { recursive: true });
  writeFileSync(join(dest, 'reqtrace.config.yaml'), config);
  return reviews.map((args) => {
    const out = spawnSync(process.execPath, [cli, 'review', ...args, '--root', dest], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (out.status !== 0) throw new Error(`reqtrace review ${args.join(' ')} failed (${out.status}): ${out.stderr}`);
    return out.stdout.trim().split('\n').pop();
  });
}
