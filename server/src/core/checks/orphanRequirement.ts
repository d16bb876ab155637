import { isWithdrawn } from '../model';
import type { Rule, RuleFinding } from './rule';

/** orphan-requirement: a requirement that satisfies no need and refines no other requirement. */
export const orphanRequirement: Rule = {
  code: 'orphan-requirement',
  stage: 'check',
  severity: 'warning',
  summary: 'satisfies no need and has no parent',
  where: "the requirement's `id`",
  reads: [],
  fixes: ['satisfy-need'],
  help: `This requirement names no need in \`satisfies\` and no requirement in \`parent\`, so nothing says why it is there. Requirements without a reason are the first to be challenged at evaluation, and the hardest to drop when the scope is cut.

**How to fix:** add the need it meets to \`satisfies\`, or the requirement it refines to \`parent\`; if no need calls for it, question whether it belongs.`,
  check(_context, file) {
    const findings: RuleFinding[] = [];
    for (const item of file.items) {
      if (item.kind !== 'requirements' || isWithdrawn(item)) continue;
      if (item.links.some((link) => link.field === 'satisfies' || link.field === 'parent')) continue;
      findings.push({
        message: `${item.id} satisfies no user need and has no parent: say which need it meets in 'satisfies', or which requirement it refines in 'parent'.`,
        uri: file.uri,
        span: item.idSpan,
      });
    }
    return findings;
  },
};
