/**
 * The verdict a coverage report opens with: "Ready to issue" only when, judged as readiness: tender
 * judges it, nothing blocks; otherwise each thing that blocks, counted; warnings counted apart.
 */
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../server/src/core/analysis/workspace';
import { rulesOn, tenderSeverity } from '../../server/src/core/checks/registry';
import { parseConfig } from '../../server/src/core/config';
import { computeCoverage } from '../../server/src/core/report/coverage';
import { askedSummary, provenanceLines, reportVerdict } from '../../server/src/core/report/context';
import { renderMarkdown } from '../../server/src/core/report/markdown';
import { workspaceFindings } from '../../server/src/core/workspace';
import { uriOf } from './fixture';

const NEEDS = 'kind: needs\nitems:\n  - id: UN-1\n    title: Pay\n    as: a payroll officer\n    need: I need to pay people on the day\n    so-that: staff are paid\n    status: agreed\n';
const REQS = 'kind: requirements\nitems:\n  - id: REQ-1\n    title: Pay run\n    statement: The solution shall run payroll every month.\n    type: functional\n    priority: must\n    satisfies: [UN-1]\n    status: agreed\n';
const ITT = 'kind: itt\nitems:\n  - id: ITT-1\n    title: Payroll\n    text: Describe how your solution runs payroll.\n    response: scored\n    weighting: 100\n    covers: [REQ-1]\n    status: agreed\n';

/** The verdict on these files with this config, as the report works it out. */
function verdictOn(files: Record<string, string>, configText = '') {
  const { config } = parseConfig(uriOf('reqtrace.config.yaml'), configText);
  const index = new Workspace(config.limits, rulesOn(config.severity), config.ruleOptions);
  for (const [name, text] of Object.entries(files)) index.setFile(uriOf(name), text);
  const findings = workspaceFindings(index, config);
  const context = { verdictSeverity: tenderSeverity(config.severityLayers) };
  return { verdict: reportVerdict(computeCoverage(index), findings, context), findings, coverage: computeCoverage(index), context };
}

describe('the verdict', () => {
  it('is Ready to issue when every need is traced, every requirement asked and agreed, and nothing is an error', () => {
    const { verdict } = verdictOn({ 'n.needs.yaml': NEEDS, 'r.reqs.yaml': REQS, 's.itt.yaml': ITT });
    expect(verdict).toEqual({ ready: true, blocking: [], warnings: [] });
  });

  it('counts what blocks: a need no requirement meets, a requirement not asked, a proposed requirement asked of bidders (an error under tender), a placeholder, a broken link', () => {
    const { verdict } = verdictOn({
      'n.needs.yaml': `${NEEDS}  - id: UN-2\n    title: Payslips\n    as: an employee\n    need: I need to see my payslip\n    so-that: I know what I was paid\n    status: agreed\n`,
      'r.reqs.yaml': `${REQS.replace('status: agreed', 'status: proposed')}  - id: REQ-2\n    title: Archive\n    statement: The solution shall keep pay records for TBC years.\n    type: functional\n    priority: should\n    satisfies: [UN-9]\n    status: agreed\n`,
      's.itt.yaml': ITT,
    });
    expect(verdict.ready).toBe(false);
    expect(verdict.blocking).toEqual([
      { what: 'user need no requirement meets', count: 1 },
      { what: 'requirement not asked of bidders and not waived', count: 1 },
      { what: 'tender readiness error', count: 1 },
      { what: 'wording error (a placeholder left in)', count: 1 },
      { what: 'other error (a broken link, a schema error…)', count: 1 },
    ]);
  });

  it('judges as readiness: tender does while the config says drafting, but a severity the config sets itself stands', () => {
    const files = { 'n.needs.yaml': NEEDS, 'r.reqs.yaml': REQS.replace('status: agreed', 'status: proposed'), 's.itt.yaml': ITT };
    // Drafting: not-agreed is info in the findings, and an error to the verdict.
    const drafting = verdictOn(files);
    expect(drafting.findings.find((f) => f.code === 'not-agreed')?.severity).toBe('info');
    expect(drafting.verdict.blocking).toEqual([{ what: 'tender readiness error', count: 1 }]);
    // The team has said not-agreed is a warning: the verdict lists it, and it does not block.
    const set = verdictOn(files, 'rules:\n  not-agreed: { severity: warning }\n');
    expect(set.verdict).toEqual({ ready: true, blocking: [], warnings: [{ what: 'tender readiness warning', count: 1 }] });
  });

  it('a suspect link blocks, whatever its severity', () => {
    const { verdict } = verdictOn({ 'n.needs.yaml': NEEDS, 'r.reqs.yaml': REQS.replace('satisfies: [UN-1]', 'satisfies: [UN-1@0123456789]'), 's.itt.yaml': ITT });
    expect(verdict.blocking).toEqual([{ what: 'suspect link (its target changed since the link was reviewed)', count: 1 }]);
  });

  it('opens the Markdown report, in words', () => {
    const { coverage, verdict } = verdictOn({ 'n.needs.yaml': NEEDS, 'r.reqs.yaml': REQS });
    const text = renderMarkdown(coverage, { title: 'ws', pathOf: (uri) => uri, verdict });
    expect(text.split('\n').slice(0, 8)).toEqual([
      '# Coverage report: ws',
      '',
      '## Verdict: Not ready to issue',
      '',
      'Judged as readiness: tender judges it, these stand in the way of issue:',
      '',
      '- **1** need met but not asked of bidders (no ITT clause)',
      '- **1** requirement not asked of bidders and not waived',
    ]);
  });
});

