/**
 * The wording rules on cursor-marked fixtures: «» marks the exact words each finding must cover,
 * in every way YAML writes text (plain over lines, quoted, escaped, folded, literal, CRLF), and
 * near-misses that must not be found.
 */
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../server/src/core/analysis/workspace';
import { WORDING_RULES, WORDING_RULES_OFF } from '../../server/src/core/checks/wording';
import { earsPattern } from '../../server/src/core/checks/wording/ears';
import { applySeverity, CHECK_RULES, mergeSeverity, rulesOn } from '../../server/src/core/checks/registry';
import { DEFAULT_LIMITS } from '../../server/src/core/parse/parse';
import { marked, uriOf } from './fixture';

const ALL = [...WORDING_RULES, ...WORDING_RULES_OFF];

type RuleOptions = Record<string, Record<string, unknown>>;

/**
 * The findings of `code` on one file (its kind read from its first line), as the text they cover
 * and their messages, beside the text the markers say they should cover.
 */
function check(code: string, source: string, options: RuleOptions = {}): { found: string[]; marked: string[]; messages: string[] } {
  const { text, spans } = marked(source);
  const name = /^kind: needs/.test(text) ? 'a.needs.yaml' : /^kind: itt/.test(text) ? 'a.itt.yaml' : 'a.reqs.yaml';
  const index = new Workspace(DEFAULT_LIMITS, ALL, options);
  index.setFile(uriOf(name), text);
  const findings = index.check(uriOf(name)).filter((f) => f.code === code);
  return { found: findings.map((f) => text.slice(f.span.start, f.span.end)), marked: spans.map((s) => text.slice(s.start, s.end)), messages: findings.map((f) => f.message) };
}

/** A requirements file with one requirement whose statement is written as `statement` (the rest of its line and any lines after). */
const reqs = (statement: string, extra = ''): string => `kind: requirements\nitems:\n  - id: REQ-1\n    title: T\n    statement: ${statement}\n    type: functional\n    priority: must${extra}\n`;
/** A needs file with one need. */
const needs = (as: string, need = 'to pay people', soThat = 'staff are paid'): string => `kind: needs\nitems:\n  - id: UN-1\n    title: T\n    as: ${as}\n    need: ${need}\n    so-that: ${soThat}\n`;
/** An ITT file with one clause for information, whose question is `text`. */
const itt = (text: string): string => `kind: itt\nitems:\n  - id: ITT-1\n    title: T\n    text: ${text}\n    response: information\n    covers: [REQ-1]\n`;

/** Expects the findings of `code` to cover exactly the marked words (none where nothing is marked); returns their messages. */
function expectMarked(code: string, source: string, options?: RuleOptions): string[] {
  const { found, marked: want, messages } = check(code, source, options);
  expect(found, source).toEqual(want);
  return messages;
}

describe('where a wording finding goes: exactly the words, in every scalar style', () => {
  it.each([
    ['plain', 'The solution shall reply «where possible».'],
    ['plain over two lines', 'The solution shall reply «where\n      possible» to each\n      query.'],
    ['single-quoted with a doubled quote', "'The supplier''s desk shall answer «as far as possible».'"],
    ['single-quoted over lines', "'The solution shall reply «where\n      possible».'"],
    ['double-quoted with an escape inside the words', '"The solution shall reply «where\\x20possible» \\"now\\"."'],
    ['double-quoted, a line joined by a backslash', '"The solution shall reply «where pos\\\n      sible»."'],
    ['folded', '>-\n      The solution shall reply\n      «where\n      possible».'],
    ['literal', '|\n      The solution shall reply\n      «if necessary» by email.'],
    ['literal, keep chomping', '|+\n      The solution shall reply «where possible»\n\n'],
  ])('%s', (_style, statement) => {
    const messages = expectMarked('escape-clause', reqs(statement));
    expect(messages[0]).toMatch(/^'.+' is an escape clause: bidders can meet this by doing nothing\. Say exactly when it applies\.$/);
  });

  it('CRLF line ends: the range still covers the words alone', () => {
    const source = reqs('>\n      The solution shall be «user-friendly»\n      and reply «where\n      possible».').replace(/\n/g, '\r\n');
    expect(check('vague-term', source).found).toEqual(['user-friendly']);
    expect(check('escape-clause', source).found).toEqual(['where\r\n      possible']);
  });

  it('acceptance criteria, each in its own place, and clause questions', () => {
    expectMarked('vague-term', reqs('The solution shall record absence.', '\n    acceptance:\n      - A manager approves it «quickly».\n      - "The screen is «intuitive»."'));
    expectMarked('open-ended', itt('Describe your reports, «including but not limited to» payroll, pensions «etc.»'));
  });
});

