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
