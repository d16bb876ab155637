/**
 * Rename and quick fixes over the real protocol, applied as an editor applies them, to files with
 * comments, both quoting styles, flow and block lists, CRLF line ends and comments after ids. Each
 * test compares whole files after the edit with text written out by hand.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyEdits, TestClient } from './client';

const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

/** The position of the first `needle` in `text`, plus `delta` characters. */
function positionIn(text: string, needle: string, delta = 0): { line: number; character: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} not found`);
  const before = text.slice(0, offset + delta).split(/\r\n|\r|\n/);
  return { line: before.length - 1, character: (before[before.length - 1] ?? '').length };
}

function writeWorkspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'reqtrace-safe-edits-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/**
 * What every file looks like after an editor applies `edit`: keyed by path relative to the
 * workspace. `buffers` holds the text of open documents where it differs from the disk.
 */
function applyWorkspaceEdit(client: TestClient, edit: WorkspaceEdit, buffers: Record<string, string> = {}): Record<string, string> {
  const pathOf = (uri: string): string => decodeURIComponent(uri.slice(client.uri('').length + 1));
  const result: Record<string, string> = {};
  const textOf = (path: string): string => result[path] ?? buffers[path] ?? client.text(path);
  if (edit.documentChanges) {
    for (const change of edit.documentChanges) {
      if ('kind' in change) {
        if (change.kind !== 'create') throw new Error(`unexpected ${change.kind}`);
        const path = pathOf(change.uri);
        expect(existsSync(join(client.root, path))).toBe(false);
        result[path] = '';
      } else {
        const path = pathOf(change.textDocument.uri);
        result[path] = applyEdits(textOf(path), change.edits as TextEdit[]);
      }
    }
  } else {
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) result[pathOf(uri)] = applyEdits(textOf(pathOf(uri)), edits);
  }
  return result;
}

const NEEDS = 'needs/payroll.needs.yaml';
const PAYROLL = 'requirements/payroll.reqs.yaml';
const PENSIONS = 'requirements/pensions.reqs.yaml';
const EXPENSES = 'requirements/expenses.reqs.yaml';
const ITT = 'itt/section-3.itt.yaml';

const needsText = crlf(`# Payroll needs, agreed with DWP.
kind: needs
title: "Payroll needs"
items:
  - id: "UN-PAY-001"   # the headline need
    title: Pay people on time
    as: a payroll officer
    need: I need to run payroll every month
    so-that: staff are paid on time
    priority: must
  - id: 'UN-PAY-002'
    title: Payslips
    as: an employee
    need: I need to see my payslip
    so-that: I can check my pay
    # Reviewed by HR in March.
`);

const payrollText = `kind: requirements
title: 'Payroll requirements'
items:
  # The core payroll run.
  - id: REQ-PAY-001 # keep first
    title: Monthly run
    statement: The solution shall run payroll every month.
    type: functional
    priority: must
    satisfies: [UN-PAY-001, 'UN-PAY-002']  # both needs
  - id: 'REQ-PAY-002'
    title: Payslips
    statement: The solution shall produce payslips.
    type: functional
    priority: should
    satisfies:
      - "UN-PAY-001"   # the headline need too
      - UN-PAY-002
    parent: REQ-PAY-001
  - id: REQ-PAY-003
    title: Old interface
    statement: The solution shall export to the old system.
    type: functional
    priority: could
    satisfies: [UN-PAY-001]
    status: withdrawn
  - id: "REQ-PAY-004"
    title: Payslips by post
    statement: The solution shall post payslips.
    type: functional
    priority: could
    satisfies: ['UN-PAY-0002']
    parent: REQ-PAY-003 # was its parent
`;

const pensionsText = crlf(`kind: requirements
items:
  - id: REQ-PEN-001
    title: Pension deductions
    statement: The solution shall deduct pension contributions.
    type: functional
    priority: must
    satisfies: ["UN-PAY-001", UN-PAY-010]
`);

const expensesText = crlf(`# Expenses, moved here from the needs file.
kind: "needs"   # wrong on purpose
items:
  - id: REQ-EXP-001
    title: Claims
    statement: The solution shall take expense claims.
    type: functional
    priority: should
    satisfies: [UN-PAY-002]
`);

const ittText = crlf(`kind: itt
items:
  - id: ITT-3.1
    title: Payroll run
    text: Describe how you run payroll.
    response: scored
    weighting: 10
    covers: [REQ-PAY-003, "REQ-PAY-001"] # the run, old and new
  - id: 'ITT-3.2'
    title: Payslips
    text: Describe your payslips.
    response: pass-fail
    covers:
      - REQ-PAY-002
      - 'REQ-PAY-003'   # the old export
      - REQ-PAY-004
      - REQ-PEN-001
      - REQ-EXP-001
