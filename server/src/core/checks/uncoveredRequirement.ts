import { isWithdrawn, type Finding } from '../model';
import type { Check } from './types';

/** uncovered-requirement: no live ITT clause asks bidders for this requirement, and it has no waiver. */
export const uncoveredRequirement: Check = (index, file) => {
  const findings: Finding[] = [];
  for (const item of file.items) {
    if (item.kind !== 'requirements' || isWithdrawn(item) || item.waiverReason !== undefined) continue;
    const asked = index.someLinkTo(item.id, (link) => link.field === 'covers' && link.from.kind === 'itt' && !isWithdrawn(link.from));
    if (asked) continue;
    findings.push({
      code: 'uncovered-requirement',
      severity: 'warning',
      message: `No ITT clause covers ${item.id}, so bidders are never asked for it: add it to a clause's 'covers' or give it a waiver with a reason.`,
      uri: file.uri,
      span: item.idSpan,
    });
  }
  return findings;
};
