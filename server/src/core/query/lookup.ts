/** What sits at an offset in a file: an item's id, or a link to an id. */
import type { Item, Link } from '../model';
import type { ParsedFile } from '../parse/parse';

export type Target = { readonly kind: 'definition'; readonly item: Item } | { readonly kind: 'link'; readonly link: Link };

/** The id or link under `offset` (touching either end counts, as a cursor after the last character does). */
export function targetAt(file: ParsedFile, offset: number): Target | undefined {
  for (const item of file.items) {
    if (offset < item.span.start || offset > item.span.end) continue;
    if (offset >= item.idSpan.start && offset <= item.idSpan.end) return { kind: 'definition', item };
    for (const link of item.links) if (offset >= link.span.start && offset <= link.span.end) return { kind: 'link', link };
  }
  return undefined;
}

/** The id a target names. */
export function targetId(target: Target): string {
  return target.kind === 'definition' ? target.item.id : target.link.to;
}

/** The item whose mapping contains `offset`, if any. */
export function itemAt(file: ParsedFile, offset: number): Item | undefined {
  return file.items.find((item) => offset >= item.span.start && offset <= item.span.end);
}

/** The span of a scalar's text without its quotes, for edits that replace the value. */
export function innerSpan(text: string, span: { start: number; end: number }): { start: number; end: number } {
  const first = text[span.start];
  if ((first === '"' || first === "'") && span.end - span.start >= 2 && text[span.end - 1] === first) return { start: span.start + 1, end: span.end - 1 };
  return span;
}

/**
 * Where a link's id is written: inside the quotes, and before '@' when the link carries a stamp
 * (a rename or a corrected id keeps the stamp).
 */
export function linkIdSpan(text: string, link: Link): { start: number; end: number } {
  const inner = innerSpan(text, link.span);
  if (link.stamp === undefined || text.slice(inner.start, inner.start + link.to.length) !== link.to) return inner;
  return { start: inner.start, end: inner.start + link.to.length };
}

/** Where a link's stamp is written (after '@'), when it has one. */
export function linkStampSpan(text: string, link: Link): { start: number; end: number } | undefined {
  if (link.stamp === undefined) return undefined;
  const id = linkIdSpan(text, link);
  const inner = innerSpan(text, link.span);
  return text[id.end] === '@' ? { start: id.end + 1, end: inner.end } : undefined;
}
