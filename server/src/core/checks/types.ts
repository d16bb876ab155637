import type { Workspace } from '../analysis/workspace';
import type { Finding, Item, Link } from '../model';
import { LINK_TARGET, isWithdrawn } from '../model';
import type { ParsedFile } from '../parse/parse';

/**
 * Every rule has this one signature: it reads the index and reports on one file. A rule reports
 * each finding inside the item it is about, reading only that item, what its links and id resolve
 * to, and its parent chain — or, for a finding about the file, outside every item, reading only the
 * file's own fields. Run on the file cut down to some of its items, it reports on those items only:
 * an edit's findings are worked out that way for the items it reached (see core/analysis/carry.ts).
 * It reads nothing but the index: a start on byte-for-byte the same files reuses the last start's
 * findings (see ParseCache.resultsKey), so a rule that came to read anything else (a setting, the
 * git state, the date) would need that added to the key.
 */
export type Check = (index: Workspace, file: ParsedFile) => Finding[];

export type Resolution =
  | { readonly state: 'missing' }
  | { readonly state: 'wrong-kind'; readonly target: Item }
  | { readonly state: 'ok'; readonly target: Item };

/** What a link points to: nothing, an item of the wrong kind, or the item it should. */
export function resolveLink(index: Workspace, link: Link): Resolution {
  const defs = index.definitionsOf(link.to);
  const first = defs[0];
  if (!first) return { state: 'missing' };
  const target = defs.find((d) => d.kind === LINK_TARGET[link.field]);
  return target ? { state: 'ok', target } : { state: 'wrong-kind', target: first };
}

/** True when a live item of the right kind answers this link. */
export function isLiveLink(index: Workspace, link: Link): boolean {
  const resolution = resolveLink(index, link);
  return resolution.state === 'ok' && !isWithdrawn(resolution.target);
}

export interface ResolvedLink {
  readonly link: Link;
  readonly resolution: Resolution;
}

/** The last file's resolved links: the link checks of one file share it, and nothing more is kept. */
let last: { readonly file: ParsedFile; readonly index: Workspace; readonly generation: number; readonly links: ResolvedLink[] } | undefined;

/**
 * Every link of a file, in order, with what it points to. The link checks of a file walk the same
 * list, so it is worked out once per file and index state.
 */
export function resolvedLinks(index: Workspace, file: ParsedFile): readonly ResolvedLink[] {
  if (last && last.file === file && last.index === index && last.generation === index.generation) return last.links;
  const links: ResolvedLink[] = [];
  for (const item of file.items) for (const link of item.links) links.push({ link, resolution: resolveLink(index, link) });
  last = { file, index, generation: index.generation, links };
  return links;
}
