import { isWithdrawn, type Finding } from '../model';
import { isLiveLink, type Check } from './types';

/**
 * empty-clause: a clause that lists requirements in `covers` but none of them is a live
 * requirement (all missing, of the wrong kind or withdrawn), so it asks bidders for nothing.
 * A missing or empty `covers` is already a schema error.
 */
export const emptyClause: Check = (index, file) => {
  const findings: Finding[] = [];
  for (const item of file.items) {
    if (item.kind !== 'itt' || isWithdrawn(item) || item.response === 'information') continue;
    const covers = item.links.filter((link) => link.field === 'covers');
    if (covers.length === 0 || covers.some((link) => isLiveLink(index, link))) continue;
    findings.push({
      code: 'empty-clause',
      severity: 'warning',
      message: `${item.id} covers nothing: every requirement it lists is missing, of the wrong kind or withdrawn, so it asks bidders for nothing.`,
      uri: file.uri,
      span: item.idSpan,
    });
  }
  return findings;
};
