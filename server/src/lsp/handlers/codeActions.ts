/**
 * Quick fixes: take the suggested id, create a stub for a missing id, drop a link to a withdrawn
 * item, fix `kind`, and a fix for every coverage gap (a waiver, a clause to ask bidders in, a
 * requirement for a need, a need to satisfy) and for missing fields. Which fixes a finding offers
 * is its rule's to say (RuleMeta.fixes); the edits are worked out in the core (query/edits.ts,
 * query/fixes.ts), and placeholders become a snippet where the editor takes one.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type SnippetTextEdit, type TextDocumentEdit, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { removeLinkEdit, stubEdit, type FileEdit } from '../../core/query/edits';
import { coverInClauseOptions, missingFieldsEdit, plainEdit, satisfyingRequirementEdit, satisfyNeedOptions, waiverEdit, type StampOf, type Template, type TemplateEdit } from '../../core/query/fixes';
import type { Workspace } from '../../core/analysis/workspace';
import { innerSpan, itemAt, linkIdSpan, targetAt } from '../../core/query/lookup';
import { markReviewedEdit, stampLinkEdit, stampSuspectLinksTo, targetOf } from '../../core/query/review';
import { ruleFor } from '../../core/checks/registry';
import { baseName, KIND_NOUN, type Finding, type Item, type Kind } from '../../core/model';
import type { ParsedFile } from '../../core/parse/parse';
import type { FixName } from '../../core/ruleMeta';
import { linesOf, toOffset, toRange } from '../convert';
import { filesEditedBy, PLAIN_EDITS, workspaceEditOf, type EditOptions } from './rename';

/** What the editor takes for quick fixes, beyond what any edit needs. */
export interface CodeActionOptions extends EditOptions {
  /** The editor takes snippets in workspace edits (LSP 3.18 `workspaceEdit.snippetEditSupport`). */
  readonly snippetEdits?: boolean;
  /** The workspace stamps links: a link a fix adds carries its target's fingerprint. */
  readonly stampLinks?: boolean;
}

export function codeActions(index: Workspace, params: CodeActionParams, options: CodeActionOptions = PLAIN_EDITS): CodeAction[] {
  const file = index.file(params.textDocument.uri);
  if (!file) return [];
  const editOf = (edits: FileEdit[]): WorkspaceEdit => workspaceEditOf(index, edits, options);
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== 'reqtrace' || typeof diagnostic.code !== 'string') continue;
    // The registry says which fixes a finding's rule has; each fix says whether it applies here.
    const offset = toOffset(file, diagnostic.range.start, options.open);
    const at: FixSite = {
      index,
      file,
      diagnostic,
      offset,
      data: (diagnostic.data ?? {}) as FindingData,
      target: targetAt(file, offset),
      editOf,
      templateEditOf: (edits) => templateEditOf(index, file, edits, options),
      stampOf: options.stampLinks ? (item) => index.context.fingerprint(item) : undefined,
    };
    for (const name of ruleFor(diagnostic.code)?.fixes ?? []) {
      for (const action of asList(FIXES[name](at))) {
        // Findings on one place (an item's missing fields) offer the same fix once, for them all.
        const same = actions.find((other) => other.title === action.title && JSON.stringify(other.edit) === JSON.stringify(action.edit));
        if (same) same.diagnostics = [...(same.diagnostics ?? []), diagnostic];
        else actions.push(action);
      }
    }
  }
  return actions;
}

const asList = (result: CodeAction | CodeAction[] | undefined): CodeAction[] => (result === undefined ? [] : Array.isArray(result) ? result : [result]);

type FindingData = NonNullable<Finding['data']>;

/** Where a fix is asked for: the finding, what it is on, and how to turn text edits into a workspace edit. */
interface FixSite {
  readonly index: Workspace;
  readonly file: ParsedFile;
  readonly diagnostic: Diagnostic;
  /** Where the finding starts in the file. */
  readonly offset: number;
  readonly data: FindingData;
  readonly target: ReturnType<typeof targetAt>;
  readonly editOf: (edits: FileEdit[]) => WorkspaceEdit;
  /** Edits with placeholders: a snippet in the document the fix is asked in, where the editor takes one. */
  readonly templateEditOf: (edits: TemplateEdit[]) => WorkspaceEdit;
  /** The stamp a new link is written with, in a workspace that stamps links. */
  readonly stampOf: StampOf | undefined;
}

