/**
 * carryFindings: the check findings of a file after an edit that changed nothing any check reads
 * outside the edited entries — every item kept, moved, or changed only in fields no link depends
 * on (typing in a title, say). Findings of the untouched items are carried over, moved with their
 * item; the checks run again only on the edited entries (and on the file as a whole, for findings
 * about the file rather than an item). A keystroke in a 2,000-item file then checks one item
 * instead of 2,000. Anything it cannot place returns undefined: check the whole file.
 */
import type { Finding, Item, RelatedInformation, Span } from './model';
import type { ParsedFile } from './parse';

export function carryFindings(
  previous: ParsedFile,
  findings: readonly Finding[],
  next: ParsedFile,
  /** Each old item that left, paired with the new item of the same id and link signature. */
  twins: ReadonlyMap<Item, Item>,
  /** The checks' findings for the new file cut down to these items. */
  recheck: (items: Item[]) => readonly Finding[],
): Finding[] | undefined {
  if (previous.items.length !== next.items.length) return undefined;
  const kept = new Set(next.items);
  // How far each old item moved; no entry for an item whose text changed.
  const shifts = new Map<Item, number>();
  const edited: Item[] = [];
  for (const item of previous.items) {
    if (kept.has(item)) {
      shifts.set(item, 0);
      continue;
    }
    const twin = twins.get(item);
    if (!twin) return undefined;
    if (previous.text.slice(item.span.start, item.span.end) === next.text.slice(twin.span.start, twin.span.end)) shifts.set(item, twin.span.start - item.span.start);
    else edited.push(twin);
  }

  const ownerOf = (span: Span): Item | undefined => {
    const items = previous.items;
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
  };
  const moved = (span: Span, by: number): Span => (by === 0 ? span : { start: span.start + by, end: span.end + by });

  const carried: Finding[] = [];
  for (const finding of findings) {
    const owner = ownerOf(finding.span);
    const by = owner && shifts.get(owner);
    // Findings about the file rather than one item, and the edited items' findings, are worked out again below.
    if (by === undefined) continue;
    let related = finding.related;
    if (related?.some((r) => r.uri === next.uri)) {
      const inFile: RelatedInformation[] = [];
      for (const r of related) {
        const target = r.uri === next.uri ? ownerOf(r.span) : undefined;
        const targetBy = target && shifts.get(target);
        if (r.uri === next.uri && targetBy === undefined) return undefined;
        inFile.push(targetBy ? { ...r, span: moved(r.span, targetBy) } : r);
      }
      related = inFile;
    }
    carried.push(by === 0 && related === finding.related ? finding : { ...finding, span: moved(finding.span, by), ...(related && { related }) });
  }
  carried.push(...recheck(edited));
  return carried;
}
