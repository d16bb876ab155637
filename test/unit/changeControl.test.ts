/**
 * Change control in the core: stamped links (`UN-1@<fingerprint>`), suspect-link when the target's
 * meaning changes (not its layout), unreviewed-change, unstamped-link under `suspect-links: all`,
 * malformed stamps as schema findings on the stamp, and edits that keep the stamp (rename) or write
 * only the stamp (review).
 */
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../server/src/core/analysis/workspace';
import { applySeverity, CHECK_RULES } from '../../server/src/core/checks/registry';
import { parseConfig } from '../../server/src/core/config';
import { DEFAULT_FINGERPRINT_FIELDS, fingerprintOf, Fingerprints } from '../../server/src/core/fingerprint';
import type { Item } from '../../server/src/core/model';
import { renameEdits, type FileEdit } from '../../server/src/core/query/edits';
import { markReviewedEdit, stampLinkEdit, stampSuspectLinksTo } from '../../server/src/core/query/review';
import { marked, uriOf } from './fixture';

const NEEDS = 'kind: needs\nitems:\n  - id: UN-1\n    title: Pay\n    as: a payroll officer\n    need: I need to pay people on time\n    so-that: staff are paid\n';
const needStamp = fingerprintOf(build({ 'n.needs.yaml': NEEDS }).index.item('UN-1') as Item);

/** `text` with `edits` made, the last first so that offsets hold. */
function applyEdits(text: string, edits: readonly FileEdit[]): string {
  return [...edits].sort((a, b) => b.span.start - a.span.start).reduce((out, edit) => out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end), text);
}

/** A requirements file whose REQ-1 satisfies `links` (marked with « » where a finding is expected). */
const reqs = (links: string, extra = ''): string => `kind: requirements\nitems:\n  - id: REQ-1\n    title: T\n    statement: The solution shall pay staff.\n    type: functional\n    priority: must\n    satisfies: [${links}]\n    waiver: { reason: Asked in another lot }\n${extra}`;

function build(files: Record<string, string>, rules = CHECK_RULES): { index: Workspace; texts: Record<string, string>; spans: Record<string, { start: number; end: number }[]> } {
  const index = new Workspace(undefined, rules);
  const texts: Record<string, string> = {};
  const spans: Record<string, { start: number; end: number }[]> = {};
  for (const [name, source] of Object.entries(files)) {
    const { text, spans: marks } = marked(source);
    texts[name] = text;
    spans[name] = marks;
    index.setFile(uriOf(name), text);
  }
  return { index, texts, spans };
}

const codes = (index: Workspace, name: string, code: string) => index.check(uriOf(name)).filter((f) => f.code === code);

