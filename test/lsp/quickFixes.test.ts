/**
 * The quick fixes for coverage gaps and missing fields, over the real protocol: code actions asked
 * for real diagnostics, their workspace edits applied as an editor applies them, and whole files
 * compared with the fixture's text where the change is written out by hand (at a place it must
 * name exactly once) — CRLF, comments inside items, flow and block lists, items written as `{…}`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, SnippetTextEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyEdits, TestClient } from './client';

const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

const NEEDS = 'needs/payroll.needs.yaml';
const PAYROLL = 'requirements/payroll.reqs.yaml';
const PENSIONS = 'requirements/pensions.reqs.yaml';
const ITT = 'itt/section-3.itt.yaml';
const BENEFITS = 'requirements/benefits.reqs.yaml';

const needsText = `kind: needs
items:
  - id: UN-PAY-001
    title: Pay everyone correctly and on time
    as: a payroll officer
    need: I need to run the monthly payroll and report it to HMRC
    so-that: people are paid the right amount on payday
    priority: must
  - id: UN-PAY-002
    title: Pay pension contributions
    as: a pensions officer
    need: I need to deduct pension contributions and send returns to the scheme
    so-that: members' pensions are right
    priority: must
  # Nothing satisfies this one yet.
  - id: UN-PAY-003
    title: See my payslip on my phone
    as: an employee without a laptop
    need: I need to view and download my payslips on my own phone
    so-that: I can prove my income
    priority: should
`;

const payrollText = `# Payroll requirements.
kind: requirements
items:
  - id: REQ-PAY-001
    title: Gross-to-net
    statement: The solution shall calculate gross-to-net pay.
    type: functional
    priority: must
    satisfies: [UN-PAY-001]
    status: agreed

  - id: REQ-PAY-002
    title: RTI submissions
    statement: The solution shall submit RTI returns to HMRC.
    type: functional
    priority: must
    satisfies: [UN-PAY-001]   # the payroll run
    status: proposed

  - id: REQ-PAY-003
    title: Payroll alerts
    statement: The solution shall alert the payroll controller when HMRC rejects a return.
    type: functional
    priority: should
    satisfies:
      - UN-PAY-001
    # Agreed at the March design authority.
    status: draft

  - id: REQ-PAY-004
    title: Payslips on phones
    statement: The solution shall show payslips on employees' own phones after each payroll run.
    type: functional
    priority: should
    status: draft

  - { id: REQ-PAY-005, title: Payroll calendar, statement: The solution shall hold one payroll calendar., type: functional, priority: could, satisfies: [UN-PAY-001] }
`;

const pensionsText = crlf(`kind: requirements
items:
  - id: 'REQ-PEN-001'
    title: Pension deductions
    statement: The solution shall deduct pension contributions.
    type: functional
    priority: must
    satisfies: [UN-PAY-002]
  - id: 'REQ-PEN-002'
    title: Pension returns
    # The monthly return to the scheme administrator.
    priority: must
    satisfies: [UN-PAY-002]
    status: draft
  - id: 'REQ-PEN-003'
    title: Pension scheme changes
    statement: The solution shall apply scheme rate changes from the date the scheme sets.
    type: functional
    priority: should
    # Rates change each April.
    parent: REQ-PEN-010
    satisfies: [UN-PAY-002]
  - id: 'REQ-PEN-004'
    title: Pension statements
    statement: The solution shall send each member an annual pension statement.
    type: functional
    priority: could
    satisfies: []
  - id: 'REQ-PEN-010'
    title: Pension scheme interfaces
    statement: The solution shall send monthly returns to the pension scheme.
    type: functional
    priority: must
    satisfies: [UN-PAY-002]
`);

const ittText = crlf(`kind: itt
items:
  - id: ITT-3.1
    title: Gross-to-net
    text: Explain how your solution calculates pay.
    response: scored
    weighting: 10
    covers: [REQ-PAY-001, "REQ-PEN-001"] # pay and pensions
    status: agreed
  - id: ITT-3.2
    title: Pensions
    text: Describe your pension interfaces.
    response: pass-fail
    covers:
      - 'REQ-PEN-010'   # the scheme interfaces
      # deductions are asked in ITT-3.1
  - id: ITT-3.3
    title: Reporting
    text: Describe your payroll reports.
    response: scored
    covers: [REQ-PAY-001]
`);

const benefitsText = `kind: requirements
items:
  - id: REQ-BEN-001
    title: Benefits in kind
    statement: The solution shall record benefits in kind.
    type: functional
    priority: could
    satisfies: [UN-PAY-001]
  - title: Salary sacrifice
    statement: The solution shall run salary sacrifice schemes.
    type: functional
    priority: could
`;

/** Each file of the workspace as written, by path. */
const TEXTS: Record<string, string> = { [NEEDS]: needsText, [PAYROLL]: payrollText, [PENSIONS]: pensionsText, [ITT]: ittText, [BENEFITS]: benefitsText };

