/**
 * Re-parsing only the entries an edit touches (core/parse/reparse.ts) must give exactly what parsing the
 * whole file gives: items, links, findings, their spans and messages, and the layout kept for the
 * next edit. Fixed cases show when the shortcut is taken and when it must not be; a property checks
 * it against whole-file parsing for any sequence of small edits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../server/src/core/analysis/workspace';
import type { Item } from '../../server/src/core/model';
import { parseFile, type ParsedFile } from '../../server/src/core/parse/parse';
import { reparseFile, widenChange, type Changed } from '../../server/src/core/parse/reparse';

const URI = 'file:///ws/hr.reqs.yaml';

function requirement(n: number, extra = ''): string {
  const id = `REQ-HR-${String(n).padStart(3, '0')}`;
  return `  - id: ${id}\n    title: Requirement ${n}\n    statement: The solution shall do ${n}.\n    type: functional\n    priority: must\n    satisfies: [UN-HR-${String(n).padStart(3, '0')}]\n${extra}`;
}
const FILE = `# HR requirements\nkind: requirements\ntitle: HR\nitems:\n${[1, 2, 3, 4, 5].map((n) => requirement(n)).join('\n')}`;

/** A parse result without what a re-parse adds about the version before it (which items only moved). */
function unmoved(parsed: ParsedFile): ParsedFile {
  const { moved, ...rest } = parsed;
  return moved ? rest : parsed;
}

/** Re-parses `before` edited by replacing `find` with `replace`, and checks it against a whole parse. */
function edit(before: string, find: string, replace: string): { previous: ParsedFile; next: ParsedFile; whole: ParsedFile } {
  const at = before.indexOf(find);
  expect(at, `"${find}" is in the text`).toBeGreaterThanOrEqual(0);
  const after = before.slice(0, at) + replace + before.slice(at + find.length);
  const previous = parseFile(URI, before);
  const next = reparseFile(previous, after);
  const whole = parseFile(URI, after);
  expect(unmoved(next)).toEqual(whole);
  return { previous, next, whole };
}

/** True when the re-parse kept the untouched items as they were (the shortcut was taken). */
function reused(previous: ParsedFile, next: ParsedFile): boolean {
  return previous.items.length > 0 && next.items[0] === previous.items[0];
}

