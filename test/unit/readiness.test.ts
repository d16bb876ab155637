/**
 * The tender readiness rules, each on cursor-marked fixtures («…» marks where a finding or a related
 * location must be), whole findings compared; near misses that must not hit; the rules kept right
 * by an edit (a section's total worked out from every clause when only one was re-checked, a
 * section weight changed in another file); `readiness:` in the config and where its raise sits in
 * the severity precedence.
 */
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../server/src/core/analysis/workspace';
import { applySeverity, mergeSeverity, TENDER_RAISES } from '../../server/src/core/checks/registry';
import { DEFAULT_CONFIG, parseConfig } from '../../server/src/core/config';
import type { Finding, Severity, Span } from '../../server/src/core/model';
import { Folder } from '../../server/src/lsp/folder';
import { marked, REQ, uriOf, workspace, type Fixture } from './fixture';

const req = (id: string, extra = ''): string => `  - id: ${id}\n    ${REQ}${extra}\n`;
/** A requirement with the given priority (REQ's is must) and status. */
const reqWith = (id: string, priority: string, status = 'agreed', extra = ''): string => req(id, `\n    status: ${status}${extra}`).replace('priority: must', `priority: ${priority}`);
const clause = (id: string, response: string, extra = ''): string => `  - id: ${id}\n    title: T\n    text: Describe how.\n    response: ${response}${extra}\n`;
const scored = (id: string, weighting: string, extra = ''): string => clause(id, 'scored', `\n    weighting: ${weighting}\n    covers: [REQ-1]${extra}`);
const reqs = (...items: string[]): string => `kind: requirements\nitems:\n${items.join('')}`;
const itt = (header: string, ...items: string[]): string => `kind: itt\n${header}items:\n${items.join('')}`;
const agreed = reqs(reqWith('REQ-1', 'should'));
const CONFIG = 'file:///ws/reqtrace.config.yaml';

/** The findings of one code in one file, whole. */
function findingsOf(ws: Fixture, file: string, code: string): Finding[] {
  return ws.index.check(uriOf(file)).filter((finding) => finding.code === code);
}

/** Expects no finding of `code` in any of `files`. */
function expectNone(ws: Fixture, code: string, files: readonly string[]): void {
  for (const file of files) expect(findingsOf(ws, file, code), file).toEqual([]);
}

/** Where marked span `n` of `file` is, as a finding or a related location says it. */
const at = (ws: Fixture, file: string, n = 0): { uri: string; span: Span } => ({ uri: uriOf(file), span: ws.span(file, n) });

/** A finding expected on marked span `n` (the first where not given) of `file`, with its related locations likewise. */
interface Placed {
  readonly file: string;
  readonly n?: number;
  readonly message: string;
  readonly related?: readonly { readonly file: string; readonly n?: number; readonly message: string }[];
}

/**
 * A test per case, named as it is, on the workspace of its `files`: where it gives `findings`, they
 * are exactly `code`'s findings in the file of the first, whole; its `quiet` files have none.
 */
function itPlaces(code: string, severity: Severity, cases: readonly { name: string; files: Record<string, string>; findings?: readonly [Placed, ...Placed[]]; quiet?: readonly string[] }[]): void {
  for (const { name, files, findings, quiet = [] } of cases) {
    it(name, () => {
      const ws = workspace(files);
      if (findings) {
        expect(findingsOf(ws, findings[0].file, code)).toEqual(
          findings.map(({ file, n, message, related }) => ({ code, severity, ...at(ws, file, n), message, related: related?.map((where) => ({ ...at(ws, where.file, where.n), message: where.message })) })),
        );
      }
      expectNone(ws, code, quiet);
    });
  }
}

/**
 * Replaces `replace`, the first time it stands after `after`, in `file` by `by`, sending only that
 * range as an editor does; the files the edit affects, sorted.
 */
