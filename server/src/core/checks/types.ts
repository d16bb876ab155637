import type { WorkspaceIndex } from '../index';
import type { Finding, Item, Link } from '../model';
import { LINK_TARGET, isWithdrawn } from '../model';
import type { ParsedFile } from '../parse';

/** Every rule has this one signature: it reads the index and reports on one file. */
export type Check = (index: WorkspaceIndex, file: ParsedFile) => Finding[];

export type Resolution =
  | { readonly state: 'missing' }
  | { readonly state: 'wrong-kind'; readonly target: Item }
  | { readonly state: 'ok'; readonly target: Item };

/** What a link points to: nothing, an item of the wrong kind, or the item it should. */
export function resolveLink(index: WorkspaceIndex, link: Link): Resolution {
  const defs = index.definitionsOf(link.to);
  const first = defs[0];
  if (!first) return { state: 'missing' };
  const target = defs.find((d) => d.kind === LINK_TARGET[link.field]);
  return target ? { state: 'ok', target } : { state: 'wrong-kind', target: first };
}

/** True when a live item of the right kind answers this link. */
export function isLiveLink(index: WorkspaceIndex, link: Link): boolean {
  const resolution = resolveLink(index, link);
  return resolution.state === 'ok' && !isWithdrawn(resolution.target);
}

/** Every link of a file, in order (a plain list: checks walk it on every keystroke). */
export function linksOf(file: ParsedFile): Link[] {
  const links: Link[] = [];
  for (const item of file.items) for (const link of item.links) links.push(link);
  return links;
}
