import { isWithdrawn } from '../model';
import { isNeedMet } from '../query/trace';
import type { Rule, RuleFinding } from './rule';

/** uncovered-need: no live requirement satisfies this need. */
export const uncoveredNeed: Rule = {
  code: 'uncovered-need',
  stage: 'check',
  severity: 'warning',
  summary: 'no live requirement satisfies this need',
  where: "the need's `id`",
  reads: ['sources'],
  fixes: ['create-satisfying-requirement'],
  help: `No requirement that is still live (not withdrawn) lists this need in \`satisfies\`, so nothing in the statement of requirements meets it and bidders will never be asked for it.

**How to fix:** add the need's id to the \`satisfies\` list of the requirement that meets it, write that requirement, or withdraw the need if it is no longer wanted.

\`\`\`yaml
- id: REQ-HR-001
  satisfies: [UN-HR-001]   # ← meets the need
\`\`\``,
  check(context, file) {
    const findings: RuleFinding[] = [];
    for (const item of file.items) {
      if (item.kind !== 'needs' || isWithdrawn(item) || isNeedMet(context.store, item)) continue;
      findings.push({
        message: `No requirement satisfies ${item.id}: add its id to the 'satisfies' list of the requirement that meets it.`,
        uri: file.uri,
        span: item.idSpan,
      });
    }
    return findings;
  },
};
