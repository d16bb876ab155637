/**
 * A code lens on every item: its trace counts and state; clicking it shows the references. An item
 * with suspect links (to it, since it changed, or its own) gets a second: how many, showing them.
 */
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import type { Workspace } from '../../core/analysis/workspace';
import type { Item } from '../../core/model';
import { traceOf } from '../../core/query/trace';
import { isSuspect } from '../../core/query/review';
import { linesOf, toLocation, toRange, type OpenDocuments } from '../convert';
import { referenceLocations } from './navigation';

/** The command the client runs with (uri, position, locations) to show references. */
export const SHOW_REFERENCES_COMMAND = 'reqtrace.showReferences';

export function codeLenses(index: Workspace, params: CodeLensParams, open?: OpenDocuments): CodeLens[] {
  const file = index.file(params.textDocument.uri);
  if (!file) return [];
  const lines = linesOf(file, open);
  const fingerprintOf = (item: Item): string => index.context.fingerprint(item);
  return file.items.flatMap((item) => {
    const range = toRange(lines, item.idSpan);
    const lenses: CodeLens[] = [{ range, command: { title: lensTitle(index, item), command: SHOW_REFERENCES_COMMAND, arguments: [file.uri, range.start, referenceLocations(index, item.id, false)] } }];
    // Change control: the links to this item that are suspect since it changed, and its own suspect links.
    const incoming = index.referencesTo(item.id).filter((link) => isSuspect(index, link, fingerprintOf));
    const outgoing = item.links.filter((link) => isSuspect(index, link, fingerprintOf));
    const suspect = [...incoming, ...outgoing].sort((a, b) => (a.from.uri < b.from.uri ? -1 : a.from.uri > b.from.uri ? 1 : a.span.start - b.span.start));
    if (suspect.length > 0) {
      const title = `${count(suspect.length, 'suspect link')}${incoming.length > 0 && outgoing.length === 0 ? ' to it' : ''}`;
      lenses.push({ range, command: { title, command: SHOW_REFERENCES_COMMAND, arguments: [file.uri, range.start, suspect.map((link) => toLocation(index, link.from.uri, link.span))] } });
    }
    return lenses;
  });
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export function lensTitle(index: Workspace, item: Item): string {
  const trace = traceOf(index, item);
  const down = (field: string): number => trace.downstream.filter((d) => d.field === field).length;
  if (trace.state === 'withdrawn') return `withdrawn · ${count(index.referencesTo(item.id).length, 'link')} to it`;
  if (item.kind === 'needs') {
    const words = trace.state === 'traced' ? 'traced end to end' : trace.state === 'covered' ? 'not in the ITT' : 'not covered';
    return `${count(down('satisfies'), 'requirement')} · ${count(trace.viaClauses.length, 'clause')} · ${words}`;
  }
  if (item.kind === 'requirements') {
    const needs = trace.upstream.filter((u) => u.field === 'satisfies').length;
    const words = trace.state === 'covered' ? 'covered' : trace.state === 'waived' ? 'waived' : 'not covered';
    const children = down('parent');
    return `${count(needs, 'need')} · ${count(down('covers'), 'clause')}${children ? ` · ${count(children, 'child requirement')}` : ''} · ${words}`;
  }
  return trace.state === 'information' ? 'information only' : `${count(trace.upstream.length, 'requirement')}${trace.state === 'empty' ? ' · covers nothing' : ''}`;
}
