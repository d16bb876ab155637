/**
 * Quick fixes: take the suggested id, create a stub for a missing id, drop a link to a withdrawn
 * item, fix `kind`. Which fixes a finding offers is its rule's to say (RuleMeta.fixes).
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver';
import { removeLinkEdit, stubEdit, type FileEdit } from '../../core/query/edits';
import type { Workspace } from '../../core/analysis/workspace';
import { innerSpan, targetAt } from '../../core/query/lookup';
import { ruleFor } from '../../core/checks/registry';
import { baseName, KIND_NOUN, type Kind } from '../../core/model';
import type { ParsedFile } from '../../core/parse/parse';
import type { FixName } from '../../core/ruleMeta';
import { toOffset } from '../convert';
import { filesEditedBy, PLAIN_EDITS, workspaceEditOf, type EditOptions } from './rename';

export function codeActions(index: Workspace, params: CodeActionParams, options: EditOptions = PLAIN_EDITS): CodeAction[] {
  const file = index.file(params.textDocument.uri);
  if (!file) return [];
  const editOf = (edits: FileEdit[]): WorkspaceEdit => workspaceEditOf(index, edits, options);
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== 'reqtrace' || typeof diagnostic.code !== 'string') continue;
    // The registry says which fixes a finding's rule has; each fix says whether it applies here.
    const at: FixSite = { index, file, diagnostic, data: (diagnostic.data ?? {}) as FindingData, target: targetAt(file, toOffset(file, diagnostic.range.start, options.open)), editOf };
    for (const name of ruleFor(diagnostic.code)?.fixes ?? []) {
      const action = FIXES[name](at);
      if (action) actions.push(action);
    }
  }
  return actions;
}

type FindingData = { suggestion?: string; missingId?: string; targetKind?: Kind };

/** Where a fix is asked for: the finding, what it is on, and how to turn text edits into a workspace edit. */
interface FixSite {
  readonly index: Workspace;
  readonly file: ParsedFile;
  readonly diagnostic: Diagnostic;
  readonly data: FindingData;
  readonly target: ReturnType<typeof targetAt>;
  readonly editOf: (edits: FileEdit[]) => WorkspaceEdit;
}

const quickFix = (site: FixSite, title: string, edit: WorkspaceEdit, preferred = false): CodeAction => ({ title, kind: CodeActionKind.QuickFix, diagnostics: [site.diagnostic], edit, isPreferred: preferred });

/** Every quick fix a rule can name (RuleMeta.fixes), each written once. */
const FIXES: Record<FixName, (site: FixSite) => CodeAction | undefined> = {
  'use-suggested-id': (site) => {
    const { target, data, file } = site;
    if (target?.kind !== 'link' || !data.suggestion) return undefined;
    return quickFix(site, `Change to ${data.suggestion}`, site.editOf([{ uri: file.uri, span: innerSpan(file.text, target.link.span), newText: data.suggestion }]), true);
  },
  'create-missing-item': (site) => {
    const { target, data } = site;
    if (target?.kind !== 'link' || !data.missingId || !data.targetKind) return undefined;
    return stubAction(site.index, data.missingId, data.targetKind, site.file.uri, site.diagnostic, site.editOf);
  },
  'remove-link': (site) => {
    const { target, file } = site;
    if (target?.kind !== 'link') return undefined;
    return quickFix(site, `Remove the link to withdrawn ${target.link.to}`, site.editOf([removeLinkEdit(file.text, target.link)]), true);
  },
  'set-kind': (site) => {
    const { data, file } = site;
    if (!data.suggestion || !file.kindSpan) return undefined;
    return quickFix(site, `Change kind to ${data.suggestion}`, site.editOf([{ uri: file.uri, span: innerSpan(file.text, file.kindSpan), newText: data.suggestion }]), true);
  },
};

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
