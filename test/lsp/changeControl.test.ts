/**
 * Change control over the real protocol: a need reworded in the editor makes the stamped links to
 * it suspect in other files at once (and a layout change does not); the code lens counts them; the
 * quick fixes mark one link or all of them reviewed, writing only the stamps, and the warnings go.
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, CodeLens, Diagnostic, Hover, MarkupContent, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { commitAll, git, writeFiles } from '../fixtures/gitEnv';
import { fingerprintOf } from '../../server/src/core/fingerprint';
import type { Item } from '../../server/src/core/model';
import { parseFile } from '../../server/src/core/parse/parse';
import { applyEdits, messageOf, TestClient } from './client';

const NEEDS = 'n.needs.yaml';
const PAY = 'pay.reqs.yaml';
const SLIP = 'slip.reqs.yaml';

const needsText = `kind: needs
items:
  - id: UN-1
    title: Pay
    as: a payroll officer
    need: I need to pay people on the day
    so-that: staff are paid
`;
const stamp = fingerprintOf(parseFile('file:///n.needs.yaml', needsText).items[0] as Item);
const requirement = (id: string, links: string): string => `kind: requirements
items:
  - id: ${id}
    title: T
    statement: The solution shall pay staff.
    type: functional
    priority: must
    satisfies: ${links}   # reviewed at the March design authority
    waiver: { reason: Asked in another lot }
`;
const TEXTS: Record<string, string> = { [NEEDS]: needsText, [PAY]: requirement('REQ-1', `[UN-1@${stamp}]`), [SLIP]: requirement('REQ-2', `["UN-1@${stamp}"]`) };

describe('change control in the editor', () => {
  let root: string;
  let client: TestClient;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'reqtrace-change-control-'));
    for (const [path, text] of Object.entries(TEXTS)) writeFileSync(join(root, path), text);
    client = await TestClient.start(root);
  });
  afterAll(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const suspect = (ds: Diagnostic[]): Diagnostic[] => ds.filter((d) => d.code === 'suspect-link');
  const filesOf = (edit: WorkspaceEdit): Record<string, string> => {
    const result: Record<string, string> = {};
    for (const change of edit.documentChanges ?? []) {
      if ('kind' in change) throw new Error(`unexpected ${change.kind}`);
      const path = decodeURIComponent(change.textDocument.uri.slice(client.uri('').length + 1));
      result[path] = applyEdits(client.text(path), change.edits as TextEdit[]);
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
      const path = decodeURIComponent(uri.slice(client.uri('').length + 1));
      result[path] = applyEdits(client.text(path), edits);
    }
    return result;
  };

  it('rewording the need makes both stamped links suspect; re-laying it out does not', async () => {
    await client.waitForDiagnostics(PAY, (ds) => ds.length === 0);
    await client.open(NEEDS);
    await client.change(NEEDS, needsText.replace('need: I need to pay people on the day', 'need: >-\n      I need to pay people\n      on the day'));
    await client.change(NEEDS, needsText.replace('on the day', 'on payday'));
    const [pay] = suspect(await client.waitForDiagnostics(PAY, (ds) => suspect(ds).length === 1));
    expect(pay?.message).toMatch(new RegExp(`^UN-1 has changed since this link was reviewed: re-read REQ-1 against the need as it is now, then mark the link reviewed \\(stamp ${stamp}, now [0-9a-f]{10}\\)\\.$`));
    expect(pay?.range).toEqual({ start: { line: 7, character: 16 }, end: { line: 7, character: 16 + `UN-1@${stamp}`.length } });
    await client.waitForDiagnostics(SLIP, (ds) => suspect(ds).length === 1);
    // The layout-only change published nothing suspect before the reword (the first wait above found none then).
  });

  it('the need gets a code lens counting the suspect links to it', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: client.uri(NEEDS) } });
    expect(lenses.map((lens) => lens.command?.title)).toEqual(['2 requirements · 0 clauses · not in the ITT', '2 suspect links to it']);
    const locations = lenses[1]?.command?.arguments?.[2] as { uri: string }[];
    expect(locations.map((l) => l.uri)).toEqual([client.uri(PAY), client.uri(SLIP)]);
  });

  it('Mark all 2 suspect links reviewed writes only the two stamps, and the warnings go', async () => {
    await client.open(PAY);
    const diagnostics = suspect(client.diagnostics.get(client.uri(PAY)) ?? []);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: client.uri(PAY) }, range: diagnostics[0]!.range, context: { diagnostics } });
    expect(actions.map((a) => a.title)).toEqual(['Mark the link to UN-1 reviewed', 'Mark all 2 suspect links to UN-1 reviewed']);
    const files = filesOf(actions[1]!.edit!);
    const now = /UN-1@([0-9a-f]{10})/.exec(files[PAY] ?? '')?.[1] as string;
    expect(now).not.toBe(stamp);
    expect(files).toEqual({ [PAY]: TEXTS[PAY]!.replace(stamp, now), [SLIP]: TEXTS[SLIP]!.replace(stamp, now) });
    const single = filesOf(actions[0]!.edit!);
    expect(single).toEqual({ [PAY]: TEXTS[PAY]!.replace(stamp, now) });
    await client.change(PAY, files[PAY]!);
    await client.open(SLIP, files[SLIP]);
    await client.waitForDiagnostics(PAY, (ds) => ds.length === 0);
    await client.waitForDiagnostics(SLIP, (ds) => ds.length === 0);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: client.uri(NEEDS) } });
    expect(lenses.map((lens) => lens.command?.title)).toEqual(['2 requirements · 0 clauses · not in the ITT']);
  });
});

describe('links written in a workspace that stamps links', () => {
  const needs = `${needsText}  - id: UN-2
    title: Payslips
    as: a payroll officer
    need: I need staff to see their payslips online
    so-that: fewer payslip queries reach us
`;
  const [, payslipsNeed] = parseFile('file:///n.needs.yaml', needs).items;
  const payslips = fingerprintOf(payslipsNeed as Item);
  const stamped = `kind: requirements
items:
  - id: REQ-1
    title: T
    statement: The solution shall pay staff.
    type: functional
    priority: must
    satisfies: [UN-1@${stamp}]
    waiver: { reason: Asked in another lot }
  - id: REQ-3
    title: Payslips online
    statement: The solution shall show staff their payslips online.
    type: functional
    priority: must
    waiver: { reason: Asked in another lot }
`;
  let root: string;
  let client: TestClient;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'reqtrace-stamps-new-links-'));
    writeFileSync(join(root, NEEDS), needs);
    writeFileSync(join(root, PAY), stamped);
    client = await TestClient.start(root);
  });
  afterAll(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('Satisfy UN-2 writes the link with UN-2’s stamp, as REQ-1’s link is written', async () => {
    const orphan = (await client.waitForDiagnostics(PAY, (ds) => ds.some((d) => d.code === 'orphan-requirement'))).filter((d) => d.code === 'orphan-requirement');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: client.uri(PAY) }, range: orphan[0]!.range, context: { diagnostics: orphan } });
    const satisfy = actions.find((a) => a.title.startsWith('Satisfy UN-2'));
    const edits = satisfy?.edit?.changes?.[client.uri(PAY)] ?? [];
    expect(applyEdits(stamped, edits)).toBe(stamped.replace('    priority: must\n    waiver: { reason: Asked in another lot }\n', `    priority: must\n    satisfies: [UN-2@${payslips}]\n    waiver: { reason: Asked in another lot }\n`));
  });

  it('completion in a link list inserts the id with its stamp; once no link is stamped, the id alone', async () => {
    const typing = stamped.replace('    priority: must\n    waiver: { reason: Asked in another lot }\n', '    priority: must\n    satisfies: [UN-]\n    waiver: { reason: Asked in another lot }\n');
    await client.open(PAY, typing);
    const line = typing.split('\n').findIndex((l) => l.includes('satisfies: [UN-]'));
    const position = { line, character: '    satisfies: [UN-'.length };
    const complete = async (): Promise<Record<string, string>> => {
      const list = await client.request<{ items: { label: string; textEdit?: { newText: string } }[] }>('textDocument/completion', { textDocument: { uri: client.uri(PAY) }, position });
      return Object.fromEntries(list.items.map((item) => [item.label, item.textEdit?.newText ?? '']));
    };
    expect((await complete())['UN-2']).toBe(`UN-2@${payslips}`);
    const plain = typing.replace(`UN-1@${stamp}`, 'UN-1');
    await client.change(PAY, plain);
    await client.waitForDiagnostics(PAY, (ds) => ds.every((d) => d.code !== 'suspect-link'));
    expect((await complete())['UN-2']).toBe('UN-2');
  });
});

describe('the hover on a suspect link shows what changed, from git history', () => {
  // REQ-1's link was stamped when UN-1 said "on the day" (the first commit); the need now says
  // "on payday" (the second). REQ-2's stamp is no version's fingerprint.
  const reworded = needsText.replace('on the day', 'on payday');
  const unknown = '0123456789';
  const files = { [NEEDS]: needsText, [PAY]: requirement('REQ-1', `[UN-1@${stamp}]`), [SLIP]: requirement('REQ-2', `[UN-1@${unknown}]`) };
  const made: string[] = [];
  const clients: TestClient[] = [];
  afterAll(async () => {
    for (const client of clients) await client.stop();
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  const start = async (repository: boolean): Promise<{ client: TestClient; commits: string[] }> => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'reqtrace-hover-since-')));
    made.push(dir);
    const commits: string[] = [];
    if (repository) git(dir, 'init', '--quiet', '--initial-branch=main');
    writeFiles(dir, files);
    if (repository) commits.push(commitAll(dir, 'UN-1 as reviewed'));
    writeFiles(dir, { [NEEDS]: reworded });
    if (repository) commits.push(commitAll(dir, 'UN-1 reworded'));
    const client = await TestClient.start(dir);
    clients.push(client);
    await client.waitForDiagnostics(PAY, (ds) => ds.some((d) => d.code === 'suspect-link'));
    return { client, commits };
  };
  const hover = async (client: TestClient, path: string, needle: string): Promise<string> => {
    const answer = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri(path) }, position: client.position(path, needle, 2) });
    return (answer.contents as MarkupContent).value;
  };

  it('names the changed field with the words gone struck through and the new in bold, and the commit the stamp was found at', async () => {
    const { client, commits } = await start(true);
    const text = await hover(client, PAY, `UN-1@${stamp}`);
    expect(text).toContain(`**What changed in UN-1 since this link was reviewed** (as written at commit \`${commits[0]!.slice(0, 10)}\`; struck through: gone, in bold: new):\n\n- *need*: I need to pay people on ~~the day~~ **payday**`);
    // One field changed, so one line: as and so-that are as they were.
    expect(text).not.toMatch(/- \*(as|so-that)\*/);
    const notFound = await hover(client, SLIP, `UN-1@${unknown}`);
    expect(notFound).toContain(`cannot be shown: none of the 2 versions of n.needs.yaml in git history (the last 200 commits at most) has its fingerprint ${unknown}.`);
  });

  it('says why not when the files are not in a git repository', async () => {
    const { client } = await start(false);
    expect(await hover(client, PAY, `UN-1@${stamp}`)).toContain('**What changed in UN-1 since this link was reviewed** cannot be shown: n.needs.yaml is not in a git repository, so its earlier versions cannot be read.');
  });
});