`);

const readmeText = '# Payroll\n\nUN-PAY-001 is the headline need; see REQ-PAY-001.\n';
const notesText = 'todo: check UN-PAY-001 with DWP\nid: UN-PAY-001\nsatisfies: [UN-PAY-001]\n';

describe('safe edits: comments, quoting, flow and block lists, CRLF', () => {
  let root: string;
  let client: TestClient;
  beforeAll(async () => {
    root = writeWorkspace({ [NEEDS]: needsText, [PAYROLL]: payrollText, [PENSIONS]: pensionsText, [EXPENSES]: expensesText, [ITT]: ittText, 'README.md': readmeText, 'notes.yaml': notesText });
    client = await TestClient.start(root);
    // A plain YAML file the author has open is no requirement file either.
    await client.open('notes.yaml');
  });
  afterAll(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const diagnosticAt = async (path: string, code: string, text: string): Promise<Diagnostic> => {
    const found = (await client.waitForDiagnostics(path, (d) => d.some((x) => x.code === code))).filter((d) => d.code === code);
    const at = found.find((d) => {
      const lines = client.text(path).split(/\r\n|\n/);
      return lines[d.range.start.line]?.slice(d.range.start.character, d.range.end.character) === text;
    });
    if (!at) throw new Error(`no ${code} on ${text} in ${path}`);
    return at;
  };
  const actionsFor = (path: string, diagnostic: Diagnostic): Promise<CodeAction[]> =>
    client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: client.uri(path) }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });

  it('renames a need defined in one file and linked from several, changing nothing else', async () => {
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: client.uri(NEEDS) }, position: client.position(NEEDS, 'UN-PAY-001', 3), newName: 'UN-PAY-100' });
    // Only the three requirement files that hold the id: not README.md, not notes.yaml (open or not).
    expect(Object.keys(applyWorkspaceEdit(client, edit)).sort()).toEqual([NEEDS, PAYROLL, PENSIONS]);
    expect(applyWorkspaceEdit(client, edit)).toEqual({
      [NEEDS]: crlf(`# Payroll needs, agreed with DWP.
kind: needs
title: "Payroll needs"
items:
  - id: "UN-PAY-100"   # the headline need
    title: Pay people on time
    as: a payroll officer
    need: I need to run payroll every month
    so-that: staff are paid on time
    priority: must
  - id: 'UN-PAY-002'
    title: Payslips
    as: an employee
    need: I need to see my payslip
    so-that: I can check my pay
    # Reviewed by HR in March.
`),
      [PAYROLL]: `kind: requirements
title: 'Payroll requirements'
items:
  # The core payroll run.
  - id: REQ-PAY-001 # keep first
    title: Monthly run
    statement: The solution shall run payroll every month.
    type: functional
    priority: must
    satisfies: [UN-PAY-100, 'UN-PAY-002']  # both needs
  - id: 'REQ-PAY-002'
    title: Payslips
    statement: The solution shall produce payslips.
    type: functional
    priority: should
    satisfies:
      - "UN-PAY-100"   # the headline need too
      - UN-PAY-002
    parent: REQ-PAY-001
  - id: REQ-PAY-003
    title: Old interface
    statement: The solution shall export to the old system.
    type: functional
    priority: could
    satisfies: [UN-PAY-100]
    status: withdrawn
  - id: "REQ-PAY-004"
    title: Payslips by post
    statement: The solution shall post payslips.
    type: functional
    priority: could
    satisfies: ['UN-PAY-0002']
    parent: REQ-PAY-003 # was its parent
`,
      [PENSIONS]: crlf(`kind: requirements
items:
  - id: REQ-PEN-001
    title: Pension deductions
    statement: The solution shall deduct pension contributions.
    type: functional
    priority: must
    satisfies: ["UN-PAY-100", UN-PAY-010]
`),
    });
    // Asked from a link in another file, the rename is the same edit.
    const fromLink = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: client.uri(PENSIONS) }, position: client.position(PENSIONS, '"UN-PAY-001"', 2), newName: 'UN-PAY-100' });
    expect(fromLink).toEqual(edit);
  });

  it('renames a requirement whose id is quoted and commented, in flow and block lists and a parent', async () => {
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: client.uri(PAYROLL) }, position: client.position(PAYROLL, 'REQ-PAY-003'), newName: 'REQ-PAY-030' });
    expect(applyWorkspaceEdit(client, edit)).toEqual({
      [PAYROLL]: payrollText.replace('  - id: REQ-PAY-003\n', '  - id: REQ-PAY-030\n').replace('parent: REQ-PAY-003 # was its parent', 'parent: REQ-PAY-030 # was its parent'),
      [ITT]: crlf(`kind: itt
