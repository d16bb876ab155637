import { isWithdrawn, type Finding } from '../model';
import type { Check } from './types';

/** orphan-requirement: a requirement that satisfies no need and refines no other requirement. */
export const orphanRequirement: Check = (_index, file) => {
  const findings: Finding[] = [];
  for (const item of file.items) {
    if (item.kind !== 'requirements' || isWithdrawn(item)) continue;
    if (item.links.some((link) => link.field === 'satisfies' || link.field === 'parent')) continue;
    findings.push({
      code: 'orphan-requirement',
      severity: 'warning',
      message: `${item.id} satisfies no user need and has no parent: say which need it meets in 'satisfies', or which requirement it refines in 'parent'.`,
      uri: file.uri,
      span: item.idSpan,
    });
  }
  return findings;
};
