import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CodeAction,
  CodeLens,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  Hover,
  Location,
  SymbolInformation,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { applyEdits, copySample, messageOf, TestClient } from './client';
import { ruleFor } from '../../server/src/core/checks/registry';

const CLI = resolve(__dirname, '../../dist/cli.js');

const codes = (diagnostics: Diagnostic[]): string[] => diagnostics.map((d) => String(d.code));

describe('language server on samples/broken', () => {
  let root: string;
  let client: TestClient;
  beforeAll(async () => {
    root = copySample('broken');
    client = await TestClient.start(root);
  });
  afterAll(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('publishes for every file, unopened, exactly what the CLI reports', () => {
    const cli = JSON.parse(execFileSync(process.execPath, [CLI, 'check', '.', '--format', 'json', '--fail-on', 'never'], { cwd: root, encoding: 'utf8' })) as {
      diagnostics: { file: string; line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string; detail?: string }[];
    };
    const severity: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };
    const fromServer = [...client.diagnostics.entries()]
      .flatMap(([uri, diagnostics]) =>
        diagnostics.map((d) => ({
          file: uri.slice(client.uri('').length + 1),
          line: d.range.start.line + 1,
          column: d.range.start.character + 1,
          endLine: d.range.end.line + 1,
          endColumn: d.range.end.character + 1,
          severity: severity[d.severity ?? 1],
          code: d.code,
          message: d.message,
        })),
      )
      .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || String(a.code).localeCompare(String(b.code)));
    // The CLI's `related` is LSP's relatedInformation, compared in the next test; its `detail` is the second line of LSP's message.
    const fromCli = cli.diagnostics.map(({ file, line, column, endLine, endColumn, severity, code, message, detail }) => ({ file, line, column, endLine, endColumn, severity, code, message: detail ? `${message}\n${detail}` : message })).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
    expect(fromServer).toEqual(fromCli);
    expect(fromServer.length).toBeGreaterThan(15);
  });

  it('names the other occurrences of a duplicate id in relatedInformation', () => {
    const duplicate = client.diagnostics.get(client.uri('requirements/finance.reqs.yaml'))?.find((d) => d.code === 'duplicate-id');
    expect(duplicate?.relatedInformation).toEqual([
      { location: { uri: client.uri('requirements/expenses.reqs.yaml'), range: { start: { line: 6, character: 8 }, end: { line: 6, character: 19 } } }, message: 'REQ-FIN-002 is also defined here' },
    ]);
    expect(duplicate?.source).toBe('reqtrace');
  });

  it("shows a section's sum and each scored clause's share, on a scored clause and on the weighting-total finding", async () => {
    const path = 'itt/readiness.itt.yaml';
    const sum = [
      '**Section 6 (readiness.itt.yaml)**: scored weightings total 90 of 100, 50% of the quality score ✗ 10 short',
      '',
      '- ITT-6.1: 60 (60% of the section, 30% of the quality score)',
      '- **ITT-6.2**: 30 (30% of the section, 15% of the quality score)',
    ].join('\n');
    const clause = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri(path) }, position: client.position(path, 'id: ITT-6.2', 5) });
    expect((clause.contents as { value: string }).value).toContain(`✓ covers REQ-RDY-006\n\n${sum}\n\n*readiness.itt.yaml*`);
    // The finding sits on the budget, where no id is: the sum, then the rule's help.
    const finding = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri(path) }, position: client.position(path, 'weighting-budget: 100', 18) });
    const value = (finding.contents as { value: string }).value;
    expect(value.startsWith(`${sum.replace('**ITT-6.2**', 'ITT-6.2')}\n\n---\n\n**\`weighting-total\`** (error)`)).toBe(true);
    // A clause that is not scored has no sum.
    const passFail = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri(path) }, position: client.position(path, 'id: ITT-6.4', 5) });
    expect((passFail.contents as { value: string }).value).not.toContain('scored weightings total');
  });

  it('re-checks as the author types, and turns links red in other files at once', async () => {
    const path = 'requirements/payroll.reqs.yaml';
    await client.open(path);
    await client.change(path, client.text(path).replace('satisfies: [UN-PAY-02]', 'satisfies: [UN-PAY-002]'));
    await client.waitForDiagnostics(path, (d) => !codes(d).includes('broken-link'), 'the fixed link');
    // Renaming REQ-PAY-001 in the buffer breaks ITT-3.1's covers in another, unopened file.
    await client.change(path, client.text(path).replace('id: REQ-PAY-001', 'id: REQ-PAY-101'));
    const itt = await client.waitForDiagnostics('itt/section-3.itt.yaml', (d) => d.some((x) => messageOf(x).startsWith('REQ-PAY-001 does not exist')));
    // The link with its stamp, REQ-PAY-001@fc636aa6aa.
    expect(itt.find((x) => messageOf(x).startsWith('REQ-PAY-001'))?.range).toEqual({ start: { line: 11, character: 13 }, end: { line: 11, character: 35 } });
    // Closing without saving: the disk is the truth again.
    await client.close(path);
    await client.waitForDiagnostics('itt/section-3.itt.yaml', (d) => !d.some((x) => messageOf(x).startsWith('REQ-PAY-001 does not exist')));
    await client.waitForDiagnostics(path, (d) => codes(d).includes('broken-link'));
  });

  it('follows files deleted and created outside the editor', async () => {
    const needs = 'needs/payroll.needs.yaml';
    const text = client.text(needs);
    unlinkSync(join(root, needs));
    await client.filesChanged([{ path: needs, type: 3 }]);
    await client.waitForDiagnostics(needs, (d) => d.length === 0, 'cleared diagnostics of the deleted file');
    const reqs = await client.waitForDiagnostics('requirements/payroll.reqs.yaml', (d) => d.some((x) => messageOf(x).startsWith('UN-PAY-001 does not exist')));
    expect(codes(reqs)).toContain('broken-link');
    writeFileSync(join(root, needs), text);
    await client.filesChanged([{ path: needs, type: 1 }]);
    await client.waitForDiagnostics('requirements/payroll.reqs.yaml', (d) => !d.some((x) => messageOf(x).startsWith('UN-PAY-001 does not exist')));
    await client.waitForDiagnostics(needs, (d) => codes(d).includes('uncovered-need'));
  });

  it('reads a folder created outside the editor whole, though only the folder was reported', async () => {
    // An import or a copy writes a folder's files before the watcher watches it: the editor then
    // reports the new folder and none of its files.
    const needs = 'needs/payroll.needs.yaml';
    const copy = 'copied/deeper/payroll.needs.yaml';
    mkdirSync(join(root, 'copied/deeper'), { recursive: true });
    writeFileSync(join(root, copy), client.text(needs));
    writeFileSync(join(root, 'copied/notes.txt'), 'not a requirements file\n');
    await client.filesChanged([{ path: 'copied/notes.txt', type: 1 }]);
    await client.filesChanged([{ path: 'copied', type: 1 }]);
    const copied = await client.waitForDiagnostics(copy, (d) => codes(d).includes('duplicate-id'), 'the copied file checked');
    expect(copied.filter((d) => d.code === 'duplicate-id').map(messageOf)[0]).toMatch(/^UN-PAY-001 /);
    await client.waitForDiagnostics(needs, (d) => codes(d).includes('duplicate-id'), 'the original told of its twins');
    rmSync(join(root, 'copied'), { recursive: true });
    await client.filesChanged([{ path: 'copied', type: 3 }]);
    await client.waitForDiagnostics(copy, (d) => d.length === 0, 'the copy gone');
    await client.waitForDiagnostics(needs, (d) => !codes(d).includes('duplicate-id'), 'no twins left');
  });

  it('applies the "did you mean" quick fix and re-checks', async () => {
    const path = 'requirements/payroll.reqs.yaml';
    await client.open(path);
    const diagnostic = (await client.waitForDiagnostics(path, (d) => codes(d).includes('broken-link'))).find((d) => d.code === 'broken-link')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: client.uri(path) }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    expect(actions.map((a) => a.title)).toEqual(['Change to UN-PAY-002', 'Create need UN-PAY-02 in payroll.needs.yaml']);
    // The document is open and the client takes documentChanges: the edit names the version it was made for.
    const edit = actions[0]!.edit!;
    expect(edit.documentChanges).toEqual([{ textDocument: { uri: client.uri(path), version: 1 }, edits: expect.any(Array) }]);
    const fixed = applyEdits(client.text(path), (edit.documentChanges![0] as TextDocumentEdit).edits as TextEdit[]);
    expect(fixed).toBe(client.text(path).replace('[UN-PAY-02]', '[UN-PAY-002]'));
    await client.change(path, fixed);
    await client.waitForDiagnostics(path, (d) => !codes(d).includes('broken-link'));
    await client.close(path);
  });

  it("explains the rule of a finding in the hover, with the registry's help", async () => {
    const path = 'requirements/payroll.reqs.yaml';
    const onBroken = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri(path) }, position: client.position(path, '[UN-PAY-02]', 3) });
    const value = (onBroken.contents as { value: string }).value;
    expect(value).toContain('**UN-PAY-02** — no item has this id.');
    expect(value).toContain(`**\`broken-link\`** (error) — ${ruleFor('broken-link')!.summary}\n\n${ruleFor('broken-link')!.help}`);
    // A finding on no id or link: the hover is the help alone.
    const expenses = 'requirements/expenses.reqs.yaml';
    const onKind = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri(expenses) }, position: client.position(expenses, 'kind: needs', 8) });
    expect((onKind.contents as { value: string }).value).toBe(`**\`kind-mismatch\`** (error) — ${ruleFor('kind-mismatch')!.summary}\n\n${ruleFor('kind-mismatch')!.help}`);
  });

  it('creates a stub for a missing id in the file of the right kind, keeping the file as it was', async () => {
    const path = 'requirements/payroll.reqs.yaml';
    const diagnostic = (await client.waitForDiagnostics(path, (d) => codes(d).includes('broken-link'))).find((d) => d.code === 'broken-link')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: client.uri(path) }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const stub = actions.find((a) => a.title.startsWith('Create need'))!;
    const needsUri = client.uri('needs/payroll.needs.yaml');
    const before = client.text('needs/payroll.needs.yaml');
    const after = applyEdits(before, stub.edit!.changes![needsUri]!);
    expect(after.startsWith(before.trimEnd())).toBe(true);
    expect(after.slice(before.trimEnd().length)).toBe('\n  - id: UN-PAY-02\n    title: TODO\n    as: TODO (the user group)\n    need: I need to TODO\n    so-that: TODO\n    status: draft' + before.slice(before.trimEnd().length));
  });

  it('removes a link to a withdrawn item with its comma', async () => {
    const path = 'itt/section-3.itt.yaml';
    const diagnostic = client.diagnostics.get(client.uri(path))!.find((d) => d.code === 'withdrawn-link')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: client.uri(path) }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    expect(actions.map((a) => a.title)).toEqual(['Remove the link to withdrawn REQ-PAY-003']);
    expect(applyEdits(client.text(path), actions[0]!.edit!.changes![client.uri(path)]!)).toBe(client.text(path).replace('[REQ-PAY-003@b6d0bb9717, REQ-PAY-999]', '[REQ-PAY-999]'));
  });

  it('offers to fix a kind that disagrees with the file name', async () => {
    const path = 'requirements/expenses.reqs.yaml';
    const diagnostic = client.diagnostics.get(client.uri(path))!.find((d) => d.code === 'kind-mismatch')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: client.uri(path) }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    expect(applyEdits(client.text(path), actions[0]!.edit!.changes![client.uri(path)]!)).toBe(client.text(path).replace('kind: needs', 'kind: requirements'));
  });

  it('honours severities from reqtrace.config.yaml and from user settings, in that precedence: settings, rules:, severity:', async () => {
    writeFileSync(join(root, 'reqtrace.config.yaml'), 'severity:\n  uncovered-need: off\n  orphan-requirement: warning\nrules:\n  orphan-requirement: { severity: error }\n');
    await client.filesChanged([{ path: 'reqtrace.config.yaml', type: 1 }]);
    await client.waitForDiagnostics('needs/payroll.needs.yaml', (d) => !codes(d).includes('uncovered-need'));
    const orphan = (await client.waitForDiagnostics('requirements/payroll.reqs.yaml', (d) => d.some((x) => x.code === 'orphan-requirement' && x.severity === 1))).find((d) => d.code === 'orphan-requirement');
    expect(orphan?.severity).toBe(1);
    client.settings = { severity: { 'orphan-requirement': 'hint' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics('requirements/payroll.reqs.yaml', (d) => d.some((x) => x.code === 'orphan-requirement' && x.severity === 4));
    writeFileSync(join(root, 'reqtrace.config.yaml'), 'severity:\n  broken-link: loud\n');
    await client.filesChanged([{ path: 'reqtrace.config.yaml', type: 2 }]);
    const config = await client.waitForDiagnostics('reqtrace.config.yaml', (d) => d.length > 0);
    expect(config.map((d) => [d.code, d.message])).toEqual([['schema', 'broken-link must be one of error, warning, info, hint, off (found "loud").']]);
    client.settings = {};
    unlinkSync(join(root, 'reqtrace.config.yaml'));
    await client.filesChanged([{ path: 'reqtrace.config.yaml', type: 3 }]);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics('needs/payroll.needs.yaml', (d) => codes(d).includes('uncovered-need'));
  });
});

