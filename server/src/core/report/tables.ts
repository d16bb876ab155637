import { percent, type NeedCounts, type RequirementCounts } from './coverage';

/** The cells of one row of a per-department or per-priority table. */
export function countsCells(counts: { needs: NeedCounts; requirements: RequirementCounts }): string[] {
  const { needs, requirements } = counts;
  const covered = requirements.covered + requirements.uncovered;
  return [
    String(needs.total),
    `${needs.covered} (${percent(needs.covered, needs.total)}%)`,
    `${needs.traced} (${percent(needs.traced, needs.total)}%)`,
    String(needs.uncovered),
    String(requirements.total),
    `${requirements.covered} (${percent(requirements.covered, covered)}%)`,
    String(requirements.waived),
    String(requirements.uncovered),
  ];
}
