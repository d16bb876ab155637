import type { Rule, RuleFinding } from '../rule';
import { obligationsIn } from './obligations';
import { fieldsToRead, spansIn } from './words';

/** multiple-shall: more than one obligation in one statement. */
export const multipleShall: Rule = {
  code: 'multiple-shall',
  stage: 'check',
  severity: 'warning',
  summary: 'more than one "shall" or "must" in one requirement statement: two requirements in one',
  where: 'each "shall" or "must" after the first',
  reads: [],
  help: `A statement with two obligations is two requirements: a bidder can meet one and not the other, yet answers once, and a tester passes or fails both together (INCOSE Guide to Writing Requirements, rule R18: one thought per requirement; ISO/IEC/IEEE 29148: singular).

**How to fix:** split it into one requirement per "shall", each with its own id, acceptance criteria and place in the ITT; a parent requirement can hold them together (\`parent:\`).

It counts "shall" as a whole word in requirement statements, or "must" in a statement written with "must" alone ("… the data departments must publish" in a "shall" statement is their duty, not a second one of its own; "must-have" is not one). Silence it for one item with \`silence: { multiple-shall: reason }\`.`,
  check(_context, file) {
    const findings: RuleFinding[] = [];
    for (const item of file.items) {
      for (const field of fieldsToRead(item, { requirements: ['statement'] }, 'multiple-shall')) {
        const found = obligationsIn(field.value);
        const spanOf = spansIn(file, field);
        for (const extra of found.slice(1)) {
          findings.push({
            message: `'${extra.words}' again: this statement holds ${found.length} obligations, so it is ${found.length} requirements. Split it so each can be answered and tested on its own.`,
            uri: file.uri,
            span: spanOf(extra.start, extra.end),
          });
        }
      }
    }
    return findings;
  },
};
