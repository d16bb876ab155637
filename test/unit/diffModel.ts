/** Requirements diffs made by hand, for the renderers' tests. */
import type { DiffItem, RequirementsDiff } from '../../server/src/core/change/diff';

export const FIGURES = { needs: 1, needsCovered: 1, needsTraced: 1, needsTracedPercent: 100, requirements: 1, requirementsCovered: 1, requirementsWaived: 0, requirementsUncovered: 0, requirementsCoveredPercent: 100, clauses: 1 };

export const item = (id: string, title = ''): DiffItem => ({ id, kind: 'requirements', title, file: 'r.reqs.yaml', line: 3 });

export function model(parts: Partial<Pick<RequirementsDiff, 'items' | 'impact'>>): RequirementsDiff {
  const items = parts.items ?? { added: [], removed: [], renamed: [], changed: [] };
  const impact = parts.impact ?? [];
  return {
    version: 1,
    base: { ref: 'main', commit: 'a'.repeat(40) },
    head: { ref: null, commit: null },
    workspace: '.',
    summary: { added: items.added.length, removed: items.removed.length, renamed: items.renamed.length, changed: items.changed.length, linksAdded: 0, linksRemoved: 0, coverageChanged: 0, toReRead: 0 },
    items,
    links: { added: [], removed: [] },
    coverage: { before: FIGURES, after: FIGURES, changed: [] },
    impact,
  };
}

export const changedItem = (title: string, removed: string, added: string): RequirementsDiff =>
  model({
    items: {
      added: [],
      removed: [],
      renamed: [],
      changed: [{ ...item('REQ-1', title), before: { file: 'r.reqs.yaml', line: 3 }, fingerprint: { before: '0123456789', after: '9876543210' }, fields: [{ field: 'statement', before: removed, after: added, words: [{ kind: 'same', text: 'The solution shall' }, { kind: 'removed', text: removed }, { kind: 'added', text: added }] }] }],
    },
  });