function edit(ws: Fixture, file: string, { after = '', replace, by }: { after?: string; replace: string; by: string }): string[] {
  const uri = uriOf(file);
  const text = ws.index.file(uri)?.text ?? '';
  const found = text.indexOf(after + replace);
  if (found < 0) throw new Error(`no ${after + replace} in ${file}`);
  const from = found + after.length;
  return [...ws.index.setFile(uri, `${text.slice(0, from)}${by}${text.slice(from + replace.length)}`, { from, oldTo: from + replace.length, newTo: from + by.length })].sort();
}

describe('weighting-total', () => {
  itPlaces('weighting-total', 'error', [
    {
      name: "is on the file's weighting-budget, naming the total and each scored clause's share",
      files: { 'r.reqs.yaml': agreed, 's.itt.yaml': itt('weighting-budget: «100»\n', scored('ITT-1', '«30»'), scored('ITT-2', '«65»'), clause('ITT-3', 'information')) },
      findings: [
        { file: 's.itt.yaml', message: "The weightings of this section's 2 scored clauses total 95, not its weighting-budget of 100: change them, or the budget, so that they add up.", related: [{ file: 's.itt.yaml', n: 1, message: 'ITT-1: 30 of 100' }, { file: 's.itt.yaml', n: 2, message: 'ITT-2: 65 of 100' }] },
      ],
    },
    {
      name: "is on the file's kind when it gives no budget (the default, 100)",
      files: { 'r.reqs.yaml': agreed, 's.itt.yaml': `kind: «itt»\nitems:\n${scored('ITT-1', '«105»')}` },
      findings: [
        { file: 's.itt.yaml', message: "The weightings of this section's scored clause total 105, not 100 (the weighting-budget when the file gives none): change them so that they add up to 100, or give the file its weighting-budget.", related: [{ file: 's.itt.yaml', n: 1, message: 'ITT-1: 105 of 100' }] },
      ],
    },
  ]);

  it('near misses: the budget met (withdrawn clauses left out, decimals summed exactly), a budget of its own, no scored clause, a weighting missing', () => {
    const ws = workspace({
      'r.reqs.yaml': agreed,
      'met.itt.yaml': itt('', scored('ITT-1', '60'), scored('ITT-2', '40'), scored('ITT-3', '20', '\n    status: withdrawn'), clause('ITT-4', 'pass-fail', '\n    covers: [REQ-1]')),
      'decimals.itt.yaml': itt('', scored('ITT-5', '33.3'), scored('ITT-6', '33.3'), scored('ITT-7', '33.4')),
      'budget.itt.yaml': itt('weighting-budget: 50\n', scored('ITT-8', '20'), scored('ITT-9', '30')),
      'none.itt.yaml': itt('weighting-budget: 10\n', clause('ITT-10', 'information')),
      // ITT-12 has no weighting: the schema says so, and the total waits for it.
      'missing.itt.yaml': itt('', scored('ITT-11', '30'), clause('ITT-12', 'scored', '\n    covers: [REQ-1]')),
    });
    expectNone(ws, 'weighting-total', ['met.itt.yaml', 'decimals.itt.yaml', 'budget.itt.yaml', 'none.itt.yaml', 'missing.itt.yaml']);
    expect(findingsOf(ws, 'missing.itt.yaml', 'schema')).toHaveLength(1);
  });

  it('adds up every clause after an edit that re-checks one of them', () => {
    const ws = workspace({ 'r.reqs.yaml': agreed, 's.itt.yaml': itt('', scored('ITT-1', '60'), scored('ITT-2', '40'), scored('ITT-3', '0')) });
    expectNone(ws, 'weighting-total', ['s.itt.yaml']);
    // Typed as an editor sends it: only ITT-2 is re-parsed and re-checked; the total needs all three.
    edit(ws, 's.itt.yaml', { after: 'weighting: 4', replace: '0', by: '5' });
    expect(findingsOf(ws, 's.itt.yaml', 'weighting-total').map((f) => f.message)).toEqual([
      "The weightings of this section's 3 scored clauses total 105, not 100 (the weighting-budget when the file gives none): change them so that they add up to 100, or give the file its weighting-budget.",
    ]);
    edit(ws, 's.itt.yaml', { after: 'weighting: 4', replace: '5', by: '0' });
    expectNone(ws, 'weighting-total', ['s.itt.yaml']);
  });
});

