import { percent, type NeedCounts, type RequirementCounts } from './coverage';

/** The cells of one row of a per-department or per-priority table; a share of nothing is a dash, not "0 (100%)". */
export function countsCells(counts: { needs: NeedCounts; requirements: RequirementCounts }): string[] {
  const { needs, requirements } = counts;
  const covered = requirements.covered + requirements.uncovered;
  const share = (part: number, whole: number): string => (whole === 0 ? '—' : `${part} (${percent(part, whole)}%)`);
  return [
    String(needs.total),
    share(needs.covered, needs.total),
    share(needs.traced, needs.total),
    String(needs.uncovered),
    String(requirements.total),
    share(requirements.covered, covered),
    String(requirements.waived),
    String(requirements.uncovered),
  ];
}
