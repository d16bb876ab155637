// The Requirements views on samples/synergy as it is written (runExtensionTests.mjs synergy): the
// Trace Explorer's trace of a known requirement is exactly the needs, requirements and clauses it
// is linked to, written out here and read again from the command line's needs.json; the Gaps view
// counts what the command line's report counts. Nothing here edits the workspace.
const assert = require('assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { api, CLI, cursorAt, fileUri, outline, reportOfWorkspace, until, waitForDiagnostics } = require('../helpers');

const REQS = 'requirements/hr.reqs.yaml';

/** Every item of the workspace with its links both ways, as the command line's needs.json export gives them. */
function needsJson() {
  const root = vscode.workspace.workspaceFolders[0].uri.fsPath;
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-synergy-')), 'needs.json');
  execFileSync(process.execPath, [CLI, 'export', 'needs', root, '--out', out], { encoding: 'utf8', cwd: root });
  const { versions } = JSON.parse(fs.readFileSync(out, 'utf8'));
  return Object.values(versions)[0].needs;
}

/** The id of a shown node ("UN-HR-005 — Control headcount against funded posts"). */
const idOf = (node) => node.label.split(' — ')[0];
/** The ids of a shown node's children, sorted. */
const ids = (node) => node.children.map(idOf).sort();
/** What a needs.json item links to (its satisfies, covers and parent), and what links to it, sorted. */
const linksFrom = (need) => [...need.satisfies, ...need.covers, ...need.parent].sort();
const linksTo = (need) => [...need.satisfies_back, ...need.covers_back, ...need.parent_back].sort();

describe('trace explorer on samples/synergy', () => {
  const explorer = () => api().views.traceExplorer;

  before(async () => {
    await waitForDiagnostics(() => vscode.languages.getDiagnostics().some(([uri, list]) => uri.path.endsWith('.yaml') && list.some((d) => d.source === 'reqtrace')), { what: 'the workspace indexed' });
    await vscode.commands.executeCommand('reqtrace.traceExplorer.focus');
    if (explorer().pinned()) await vscode.commands.executeCommand('reqtrace.traceExplorer.unpin');
  });

  it('traces REQ-HR-003 up to the need it meets and down to its child and the clause that asks for it, and nothing else', async () => {
    await cursorAt(REQS, 'id: REQ-HR-003', 6);
    await until(explorer().onDidRefresh, () => explorer().root() && explorer().root().id === 'REQ-HR-003', () => null, 'the trace of REQ-HR-003');
    assert.deepStrictEqual(outline(await explorer().shown(1)), [
      'REQ-HR-003 — Position-based organisation structure | asked of bidders',
      '  Traces up to | 1',
      '    UN-HR-005 — Control headcount against funded posts | satisfies · traced end to end (+)',
      '  Traced down to | 2',
      '    ITT-3.1.2 — Organisation structure and establishment control | covered by · asks for requirements (+)',
      '    REQ-HR-004 — Establishment control against budget | refined by · asked of bidders (+)',
    ]);

    // A second reader: the command line's needs.json, whose link lists and their _back lists say what links to what.
    const needs = needsJson();
    const [root] = await explorer().shown(1);
    const item = needs['REQ-HR-003'];
    assert.deepStrictEqual(ids(root.children[0]), linksFrom(item));
    assert.deepStrictEqual(ids(root.children[1]), linksTo(item));
  });

  it('traces a need down to every requirement that meets it, and each of those to everything it is linked to', async () => {
    await cursorAt('needs/hr.needs.yaml', 'id: UN-HR-003', 6);
    await until(explorer().onDidRefresh, () => explorer().root() && explorer().root().id === 'UN-HR-003', () => null, 'the trace of UN-HR-003');
    const needs = needsJson();
    const [root] = await explorer().shown(2);
    assert.deepStrictEqual(root.children.map((group) => group.label), ['Traced down to'], 'a need traces up to nothing');
    const [down] = root.children;
    assert.deepStrictEqual(ids(down), [...needs['UN-HR-003'].satisfies_back].sort());
    assert.ok(down.children.length >= 3, `${down.children.length}`);
    // A requirement expanded shows every item it is linked to, either way (the need itself as "shown above").
    for (const requirement of down.children) {
      const item = needs[idOf(requirement)];
      assert.deepStrictEqual(ids(requirement), [...linksFrom(item), ...linksTo(item)].sort(), idOf(requirement));
    }
  });
});

describe('gaps view on samples/synergy', () => {
  it('counts what the report counts, and its badge is the number of gaps the verdict says stop the ITT being issued', async () => {
    await vscode.commands.executeCommand('reqtrace.gaps.focus');
    const gaps = api().views.gaps;
    const reply = await gaps.refresh();
    const report = reportOfWorkspace();
    const count = (key) => (reply.groups.find((group) => group.key === key) || { entries: [] }).entries.length;
    assert.deepStrictEqual(
      { unmet: count('needs-unmet'), notTraced: count('needs-not-traced'), notAsked: count('requirements-not-asked'), waived: count('waived'), empty: count('empty-clauses') },
      { unmet: report.gaps.uncoveredNeeds.length, notTraced: report.gaps.needsNotTraced.length, notAsked: report.gaps.uncoveredRequirements.length, waived: report.gaps.waivedRequirements.length, empty: report.gaps.emptyClauses.length },
    );
    assert.strictEqual(reply.blocking, report.blocking);
    assert.ok(report.blocking > 0, 'samples/synergy keeps deliberate gaps');
    assert.deepStrictEqual(gaps.badge(), { value: report.blocking, tooltip: `${report.blocking} gaps stop the ITT being issued` });
    // The sample's deliberate suspect link (its README) is one of them.
    const suspect = reply.groups.find((group) => group.key === 'suspect-links');
    assert.ok(suspect && suspect.entries.length >= 1, 'the deliberate suspect link is listed');
  });
});
