/**
 * An item's fingerprint: what a review stamps on a link (and on the item itself), so that a later
 * change to the item's meaning shows. It is the first FINGERPRINT_LENGTH hex digits of the SHA-256
 * of the item's meaning-bearing fields, normalised so that layout never counts: the fields are
 * taken in a fixed order (not the order they are written in), each text as YAML reads it (so plain,
 * quoted, folded and literal styles and CRLF or LF give the same value) with every run of white
 * space made one space and the ends trimmed. Any change of a word, a number or a list entry changes
 * it. Which fields count is set per kind (`fingerprint:` in the config); `silence`, `reviewed`,
 * `status`, tags and notes do not count unless named there.
 *
 * Ten hex digits are 40 bits. A stamp is only ever compared with the fingerprint of the same item
 * now, so what matters is the chance that one change leaves it the same: 2^-40, about 1 in 10^12.
 * A programme of 10^5 items each changed 100 times makes 10^7 such comparisons, and misses one with
 * a chance of about 1 in 100,000. (Ids keep items apart, so collisions between different items do
 * not matter at all.)
 */
import type { Item, Kind } from './model';
import { sha256Hex } from './sha256';

export const FINGERPRINT_LENGTH = 10;
/** A stamp as written after '@' in a link, or as `reviewed`: FINGERPRINT_LENGTH lower-case hex digits. */
export const STAMP = /^[0-9a-f]{10}$/;

/** The fields a fingerprint can read: those an item keeps (see Item). */
export const FINGERPRINT_FIELDS = ['title', 'as', 'need', 'so-that', 'statement', 'acceptance', 'text', 'response', 'weighting', 'priority', 'type', 'category', 'verification', 'departments', 'status'] as const;
export type FingerprintField = (typeof FINGERPRINT_FIELDS)[number];

/** The fields each kind's fingerprint reads, in the order it reads them. */
export type FingerprintFields = Readonly<Record<Kind, readonly FingerprintField[]>>;

export const DEFAULT_FINGERPRINT_FIELDS: FingerprintFields = {
  needs: ['as', 'need', 'so-that'],
  requirements: ['statement', 'acceptance'],
  itt: ['text', 'response', 'weighting'],
};

/** The fields a kind of item has: what `fingerprint:` may name for it. */
export const FIELDS_OF_KIND: Readonly<Record<Kind, readonly FingerprintField[]>> = {
  needs: ['title', 'as', 'need', 'so-that', 'priority', 'departments', 'status'],
  requirements: ['title', 'statement', 'acceptance', 'priority', 'type', 'category', 'verification', 'status'],
  itt: ['title', 'text', 'response', 'weighting', 'status'],
};

/** A field's value as the fingerprint reads it: normalised text, a list of texts, a number, or nothing. */
export type FingerprintValue = string | readonly string[] | number | null;

/** Text with layout removed: one space for each run of white space, none at the ends, Unicode composed. */
export function normaliseText(text: string): string {
  // Most texts are printable ASCII (which composing leaves as it is) with single spaces: a scan for
  // one character class finds that, where composing first cost twice as much on a cold check.
  return BEYOND_PRINTABLE_ASCII.test(text) || hasLayout(text) ? text.normalize('NFC').replace(/\s+/g, ' ').trim() : text;
}

/** A character other than printable ASCII or a space. */
const BEYOND_PRINTABLE_ASCII = /[^ -~]/;

/** Spaces that normaliseText removes from printable ASCII: two together, or one at an end. */
function hasLayout(text: string): boolean {
  return text.includes('  ') || text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32;
}

/** A field's value as written (texts not yet normalised): what fingerprintValue normalises. */
type WrittenValue = string | readonly string[] | number | null;

/** The value of `field` of `item` as the item keeps it, before normalising. */
function writtenValue(item: Item, field: FingerprintField): WrittenValue {
  switch (field) {
    case 'title':
      return item.title ?? null;
    case 'as':
      return item.as ?? null;
    case 'so-that':
      return item.soThat ?? null;
    case 'need':
    case 'statement':
    case 'text':
      return item.text ?? null;
    case 'acceptance': {
      // Read straight from the item's prose list: four entries a field (name, value, start, end).
      const criteria: string[] = [];
      const prose = item.prose ?? [];
      for (let at = 0; at + 3 < prose.length; at += 4) if (prose[at] === 'acceptance') criteria.push(prose[at + 1] as string);
      return criteria.length > 0 ? criteria : null;
    }
    case 'response':
      return item.response ?? null;
    case 'weighting':
      return item.weighting ?? null;
    case 'priority':
      return item.priority ?? null;
    case 'type':
      return item.type ?? null;
    case 'category':
      return item.category ?? null;
    case 'verification':
      return item.verification ?? null;
    case 'departments':
      return item.departments.length > 0 ? item.departments : null;
    case 'status':
      return item.status;
  }
}

