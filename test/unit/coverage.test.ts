import { describe, expect, it } from 'vitest';
import { computeCoverage, requirementsCoveredPercent, sectionWeighting, tracedPercent } from '../../server/src/core/report/coverage';
import { parseFile } from '../../server/src/core/parse/parse';
import type { Item } from '../../server/src/core/model';
import { coverageSummary } from '../../server/src/core/query/trace';
import { headline } from '../../server/src/core/report/context';
import { REQ, workspace } from './fixture';

const need = (id: string, departments: string, priority: string, status = 'agreed'): string =>
  `  - id: ${id}\n    title: Need ${id}\n    as: a clerk\n    need: I need to\n    so-that: x\n    departments: [${departments}]\n    priority: ${priority}\n    status: ${status}\n`;
const req = (id: string, extra: string): string => `  - id: ${id}\n    ${REQ.replace('priority: must', `priority: ${id.endsWith('S') ? 'should' : 'must'}`)}\n${extra}`;
const clause = (id: string, covers: string, response = 'scored\n    weighting: 10', status = 'agreed'): string =>
  `  - id: ${id}\n    title: Clause ${id}\n    text: Describe.\n    response: ${response}\n    status: ${status}\n${covers ? `    covers: [${covers}]\n` : ''}`;

// UN-1 traced end to end; UN-2 covered by a requirement that no clause covers; UN-3 not covered;
// UN-4 withdrawn; REQ-W waived; REQ-X withdrawn; ITT-E covers only a withdrawn requirement.
const ws = workspace({
  'n.needs.yaml': `kind: needs\nitems:\n${need('UN-1', 'DWP, HO', 'must')}${need('UN-2', 'DWP', 'should')}${need('UN-3', 'MOJ', 'must')}${need('UN-4', 'DEFRA', 'could', 'withdrawn')}`,
  'r.reqs.yaml': `kind: requirements\nitems:\n${req('REQ-A', '    satisfies: [UN-1]\n')}${req('REQ-BS', '    satisfies: [UN-1, UN-2]\n')}${req('REQ-W', '    satisfies: [UN-2]\n    waiver: { reason: Framework }\n')}${req('REQ-C', '    parent: REQ-A\n')}${req('REQ-X', '    satisfies: [UN-3]\n    status: withdrawn\n')}`,
  'c.itt.yaml': `kind: itt\nitems:\n${clause('ITT-1', 'REQ-A, REQ-C')}${clause('ITT-2', 'REQ-A', 'pass-fail')}${clause('ITT-E', 'REQ-X')}${clause('ITT-I', '', 'information')}${clause('ITT-D', 'REQ-BS', 'pass-fail', 'withdrawn')}`,
});
const coverage = computeCoverage(ws.index);

