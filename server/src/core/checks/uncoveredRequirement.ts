import { stateOf } from '../query/trace';
import type { Rule, RuleFinding } from './rule';

/** uncovered-requirement: no live ITT clause asks bidders for this requirement, and it has no waiver. */
export const uncoveredRequirement: Rule = {
  code: 'uncovered-requirement',
  stage: 'check',
  severity: 'warning',
  summary: 'no live ITT clause covers this requirement and it has no waiver',
  where: "the requirement's `id`",
  reads: ['sources'],
  fixes: ['add-waiver', 'cover-in-clause'],
  help: `No live ITT clause lists this requirement in \`covers\`, so the invitation to tender never asks bidders for it and nobody will be evaluated on it.

**How to fix:** add the requirement's id to the \`covers\` of the clause that asks for it, or, if it is deliberately left out of this tender, give it a \`waiver\` with the reason.

\`\`\`yaml
waiver: { reason: "Covered by the payroll framework, not this ITT" }
\`\`\``,
  check(context, file) {
    const findings: RuleFinding[] = [];
    for (const item of file.items) {
      if (item.kind !== 'requirements' || stateOf(context.store, item) !== 'uncovered') continue;
      findings.push({
        message: `No ITT clause covers ${item.id}, so bidders are never asked for it: add it to a clause's 'covers' or give it a waiver with a reason.`,
        uri: file.uri,
        span: item.idSpan,
      });
    }
    return findings;
  },
};
