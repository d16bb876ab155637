import type { Rule, RuleFinding } from '../rule';
import { EARS_SHAPES, earsPattern as patternOf } from './ears';
import { fieldsToRead, sourceSpan } from './words';

const SHAPES = Object.entries(EARS_SHAPES)
  .map(([name, shape]) => `- ${name}: ${shape}`)
  .join('\n');

/** ears-pattern: a statement that follows none of the EARS patterns. */
export const earsPattern: Rule = {
  code: 'ears-pattern',
  stage: 'check',
  severity: 'warning',
  off: true,
  summary: 'a requirement statement that follows none of the EARS patterns',
  where: 'the statement',
  reads: [],
  help: `EARS (the Easy Approach to Requirements Syntax) gives a requirement one of a few fixed shapes, so the trigger, the state and the response are each in their place and easy to test:

${SHAPES}

The hover of every requirement names the pattern its statement follows, whether or not this rule is on.

**How to fix:** begin with the condition ("When a leaver is processed, the solution shall …") or with the system ("The solution shall …").

Off by default: turn it on with \`rules: { ears-pattern: { severity: warning } }\`. Silence it for one item with \`silence: { ears-pattern: reason }\`.`,
  check(_context, file) {
    const findings: RuleFinding[] = [];
    for (const item of file.items) {
      for (const field of fieldsToRead(item, { requirements: ['statement'] }, 'ears-pattern')) {
        if (field.value.trim() === '' || patternOf(field.value) !== undefined) continue;
        const start = field.value.length - field.value.trimStart().length;
        findings.push({
          message: "This statement follows none of the EARS patterns: begin 'The <system> shall', or with 'When', 'While', 'If … then' or 'Where' and a comma before 'the <system> shall'.",
          uri: file.uri,
          span: sourceSpan(file, field, start, field.value.trimEnd().length),
        });
      }
    }
    return findings;
  },
};