/** `text` with `before`, which must stand in it exactly once, replaced by `after`: a whole file as a fix should leave it. */
function replacedOnce(text: string, before: string, after: string): string {
  const at = text.indexOf(before);
  if (at < 0 || text.includes(before, at + 1)) throw new Error(`${JSON.stringify(before)} is not in the text exactly once`);
  return text.slice(0, at) + after + text.slice(at + before.length);
}

/** A quick fix offered for one diagnostic, applied: the file it edits must be its text with one part replaced. */
interface OneEdit {
  /** The test's name. */
  readonly name: string;
  /** The diagnostic: the file it is in, its code and the text it is on. */
  readonly diagnostic: readonly [path: string, code: string, on: string];
  /** Where given, the titles of every action offered, in order. */
  readonly titles?: readonly string[];
  /** The title of the action applied: where not given, the first offered. */
  readonly apply?: string;
  /** What the action does: in the file at `path`, the text `before` (found once) becomes `after`. */
  readonly edit: readonly [path: string, before: string, after: string];
}

function writeWorkspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'reqtrace-quick-fixes-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** A snippet as the text an editor inserts before the author types: each placeholder's text, a choice's first value. */
function snippetText(snippet: string): string {
  return snippet.replace(/\$\{\d+\|((?:\\.|[^,|])*)[^}]*\}|\$\{\d+:((?:\\.|[^}])*)\}|\$\{\d+\}|\$\d+|\\(.)/g, (_, choice?: string, text?: string, escaped?: string) =>
    (escaped ?? choice ?? text ?? '').replace(/\\(.)/g, '$1'),
  );
}

/** What each file edited looks like after an editor applies `edit`, keyed by path; a snippet is inserted as its text. */
function applyWorkspaceEdit(client: TestClient, edit: WorkspaceEdit): Record<string, string> {
  const pathOf = (uri: string): string => decodeURIComponent(uri.slice(client.uri('').length + 1));
  const result: Record<string, string> = {};
  const textOf = (path: string): string => result[path] ?? client.text(path);
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) throw new Error(`unexpected ${change.kind}`);
    const path = pathOf(change.textDocument.uri);
    const edits = change.edits.map((e): TextEdit => ('snippet' in e ? { range: e.range, newText: snippetText(e.snippet.value) } : e));
    result[path] = applyEdits(textOf(path), edits);
  }
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) result[pathOf(uri)] = applyEdits(textOf(pathOf(uri)), edits);
  return result;
}