describe('stamped links', () => {
  it('read the id before @ and keep the stamp: a stamped link resolves like a plain one', () => {
    const { index } = build({ 'n.needs.yaml': NEEDS, 'r.reqs.yaml': reqs(`UN-1@${needStamp}`) });
    const [link] = index.item('REQ-1')?.links ?? [];
    expect(link).toMatchObject({ to: 'UN-1', stamp: needStamp });
    expect(index.check(uriOf('r.reqs.yaml'))).toEqual([]);
    expect(index.check(uriOf('n.needs.yaml'))).toEqual([]);
  });

  it('is not suspect while the target reads the same, whatever its layout', () => {
    const relaid = NEEDS.replace('need: I need to pay people on time', "need: >-\n      I need to pay\n      people   on time").replace('so-that: staff are paid', 'so-that: "staff are paid"').replace(/\n/g, '\r\n');
    const { index } = build({ 'n.needs.yaml': relaid, 'r.reqs.yaml': reqs(`UN-1@${needStamp}`) });
    expect(codes(index, 'r.reqs.yaml', 'suspect-link')).toEqual([]);
  });

  it('is suspect when a word of the target changes: on the link, naming the target, with the new stamp in its data', () => {
    const { index, spans } = build({ 'n.needs.yaml': NEEDS.replace('on time', 'on the day'), 'r.reqs.yaml': reqs(`«UN-1@${needStamp}»`) });
    const now = fingerprintOf(index.item('UN-1') as Item);
    expect(codes(index, 'r.reqs.yaml', 'suspect-link')).toEqual([
      {
        code: 'suspect-link',
        severity: 'warning',
        message: `UN-1 has changed since this link was reviewed: re-read REQ-1 against the need as it is now, then mark the link reviewed (stamp ${needStamp}, now ${now}).`,
        uri: uriOf('r.reqs.yaml'),
        span: spans['r.reqs.yaml']?.[0],
        related: [{ uri: uriOf('n.needs.yaml'), span: (index.item('UN-1') as Item).idSpan, message: 'UN-1 as it is now' }],
        data: { fingerprint: now },
      },
    ]);
  });

  it('turns suspect in the other file when the need is edited, and back when the edit is undone', () => {
    const { index } = build({ 'n.needs.yaml': NEEDS, 'r.reqs.yaml': reqs(`UN-1@${needStamp}`), 'other.reqs.yaml': reqs('UN-1').replace('REQ-1', 'REQ-2') });
    for (const name of ['r.reqs.yaml', 'other.reqs.yaml']) index.check(uriOf(name));
    const affected = index.setFile(uriOf('n.needs.yaml'), NEEDS.replace('on time', 'on the day'));
    // Only the file whose link carries a stamp: the plain link to UN-1 does not track it.
    expect([...affected].sort()).toEqual([uriOf('n.needs.yaml'), uriOf('r.reqs.yaml')]);
    expect(codes(index, 'r.reqs.yaml', 'suspect-link')).toHaveLength(1);
    index.setFile(uriOf('n.needs.yaml'), NEEDS);
    expect(codes(index, 'r.reqs.yaml', 'suspect-link')).toEqual([]);
  });

  it('is not suspect for a change to a field the fingerprint does not read, unless the config names it', () => {
    const retitled = NEEDS.replace('title: Pay', 'title: Pay on time').replace('as: a payroll officer', 'as: a payroll officer\n    priority: could');
    expect(codes(build({ 'n.needs.yaml': retitled, 'r.reqs.yaml': reqs(`UN-1@${needStamp}`) }).index, 'r.reqs.yaml', 'suspect-link')).toEqual([]);
    const fields = { ...DEFAULT_FINGERPRINT_FIELDS, needs: ['as', 'need', 'so-that', 'priority'] as const };
    const index = new Workspace(undefined, CHECK_RULES, {}, new Fingerprints(fields));
    index.setFile(uriOf('n.needs.yaml'), retitled);
    index.setFile(uriOf('r.reqs.yaml'), reqs(`UN-1@${needStamp}`));
    expect(codes(index, 'r.reqs.yaml', 'suspect-link')).toHaveLength(1);
  });

  it('a stamp that is not a fingerprint is a schema finding on the stamp, and the link still resolves', () => {
    const { index, spans } = build({ 'n.needs.yaml': NEEDS, 'r.reqs.yaml': reqs('UN-1@«3F9A»') });
    const findings = index.check(uriOf('r.reqs.yaml'));
    expect(findings.map((f) => [f.code, f.span, f.message])).toEqual([
      ['schema', spans['r.reqs.yaml']?.[0], '"3F9A" after UN-1@ is not a fingerprint: a stamp is 10 characters 0-9 and a-f, written by reqtrace review or the Mark link reviewed quick fix. Remove it with its @ to stop tracking this link.'],
    ]);
    expect(codes(index, 'n.needs.yaml', 'uncovered-need')).toEqual([]);
  });

  it('a fingerprint of digits only, written without quotes, is read by YAML as a number: the finding says to quote it, at the value', () => {
    for (const [written, found] of [
      ['0123456789', " (123456789)"],
      ['1234567890', ''],
    ] as const) {
      const { index, spans } = build({ 'n.needs.yaml': NEEDS.replace('    so-that: staff are paid\n', `    so-that: staff are paid\n    reviewed: «${written}»\n`) });
      expect(index.check(uriOf('n.needs.yaml')).filter((f) => f.code === 'schema').map((f) => [f.code, f.span, f.message])).toEqual([
        ['schema', spans['n.needs.yaml']?.[0], `reviewed must be text, and YAML reads ${written} as a number${found}: put it in quotes, reviewed: '${written}'.`],
      ]);
    }
  });

  it('in quotes, the stamp and the id are where they are written', () => {
    const { index, spans } = build({ 'n.needs.yaml': NEEDS, 'r.reqs.yaml': reqs('"UN-1@«zz»"') });
    expect(index.check(uriOf('r.reqs.yaml')).map((f) => [f.code, f.span])).toEqual([['schema', spans['r.reqs.yaml']?.[0]]]);
  });
});