describe('coverage model', () => {
  it('totals', () => {
    expect(coverage.totals).toEqual({
      needs: { total: 3, covered: 2, traced: 1, uncovered: 1 },
      requirements: { total: 4, covered: 2, waived: 1, uncovered: 1 },
      clauses: { total: 4, scored: 2, passFail: 1, information: 1, empty: 1 },
      sections: [{ uri: 'file:///ws/c.itt.yaml', scored: 2, weighting: 20, budget: 100 }],
      withdrawn: 3,
    });
    expect(tracedPercent(coverage)).toBe(33.3);
    expect(requirementsCoveredPercent(coverage)).toBe(66.7);
  });

  it("totals each section's scored weightings on its own, against its budget, with its share of quality", () => {
    const sections = workspace({
      'r.reqs.yaml': `kind: requirements\nitems:\n${req('REQ-A', '')}`,
      'itt/b.itt.yaml': `kind: itt\ntitle: Non-functional\nsection-weight: 40\nitems:\n${clause('ITT-4.1', 'REQ-A', 'scored\n    weighting: 70')}${clause('ITT-4.2', 'REQ-A', 'scored\n    weighting: 30')}`,
      'itt/a.itt.yaml': `kind: itt\nsection: 3\nweighting-budget: 50\nsection-weight: 60\nitems:\n${clause('ITT-3.1', 'REQ-A', 'scored\n    weighting: 45')}${clause('ITT-3.2', 'REQ-A', 'scored\n    weighting: 9', 'withdrawn')}`,
      'itt/q.itt.yaml': `kind: itt\nitems:\n${clause('ITT-2.1', 'REQ-A', 'pass-fail')}`,
    });
    const model = computeCoverage(sections.index);
    expect(model.totals.sections).toEqual([
      { uri: 'file:///ws/itt/a.itt.yaml', section: '3', scored: 1, weighting: 45, budget: 50, weight: 60 },
      { uri: 'file:///ws/itt/b.itt.yaml', title: 'Non-functional', scored: 2, weighting: 100, budget: 100, weight: 40 },
    ]);
    const pathOf = (uri: string): string => uri.replace('file:///ws/', '');
    expect(headline(model, pathOf).filter((line) => line.label.startsWith('Weightings'))).toEqual([
      { label: 'Weightings of scored clauses: Section 3 (itt/a.itt.yaml)', value: '45 of 50, 60% of the quality score' },
      { label: 'Weightings of scored clauses: Non-functional (itt/b.itt.yaml)', value: '100 of 100, 40% of the quality score' },
    ]);
  });

  it('gaps, must-haves first, with lines to open', () => {
    expect(coverage.gaps.uncoveredNeeds.map((r) => r.id)).toEqual(['UN-3']);
    expect(coverage.gaps.needsNotTraced.map((r) => r.id)).toEqual(['UN-2']);
    expect(coverage.gaps.uncoveredRequirements).toEqual([{ id: 'REQ-BS', title: 'T', uri: 'file:///ws/r.reqs.yaml', line: 9, priority: 'should' }]);
    expect(coverage.gaps.waivedRequirements.map((r) => [r.id, r.reason])).toEqual([['REQ-W', 'Framework']]);
    expect(coverage.gaps.emptyClauses.map((r) => r.id)).toEqual(['ITT-E']);
  });

  it('per department and per priority', () => {
    expect(coverage.byDepartment.map((d) => [d.department, d.needs, d.requirements])).toEqual([
      ['DWP', { total: 2, covered: 2, traced: 1, uncovered: 0 }, { total: 3, covered: 1, waived: 1, uncovered: 1 }],
      ['HO', { total: 1, covered: 1, traced: 1, uncovered: 0 }, { total: 2, covered: 1, waived: 0, uncovered: 1 }],
      ['MOJ', { total: 1, covered: 0, traced: 0, uncovered: 1 }, { total: 0, covered: 0, waived: 0, uncovered: 0 }],
      ['Cross-cutting (no department named)', { total: 0, covered: 0, traced: 0, uncovered: 0 }, { total: 1, covered: 1, waived: 0, uncovered: 0 }],
    ]);
    expect(coverage.byPriority.map((p) => [p.priority, p.needs.total, p.requirements.total])).toEqual([
      ['must', 2, 3],
      ['should', 1, 1],
    ]);
  });

  it("each department's drill-down: its needs not met, its needs not traced, the requirements for them not asked of bidders", () => {
    const ids = (refs: readonly { id: string }[]): string[] => refs.map((ref) => ref.id);
    expect(coverage.byDepartment.map((d) => [d.department, ids(d.needsNotMet), ids(d.needsNotTraced), ids(d.requirementsNotAsked)])).toEqual([
      ['DWP', [], ['UN-2'], ['REQ-BS']],
      ['HO', [], [], ['REQ-BS']],
      ['MOJ', ['UN-3'], [], []],
      ['Cross-cutting (no department named)', [], [], []],
    ]);
    // Each entry names the item as the gaps do: the same id, title, file and line.
    expect(coverage.byDepartment[0]?.needsNotTraced).toEqual(coverage.gaps.needsNotTraced);
    expect(coverage.byDepartment[0]?.requirementsNotAsked).toEqual(coverage.gaps.uncoveredRequirements);
  });

  it('the cross-cutting drill-down has the needs that name no department and the requirements that meet no need that names one, must-haves first', () => {
    const model = computeCoverage(
      workspace({
        'n.needs.yaml': `kind: needs\nitems:\n${need('UN-8', '', 'must')}${need('UN-9', 'HO', 'must')}`,
        'r.reqs.yaml': `kind: requirements\nitems:\n${req('REQ-YS', '')}${req('REQ-Z', '')}${req('REQ-M', '    satisfies: [UN-9]\n')}`,
        'c.itt.yaml': `kind: itt\nitems:\n${clause('ITT-1', 'REQ-M')}`,
      }).index,
    );
    expect(model.byDepartment.map((d) => [d.department, d.needsNotMet.map((r) => r.id), d.needsNotTraced.map((r) => r.id), d.requirementsNotAsked.map((r) => [r.id, r.priority])])).toEqual([
      ['HO', [], [], []],
      ['Cross-cutting (no department named)', ['UN-8'], [], [['REQ-Z', 'must'], ['REQ-YS', 'should']]],
    ]);
  });

  it('the trace matrix: need → requirements → clauses', () => {
    expect(coverage.matrix.map((row) => [row.need.id, row.need.state, row.requirements.map((t) => [t.requirement.id, t.requirement.state, t.clauses.map((c) => c.id)])])).toEqual([
      ['UN-1', 'traced', [['REQ-A', 'covered', ['ITT-1', 'ITT-2']], ['REQ-BS', 'uncovered', []]]],
      ['UN-2', 'covered', [['REQ-BS', 'uncovered', []], ['REQ-W', 'waived', []]]],
      ['UN-3', 'uncovered', []],
    ]);
    expect(coverage.requirementsWithoutNeed.map((t) => [t.requirement.id, t.clauses.map((c) => c.id)])).toEqual([['REQ-C', ['ITT-1']]]);
  });

  it('the cheap summary for the status bar agrees with the full model', () => {
    const { needs, requirements } = coverage.totals;
    expect(coverageSummary(ws.index)).toEqual({
      needs: needs.total,
      covered: needs.covered,
      traced: needs.traced,
      requirements: requirements.total,
      requirementsCovered: requirements.covered,
      waived: requirements.waived,
    });
  });
});

describe('sectionWeighting', () => {
  it('reads an ITT file’s budget, number and weight from the version of the file it is given (each version read once)', () => {
    const text = (budget: number): string => `kind: itt\nsection: "6"\nweighting-budget: ${budget}\nsection-weight: 40\nitems:\n  - id: ITT-6.1\n    title: Q\n    text: Describe it.\n    response: scored\n    weighting: 60\n`;
    const before = parseFile('file:///ws/s.itt.yaml', text(100));
    const after = parseFile('file:///ws/s.itt.yaml', text(80));
    const clauses = (file: typeof before): Item[] => [...file.items];
    expect(sectionWeighting(before.uri, before, clauses(before))).toMatchObject({ section: '6', budget: 100, weight: 40, weighting: 60, scored: 1 });
    expect(sectionWeighting(after.uri, after, clauses(after))).toMatchObject({ budget: 80 });
    // The first version asked again still reads as it was.
    expect(sectionWeighting(before.uri, before, clauses(before)).budget).toBe(100);
  });
});
