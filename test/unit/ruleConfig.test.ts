/** `rules:` in reqtrace.config.yaml and the severity precedence the registry writes once. */
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../server/src/core/analysis/workspace';
import { applySeverity, mergeSeverity } from '../../server/src/core/checks/registry';
import type { Rule } from '../../server/src/core/checks/rule';
import { parseConfig } from '../../server/src/core/config';
import { marked, workspace } from './fixture';

const NEED_FILE = 'kind: needs\nitems:\n  - id: UN-1\n    title: T\n    as: a\n    need: b\n    so-that: c\n';

describe('rules: in the config', () => {
  it('sets a severity per rule, taking precedence over severity:', () => {
    const { config, findings } = parseConfig('file:///c', 'severity:\n  uncovered-need: error\n  orphan-requirement: info\nrules:\n  uncovered-need: { severity: hint }\n  empty-clause:\n    severity: off\n');
    expect(findings).toEqual([]);
    expect(config.severity).toEqual({ 'uncovered-need': 'hint', 'orphan-requirement': 'info', 'empty-clause': 'off' });
    const uncovered = workspace({ 'n.needs.yaml': NEED_FILE }).index.check('file:///ws/n.needs.yaml');
    expect(applySeverity(uncovered, config.severity).map((f) => [f.code, f.severity])).toEqual([['uncovered-need', 'hint']]);
  });

  it('reports an unknown rule, an unknown option and a bad severity where they are written', () => {
    const { text, spans } = marked('rules:\n  «no-such-rule»: { severity: off }\n  broken-link: { «suggest»: false }\n  duplicate-id: { severity: «loud» }\n  orphan-requirement: { severity: off }\n');
    const { config, findings } = parseConfig('file:///c', text);
    expect(findings.map((f) => [f.code, f.span, f.message])).toEqual([
      ['schema', spans[0], expect.stringMatching(/^Unknown field 'no-such-rule' in rules\. Allowed fields: yaml-syntax, /)],
      ['schema', spans[1], "Unknown field 'suggest' in rules.broken-link. Allowed fields: severity."],
      ['schema', spans[2], 'severity must be one of error, warning, info, hint, off (found "loud").'],
    ]);
    // The settings that are right still apply.
    expect(config.severity).toEqual({ 'orphan-requirement': 'off' });
  });
});

describe('the severity precedence', () => {
  it('is the editor, then rules.<code>.severity, then severity:, then a readiness raise, then the default; an explicit off stays off', () => {
    const merged = mergeSeverity({
      editor: { a: 'info' },
      rules: { a: 'error', b: 'hint', c: 'off' },
      severity: { a: 'warning', b: 'warning', c: 'error', d: 'info' },
      raised: { a: 'error', b: 'error', c: 'error', d: 'error', e: 'error' },
    });
    expect(merged).toEqual({ a: 'info', b: 'hint', c: 'off', d: 'info', e: 'error' });
    const finding = (code: string) => ({ code, severity: 'warning' as const, message: 'm', uri: 'file:///x', span: { start: 0, end: 0 } });
    expect(applySeverity(['a', 'b', 'c', 'd', 'e', 'f'].map(finding), merged).map((f) => [f.code, f.severity])).toEqual([
      ['a', 'info'],
      ['b', 'hint'],
      ['d', 'info'],
      ['e', 'error'],
      ['f', 'warning'],
    ]);
  });
});

describe('rule options', () => {
  it('keeps no options the schema refused, and gives a rule its own options through the context', () => {
    const { config, findings } = parseConfig('file:///c', 'rules:\n  broken-link: { suggest: false }\n');
    expect(findings.map((f) => f.message)).toEqual(["Unknown field 'suggest' in rules.broken-link. Allowed fields: severity."]);
    expect(config.ruleOptions).toEqual({});
    // A rule that takes options reads them from its context (no registered rule takes any yet).
    const loud: Rule = {
      code: 'loud',
      stage: 'check',
      severity: 'info',
      summary: 'says each id, in capitals when asked (test only)',
      help: 'Test only.',
      where: "the item's id",
      reads: [],
      options: { type: 'object', properties: { shout: { type: 'boolean' } } },
      check: (context, file) => file.items.map((item) => ({ message: context.options('loud').shout === true ? item.id.toUpperCase() : item.id.toLowerCase(), uri: file.uri, span: item.idSpan })),
    };
    const check = (options: Record<string, Record<string, unknown>>): string[] => {
      const index = new Workspace(undefined, [loud], options);
      index.setFile('file:///ws/n.needs.yaml', NEED_FILE);
      return index.check('file:///ws/n.needs.yaml').map((f) => f.message);
    };
    expect(check({})).toEqual(['un-1']);
    expect(check({ loud: { shout: true } })).toEqual(['UN-1']);
  });
});
