/**
 * The Gaps view's groups: the coverage model's gaps and the findings the report's verdict counts,
 * grouped; the blocking entries add up to the verdict's count, whatever blocks.
 */
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../server/src/core/analysis/workspace';
import { applySeverity, rulesOn, tenderSeverity } from '../../server/src/core/checks/registry';
import { parseConfig } from '../../server/src/core/config';
import { blockingCount, gapGroups, type GapList } from '../../server/src/core/query/gapGroups';
import { computeCoverage } from '../../server/src/core/report/coverage';
import { verdictOf } from '../../server/src/core/report/verdict';
import { workspaceFindings } from '../../server/src/core/workspace';
import { uriOf } from './fixture';

const need = (id: string): string => `  - id: ${id}\n    title: Need ${id}\n    as: a payroll officer\n    need: I need to pay people on the day\n    so-that: staff are paid\n    status: agreed\n`;
const req = (id: string, extra: string, priority = 'must', status = 'agreed'): string => `  - id: ${id}\n    title: Req ${id}\n    statement: The solution shall run payroll every month.\n    type: functional\n    priority: ${priority}\n${extra}    status: ${status}\n`;
const clause = (id: string, covers: string, status = 'agreed'): string => `  - id: ${id}\n    title: Clause ${id}\n    text: Describe how your solution runs payroll.\n    response: pass-fail\n    covers: [${covers}]\n    status: ${status}\n`;

const FILES = {
  'n.needs.yaml': `kind: needs\nitems:\n${need('UN-1')}${need('UN-2')}${need('UN-3')}`,
  'r.reqs.yaml':
    'kind: requirements\nitems:\n' +
    req('REQ-1', '    satisfies: [UN-1]\n') +
    // Met UN-2, asked of bidders by no clause: UN-2 is not traced end to end.
    req('REQ-2', '    satisfies: [UN-2]\n', 'could') +
    req('REQ-3', '    satisfies: [UN-1]\n', 'should') +
    req('REQ-4', '    satisfies: [UN-1]\n') +
    req('REQ-5', '    satisfies: [UN-1]\n    waiver: { reason: "The framework covers it" }\n') +
    // Proposed and asked of bidders: not-agreed, an error as readiness: tender judges it.
    req('REQ-6', '    satisfies: [UN-1@0123456789]\n', 'must', 'proposed'),
  's.itt.yaml': `kind: itt\nitems:\n${clause('ITT-1', 'REQ-1, REQ-6')}${clause('ITT-2', 'REQ-404')}`,
};

function gapsOn(files: Record<string, string>, configText = '') {
  const { config } = parseConfig(uriOf('reqtrace.config.yaml'), configText);
  const index = new Workspace(config.limits, rulesOn(config.severity), config.ruleOptions);
  for (const [name, text] of Object.entries(files)) index.setFile(uriOf(name), text);
  const findings = applySeverity(workspaceFindings(index, config), tenderSeverity(config.severityLayers));
  const coverage = computeCoverage(index);
  return { groups: gapGroups(index, coverage, findings), verdict: verdictOf(coverage, findings) };
}

const shown = (groups: readonly GapList[]): Record<string, string[]> =>
  Object.fromEntries(groups.map((group) => [`${group.key}${group.blocking ? ' (blocking)' : ''}`, group.gaps.map((gap) => `${gap.item?.id ?? '-'}: ${gap.detail ?? ''}`)]));

describe('gapGroups', () => {
  it('groups the gaps, blocking ones first, requirements not asked musts first, waivers with their reasons, findings with their codes', () => {
    const { groups } = gapsOn(FILES);
    expect(shown(groups)).toEqual({
      'needs-unmet (blocking)': ['UN-3: '],
      'needs-not-traced (blocking)': ['UN-2: '],
      'requirements-not-asked (blocking)': ['REQ-4: Must · agreed', 'REQ-3: Should · agreed', 'REQ-2: Could · agreed'],
      'readiness (blocking)': ['ITT-1: not-agreed'],
      'errors (blocking)': ['ITT-2: broken-link'],
      'suspect-links (blocking)': ['REQ-6: suspect-link'],
      'empty-clauses': ['ITT-2: '],
      waived: ['REQ-5: The framework covers it'],
    });
    const unmet = groups[0]?.gaps[0];
    expect(unmet?.label).toBe('UN-3 — Need UN-3');
    expect(unmet?.span).toEqual(unmet?.item?.idSpan);
    const broken = groups.find((group) => group.key === 'errors')?.gaps[0];
    expect(broken?.label).toBe('REQ-404 does not exist: no requirement has this id. Did you mean REQ-4?');
    expect(FILES['s.itt.yaml'].slice(broken?.span.start, broken?.span.end)).toBe('REQ-404');
  });

  it('counts as blocking exactly what the verdict counts', () => {
    const { groups, verdict } = gapsOn(FILES);
    const verdictTotal = verdict.blocking.reduce((n, line) => n + line.count, 0);
    expect(blockingCount(groups)).toBe(8);
    expect(blockingCount(groups)).toBe(verdictTotal);
    // A config that turns the readiness rule off and raises empty clauses to errors moves the counts together.
    const raised = gapsOn(FILES, 'rules:\n  not-agreed: { severity: "off" }\n  empty-clause: { severity: error }\n');
    expect(shown(raised.groups)['errors (blocking)']).toEqual(['ITT-2: empty-clause', 'ITT-2: broken-link']);
    expect(shown(raised.groups)['readiness (blocking)']).toBeUndefined();
    expect(blockingCount(raised.groups)).toBe(raised.verdict.blocking.reduce((n, line) => n + line.count, 0));
  });

  it('has no groups when nothing is missing', () => {
    const { groups, verdict } = gapsOn({ 'n.needs.yaml': `kind: needs\nitems:\n${need('UN-1')}`, 'r.reqs.yaml': `kind: requirements\nitems:\n${req('REQ-1', '    satisfies: [UN-1]\n')}`, 's.itt.yaml': `kind: itt\nitems:\n${clause('ITT-1', 'REQ-1')}` });
    expect(groups).toEqual([]);
    expect(verdict.ready).toBe(true);
  });
});