describe('language server on samples/synergy', () => {
  let root: string;
  let client: TestClient;
  beforeAll(async () => {
    root = copySample('synergy');
    client = await TestClient.start(root);
  });
  afterAll(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });
  const hr = 'requirements/hr.reqs.yaml';
  const hrNeeds = 'needs/hr.needs.yaml';

  it('goes from a link to the item it names', async () => {
    const locations = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: client.uri(hr) }, position: client.position(hr, 'satisfies: [UN-HR-001@', 14) });
    expect(locations).toEqual([{ uri: client.uri(hrNeeds), range: { start: client.position(hrNeeds, 'UN-HR-001'), end: client.position(hrNeeds, 'UN-HR-001', 9) } }]);
  });

  it('from an id, definition peeks its references', async () => {
    const locations = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: client.uri(hrNeeds) }, position: client.position(hrNeeds, 'UN-HR-001', 3) });
    expect(locations.length).toBeGreaterThan(3);
    expect(locations.every((l) => l.uri !== client.uri(hrNeeds))).toBe(true);
  });

  it('finds every reference across the workspace, from the id or from a link', async () => {
    const fromId = await client.request<Location[]>('textDocument/references', { textDocument: { uri: client.uri(hrNeeds) }, position: client.position(hrNeeds, 'UN-HR-001', 2), context: { includeDeclaration: true } });
    const fromLink = await client.request<Location[]>('textDocument/references', { textDocument: { uri: client.uri(hr) }, position: client.position(hr, 'satisfies: [UN-HR-001@', 13), context: { includeDeclaration: true } });
    expect(fromLink).toEqual(fromId);
    const grep = execFileSync('grep', ['-rlw', '--include=*.yaml', 'UN-HR-001', '.'], { cwd: root, encoding: 'utf8' }).trim().split('\n').length;
    expect(new Set(fromId.map((l) => l.uri)).size).toBe(grep);
    expect(fromId[0]).toEqual({ uri: client.uri(hrNeeds), range: { start: client.position(hrNeeds, 'UN-HR-001'), end: client.position(hrNeeds, 'UN-HR-001', 9) } });
  });

  it('hovers with the item, its text and its trace', async () => {
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri(hrNeeds) }, position: client.position(hrNeeds, 'UN-HR-001', 1) });
    const value = (hover.contents as { value: string }).value;
    expect(value).toMatch(/^\*\*UN-HR-001\*\* — /);
    expect(value).toContain('*need · must · agreed*');
    expect(value).toMatch(/✓ UN-HR-001 — covered by REQ-AV-005, .*REQ-HR-001, .* → ✓ traced end to end via .*ITT-3\.1\.1/);
    expect(value).toContain('*hr.needs.yaml*');
    const onLink = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri(hr) }, position: client.position(hr, 'satisfies: [UN-HR-001@', 12) });
    expect((onLink.contents as { value: string }).value).toBe(value);
    const gap = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri(hrNeeds) }, position: client.position(hrNeeds, 'id: UN-HR-008', 5) });
    expect((gap.contents as { value: string }).value).toContain('covered by REQ-HR-014 → ✗ not in the ITT');
    // A requirement's hover names the EARS pattern its statement follows.
    const requirement = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri(hr) }, position: client.position(hr, 'id: REQ-HR-001', 5) });
    expect((requirement.contents as { value: string }).value).toContain('EARS: ubiquitous (The \\<system\\> shall \\<response\\>)');
  });

  it('completes ids of the right kind in link fields, enum values and new items', async () => {
    const path = 'scratch.reqs.yaml';
    const text = 'kind: requirements\nitems:\n  - id: REQ-NEW-1\n    title: T\n    statement: S\n    type: functional\n    priority: \n    satisfies: [UN-HR-00]\n    parent: \n  \n';
    writeFileSync(join(root, path), text);
    await client.open(path, text);
    const at = (line: number, character: number) => client.request<CompletionList>('textDocument/completion', { textDocument: { uri: client.uri(path) }, position: { line, character } });
    const satisfies = await at(7, 23);
    expect(satisfies.items.map((i) => i.label)).toEqual(['UN-HR-001', 'UN-HR-002', 'UN-HR-003', 'UN-HR-004', 'UN-HR-005', 'UN-HR-006', 'UN-HR-007', 'UN-HR-008']);
    expect(satisfies.isIncomplete).toBe(false);
    // The sample stamps its links, so completion writes the need's fingerprint as the stamp: the one REQ-HR-001's link carries.
    const stamp = /satisfies: \[UN-HR-001@([0-9a-f]{10})\]/.exec(client.text(hr))?.[1];
    expect(stamp).toBeDefined();
    expect(satisfies.items.find((i) => i.label === 'UN-HR-001')).toMatchObject({ detail: expect.any(String), textEdit: { range: { start: { line: 7, character: 16 }, end: { line: 7, character: 24 } }, newText: `UN-HR-001@${stamp}` } });
    // A word of a title finds the need too.
    await client.change(path, text.replace('[UN-HR-00]', '[payslip]'));
    const byTitle = await at(7, 23);
    expect(byTitle.items.length).toBeGreaterThan(0);
    expect(byTitle.items.every((i) => i.label.startsWith('UN-') && /payslip/i.test(i.detail ?? ''))).toBe(true);
    await client.change(path, text);
    const parent = await at(8, 12);
    expect(parent.items.length).toBe(114);
    expect(parent.items.every((i) => i.label.startsWith('REQ-'))).toBe(true);
    expect((await at(6, 14)).items.map((i) => i.label)).toEqual(['must', 'should', 'could', 'wont']);
    const snippet = await at(9, 2);
    expect(snippet.items.map((i) => i.label)).toEqual(['new requirement']);
    expect((snippet.items[0]?.textEdit as TextEdit).newText).toMatch(/^  - id: \$\{1:REQ-\}\n    title: /);
    const itt = 'itt/section-3-functional.itt.yaml';
    const covers = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: client.uri(itt) }, position: client.position(itt, 'covers: [', 9) });
    expect(covers.items.length).toBeGreaterThan(100);
    expect(covers.items.every((i) => i.label.startsWith('REQ-'))).toBe(true);
    await client.close(path);
    unlinkSync(join(root, path));
    await client.filesChanged([{ path, type: 3 }]);
  });

  it('renames an id in one WorkspaceEdit across files, and refuses bad or taken ids', async () => {
    const position = client.position(hrNeeds, 'UN-HR-001', 4);
    const prepared = await client.request<{ placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: client.uri(hrNeeds) }, position });
    expect(prepared.placeholder).toBe('UN-HR-001');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: client.uri(hrNeeds) }, position, newName: 'UN-HR-100' });
    const files = Object.keys(edit.changes!);
    const grep = execFileSync('grep', ['-rlw', '--include=*.yaml', 'UN-HR-001', '.'], { cwd: root, encoding: 'utf8' }).trim().split('\n');
    expect(files.sort()).toEqual(grep.map((p) => client.uri(p.replace(/^\.\//, ''))).sort());
    for (const [uri, edits] of Object.entries(edit.changes!)) {
      const path = uri.slice(client.uri('').length);
      const before = client.text(path);
      expect(applyEdits(before, edits)).toBe(before.replace(/\bUN-HR-001\b/g, 'UN-HR-100'));
    }
    await expect(client.request('textDocument/rename', { textDocument: { uri: client.uri(hrNeeds) }, position, newName: 'un-hr-1' })).rejects.toThrow(/not a valid id/);
    await expect(client.request('textDocument/rename', { textDocument: { uri: client.uri(hrNeeds) }, position, newName: 'UN-HR-002' })).rejects.toThrow(/UN-HR-002 is already the id of a need/);
  });

  it('outlines a file and finds any item from Ctrl+T', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: client.uri(hr) } });
    expect(symbols.length).toBe(14);
    expect(symbols[0]).toMatchObject({ name: 'REQ-HR-001', detail: 'Single employee record' });
    const all = await client.request<SymbolInformation[]>('workspace/symbol', { query: '' });
    expect(all.length).toBe(220);
    const found = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'single employee' });
    expect(found.map((s) => s.name)).toContain('REQ-HR-001 Single employee record');
  });

  it('puts a code lens with trace counts on every item', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: client.uri(hrNeeds) } });
    expect(lenses.length).toBe(8);
    expect(lenses[0]?.command?.title).toMatch(/^\d+ requirements · \d+ clauses? · traced end to end$/);
    expect(lenses[0]?.command?.command).toBe('reqtrace.showReferences');
    expect(lenses.map((l) => l.command?.title)).toContain('1 requirement · 0 clauses · not in the ITT');
  });

  it('answers the coverage report request and sends coverage figures', async () => {
    const report = await client.request<{ html: string; markdown: string }>('reqtrace/report', { reportDirUri: client.uri('out') });
    expect(report.html).toMatch(/^<!DOCTYPE html>/);
    expect(report.markdown).toContain('| Needs traced end to end (need → requirement → ITT clause) | 42 (93.3%) |');
    expect(client.coverage.at(-1)).toMatchObject({ needs: 45, traced: 42, tracedPercent: 93.3 });
  });
});
