/**
 * Whether an output for bidders may be written yet. Under `readiness: tender`, an exporter that
 * takes a `draft` option (the bidder workbook) is refused while any requirement asked of bidders is
 * not agreed, unless that option is given: what goes out to bidders cannot change after the ITT is
 * issued. Which requirements are asked of bidders, and which are not agreed, is the tender pack's answer.
 * The command line and the editor refuse on the same answer, so they refuse alike.
 */
import type { Workspace } from '../analysis/workspace';
import type { Readiness } from '../checks/registry';
import type { Exporter, ExportOptions } from './exporter';
import { tenderPack } from './tenderPack';

/** The exporter option that writes a draft for bidders under `readiness: tender`. */
export const DRAFT_OPTION = 'draft';

/** How many ids a refusal names before it counts the rest. */
const NAMED = 5;

/** Why an output for bidders may not be written now: the refusal in one line, and every requirement it is about. */
export interface IssueRefusal {
  readonly message: string;
  /** The ids of the requirements asked of bidders that are not agreed, sorted. */
  readonly notAgreed: readonly string[];
}

/** True when `exporter` writes for bidders, so that `readiness: tender` may refuse it. */
export function takesDraft(exporter: Exporter): boolean {
  return exporter.options.some((option) => option.name === DRAFT_OPTION);
}

/** Why `exporter` may not write for bidders now; undefined when it may. */
export function issueRefusalOf(exporter: Exporter, options: ExportOptions, readiness: Readiness, workspace: Workspace): IssueRefusal | undefined {
  if (readiness !== 'tender' || options[DRAFT_OPTION] === true || !takesDraft(exporter)) return undefined;
  const { notAgreed } = tenderPack(workspace);
  if (notAgreed.length === 0) return undefined;
  return { message: `export ${exporter.name} is refused under readiness: tender: ${notAgreedCount(notAgreed.length)} not agreed (${namedIds(notAgreed)}); agree them, or give --${DRAFT_OPTION} to write a draft`, notAgreed };
}

/** Why `exporter` may not write for bidders now, in one line; undefined when it may. */
export function issueRefusal(exporter: Exporter, options: ExportOptions, readiness: Readiness, workspace: Workspace): string | undefined {
  return issueRefusalOf(exporter, options, readiness, workspace)?.message;
}

/** "6 requirements asked of bidders are" (or "1 requirement … is"), to be followed by what they are. */
export function notAgreedCount(count: number): string {
  return count === 1 ? '1 requirement asked of bidders is' : `${count} requirements asked of bidders are`;
}

/** The first few ids, then how many more: "REQ-2, REQ-3 and 4 more". */
export function namedIds(ids: readonly string[]): string {
  const more = ids.length > NAMED ? ` and ${ids.length - NAMED} more` : '';
  return `${ids.slice(0, NAMED).join(', ')}${more}`;
}
