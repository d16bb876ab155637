import { stateOf } from '../query/trace';
import type { Rule, RuleFinding } from './rule';

/**
 * empty-clause: a clause that lists requirements in `covers` but none of them is a live
 * requirement (all missing, of the wrong kind or withdrawn), so it asks bidders for nothing.
 * A missing or empty `covers` is already a schema error.
 */
export const emptyClause: Rule = {
  code: 'empty-clause',
  stage: 'check',
  severity: 'warning',
  summary: "a clause whose `covers` names only missing, wrong-kind or withdrawn requirements (an empty or missing `covers` is a `schema` error)",
  where: "the clause's `id`",
  reads: ['targets'],
  help: `Every requirement this clause lists in \`covers\` is missing, of the wrong kind or withdrawn, so the clause asks bidders for nothing that is still required — yet bidders will answer it and evaluators score it.

**How to fix:** point \`covers\` at the live requirements the question is about, withdraw the clause, or make it \`response: information\` if it only gathers information.`,
  check(context, file) {
    const findings: RuleFinding[] = [];
    for (const item of file.items) {
      if (item.kind !== 'itt' || !item.links.some((link) => link.field === 'covers') || stateOf(context.store, item) !== 'empty') continue;
      findings.push({
        message: `${item.id} covers nothing: every requirement it lists is missing, of the wrong kind or withdrawn, so it asks bidders for nothing.`,
        uri: file.uri,
        span: item.idSpan,
      });
    }
    return findings;
  },
};
