/**
 * Properties that must hold for any input, checked on generated cases (fast-check): parsing and
 * checking never throw and keep every range inside the text, and an index fed any sequence of
 * edits equals an index built from scratch.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCoverage } from '../../server/src/core/report/coverage';
import { Workspace } from '../../server/src/core/analysis/workspace';
import { coverageSummary } from '../../server/src/core/query/trace';
import { LineIndex } from '../../server/src/core/lines';
import { NEED, REQ } from './fixture';

// Plain .yaml names take their kind from `kind:`, so any generated file can land in any of them.
const FILES = ['a.yaml', 'b.yaml', 'c.yaml', 'd.reqs.yaml'];
const IDS = ['UN-1', 'UN-2', 'REQ-1', 'REQ-2', 'ITT-1', 'un-1', 'UN\u20101', 'X'];

/** Fragments that requirement files are made of, with the usual ways they go wrong. */
const fragment = fc.oneof(
  fc.constantFrom('kind: needs\n', 'kind: requirements\n', 'kind: itt\n', 'items:\n', 'items: []\n', '---\n', '\t', '  - ', '    ', '\r\n', '\r', '\uFEFF', '# note\n'),
  fc.constantFrom(`  - id: UN-1\n    ${NEED}\n`, `  - id: REQ-1\n    ${REQ}\n`, '    satisfies: [', '    covers: [', '    parent: ', ']\n', ', ', '    status: withdrawn\n', '    waiver: { reason: x }\n'),
  fc.constantFrom(...IDS),
  fc.constantFrom('&a [x, *a]\n', '<<: *a\n', 'a: &b [1, 2]\nb: [*b, *b]\n', '"unclosed', "'q'", '{', '}', ':', '- '),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);
const garbage = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join(''));

/** Well-formed files whose items link to each other at random: where cross-file findings come from. */
const item = fc.record({
  id: fc.constantFrom(...IDS),
  links: fc.array(fc.constantFrom(...IDS), { maxLength: 3 }),
  parent: fc.option(fc.constantFrom(...IDS), { nil: undefined }),
  status: fc.constantFrom('agreed', 'withdrawn'),
  waiver: fc.boolean(),
  padding: fc.constantFrom('', '# moved\n', '\n\n'),
});
const structured = fc.tuple(fc.constantFrom('needs', 'requirements', 'itt'), fc.array(item, { maxLength: 5 })).map(([kind, items]) => {
  const body = items.map((i) => {
    const lines = [`  - id: ${i.id}`, '    title: T', `    status: ${i.status}`];
    if (kind === 'needs') lines.push('    as: a', '    need: b', '    so-that: c');
    if (kind === 'requirements') {
      lines.push('    statement: S', '    type: functional', '    priority: must', `    satisfies: [${i.links.join(', ')}]`);
      if (i.parent) lines.push(`    parent: ${i.parent}`);
      if (i.waiver) lines.push('    waiver: { reason: r }');
    }
    if (kind === 'itt') lines.push('    text: Q', '    response: pass-fail', `    covers: [${i.links.join(', ')}]`);
    return `${i.padding}${lines.join('\n')}\n`;
  });
  return `kind: ${kind}\nitems:\n${body.join('')}`;
});
const text = fc.oneof({ arbitrary: structured, weight: 3 }, { arbitrary: garbage, weight: 1 });

function assertSane(index: Workspace, texts: Record<string, string>): void {
  for (const uri of index.uris) {
    const length = texts[uri]?.length ?? 0;
    for (const finding of index.check(uri)) {
      expect(finding.span.start).toBeGreaterThanOrEqual(0);
      expect(finding.span.end).toBeGreaterThanOrEqual(finding.span.start);
      expect(finding.span.end).toBeLessThanOrEqual(finding.uri === uri ? length : Infinity);
      expect(finding.message.length).toBeGreaterThan(0);
    }
  }
}

/**
 * CI runs a bounded number of cases; `npm run fuzz` sets REQTRACE_FUZZ_SECONDS and each property then
 * runs for that long and reports how many cases it tried.
 */
const fuzzSeconds = Number(process.env.REQTRACE_FUZZ_SECONDS ?? 0);
function runs(bounded: number): fc.Parameters<unknown> {
  return fuzzSeconds > 0 ? { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: fuzzSeconds * 1000, markInterruptAsFailure: false } : { numRuns: bounded };
}
function report(name: string, cases: number, started: number): void {
  const seconds = (performance.now() - started) / 1000;
  // eslint-disable-next-line no-console
  if (fuzzSeconds > 0) console.log(`fuzz: ${name}: ${cases} cases tried, 0 failures, ${Math.round(cases / seconds)} cases/s`);
}

describe('properties', () => {
  it('parsing and checking any text never throw, and every range lies inside the text', () => {
    let parseCases = 0;
    const started = performance.now();
    fc.assert(
      fc.property(fc.constantFrom(...FILES), text, (name, source) => {
        parseCases++;
        const index = new Workspace();
        const uri = `file:///ws/${name}`;
        index.setFile(uri, source);
        assertSane(index, { [uri]: source });
        const lines = new LineIndex(source);
        for (const finding of index.check(uri)) expect(lines.offset(lines.position(finding.span.start))).toBeLessThanOrEqual(source.length);
      }),
      runs(300),
    );
    report('parse and check any text', parseCases, started);
  });

  it('an index fed any sequence of edits and deletions equals one built from scratch', () => {
    const edit = fc.record({ name: fc.constantFrom(...FILES), source: fc.option(text, { nil: undefined, freq: 5 }) });
    let editCases = 0;
    const started = performance.now();
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
        editCases++;
        const index = new Workspace();
        const current: Record<string, string> = {};
        for (const { name, source } of edits) {
          const uri = `file:///ws/${name}`;
          const before = Object.fromEntries(index.uris.map((u) => [u, index.check(u)]));
          const affected = source === undefined ? index.removeFile(uri) : index.setFile(uri, source);
          if (source === undefined) delete current[uri];
          else current[uri] = source;
          const scratch = new Workspace();
          for (const [u, t] of Object.entries(current)) scratch.setFile(u, t);
          for (const u of Object.keys(current)) {
            expect(index.check(u)).toEqual(scratch.check(u));
            if (!affected.has(u) && before[u]) expect(index.check(u)).toEqual(before[u]);
          }
          assertSane(index, current);
        }
      }),
      runs(150),
    );
    report('edit sequences against a from-scratch index', editCases, started);
  });

  it('the status-bar summary agrees with the full coverage model on any workspace', () => {
    let cases = 0;
    const started = performance.now();
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...FILES), structured), { minLength: 1, maxLength: 4 }), (files) => {
        cases++;
        const index = new Workspace();
        for (const [name, source] of files) index.setFile(`file:///ws/${name}`, source);
        const { needs, requirements } = computeCoverage(index).totals;
        expect(coverageSummary(index)).toEqual({ needs: needs.total, covered: needs.covered, traced: needs.traced, requirements: requirements.total, requirementsCovered: requirements.covered, waived: requirements.waived });
      }),
      runs(200),
    );
    report('summary against the coverage model', cases, started);
  });
});
