/**
 * What every rule declares about itself, whether its findings come from parsing a file (the
 * parse-stage rules in parse/rules.ts), from a check over the index (one file each in checks/) or
 * from reading the config file (the config-stage rules, in checks/ too).
 * The registry (checks/registry.ts) lists them all; config, severities, the settings schema, the
 * README table, SARIF rule metadata and quick fixes are all derived from these declarations.
 */
import type { Severity } from './model';

/**
 * What a rule's finding about an item can depend on, besides that item itself. The analysis works
 * out which items an edit affects from these declarations (analysis/affected.ts), so a rule that
 * reads more than it declares would leave findings stale in other files: declare generously.
 */
export type Read =
  /**
   * The file's own fields outside its items (`kind`, `weighting-budget`) and, for a finding about
   * the file rather than one item, every item of the file: the file is re-checked after every edit of it.
   */
  | 'file'
  /** The other items that define the same id: whether there are any, where, and their kind. */
  | 'definitions'
  /** What each link of the item resolves to: whether it exists, its id, kind, status, priority, waiver, response and links. */
  | 'targets'
  /** The whole content of each link target (its title, statement, acceptance criteria…). */
  | 'target-content'
  /** The fingerprint of each target of a link written with a stamp (see fingerprint.ts). */
  | 'target-fingerprint'
  /** The items that link to this one, with their kind, status, priority, waiver, response and links. */
  | 'sources'
  /** The items that link to the items that link to this one (a need traced through to a clause). */
  | 'sources-of-sources'
  /** Every item up the item's `parent` chain. */
  | 'parent-chain'
  /** Every id defined in the workspace, by kind (a "did you mean" suggestion). */
  | 'ids'
  /**
   * Of every other file, only what the rule's `digest` takes from it (a section's weight, how many
   * musts a file has): an edit that changes a file's digest re-checks every file, others do not.
   */
  | 'digests'
  /** Anything in the workspace: every edit re-checks every file. */
  | 'workspace';

/** The quick fixes the editor offers; each is implemented once in the language server. */
export type FixName =
  | 'use-suggested-id'
  | 'create-missing-item'
  | 'remove-link'
  | 'set-kind'
  /** uncovered-requirement: a `waiver` with the reason to type. */
  | 'add-waiver'
  /** uncovered-requirement: add it to `covers` of a clause that asks for its parent or siblings. */
  | 'cover-in-clause'
  /** uncovered-need: a new requirement that satisfies it. */
  | 'create-satisfying-requirement'
  /** schema: every required field the item lacks, with placeholders. */
  | 'add-missing-fields'
  /** orphan-requirement: add a need like it to `satisfies`. */
  | 'satisfy-need'
  /** suspect-link, unstamped-link: write the target's current fingerprint as the link's stamp. */
  | 'mark-link-reviewed'
  /** suspect-link: the same for every suspect link to that target, across files. */
  | 'mark-links-to-reviewed'
  /** unreviewed-change: write the item's current fingerprint as its `reviewed`. */
  | 'mark-item-reviewed';

export type Stage = 'parse' | 'check' | 'config';

export interface RuleMeta {
  /** The finding code: stable, shown to users, used in config and in SARIF. */
  readonly code: string;
  readonly stage: Stage;
  readonly severity: Severity;
  /** Off until a setting turns it on (`rules.<code>.severity`); `severity` is what it reports at then. */
  readonly off?: boolean;
  /** One line, lower case, no full stop: what the rule finds. */
  readonly summary: string;
  /** Markdown: what it means, why it matters to a requirements author, how to fix it, an example. */
  readonly help: string;
  /** Where the finding is placed, in words (the README's "where" column). */
  readonly where: string;
  /** Parse- and config-stage rules read only their own file; check rules say what else they read. */
  readonly reads: readonly Read[];
  /** A JSON Schema (an object schema) for the rule's options under `rules.<code>` in the config, if it takes any. */
  readonly options?: { readonly type: 'object'; readonly properties: Readonly<Record<string, unknown>>; readonly additionalProperties?: boolean };
  readonly fixes?: readonly FixName[];
}
