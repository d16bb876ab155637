import type { Rule, RuleFinding } from '../rule';
import { obligationsIn } from './obligations';
import { fieldsToRead, sourceSpan } from './words';

/** no-shall: a requirement statement that binds nobody. */
export const noShall: Rule = {
  code: 'no-shall',
  stage: 'check',
  severity: 'warning',
  summary: 'a requirement statement with no "shall" or "must": it states no obligation',
  where: 'the statement',
  reads: [],
  help: `A requirement says what the solution shall do. "The system sends a reminder" describes, "the solution should send a reminder" hopes, and "will" predicts: none binds a bidder, and in a contract none can be enforced (ISO/IEC/IEEE 29148: "shall" marks a binding requirement).

**How to fix:** write the obligation: "The solution shall send a reminder to the line manager 5 working days before a probation review is due." Use "must" only where your programme's style does.

It looks for "shall" or "must" as whole words in requirement statements. Silence it for one item with \`silence: { no-shall: reason }\`.`,
  check(_context, file) {
    const findings: RuleFinding[] = [];
    for (const item of file.items) {
      for (const field of fieldsToRead(item, { requirements: ['statement'] }, 'no-shall')) {
        if (field.value.trim() === '' || obligationsIn(field.value).length > 0) continue;
        const start = field.value.length - field.value.trimStart().length;
        const end = field.value.trimEnd().length;
        findings.push({
          message: `This statement has no 'shall' or 'must', so it binds nobody: say what the solution shall do.`,
          uri: file.uri,
          span: sourceSpan(file, field, start, end),
        });
      }
    }
    return findings;
  },
};
