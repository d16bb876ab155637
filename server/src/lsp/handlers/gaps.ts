/** The Gaps view's request (GAPS_REQUEST): what stops the ITT being issued, grouped. */
import { applySeverity, tenderSeverity } from '../../core/checks/registry';
import { blockingCount, gapGroups } from '../../core/query/gapGroups';
import { workspaceFindings } from '../../core/workspace';
import type { ReportFolder } from './report';
import { linesIn, toRange, type OpenDocuments } from '../convert';
import type { GapGroup, GapsReply } from '../protocol';
import { viewItems } from './viewItem';

export function gapsRequest(folder: ReportFolder, open?: OpenDocuments): GapsReply {
  const { index, config } = folder;
  // The findings as the report's verdict judges them (see report.ts): the folder's severities, then readiness: tender's.
  const findings = applySeverity([...applySeverity(folder.configFindings, config.severity), ...workspaceFindings(index, config)], tenderSeverity(config.severityLayers));
  const groups = gapGroups(index, folder.coverageModel(), findings);
  const view = viewItems(index, open);
  const lines = linesIn(index, open);
  const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return {
    groups: groups.map(
      (group): GapGroup => ({
        key: group.key,
        label: group.label,
        blocking: group.blocking,
        entries: group.gaps.map((gap) => {
          const positions = lines(gap.uri);
          return { ...(gap.item ? { item: view(gap.item) } : {}), label: gap.label, ...(gap.detail !== undefined ? { detail: gap.detail } : {}), uri: gap.uri, range: positions ? toRange(positions, gap.span) : zero };
        }),
      }),
    ),
    blocking: blockingCount(groups),
    items: countOf(index.allItems()),
  };
}

/** How many things an iterable gives, without keeping them. */
function countOf(items: Iterable<unknown>): number {
  const iterator = items[Symbol.iterator]();
  let count = 0;
  while (!iterator.next().done) count++;
  return count;
}
