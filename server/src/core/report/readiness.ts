/**
 * Whether an output for bidders may be written yet. Under `readiness: tender`, an exporter that
 * takes a `draft` option (the bidder workbook) is refused while any requirement asked of bidders is
 * not agreed, unless that option is given: what goes out to bidders cannot change after the ITT is
 * issued. Which requirements are asked of bidders, and which are not agreed, is the tender pack's answer.
 */
import type { Workspace } from '../analysis/workspace';
import type { Readiness } from '../checks/registry';
import type { Exporter, ExportOptions } from './exporter';
import { tenderPack } from './tenderPack';

/** The exporter option that writes a draft for bidders under `readiness: tender`. */
export const DRAFT_OPTION = 'draft';

/** How many ids a refusal names before it counts the rest. */
const NAMED = 5;

/** Why `exporter` may not write for bidders now, in one line; undefined when it may. */
export function issueRefusal(exporter: Exporter, options: ExportOptions, readiness: Readiness, workspace: Workspace): string | undefined {
  if (readiness !== 'tender' || options[DRAFT_OPTION] === true || !exporter.options.some((option) => option.name === DRAFT_OPTION)) return undefined;
  const { notAgreed } = tenderPack(workspace);
  if (notAgreed.length === 0) return undefined;
  const named = notAgreed.slice(0, NAMED).join(', ');
  const more = notAgreed.length > NAMED ? ` and ${notAgreed.length - NAMED} more` : '';
  const count = notAgreed.length === 1 ? '1 requirement asked of bidders is' : `${notAgreed.length} requirements asked of bidders are`;
  return `export ${exporter.name} is refused under readiness: tender: ${count} not agreed (${named}${more}); agree them, or give --${DRAFT_OPTION} to write a draft`;
}
