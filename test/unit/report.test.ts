import { describe, expect, it } from 'vitest';
import { computeCoverage } from '../../server/src/core/report/coverage';
import { renderReport } from './renderReport';
import { REQ, workspace } from './fixture';

const hostile = `<script>alert("x")</script> | <img src=x onerror=alert(1)> & 'q'`;
const ws = workspace({
  'n.needs.yaml': `kind: needs\nitems:\n  - id: UN-1\n    title: '${hostile.replace(/'/g, "''")}'\n    as: a\n    need: b\n    so-that: c\n    departments: ["<b>DWP</b>"]\n`,
  'r.reqs.yaml': `kind: requirements\nitems:\n  - id: REQ-1\n    ${REQ.replace('title: T', 'title: "=HYPERLINK(\\"http://evil\\")"')}\n    satisfies: [UN-1]\n`,
});
const coverage = computeCoverage(ws.index);
const context = { title: 'SoR <v1>', pathOf: (uri: string) => uri.replace('file:///ws/', '') };

describe('reports', () => {
  it('html opens with contents whose every entry is a section of the page, and prints on A4 with table headings repeated', () => {
    const html = renderReport('html', coverage, context);
    const contents = /<nav aria-label="Contents"[^]*?<\/nav>/.exec(html)?.[0] ?? '';
    const targets = [...contents.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    expect(targets).toEqual(['verdict', 'totals', 'asked', 'gaps', 'by-priority', 'by-department', 'department-gaps', 'trace-matrix']);
    for (const id of targets) expect(html, id).toContain(`id="${id}"`);
    expect(html).toMatch(/@media print \{[^]*@page \{ size: A4;[^]*thead \{ display: table-header-group; \}/);
  });

  it('html escapes every piece of user text and loads nothing', () => {
    const html = renderReport('html', coverage, context);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>DWP');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; | &lt;img src=x onerror=alert(1)&gt; &amp; &#39;q&#39;');
    expect(html).toContain('Coverage report: SoR &lt;v1&gt;');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).toMatch(/<a class="id" href="r.reqs.yaml#L3" data-uri="file:\/\/\/ws\/r.reqs.yaml" data-line="3">REQ-1<\/a>/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('html and markdown links cannot become javascript: or break out of their quotes', () => {
    const evil = workspace({
      'javascript:alert(1).needs.yaml': `kind: needs\nitems:\n  - id: 'UN-1"><img src=x onerror=alert(1)>'\n    title: 'a "quoted" <title>'\n    as: a\n    need: b\n    so-that: c\n`,
    });
    const report = computeCoverage(evil.index);
    const html = renderReport('html', report, context);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('href="javascript%3Aalert(1).needs.yaml#L3"');
    expect(html).not.toContain('<img');
    expect(html).toContain('UN-1&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('a &quot;quoted&quot; &lt;title&gt;');
    const md = renderReport('md', report, context);
    expect(md).not.toMatch(/\]\(javascript:/i);
    expect(md).toContain('](javascript%3Aalert(1).needs.yaml#L3)');
  });

  it('markdown escapes table pipes and HTML', () => {
    const md = renderReport('md', coverage, context);
    expect(md).toContain('[UN-1](n.needs.yaml#L3) &lt;script>alert("x")&lt;/script> \\| &lt;img src=x onerror=alert(1)> &amp; \'q\'');
    expect(md).not.toContain('<script');
    expect(md).toContain('| Needs traced end to end (need → requirement → ITT clause) | 0 (0%) |');
  });

  it('csv quotes cells and defuses spreadsheet formulas', () => {
    const csv = renderReport('csv', coverage, context);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('need,need title,departments,need priority,need state,requirement,requirement title,requirement priority,requirement state,clause,clause title,response,weighting,file');
    expect(lines[1]).toBe(`UN-1,"<script>alert(""x"")</script> | <img src=x onerror=alert(1)> & 'q'",<b>DWP</b>,,covered,REQ-1,"'=HYPERLINK(""http://evil"")",must,uncovered,,,,,r.reqs.yaml`);
  });

  it('json has the model with paths, not URIs', () => {
    const json = JSON.parse(renderReport('json', coverage, context)) as { totals: { needs: { total: number } }; matrix: { need: { uri: string } }[] };
    expect(json.totals.needs.total).toBe(1);
    expect(json.matrix[0]?.need.uri).toBe('n.needs.yaml');
  });
});
