/**
 * The editor's report request (REPORT_REQUEST) through its pure handler: the html and md exporters
 * of the registry, links relative to where the editor writes the report, and a webview copy whose
 * one script the editor's nonce allows.
 */
import { describe, expect, it } from 'vitest';
import { report } from '../../server/src/lsp/handlers/report';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { tenderSeverity } from '../../server/src/core/checks/registry';
import { workspaceFindings } from '../../server/src/core/workspace';
import { computeCoverage } from '../../server/src/core/report/coverage';
import { renderReport } from './renderReport';
import { REQ, workspace } from './fixture';

const fixture = workspace({
  'n.needs.yaml': 'kind: needs\nitems:\n  - id: UN-1\n    title: A need\n    as: a\n    need: b\n    so-that: c\n',
  'r.reqs.yaml': `kind: requirements\nitems:\n  - id: REQ-1\n    ${REQ}\n    satisfies: [UN-1]\n`,
});
const folder = { root: 'file:///ws', index: fixture.index, config: DEFAULT_CONFIG, configFindings: [], coverageModel: () => computeCoverage(fixture.index) };
const provenance = { generatedAt: new Date(0) };

describe('the report request', () => {
  it('renders html and md from the registry, linking files relative to the report folder', () => {
    const result = report(folder, { reportDirUri: 'file:///ws/coverage-report' }, provenance);
    const context = { title: 'ws', pathOf: (uri: string) => `../${uri.replace('file:///ws/', '')}` };
    const coverage = computeCoverage(fixture.index);
    // The verdict judges the folder's findings as readiness: tender does.
    const verdictOn = { findings: workspaceFindings(fixture.index, DEFAULT_CONFIG), severity: tenderSeverity({}) };
    // Made in the editor: it says so, with the config's tender title and marking (none here).
    const more = { provenance, inEditor: true, tender: DEFAULT_CONFIG.tender };
    expect(result).toEqual({ title: 'ws', html: renderReport('html', coverage, context, verdictOn, more), markdown: renderReport('md', coverage, context, verdictOn, more), tracedPercent: 0 });
    expect(result.markdown).toContain('**From:** the files as the editor has them, unsaved edits included');
    expect(result.markdown).toContain('## Verdict: Not ready to issue');
    expect(result.markdown).toContain('[REQ-1](../r.reqs.yaml#L3)');
    expect(result.html).not.toContain('<script');
  });

  it('adds the webview copy with its one script when the editor sends a nonce, and only then', () => {
    const result = report(folder, { reportDirUri: 'file:///ws/out', webviewNonce: 'abc123' }, provenance);
    expect(result.webviewHtml).toContain('<script nonce="abc123">');
    expect(result.webviewHtml).toContain("script-src 'nonce-abc123'");
    expect(result.html).not.toContain('<script');
  });

  it('names the report after the folder, decoded, and a folder-less workspace "workspace"', () => {
    expect(report({ ...folder, root: 'file:///home/a/Synergy%20ERP' }, { reportDirUri: 'file:///tmp' }, provenance).title).toBe('Synergy ERP');
    expect(report({ ...folder, root: '' }, { reportDirUri: 'file:///tmp' }, provenance).title).toBe('workspace');
  });
});
