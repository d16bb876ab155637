import { isWithdrawn, type Item } from '../model';
import type { Rule, RuleFinding } from './rule';

/** must-not-evaluated: a live must requirement that only `information` clauses ask bidders for. */
export const mustNotEvaluated: Rule = {
  code: 'must-not-evaluated',
  stage: 'check',
  severity: 'warning',
  summary: 'a live must requirement that only `information` clauses cover: bidders are asked for it but their answers are never evaluated',
  where: "the requirement's `id`; each clause that covers it is a related location",
  reads: ['sources'],
  help: `A Must Have requirement is one the solution cannot go live without, yet every live clause that asks bidders for it is \`response: information\`, whose answers are read but neither scored nor passed or failed. A bid that cannot meet it would still win. Requirements no clause covers are \`uncovered-requirement\`'s; one with a \`waiver\` records a decision about how it is asked for and is left alone. \`readiness: tender\` in the config makes this an error.

**Why it matters:** what is not evaluated cannot be held against a bid, and cannot be added to the evaluation after the ITT is issued.

**How to fix:** ask for it in a \`pass-fail\` clause (mandatory: a "fail" excludes the bid) or a \`scored\` one, or lower its priority if it is not truly a Must.

\`\`\`yaml
  - id: ITT-2.4
    response: pass-fail      # ← was information
    covers: [REQ-SEC-001]
\`\`\``,
  check(context, file) {
    const findings: RuleFinding[] = [];
    for (const item of file.items) {
      if (item.kind !== 'requirements' || isWithdrawn(item) || item.priority !== 'must' || item.waiverReason !== undefined) continue;
      const clauses: Item[] = [];
      for (const link of context.store.referencesTo(item.id)) {
        const clause = link.from;
        if (link.field === 'covers' && clause.kind === 'itt' && !isWithdrawn(clause) && !clauses.includes(clause)) clauses.push(clause);
      }
      if (clauses.length === 0 || clauses.some((clause) => clause.response !== 'information')) continue;
      // In the order of the files, not of the index's list (which an edit elsewhere reorders).
      clauses.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.idSpan.start - b.idSpan.start));
      const ids = clauses.map((clause) => clause.id).join(', ');
      findings.push({
        message: `${item.id} is a must, but only ${clauses.length === 1 ? `${ids}, a clause for information, asks` : `clauses for information (${ids}) ask`} bidders for it: their answers are never evaluated. Ask for it in a pass-fail or scored clause.`,
        uri: file.uri,
        span: item.idSpan,
        related: clauses.map((clause) => ({ uri: clause.uri, span: clause.idSpan, message: `${clause.id} asks for ${item.id} for information only` })),
      });
    }
    return findings;
  },
};