describe('section-weight-total', () => {
  itPlaces('section-weight-total', 'error', [
    {
      name: "is on the first section's weight when the weights do not total 100, each section's weight related",
      files: {
        'r.reqs.yaml': agreed,
        'a.itt.yaml': itt('section-weight: «60»\n', scored('ITT-1', '100')),
        'b.itt.yaml': itt('section-weight: «30»\n', scored('ITT-2', '100')),
        // Pass/fail only: it needs no weight and is not counted.
        'c.itt.yaml': itt('', clause('ITT-3', 'pass-fail', '\n    covers: [REQ-1]')),
      },
      findings: [
        { file: 'a.itt.yaml', message: 'The section weights of the 2 sections with scored clauses total 90, not 100 (a.itt.yaml 60, b.itt.yaml 30): make their shares of the quality score add up to 100.', related: [{ file: 'a.itt.yaml', message: 'a.itt.yaml: 60 of 100' }, { file: 'b.itt.yaml', message: 'b.itt.yaml: 30 of 100' }] },
      ],
      quiet: ['b.itt.yaml', 'c.itt.yaml'],
    },
    {
      name: 'is on the kind of a scored section without a weight once another gives one',
      files: { 'r.reqs.yaml': agreed, 'a.itt.yaml': itt('section-weight: «60»\n', scored('ITT-1', '100')), 'b.itt.yaml': `kind: «itt»\nitems:\n${scored('ITT-2', '100')}` },
      findings: [
        { file: 'b.itt.yaml', message: 'This section has scored clauses but no section-weight, while another section gives its (a.itt.yaml 60): give it its share of the quality score, in percent.', related: [{ file: 'a.itt.yaml', message: 'section-weight 60' }] },
      ],
      // The total waits until every scored section gives its weight.
      quiet: ['a.itt.yaml'],
    },
  ]);

  it('near misses: weights totalling 100, no section giving one, a section whose scored clauses are withdrawn', () => {
    const sixtyForty = workspace({
      'r.reqs.yaml': agreed,
      'a.itt.yaml': itt('section-weight: 60\n', scored('ITT-1', '100')),
      'b.itt.yaml': itt('section-weight: 40\n', scored('ITT-2', '100')),
      'c.itt.yaml': itt('', scored('ITT-3', '100', '\n    status: withdrawn'), clause('ITT-4', 'information')),
    });
    const unweighted = workspace({ 'r.reqs.yaml': agreed, 'a.itt.yaml': itt('', scored('ITT-1', '100')), 'b.itt.yaml': itt('', scored('ITT-2', '100')) });
    expectNone(sixtyForty, 'section-weight-total', ['a.itt.yaml', 'b.itt.yaml', 'c.itt.yaml']);
    expectNone(unweighted, 'section-weight-total', ['a.itt.yaml', 'b.itt.yaml']);
  });

  it("re-checks the other sections when a weight changes, and only the edited file when a clause's text does", () => {
    const ws = workspace({
      'r.reqs.yaml': agreed,
      'a.itt.yaml': itt('section-weight: 60\n', scored('ITT-1', '100')),
      'b.itt.yaml': itt('section-weight: 30\n', scored('ITT-2', '100')),
    });
    expect(findingsOf(ws, 'a.itt.yaml', 'section-weight-total')).toHaveLength(1);
    expect(edit(ws, 'b.itt.yaml', { after: 'section-weight: ', replace: '30', by: '40' })).toEqual([uriOf('a.itt.yaml'), uriOf('b.itt.yaml'), uriOf('r.reqs.yaml')]);
    expectNone(ws, 'section-weight-total', ['a.itt.yaml']);
    expect(edit(ws, 'b.itt.yaml', { replace: 'Describe', by: 'Say', after: '    text: ' })).toEqual([uriOf('b.itt.yaml')]);
  });
});

