// Summarises a V8 .cpuprofile (from `node --cpu-prof`) of the benchmark bundle: self time by module
// and by function, and inclusive time of the core's own functions. Functions in the esbuild bundle
// are named after the source module they came from, using esbuild's `// path` comments.
//
//   node test/bench/profile.mjs PROFILE.cpuprofile [BUNDLE.cjs] [FUNCTION]   (only samples inside FUNCTION)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** [{ line, module }] from the `// path/to/module.js` comments esbuild puts before each module. */
function moduleLines(bundle) {
  if (!bundle) return [];
  const marks = [];
  for (const [i, line] of readFileSync(bundle, 'utf8').split('\n').entries()) {
    const match = /^\/\/ ((?:node_modules|server|test)\/\S+)$/.exec(line);
    if (match) marks.push({ line: i + 1, module: match[1] });
  }
  return marks;
}

function moduleAt(marks, line) {
  let lo = 0;
  let hi = marks.length - 1;
  let found;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (marks[mid].line <= line) {
      found = marks[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found?.module;
}

/** Short group names for the modules that matter. */
function groupOf(module, url, name) {
  if (!module && !url) return /^validate\d+$/.test(name) ? 'ajv (compiled validators)' : name.startsWith('RegExp:') ? 'regular expressions' : 'native (fs, JSON, …)';
  if (!module) return url.startsWith('node:') || !url.includes('/') ? 'node internals' : url.split('/').pop();
  if (module.startsWith('node_modules/')) return module.split('/')[1];
  return module;
}

/** Lines of text describing the profile; with `under`, only samples taken inside that function. */
export function summarise(profilePath, bundle, { top = 20, under } = {}) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  const marks = moduleLines(bundle);
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sampled = new Map();
  for (const [i, id] of profile.samples.entries()) sampled.set(id, (sampled.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  if (under) {
    for (const id of [...sampled.keys()]) {
      let inside = false;
      for (let cur = id; cur !== undefined && !inside; cur = parent.get(cur)) inside = nodes.get(cur).callFrame.functionName === under;
      if (!inside) sampled.delete(id);
    }
  }
  let total = 0;
  for (const t of sampled.values()) total += t;

  const describe = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const inBundle = bundle && url.endsWith(bundle.split('/').pop());
    const module = inBundle ? moduleAt(marks, lineNumber + 1) : undefined;
    const name = functionName || '(anonymous)';
    if (name === '(garbage collector)' || name === '(program)' || name === '(idle)') return { key: name, group: name, core: false };
    const where = module ?? (url ? url.replace(/^.*\//, '') : '');
    return { key: `${name}  ${where}`, group: groupOf(module, url, name), core: Boolean(module?.startsWith('server/') || module?.startsWith('test/')) };
  };
  const info = new Map(profile.nodes.map((n) => [n.id, describe(n)]));

  const selfByKey = new Map();
  const selfByGroup = new Map();
  const inclusive = new Map();
  for (const [id, t] of sampled) {
    const { key, group } = info.get(id);
    selfByKey.set(key, (selfByKey.get(key) ?? 0) + t);
    selfByGroup.set(group, (selfByGroup.get(group) ?? 0) + t);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const d = info.get(cur);
      if (!d.core || seen.has(d.key)) continue;
      seen.add(d.key);
      inclusive.set(d.key, (inclusive.get(d.key) ?? 0) + t);
    }
  }
  const row = (t, label) => `${((100 * t) / total).toFixed(1).padStart(6)}%  ${(t / 1000).toFixed(0).padStart(6)} ms  ${label}`;
  const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]);
  return [
    `profile ${profilePath}: ${(total / 1000).toFixed(0)} ms sampled${under ? ` inside ${under}()` : ''}`,
    'self time by module:',
    ...sorted(selfByGroup).slice(0, 12).map(([k, t]) => row(t, k)),
    'self time by function:',
    ...sorted(selfByKey).slice(0, top).map(([k, t]) => row(t, k)),
    "inclusive time of reqtrace's own functions:",
    ...sorted(inclusive).slice(0, top).map(([k, t]) => row(t, k)),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [, , profilePath, bundle, under] = process.argv;
  if (!profilePath) throw new Error('usage: node test/bench/profile.mjs PROFILE.cpuprofile [BUNDLE.cjs] [FUNCTION]');
  process.stdout.write(`${summarise(profilePath, bundle, { under }).join('\n')}\n`);
}
