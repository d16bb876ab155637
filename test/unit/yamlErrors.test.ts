/**
 * YAML errors in plain words: one yaml-syntax finding per mistake, at the mistake, with the parser's
 * own words in its detail; the items before and after it still indexed. Each fixture marks the
 * finding's range with «»; findings are compared whole.
 */
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../server/src/core/lines';
import type { Finding, Item } from '../../server/src/core/model';
import { MAX_SYNTAX_FINDINGS } from '../../server/src/core/parse/yamlErrors';
import { toDiagnostic } from '../../server/src/lsp/convert';
import { NEED, uriOf, workspace, type Fixture } from './fixture';

const FILE = 'hr.reqs.yaml';

/** A requirement's entry: `- id:` and its fields at 4 spaces, `lines` written as given between title and type. */
const req = (id: string, lines = '', satisfies = 'UN-HR-001'): string =>
  `  - id: ${id}\n    title: T\n${lines}    statement: The solution shall work.\n    type: functional\n    priority: must\n    satisfies: [${satisfies}]\n`;
const reqs = (...entries: string[]): string => `kind: requirements\nitems:\n${entries.join('')}`;
const needs = `kind: needs\nitems:\n  - id: UN-HR-001\n    ${NEED}\n  - id: UN-HR-002\n    ${NEED}\n`;

/** The findings of one requirements file among needs that its links resolve to, and the workspace. */
function check(source: string, others: Record<string, string> = {}): { findings: readonly Finding[]; ws: Fixture } {
  const ws = workspace({ [FILE]: source, 'hr.needs.yaml': needs, ...others });
  return { findings: ws.index.check(uriOf(FILE)), ws };
}

/** A yaml-syntax finding on marked span `n` of `file` (the requirements file unless named). */
function syntax(ws: Fixture, message: string, detail: string, { n = 0, file = FILE, related }: { n?: number; file?: string; related?: Finding['related'] } = {}): Finding {
  return { code: 'yaml-syntax', severity: 'error', message, uri: uriOf(file), span: ws.span(file, n), detail, ...(related ? { related } : {}) };
}

const said = (message: string, line: number, column: number, more = 0): string =>
  `The YAML parser said: "${message}" (line ${line}, column ${column})${more > 0 ? `, and ${more} more ${more === 1 ? 'error that follows' : 'errors that follow'} from it` : ''}.`;

/** Ids indexed from the file, each with what its links point to. */
function indexed(ws: Fixture): string[] {
  return (ws.index.file(uriOf(FILE))?.items ?? []).map((item) => `${item.id}${item.title ? ` "${item.title}"` : ''} -> ${item.links.map((link) => link.to).join(', ')}`);
}

/** One mistake in the requirements file: the one finding it gives, on the marked range, and what is still read around it. */
interface Mistake {
  readonly source: string;
  readonly message: string;
  /** The parser's own words, as the finding's detail. */
  readonly detail: string;
  /** Where given, every item indexed from the file (as `indexed` writes them). */
  readonly items?: readonly string[];
  /** Where given, fields of REQ-HR-014 as read in spite of the mistake. */
  readonly read?: Partial<Item>;
}

/** A mistake that is a test of its own, named as the test is. */
type NamedMistake = Mistake & { readonly name: string };

/** Checks one mistake's finding, whole, and what the case says is still read; returns the workspace for more. */
function expectOneFinding({ source, message, detail, items, read }: Mistake): Fixture {
  const { findings, ws } = check(source);
  expect(findings).toEqual([syntax(ws, message, detail)]);
  if (items) expect(indexed(ws)).toEqual(items);
  if (read) expect(ws.index.item('REQ-HR-014')).toMatchObject(read);
  return ws;
}

/** A test per mistake, named as it is, each expecting the mistake's one finding. */
function itFindsEach(mistakes: readonly NamedMistake[]): void {
  for (const mistake of mistakes) {
    it(mistake.name, () => {
      expectOneFinding(mistake);
    });
  }
}