describe('weighting-unscored', () => {
  itPlaces('weighting-unscored', 'warning', [
    {
      name: 'is on the weighting of a pass-fail or information clause',
      files: { 'r.reqs.yaml': agreed, 's.itt.yaml': itt('', clause('ITT-1', 'pass-fail', '\n    weighting: «10»\n    covers: [REQ-1]'), clause('ITT-2', 'information', '\n    weighting: «5.5»')) },
      findings: [
        { file: 's.itt.yaml', n: 0, message: 'ITT-1 is pass/fail, so its weighting of 10 is never used: remove it, or make the clause scored if its answers are to be marked.' },
        { file: 's.itt.yaml', n: 1, message: 'ITT-2 is for information only, so its weighting of 5.5 is never used: remove it, or make the clause scored if its answers are to be marked.' },
      ],
    },
    {
      name: 'near misses: a scored clause, a withdrawn pass-fail one, a pass-fail one without a weighting',
      files: {
        'r.reqs.yaml': agreed,
        's.itt.yaml': itt('', scored('ITT-1', '100'), clause('ITT-2', 'pass-fail', '\n    weighting: 10\n    covers: [REQ-1]\n    status: withdrawn'), clause('ITT-3', 'pass-fail', '\n    covers: [REQ-1]')),
      },
      quiet: ['s.itt.yaml'],
    },
  ]);
});

describe('must-not-evaluated', () => {
  itPlaces('must-not-evaluated', 'warning', [
    {
      name: "is on a must's id when only information clauses ask for it, each clause related",
      files: {
        'r.reqs.yaml': reqs(reqWith('«REQ-1»', 'must')),
        's.itt.yaml': itt('', clause('«ITT-1»', 'information', '\n    covers: [REQ-1]'), clause('«ITT-2»', 'information', '\n    covers: [REQ-1]'), clause('ITT-3', 'pass-fail', '\n    covers: [REQ-1]\n    status: withdrawn')),
      },
      findings: [
        { file: 'r.reqs.yaml', message: 'REQ-1 is a must, but only clauses for information (ITT-1, ITT-2) ask bidders for it: their answers are never evaluated. Ask for it in a pass-fail or scored clause.', related: [{ file: 's.itt.yaml', n: 0, message: 'ITT-1 asks for REQ-1 for information only' }, { file: 's.itt.yaml', n: 1, message: 'ITT-2 asks for REQ-1 for information only' }] },
      ],
    },
    {
      name: 'near misses: a must also asked pass-fail or scored, a should, a withdrawn must, a waived must, a must nobody asks for',
      files: {
        'r.reqs.yaml': reqs(
          reqWith('REQ-PF', 'must'),
          reqWith('REQ-SC', 'must'),
          reqWith('REQ-SH', 'should'),
          reqWith('REQ-WD', 'must', 'withdrawn'),
          reqWith('REQ-WV', 'must', 'agreed', '\n    waiver: { reason: Asked in the framework call-off }'),
          reqWith('REQ-NO', 'must'),
        ),
        's.itt.yaml': itt('', clause('ITT-1', 'information', '\n    covers: [REQ-PF, REQ-SC, REQ-SH, REQ-WD, REQ-WV]'), clause('ITT-2', 'pass-fail', '\n    covers: [REQ-PF]'), clause('ITT-3', 'scored', '\n    weighting: 100\n    covers: [REQ-SC]')),
      },
      quiet: ['r.reqs.yaml'],
    },
  ]);
});

