/** Quick fixes: take the suggested id, create a stub for a missing id, drop a link to a withdrawn item, fix `kind`. */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver';
import { removeLinkEdit, stubEdit, type FileEdit } from '../../core/query/edits';
import type { Workspace } from '../../core/analysis/workspace';
import { innerSpan, targetAt } from '../../core/query/lookup';
import { baseName, KIND_NOUN, type Kind } from '../../core/model';
import { toOffset } from '../convert';
import { filesEditedBy, PLAIN_EDITS, workspaceEditOf, type EditOptions } from './rename';

export function codeActions(index: Workspace, params: CodeActionParams, options: EditOptions = PLAIN_EDITS): CodeAction[] {
  const file = index.file(params.textDocument.uri);
  if (!file) return [];
  const actions: CodeAction[] = [];
  const editOf = (edits: FileEdit[]): WorkspaceEdit => workspaceEditOf(index, edits, options);
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== 'reqtrace') continue;
    const data = (diagnostic.data ?? {}) as { suggestion?: string; missingId?: string; targetKind?: Kind };
    const offset = toOffset(file, diagnostic.range.start);
    const target = targetAt(file, offset);
    const fix = (title: string, edit: WorkspaceEdit, preferred = false): CodeAction => ({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit, isPreferred: preferred });

    if (diagnostic.code === 'broken-link' && target?.kind === 'link') {
      if (data.suggestion) {
        actions.push(fix(`Change to ${data.suggestion}`, editOf([{ uri: file.uri, span: innerSpan(file.text, target.link.span), newText: data.suggestion }]), true));
      }
      if (data.missingId && data.targetKind) actions.push(stubAction(index, data.missingId, data.targetKind, file.uri, diagnostic, editOf));
    }
    if (diagnostic.code === 'withdrawn-link' && target?.kind === 'link') {
      actions.push(fix(`Remove the link to withdrawn ${target.link.to}`, editOf([removeLinkEdit(file.text, target.link)]), true));
    }
    if (diagnostic.code === 'kind-mismatch' && data.suggestion && file.kindSpan) {
      actions.push(fix(`Change kind to ${data.suggestion}`, editOf([{ uri: file.uri, span: innerSpan(file.text, file.kindSpan), newText: data.suggestion }]), true));
    }
  }
  return actions;
}

function stubAction(index: Workspace, id: string, kind: Kind, nearUri: string, diagnostic: Diagnostic, editOf: (edits: FileEdit[]) => WorkspaceEdit): CodeAction {
  const stub = stubEdit(index, id, kind, nearUri);
  if ('edit' in stub) {
    return { title: `Create ${KIND_NOUN[kind]} ${id} in ${baseName(stub.edit.uri)}`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: editOf([stub.edit]) };
  }
  return {
    title: `Create ${KIND_NOUN[kind]} ${id} in a new file ${baseName(stub.createUri)}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: {
      documentChanges: [
        // Without ignoreIfExists the edit fails, rather than writes into, a file that appeared meanwhile.
        { kind: 'create', uri: stub.createUri },
        { textDocument: { uri: stub.createUri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: stub.text }] },
      ],
    },
  };
}

/**
 * The actions, with each one whose edit touches a file of `changed` refused: disabled with the
 * reason where the editor shows disabled actions (it greys them out), left out where it does not.
 */
export function refuseStaleActions(actions: readonly CodeAction[], changed: ReadonlySet<string>, reasonFor: (uris: string[]) => string, canDisable: boolean): CodeAction[] {
  return actions.flatMap((action): CodeAction[] => {
    const stale = action.edit ? filesEditedBy(action.edit).filter((uri) => changed.has(uri)) : [];
    if (stale.length === 0) return [action];
    if (!canDisable) return [];
    return [{ title: action.title, kind: action.kind, diagnostics: action.diagnostics, disabled: { reason: reasonFor(stale) } }];
  });
}
