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

export interface ResolvedLink {
  readonly link: Link;
  readonly resolution: Resolution;
}

const resolved = new WeakMap<ParsedFile, { readonly generation: number; readonly index: WorkspaceIndex; readonly links: ResolvedLink[] }>();

/**
 * Every link of a file, in order, with what it points to. Several checks walk the same links, so the
 * list is kept until the index changes.
 */
export function resolvedLinks(index: WorkspaceIndex, file: ParsedFile): readonly ResolvedLink[] {
  const cached = resolved.get(file);
  if (cached && cached.index === index && cached.generation === index.generation) return cached.links;
  const links: ResolvedLink[] = [];
  for (const item of file.items) for (const link of item.links) links.push({ link, resolution: resolveLink(index, link) });
  resolved.set(file, { generation: index.generation, index, links });
  return links;
}