items:
  - id: ITT-3.1
    title: Payroll run
    text: Describe how you run payroll.
    response: scored
    weighting: 10
    covers: [REQ-PAY-030, "REQ-PAY-001"] # the run, old and new
  - id: 'ITT-3.2'
    title: Payslips
    text: Describe your payslips.
    response: pass-fail
    covers:
      - REQ-PAY-002
      - 'REQ-PAY-030'   # the old export
      - REQ-PAY-004
      - REQ-PEN-001
      - REQ-EXP-001
`),
    });
  });

  it('refuses a new id that is already taken, by an item of any kind', async () => {
    const rename = (newName: string) => client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: client.uri(NEEDS) }, position: client.position(NEEDS, 'UN-PAY-001', 3), newName });
    await expect(rename('UN-PAY-002')).rejects.toThrow('UN-PAY-002 is already the id of a need ("Payslips", in payroll.needs.yaml): choose another id.');
    await expect(rename('REQ-PAY-002')).rejects.toThrow('REQ-PAY-002 is already the id of a requirement ("Payslips", in payroll.reqs.yaml): choose another id.');
    await expect(rename('ITT-3.2')).rejects.toThrow('ITT-3.2 is already the id of a clause ("Payslips", in section-3.itt.yaml): choose another id.');
    // An id that only a link names (a broken link) is free: the rename mends that link.
    const edit = await rename('UN-PAY-010');
    expect(applyWorkspaceEdit(client, edit)[PENSIONS]).toBe(pensionsText.replace('"UN-PAY-001"', '"UN-PAY-010"'));
  });

  it('changes a broken link to the suggested id inside its quotes', async () => {
    const diagnostic = await diagnosticAt(PAYROLL, 'broken-link', "'UN-PAY-0002'");
    const actions = await actionsFor(PAYROLL, diagnostic);
    expect(actions.map((a) => a.title)).toEqual(['Change to UN-PAY-002', 'Create need UN-PAY-0002 in payroll.needs.yaml']);
    expect(applyWorkspaceEdit(client, actions[0]!.edit!)).toEqual({ [PAYROLL]: payrollText.replace("    satisfies: ['UN-PAY-0002']\n", "    satisfies: ['UN-PAY-002']\n") });
  });

  it('removes a link to a withdrawn item from a flow list, keeping the comment after it', async () => {
    const diagnostic = await diagnosticAt(ITT, 'withdrawn-link', 'REQ-PAY-003');
    const actions = await actionsFor(ITT, diagnostic);
    expect(actions.map((a) => a.title)).toEqual(['Remove the link to withdrawn REQ-PAY-003']);
    expect(applyWorkspaceEdit(client, actions[0]!.edit!)).toEqual({
      [ITT]: crlf(`kind: itt
items:
  - id: ITT-3.1
    title: Payroll run
    text: Describe how you run payroll.
    response: scored
    weighting: 10
    covers: ["REQ-PAY-001"] # the run, old and new
  - id: 'ITT-3.2'
    title: Payslips
    text: Describe your payslips.
    response: pass-fail
    covers:
      - REQ-PAY-002
      - 'REQ-PAY-003'   # the old export
      - REQ-PAY-004
      - REQ-PEN-001
      - REQ-EXP-001
`),
    });
  });

  it('removes a link to a withdrawn item from a block list, keeping its comment on a line of its own', async () => {
    const diagnostic = await diagnosticAt(ITT, 'withdrawn-link', "'REQ-PAY-003'");
    const actions = await actionsFor(ITT, diagnostic);
    expect(applyWorkspaceEdit(client, actions[0]!.edit!)).toEqual({
      [ITT]: crlf(`kind: itt
items:
  - id: ITT-3.1
    title: Payroll run
    text: Describe how you run payroll.
    response: scored
    weighting: 10
    covers: [REQ-PAY-003, "REQ-PAY-001"] # the run, old and new
  - id: 'ITT-3.2'
    title: Payslips
    text: Describe your payslips.
    response: pass-fail
    covers:
      - REQ-PAY-002
      # the old export
      - REQ-PAY-004
      - REQ-PEN-001
      - REQ-EXP-001
