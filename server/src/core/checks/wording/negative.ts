import { listRule } from './words';

/** negative: "shall not" says what the solution must not do. */
export const negative = listRule({
  code: 'negative',
  severity: 'warning',
  off: true,
  summary: 'a negative requirement ("shall not"), which says what the solution must not do rather than what it shall',
  fields: { requirements: ['statement'] },
  phrases: ['shall not', 'must not', 'shall never', 'must never', 'cannot'],
  message: (words) => `'${words}' says what the solution must not do: where you can, say what it shall do instead.`,
  help: `A negative requirement cannot be tested to completion — there is always one more thing the solution might do — and it often hides the positive need (INCOSE Guide to Writing Requirements, rule R16: avoid "not"). Some are right as they stand: "The solution shall not store card numbers" is a security control.

**How to fix:** say what the solution shall do ("The solution shall mask all but the last 4 digits of a card number"), or keep the negative and silence the rule for that item with a reason.

It finds "shall not", "must not", "shall never", "must never" and "cannot" in requirement statements. Off by default: turn it on with \`rules: { negative: { severity: warning } }\`.`,
});
