// Golden outputs: what the CLI prints for `check --format json|text` and every `report` format on
// the samples, the hostile fixtures and the bench corpora, recorded before a refactoring so that
// "behaviour is unchanged" is a comparison, not a claim. Small corpora are kept whole in
// test/golden/<corpus>/; the generated bench corpora (megabytes of output) are kept as SHA-256 hashes
// in test/golden/hashes.json.
//
//   node test/golden/golden.mjs compare [--all]   compare with what is recorded (exit 1 on a difference)
//   node test/golden/golden.mjs record  [--all]   record anew (after an intended change; say which in the commit)
//
// --all adds the 50,000-item corpus (about a minute); without it the 10,000-item corpora are covered.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const cli = join(root, 'dist/cli.js');

/** Each run: a name for its output and the CLI's arguments, run in the corpus folder on '.'. */
export const RUNS = [
  ['check.json', ['check', '.', '--format', 'json', '--fail-on', 'never']],
  ['check.txt', ['check', '.', '--format', 'text', '--fail-on', 'never']],
  ['report.html', ['report', '.', '--format', 'html']],
  ['report.md', ['report', '.', '--format', 'md']],
  ['report.json', ['report', '.', '--format', 'json']],
  ['report.csv', ['report', '.', '--format', 'csv']],
];

/** Small corpora: outputs kept whole. */
export const WHOLE = {
  synergy: join(root, 'samples/synergy'),
  broken: join(root, 'samples/broken'),
  hostile: join(root, 'test/fixtures/hostile'),
};

/** The outputs of every run on one folder, as { name: Buffer }. */
export function outputsOf(dir) {
  const outputs = {};
  for (const [name, args] of RUNS) {
    // The reports say when and from which commit they were made: a fixed moment, and git kept out
    // (the samples sit inside this repository, whose commit moves with every change).
    const env = { ...process.env, NO_COLOR: '1', CI: '', SOURCE_DATE_EPOCH: '1767225600', GIT_CEILING_DIRECTORIES: dirname(dir) };
    const run = spawnSync(process.execPath, [cli, ...args], { cwd: dir, maxBuffer: 1 << 30, env });
    if (run.status !== 0) throw new Error(`reqtrace ${args.join(' ')} in ${dir} exited ${run.status}: ${run.stderr}`);
    // The HTML report names each file by its URL too: the corpus's own place is not part of the output.
    outputs[name] = Buffer.from(run.stdout.toString('latin1').split(pathToFileURL(dir).href).join('file:///CORPUS'), 'latin1');
  }
  return outputs;
}

const sha = (buffer) => createHash('sha256').update(buffer).digest('hex');

/** The generated corpora, each made (or reused) by the bench's generator. */
export async function benchCorpora(all) {
  const { ensureWorkspace, ensureOneFileWorkspace, ensureLargeWorkspace } = await import('../bench/generate.mjs');
  const corpora = { bench10k: ensureWorkspace().dir, bench1file: ensureOneFileWorkspace().dir };
  if (all) corpora.bench50k = ensureLargeWorkspace().dir;
  return corpora;
}

/** Every difference between the recorded outputs and now, as lines. */
export async function compare({ all = false, record = false } = {}) {
  const differences = [];
  for (const [corpus, dir] of Object.entries(WHOLE)) {
    const outputs = outputsOf(dir);
    for (const [name, now] of Object.entries(outputs)) {
      const file = join(here, corpus, name);
      if (record) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, now);
      } else if (!existsSync(file) || !readFileSync(file).equals(now)) differences.push(`${corpus}/${name} differs from test/golden/${corpus}/${name}`);
    }
  }
  const hashFile = join(here, 'hashes.json');
  const hashes = existsSync(hashFile) ? JSON.parse(readFileSync(hashFile, 'utf8')) : {};
  for (const [corpus, dir] of Object.entries(await benchCorpora(all))) {
    for (const [name, now] of Object.entries(outputsOf(dir))) {
      const key = `${corpus}/${name}`;
      if (record) hashes[key] = sha(now);
      else if (hashes[key] !== sha(now)) differences.push(`${key} differs from its recorded hash`);
    }
  }
  if (record) writeFileSync(hashFile, `${JSON.stringify(hashes, Object.keys(hashes).sort(), 2)}\n`);
  return differences;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command = 'compare', ...flags] = process.argv.slice(2);
  const differences = await compare({ all: flags.includes('--all'), record: command === 'record' });
  if (command === 'record') process.stdout.write('Recorded the golden outputs.\n');
  else if (differences.length === 0) process.stdout.write('Every output matches its golden file.\n');
  else {
    process.stdout.write(`${differences.join('\n')}\n`);
    process.exitCode = 1;
  }
}
