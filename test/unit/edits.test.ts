import { describe, expect, it } from 'vitest';
import type { CodeAction } from 'vscode-languageserver';
import { removeLinkEdit, renameEdits, stubEdit, type FileEdit } from '../../server/src/core/query/edits';
import { Workspace } from '../../server/src/core/analysis/workspace';
import type { Link } from '../../server/src/core/model';
import { refuseStaleActions } from '../../server/src/lsp/handlers/codeActions';
import { workspaceEditOf } from '../../server/src/lsp/handlers/rename';
import { Folder } from '../../server/src/lsp/folder';
import { changedOnDiskMessage } from '../../server/src/lsp/handlers/staleEdits';

const uriOf = (name: string): string => `file:///ws/${name}`;

function indexOf(files: Record<string, string>): Workspace {
  const index = new Workspace();
  for (const [name, text] of Object.entries(files)) index.setFile(uriOf(name), text);
  return index;
}

const apply = (text: string, edit: FileEdit): string => text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);

function linkTo(index: Workspace, id: string): Link {
  const link = index.referencesTo(id)[0];
  if (!link) throw new Error(`no link to ${id}`);
  return link;
}

const clause = (covers: string): string => `kind: itt\nitems:\n  - id: ITT-1\n    title: T\n    text: X\n    response: information\n    covers:${covers}`;

describe('removeLinkEdit', () => {
  it('drops a block-list line with its CRLF', () => {
    const text = clause('\n      - REQ-1\n      - REQ-2\n').replace(/\n/g, '\r\n');
    const index = indexOf({ 'a.itt.yaml': text });
    expect(apply(text, removeLinkEdit(text, linkTo(index, 'REQ-1')))).toBe(clause('\n      - REQ-2\n').replace(/\n/g, '\r\n'));
  });

  it('keeps the comment of a removed line, at the line’s indentation', () => {
    const text = clause('\n      - REQ-1  # why\n      - REQ-2\n');
    const index = indexOf({ 'a.itt.yaml': text });
    expect(apply(text, removeLinkEdit(text, linkTo(index, 'REQ-1')))).toBe(clause('\n      # why\n      - REQ-2\n'));
  });

  it('takes the comma before the last entry of a flow list, and leaves an only entry’s brackets', () => {
    const text = clause(' [REQ-1, "REQ-2"]  # both\n');
    const index = indexOf({ 'a.itt.yaml': text });
    expect(apply(text, removeLinkEdit(text, linkTo(index, 'REQ-2')))).toBe(clause(' [REQ-1]  # both\n'));
    const only = clause(" ['REQ-1']\n");
    expect(apply(only, removeLinkEdit(only, linkTo(indexOf({ 'a.itt.yaml': only }), 'REQ-1')))).toBe(clause(' []\n'));
  });
});

describe('stubEdit', () => {
  const need = (id: string): string => `id: ${id}\n    title: N\n    as: A\n    need: I need X\n    so-that: Y`;
  const stub = (dash: string, id: string, eol = '\n'): string =>
    [`${dash}id: ${id}`, 'title: TODO', 'as: TODO (the user group)', 'need: I need to TODO', 'so-that: TODO', 'status: draft'].map((line, i) => (i === 0 ? line : `${' '.repeat(dash.length)}${line}`)).join(eol);

  it('follows a dash on a line of its own, and a file with no line end at its end', () => {
    const text = `kind: needs\nitems:\n  -\n    ${need('UN-1')}`;
    const result = stubEdit(indexOf({ 'a.needs.yaml': text }), 'UN-2', 'needs', uriOf('b.reqs.yaml'));
    if (!('edit' in result)) throw new Error('expected an edit');
    expect(apply(text, result.edit)).toBe(`${text}\n${stub('  - ', 'UN-2')}`);
  });

  it('does not write into a flow list of items: a new file instead, with the line ends of the file that links', () => {
    const index = indexOf({ 'a.needs.yaml': 'kind: needs\nitems: [{id: UN-1, title: N, as: A, need: I need X, so-that: Y}]\n', 'b.reqs.yaml': 'kind: requirements\r\nitems: []\r\n' });
    expect(stubEdit(index, 'UN-2', 'needs', uriOf('b.reqs.yaml'))).toEqual({ createUri: uriOf('new.needs.yaml'), text: `kind: needs\r\nitems:\r\n${stub('  - ', 'UN-2', '\r\n')}\r\n` });
  });
});