describe('a published ITT in the editor', () => {
  const itt = `kind: itt
weighting-budget: 20
items:
  - id: ITT-1
    title: Payroll
    text: Describe how your solution pays staff.
    response: scored
    weighting: 20
    covers: [REQ-1]
    status: agreed
`;
  const files = { [NEEDS]: needsText, [PAY]: requirement('REQ-1', '[UN-1]').replace('    waiver: { reason: Asked in another lot }\n', ''), 's.itt.yaml': itt };
  const made: string[] = [];
  const clients: TestClient[] = [];
  afterAll(async () => {
    for (const client of clients) await client.stop();
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  const start = async (config: string, initializationOptions?: unknown, options: { cacheHome?: string } = {}): Promise<TestClient> => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'reqtrace-published-')));
    made.push(dir);
    git(dir, 'init', '--quiet', '--initial-branch=main');
    writeFiles(dir, files);
    commitAll(dir, 'The ITT as issued');
    git(dir, 'tag', 'itt-issued');
    writeFiles(dir, { 'reqtrace.config.yaml': config });
    const client = await TestClient.start(dir, {}, { initializationOptions, ...options });
    clients.push(client);
    return client;
  };
  const published = (ds: Diagnostic[]): string[] => ds.filter((d) => d.code === 'changed-after-publication').map((d) => `${d.range.start.line}:${d.range.start.character} ${messageOf(d)}`);

  it('a weighting typed after publication is an error at once, and goes when it is put back', async () => {
    const client = await start('published: itt-issued\n');
    expect(published(client.diagnostics.get(client.uri('s.itt.yaml')) ?? [])).toEqual([]);
    await client.open('s.itt.yaml', itt);
    await client.change('s.itt.yaml', itt.replace('weighting: 20', 'weighting: 25'));
    const errors = published(await client.waitForDiagnostics('s.itt.yaml', (ds) => published(ds).length > 0));
    expect(errors).toEqual(["7:15 ITT-1's weighting has changed since the ITT was published as 'itt-issued' (published: 20): bidders answer the published question. Put it back, or issue the change to every bidder as a clarification."]);
    await client.change('s.itt.yaml', itt);
    await client.waitForDiagnostics('s.itt.yaml', (ds) => published(ds).length === 0);
  });

  it('a warm start keeps its findings while the tag names the same commit, and checks every file again once the tag has moved', async () => {
    const cacheHome = realpathSync(mkdtempSync(join(tmpdir(), 'reqtrace-published-cache-')));
    made.push(cacheHome);
    const first = await start('published: itt-issued\n', undefined, { cacheHome });
    const dir = first.root;
    await first.open('s.itt.yaml', itt);
    await first.stop();
    const fromCache = /every finding from the cache/;
    const again = await TestClient.start(dir, {}, { cacheHome });
    clients.push(again);
    await again.stop();
    expect(again.logs.join('\n')).toMatch(fromCache);
    // The ITT reissued with another weighting: the tag moves to a commit where the file is not as it is now.
    writeFiles(dir, { 's.itt.yaml': itt.replace('weighting: 20', 'weighting: 25') });
    commitAll(dir, 'Clarification 1');
    git(dir, 'tag', '--force', 'itt-issued');
    writeFiles(dir, { 's.itt.yaml': itt });
    const moved = await TestClient.start(dir, {}, { cacheHome });
    clients.push(moved);
    const errors = published(await moved.waitForDiagnostics('s.itt.yaml', (ds) => published(ds).length > 0));
    expect(errors).toEqual(["7:15 ITT-1's weighting has changed since the ITT was published as 'itt-issued' (published: 25): bidders answer the published question. Put it back, or issue the change to every bidder as a clarification."]);
    await moved.stop();
    expect(moved.logs.join('\n')).not.toMatch(fromCache);
  });

  it('a tag that cannot be read is one error on the config', async () => {
    const client = await start('published: itt-isued\n');
    const config = await client.waitForDiagnostics('reqtrace.config.yaml', (ds) => published(ds).length > 0);
    expect(published(config)).toEqual([expect.stringMatching(/^0:11 The ITT published as 'itt-isued' cannot be read, so nothing is compared with it: .*itt-isued/)]);
  });

  it('in a workspace the editor says is not trusted, reads no git: the published tag and Compare with Baseline say why', async () => {
    const client = await start('published: itt-issued\n', { trusted: false });
    const untrusted = 'this workspace is not trusted, and reqtrace reads git history only in a trusted one (trust it with Manage Workspace Trust)';
    const config = await client.waitForDiagnostics('reqtrace.config.yaml', (ds) => published(ds).length > 0);
    expect(published(config)).toEqual([`0:11 The ITT published as 'itt-issued' cannot be read, so nothing is compared with it: ${untrusted}.`]);
    expect(await client.request('reqtrace/diff', { folderUri: client.uri(''), base: 'itt-issued' })).toEqual({ problem: `Not compared: ${untrusted}.` });
    expect(await client.request('reqtrace/baselines', { folderUri: client.uri('') })).toEqual({ problem: `No baselines: ${untrusted}.` });
  });
});
