/**
 * Reviews written into the files: a link's stamp set to its target's fingerprint now, an item's
 * `reviewed` set to its own. Each edit changes only the stamp or the `reviewed` value (or adds
 * `@stamp` after an id, or a `reviewed:` line where the file's order puts it): every other byte of
 * the file stays as written. Used by the quick fixes and by `reqtrace review`.
 */
import { parse } from 'yaml';
import { STAMP } from '../fingerprint';
import type { IndexReader } from '../index/store';
import type { Item, Link } from '../model';
import type { FileEdit } from './edits';
import { setScalarFieldEdit } from './fixes';
import { linkIdSpan, linkStampSpan } from './lookup';

/** What a review works a fingerprint out with (the analysis's, with the config's fields). */
export type FingerprintOf = (item: Item) => string;

/** The one item a link resolves to, if exactly one item has its id. */
export function targetOf(index: IndexReader, link: Link): Item | undefined {
  const targets = index.definitionsOf(link.to);
  return targets.length === 1 ? targets[0] : undefined;
}

/** True when the link carries a stamp that is a fingerprint and no longer its target's. */
export function isSuspect(index: IndexReader, link: Link, fingerprintOf: FingerprintOf): boolean {
  if (link.stamp === undefined || !STAMP.test(link.stamp)) return false;
  const target = targetOf(index, link);
  return target !== undefined && fingerprintOf(target) !== link.stamp;
}

/** Stamps `link` with `fingerprint`: in place of the stamp it has, or after its id. Undefined when it already has it. */
export function stampLinkEdit(index: IndexReader, link: Link, fingerprint: string): FileEdit | undefined {
  const text = index.file(link.from.uri)?.text;
  if (text === undefined || link.stamp === fingerprint) return undefined;
  const stamp = linkStampSpan(text, link);
  if (stamp) return { uri: link.from.uri, span: stamp, newText: fingerprint };
  const id = linkIdSpan(text, link);
  if (text.slice(id.start, id.end) !== link.to) return undefined;
  return { uri: link.from.uri, span: { start: id.end, end: id.end }, newText: `@${fingerprint}` };
}

/** Sets the item's `reviewed` to its fingerprint now. Undefined when it already has it or the file cannot be written into. */
export function markReviewedEdit(index: IndexReader, item: Item, fingerprint: string): FileEdit | undefined {
  const file = index.file(item.uri);
  if (!file || item.reviewed === fingerprint) return undefined;
  // A fingerprint of digits only, or one like 1234e56789, reads in YAML as a number unless quoted.
  return setScalarFieldEdit(file, item, 'reviewed', typeof parse(fingerprint) === 'string' ? fingerprint : `"${fingerprint}"`);
}

/** Stamps every suspect link to `id` with its fingerprint now, across files. */
export function stampSuspectLinksTo(index: IndexReader, id: string, fingerprintOf: FingerprintOf): FileEdit[] {
  const edits: FileEdit[] = [];
  for (const link of index.referencesTo(id)) {
    if (!isSuspect(index, link, fingerprintOf)) continue;
    const target = targetOf(index, link);
    const edit = target && stampLinkEdit(index, link, fingerprintOf(target));
    if (edit) edits.push(edit);
  }
  return edits;
}

/** What `reqtrace review` is asked to stamp. */
export type ReviewRequest =
  /** The named items (their `reviewed`) and their own links. */
  | { readonly ids: readonly string[]; readonly linksOnly: boolean }
  /** Every link that points at the named items. */
  | { readonly linksTo: readonly string[] }
  /** Every item and every link. */
  | { readonly all: true; readonly linksOnly: boolean };

/** One change a review makes: a link stamped, or an item marked reviewed. */
export interface ReviewChange {
  readonly edit: FileEdit;
  /** The item the change is in. */
  readonly item: Item;
  /** The link stamped; absent when the item's `reviewed` is set. */
  readonly link?: Link;
  /** The stamp or `reviewed` value before (absent when there was none) and after. */
  readonly before?: string;
  readonly after: string;
}

export interface ReviewPlan {
  readonly changes: readonly ReviewChange[];
  /** Ids named that no item (or more than one) has. */
  readonly unknown: readonly string[];
  /** Links left as they are because their target is missing or defined more than once, and items in files that do not read cleanly. */
  readonly skipped: readonly string[];
}

/** The edits a review makes, in file and text order; nothing that is already as it should be. */
export function reviewPlan(index: IndexReader, request: ReviewRequest, fingerprintOf: FingerprintOf): ReviewPlan {
  const changes: ReviewChange[] = [];
  const unknown: string[] = [];
  const skipped: string[] = [];
  const stamp = (link: Link): void => {
    const target = targetOf(index, link);
    if (!target) {
      skipped.push(`${link.from.id} → ${link.to}: ${index.definitionsOf(link.to).length === 0 ? 'no item has this id' : 'more than one item has this id'}`);
      return;
    }
    const after = fingerprintOf(target);
    const edit = stampLinkEdit(index, link, after);
    if (edit) changes.push({ edit, item: link.from, link, ...(link.stamp !== undefined ? { before: link.stamp } : {}), after });
  };
  const review = (item: Item, linksOnly: boolean): void => {
    if (!index.file(item.uri)?.syntaxOk) {
      skipped.push(`${item.id}: its file has YAML mistakes`);
      return;
    }
    if (!linksOnly) {
      const after = fingerprintOf(item);
      const edit = markReviewedEdit(index, item, after);
      if (edit) changes.push({ edit, item, ...(item.reviewed !== undefined ? { before: item.reviewed } : {}), after });
    }
    item.links.forEach(stamp);
  };
  const named = (ids: readonly string[]): Item[] =>
    ids.flatMap((id) => {
      const items = index.definitionsOf(id);
      if (items.length !== 1) unknown.push(id);
      return items.length === 1 ? items : [];
    });
  if ('all' in request) {
    for (const item of index.allItems()) review(item, request.linksOnly);
  } else if ('ids' in request) {
    for (const item of named(request.ids)) review(item, request.linksOnly);
  } else {
    for (const target of named(request.linksTo)) {
      for (const link of index.referencesTo(target.id)) {
        if (index.file(link.from.uri)?.syntaxOk) stamp(link);
        else skipped.push(`${link.from.id} → ${link.to}: its file has YAML mistakes`);
      }
    }
  }
  // One change per place (an item named twice, or linked twice to the same target), in file and text order.
  const seen = new Set<string>();
  const unique = changes.filter((change) => {
    const key = `${change.edit.uri}@${change.edit.span.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  unique.sort((a, b) => (a.edit.uri < b.edit.uri ? -1 : a.edit.uri > b.edit.uri ? 1 : a.edit.span.start - b.edit.span.start));
  return { changes: unique, unknown, skipped };
}