/** A file whose marked words must be exactly the rule's findings, with the rule's options and, where given, the findings' messages. */
interface MarkedCase {
  readonly source: string;
  readonly options?: RuleOptions;
  readonly messages?: readonly string[];
}

/** Each rule's tests, by name, and the files each one checks: a file alone, or a case that says more. */
const RULE_CASES: Record<string, Record<string, readonly (string | MarkedCase)[]>> = {
  'escape-clause': {
    'finds each escape clause, not a condition that names its case': [
      reqs('The solution shall, «where appropriate», notify payroll «if necessary».'),
      reqs('Where the organisation uses cost centres, the solution shall report by cost centre.'),
      reqs('The solution shall show whether a payment is possible before approval.'),
    ],
    'not a phrase that opens a sentence without a comma, nor a reference to what requires it': [
      reqs('Where possible duplicate invoices share a number, the solution shall hold both.'),
      reqs('«Where possible», the solution shall hold both.'),
      reqs('The solution shall publish the report as required by the Equality Act 2010.'),
    ],
  },
  'open-ended': {
    'finds open lists, not examples': [
      reqs('The solution shall export to CSV, XLSX «etc» and PDF «and so on».'),
      reqs('The solution shall export to formats such as CSV and XLSX.'),
      reqs('The solution shall ask a second approver for payments of £10,000 and more, sourcing, tendering «and more».'),
    ],
  },
  placeholder: {
    'finds placeholders in titles, needs, statements and clause text, any case, joined to a number': [
      reqs('The solution shall keep records for «TBD»-2 years, «tbc».'),
      'kind: requirements\nitems:\n  - id: REQ-1\n    title: Retention «TBC»\n    statement: The solution shall keep records.\n    type: functional\n    priority: must\n',
      needs('a payroll officer', 'to pay people «to be confirmed»', '«???»'),
      { source: itt('Describe your approach to «XXX».'), messages: ["'XXX' is a placeholder: it would go to bidders as written. Settle it before the tender is issued."] },
    ],
    'a process, not a gap: "to be confirmed in writing", "still to be agreed by", unless it opens a clause': [
      reqs('The solution shall record an offer to be confirmed in writing and hours still to be agreed by the manager.'),
      reqs('"The solution shall keep data for the period set out in Annex C (retention: «to be confirmed» by the records officer)."'),
    ],
    'does not find words that hold the letters': [reqs('The solution shall record the TBCX code and XXXL sizes.')],
  },
  'vague-term': {
    'finds vague words, with a space or a hyphen': [reqs('The solution shall be «user friendly», «easy-to-use» and «fast».')],
    'does not find a word inside another, a hyphenated compound, or a term of art': [
      reqs('The solution shall support robustness testing of the fastest-growing fast-track scheme.'),
      reqs('The solution shall record flexible working requests and run a sufficient funds check.'),
    ],
    'takes words added and allowed in the config': [{ source: reqs('The solution shall be «snappy» and fast.'), options: { 'vague-term': { add: ['snappy'], allow: ['fast'] } } }],
  },
  'and-or': {
    'finds and/or with or without spaces, not inside quoted screen text': [
      reqs('The solution shall email «and/or» text, and print «and / or» file.'),
      reqs(`"The solution shall label the field 'Spouse and/or civil partner' as the employee's standard says."`),
    ],
  },
  'multiple-shall': {
    'finds each obligation after the first, not a must-have': [
      {
        source: reqs('The solution shall pay staff and «shall» file RTI returns and «shall» keep a log of must-have items.'),
        messages: Array<string>(2).fill("'shall' again: this statement holds 3 obligations, so it is 3 requirements. Split it so each can be answered and tested on its own."),
      },
      reqs('The solution shall pay staff.'),
      reqs('The solution must pay staff and «must» file RTI returns.'),
    ],
    "in a 'shall' statement, a 'must' that adds a duty counts; one in a relative clause, a condition or quotes does not": [
      reqs('The solution shall publish the data that departments must publish, to managers who must see it.'),
      reqs('If a payment must be held, then the solution shall exclude it and show "Payments must be approved".'),
      reqs('The solution shall route each order. The approver «must» decide within 5 days, and the supplier «must» be told.'),
    ],
  },
  'no-shall': {
    'is on the whole statement when it binds nobody': [reqs('«The system sends a reminder.»'), reqs('>\n      «The system sends\n      a reminder.»'), reqs('The solution must send a reminder.')],
    'reads statements only, not clause questions': [itt('Describe how you send reminders.')],
  },
  'generic-user': {
    'finds an as that names no role': [needs('«a user»'), needs('«End Users»'), needs("'«stakeholder»'")],
    'does not find a role': [needs('a payroll officer in DWP'), needs('a user researcher')],
  },
};

