import { describe, expect, it } from 'vitest';
import { NEED, REQ, workspace } from './fixture';

/** Parse-stage findings only: the file-level codes (schema, yaml-syntax, limits, kind). */
function fileFindings(name: string, source: string, others: Record<string, string> = {}) {
  const ws = workspace({ [name]: source, ...others });
  const codes = new Set(['schema', 'yaml-syntax', 'yaml-limit', 'file-too-large', 'unreadable-file', 'kind-mismatch']);
  return { ws, findings: ws.findings(name).filter((f) => codes.has(f.code)) };
}

describe('schema findings sit on the offending node', () => {
  it('an enum value: on the value, naming the allowed values', () => {
    const { ws, findings } = fileFindings('a.reqs.yaml', `kind: requirements\nitems:\n  - id: REQ-1\n    title: T\n    statement: S\n    type: functional\n    priority: «high»\n`);
    expect(findings).toEqual([
      { code: 'schema', severity: 'error', at: 'high', span: ws.span('a.reqs.yaml'), message: 'priority must be one of must, should, could, wont (found "high").' },
    ]);
  });

  it('an unknown field: on the key, with the nearest allowed field', () => {
    const { findings } = fileFindings('a.reqs.yaml', `kind: requirements\nitems:\n  - id: REQ-1\n    ${REQ}\n    «priorty»: must\n`);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: 'schema', at: 'priorty' });
    expect(findings[0]?.message).toMatch(/^Unknown field 'priorty' in requirement REQ-1 — did you mean 'priority'\? Allowed fields: id, title, status,/);
  });

  it('a missing required field: on the item id value', () => {
    const { findings } = fileFindings('a.needs.yaml', `kind: needs\nitems:\n  - id: «UN-1»\n    title: T\n    as: a clerk\n    need: I need to file\n`);
    expect(findings).toEqual([expect.objectContaining({ at: 'UN-1', message: "Need UN-1 is missing the required field 'so-that'." })]);
  });

  it('a missing id: on the first key of the item', () => {
    const { findings } = fileFindings('a.needs.yaml', `kind: needs\nitems:\n  - «title»: T\n    as: a clerk\n    need: I need to file\n    so-that: x\n`);
    expect(findings).toEqual([expect.objectContaining({ at: 'title', message: "Need 2 in items is missing the required field 'id'." .replace('2', '1') })]);
  });

  it('a missing top-level field: on the first key of the file', () => {
    const { findings } = fileFindings('a.needs.yaml', `«kind»: needs\ntitle: x\n`);
    expect(findings).toEqual([expect.objectContaining({ at: 'kind', message: "The file is missing the required field 'items'." })]);
  });

  it('an invalid id: on the value, and a look-alike dash is named', () => {
    const { findings } = fileFindings('a.needs.yaml', `kind: needs\nitems:\n  - id: «req-1»\n    ${NEED}\n  - id: «UN\u2010HR\u2010001»\n    ${NEED}\n`);
    expect(findings.map((f) => [f.at, f.message])).toEqual([
      ['req-1', `"req-1" is not a valid id: use capital letters and digits in parts joined by '-' or '.', e.g. REQ-HR-001 or ITT-3.2.1.`],
      ['UN\u2010HR\u2010001', `"UN\u2010HR\u2010001" is not a valid id: it contains a U+2010 HYPHEN, which looks like '-' but is not.`],
    ]);
  });

  it('a wrong type: on the value', () => {
    const { findings } = fileFindings('a.reqs.yaml', `kind: requirements\nitems:\n  - id: REQ-1\n    ${REQ}\n    acceptance: «just one string»\n`);
    expect(findings).toEqual([expect.objectContaining({ at: 'just one string', message: 'acceptance must be a list (found "just one string").' })]);
  });

  it('a scored clause without weighting, and a clause without covers', () => {
    const { findings } = fileFindings('a.itt.yaml', `kind: itt\nitems:\n  - id: «ITT-1»\n    title: T\n    text: Describe it.\n    response: scored\n    covers: [REQ-1]\n  - id: «ITT-2»\n    title: T\n    text: Describe it.\n    response: pass-fail\n`, {
      'r.reqs.yaml': `kind: requirements\nitems:\n  - id: REQ-1\n    ${REQ}\n`,
    });
    expect(findings.map((f) => [f.at, f.message])).toEqual([
      ['ITT-1', "Clause ITT-1 is scored, so it needs a 'weighting' (a number from 0 to 100)."],
      ['ITT-2', "Clause ITT-2 must list the requirements it asks bidders for in 'covers' (or set 'response: information')."],
    ]);
  });

  it('an empty covers list and a weighting out of range', () => {
    const { findings } = fileFindings('a.itt.yaml', `kind: itt\nitems:\n  - id: ITT-1\n    title: T\n    text: Describe it.\n    response: scored\n    weighting: «120»\n    covers: «[]»\n`);
    expect(findings.map((f) => [f.at, f.message])).toEqual([
      ['120', 'weighting must be at most 100 (found 120).'],
      ['[]', "covers must name at least one requirement (or set 'response: information')."],
    ]);
  });

  it('an information clause needs no covers', () => {
    const { findings } = fileFindings('a.itt.yaml', `kind: itt\nitems:\n  - id: ITT-1\n    title: T\n    text: Tell us about your company.\n    response: information\n`);
    expect(findings).toEqual([]);
  });

  it('merge keys are refused with a clear message on the key', () => {
    const { findings } = fileFindings('a.needs.yaml', `kind: needs\nbase: &b {as: x}\nitems:\n  - id: UN-1\n    ${NEED.replace('    as: a payroll officer\n', '')}\n    «<<»: *b\n`);
    expect(findings.find((f) => f.at === '<<')?.message).toBe("YAML merge keys ('<<') are not supported in requirement files: write the fields out in full.");
  });
});