describe('when the config changes the fingerprint fields', () => {
  it('a link stamped with the default fields, whose target has not changed in them, says the fields changed and how to restamp; one whose target changed is an ordinary suspect link', () => {
    const fields = { ...DEFAULT_FINGERPRINT_FIELDS, needs: ['as', 'need', 'so-that', 'title'] as const };
    const index = new Workspace(undefined, CHECK_RULES, {}, new Fingerprints(fields));
    const two = NEEDS + '  - id: UN-2\n    title: Payslips\n    as: an employee\n    need: I need my payslip\n    so-that: I can check my pay\n';
    index.setFile(uriOf('n.needs.yaml'), two);
    const [un1, un2] = index.file(uriOf('n.needs.yaml'))?.items ?? [];
    const byDefault = fingerprintOf(un2 as Item);
    index.setFile(uriOf('r.reqs.yaml'), reqs(`UN-1@${needStamp}, UN-2@0123456789`));
    const now = (item: Item | undefined): string => fingerprintOf(item as Item, fields);
    expect(codes(index, 'r.reqs.yaml', 'suspect-link').map((f) => f.message)).toEqual([
      `This link to UN-1 was stamped with the default fingerprint fields (as, need, so-that), in which UN-1 has not changed; the config's fingerprint: reads other fields for needs, so every stamp made before that change differs. Once the new fields are agreed, restamp every link at once: reqtrace review --all --links-only (stamp ${needStamp}, now ${now(un1)}).`,
      `UN-2 has changed since this link was reviewed: re-read REQ-1 against the need as it is now, then mark the link reviewed (stamp 0123456789, now ${now(un2)}).`,
    ]);
    expect(byDefault).not.toBe('0123456789');
  });
});

describe('how many links carry a stamp', () => {
  it('is counted as files come, change, shift and go: what decides whether new links are written with stamps', () => {
    const two = reqs(`UN-1@${needStamp}`) + `  - id: REQ-2\n    title: T\n    statement: The solution shall pay staff.\n    type: functional\n    priority: must\n    satisfies: [UN-1@${needStamp}, UN-1]\n    waiver: { reason: Asked in another lot }\n`;
    const { index } = build({ 'n.needs.yaml': NEEDS, 'r.reqs.yaml': two });
    expect(index.stampedLinks).toBe(2);
    // A longer title moves REQ-2 (re-parsed in part, REQ-2 carried over as moved): still two.
    index.setFile(uriOf('r.reqs.yaml'), two.replace('title: T', 'title: Paying staff on the day'));
    expect(index.stampedLinks).toBe(2);
    index.setFile(uriOf('r.reqs.yaml'), two.replace(`[UN-1@${needStamp}]`, '[UN-1]'));
    expect(index.stampedLinks).toBe(1);
    index.setFile(uriOf('other.reqs.yaml'), reqs(`UN-1@${needStamp}`).replace('REQ-1', 'REQ-9'));
    expect(index.stampedLinks).toBe(2);
    index.removeFile(uriOf('r.reqs.yaml'));
    index.removeFile(uriOf('other.reqs.yaml'));
    expect(index.stampedLinks).toBe(0);
  });
});

describe('unreviewed-change', () => {
  it('reports an item whose content changed since its `reviewed`, on that value; nothing once it matches', () => {
    const reviewed = (stamp: string) => `${NEEDS}    reviewed: «${stamp}»\n`;
    const { index, spans } = build({ 'n.needs.yaml': reviewed('abcdef0123') });
    const now = fingerprintOf(index.item('UN-1') as Item);
    expect(codes(index, 'n.needs.yaml', 'unreviewed-change').map((f) => [f.severity, f.span, f.message])).toEqual([
      ['info', spans['n.needs.yaml']?.[0], `UN-1 has changed since it was reviewed: have the change reviewed, then mark the item reviewed (reviewed abcdef0123, now ${now}).`],
    ]);
    expect(codes(build({ 'n.needs.yaml': reviewed(now) }).index, 'n.needs.yaml', 'unreviewed-change')).toEqual([]);
  });
});

describe('unstamped-link', () => {
  it('is off unless the config says suspect-links: all', () => {
    const { index, spans } = build({ 'n.needs.yaml': NEEDS, 'r.reqs.yaml': reqs('«UN-1»') });
    const findings = codes(index, 'r.reqs.yaml', 'unstamped-link');
    expect(findings.map((f) => [f.span, f.message])).toEqual([[spans['r.reqs.yaml']?.[0], 'This link to UN-1 has no stamp, so a change to UN-1 would go unnoticed: review it, then mark it reviewed.']]);
    expect(applySeverity(findings, parseConfig('file:///c', 'readiness: drafting\n').config.severity)).toEqual([]);
    const all = parseConfig('file:///c', 'suspect-links: all\n');
    expect(all.findings).toEqual([]);
    expect(all.config.suspectLinks).toBe('all');
    expect(applySeverity(findings, all.config.severity).map((f) => f.severity)).toEqual(['warning']);
    expect(applySeverity(findings, parseConfig('file:///c', 'suspect-links: all\nrules: { unstamped-link: { severity: info } }\n').config.severity).map((f) => f.severity)).toEqual(['info']);
  });

  it('leaves out a link that cannot be reviewed yet: to an id no item has, two items have, of the wrong kind or withdrawn; and reports it once that is mended', () => {
    const withdrawn = NEEDS.replace('id: UN-1', 'id: UN-9') + '    status: withdrawn\n';
    const twice = NEEDS.replace('id: UN-1', 'id: UN-2');
    const { index, spans } = build({ 'n.needs.yaml': NEEDS, 'w.needs.yaml': withdrawn, 't1.needs.yaml': twice, 't2.needs.yaml': twice, 'r.reqs.yaml': reqs('«UN-1», UN-404, UN-2, UN-9, REQ-1') });
    expect(codes(index, 'r.reqs.yaml', 'unstamped-link').map((f) => f.span)).toEqual([spans['r.reqs.yaml']?.[0]]);
    // The missing need comes, the second UN-2 goes: both links can be reviewed now, and are reported.
    index.setFile(uriOf('t2.needs.yaml'), NEEDS.replace('id: UN-1', 'id: UN-404'));
    expect(codes(index, 'r.reqs.yaml', 'unstamped-link').map((f) => f.message.slice(0, 21))).toEqual(['This link to UN-1 has', 'This link to UN-404 h', 'This link to UN-2 has']);
  });

  it('a new Workspace runs the rules that are on by default: unstamped-link only when asked', () => {
    expect(new Workspace().rules.map((rule) => rule.code)).not.toContain('unstamped-link');
  });
});

