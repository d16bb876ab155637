/**
 * A check rule: its declaration (RuleMeta: code, severity, summary, help, what it reads, options,
 * fixes) and the function that reports on one file. A rule reports each finding inside the item
 * it is about, reading only that item and what its `reads` declare — or, for a finding about the
 * file, outside every item (on a field of the file, such as `kind`), reading the file's own fields
 * and any of its items (through wholeFile: such findings are worked out again whenever the file is
 * checked, never carried over). Run on the file cut down to some of its items, it reports on those
 * items only: an edit's findings are worked out that way for the items it reached (see
 * analysis/carry.ts). A rule whose finding in one file depends on others reads a digest of each
 * (Rule.digest, with the 'digests' read) rather than the whole workspace, so an edit that leaves
 * every digest as it was re-checks no other file. It reads nothing but the index: a start on
 * byte-for-byte the same files reuses the last start's findings (see ParseCache.resultsKey), so a
 * rule that came to read anything else (the git state, the date) would need that added to the key.
 *
 * A config rule reads the settings of reqtrace.config.yaml instead, and reports on that file.
 */
import type { PublishedBaseline } from '../change/published';
import type { IndexReader } from '../index/store';
import { LINK_TARGET, type Finding, type Item, type Kind, type Link } from '../model';
import type { ParsedFile } from '../parse/parse';
import type { Tree } from '../parse/tree';
import type { RuleMeta } from '../ruleMeta';
import type { FieldPlace } from './places';
import type { TenderSettings } from '../tenderSettings';

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
  /**
   * The file's YAML tree as parseFile read it, for where a field the items do not keep is written
   * (`weighting-budget`, an item's `weighting`): read again from its text when first asked for.
   */
  tree(file: ParsedFile): Tree | undefined;
  /** Every file's digest by `rule` (see Rule.digest), by URI, the files without one left out. */
  digests<T>(rule: DigestRule<T>): ReadonlyMap<string, NonNullable<T>>;
  /** An item's fingerprint with the fields the config sets (see fingerprint.ts), worked out once per version of it. */
  fingerprint(item: Item): string;
  /** The same with the default fields, when the config sets others for the item's kind; undefined when it does not. */
  defaultFingerprint(item: Item): string | undefined;
  /** The ITT as published at the config's `published:` revision, once it has been read (see changed-after-publication). */
  published?(): PublishedBaseline | undefined;
}

export interface Rule extends RuleMeta {
  readonly stage: 'check';
  /**
   * For a rule that reads 'digests': what its findings in other files take from this one, as a
   * plain value compared as JSON (undefined when the file has nothing for it). Worked out once per
   * version of a file; an edit that changes it re-checks every file, or, when the rule says where it
   * reports (reportedIn), those files.
   */
  digest?(context: RuleContext, file: ParsedFile): unknown;
  /**
   * For a rule that reads 'digests' and reports in only a few files (the one with the most Musts,
   * say): those files, worked out from the digests as they are. An edit that changes a digest then
   * re-checks the files it named before the edit and after, not every file.
   */
  reportedIn?(context: RuleContext): Iterable<string>;
  check(context: RuleContext, file: ParsedFile): RuleFinding[];
}

/** A rule that takes a digest of each file (see Rule.digest). */
export interface DigestRule<T> extends Rule {
  digest(context: RuleContext, file: ParsedFile): T;
}

/**
 * The file with every one of its items, for a finding about the file: a rule may be given the file
 * cut down to the items an edit reached (see analysis/carry.ts), while such a finding needs them all.
 */
export function wholeFile(context: RuleContext, file: ParsedFile): ParsedFile {
  return context.store.file(file.uri) ?? file;
}

/** What a config rule reads: the settings of reqtrace.config.yaml as they apply, and where each is written. */
export interface ConfigReading {
  readonly uri: string;
  readonly tender: TenderSettings;
  /** The setting at `path` (['evaluation', 'social-value']) as written, and where its key and value are; undefined when it is not written. */
  readonly place: (path: readonly string[]) => FieldPlace | undefined;
}

/** A rule about the config file itself, run each time the config is read (see parseConfig). */
export interface ConfigRule extends RuleMeta {
  readonly stage: 'config';
  check(config: ConfigReading): RuleFinding[];
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