/** The three items around a broken REQ-HR-014 (which satisfies UN-HR-002), all indexed. */
const AROUND = ['REQ-HR-013 "T" -> UN-HR-001', 'REQ-HR-014 "T" -> UN-HR-002', 'REQ-HR-015 "T" -> UN-HR-001'];

describe('indentation', () => {
  it('a field indented 3 spaces among fields at 4: one finding on the indentation, naming the item', () => {
    const ws = expectOneFinding({
      source: reqs(req('REQ-HR-013'), `  - id: REQ-HR-014\n    title: T\n    statement: The solution shall work.\n«   »type: functional\n    priority: must\n    satisfies: [UN-HR-002]\n`, req('REQ-HR-015')),
      message: 'This line is indented 3 spaces; the other fields of REQ-HR-014 use 4.',
      detail: said('Sequence item without - indicator', 12, 1, 4),
      // The broken item is read as the line was meant: its link still counts, so UN-HR-002 is not reported uncovered.
      items: AROUND,
    });
    // The parser alone: five errors for the one line, none of them about indentation.
    expect(parseDocument(ws.files[FILE]?.text ?? '').errors.length).toBe(5);
    expect(ws.index.check(uriOf('hr.needs.yaml')).map((f) => f.code)).not.toContain('uncovered-need');
  });

  itFindsEach([
    {
      name: 'a field indented 5 spaces after a folded text reads as the text: still a field indented 5 where the others use 4',
      source: reqs(`  - id: REQ-HR-014\n    title: T\n    statement: >-\n      The solution shall work.\n«     »type: functional\n    priority: must\n    satisfies: [UN-HR-001]\n`),
      message: 'This line is indented 5 spaces; the other fields of REQ-HR-014 use 4.',
      detail: said('All mapping items must start at the same column', 7, 1),
    },
    {
      name: 'the lines after it at the same wrong column are the same mistake',
      source: reqs(`  - id: REQ-HR-014\n«   »title: T\n   statement: The solution shall work.\n   type: functional\n    priority: must\n    satisfies: [UN-HR-001]\n`),
      message: 'This line and the 2 after it are indented 3 spaces; the other fields of REQ-HR-014 use 4.',
      detail: said('Sequence item without - indicator', 4, 1, 4),
      items: ['REQ-HR-014 "T" -> UN-HR-001'],
    },
    {
      name: 'a field indented deeper than a field with a plain value: YAML reads it as more of that value, the finding is on its indentation',
      source: reqs(`  - id: REQ-HR-014\n    title: T\n    statement: The solution shall work.\n«      »type: functional\n    priority: must\n    satisfies: [UN-HR-002]\n`, req('REQ-HR-015')),
      message: 'This line is indented 6 spaces; the other fields of REQ-HR-014 use 4.',
      // The parser points at the statement's value, the line before the mistake.
      detail: said('Nested mappings are not allowed in compact mappings', 5, 16, 1),
      items: ['REQ-HR-014 "T" -> UN-HR-002', 'REQ-HR-015 "T" -> UN-HR-001'],
      read: { type: 'functional', text: 'The solution shall work.' },
    },
    {
      name: 'a `- id:` indented like a field starts a new item in the wrong place',
      source: reqs(req('REQ-HR-013'), `«    »- id: REQ-HR-014\n    title: T\n    statement: The solution shall work.\n    type: functional\n    priority: must\n    satisfies: [UN-HR-002]\n`, req('REQ-HR-015')),
      message: 'This `- id:` line starts a new requirement but is indented like a field of REQ-HR-013: indent it 2 spaces, like the other requirements.',
      detail: said('A block sequence may not be used as an implicit map key', 9, 1, 2),
      items: AROUND,
    },
    {
      name: 'a `- id:` indented 3 where the other items use 2',
      source: reqs(req('REQ-HR-013'), `«   »- id: REQ-HR-014\n    title: T\n`, req('REQ-HR-015')),
      message: 'This `- id:` line is indented 3 spaces; the other requirements use 2.',
      detail: said('All sequence items must start at the same column', 9, 4, 1),
    },
    {
      name: 'a list entry under a field that already has its value on its line',
      source: reqs(`  - id: REQ-HR-014\n    title: T\n    satisfies: [UN-HR-001]\n      «-» UN-HR-002\n    type: functional\n`),
      message: 'This list entry is under `satisfies`, which already has its value on its own line: either write every entry there, or leave `satisfies:` empty and put each entry on a `- ` line below it.',
      detail: said('A block sequence may not be used as an implicit map key', 6, 1, 2),
      items: ['REQ-HR-014 "T" -> UN-HR-001'],
    },
    {
      name: 'an acceptance criterion indented deeper than the one above it',
      source: reqs(`  - id: REQ-HR-014\n    title: T\n    acceptance:\n      - "A record is found"\n«        »- "A duplicate is blocked"\n    type: functional\n`),
      message: 'This `- ` line is indented 8 spaces; the other entries of this list use 6.',
      detail: said('All sequence items must start at the same column', 7, 9),
    },
    {
      name: 'a line of a folded text less indented than the field it belongs to',
      source: reqs(`  - id: REQ-HR-014\n    title: T\n    statement: >-\n      The solution shall hold a passport that stays with the record and,\n«   »with consent, is shared with each new line manager.\n    type: functional\n`),
      message: 'This line continues the text of `statement` but is indented 3 spaces; indent it 6 spaces or more, deeper than `statement`.',
      detail: said('Sequence item without - indicator', 7, 1, 1),
      read: { text: 'The solution shall hold a passport that stays with the record and, with consent, is shared with each new line manager.' },
    },
    {
      name: 'a line of a plain text back at the left of its field',
      source: reqs(`  - id: REQ-HR-014\n    statement: The solution shall\n«  »hold one record per person.\n    title: T\n`),
      message: "This line seems to continue the text of `statement` but is indented 2 spaces: a value that runs onto more lines must be indented deeper than its field's name, so indent it 6 spaces.",
      detail: said('All mapping items must start at the same column', 5, 1, 1),
      read: { text: 'The solution shall hold one record per person.' },
    },
  ]);
});

