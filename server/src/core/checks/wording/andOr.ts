import { listRule, REQUIREMENT_PROSE } from './words';

/** and-or: "and/or" leaves it to the reader which is meant. */
export const andOr = listRule({
  code: 'and-or',
  severity: 'warning',
  summary: '"and/or", which leaves it to the reader whether both are required',
  fields: REQUIREMENT_PROSE,
  phrases: ['and/or', 'and / or'],
  message: (words) => `'${words}' leaves it to the bidder whether both are needed: say 'and', 'or', or 'either or both'.`,
  help: `"The solution shall export to CSV and/or Excel" is met by a solution that exports to one of them, and read by another bidder as asking for both (INCOSE Guide to Writing Requirements, rule R19: avoid combinators that blur the meaning).

**How to fix:** say \`and\` when both are required, \`or\` when either will do, or "either or both" when that is what you mean. Two requirements are often clearer still.

It finds "and/or" (with or without spaces around the slash) in requirement statements and acceptance criteria and in clause questions. Silence it for one item with \`silence: { and-or: reason }\`.`,
});