`),
    });
  });

  it('removes a withdrawn parent, keeping its comment', async () => {
    const diagnostic = await diagnosticAt(PAYROLL, 'withdrawn-link', 'REQ-PAY-003');
    const actions = await actionsFor(PAYROLL, diagnostic);
    expect(applyWorkspaceEdit(client, actions[0]!.edit!)).toEqual({ [PAYROLL]: payrollText.replace('    parent: REQ-PAY-003 # was its parent\n', '    # was its parent\n') });
  });

  it('makes a quoted kind agree with the file name, inside its quotes', async () => {
    const diagnostic = await diagnosticAt(EXPENSES, 'kind-mismatch', '"needs"');
    const actions = await actionsFor(EXPENSES, diagnostic);
    expect(actions.map((a) => a.title)).toEqual(['Change kind to requirements']);
    expect(applyWorkspaceEdit(client, actions[0]!.edit!)).toEqual({
      [EXPENSES]: crlf(`# Expenses, moved here from the needs file.
kind: "requirements"   # wrong on purpose
items:
  - id: REQ-EXP-001
    title: Claims
    statement: The solution shall take expense claims.
    type: functional
    priority: should
    satisfies: [UN-PAY-002]
`),
    });
  });

  it('creates a stub need in the needs file, after the comment that closes its last item, quoted and with CRLF as the file is', async () => {
    const diagnostic = await diagnosticAt(PENSIONS, 'broken-link', 'UN-PAY-010');
    const actions = await actionsFor(PENSIONS, diagnostic);
    const stub = actions.find((a) => a.title.startsWith('Create need'))!;
    expect(stub.title).toBe('Create need UN-PAY-010 in payroll.needs.yaml');
    expect(applyWorkspaceEdit(client, stub.edit!)).toEqual({
      [NEEDS]: crlf(`# Payroll needs, agreed with DWP.
kind: needs
title: "Payroll needs"
items:
  - id: "UN-PAY-001"   # the headline need
    title: Pay people on time
    as: a payroll officer
    need: I need to run payroll every month
    so-that: staff are paid on time
    priority: must
  - id: 'UN-PAY-002'
    title: Payslips
    as: an employee
    need: I need to see my payslip
    so-that: I can check my pay
    # Reviewed by HR in March.
  - id: 'UN-PAY-010'
    title: TODO
    as: TODO (the user group)
    need: I need to TODO
    so-that: TODO
    status: draft
