/**
 * What changed in an item since a link to it was reviewed. The link's stamp is the item's
 * fingerprint then; the version it was taken from is found among earlier versions of the item's
 * file (the language server reads them from git, newest first), and each fingerprinted field that
 * differs from it now is shown as a word diff. A stamp is a hash, so without that earlier text
 * nothing can say which words changed: only that some did.
 */
import { changedFields, fingerprintValue, type FingerprintField, type FingerprintValue, type Fingerprints } from '../fingerprint';
import type { Item } from '../model';
import { parseFile, type ParseLimits } from '../parse/parse';
import { wordDiff, type WordSegment } from './wordDiff';

/** One fingerprinted field that differs: its words then and now, as a diff. */
export interface FieldChange {
  readonly field: FingerprintField;
  readonly segments: readonly WordSegment[];
}

/** What a look through the history found for a stamp. */
export type SinceStamp =
  /** The version whose fingerprint is the stamp: the commit that wrote it, and the fields changed since. */
  | { readonly commit: string; readonly changes: readonly FieldChange[] }
  /** No version read has that fingerprint: `searched` versions of its file were read, of the last `commits` commits at most. */
  | { readonly notFound: true; readonly searched: number; readonly commits: number }
  /** The history could not be read (no git, not a repository, …). */
  | { readonly problem: string };

/** `target` as `text` (one version of its file) writes it, when that version's fingerprint is `stamp`. */
export function stampedVersionIn(text: string, target: Item, stamp: string, fingerprints: Fingerprints, limits: ParseLimits): Item | undefined {
  // Most versions are ruled out without parsing them.
  if (!text.includes(target.id)) return undefined;
  const item = parseFile(target.uri, text, limits).items.find((candidate) => candidate.id === target.id && candidate.kind === target.kind);
  return item && fingerprints.of(item) === stamp ? item : undefined;
}

/** The fields of `now` that differ from `then`, in the kind's fingerprint order, each as a word diff. */
export function changesSince(then: Item, now: Item, fingerprints: Fingerprints): FieldChange[] {
  return changedFields(then, now, fingerprints.fields).map((field) => ({ field, segments: wordDiff(asWords(fingerprintValue(then, field)), asWords(fingerprintValue(now, field))) }));
}

/** A field's value as words: a list's entries one after another, each ending its sentence. */
function asWords(value: FingerprintValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  return value.map((entry) => (/[.!?;:]$/.test(entry) ? entry : `${entry};`)).join(' ');
}
