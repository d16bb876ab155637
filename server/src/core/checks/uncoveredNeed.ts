import { isWithdrawn, type Finding } from '../model';
import type { Check } from './types';

/** uncovered-need: no live requirement satisfies this need. */
export const uncoveredNeed: Check = (index, file) => {
  const findings: Finding[] = [];
  for (const item of file.items) {
    if (item.kind !== 'needs' || isWithdrawn(item)) continue;
    const met = index.someLinkTo(item.id, (link) => link.field === 'satisfies' && link.from.kind === 'requirements' && !isWithdrawn(link.from));
    if (met) continue;
    findings.push({
      code: 'uncovered-need',
      severity: 'warning',
      message: `No requirement satisfies ${item.id}: add its id to the 'satisfies' list of the requirement that meets it.`,
      uri: file.uri,
      span: item.idSpan,
    });
  }
  return findings;
};
