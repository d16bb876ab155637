/** Go to definition and find references: pure functions of the index and the request. */
import type { DefinitionParams, Location, ReferenceParams } from 'vscode-languageserver';
import type { Workspace } from '../../core/analysis/workspace';
import { targetAt, targetId } from '../../core/query/lookup';
import { LINK_TARGET } from '../../core/model';
import { toLocation, toOffset, type OpenDocuments } from '../convert';

/** From a link: the item it names. From an id: its other definitions and every link to it, so the editor peeks them. */
export function definition(index: Workspace, params: DefinitionParams, open?: OpenDocuments): Location[] | null {
  const file = index.file(params.textDocument.uri);
  if (!file) return null;
  const target = targetAt(file, toOffset(file, params.position, open));
  if (!target) return null;
  if (target.kind === 'link') {
    const wanted = LINK_TARGET[target.link.field];
    const defs = index.definitionsOf(target.link.to);
    const ordered = [...defs.filter((d) => d.kind === wanted), ...defs.filter((d) => d.kind !== wanted)];
    return ordered.map((item) => toLocation(index, item.uri, item.idSpan));
  }
  return referenceLocations(index, target.item.id, false);
}

export function references(index: Workspace, params: ReferenceParams, open?: OpenDocuments): Location[] | null {
  const file = index.file(params.textDocument.uri);
  if (!file) return null;
  const target = targetAt(file, toOffset(file, params.position, open));
  if (!target) return null;
  return referenceLocations(index, targetId(target), params.context.includeDeclaration);
}

export function referenceLocations(index: Workspace, id: string, includeDeclaration: boolean): Location[] {
  const locations: Location[] = [];
  if (includeDeclaration) for (const item of index.definitionsOf(id)) locations.push(toLocation(index, item.uri, item.idSpan));
  const links = [...index.referencesTo(id)].sort((a, b) => (a.from.uri < b.from.uri ? -1 : a.from.uri > b.from.uri ? 1 : a.span.start - b.span.start));
  for (const link of links) locations.push(toLocation(index, link.from.uri, link.span));
  return locations;
}
