/** Rename an id: one WorkspaceEdit for the definition and every link, in every file, open or not. */
import { ResponseError, ErrorCodes, type PrepareRenameParams, type Range, type RenameParams, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { renameEdits } from '../../core/edits';
import type { WorkspaceIndex } from '../../core/index';
import { innerSpan, targetAt, targetId } from '../../core/lookup';
import { linesOf, toOffset, toRange } from '../convert';

export function prepareRename(index: WorkspaceIndex, params: PrepareRenameParams): { range: Range; placeholder: string } | null {
  const file = index.file(params.textDocument.uri);
  if (!file) return null;
  const target = targetAt(file, toOffset(file, params.position));
  if (!target) throw new ResponseError(ErrorCodes.InvalidRequest, 'Only an id or a link to an id can be renamed here.');
  const span = innerSpan(file.text, target.kind === 'definition' ? target.item.idSpan : target.link.span);
  return { range: toRange(linesOf(file), span), placeholder: targetId(target) };
}

export function rename(index: WorkspaceIndex, params: RenameParams): WorkspaceEdit | null {
  const file = index.file(params.textDocument.uri);
  if (!file) return null;
  const target = targetAt(file, toOffset(file, params.position));
  if (!target) throw new ResponseError(ErrorCodes.InvalidRequest, 'Only an id or a link to an id can be renamed here.');
  const newId = params.newName.trim();
  const result = renameEdits(index, targetId(target), newId);
  if ('error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
  const changes: Record<string, TextEdit[]> = {};
  for (const edit of result.edits) {
    const editFile = index.file(edit.uri);
    if (!editFile) continue;
    (changes[edit.uri] ??= []).push({ range: toRange(linesOf(editFile), edit.span), newText: edit.newText });
  }
  return { changes };
}