for (const [code, tests] of Object.entries(RULE_CASES)) {
  describe(code, () => {
    for (const [name, cases] of Object.entries(tests)) {
      it(name, () => {
        for (const one of cases) {
          const { source, options, messages } = typeof one === 'string' ? { source: one } : one;
          const found = expectMarked(code, source, options);
          if (messages) expect(found, source).toEqual(messages);
        }
      });
    }
  });
}

describe('rules off by default', () => {
  it('passive-voice, pronoun, absolute, negative find their words when run', () => {
    for (const [code, source] of [
      ['passive-voice', reqs('Payslips «shall be provided» and «must be kept».')],
      ['pronoun', reqs('The portal shows payslips. «It» shall refresh daily.')],
      ['pronoun', reqs('The solution shall store each receipt image, and the card number on it shall be masked.')],
      ['absolute', reqs('The solution shall «always» be available to «all» staff, «100%» of the time.')],
      ['negative', reqs('The solution «shall not» store card numbers.')],
      ['ears-pattern', reqs('«Payslips are the solution’s job and it shall send them.»')],
    ] as const) {
      expectMarked(code, source);
    }
  });
});

describe('rules off by default are not run', () => {
  const codes = (severity: Parameters<typeof rulesOn>[0]): string[] => rulesOn(severity).map((rule) => rule.code);
  it('until a setting turns them on; a rule set off is not run either', () => {
    expect(codes({})).not.toContain('passive-voice');
    expect(codes({})).toContain('vague-term');
    const offByDefault = ['pronoun', 'absolute', 'negative', 'ears-pattern', 'unstamped-link'];
    expect(codes(mergeSeverity({ rules: { 'passive-voice': 'warning', 'vague-term': 'off' } }))).toEqual(CHECK_RULES.map((rule) => rule.code).filter((code) => ![...offByDefault, 'vague-term'].includes(code)));
    expect(rulesOn(mergeSeverity({ rules: Object.fromEntries([...offByDefault, 'passive-voice'].map((code) => [code, 'warning' as const])) }))).toBe(CHECK_RULES);
  });
  it('and their findings, made anyway, are dropped unless a layer turns them on', () => {
    const finding = { code: 'absolute', severity: 'warning' as const, message: 'm', uri: 'file:///x', span: { start: 0, end: 0 } };
    expect(applySeverity([finding], mergeSeverity({}))).toEqual([]);
    expect(applySeverity([finding], mergeSeverity({ editor: { absolute: 'hint' } }))).toEqual([{ ...finding, severity: 'hint' }]);
  });
});

describe('silence', () => {
  it('an item silences a rule for itself with a reason; other rules still run', () => {
    const source = reqs('The solution shall be fast «where possible».', "\n    silence:\n      vague-term: \"'fast' is defined by REQ-NF-010\"");
    expectMarked('escape-clause', source);
    expectMarked('vague-term', source.replace(/[«»]/g, ''));
  });
});

describe('EARS patterns', () => {
  it.each([
    ['The solution shall pay staff monthly.', 'ubiquitous'],
    ['When a leaver is processed, the solution shall stop their pay.', 'event-driven'],
    ['While a payroll run is open, the solution shall lock employee records.', 'state-driven'],
    ['If an RTI submission is rejected, then the solution shall alert the payroll team.', 'unwanted behaviour'],
    ['Where the organisation uses cost centres, the solution shall report by cost centre.', 'optional feature'],
    ['While month end is open, when a journal is posted, the solution shall flag it.', 'complex'],
    ['Payslips are sent monthly.', undefined],
    ['If an RTI submission is rejected, the solution shall alert the team.', undefined],
  ])('%s', (statement, pattern) => {
    expect(earsPattern(statement)).toBe(pattern);
  });
});
