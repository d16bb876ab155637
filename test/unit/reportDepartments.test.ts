import { describe, expect, it } from 'vitest';
import { computeCoverage } from '../../server/src/core/report/coverage';
import { departmentSummary } from '../../server/src/core/report/context';
import { renderReport } from './renderReport';
import { REQ, workspace } from './fixture';

const need = (id: string, departments: string): string => `  - id: ${id}\n    title: Need ${id}\n    as: a clerk\n    need: I need to\n    so-that: x\n    departments: [${departments}]\n    priority: must\n`;
const req = (id: string, satisfies: string): string => `  - id: ${id}\n    ${REQ.replace('title: T', `title: Requirement ${id}`)}\n${satisfies ? `    satisfies: [${satisfies}]\n` : ''}`;
const clause = (id: string, covers: string): string => `  - id: ${id}\n    title: Clause ${id}\n    text: Describe.\n    response: pass-fail\n    covers: [${covers}]\n`;

// HO: both needs traced end to end. DWP: UN-3 met by no requirement, UN-4 met but not asked of
// bidders (REQ-4 has no clause). Cross-cutting: UN-5 names no department; REQ-9 meets no need and
// no clause asks for it.
const ws = workspace({
  'n.needs.yaml': `kind: needs\nitems:\n${need('UN-1', 'HO')}${need('UN-2', 'HO')}${need('UN-3', 'DWP')}${need('UN-4', 'DWP')}${need('UN-5', '')}`,
  'r.reqs.yaml': `kind: requirements\nitems:\n${req('REQ-1', 'UN-1, UN-2')}${req('REQ-4', 'UN-4')}${req('REQ-5', 'UN-5')}${req('REQ-9', '')}`,
  'c.itt.yaml': `kind: itt\nitems:\n${clause('ITT-1', 'REQ-1, REQ-5')}`,
});
const coverage = computeCoverage(ws.index);
const context = { title: 'Departments', pathOf: (uri: string) => uri.replace('file:///ws/', '') };
const section = (html: string, id: string): string => {
  const start = html.indexOf(`<h3 id="${id}">`);
  const end = html.indexOf('<h3 ', start + 1);
  return html.slice(start, end === -1 ? html.indexOf('<h2 ', start) : end);
};

describe("the report's gaps by department", () => {
  it('says in words what each department has traced, and what stands in the way', () => {
    expect(coverage.byDepartment.map((d) => [d.department, departmentSummary(d)])).toEqual([
      ['DWP', '0 of 2 DWP needs are traced end to end: 1 met by no requirement, 1 met but not asked of bidders. The one requirement that meets them is neither asked of bidders nor waived.'],
      ['HO', 'All 2 HO needs are traced end to end. The one requirement that meets them is asked of bidders or waived.'],
      ['Cross-cutting (no department named)', "The one cross-cutting need is traced end to end. 1 of the 2 requirements that meet no department's need is neither asked of bidders nor waived."],
    ]);
  });

  it('speaks of one need as one', () => {
    const one = computeCoverage(workspace({ 'n.needs.yaml': `kind: needs\nitems:\n${need('UN-1', 'MOJ')}` }).index);
    expect(one.byDepartment.map(departmentSummary)).toEqual(['The one MOJ need is not traced end to end: it is met by no requirement.']);
  });

  it('html: a section per department, in the contents, each gap an id that opens the item at its line, departments linked from their table', () => {
    const html = renderReport('html', coverage, context);
    expect(html).toContain('<li><a href="#department-gaps">Gaps by department</a></li>');
    const dwp = section(html, 'department-1');
    expect(dwp).toContain('<h3 id="department-1">DWP</h3>');
    expect(dwp).toContain('<h4>DWP needs no requirement meets (1)</h4><ul><li><a class="id" href="n.needs.yaml#L17" data-uri="file:///ws/n.needs.yaml" data-line="17">UN-3</a> <span class="title">Need UN-3</span></li></ul>');
    expect(dwp).toContain('<h4>DWP needs met but not asked of bidders (1)</h4><ul><li><a class="id" href="n.needs.yaml#L24" data-uri="file:///ws/n.needs.yaml" data-line="24">UN-4</a>');
    expect(dwp).toContain('<h4>Requirements meeting DWP needs, not asked of bidders and not waived (1)</h4><ul><li><a class="id" href="r.reqs.yaml#L9"');
    const ho = section(html, 'department-2');
    expect(ho).toContain('All 2 HO needs are traced end to end.');
    expect(ho).not.toContain('<h4>');
    const cross = section(html, 'department-3');
    expect(cross).toContain('<h3 id="department-3">Cross-cutting (no department named)</h3>');
    expect(cross).toContain("<h4>Requirements that meet no department&#39;s need, not asked of bidders and not waived (1)</h4>");
    expect(cross).toContain('>REQ-9</a>');
    expect(html).toContain('<th scope="row"><a href="#department-1">DWP</a></th>');
  });

  it('markdown: the same sections, sentences and lists', () => {
    const md = renderReport('md', coverage, context);
    const part = md.slice(md.indexOf('## Gaps by department'), md.indexOf('## Trace matrix'));
    expect(part).toContain('### DWP\n\n0 of 2 DWP needs are traced end to end');
    expect(part).toContain('#### DWP needs no requirement meets (1)\n\n- [UN-3](n.needs.yaml#L17) Need UN-3\n');
    expect(part).toContain('### HO\n\nAll 2 HO needs are traced end to end.');
    expect(part).toContain("#### Requirements that meet no department's need, not asked of bidders and not waived (1)\n\n- [REQ-9](r.reqs.yaml#L");
  });

  it('json: each department entry keeps its counts and gains its lists, with paths', () => {
    const json = JSON.parse(renderReport('json', coverage, context)) as { byDepartment: { department: string; needs: unknown; requirements: unknown; needsNotMet: { id: string; uri: string; line: number }[]; needsNotTraced: { id: string }[]; requirementsNotAsked: { id: string }[] }[] };
    const dwp = json.byDepartment[0];
    expect(Object.keys(dwp ?? {})).toEqual(['department', 'needs', 'requirements', 'needsNotMet', 'needsNotTraced', 'requirementsNotAsked']);
    expect(dwp?.needsNotMet).toEqual([{ id: 'UN-3', title: 'Need UN-3', uri: 'n.needs.yaml', line: 17 }]);
  });

  it('an empty workspace has no department and says so', () => {
    const empty = computeCoverage(workspace({}).index);
    expect(renderReport('html', empty, context)).toContain('<h2 id="department-gaps">Gaps by department</h2>\n<p class="none">No user need or requirement yet.</p>');
    expect(renderReport('md', empty, context)).toContain('## Gaps by department\n\nNo user need or requirement yet.');
  });
});