const quickFix = (site: FixSite, title: string, edit: WorkspaceEdit, preferred = false): CodeAction => ({ title, kind: CodeActionKind.QuickFix, diagnostics: [site.diagnostic], edit, isPreferred: preferred });

/** The item whose id the finding is on, when it is of `kind`. */
function itemOf(site: FixSite, kind: Kind): Item | undefined {
  const { target } = site;
  return target?.kind === 'definition' && target.item.kind === kind ? target.item : undefined;
}

/** Every quick fix a rule can name (RuleMeta.fixes), each written once. */
const FIXES: Record<FixName, (site: FixSite) => CodeAction | CodeAction[] | undefined> = {
  'use-suggested-id': (site) => {
    const { target, data, file } = site;
    if (target?.kind !== 'link' || !data.suggestion) return undefined;
    return quickFix(site, `Change to ${data.suggestion}`, site.editOf([{ uri: file.uri, span: linkIdSpan(file.text, target.link), newText: data.suggestion }]), true);
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
  'add-waiver': (site) => {
    const requirement = itemOf(site, 'requirements');
    const edit = requirement && waiverEdit(site.file, requirement);
    return edit && quickFix(site, `Add a waiver to ${requirement.id}`, site.templateEditOf([edit]));
  },
  'cover-in-clause': (site) => {
    const requirement = itemOf(site, 'requirements');
    if (!requirement) return undefined;
    return coverInClauseOptions(site.index, requirement, site.stampOf).map(({ clause, edit }) => quickFix(site, `Ask bidders in clause ${clause.id}${clause.title ? ` "${clause.title}"` : ''}`, site.editOf([edit])));
  },
  'create-satisfying-requirement': (site) => {
    const need = itemOf(site, 'needs');
    if (!need) return undefined;
    const created = satisfyingRequirementEdit(site.index, need, site.stampOf);
    const title = `Create a requirement that satisfies ${need.id}`;
    if ('edit' in created) return quickFix(site, `${title} (${created.id} in ${baseName(created.edit.uri)})`, site.templateEditOf([created.edit]));
    return quickFix(site, `${title} (${created.id} in a new file ${baseName(created.createUri)})`, createFileEdit(created.createUri, created.text));
  },
  'add-missing-fields': (site) => {
    const fields = site.data.missingFields;
    if (!fields || fields.length === 0) return undefined;
    const edit = missingFieldsEdit(site.index, site.file, site.offset, fields);
    return edit && quickFix(site, `Add the missing ${fields.length === 1 ? 'field' : 'fields'}: ${fields.join(', ')}`, site.templateEditOf([edit]), true);
  },
  'mark-link-reviewed': (site) => {
    const { target, index } = site;
    const link = target?.kind === 'link' ? target.link : undefined;
    const linked = link && targetOf(index, link);
    const edit = link && linked && stampLinkEdit(index, link, index.context.fingerprint(linked));
    return edit && quickFix(site, `Mark the link to ${link.to} reviewed`, site.editOf([edit]), true);
  },
  'mark-links-to-reviewed': (site) => {
    const { target, index } = site;
    if (target?.kind !== 'link') return undefined;
    const edits = stampSuspectLinksTo(index, target.link.to, (item) => index.context.fingerprint(item));
    // One suspect link is the fix above; this one is for marking them all at once.
    if (edits.length < 2) return undefined;
    return quickFix(site, `Mark all ${edits.length} suspect links to ${target.link.to} reviewed`, site.editOf(edits));
  },
  'mark-item-reviewed': (site) => {
    const item = itemAt(site.file, site.offset);
    const edit = item && markReviewedEdit(site.index, item, site.index.context.fingerprint(item));
    return edit && quickFix(site, `Mark ${item.id} reviewed`, site.editOf([edit]), true);
  },
  'satisfy-need': (site) => {
    const requirement = itemOf(site, 'requirements');
    if (!requirement) return undefined;
    return satisfyNeedOptions(site.index, requirement, site.stampOf).map(({ need, edit }) => quickFix(site, `Satisfy ${need.id}${need.title ? ` "${need.title}"` : ''}`, site.editOf([edit])));
  },
};

/**
 * The protocol form of edits with placeholders. In the document the fix is asked in, and where the
 * editor takes snippets, an edit with placeholders is a snippet (its placeholders tab stops, the
 * first selected) — unless it spans lines and starts mid-line: VS Code indents every line of a
 * snippet after the first by the indentation of the line it starts on, which would indent those
 * lines twice. Everything else is plain text, each placeholder its own text.
 */
function templateEditOf(index: Workspace, file: ParsedFile, edits: readonly TemplateEdit[], options: CodeActionOptions): WorkspaceEdit {
  const asSnippet = (edit: TemplateEdit): boolean =>
    options.snippetEdits === true &&
    edit.uri === file.uri &&
    edit.template.some((part) => typeof part !== 'string') &&
    (!edit.template.some((part) => typeof part === 'string' && /[\r\n]/.test(part)) || edit.span.start === 0 || /[\r\n]/.test(file.text[edit.span.start - 1] ?? ''));
  if (!edits.some(asSnippet)) return workspaceEditOf(index, edits.map(plainEdit), options);
  const byFile = new Map<string, (TextEdit | SnippetTextEdit)[]>();
  for (const edit of edits) {
    const target = index.file(edit.uri);
    if (!target) continue;
    const range = toRange(linesOf(target, options.open), edit.span);
    const list = byFile.get(edit.uri) ?? [];
    list.push(asSnippet(edit) ? { range, snippet: { kind: 'snippet', value: snippetOf(edit.template) } } : { range, newText: plainEdit(edit).newText });
    byFile.set(edit.uri, list);
  }
  // A snippet goes only in documentChanges; each file names its open version (null when not open).
  const documentChanges: TextDocumentEdit[] = [...byFile].map(([uri, fileEdits]) => ({ textDocument: { uri, version: options.versionOf(uri) ?? null }, edits: fileEdits }));
  return { documentChanges };
}

/** A template in the snippet syntax of LSP: each placeholder a numbered tab stop, a choice where it has choices. */
export function snippetOf(template: Template): string {
  let stop = 0;
  const escape = (text: string, special: RegExp): string => text.replace(special, (c) => `\\${c}`);
  return template
    .map((part) => {
      if (typeof part === 'string') return escape(part, /[\\$}]/g);
      stop++;
      if (part.choices) return `\${${stop}|${part.choices.map((choice) => escape(choice, /[\\,|]/g)).join(',')}|}`;
      return part.text === '' ? `\${${stop}}` : `\${${stop}:${escape(part.text, /[\\$}]/g)}}`;
    })
    .join('');
}

/** A workspace edit that creates a file with `text`: without ignoreIfExists it fails, rather than writes into, a file that appeared meanwhile. */
function createFileEdit(uri: string, text: string): WorkspaceEdit {
  return {
    documentChanges: [
      { kind: 'create', uri },
      { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] },
    ],
  };
}

function stubAction(index: Workspace, id: string, kind: Kind, nearUri: string, diagnostic: Diagnostic, editOf: (edits: FileEdit[]) => WorkspaceEdit): CodeAction {
  const stub = stubEdit(index, id, kind, nearUri);
  if ('edit' in stub) {
    return { title: `Create ${KIND_NOUN[kind]} ${id} in ${baseName(stub.edit.uri)}`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: editOf([stub.edit]) };
  }
  return { title: `Create ${KIND_NOUN[kind]} ${id} in a new file ${baseName(stub.createUri)}`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: createFileEdit(stub.createUri, stub.text) };
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