describe('tabs', () => {
  it('a tab in place of 4 spaces: one finding on the tab, not thirteen', () => {
    const ws = expectOneFinding({
      source: reqs(req('REQ-HR-013'), `  - id: REQ-HR-014\n    title: T\n    statement: >-\n      The solution shall work.\n«\t»type: functional\n    category: hr\n    priority: must\n    satisfies: [UN-HR-002]\n`, req('REQ-HR-015')),
      message: 'A tab is used for indentation; use spaces (the other fields of REQ-HR-014 use 4).',
      detail: said('Block scalar lines must not be less indented than their first line', 13, 1, 9),
      items: AROUND,
    });
    expect(parseDocument(ws.files[FILE]?.text ?? '').errors.length).toBeGreaterThan(5);
  });

  it('lines indented with tabs one after another are one mistake', () => {
    const ws = workspace({ 'a.needs.yaml': 'kind: needs\nitems:\n«\t»- id: UN-1\n\t  title: T\n\t  as: a payroll officer\n' });
    expect(ws.index.check(uriOf('a.needs.yaml'))).toEqual([
      syntax(ws, 'Tabs are used for indentation on this line and the 2 after it; use spaces.', said('Tabs are not allowed as indentation', 3, 1, 2), { file: 'a.needs.yaml' }),
    ]);
    expect(ws.index.item('UN-1')?.as).toBe('a payroll officer');
  });
});

