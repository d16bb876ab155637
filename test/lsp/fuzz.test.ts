/**
 * The language server under random sessions (fast-check): documents opened, typed in and closed,
 * files written, deleted and renamed on disk with the watcher events an editor sends. After every
 * step the server must still answer a request; at the end, with every document closed, what it has
 * published must equal what the CLI reports for the files on disk. CI runs a few sessions;
 * `npm run fuzz` (REQTRACE_FUZZ_SECONDS) runs them for a set time.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageOf, TestClient } from './client';

const CLI = resolve(__dirname, '../../dist/cli.js');
const FILES = ['hr.needs.yaml', 'hr.reqs.yaml', 'ask.itt.yaml', 'more.reqs.yaml', 'sub/pay.needs.yaml'];

const NEEDS = 'kind: needs\nitems:\n  - id: UN-1\n    title: Pay\n    as: a clerk\n    need: to pay\n    so-that: staff are paid\n    status: agreed\n';
const REQS = 'kind: requirements\nitems:\n  - id: REQ-1\n    title: Pay run\n    statement: S\n    type: functional\n    priority: must\n    satisfies: [UN-1]\n';
const ITT = 'kind: itt\nitems:\n  - id: ITT-1\n    title: Q\n    text: Describe\n    response: pass-fail\n    covers: [REQ-1]\n';
const START: Record<string, string> = { 'hr.needs.yaml': NEEDS, 'hr.reqs.yaml': REQS, 'ask.itt.yaml': ITT };

const snippet = fc.constantFrom('x', '1', '-', ' ', '\n', ': ', '[', ']', '"', '\t', 'UN-1', 'REQ-2', '  - id: REQ-2\n    title: T\n', 'status: withdrawn\n', '---\n', '&a ', '*a', '\0', '\r\n');
const content = fc.constantFrom(NEEDS, REQS, ITT, NEEDS.replace('UN-1', 'UN-2'), REQS.replace('[UN-1]', '[UN-9]'), 'kind: needs\nitems: [', '', 'just text\n');
const file = fc.constantFrom(...FILES);
const op = fc.oneof(
  fc.record({ kind: fc.constant('open' as const), file }),
  { arbitrary: fc.record({ kind: fc.constant('type' as const), file, at: fc.nat(), length: fc.nat({ max: 6 }), insert: fc.option(snippet, { nil: '' }) }), weight: 4 },
  fc.record({ kind: fc.constant('close' as const), file }),
  fc.record({ kind: fc.constant('write' as const), file, content }),
  fc.record({ kind: fc.constant('delete' as const), file }),
  fc.record({ kind: fc.constant('rename' as const), file, to: file }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

interface Row {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  message: string;
}
const order = (a: Row, b: Row): number => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code) || a.message.localeCompare(b.message);

/** What the CLI reports for the files on disk (none when there are no requirement files left). */
function cliRows(root: string): Row[] {
  let stdout: string;
  try {
    stdout = execFileSync(process.execPath, [CLI, 'check', '.', '--format', 'json', '--fail-on', 'never'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as { status?: number }).status === 2) return [];
    throw error;
  }
  const rows = (JSON.parse(stdout) as { diagnostics: Row[] }).diagnostics;
  return rows.map(({ file, line, column, endLine, endColumn, code, message }) => ({ file, line, column, endLine, endColumn, code, message })).sort(order);
}

function serverRows(client: TestClient): Row[] {
  const prefix = client.uri('').replace(/\/?$/, '/');
  return [...client.diagnostics.entries()]
    .flatMap(([uri, diagnostics]) =>
      diagnostics.map((d) => ({
        file: decodeURIComponent(uri.slice(prefix.length)),
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        code: String(d.code),
        message: messageOf(d),
      })),
    )
    .sort(order);
}

