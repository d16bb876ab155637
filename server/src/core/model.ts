/** The data model shared by every part of reqtrace. Spans are UTF-16 offsets into the file text. */

export type Kind = 'needs' | 'requirements' | 'itt';
export const KINDS: readonly Kind[] = ['needs', 'requirements', 'itt'];

/** What one item of each kind is called in messages. */
export const KIND_NOUN: Record<Kind, string> = { needs: 'need', requirements: 'requirement', itt: 'clause' };

/** The MoSCoW priorities as the report, the workbook and the views write them. */
export const PRIORITY_WORD: Readonly<Record<string, string>> = { must: 'Must', should: 'Should', could: 'Could', wont: "Won't" };

export type Status = 'draft' | 'proposed' | 'agreed' | 'withdrawn';
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A half-open range [start, end) of UTF-16 code units. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type LinkField = 'satisfies' | 'covers' | 'parent';

/** The kind each link field must point to. */
export const LINK_TARGET: Record<LinkField, Kind> = { satisfies: 'needs', covers: 'requirements', parent: 'requirements' };

/** The link fields that each kind of item may carry. */
export const LINK_FIELDS: Record<Kind, readonly LinkField[]> = {
  needs: [],
  requirements: ['satisfies', 'parent'],
  itt: ['covers'],
};

export interface Link {
  readonly field: LinkField;
  /** The id this link points to, as written. */
  readonly to: string;
  readonly span: Span;
  /** The item that holds the link. */
  readonly from: Item;
  /**
   * What is written after '@' (`UN-HR-001@3f9a2c1d7e`): the target's fingerprint when the link was
   * last reviewed. A link without one is not tracked; one that is not a fingerprint (see STAMP in
   * fingerprint.ts) is a schema finding and tracks nothing.
   */
  readonly stamp?: string;
}

/** The fields of prose an item's wording is checked in. */
export type ProseFieldName = 'title' | 'as' | 'need' | 'so-that' | 'statement' | 'acceptance' | 'text';

/** Where a field of prose is written: the whole scalar, quotes or block header included (one per acceptance criterion). */
export interface ProseField {
  readonly field: ProseFieldName;
  /** Its value as read (the same string the item's other fields hold, not a copy). */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/**
 * An item's fields of prose as it keeps them: four entries a field (name, value, start, end), one
 * field after another, in an array of its exact length. 50,000 items hold about 175,000 fields:
 * kept as one object each, in arrays grown by push, they took 13 MB more of the server's memory.
 */
export type ProseList = readonly (string | number)[];

/** The fields of `prose` whose names are in `names` (every field when `names` is absent), as objects. */
export function proseFieldsOf(prose: ProseList | undefined, names?: readonly ProseFieldName[]): ProseField[] {
  const fields: ProseField[] = [];
  if (!prose) return fields;
  for (let at = 0; at + 3 < prose.length; at += 4) {
    const field = prose[at] as ProseFieldName;
    if (!names || names.includes(field)) fields.push({ field, value: prose[at + 1] as string, start: prose[at + 2] as number, end: prose[at + 3] as number });
  }
  return fields;
}

/** One need, requirement or clause, with the fields the checks, hovers and reports use. */
export interface Item {
  readonly id: string;
  readonly kind: Kind;
  readonly uri: string;
  /** The `id` value. */
  readonly idSpan: Span;
  /** The whole item mapping. */
  readonly span: Span;
  readonly title?: string;
  /** The statement (requirements), need (needs) or text (clauses). */
  readonly text?: string;
  readonly status: Status;
  readonly priority?: string;
  readonly departments: readonly string[];
  /** needs: `as` and `so-that`. */
  readonly as?: string;
  readonly soThat?: string;
  /** requirements. */
  readonly type?: string;
  readonly category?: string;
  readonly verification?: string;
  readonly waiverReason?: string;
  /** clauses. */
  readonly response?: string;
  readonly weighting?: number;
  readonly links: Link[];
  /** Its fields of prose, where they are written, for the wording rules (read it with proseFieldsOf); absent when it has none. */
  readonly prose?: ProseList;
  /** `silence`: rule codes this item is not checked by, each with the reason given. */
  readonly silenced?: Readonly<Record<string, string>>;
  /** `reviewed`: its own fingerprint when it was last reviewed, as written. */
  readonly reviewed?: string;
}

export interface RelatedInformation {
  readonly uri: string;
  readonly span: Span;
  readonly message: string;
}

export interface Finding {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly uri: string;
  readonly span: Span;
  readonly related?: readonly RelatedInformation[];
  /** Machine-readable data for quick fixes, e.g. the suggested id of a broken link. */
  readonly data?: { readonly suggestion?: string; readonly missingId?: string; readonly targetKind?: Kind; readonly missingFields?: readonly string[]; readonly fingerprint?: string };
  /** More for those who want it, below the message: a yaml-syntax finding keeps the YAML parser's own words here. */
  readonly detail?: string;
}

export const isWithdrawn = (item: Item): boolean => item.status === 'withdrawn';

/** The file name at the end of a URI or path, for messages. */
export function baseName(uri: string): string {
  const last = uri.slice(uri.replace(/[\\/]+$/, '').search(/[^\\/]*$/));
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