/** The value of `field` of `item`, normalised. */
export function fingerprintValue(item: Item, field: FingerprintField): FingerprintValue {
  const value = writtenValue(item, field);
  return typeof value === 'string' ? normaliseText(value) : Array.isArray(value) ? value.map(normaliseText) : value;
}

/** What is hashed: each field's name and normalised value, in the kind's order, as JSON. */
export function fingerprintText(item: Item, fields: FingerprintFields = DEFAULT_FINGERPRINT_FIELDS): string {
  // JSON.stringify of the [field, fingerprintValue] pairs, written out a pair at a time (a field's
  // name is ASCII letters and dashes, which JSON writes as they are), and a text that neither
  // normalising nor JSON changes written as it is: the same text for a third less of a cold check's
  // time, where every linked item is hashed.
  let text = '';
  for (const field of fields[item.kind]) {
    const value = writtenValue(item, field);
    const json = typeof value === 'string' ? textJson(value) : Array.isArray(value) ? `[${value.map(textJson).join(',')}]` : JSON.stringify(value);
    text += `${text === '' ? '[' : ','}["${field}",${json}]`;
  }
  return text === '' ? '[]' : `${text}]`;
}

/** JSON.stringify(normaliseText(text)), read in one scan when the text is printable ASCII with single spaces and no quote or backslash. */
function textJson(text: string): string {
  return BEYOND_PLAIN_JSON.test(text) || hasLayout(text) ? JSON.stringify(normaliseText(text)) : `"${text}"`;
}

/** BEYOND_PRINTABLE_ASCII, or a double quote or backslash (which JSON escapes). */
const BEYOND_PLAIN_JSON = /[^ !#-[\]-~]/;

/** The item's fingerprint: FINGERPRINT_LENGTH hex digits. */
export function fingerprintOf(item: Item, fields: FingerprintFields = DEFAULT_FINGERPRINT_FIELDS, sha256: (text: string) => string = sha256Hex): string {
  return sha256(fingerprintText(item, fields)).slice(0, FINGERPRINT_LENGTH);
}

/**
 * Fingerprints with one set of fields, each worked out once per version of an item: an edit makes
 * new Item objects, so what is kept for the old ones is dropped with them.
 */
export class Fingerprints {
  private readonly known = new WeakMap<Item, string>();
  private readonly knownByDefault = new WeakMap<Item, string>();

  constructor(
    readonly fields: FingerprintFields = DEFAULT_FINGERPRINT_FIELDS,
    /** SHA-256 as hex: the core's own, or the platform's faster one (node/nodeHash.ts) where there is one; the same digits either way. */
    private readonly sha256: (text: string) => string = sha256Hex,
  ) {}

  of(item: Item): string {
    let value = this.known.get(item);
    if (value === undefined) {
      value = fingerprintOf(item, this.fields, this.sha256);
      this.known.set(item, value);
    }
    return value;
  }

  /**
   * The item's fingerprint with the default fields, when the fields read for its kind are others (a
   * stamp made before the config changed them is this); undefined when they are the defaults.
   */
  byDefault(item: Item): string | undefined {
    const fields = this.fields[item.kind];
    const defaults = DEFAULT_FINGERPRINT_FIELDS[item.kind];
    if (fields.length === defaults.length && fields.every((field, i) => field === defaults[i])) return undefined;
    let value = this.knownByDefault.get(item);
    if (value === undefined) {
      value = fingerprintOf(item, DEFAULT_FINGERPRINT_FIELDS, this.sha256);
      this.knownByDefault.set(item, value);
    }
    return value;
  }
}

/** The fields whose values differ between two versions of an item, in the kind's order. */
export function changedFields(before: Item, after: Item, fields: FingerprintFields = DEFAULT_FINGERPRINT_FIELDS): FingerprintField[] {
  return fields[after.kind].filter((field) => JSON.stringify(fingerprintValue(before, field)) !== JSON.stringify(fingerprintValue(after, field)));
}