describe('file shape', () => {
  it('an empty file', () => {
    const { findings } = fileFindings('a.reqs.yaml', '');
    expect(findings).toEqual([
      { code: 'schema', severity: 'error', at: '', span: { start: 0, end: 0 }, message: "The file is empty. A requirements file must be a mapping with 'kind: requirements' and 'items'." },
    ]);
  });

  it('a top-level list', () => {
    const { findings } = fileFindings('a.reqs.yaml', '«- id: REQ-1\n- id: REQ-2»\n');
    expect(findings).toEqual([expect.objectContaining({ code: 'schema', at: '- id: REQ-1\n- id: REQ-2', message: "A requirements file must be a mapping with 'kind: requirements' and 'items', not a list." })]);
  });

  it('a top-level scalar', () => {
    const { findings } = fileFindings('a.reqs.yaml', '«just words»\n');
    expect(findings).toEqual([expect.objectContaining({ code: 'schema', at: 'just words', message: `A requirements file must be a mapping with 'kind: requirements' and 'items', not "just words".` })]);
  });

  it('kind disagrees with the suffix: kind-mismatch on the value, and no schema error for it', () => {
    const ws = workspace({ 'a.reqs.yaml': `kind: «needs»\nitems: []\n` });
    expect(ws.findings('a.reqs.yaml')).toEqual([
      expect.objectContaining({ code: 'kind-mismatch', at: 'needs', message: "kind is 'needs', but the file name ends in .reqs.yaml, which holds requirements: write 'kind: requirements' or rename the file." }),
    ]);
  });

  it('a file without a known suffix takes its kind from `kind:`', () => {
    const ws = workspace({ 'reqs.yaml': `kind: requirements\nitems:\n  - id: REQ-1\n    ${REQ}\n    verification: «maybe»\n` });
    expect(ws.findings('reqs.yaml').filter((f) => f.code === 'schema').map((f) => f.at)).toEqual(['maybe']);
    expect(ws.index.item('REQ-1')?.kind).toBe('requirements');
  });
});