describe('not-agreed', () => {
  itPlaces('not-agreed', 'info', [
    {
      name: "is on each draft or proposed requirement in a live clause's covers (no status is draft)",
      files: { 'r.reqs.yaml': reqs(req('REQ-D'), reqWith('REQ-P', 'should', 'proposed'), reqWith('REQ-A', 'must')), 's.itt.yaml': itt('', clause('ITT-1', 'pass-fail', '\n    covers: [«REQ-D», REQ-A, «REQ-P»]')) },
      findings: [
        { file: 's.itt.yaml', n: 0, message: 'REQ-D is draft, not agreed: bidders would be asked for a requirement that may still change. Agree it (status: agreed) before the ITT is issued.' },
        { file: 's.itt.yaml', n: 1, message: 'REQ-P is proposed, not agreed: bidders would be asked for a requirement that may still change. Agree it (status: agreed) before the ITT is issued.' },
      ],
    },
    {
      name: "near misses: a withdrawn clause, a Won't Have requirement, an id that does not exist",
      files: {
        'r.reqs.yaml': reqs(req('REQ-D'), req('REQ-W').replace('priority: must', 'priority: wont')),
        's.itt.yaml': itt('', clause('ITT-1', 'pass-fail', '\n    covers: [REQ-D]\n    status: withdrawn'), clause('ITT-2', 'pass-fail', '\n    covers: [REQ-W, REQ-NONE]')),
      },
      quiet: ['s.itt.yaml'],
    },
  ]);
});