describe('values YAML reads as something else', () => {
  itFindsEach([
    {
      name: "a missing space after ':'",
      source: reqs(`  - id: REQ-HR-014\n    title: T\n    type«:»functional\n    priority: must\n`),
      message: "Put a space after the ':' of `type`: written `type:functional`, it is one word to YAML, not a field and its value.",
      detail: said('Implicit keys need to be on a single line', 5, 5),
      read: { type: 'functional' },
    },
    {
      name: "': ' inside a plain value",
      source: reqs(`  - id: REQ-HR-014\n    title: Note«:» leave is booked in hours\n    type: functional\n`),
      message: "The text of `title` has ': ' in it, which YAML reads as the start of another field: put the whole text in quotes, as in `title: 'Note: leave is booked in hours'`.",
      detail: said('Nested mappings are not allowed in compact mappings', 4, 12),
      read: { title: 'Note: leave is booked in hours' },
    },
    {
      name: 'a first character YAML reserves',
      source: reqs(`  - id: REQ-HR-014\n    title: «@»mention the manager\n    type: functional\n`),
      message: "The text of `title` starts with '@', which YAML keeps for other uses: put the whole text in quotes, as in `title: '@mention the manager'`.",
      detail: said('Plain value cannot start with reserved character @', 4, 12),
    },
    {
      name: 'text after a closing bracket',
      source: reqs(`  - id: REQ-HR-014\n    title: [draft] «Leave booking»\n    type: functional\n`),
      message: "The text of `title` starts with '[', so YAML reads [draft] as a list and cannot read the rest: put the whole text in quotes, as in `title: '[draft] Leave booking'`.",
      detail: said('Unexpected scalar at node end', 4, 20),
      read: { title: '[draft] Leave booking' },
    },
    {
      name: 'text after a closing quote',
      source: reqs(`  - id: REQ-HR-014\n    title: "Passport" «for adjustments»\n    type: functional\n`),
      message: 'The quotes around "Passport" end before the text does, so YAML cannot read the rest: put the whole text in quotes, as in `title: \'"Passport" for adjustments\'`.',
      detail: said('Unexpected scalar at node end', 4, 23),
    },
  ]);
});

describe('quotes and brackets never closed', () => {
  itFindsEach([
    {
      name: 'an unclosed quote: on the quote that opens it',
      source: reqs(req('REQ-HR-013'), `  - id: REQ-HR-014\n    title: «"»Workplace adjustments passport\n    type: functional\n`, req('REQ-HR-015')),
      message: 'This " starts a quoted text that is never closed: add a closing " where the text ends.',
      detail: said('Missing closing "quote', 18, 1),
      items: ['REQ-HR-013 "T" -> UN-HR-001', 'REQ-HR-014 "Workplace adjustments passport" -> ', 'REQ-HR-015 "T" -> UN-HR-001'],
    },
    {
      name: 'an unclosed bracket: on the bracket that opens it',
      source: reqs(`  - id: REQ-HR-014\n    title: T\n    satisfies: «[»UN-HR-001, UN-HR-002\n    type: functional\n`),
      message: 'This [ starts a list that is never closed: add ] after its last entry.',
      detail: said('Flow sequence in block collection must be sufficiently indented and end with a ]', 6, 5),
      items: ['REQ-HR-014 "T" -> UN-HR-001, UN-HR-002'],
    },
  ]);
});

describe('a mistake whose repair is a guess', () => {
  it('an unclosed bracket that swallows the fields below it: one finding, and the item after it still read', () => {
    expectOneFinding({
      source: reqs(req('REQ-HR-013'), `  - «[»id: REQ-HR-014\n    title: T\n    statement: >-\n      The solution shall work.\n    type: functional\n`, req('REQ-HR-015')),
      message: 'This [ starts a list that is never closed: add ] after its last entry.',
      detail: said('Flow sequence in block collection must be sufficiently indented and end with a ]', 14, 3, 17),
      // Closed on its line, [id: REQ-HR-014] leaves the fields below it with no item: they are left out, not misread.
      items: ['REQ-HR-013 "T" -> UN-HR-001', 'REQ-HR-015 "T" -> UN-HR-001'],
    });
  });
});

