/**
 * A check rule: its declaration (RuleMeta: code, severity, summary, help, what it reads, options,
 * fixes) and the function that reports on one file. A rule reports each finding inside the item
 * it is about, reading only that item and what its `reads` declare — or, for a finding about the
 * file, outside every item, reading only the file's own fields. Run on the file cut down to some
 * of its items, it reports on those items only: an edit's findings are worked out that way for the
 * items it reached (see analysis/carry.ts). It reads nothing but the index: a start on byte-for-byte
 * the same files reuses the last start's findings (see ParseCache.resultsKey), so a rule that came
 * to read anything else (the git state, the date) would need that added to the key.
 */
import type { IndexReader } from '../index/store';
import { LINK_TARGET, type Finding, type Item, type Kind, type Link } from '../model';
import type { ParsedFile } from '../parse/parse';
import type { RuleMeta } from '../ruleMeta';

/** A finding as a rule makes it: the registry adds the rule's code and severity. */
export type RuleFinding = Omit<Finding, 'code' | 'severity'>;

/** What a rule is given to read: the index, and what the analysis works out from it once. */
export interface RuleContext {
  readonly store: IndexReader;
  /** Every link of a file, in order, with what it resolves to (worked out once per file and change). */
  resolvedLinks(file: ParsedFile): readonly ResolvedLink[];
  /** The defined id of `kind` nearest to a missing id, if one is within reach. */
  suggest(id: string, kind: Kind): string | undefined;
  /** A rule's options as `rules.<code>` in the config sets them (checked against its options schema); empty when not set. */
  options(code: string): Readonly<Record<string, unknown>>;
}

export interface Rule extends RuleMeta {
  readonly stage: 'check';
  check(context: RuleContext, file: ParsedFile): RuleFinding[];
}

export type Resolution =
  | { readonly state: 'missing' }
  | { readonly state: 'wrong-kind'; readonly target: Item }
  | { readonly state: 'ok'; readonly target: Item };

export interface ResolvedLink {
  readonly link: Link;
  readonly resolution: Resolution;
}

/** What a link points to: nothing, an item of the wrong kind, or the item it should. */
export function resolveLink(store: IndexReader, link: Link): Resolution {
  const defs = store.definitionsOf(link.to);
  const first = defs[0];
  if (!first) return { state: 'missing' };
  const target = defs.find((d) => d.kind === LINK_TARGET[link.field]);
  return target ? { state: 'ok', target } : { state: 'wrong-kind', target: first };
}