`),
    });
  });

  it('sends versioned edits for open documents, so that the editor refuses a stale one', async () => {
    // The buffer differs from the disk: one more comment line at the top.
    const buffer = `# Being edited.\n${payrollText}`;
    await client.open(PAYROLL);
    await client.change(PAYROLL, buffer);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: client.uri(PAYROLL) }, position: positionIn(buffer, 'id: REQ-PAY-001', 4), newName: 'REQ-PAY-010' });
    expect(edit.changes).toBeUndefined();
    expect((edit.documentChanges as TextDocumentEdit[]).map((c) => [c.textDocument.uri, c.textDocument.version])).toEqual([
      [client.uri(ITT), null],
      [client.uri(PAYROLL), 2],
    ]);
    expect(applyWorkspaceEdit(client, edit, { [PAYROLL]: buffer })).toEqual({
      [ITT]: ittText.replace('"REQ-PAY-001"', '"REQ-PAY-010"'),
      [PAYROLL]: buffer.replace('id: REQ-PAY-001 # keep first', 'id: REQ-PAY-010 # keep first').replace('parent: REQ-PAY-001\n', 'parent: REQ-PAY-010\n'),
    });
    // A quick fix in the open document carries its version too.
    const diagnostic = (await client.waitForDiagnostics(PAYROLL, (d) => d.some((x) => x.code === 'broken-link' && x.range.start.line === 32))).find((d) => d.code === 'broken-link')!;
    const actions = await actionsFor(PAYROLL, diagnostic);
    const fix = actions.find((a) => a.title === 'Change to UN-PAY-002')!;
    expect((fix.edit!.documentChanges as TextDocumentEdit[]).map((c) => c.textDocument)).toEqual([{ uri: client.uri(PAYROLL), version: 2 }]);
    await client.close(PAYROLL);
    await client.waitForDiagnostics(PAYROLL, (d) => d.some((x) => x.code === 'broken-link' && x.range.start.line === 31));
  });

  it('refuses a rename when a file it touches changed on disk, re-reads it, and renames on the next try', async () => {
    const changedOnDisk = needsText.replace('# Payroll needs, agreed with DWP.\r\n', '# Payroll needs, agreed with DWP.\r\n# Changed by a git pull.\r\n');
    // Nobody tells the server (no didChangeWatchedFiles): it must find out for itself.
    writeFileSync(join(root, NEEDS), changedOnDisk);
    const rename = () => client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: client.uri(PENSIONS) }, position: client.position(PENSIONS, '"UN-PAY-001"', 2), newName: 'UN-PAY-100' });
    await expect(rename()).rejects.toThrow('needs/payroll.needs.yaml changed on disk since reqtrace read it; reqtrace has re-read it — try the rename again.');
    const edit = await rename();
    expect(applyWorkspaceEdit(client, edit)[NEEDS]).toBe(
      crlf(`# Payroll needs, agreed with DWP.
# Changed by a git pull.
kind: needs
title: "Payroll needs"
items:
  - id: "UN-PAY-100"   # the headline need
    title: Pay people on time
    as: a payroll officer
    need: I need to run payroll every month
    so-that: staff are paid on time
    priority: must
  - id: 'UN-PAY-002'
    title: Payslips
    as: an employee
    need: I need to see my payslip
    so-that: I can check my pay
    # Reviewed by HR in March.
`),
    );
  });

  it('leaves out a quick fix whose file changed on disk, and offers it again once re-read', async () => {
    const changedOnDisk = needsText.replace('    # Reviewed by HR in March.\r\n', '');
    writeFileSync(join(root, NEEDS), changedOnDisk);
    const diagnostic = await diagnosticAt(PENSIONS, 'broken-link', 'UN-PAY-010');
    // This client does not show disabled code actions, so the stale one is left out; the fix in
    // the file itself stays.
    expect((await actionsFor(PENSIONS, diagnostic)).map((a) => a.title)).toEqual(['Change to UN-PAY-001']);
    const retried = await actionsFor(PENSIONS, diagnostic);
    expect(retried.map((a) => a.title)).toEqual(['Change to UN-PAY-001', 'Create need UN-PAY-010 in payroll.needs.yaml']);
    const stub = retried[1]!;
    expect(applyWorkspaceEdit(client, stub.edit!)[NEEDS]).toBe(
      crlf(`# Payroll needs, agreed with DWP.
kind: needs
title: "Payroll needs"
items:
  - id: "UN-PAY-001"   # the headline need
    title: Pay people on time
    as: a payroll officer
    need: I need to run payroll every month
    so-that: staff are paid on time
    priority: must
  - id: 'UN-PAY-002'
    title: Payslips
    as: an employee
    need: I need to see my payslip
    so-that: I can check my pay
  - id: 'UN-PAY-010'
    title: TODO
    as: TODO (the user group)
    need: I need to TODO
    so-that: TODO
    status: draft
`),
    );
  });

  it('refuses a rename touching a file deleted since it was read', async () => {
    rmSync(join(root, PENSIONS));
    const rename = () => client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: client.uri(NEEDS) }, position: client.position(NEEDS, 'UN-PAY-001', 3), newName: 'UN-PAY-100' });
    await expect(rename()).rejects.toThrow('requirements/pensions.reqs.yaml was deleted since reqtrace read it; reqtrace has caught up — try the rename again.');
    expect(Object.keys(applyWorkspaceEdit(client, await rename())).sort()).toEqual([NEEDS, PAYROLL]);
  });

  it('never touched README.md or notes.yaml', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toBe(readmeText);
    expect(readFileSync(join(root, 'notes.yaml'), 'utf8')).toBe(notesText);
  });
});

describe('safe edits: a stub in a new file', () => {
  let root: string;
  let client: TestClient;
  const SOLO = 'requirements/solo.reqs.yaml';
  beforeAll(async () => {
    root = writeWorkspace({
      [SOLO]: crlf(`kind: requirements
items:
  - id: REQ-SOLO-001
    title: Alone
    statement: The solution shall stand alone.
    type: functional
    priority: must
    satisfies: [UN-SOLO-001]
`),
    });
    client = await TestClient.start(root);
  });
  afterAll(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('creates a needs file beside the link, with its line ends', async () => {
    const diagnostic = (await client.waitForDiagnostics(SOLO, (d) => d.some((x) => x.code === 'broken-link'))).find((d) => d.code === 'broken-link')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: client.uri(SOLO) }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    expect(actions.map((a) => a.title)).toEqual(['Create need UN-SOLO-001 in a new file new.needs.yaml']);
    expect(applyWorkspaceEdit(client, actions[0]!.edit!)).toEqual({
      'requirements/new.needs.yaml': crlf(`kind: needs
items:
  - id: UN-SOLO-001
    title: TODO
    as: TODO (the user group)
    need: I need to TODO
    so-that: TODO
    status: draft
`),
    });
  });
});
