/**
 * carryFindings: the check findings of a file after an edit that kept its ids in order — typing in
 * a title, a priority or a link, say. Findings of the items the edit could not affect are carried
 * over, moved with their item; the checks run again on the rest (and on the file as a whole, for
 * findings about the file rather than an item): the items whose text changed, and those `affected`
 * says the edit can reach (the index knows: its id or a link names an id the edit (re)defined or
 * (un)linked, or its parent chain runs through one). A keystroke in a 2,000-item file then checks a
 * few items instead of 2,000. The same carries a file's findings over an edit elsewhere that reached
 * some of its items (a need reworded: the requirements that satisfy it), `next` then being `previous`.
 * Anything it cannot place returns undefined: check the whole file.
 */
import type { Finding, Item, RelatedInformation, Span } from '../model';
import type { ParsedFile } from '../parse/parse';

export function carryFindings(
  previous: ParsedFile,
  findings: readonly Finding[],
  next: ParsedFile,
  affected: (item: Item) => boolean,
  /** The checks' findings for the new file cut down to these items. */
  recheck: (items: Item[]) => readonly Finding[],
): Finding[] | undefined {
  if (previous.items.length !== next.items.length || !selfContained(previous) || !selfContained(next)) return undefined;
  // Items a partial re-parse only moved need no comparing (a file re-parsed from this one says which).
  const tail = next !== previous ? next.moved : undefined;
  // How far each old item moved; no entry for an item whose findings are worked out again.
  const shifts = new Map<Item, number>();
  const again: Item[] = [];
  for (const [i, item] of previous.items.entries()) {
    const now = next.items[i] as Item;
    if (now.id !== item.id || now.kind !== item.kind) return undefined;
    const reached = affected(now);
    if (!reached && now === item) shifts.set(item, 0);
    else if (!reached && tail && item.span.start >= tail.oldStart && now.span.start === item.span.start + tail.by) shifts.set(item, tail.by);
    else if (!reached && previous.text.slice(item.span.start, item.span.end) === next.text.slice(now.span.start, now.span.end)) shifts.set(item, now.span.start - item.span.start);
    else again.push(now);
  }

  const moved = (span: Span, by: number): Span => (by === 0 ? span : { start: span.start + by, end: span.end + by });

  const carried: Finding[] = [];
  for (const finding of findings) {
    const owner = ownerOf(previous.items, finding.span);
    const by = owner && shifts.get(owner);
    // Findings about the file rather than one item, and the edited items' findings, are worked out again below.
    if (by === undefined) continue;
    let related = finding.related;
    if (related?.some((r) => r.uri === next.uri)) {
      const inFile: RelatedInformation[] = [];
      for (const r of related) {
        const target = r.uri === next.uri ? ownerOf(previous.items, r.span) : undefined;
        const targetBy = target && shifts.get(target);
        if (r.uri === next.uri && targetBy === undefined) return undefined;
        inFile.push(targetBy ? { ...r, span: moved(r.span, targetBy) } : r);
      }
      related = inFile;
    }
    carried.push(by === 0 && related === finding.related ? finding : { ...finding, span: moved(finding.span, by), ...(related && { related }) });
  }
  carried.push(...recheck(again));
  return carried;
}

/**
 * The check findings of a file that has not changed, after edits elsewhere reached some of its items
 * (`stale`): the findings of the rules that read what those edits changed (`codes`) are worked out
 * again for those items and for the file as a whole (`recheck`, the rules of those codes on the file
 * cut down to those items); every other finding stands as it was.
 */
export function refreshFindings(file: ParsedFile, findings: readonly Finding[], stale: ReadonlySet<Item>, codes: ReadonlySet<string>, recheck: (items: Item[]) => readonly Finding[]): Finding[] {
  const kept = findings.filter((finding) => {
    if (!codes.has(finding.code)) return true;
    const owner = ownerOf(file.items, finding.span);
    return owner !== undefined && !stale.has(owner);
  });
  return [...kept, ...recheck(file.items.filter((item) => stale.has(item)))];
}

/** The item of `items` (in file order) that `span` lies inside, if any: the item a finding there is about. */
export function ownerOf(items: readonly Item[], span: Span): Item | undefined {
  let lo = 0;
  let hi = items.length - 1;
  let found: Item | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = items[mid] as Item;
    if (item.span.start <= span.start) {
      found = item;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found && span.end <= found.span.end ? found : undefined;
}

/**
 * True when every item's id and links lie inside the item, where the findings about it go. An item
 * read through a YAML alias spans the alias, while its id stays where the anchor is.
 */
function selfContained(file: ParsedFile): boolean {
  const inside = (span: Span, item: Item): boolean => item.span.start <= span.start && span.end <= item.span.end;
  return file.items.every((item) => inside(item.idSpan, item) && item.links.every((link) => inside(link.span, item)));
}
