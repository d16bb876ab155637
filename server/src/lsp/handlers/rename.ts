/** Rename an id: one WorkspaceEdit for the definition and every link, in every file, open or not. */
import {
  ResponseError,
  ErrorCodes,
  type PrepareRenameParams,
  type Range,
  type RenameParams,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { renameEdits, type FileEdit } from '../../core/query/edits';
import type { Workspace } from '../../core/analysis/workspace';
import { innerSpan, linkIdSpan, targetAt, targetId } from '../../core/query/lookup';
import { linesOf, toOffset, toRange, type OpenDocuments } from '../convert';

/** What the editor takes, for edits it can check against the documents it has open. */
export interface EditOptions {
  /** The editor accepts `documentChanges`, whose versions let it refuse an edit made for an older text. */
  readonly documentChanges: boolean;
  /** The version of an open document, as the index has it; undefined when the file is not open. */
  readonly versionOf: (uri: string) => number | undefined;
  /** The documents open in the editor, whose own line tables place the edits (see linesOf). */
  readonly open?: OpenDocuments;
}

/** Edits for files that are not open, as plain `changes`: no version to carry. */
export const PLAIN_EDITS: EditOptions = { documentChanges: false, versionOf: () => undefined };

export function prepareRename(index: Workspace, params: PrepareRenameParams, open?: OpenDocuments): { range: Range; placeholder: string } | null {
  const file = index.file(params.textDocument.uri);
  if (!file) return null;
  const target = targetAt(file, toOffset(file, params.position, open));
  if (!target) throw new ResponseError(ErrorCodes.InvalidRequest, 'Only an id or a link to an id can be renamed here.');
  const span = target.kind === 'definition' ? innerSpan(file.text, target.item.idSpan) : linkIdSpan(file.text, target.link);
  return { range: toRange(linesOf(file, open), span), placeholder: targetId(target) };
}

export function rename(index: Workspace, params: RenameParams, options: EditOptions = PLAIN_EDITS): WorkspaceEdit | null {
  const file = index.file(params.textDocument.uri);
  if (!file) return null;
  const target = targetAt(file, toOffset(file, params.position, options.open));
  if (!target) throw new ResponseError(ErrorCodes.InvalidRequest, 'Only an id or a link to an id can be renamed here.');
  const newId = params.newName.trim();
  const result = renameEdits(index, targetId(target), newId);
  if ('error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
  return workspaceEditOf(index, result.edits, options);
}

/**
 * The protocol form of edits worked out from the index. When an open document is among the files
 * and the editor takes `documentChanges`, each file's edits carry the version they were made for
 * (null for a file that is not open), so that an editor that checks versions (Neovim, Emacs)
 * refuses them if the document has moved on.
 */
export function workspaceEditOf(index: Workspace, edits: readonly FileEdit[], options: EditOptions): WorkspaceEdit {
  const byFile = new Map<string, TextEdit[]>();
  for (const edit of edits) {
    const file = index.file(edit.uri);
    if (!file) continue;
    let list = byFile.get(edit.uri);
    if (!list) byFile.set(edit.uri, (list = []));
    list.push({ range: toRange(linesOf(file, options.open), edit.span), newText: edit.newText });
  }
  const versioned = options.documentChanges && [...byFile.keys()].some((uri) => options.versionOf(uri) !== undefined);
  if (!versioned) return { changes: Object.fromEntries(byFile) };
  const documentChanges: TextDocumentEdit[] = [...byFile].map(([uri, fileEdits]) => ({ textDocument: { uri, version: options.versionOf(uri) ?? null }, edits: fileEdits }));
  return { documentChanges };
}

/** Every file a WorkspaceEdit changes the text of (not files it creates). */
export function filesEditedBy(edit: WorkspaceEdit): string[] {
  const uris = new Set(Object.keys(edit.changes ?? {}));
  for (const change of edit.documentChanges ?? []) if ('textDocument' in change) uris.add(change.textDocument.uri);
  return [...uris];
}