describe('keys', () => {
  it('a key written twice: on the second, pointing back at the first', () => {
    const { findings, ws } = check(reqs(`  - id: REQ-HR-014\n    «title»: First\n    statement: S\n    «title»: Second\n`));
    expect(findings).toEqual([
      syntax(ws, '`title` appears twice in REQ-HR-014: keep one of them (until then, reqtrace reads this one, the last).', said('Map keys must be unique', 6, 5), {
        n: 1,
        related: [{ uri: uriOf(FILE), span: ws.span(FILE, 0), message: 'The first `title` in REQ-HR-014' }],
      }),
    ]);
  });

  itFindsEach([
    {
      name: 'a field with no colon',
      source: reqs(`  - id: REQ-HR-014\n    «title Passport»\n    type: functional\n`),
      message: "This line is where a field belongs but has no ':' after its name: write it as `title: Passport`.",
      detail: said('Implicit keys need to be on a single line', 4, 5),
    },
    {
      name: 'a field with no colon after a comment',
      source: reqs(`  - id: REQ-HR-014\n    title: T\n    # Agreed on Tuesday.\n    «priority must»\n    type: functional\n`),
      message: "This line is where a field belongs but has no ':' after its name: write it as `priority: must`.",
      detail: said('Implicit keys need to be on a single line', 6, 5),
      read: { type: 'functional' },
    },
    {
      name: 'a field with no colon after a text of several words: it may be more of the text',
      source: reqs(`  - id: REQ-HR-014\n    statement: The solution shall hold a passport\n    «for each employee»\n    type: functional\n`),
      message: "This line is where a field belongs but has no ':' after its name: write it as `for: each employee`, or, if it continues the text of `statement`, indent it deeper than `statement`.",
      detail: said('Implicit keys need to be on a single line', 5, 5),
    },
  ]);
});

describe('text that is not YAML', () => {
  it('text pasted above the top-level fields: one finding for the paste, where the parser gave hundreds', () => {
    const paste = ['Hi all, here is the HR statement of requirements as agreed on Tuesday', 'with the changes from the design authority.', '', 'Regards, Alice'];
    const entries = Array.from({ length: 40 }, (_, i) => req(`REQ-HR-${String(i + 1).padStart(3, '0')}`)).join('');
    const ws = expectOneFinding({
      source: `«${paste.join('\n')}»\n# HR requirements\n${reqs(entries)}`,
      message: "These 3 lines before `kind:` are not YAML: delete them, or start each line with '#' to keep them as a comment.",
      detail: said('Unexpected scalar token in YAML stream: "kind"', 6, 1, 844),
    });
    // The parser alone: an error for nearly every line after the paste.
    expect(parseDocument(ws.files[FILE]?.text ?? '').errors.length).toBe(845);
    expect(indexed(ws)).toHaveLength(40);
  });

  itFindsEach([
    {
      name: 'lines pasted between two items',
      source: reqs(req('REQ-HR-013'), `\n«Hi Bob, here are the changes we discussed\nregards, Alice»\n\n`, req('REQ-HR-014')),
      message: "These 2 lines are not YAML: not a field (`name: value`), a list entry (`- `) or a comment (`#`). If they were pasted in, delete them, or start each line with '#'.",
      detail: said('Implicit keys need to be on a single line', 10, 1, 10),
      items: ['REQ-HR-013 "T" -> UN-HR-001', 'REQ-HR-014 "T" -> UN-HR-001'],
    },
    {
      name: 'a second document',
      source: `${reqs(req('REQ-HR-013'))}«---\nkind: requirements\n»`,
      message: "A requirements file holds one YAML document: remove the '---' and what follows, or move it into a file of its own.",
      detail: said('Source contains multiple documents; please use YAML.parseAllDocuments()', 9, 1),
    },
    {
      name: 'an error nothing explains: in the parser words, and the rest of its item left out so that the items after it still read',
      source: reqs(req('REQ-HR-013'), `  - id: REQ-HR-014\n    title: |«x»\n      Passport\n    satisfies: [UN-HR-002]\n`, req('REQ-HR-015')),
      message: 'Block scalar header includes extra characters: |x.',
      detail: said('Block scalar header includes extra characters: |x', 10, 13),
      items: ['REQ-HR-013 "T" -> UN-HR-001', 'REQ-HR-014 -> ', 'REQ-HR-015 "T" -> UN-HR-001'],
    },
  ]);
});