describe('where a report says it came from', () => {
  const generatedAt = new Date('2026-12-06T04:30:59Z');
  const lines = (about: Parameters<typeof provenanceLines>[0]): string[] => provenanceLines(about).map((line) => `${line.label}: ${line.value}`);

  it('names the programme and its marking, the minute it was generated (UTC), the commit, branch and uncommitted changes, and the version', () => {
    const git = { topLevelUri: 'file:///repo', commit: '0123456789abcdef0123', branch: 'main', dirty: true };
    expect(lines({ provenance: { generatedAt, git }, tender: { title: 'Synergy ERP', classification: 'OFFICIAL-SENSITIVE' }, version: '1.2.3' })).toEqual([
      'Programme: Synergy ERP',
      'Protective marking: OFFICIAL-SENSITIVE',
      'Generated: 2026-12-06 04:30 UTC',
      'From: git commit 0123456789ab on branch main, with uncommitted changes',
      'reqtrace: 1.2.3',
    ]);
  });

  it('says when there is no branch, no commit, no git, or when it was made in the editor', () => {
    const at = (git?: { topLevelUri: string; commit?: string; branch?: string; dirty: boolean }): string | undefined => lines({ provenance: git ? { generatedAt, git } : { generatedAt } }).find((line) => line.startsWith('From'));
    expect(at({ topLevelUri: 'file:///repo', commit: 'abcdef0123456789', dirty: false })).toBe('From: git commit abcdef012345 (no branch checked out)');
    expect(at({ topLevelUri: 'file:///repo', dirty: true })).toBe('From: a git work tree with no commit yet');
    expect(at()).toBe('From: files not in a git repository (or git could not be run)');
    expect(lines({ provenance: { generatedAt }, inEditor: true })).toContain('From: the files as the editor has them, unsaved edits included');
  });
});

describe('what is asked of bidders', () => {
  it('counts the requirements live clauses cover by status, and lists those not agreed with the clauses that ask for them', () => {
    const reqs = `${REQS}  - id: REQ-2\n    title: Payslips\n    statement: The solution shall show payslips.\n    type: functional\n    priority: must\n    satisfies: [UN-1]\n    status: draft\n  - id: REQ-3\n    title: Not asked\n    statement: The solution shall keep records.\n    type: functional\n    priority: must\n    satisfies: [UN-1]\n    status: proposed\n`;
    const itt = `${ITT}  - id: ITT-2\n    title: Payslips\n    text: Describe your payslips.\n    response: information\n    covers: [REQ-2]\n    status: agreed\n`;
    const { coverage } = verdictOn({ 'n.needs.yaml': NEEDS, 'r.reqs.yaml': reqs, 's.itt.yaml': itt });
    expect({ ...coverage.asked, notAgreed: coverage.asked.notAgreed.map((r) => [r.id, r.status, r.clauses]) }).toEqual({ agreed: 1, proposed: 0, draft: 1, notAgreed: [['REQ-2', 'draft', ['ITT-2']]] });
    expect(askedSummary(coverage.asked)).toBe('2 requirements are asked of bidders: 1 agreed, 0 proposed, 1 draft. Those not agreed may still change after bidders have answered.');
  });
});