describe('moscow-balance', () => {
  const musts = (prefix: string, n: number, priority = 'must', status = 'agreed'): string[] => Array.from({ length: n }, (_, i) => reqWith(`${prefix}-${i + 1}`, priority, status));
  /** The moscow-balance findings of a workspace of one requirements file, the rule given `options`. */
  const balanceOf = (text: string, options?: Record<string, unknown>): Finding[] => {
    const index = new Workspace(undefined, undefined, options ? { 'moscow-balance': options } : undefined);
    index.setFile(uriOf('a.reqs.yaml'), text);
    return index.check(uriOf('a.reqs.yaml')).filter((f) => f.code === 'moscow-balance');
  };

  itPlaces('moscow-balance', 'info', [
    {
      name: 'is reported once, on the kind of the file with the most Musts',
      files: { 'a.reqs.yaml': reqs(...musts('REQ-A', 4), ...musts('REQ-AS', 2, 'should')), 'b.reqs.yaml': `kind: «requirements»\nitems:\n${musts('REQ-B', 5).join('')}` },
      findings: [
        { file: 'b.reqs.yaml', message: "Musts are 81.8% of the requirements planned for this delivery (9 of 11; withdrawn and Won't Have ones left out), more than 60%: so many Musts leave the plan no contingency. This file has the most (5): keep Must for what the service cannot go live without, and make the rest Should or Could." },
      ],
      quiet: ['a.reqs.yaml'],
    },
  ]);

  it("leaves Won't Haves and withdrawn requirements out of the count, and goes to the first file by path on a tie", () => {
    // 10 Musts of 12 planned; counting the six Won'ts it would be 10 of 18 (55.6%).
    const ws = workspace({
      'c.reqs.yaml': reqs(...musts('REQ-C', 4)),
      'b.reqs.yaml': reqs(...musts('REQ-B', 4), ...musts('REQ-W', 6, 'wont')),
      'a.reqs.yaml': reqs(...musts('REQ-A', 2), ...musts('REQ-AS', 2, 'should'), ...musts('REQ-X', 1, 'must', 'withdrawn')),
    });
    // b and c tie with 4 Musts: b is first by path.
    expect(findingsOf(ws, 'b.reqs.yaml', 'moscow-balance').map((f) => f.message)).toEqual([expect.stringMatching(/^Musts are 83\.3% of the requirements planned for this delivery \(10 of 12;.* This file has the most \(4\)/)]);
    expectNone(ws, 'moscow-balance', ['c.reqs.yaml']);
  });

  it('near misses: exactly 60%, fewer than 10 planned (unless the option minimum says fewer), a threshold raised in the config', () => {
    expect(balanceOf(reqs(...musts('REQ-A', 6), ...musts('REQ-S', 4, 'should')))).toEqual([]);
    expect(balanceOf(reqs(...musts('REQ-A', 9)))).toEqual([]);
    // The option `minimum` judges a smaller workspace.
    expect(balanceOf(reqs(...musts('REQ-A', 9)), { minimum: 5 }).map((f) => f.message)).toEqual([expect.stringMatching(/^Musts are 100% of the requirements planned for this delivery \(9 of 9;/)]);
    const eighty = reqs(...musts('REQ-A', 8), ...musts('REQ-S', 2, 'could'));
    expect(balanceOf(eighty, { threshold: 80 })).toEqual([]);
    expect(balanceOf(eighty)).toHaveLength(1);
  });

  it('the threshold option is checked against its schema in the config', () => {
    const { text, spans } = marked('rules:\n  moscow-balance: { threshold: «120» }\n');
    const { config, findings } = parseConfig('file:///c', text);
    expect(findings.map((f) => [f.code, f.span])).toEqual([['schema', spans[0]]]);
    expect(config.ruleOptions).toEqual({});
    expect(parseConfig('file:///c', 'rules:\n  moscow-balance: { threshold: 70 }\n').config.ruleOptions).toEqual({ 'moscow-balance': { threshold: 70 } });
  });
});

describe('social-value-weight', () => {
  const socialValue = (text: string): Finding[] => parseConfig(CONFIG, text).findings.filter((f) => f.code === 'social-value-weight');

  it.each([
    ['is on the social-value share when it is below 10%', 'evaluation:\n  quality: 65\n  price: 30\n  social-value: «5»\n', 'Social value is 5% of the whole score, less than the 10% central government guidance (PPN 06/20, now PPN 002) asks for: give it at least 10%.'],
    [
      'is on the evaluation key when the split has no social-value part',
      '«evaluation»: { quality: 70, price: 30 }\n',
      'The evaluation split has no social-value part: central government guidance (PPN 06/20, now PPN 002) gives social value at least 10% of the whole score. Add social-value: 10 or more, or turn this rule off if the policy does not apply to this tender.',
    ],
  ])('%s', (_name, source, message) => {
    const { text, spans } = marked(source);
    expect(socialValue(text)).toEqual([{ code: 'social-value-weight', severity: 'warning', uri: CONFIG, span: spans[0], message }]);
  });

  it('near misses: 10% or more, no evaluation split, a share the schema refuses (its finding says why)', () => {
    expect(socialValue('evaluation: { quality: 60, price: 30, social-value: 10 }\n')).toEqual([]);
    expect(socialValue('evaluation: { quality: 50, price: 30, social-value: 20 }\n')).toEqual([]);
    expect(socialValue('title: Synergy ERP\n')).toEqual([]);
    const refused = parseConfig(CONFIG, 'evaluation: { quality: 60, price: 30, social-value: ten }\n').findings;
    expect(refused.map((f) => f.code)).toEqual(['schema']);
  });

  it('is turned off, or changed, like any rule, where the findings are shown', () => {
    const { config, findings } = parseConfig(CONFIG, 'evaluation: { quality: 95, social-value: 5 }\nrules:\n  social-value-weight: { severity: off }\n');
    expect(findings.map((f) => f.code)).toEqual(['social-value-weight']);
    expect(applySeverity(findings, config.severity)).toEqual([]);
  });
});

describe('readiness', () => {
  /** The settings of the codes a readiness stage can raise (other layers, such as rules off by default, aside). */
  const raisable = (severity: Readonly<Record<string, string>>): Record<string, string> => Object.fromEntries(Object.entries(severity).filter(([code]) => TENDER_RAISES.includes(code)));

  it('is drafting by default, and tender raises not-agreed, placeholder and must-not-evaluated to errors', () => {
    expect(DEFAULT_CONFIG.readiness).toBe('drafting');
    expect(parseConfig(CONFIG, 'title: T\n').config.readiness).toBe('drafting');
    expect(raisable(parseConfig(CONFIG, 'title: T\n').config.severity)).toEqual({});
    const { config, findings } = parseConfig(CONFIG, 'readiness: tender\n');
    expect(findings).toEqual([]);
    expect(config.readiness).toBe('tender');
    expect(TENDER_RAISES).toEqual(['not-agreed', 'placeholder', 'must-not-evaluated']);
    expect(config.severityLayers.raised).toEqual({ 'not-agreed': 'error', placeholder: 'error', 'must-not-evaluated': 'error' });
    expect(raisable(config.severity)).toEqual({ 'not-agreed': 'error', placeholder: 'error', 'must-not-evaluated': 'error' });
  });

  it('a value other than drafting or tender is a schema finding, and drafting applies', () => {
    const { text, spans } = marked('readiness: «ready»\n');
    const { config, findings } = parseConfig(CONFIG, text);
    expect(findings.map((f) => [f.code, f.span, f.message])).toEqual([['schema', spans[0], 'readiness must be one of drafting, tender (found "ready").']]);
    expect(config.readiness).toBe('drafting');
  });

  it('an explicit setting wins over the raise: rules.<code>.severity, severity:, and the editor above both', () => {
    const { config } = parseConfig(CONFIG, 'readiness: tender\nrules:\n  not-agreed: { severity: info }\nseverity:\n  must-not-evaluated: off\n');
    expect(raisable(config.severity)).toEqual({ 'not-agreed': 'info', placeholder: 'error', 'must-not-evaluated': 'off' });
    expect(raisable(mergeSeverity({ ...config.severityLayers, editor: { placeholder: 'hint' } }))).toEqual({ 'not-agreed': 'info', placeholder: 'hint', 'must-not-evaluated': 'off' });
  });

  it('reaches the findings of the command line and of the language server', () => {
    const ws = workspace({
      'r.reqs.yaml': reqs(reqWith('REQ-D', 'should', 'draft'), reqWith('REQ-M', 'must')),
      's.itt.yaml': itt('', clause('ITT-1', 'information', '\n    covers: [REQ-D, REQ-M]')),
    });
    const severities = (findings: readonly Finding[]): string[] => findings.filter((f) => f.code === 'must-not-evaluated' || f.code === 'not-agreed' || f.code === 'orphan-requirement').map((f) => `${f.code} ${f.severity}`);
    const raw = [...ws.index.check(uriOf('r.reqs.yaml')), ...ws.index.check(uriOf('s.itt.yaml'))];
    expect(severities(raw)).toEqual(['orphan-requirement warning', 'must-not-evaluated warning', 'orphan-requirement warning', 'not-agreed info']);
    // The command line applies config.severity.
    const tender = parseConfig(CONFIG, 'readiness: tender\n').config;
    expect(severities(applySeverity(raw, tender.severity))).toEqual(['orphan-requirement warning', 'must-not-evaluated error', 'orphan-requirement warning', 'not-agreed error']);
    // The language server lays the editor's settings over the config's layers.
    const folder = new Folder('file:///ws');
    folder.useConfigText('readiness: tender\n');
    expect(severities(applySeverity(raw, folder.config.severity))).toEqual(['orphan-requirement warning', 'must-not-evaluated error', 'orphan-requirement warning', 'not-agreed error']);
    folder.useSettings({ severity: { 'not-agreed': 'warning' } });
    expect(severities(applySeverity(raw, folder.config.severity))).toEqual(['orphan-requirement warning', 'must-not-evaluated error', 'orphan-requirement warning', 'not-agreed warning']);
  });
});
