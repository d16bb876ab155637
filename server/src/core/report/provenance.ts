/**
 * Where an output came from: when it was generated and from which git commit. Every exporter is given
 * it; which outputs show it is each format's choice (a workbook's instructions sheet names the
 * commit, a coverage report does not yet). The Node host (node/git.ts) asks git.
 */

export interface Provenance {
  /** When the output was generated: SOURCE_DATE_EPOCH when it is set, so that a rebuild gives the same bytes. */
  readonly generatedAt: Date;
  /** The git work tree the workspace is in; absent outside git, or when git cannot be run. */
  readonly git?: GitProvenance;
}

export interface GitProvenance {
  /** The work tree's top-level folder, as a file URI like every other place in the core. */
  readonly topLevelUri: string;
  /** The full hash of the commit checked out; absent before the first commit. */
  readonly commit?: string;
  /** The branch checked out; absent when HEAD is detached. */
  readonly branch?: string;
  /** Whether the work tree differs from the commit: changed, staged or untracked files (ignored ones do not count). */
  readonly dirty: boolean;
}

/**
 * The generation time: SOURCE_DATE_EPOCH (whole seconds since 1970, UTC) when it is set and not
 * empty, else the clock. A malformed value is a problem to report, not to ignore: the
 * reproducible-builds specification asks tools to stop rather than silently use the clock.
 */
export function generationTime(sourceDateEpoch: string | undefined, now: () => Date): Date | { readonly problem: string } {
  if (sourceDateEpoch === undefined || sourceDateEpoch === '') return now();
  const seconds = /^\d{1,15}$/.test(sourceDateEpoch) ? Number(sourceDateEpoch) : NaN;
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) {
    return { problem: `SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC (found '${sourceDateEpoch.slice(0, 40).replace(/[^\x20-\x7e]/g, '?')}')` };
  }
  return date;
}