describe('many mistakes', () => {
  it(`at most ${MAX_SYNTAX_FINDINGS} findings; the last counts the rest after the last one listed`, () => {
    const entries = Array.from({ length: 12 }, (_, i) => {
      const id = `REQ-HR-${String(i + 1).padStart(3, '0')}`;
      return i % 2 === 1 ? `  - id: ${id}\n«   »title: T\n    satisfies: [UN-HR-001]\n` : `  - id: ${id}\n    title: T\n    satisfies: [UN-HR-001]\n`;
    });
    const { findings, ws } = check(reqs(...entries));
    const listed = MAX_SYNTAX_FINDINGS - 1;
    const ids = [2, 4, 6, 8].map((n) => `REQ-HR-${String(n).padStart(3, '0')}`);
    expect(findings).toEqual([
      ...ids.map((id, n) => syntax(ws, `This line is indented 3 spaces; the other fields of ${id} use 4.`, said('Sequence item without - indicator', 7 + 6 * n, 1, 2), { n })),
      syntax(ws, `… and 2 more syntax errors after line 25, not listed one by one: fix the ones above first.`, 'The next one: This line is indented 3 spaces; the other fields of REQ-HR-010 use 4.', { n: listed }),
    ]);
    expect(indexed(ws)).toHaveLength(12);
  });
});

describe('the items before and after a broken one', () => {
  it('index and check as before: links to them resolve, no broken-link or coverage noise elsewhere', () => {
    const itt = `kind: itt\nitems:\n  - id: ITT-1\n    title: T\n    text: Describe how.\n    response: pass-fail\n    covers: [REQ-HR-013, REQ-HR-014, REQ-HR-015]\n`;
    const clean = reqs(req('REQ-HR-013'), req('REQ-HR-014', '', 'UN-HR-002'), req('REQ-HR-015'));
    const broken = reqs(req('REQ-HR-013'), req('REQ-HR-014', '\tcategory: hr\n', 'UN-HR-002'), req('REQ-HR-015'));
    const before = check(clean, { 's.itt.yaml': itt }).ws;
    const { findings, ws } = check(broken, { 's.itt.yaml': itt });
    expect(findings.map((f) => f.code)).toEqual(['yaml-syntax']);
    for (const name of ['s.itt.yaml', 'hr.needs.yaml']) expect(ws.index.check(uriOf(name))).toEqual(before.index.check(uriOf(name)));
    const codes = ['s.itt.yaml', 'hr.needs.yaml'].flatMap((name) => ws.index.check(uriOf(name)).map((f) => f.code));
    for (const noise of ['broken-link', 'empty-clause', 'uncovered-need']) expect(codes).not.toContain(noise);
    expect(indexed(ws)).toEqual(indexed(before));
  });
});

describe('line breaks and a byte-order mark', () => {
  it('CRLF and a BOM: the same finding, at the same characters', () => {
    const lf = reqs(req('REQ-HR-013'), `  - id: REQ-HR-014\n    title: T\n«   »type: functional\n    satisfies: [UN-HR-002]\n`);
    const ws = expectOneFinding({
      source: `\uFEFF${lf.replaceAll('\n', '\r\n')}`,
      message: 'This line is indented 3 spaces; the other fields of REQ-HR-014 use 4.',
      detail: said('Sequence item without - indicator', 11, 1, 2),
    });
    const text = ws.files[FILE]?.text ?? '';
    const span = ws.span(FILE);
    expect(text.slice(span.start, span.end)).toBe('   ');
    expect(ws.index.item('REQ-HR-014')?.links.map((link) => text.slice(link.span.start, link.span.end))).toEqual(['UN-HR-002']);
    expect(ws.index.check(uriOf('hr.needs.yaml')).map((f) => f.code)).not.toContain('uncovered-need');
  });
});

describe('the parser words, for those who want them', () => {
  it('are the second line of the diagnostic the editor shows', () => {
    const { findings, ws } = check(reqs(`  - id: REQ-HR-014\n«\t»title: T\n`));
    const text = ws.files[FILE]?.text ?? '';
    const [finding] = findings;
    if (!finding) throw new Error('no finding');
    expect(toDiagnostic(() => undefined, new LineIndex(text), finding)).toEqual({
      range: { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } },
      severity: 1,
      code: 'yaml-syntax',
      source: 'reqtrace',
      message: `A tab is used for indentation; use spaces (the other fields of REQ-HR-014 use 4).\n${said('Tabs are not allowed as indentation', 4, 1)}`,
    });
  });
});