describe('renameEdits', () => {
  it('refuses an id taken by an item of another kind, naming it and its file', () => {
    const index = indexOf({ 'a.needs.yaml': `kind: needs\nitems:\n  - id: UN-1\n    title: N\n    as: A\n    need: I need X\n    so-that: Y\n`, 'b.itt.yaml': clause(' [REQ-1]\n') });
    expect(renameEdits(index, 'UN-1', 'ITT-1')).toEqual({ error: 'ITT-1 is already the id of a clause ("T", in b.itt.yaml): choose another id.' });
  });
});

describe('workspaceEditOf', () => {
  const index = indexOf({ 'a.itt.yaml': clause(' [REQ-1]\n'), 'b.itt.yaml': clause(' [REQ-1]\n').replace('ITT-1', 'ITT-2') });
  const result = renameEdits(index, 'REQ-1', 'REQ-9');
  const edits = 'edits' in result ? result.edits : [];
  const range = { start: { line: 6, character: 13 }, end: { line: 6, character: 18 } };

  it('sends plain changes to an editor that takes no documentChanges, open documents or not', () => {
    expect(workspaceEditOf(index, edits, { documentChanges: false, versionOf: () => 3 })).toEqual({
      changes: { [uriOf('a.itt.yaml')]: [{ range, newText: 'REQ-9' }], [uriOf('b.itt.yaml')]: [{ range, newText: 'REQ-9' }] },
    });
  });

  it('sends plain changes when no file is open, since there is no version to carry', () => {
    expect(workspaceEditOf(index, edits, { documentChanges: true, versionOf: () => undefined })).toHaveProperty('changes');
  });

  it('gives each open document its version, and the others none', () => {
    expect(workspaceEditOf(index, edits, { documentChanges: true, versionOf: (uri) => (uri === uriOf('b.itt.yaml') ? 7 : undefined) })).toEqual({
      documentChanges: [
        { textDocument: { uri: uriOf('a.itt.yaml'), version: null }, edits: [{ range, newText: 'REQ-9' }] },
        { textDocument: { uri: uriOf('b.itt.yaml'), version: 7 }, edits: [{ range, newText: 'REQ-9' }] },
      ],
    });
  });
});

describe('refusing edits to files changed on disk', () => {
  const folder = new Folder('file:///ws');
  const edit = (uri: string) => ({ changes: { [uri]: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'x' }] } });
  const actions: CodeAction[] = [
    { title: 'Change to UN-1', kind: 'quickfix', edit: edit(uriOf('here.reqs.yaml')), isPreferred: true },
    { title: 'Create need UN-2 in there.needs.yaml', kind: 'quickfix', edit: edit(uriOf('needs/there.needs.yaml')) },
  ];
  const reason = (uris: string[]): string => changedOnDiskMessage(folder, uris.map((uri) => ({ uri, gone: false })), 'the quick fix');

  it('disables a quick fix whose file changed, with the reason, where the editor shows disabled actions', () => {
    expect(refuseStaleActions(actions, new Set([uriOf('needs/there.needs.yaml')]), reason, true)).toEqual([
      actions[0],
      { title: 'Create need UN-2 in there.needs.yaml', kind: 'quickfix', disabled: { reason: 'needs/there.needs.yaml changed on disk since reqtrace read it; reqtrace has re-read it — try the quick fix again.' } },
    ]);
  });

  it('leaves it out where the editor does not', () => {
    expect(refuseStaleActions(actions, new Set([uriOf('needs/there.needs.yaml')]), reason, false)).toEqual([actions[0]]);
  });

  it('names every file, changed or deleted', () => {
    const message = changedOnDiskMessage(
      folder,
      [
        { uri: uriOf('a%20b.reqs.yaml'), gone: false },
        { uri: uriOf('c.reqs.yaml'), gone: false },
        { uri: uriOf('d.itt.yaml'), gone: true },
      ],
      'the rename',
    );
    expect(message).toBe('a b.reqs.yaml and c.reqs.yaml changed on disk since reqtrace read them, and d.itt.yaml was deleted since reqtrace read it; reqtrace has caught up — try the rename again.');
  });
});
