import { listed, listRule, REQUIREMENT_PROSE, startsSentence } from './words';

const PHRASES = [
  'where possible',
  'wherever possible',
  'as far as possible',
  'as far as practicable',
  'as far as reasonably practicable',
  'if possible',
  'if practicable',
  'where practicable',
  'if feasible',
  'where feasible',
  'as appropriate',
  'where appropriate',
  'if appropriate',
  'if necessary',
  'where necessary',
  'as necessary',
  'to the extent possible',
  'to the extent practicable',
  'as required',
  'if required',
  'where required',
  'if needed',
  'as needed',
  'where applicable',
  'as applicable',
  'if applicable',
  'as far as reasonable',
  'where reasonable',
  'reasonable endeavours',
  'best endeavours',
  'endeavour to',
  'subject to availability',
  'so far as is reasonably practicable',
  'so far as is practicable',
  'so far as possible',
  'when necessary',
  'when required',
  'when appropriate',
  'where relevant',
  'as relevant',
  'if relevant',
];

/** References to a rule that sets the need: "as required by the Equality Act" is not optional. */
const ALLOWED = ['as required by', 'as required under', 'where required by', 'if required by', 'when required by', 'where necessary for', 'as necessary for'];

/** escape-clause: words that let a bidder meet the requirement by doing nothing. */
export const escapeClause = listRule({
  code: 'escape-clause',
  severity: 'warning',
  summary: 'an escape clause ("where possible", "if practicable", "as appropriate") that lets a bidder meet the requirement by doing nothing',
  fields: REQUIREMENT_PROSE,
  phrases: PHRASES,
  allowed: ALLOWED,
  // "Where possible duplicate invoices …", "If required fields …": a condition on a noun, not an escape clause.
  keep: (value, match) => !(startsSentence(value, match.start) && !/^\s*,/.test(value.slice(match.end))),
  message: (words) => `'${words}' is an escape clause: bidders can meet this by doing nothing. Say exactly when it applies.`,
  help: `An escape clause makes a requirement optional without saying so: "The solution shall produce the report overnight where possible" is met by a solution that never does. Bidders will all answer Fully compliant and evaluators have nothing to hold them to (INCOSE Guide to Writing Requirements, rule R8: avoid escape clauses).

**How to fix:** say exactly when the requirement applies, as a condition a tester can check — "When a payroll run completes before 22:00, the solution shall …" — or make it a separate, lower-priority requirement.

It finds ${listed(PHRASES)} in requirement statements and acceptance criteria and in clause questions. A condition that names its case ("Where the organisation uses cost centres, …", the EARS optional pattern) is not an escape clause and is not found; nor is a phrase that opens a sentence without a comma after it ("If required fields are blank, …", "Where possible duplicates …"), nor a reference to what requires it ("as required by the Equality Act 2010"). Add words with \`rules: { escape-clause: { add: [...] } }\`, spare phrases with \`allow: [...]\`, or silence it for one item with \`silence: { escape-clause: reason }\`.`,
});