describe('the config', () => {
  it('reads fingerprint fields per kind, and refuses a field the kind does not have at the field', () => {
    expect(parseConfig('file:///c', 'fingerprint: { requirements: [statement, acceptance, priority] }\n').config.fingerprintFields).toEqual({ ...DEFAULT_FINGERPRINT_FIELDS, requirements: ['statement', 'acceptance', 'priority'] });
    const { text, spans } = marked('fingerprint: { needs: [as, «statement»] }\n');
    const { config, findings } = parseConfig('file:///c', text);
    expect(findings.map((f) => [f.code, f.span])).toEqual([['schema', spans[0]]]);
    expect(config.fingerprintFields.needs).toEqual(['as']);
  });
});

describe('edits', () => {
  it('rename changes the id and keeps the stamp, in flow and block lists, plain and quoted', () => {
    const block = `kind: requirements\nitems:\n  - id: REQ-2\n    title: T\n    statement: The solution shall pay staff.\n    type: functional\n    priority: must\n    satisfies:\n      - "UN-1@${needStamp}"\n`;
    const { index } = build({ 'n.needs.yaml': NEEDS, 'r.reqs.yaml': reqs(`UN-1@${needStamp}`), 'b.reqs.yaml': block });
    const result = renameEdits(index, 'UN-1', 'UN-PAY-1');
    if (!('edits' in result)) throw new Error(result.error);
    const textOf = (name: string) => applyEdits(index.file(uriOf(name))?.text ?? '', result.edits.filter((e) => e.uri === uriOf(name)));
    expect(textOf('r.reqs.yaml')).toBe(reqs(`UN-PAY-1@${needStamp}`));
    expect(textOf('b.reqs.yaml')).toBe(block.replace(`"UN-1@`, `"UN-PAY-1@`));
  });

  it('review writes only the stamp or the reviewed value, every other byte as it was', () => {
    const changed = NEEDS.replace('on time', 'on the day');
    const { index } = build({ 'n.needs.yaml': changed, 'r.reqs.yaml': reqs(`UN-1@${needStamp}, UN-1`), 's.reqs.yaml': reqs(`UN-1@${needStamp}`).replace('REQ-1', 'REQ-3') });
    const target = index.item('UN-1') as Item;
    const now = index.context.fingerprint(target);
    const [stamped, plain] = index.item('REQ-1')?.links ?? [];
    const apply = (name: string, edits: readonly FileEdit[]) => applyEdits(index.file(uriOf(name))?.text ?? '', edits.filter((e) => e.uri === uriOf(name)));
    expect(apply('r.reqs.yaml', [stampLinkEdit(index, stamped!, now)!])).toBe(reqs(`UN-1@${now}, UN-1`));
    expect(apply('r.reqs.yaml', [stampLinkEdit(index, plain!, now)!])).toBe(reqs(`UN-1@${needStamp}, UN-1@${now}`));
    const all = stampSuspectLinksTo(index, 'UN-1', (item) => index.context.fingerprint(item));
    expect(all.map((e) => e.uri).sort()).toEqual([uriOf('r.reqs.yaml'), uriOf('s.reqs.yaml')]);
    expect(apply('s.reqs.yaml', all)).toBe(reqs(`UN-1@${now}`).replace('REQ-1', 'REQ-3'));
    expect(apply('n.needs.yaml', [markReviewedEdit(index, target, now)!])).toBe(changed.replace('so-that: staff are paid\n', `so-that: staff are paid\n    reviewed: ${now}\n`));
    // A fingerprint YAML would read as a number is written in quotes.
    expect(apply('n.needs.yaml', [markReviewedEdit(index, target, '0123456789')!])).toBe(changed.replace('so-that: staff are paid\n', 'so-that: staff are paid\n    reviewed: "0123456789"\n'));
  });
});
