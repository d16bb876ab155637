import type { Rule, RuleFinding } from '../rule';
import { fieldsToRead, sourceSpan } from './words';

/** What a need's `as` may not be on its own: no role, just "a user". */
const GENERIC = new RegExp(
  String.raw`^(?:(?:an?|the|all|any)\s+)?(?:` +
    // "a user", "an end user", "a power user", "a user of the expenses service"
    String.raw`(?:(?:end|system|business|general|power|finance|hr|payroll|internal|external|standard|normal|typical|ordinary|regular|basic|erp|application|software)[\s-]+)?users?(?:\s+of\s+.+)?` +
    String.raw`|stakeholders?|customers?|clients?|persons?|people|someone|anyone|everyone|business` +
    ')$',
  'i',
);

/** generic-user: a need that does not say whose it is. */
export const genericUser: Rule = {
  code: 'generic-user',
  stage: 'check',
  severity: 'warning',
  summary: 'a user need whose `as` names no role ("a user", "users", "stakeholder")',
  where: "the need's `as`",
  reads: [],
  help: `A user need starts from a real person in a real role: "As a payroll officer in DWP…", "As a Home Office budget holder…". "As a user" says nothing about who needs this, what they already know or what they are trying to do, so nobody can judge whether a requirement meets it (GDS Service Manual: "Learning about users and their needs"; write needs from research with named user groups).

**How to fix:** name the role and, where it matters, where they work: \`as: a line manager in the Ministry of Justice\`.

It finds an \`as\` that is only "user", "a user", "users", "the end user", "a system user", "a power user", "a finance user", "a user of <a service>", "stakeholder", "a customer", "a person", "someone" or "the business". A group named by what they do ("a screen reader user", "a user researcher", "an employee" using self-service) is not found. Silence it for one need with \`silence: { generic-user: reason }\`.`,
  check(_context, file) {
    const findings: RuleFinding[] = [];
    for (const item of file.items) {
      for (const field of fieldsToRead(item, { needs: ['as'] }, 'generic-user')) {
        const words = field.value.trim().replace(/\s+/g, ' ');
        if (!GENERIC.test(words)) continue;
        const start = field.value.indexOf(field.value.trim());
        findings.push({
          message: `'${words}' does not say who needs this: name the role, e.g. 'a payroll officer in DWP'.`,
          uri: file.uri,
          span: sourceSpan(file, field, start, start + field.value.trim().length),
        });
      }
    }
    return findings;
  },
};