async function runSession(ops: readonly Op[]): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'reqtrace-fuzz-'));
  for (const [name, text] of Object.entries(START)) writeFileSync(join(root, name), text);
  const client = await TestClient.start(root);
  const open = new Map<string, string>();
  const onDisk = (name: string): boolean => existsSync(join(root, name));
  try {
    for (const step of ops) {
      switch (step.kind) {
        case 'open':
          if (!open.has(step.file) && onDisk(step.file)) {
            const text = readFileSync(join(root, step.file), 'utf8');
            open.set(step.file, text);
            await client.open(step.file, text);
          }
          break;
        case 'type': {
          const text = open.get(step.file);
          if (text === undefined) break;
          const from = step.at % (text.length + 1);
          const next = text.slice(0, from) + step.insert + text.slice(Math.min(text.length, from + step.length));
          open.set(step.file, next);
          await client.change(step.file, next);
          break;
        }
        case 'close':
          if (open.delete(step.file)) await client.close(step.file);
          break;
        case 'write': {
          const existed = onDisk(step.file);
          mkdirSync(dirname(join(root, step.file)), { recursive: true });
          writeFileSync(join(root, step.file), step.content);
          await client.filesChanged([{ path: step.file, type: existed ? 2 : 1 }]);
          break;
        }
        case 'delete':
          if (onDisk(step.file)) {
            rmSync(join(root, step.file));
            await client.filesChanged([{ path: step.file, type: 3 }]);
          }
          break;
        case 'rename':
          if (onDisk(step.file) && !onDisk(step.to)) {
            mkdirSync(dirname(join(root, step.to)), { recursive: true });
            renameSync(join(root, step.file), join(root, step.to));
            await client.filesChanged([
              { path: step.file, type: 3 },
              { path: step.to, type: 1 },
            ]);
          }
          break;
      }
      // Whatever happened, the server still answers.
      const target = [...open.keys()][0] ?? FILES.find(onDisk) ?? FILES[0];
      await client.request('textDocument/hover', { textDocument: { uri: client.uri(target as string) }, position: { line: 2, character: 10 } });
    }
    for (const name of [...open.keys()]) await client.close(name);
    open.clear();
    // With every document closed the disk is the truth: the server must come to the CLI's answer.
    const expected = cliRows(root);
    await client
      .waitFor(() => JSON.stringify(serverRows(client)) === JSON.stringify(expected), 'the server to publish what the CLI reports', 10_000)
      .catch(() => expect(serverRows(client)).toEqual(expected));
  } finally {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

const fuzzSeconds = Number(process.env.REQTRACE_FUZZ_SECONDS ?? 0);

/** Sessions the fuzzer once failed on, kept as fixed cases. */
const FOUND: Op[][] = [
  // A file renamed and then deleted at once: its read (started by the create event) finished after
  // the delete event was handled, and the deleted file came back.
  [
    { kind: 'rename', file: 'ask.itt.yaml', to: 'sub/pay.needs.yaml' },
    { kind: 'rename', file: 'sub/pay.needs.yaml', to: 'more.reqs.yaml' },
    { kind: 'delete', file: 'more.reqs.yaml' },
  ],
];

describe('the language server under random sessions', () => {
  it(
    'answers after every step and ends with what the CLI reports',
    async () => {
      let sessions = 0;
      const started = performance.now();
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
          sessions++;
          await runSession(ops);
        }),
        {
          // The race behind a found case does not lose every time: each is tried a few times.
          examples: FOUND.flatMap((ops) => Array.from({ length: 10 }, () => [ops] as [Op[]])),
          ...(fuzzSeconds > 0 ? { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: fuzzSeconds * 1000, markInterruptAsFailure: false } : { numRuns: 6 }),
        },
      );
      // eslint-disable-next-line no-console
      if (fuzzSeconds > 0) console.log(`fuzz: server sessions: ${sessions} cases tried, 0 failures, ${(sessions / ((performance.now() - started) / 1000)).toFixed(1)} cases/s`);
    },
    fuzzSeconds > 0 ? 0 : 120_000,
  );
});
