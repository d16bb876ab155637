import { STAMP } from '../fingerprint';
import { isWithdrawn } from '../model';
import { itemEntries, itemField } from './places';
import type { Rule, RuleFinding } from './rule';

/** unreviewed-change: an item carrying `reviewed` whose content has changed since. It reads only the item. */
export const unreviewedChange: Rule = {
  code: 'unreviewed-change',
  stage: 'check',
  severity: 'info',
  summary: 'an item marked `reviewed` has changed since that review',
  where: 'the `reviewed` value',
  reads: [],
  fixes: ['mark-item-reviewed'],
  help: `\`reviewed: 3f9a2c1d7e\` on an item records its own fingerprint when it was last reviewed (by a design authority, say). When its meaning changes (the same fields a stamped link watches; see suspect-link) the item no longer matches what was reviewed, and this finding says so until it is reviewed again. Layout never counts.

**How to fix:** have the change reviewed, then mark the item reviewed (the quick fix writes its current fingerprint; \`reqtrace review REQ-HR-001\` does it from the command line).`,
  check(context, file) {
    const findings: RuleFinding[] = [];
    let entries: ReturnType<typeof itemEntries> | undefined;
    for (const item of file.items) {
      if (item.reviewed === undefined || !STAMP.test(item.reviewed) || isWithdrawn(item)) continue;
      const now = context.fingerprint(item);
      if (now === item.reviewed) continue;
      entries ??= itemEntries(context.tree(file));
      findings.push({
        message: `${item.id} has changed since it was reviewed: have the change reviewed, then mark the item reviewed (reviewed ${item.reviewed}, now ${now}).`,
        uri: file.uri,
        span: itemField(entries, item, 'reviewed')?.span ?? item.idSpan,
        data: { fingerprint: now },
      });
    }
    return findings;
  },
};
