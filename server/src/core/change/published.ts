/**
 * The ITT as it was published: once `published: <tag>` is in the config, its clauses' questions and
 * the requirements they ask for are frozen at that revision (changed-after-publication compares
 * with it). This is what is kept of each clause and requirement at the tag, and how the same is
 * read from an item now, so that both sides are read one way: texts with layout removed (as a
 * fingerprint reads them), numbers as written, a clause's `covers` as the set of ids it names
 * (stamps aside).
 */
import { itemEntries, itemField } from '../checks/places';
import { fingerprintValue } from '../fingerprint';
import { isWithdrawn, type Finding, type Item, type Kind, type Span } from '../model';
import type { ParsedFile } from '../parse/parse';
import type { Tree } from '../parse/tree';

/** How a file is read again as a YAML tree (RuleContext.tree). */
export type TreeOf = (file: ParsedFile) => Tree | undefined;

/** The fields of a clause that bidders answer, and of a requirement a clause asks for. */
export const FROZEN_FIELDS = {
  itt: ['text', 'response', 'weighting', 'minimum-score', 'covers'],
  requirements: ['statement', 'acceptance'],
} as const satisfies Partial<Record<Kind, readonly string[]>>;

export type FrozenField = (typeof FROZEN_FIELDS)[keyof typeof FROZEN_FIELDS][number];

/** A clause's or requirement's frozen fields, each as comparable JSON (null when not written). */
export type FrozenValues = Readonly<Partial<Record<FrozenField, string>>>;

/** The published revision: as the config names it, the commit it was, and each clause and requirement then, by kind and id. */
export interface PublishedBaseline {
  readonly ref: string;
  readonly commit: string;
  readonly items: ReadonlyMap<string, FrozenValues>;
  /** The requirements some clause asked bidders for at that revision. */
  readonly asked: ReadonlySet<string>;
  /** The live clauses of each file at that revision, by the file's URI: a clause gone since is reported in its file, or elsewhere if the file is gone. */
  readonly clausesIn: ReadonlyMap<string, readonly string[]>;
}

/** The key of an item in PublishedBaseline.items. */
export function frozenKey(kind: Kind, id: string): string {
  return `${kind}:${id}`;
}

/** The frozen fields of each clause and requirement of `file` (withdrawn ones left out), read from the file as parsed. */
export function frozenValuesOf(treeOf: TreeOf, file: ParsedFile): Map<Item, FrozenValues> {
  const values = new Map<Item, FrozenValues>();
  const live = file.items.filter((item) => (item.kind === 'itt' || item.kind === 'requirements') && !isWithdrawn(item));
  if (live.length === 0) return values;
  // Only a clause's minimum-score is not in the Item model: the file's tree is read for it alone.
  const entries = live.some((item) => item.kind === 'itt') ? itemEntries(treeOf(file)) : new Map();
  for (const item of live) {
    const json = (value: unknown): string => JSON.stringify(value ?? null);
    if (item.kind === 'itt') {
      const covers = [...new Set(item.links.filter((link) => link.field === 'covers').map((link) => link.to))].sort();
      const minimum = itemField(entries, item, 'minimum-score')?.value;
      values.set(item, {
        text: json(fingerprintValue(item, 'text')),
        response: json(fingerprintValue(item, 'response')),
        weighting: json(fingerprintValue(item, 'weighting')),
        'minimum-score': json(typeof minimum === 'number' ? minimum : null),
        covers: json(covers),
      });
    } else {
      values.set(item, { statement: json(fingerprintValue(item, 'statement')), acceptance: json(fingerprintValue(item, 'acceptance')) });
    }
  }
  return values;
}

/** The baseline from a workspace loaded at the published revision (its first item of each id kept, as everywhere). */
export function publishedBaseline(treeOf: TreeOf, files: Iterable<ParsedFile>, ref: string, commit: string): PublishedBaseline {
  const items = new Map<string, FrozenValues>();
  const asked = new Set<string>();
  const clausesIn = new Map<string, string[]>();
  for (const file of files) {
    const clauses: string[] = [];
    for (const [item, values] of frozenValuesOf(treeOf, file)) {
      const key = frozenKey(item.kind, item.id);
      if (!items.has(key)) items.set(key, values);
      if (item.kind !== 'itt') continue;
      clauses.push(item.id);
      for (const link of item.links) if (link.field === 'covers') asked.add(link.to);
    }
    if (clauses.length > 0) clausesIn.set(file.uri, clauses);
  }
  return { ref, commit, items, asked, clausesIn };
}

/** The frozen fields whose values differ between then and now, in the kind's order. */
export function changedFields(kind: 'itt' | 'requirements', then: FrozenValues, now: FrozenValues): FrozenField[] {
  return FROZEN_FIELDS[kind].filter((field) => then[field] !== now[field]);
}

/** The config's finding when the published revision `ref` (written at `at`) cannot be read: saying why, with the rule's code and default severity. */
export function unreadablePublished(configUri: string, ref: string, at: Span, problem: string): Finding {
  return {
    code: 'changed-after-publication',
    severity: 'error',
    message: `The ITT published as '${ref}' cannot be read, so nothing is compared with it: ${problem.replace(/\.$/, '')}.`,
    uri: configUri,
    span: at,
  };
}