describe('re-parsing the edited entries only', () => {
  it('finds the change itself when the place it is told cannot be right', () => {
    const previous = parseFile(URI, FILE);
    const text = FILE.replace('Requirement 3', 'Requirement three');
    // Told of a change that would leave the text as long as it was: not this one.
    const next = reparseFile(previous, text, undefined, { from: 10, oldTo: 12, newTo: 12 });
    expect(unmoved(next)).toEqual(parseFile(URI, text));
    expect(next.items[0]).toBe(previous.items[0]);
  });

  it('keeps a layout of a clean file: one start per entry, at the line of its dash', () => {
    const parsed = parseFile(URI, FILE);
    expect(parsed.layout?.indent).toBe(2);
    expect(parsed.layout?.starts.map((s) => FILE.slice(s, s + 17))).toEqual(['  - id: REQ-HR-00', '  - id: REQ-HR-00', '  - id: REQ-HR-00', '  - id: REQ-HR-00', '  - id: REQ-HR-00']);
    expect(parsed.layout?.end).toBe(FILE.length);
  });

  it('re-parses only the entry typed in, and moves the spans after it', () => {
    const { previous, next } = edit(FILE, 'Requirement 3', 'Requirement three');
    expect(reused(previous, next)).toBe(true);
    expect(next.items[3]?.idSpan.start).toBe((previous.items[3]?.idSpan.start ?? 0) + 4);
    expect(next.items[3]?.links[0]?.from).toBe(next.items[3]);
  });

  it('gives the entry its new findings with the item numbered as in the whole file', () => {
    const { previous, next } = edit(FILE, 'priority: must\n    satisfies: [UN-HR-004]', 'priority: mustt\n    satisfies: [UN-HR-004]');
    expect(reused(previous, next)).toBe(true);
    expect(next.findings.map((f) => f.message)).toEqual(['priority must be one of must, should, could, wont (found "mustt").']);
    const { next: noId } = edit(FILE, '  - id: REQ-HR-004\n', '  - idd: REQ-HR-004\n');
    expect(noId.findings.map((f) => f.message).join(' ')).toContain('requirement 4 in items');
  });

  it('adds and removes whole entries', () => {
    const added = edit(FILE, requirement(2), `${requirement(2)}${requirement(9)}`);
    expect(reused(added.previous, added.next)).toBe(true);
    expect(added.next.items.map((i) => i.id)).toContain('REQ-HR-009');
    const removed = edit(FILE, `${requirement(2)}\n`, '');
    expect(reused(removed.previous, removed.next)).toBe(true);
    expect(removed.next.items).toHaveLength(4);
  });

  it('parses the whole file when an edited entry ends with an empty value (its place depends on what follows)', () => {
    for (const eol of ['\n', '\r\n']) {
      const file = FILE.replace(/\n/g, eol);
      // The last field of the first entry loses its value; what is left of the line is a comment.
      const { next } = edit(file, `priority: must${eol}    satisfies: [UN-HR-001]`, `priority: #    satisfies: [UN-HR-001]`);
      expect(next.items[0]?.priority).toBeUndefined();
    }
  });

  it('works on CRLF files and keeps their offsets', () => {
    const crlf = FILE.replace(/\n/g, '\r\n');
    const { previous, next } = edit(crlf, 'Requirement 2', 'Requirement two');
    expect(reused(previous, next)).toBe(true);
  });

  // Each of these could read differently in the whole file than alone, so the whole file is parsed.
  const wholeFileCases: [string, string, string, string][] = [
    ['an anchor in the file', FILE.replace('title: Requirement 1', 'title: &t Requirement 1'), 'Requirement 3', 'Requirement three'],
    ['an alias typed into an entry', FILE, 'title: Requirement 3', 'title: *t'],
    ['a directive', `%YAML 1.1\n---\n${FILE}`, 'Requirement 3', 'Requirement three'],
    ['an unclosed quote', FILE, 'title: Requirement 3', 'title: "Requirement 3'],
    ['a top-level key typed into the last entry', FILE, '[UN-HR-005]\n', '[UN-HR-005]\nowner: me\n'],
    ['an edit before the first entry', FILE, 'title: HR', 'title: Human resources'],
    ['an entry whose dash is removed', FILE, '  - id: REQ-HR-003', '    id: REQ-HR-003'],
    ['an entry at another column', FILE, '  - id: REQ-HR-003', '   - id: REQ-HR-003'],
    ['a line break before an entry (it could end a kept block scalar)', FILE.replace('title: Requirement 2', 'title: |+\n      Requirement 2\n'), '  - id: REQ-HR-003', '\n  - id: REQ-HR-003'],
    ['every entry deleted', `kind: requirements\nitems:\n${requirement(1)}`, requirement(1), ''],
    ['a second document', FILE, '[UN-HR-005]\n', '[UN-HR-005]\n---\nkind: needs\n'],
    // Found by the property below: a later entry's finding names it by number, which the split changes.
    ['an entry split in two before an entry with a numbered finding', FILE.replace('  - id: REQ-HR-005', '  - idd: REQ-HR-005'), '    type: functional\n    priority: must\n    satisfies: [UN-HR-002]', '    type: functional\n  - priority: must\n    satisfies: [UN-HR-002]'],
  ];
  for (const [name, before, find, replace] of wholeFileCases) {
    it(`parses the whole file after ${name}`, () => {
      const { previous, next } = edit(before, find, replace);
      expect(reused(previous, next)).toBe(false);
    });
  }

  it('keeps the later top-level keys, moved, when entries before them change', () => {
    const withTail = `kind: requirements\nitems:\n${requirement(1)}${requirement(2)}title: tail\n`;
    const { previous, next } = edit(withTail, 'Requirement 1', 'Requirement one');
    expect(reused(previous, next)).toBe(false); // entry 1 is the first item itself: nothing before it to reuse
    expect(next.items[1]).not.toBe(previous.items[1]);
    expect(next.layout?.end).toBe((previous.layout?.end ?? 0) + 2);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: any sequence of small edits to a clean file re-parses to what a whole parse gives.

const snippet = fc.constantFrom(
  ' ', '\n', '\r\n', '\r', '-', '- ', '  - ', ':', ': ', '"', "'", '|', '|+\n', '>-\n', '#', '# c\n', '[', ']', ',', '{', '}', '&a ', '*a', '!!str ',
  '\t', '---\n', '...\n', '%YAML 1.1\n', 'x', 'REQ-HR-002', 'UN-HR-001', 'id: ', 'title: T\n', 'priority: must\n', 'owner: me\n',
  `  - id: REQ-HR-100\n    title: New\n`, requirement(7), '\uFEFF', '\0', '\u2010',
);
/** Mostly typing (a character typed or deleted), sometimes a paste or a cut that may break the file. */
const smallEdit = fc.oneof(
  { arbitrary: fc.record({ at: fc.nat(), length: fc.constantFrom(0, 1), insert: fc.constantFrom('', 'a', 'Z', '7', ' ', '-', '.') }), weight: 3 },
  { arbitrary: fc.record({ at: fc.nat(), length: fc.nat({ max: 12 }), insert: fc.option(snippet, { nil: '' }) }), weight: 1 },
);
const cleanFile = fc.tuple(fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), fc.boolean()).map(([ns, eol, tail]) =>
  `kind: requirements\nitems:\n${ns.map((n) => requirement(n)).join('')}${tail ? 'title: after the items\n' : ''}`.replace(/\n/g, eol),
);

const fuzzSeconds = Number(process.env.REQTRACE_FUZZ_SECONDS ?? 0);

describe('property: re-parsing equals parsing the whole file', () => {
  it('after any sequence of small edits', () => {
    let cases = 0;
    let shortcuts = 0;
    let edits = 0;
    const started = performance.now();
    fc.assert(
      fc.property(cleanFile, fc.array(smallEdit, { minLength: 1, maxLength: 10 }), (start, steps) => {
        cases++;
        let text = start;
        let parsed = parseFile(URI, text);
        // Where the text changed since the last re-parse, as an editor's edits tell it (every other step).
        let changed: Changed | undefined;
        for (const [k, { at, length, insert }] of steps.entries()) {
          const from = at % (text.length + 1);
          const to = Math.min(text.length, from + length);
          text = text.slice(0, from) + insert + text.slice(to);
          changed = widenChange(changed, from, to, insert.length);
          if (k % 2 === 0 && k < steps.length - 1) continue;
          const hint = cases % 2 === 0 ? changed : undefined;
          if (hint) {
            expect(parsed.text.slice(0, hint.from)).toBe(text.slice(0, hint.from));
            expect(parsed.text.slice(hint.oldTo)).toBe(text.slice(hint.newTo));
          }
          const next = reparseFile(parsed, text, undefined, hint);
          expect(unmoved(next)).toEqual(parseFile(URI, text));
          // What it says only moved is the old items, text and all, moved by as much as it says.
          if (next.moved && next !== parsed) {
            const { oldStart, by } = next.moved;
            const moved = next.items.filter((item) => item.span.start >= oldStart + by);
            const old = parsed.items.filter((item) => item.span.start >= oldStart);
            expect(moved.length).toBe(old.length);
            for (const [j, item] of moved.entries()) {
              const was = old[j] as Item;
              expect(item.span.start - by).toBe(was.span.start);
              expect(text.slice(item.span.start, item.span.end)).toBe(parsed.text.slice(was.span.start, was.span.end));
            }
          }
          edits++;
          if (reused(parsed, next) && next.items[0]?.span.start !== undefined) shortcuts++;
          parsed = next;
          changed = undefined;
        }
      }),
      fuzzSeconds > 0 ? { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: fuzzSeconds * 1000, markInterruptAsFailure: false } : { numRuns: 300 },
    );
    // The shortcut must actually be exercised, or this property proves nothing about it.
    expect(shortcuts / edits).toBeGreaterThan(0.05);
    // eslint-disable-next-line no-console
    if (fuzzSeconds > 0) console.log(`fuzz: re-parse after edits: ${cases} cases (${edits} edits, ${shortcuts} re-parsed in part), 0 failures, ${Math.round(cases / ((performance.now() - started) / 1000))} cases/s`);
  });
});

describe('property: an index fed small edits equals one built from scratch', () => {
  // Two files that share ids (duplicates, links both ways), edited a keystroke or a paste at a time:
  // the re-parsed entries, the moved ones and the index's twins must all come out as a fresh index.
  const needs = `kind: needs\nitems:\n${[1, 2, 3].map((n) => `  - id: UN-HR-00${n}\n    title: N\n    as: a\n    need: b\n    so-that: c\n`).join('')}`;
  it('after any sequence of small edits to either file', () => {
    let cases = 0;
    const started = performance.now();
    fc.assert(
      fc.property(cleanFile, fc.array(fc.tuple(fc.boolean(), smallEdit), { minLength: 1, maxLength: 8 }), (reqs, steps) => {
        cases++;
        const texts: Record<string, string> = { [URI]: reqs, 'file:///ws/hr.needs.yaml': needs };
        const index = new Workspace();
        for (const [uri, text] of Object.entries(texts)) index.setFile(uri, text);
        for (const [first, { at, length, insert }] of steps) {
          const uri = first ? URI : 'file:///ws/hr.needs.yaml';
          const text = texts[uri] as string;
          const from = at % (text.length + 1);
          texts[uri] = text.slice(0, from) + insert + text.slice(Math.min(text.length, from + length));
          index.setFile(uri, texts[uri]);
          const scratch = new Workspace();
          for (const [u, t] of Object.entries(texts)) scratch.setFile(u, t);
          for (const u of Object.keys(texts)) expect(index.check(u)).toEqual(scratch.check(u));
          // References (find-all-references, rename) come from the index's incoming links: where each link is, and whose.
          const references = (of: Workspace): string[] =>
            [...of.allItems()].flatMap((item) => item.links.map((l) => l.to)).flatMap((id) => of.referencesTo(id).map((l) => `${id} ${l.from.uri} ${l.from.id} ${l.span.start}-${l.span.end}`)).sort();
          expect(references(index)).toEqual(references(scratch));
        }
      }),
      fuzzSeconds > 0 ? { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: fuzzSeconds * 1000, markInterruptAsFailure: false } : { numRuns: 100 },
    );
    // eslint-disable-next-line no-console
    if (fuzzSeconds > 0) console.log(`fuzz: small edits against a from-scratch index: ${cases} cases tried, 0 failures, ${Math.round(cases / ((performance.now() - started) / 1000))} cases/s`);
  });
});
