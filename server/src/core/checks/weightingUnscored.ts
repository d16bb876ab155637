import { isWithdrawn } from '../model';
import { figure, itemEntries, itemField } from './places';
import type { Rule, RuleFinding } from './rule';

/** weighting-unscored: a pass/fail or information clause with a weighting that nothing uses. */
export const weightingUnscored: Rule = {
  code: 'weighting-unscored',
  stage: 'check',
  severity: 'warning',
  summary: 'a pass-fail or information clause that carries a `weighting`, which only scored clauses use',
  where: "the clause's `weighting` value",
  reads: [],
  help: `Only scored clauses are weighted: a pass/fail answer excludes a bid or lets it through, and an answer for information is not evaluated at all. A \`weighting\` on such a clause is never used, and suggests the clause was meant to be scored, or was scored once and changed.

**Why it matters:** readers of the ITT (and bidders, if the weighting is published) take the weighting to mean the answer is marked, and the section's scored weightings no longer add up to what the file seems to say.

**How to fix:** remove the weighting, or make the clause \`response: scored\` if its answers are to be marked (and rebalance the section's weightings).

\`\`\`yaml
  - id: ITT-2.1
    response: pass-fail
    weighting: 10      # ← remove: pass/fail answers are not weighted
\`\`\``,
  check(context, file) {
    const findings: RuleFinding[] = [];
    let entries: ReturnType<typeof itemEntries> | undefined;
    for (const item of file.items) {
      if (item.kind !== 'itt' || isWithdrawn(item) || item.weighting === undefined || (item.response !== 'pass-fail' && item.response !== 'information')) continue;
      entries ??= itemEntries(context.tree(file));
      const how = item.response === 'pass-fail' ? 'pass/fail' : 'for information only';
      findings.push({
        message: `${item.id} is ${how}, so its weighting of ${figure(item.weighting)} is never used: remove it, or make the clause scored if its answers are to be marked.`,
        uri: file.uri,
        span: itemField(entries, item, 'weighting')?.span ?? item.idSpan,
      });
    }
    return findings;
  },
};