describe('quick fixes for gaps and missing fields', () => {
  let root: string;
  let client: TestClient;
  beforeAll(async () => {
    root = writeWorkspace(TEXTS);
    client = await TestClient.start(root);
  });
  afterAll(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  /** The diagnostics with `code` on the text `on` (the n-th such), once published. */
  const diagnosticsOn = async (path: string, code: string, on: string, from = client): Promise<Diagnostic[]> => {
    const lines = client.text(path).split(/\r\n|\n/);
    const found = (d: Diagnostic): boolean => d.code === code && lines[d.range.start.line]?.slice(d.range.start.character, d.range.end.character) === on;
    return (await from.waitForDiagnostics(path, (ds) => ds.some(found), `${code} on ${on}`)).filter(found);
  };
  const actionsFor = (path: string, diagnostics: Diagnostic[], from = client): Promise<CodeAction[]> =>
    from.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: from.uri(path) }, range: diagnostics[0]!.range, context: { diagnostics } });
  const actionsOn = async (path: string, code: string, on: string, from = client): Promise<CodeAction[]> => actionsFor(path, await diagnosticsOn(path, code, on, from), from);
  const titles = (actions: CodeAction[]): string[] => actions.map((a) => a.title);

  /** The action titled `title` among `actions`, applied: every file it edits, whole. */
  const applied = (actions: CodeAction[], title: string, from = client): Record<string, string> => {
    const action = actions.find((a) => a.title === title);
    if (!action) throw new Error(`no "${title}" among ${JSON.stringify(titles(actions))}`);
    return applyWorkspaceEdit(from, action.edit!);
  };

  /** A test per case, named as it is: the fix offered for its diagnostic edits one file, whole, as the case says. */
  const itEdits = (cases: readonly OneEdit[]): void => {
    for (const { name, diagnostic, titles: offered, apply, edit: [path, before, after] } of cases) {
      it(name, async () => {
        const actions = await actionsOn(...diagnostic);
        if (offered) expect(titles(actions)).toEqual(offered);
        expect(applied(actions, apply ?? titles(actions)[0]!)).toEqual({ [path]: replacedOnce(TEXTS[path]!, before, after) });
      });
    }
  };

  it('uncovered-requirement: adds a waiver with a placeholder reason, before status, keeping the comment after the list; the warning goes', async () => {
    const actions = await actionsOn(PAYROLL, 'uncovered-requirement', 'REQ-PAY-002');
    // Its sibling REQ-PAY-001 (satisfying UN-PAY-001 too) is asked in ITT-3.1 and ITT-3.3.
    expect(titles(actions)).toEqual(['Add a waiver to REQ-PAY-002', 'Ask bidders in clause ITT-3.1 "Gross-to-net"', 'Ask bidders in clause ITT-3.3 "Reporting"']);
    const fixed = replacedOnce(
      payrollText,
      '    satisfies: [UN-PAY-001]   # the payroll run\n    status: proposed\n',
      '    satisfies: [UN-PAY-001]   # the payroll run\n    waiver: { reason: "TODO say why no ITT clause needs to ask for this" }\n    status: proposed\n',
    );
    expect(fixed).not.toBe(payrollText);
    expect(applied(actions, 'Add a waiver to REQ-PAY-002')).toEqual({ [PAYROLL]: fixed });

    await client.open(PAYROLL);
    await client.change(PAYROLL, fixed);
    await client.waitForDiagnostics(PAYROLL, (d) => !d.some((x) => x.code === 'uncovered-requirement' && x.range.start.line === 11), 'the warning on REQ-PAY-002 gone');
    await client.change(PAYROLL, payrollText);
    await client.close(PAYROLL);
    await diagnosticsOn(PAYROLL, 'uncovered-requirement', 'REQ-PAY-002');
  });

  itEdits([
    {
      name: 'uncovered-requirement: the waiver is a block in an item that writes its lists as blocks, before the comment that belongs to status',
      diagnostic: [PAYROLL, 'uncovered-requirement', 'REQ-PAY-003'],
      apply: 'Add a waiver to REQ-PAY-003',
      edit: [PAYROLL, '      - UN-PAY-001\n    # Agreed', '      - UN-PAY-001\n    waiver:\n      reason: TODO say why no ITT clause needs to ask for this\n    # Agreed'],
    },
    {
      name: 'uncovered-requirement: the waiver goes inside the braces of an item written as {…}',
      diagnostic: [PAYROLL, 'uncovered-requirement', 'REQ-PAY-005'],
      apply: 'Add a waiver to REQ-PAY-005',
      edit: [PAYROLL, 'priority: could, satisfies: [UN-PAY-001] }', 'priority: could, satisfies: [UN-PAY-001], waiver: { reason: "TODO say why no ITT clause needs to ask for this" } }'],
    },
    {
      name: 'uncovered-need: creates a draft requirement that satisfies it, with the next id of the closest file, parted from the last item as the others are',
      diagnostic: [NEEDS, 'uncovered-need', 'UN-PAY-003'],
      titles: ['Create a requirement that satisfies UN-PAY-003 (REQ-PAY-006 in payroll.reqs.yaml)'],
      edit: [PAYROLL, 'satisfies: [UN-PAY-001] }\n', 'satisfies: [UN-PAY-001] }\n\n  - id: REQ-PAY-006\n    title: TODO\n    statement: The solution shall TODO\n    type: functional\n    priority: should\n    satisfies: [UN-PAY-003]\n    status: draft\n'],
    },
    {
      name: 'schema: a scored clause gets its weighting, between response and covers',
      diagnostic: [ITT, 'schema', 'ITT-3.3'],
      titles: ['Add the missing field: weighting'],
      edit: [ITT, 'payroll reports.\r\n    response: scored\r\n', 'payroll reports.\r\n    response: scored\r\n    weighting: 0\r\n'],
    },
    {
      name: 'schema: a missing id goes first, the next free one of the file, pushing the first field to a line of its own',
      diagnostic: [BENEFITS, 'schema', 'title'],
      titles: ['Add the missing field: id'],
      edit: [BENEFITS, '  - title: Salary sacrifice\n', '  - id: REQ-BEN-002\n    title: Salary sacrifice\n'],
    },
  ]);

  it('uncovered-requirement: in a CRLF file, with a comment inside the item; clauses asking for its parent come first, each edit adds to a block or a flow list', async () => {
    const actions = await actionsOn(PENSIONS, 'uncovered-requirement', "'REQ-PEN-003'");
    // ITT-3.2 asks for its parent REQ-PEN-010 (and a sibling), ITT-3.1 for a sibling only.
    expect(titles(actions)).toEqual(['Add a waiver to REQ-PEN-003', 'Ask bidders in clause ITT-3.2 "Pensions"', 'Ask bidders in clause ITT-3.1 "Gross-to-net"']);
    // The waiver after the last field, below the comment inside the item.
    expect(applied(actions, 'Add a waiver to REQ-PEN-003')).toEqual({
      [PENSIONS]: replacedOnce(pensionsText, "    satisfies: [UN-PAY-002]\r\n  - id: 'REQ-PEN-004'", "    satisfies: [UN-PAY-002]\r\n    waiver: { reason: \"TODO say why no ITT clause needs to ask for this\" }\r\n  - id: 'REQ-PEN-004'"),
    });
    // The block list: a new line after the last entry, quoted as every entry is; both comments stay.
    expect(applied(actions, 'Ask bidders in clause ITT-3.2 "Pensions"')).toEqual({
      [ITT]: replacedOnce(ittText, "      - 'REQ-PEN-010'   # the scheme interfaces\r\n", "      - 'REQ-PEN-010'   # the scheme interfaces\r\n      - 'REQ-PEN-003'\r\n"),
    });
    // The flow list: after its last entry, unquoted as the list mixes styles; the comment after it stays.
    expect(applied(actions, 'Ask bidders in clause ITT-3.1 "Gross-to-net"')).toEqual({
      [ITT]: replacedOnce(ittText, 'covers: [REQ-PAY-001, "REQ-PEN-001"] # pay and pensions', 'covers: [REQ-PAY-001, "REQ-PEN-001", REQ-PEN-003] # pay and pensions'),
    });
  });

  it('schema: adds every missing field at once, where the first belongs, from either of its findings (CRLF, before the comment above the next field)', async () => {
    const diagnostics = await diagnosticsOn(PENSIONS, 'schema', "'REQ-PEN-002'");
    expect(diagnostics).toHaveLength(2);
    for (const one of [[diagnostics[0]!], [diagnostics[1]!], diagnostics]) {
      const actions = await actionsFor(PENSIONS, one);
      expect(titles(actions)).toEqual(['Add the missing fields: statement, type']);
      expect(actions[0]!.diagnostics).toHaveLength(one.length);
      expect(applied(actions, 'Add the missing fields: statement, type')).toEqual({
        [PENSIONS]: replacedOnce(
          pensionsText,
          'title: Pension returns\r\n    # The monthly',
          'title: Pension returns\r\n    statement: The solution shall TODO\r\n    type: functional\r\n    # The monthly',
        ),
      });
    }
  });

  it('orphan-requirement: offers the needs most like it, best first, and adds the chosen one to satisfies', async () => {
    const actions = await actionsOn(PAYROLL, 'orphan-requirement', 'REQ-PAY-004');
    // Payslips and phones before a shared "payroll"; UN-PAY-002 shares no word.
    expect(titles(actions)).toEqual(['Satisfy UN-PAY-003 "See my payslip on my phone"', 'Satisfy UN-PAY-001 "Pay everyone correctly and on time"']);
    expect(applied(actions, 'Satisfy UN-PAY-003 "See my payslip on my phone"')).toEqual({
      [PAYROLL]: replacedOnce(payrollText, '    priority: should\n    status: draft\n\n  - {', '    priority: should\n    satisfies: [UN-PAY-003]\n    status: draft\n\n  - {'),
    });
    // An empty satisfies list is filled in place.
    const empty = await actionsOn(PENSIONS, 'orphan-requirement', "'REQ-PEN-004'");
    expect(titles(empty)).toEqual(['Satisfy UN-PAY-002 "Pay pension contributions"']);
    expect(applied(empty, titles(empty)[0]!)).toEqual({ [PENSIONS]: replacedOnce(pensionsText, '    satisfies: []\r\n', '    satisfies: [UN-PAY-002]\r\n') });
  });

  describe('in an editor that takes snippets', () => {
    let snippets: TestClient;
    beforeAll(async () => {
      snippets = await TestClient.start(root, {}, { snippetEdits: true });
    });
    afterAll(() => snippets.stop());

    it('the waiver is a snippet with the reason selected; inserted as is it gives the same file', async () => {
      const actions = await actionsOn(PAYROLL, 'uncovered-requirement', 'REQ-PAY-002', snippets);
      const waiver = actions.find((a) => a.title === 'Add a waiver to REQ-PAY-002')!;
      expect(waiver.edit).toEqual({
        documentChanges: [
          {
            textDocument: { uri: snippets.uri(PAYROLL), version: null },
            edits: [{ range: { start: { line: 17, character: 0 }, end: { line: 17, character: 0 } }, snippet: { kind: 'snippet', value: '    waiver: { reason: "${1:TODO say why no ITT clause needs to ask for this}" \\}\n' } }],
          },
        ],
      });
      const plain = await actionsOn(PAYROLL, 'uncovered-requirement', 'REQ-PAY-002');
      expect(applyWorkspaceEdit(snippets, waiver.edit!)).toEqual(applied(plain, 'Add a waiver to REQ-PAY-002'));
      // Edits with nothing to type stay plain text.
      expect(actions.find((a) => a.title.startsWith('Ask bidders'))!.edit!.changes).toBeDefined();
    });

    it('the missing fields are one snippet: a tab stop for the statement, a choice of type', async () => {
      const actions = await actionsOn(PENSIONS, 'schema', "'REQ-PEN-002'", snippets);
      const edit = actions[0]!.edit!;
      const change = edit.documentChanges![0] as { edits: SnippetTextEdit[] };
      expect(change.edits[0]!.snippet.value).toBe('    statement: The solution shall ${1:TODO}\r\n    type: ${2|functional,non-functional|}\r\n');
      const plain = await actionsOn(PENSIONS, 'schema', "'REQ-PEN-002'");
      expect(applyWorkspaceEdit(snippets, edit)).toEqual(applyWorkspaceEdit(client, plain[0]!.edit!));
    });

    it('a new requirement in another file is plain text: an editor runs a snippet only in the document it is in', async () => {
      const actions = await actionsOn(NEEDS, 'uncovered-need', 'UN-PAY-003', snippets);
      expect(actions[0]!.edit!.changes).toBeDefined();
    });
  });
});