describe('YAML syntax and hostile input', () => {
  it('tabs for indentation: one yaml-syntax finding, no schema noise on top', () => {
    const { findings } = fileFindings('a.needs.yaml', 'kind: needs\nitems:\n\t- id: UN-1\n');
    expect(findings.map((f) => [f.code, f.message])).toEqual([['yaml-syntax', 'A tab is used for indentation; use spaces.']]);
  });

  it('a duplicate key is a yaml-syntax error on the second key', () => {
    const { findings } = fileFindings('a.needs.yaml', `kind: needs\nitems:\n  - id: UN-1\n    ${NEED}\n    «title»: again\n`);
    expect(findings).toEqual([expect.objectContaining({ code: 'yaml-syntax', at: 'title', message: '`title` appears twice in UN-1: keep one of them (until then, reqtrace reads this one, the last).' })]);
  });

  it('a second document is a yaml-syntax error', () => {
    const { findings } = fileFindings('a.needs.yaml', 'kind: needs\nitems: []\n---\nkind: needs\n');
    expect(findings.map((f) => f.code)).toEqual(['yaml-syntax']);
    expect(findings[0]?.message).toMatch(/one YAML document/);
  });

  it('a syntax error still indexes what it can: links to its items resolve', () => {
    const ws = workspace({
      'n.needs.yaml': `kind: needs\nitems:\n  - id: UN-1\n    ${NEED}\n  - id: UN-2\n    title: [unclosed\n`,
      'r.reqs.yaml': `kind: requirements\nitems:\n  - id: REQ-1\n    ${REQ}\n    satisfies: [UN-1]\n`,
    });
    expect(ws.findings('n.needs.yaml').every((f) => f.code === 'yaml-syntax')).toBe(true);
    expect(ws.findings('r.reqs.yaml').map((f) => f.code)).not.toContain('broken-link');
  });

  it('an alias bomb gives one yaml-limit finding and nothing is expanded', () => {
    const bomb = ['kind: needs', 'a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    bomb.push('items: []');
    const { findings } = fileFindings('a.needs.yaml', bomb.join('\n'));
    expect(findings.map((f) => f.code)).toEqual(['yaml-limit']);
    expect(findings[0]?.message).toMatch(/billion laughs/);
    expect(findings[0]?.at).toBe('*a');
  });

  it('an alias to its own ancestor gives a yaml-limit finding, not a hang', () => {
    const { findings } = fileFindings('a.needs.yaml', 'kind: needs\nitems: &x [*x]\n');
    expect(findings.map((f) => f.code)).toEqual(['yaml-limit']);
  });

  it('nesting past 100 levels (by indentation, brackets or "- - -") gives one yaml-limit finding where it starts', () => {
    const indented = `kind: needs\nnotes:\n${Array.from({ length: 120 }, (_, i) => `${' '.repeat(i + 1)}a${i}:`).join('\n')}\n`;
    const cases: [string, string, string][] = [
      ['indentation', indented, 'a'],
      ['brackets', `kind: needs\nitems: ${'['.repeat(2000)}${']'.repeat(2000)}\n`, '['],
      ['dashes', `kind: needs\nitems:\n${'- '.repeat(2000)}x\n`, '-'],
    ];
    for (const [name, text, at] of cases) {
      const { findings } = fileFindings('a.needs.yaml', text);
      expect(findings.map((f) => f.code), name).toEqual(['yaml-limit']);
      expect(findings[0]?.message, name).toMatch(/nested more than 100 levels deep/);
      expect(findings[0]?.at, name).toBe(at);
    }
    // Up to the limit, the file is read as usual.
    expect(fileFindings('a.needs.yaml', `kind: needs\nitems: []\nnotes: ${'['.repeat(98)}${']'.repeat(98)}\n`).findings.map((f) => f.code)).not.toContain('yaml-limit');
  });

  it('NUL bytes: not text', () => {
    const { findings } = fileFindings('a.needs.yaml', 'kind: needs\u0000\u0000\n');
    expect(findings).toEqual([expect.objectContaining({ code: 'unreadable-file', at: '\u0000' })]);
  });

  it('a file over the size limit is not parsed', () => {
    const { findings } = fileFindings('a.needs.yaml', `kind: needs\nnotes: ${'x'.repeat(5 * 1024 * 1024)}\n`);
    expect(findings.map((f) => f.code)).toEqual(['file-too-large']);
  });

  it('a 4 MB file of items parses', () => {
    const items = Array.from({ length: 8000 }, (_, i) => `  - id: UN-${i}\n    ${NEED}\n    notes: ${'n'.repeat(400)}`);
    const ws = workspace({ 'a.needs.yaml': `kind: needs\nitems:\n${items.join('\n')}\n` });
    expect(ws.files['a.needs.yaml']!.text.length).toBeGreaterThan(4_000_000);
    expect(ws.index.file('file:///ws/a.needs.yaml')?.items).toHaveLength(8000);
  });

  it('lone CR line ends read as line breaks, with exact spans', () => {
    const ws = workspace({ 'a.reqs.yaml': `kind: requirements\ritems:\r  - id: REQ-1\r    ${REQ.replace(/\n/g, '\r').replace('must', '«must!»')}\r` });
    expect(ws.findings('a.reqs.yaml').filter((f) => f.code !== 'orphan-requirement' && f.code !== 'uncovered-requirement')).toEqual([
      expect.objectContaining({ code: 'schema', at: 'must!', span: ws.span('a.reqs.yaml') }),
    ]);
  });

  it('a finding on a block mapping stops at its last character, not on the next line', () => {
    const ws = workspace({ 'a.reqs.yaml': `kind: requirements\nitems:\n  - id: REQ-1\n    ${REQ}\n    acceptance:\n      «a: 1\n      b: 2»\n    status: draft\n` });
    expect(ws.findings('a.reqs.yaml').filter((f) => f.code === 'schema')).toEqual([expect.objectContaining({ at: 'a: 1\n      b: 2', message: 'acceptance must be a list (found a mapping).' })]);
  });

  it('CRLF and a BOM keep exact spans', () => {
    const ws = workspace({ 'a.reqs.yaml': `\uFEFFkind: requirements\r\nitems:\r\n  - id: REQ-1\r\n    ${REQ.replace(/\n/g, '\r\n').replace('must', '«must!»')}\r\n` });
    expect(ws.findings('a.reqs.yaml').filter((f) => f.code === 'schema')).toEqual([expect.objectContaining({ at: 'must!', span: ws.span('a.reqs.yaml') })]);
  });
});
