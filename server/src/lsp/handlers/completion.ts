/** Completion: ids of the right kind in link fields, enum values from the schema, field names, new items. */
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList, type CompletionParams, type Range } from 'vscode-languageserver';
import { completionContext } from '../../core/query/completion';
import type { Workspace } from '../../core/analysis/workspace';
import { linkCandidates } from '../../core/query/linkCandidates';
import { itemAt } from '../../core/query/lookup';
import { KIND_NOUN, type Kind } from '../../core/model';
import { itemFields } from '../../core/parse/schema';
import { linesOf, toOffset, toRange, type OpenDocuments } from '../convert';

/** `stampLinks`: the workspace stamps links, so an id completed in a link list carries its item's fingerprint. */
export function completion(index: Workspace, params: CompletionParams, open?: OpenDocuments, stampLinks = false): CompletionList | null {
  const file = index.file(params.textDocument.uri);
  if (!file?.kind) return null;
  const offset = toOffset(file, params.position, open);
  const context = completionContext(file.text, offset, file.kind);
  if (!context) return null;
  const lines = linesOf(file, open);
  const range = toRange(lines, context.replace);
  const items: CompletionItem[] = [];
  const current = itemAt(file, offset);

  switch (context.type) {
    case 'link': {
      // Ids already in the list are not offered again, except the one being replaced.
      const exclude = new Set(current?.links.filter((l) => l.field === context.field && (offset < l.span.start || offset > l.span.end)).map((l) => l.to));
      const typed = file.text.slice(context.replace.start, offset);
      const { candidates, incomplete } = linkCandidates(index, { field: context.field, typed, from: current, uri: file.uri, exclude, limit: MAX_LINK_ITEMS });
      for (const { item, open: needsLink } of candidates) {
        items.push({
          label: item.id,
          // The description shows on every row, the detail only on the focused one (and where labelDetails is not supported).
          labelDetails: { detail: needsLink ? OPEN_NOTE[item.kind] : undefined, description: item.title },
          kind: CompletionItemKind.Reference,
          detail: item.title,
          documentation: item.text,
          filterText: `${item.id} ${item.title ?? ''}`,
          sortText: String(items.length).padStart(4, '0'),
          textEdit: { range, newText: stampLinks ? `${item.id}@${index.context.fingerprint(item)}` : item.id },
        });
      }
      // The editor comes back as the author types when the list was cut short.
      return { isIncomplete: incomplete, items };
    }
    case 'value':
      context.values.forEach((value, i) => items.push({ label: value, kind: CompletionItemKind.EnumMember, sortText: String(i).padStart(3, '0'), textEdit: { range, newText: value } }));
      break;
    case 'field': {
      const present = new Set<string>();
      if (current) {
        const body = file.text.slice(current.span.start, current.span.end);
        for (const match of body.matchAll(/^\s*(?:-\s+)?([\w-]+)\s*:/gm)) present.add(match[1] as string);
      }
      for (const field of itemFields(file.kind)) {
        if (present.has(field.name)) continue;
        items.push({
          label: field.name,
          kind: CompletionItemKind.Field,
          detail: field.required ? 'required' : 'optional',
          documentation: field.description,
          sortText: `${field.required ? 0 : 1}${field.name}`,
          textEdit: { range, newText: `${field.name}: ` },
        });
      }
      break;
    }
    case 'item': {
      const indent = /^\s*/.exec(file.text.slice(context.replace.start, context.replace.end))?.[0] ?? '';
      items.push(snippet(file.kind, indent, range));
      break;
    }
  }
  return { isIncomplete: false, items };
}

const MAX_LINK_ITEMS = 200;

/** Beside the id of a target that still needs a link, so the author sees why it is offered first. */
const OPEN_NOTE: Record<Kind, string> = { needs: ' · not met yet', requirements: ' · not asked of bidders', itt: '' };

const SNIPPET_BODY: Record<Kind, string[]> = {
  needs: ['id: ${1:UN-}', 'title: ${2:title}', 'as: ${3:a user group}', 'need: I need to ${4:do something}', 'so-that: ${5:a benefit}', 'departments: [${6|DWP,HO,MOJ,DEFRA|}]', 'priority: ${7|must,should,could,wont|}', 'status: draft'],
  requirements: ['id: ${1:REQ-}', 'title: ${2:title}', 'statement: The solution shall ${3:do something}', 'type: ${4|functional,non-functional|}', 'priority: ${5|must,should,could,wont|}', 'satisfies: [${6}]', 'status: draft'],
  itt: ['id: ${1:ITT-}', 'title: ${2:title}', 'text: ${3:Describe how your solution}', 'response: ${4|scored,pass-fail,information|}', 'weighting: ${5:5}', 'covers: [${6}]', 'status: draft'],
};

function snippet(kind: Kind, indent: string, range: Range): CompletionItem {
  const dash = indent.includes('-') ? indent : `${indent}- `;
  const keyIndent = ' '.repeat(dash.length);
  const body = SNIPPET_BODY[kind].map((line, i) => (i === 0 ? `${dash}${line}` : `${keyIndent}${line}`)).join('\n');
  return {
    label: `new ${KIND_NOUN[kind]}`,
    kind: CompletionItemKind.Snippet,
    detail: `A ${KIND_NOUN[kind]} with every required field`,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: body },
  };
}
