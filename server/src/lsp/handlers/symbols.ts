/** The outline of a file and Ctrl+T across the workspace: every item by id and title, no cap. */
import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams, type SymbolInformation, type WorkspaceSymbolParams } from 'vscode-languageserver';
import { compareItems } from '../../core/order';
import type { Workspace } from '../../core/analysis/workspace';
import type { Item, Kind } from '../../core/model';
import { linesOf, toLocation, toRange, type OpenDocuments } from '../convert';

const SYMBOL_KIND: Record<Kind, SymbolKind> = { needs: SymbolKind.Interface, requirements: SymbolKind.Class, itt: SymbolKind.Method };

export function documentSymbols(index: Workspace, params: DocumentSymbolParams, open?: OpenDocuments): DocumentSymbol[] {
  const file = index.file(params.textDocument.uri);
  if (!file) return [];
  const lines = linesOf(file, open);
  return file.items.map((item) => ({
    name: item.id,
    detail: item.title ?? '',
    kind: SYMBOL_KIND[item.kind],
    range: toRange(lines, item.span),
    selectionRange: toRange(lines, item.idSpan),
    ...(item.status === 'withdrawn' ? { tags: [1] } : {}),
  }));
}

export function workspaceSymbols(index: Workspace, params: WorkspaceSymbolParams): SymbolInformation[] {
  const query = params.query.toLowerCase().replace(/\s+/g, '');
  const matches: Item[] = [];
  for (const item of index.allItems()) {
    if (query === '' || isSubsequence(query, `${item.id} ${item.title ?? ''}`.toLowerCase())) matches.push(item);
  }
  matches.sort(compareItems);
  return matches.map((item) => ({
    name: item.title ? `${item.id} ${item.title}` : item.id,
    kind: SYMBOL_KIND[item.kind],
    location: toLocation(index, item.uri, item.idSpan),
    containerName: item.kind,
  }));
}

/** True when the characters of `query` appear in `text` in order (a fuzzy match). */
function isSubsequence(query: string, text: string): boolean {
  let i = 0;
  for (let j = 0; j < text.length && i < query.length; j++) if (text[j] === query[i]) i++;
  return i === query.length;
}
