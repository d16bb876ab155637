import { isWithdrawn } from '../model';
import type { Rule, RuleFinding } from './rule';

/** not-agreed: a live clause asks bidders for a requirement that is still draft or proposed. */
export const notAgreed: Rule = {
  code: 'not-agreed',
  stage: 'check',
  severity: 'info',
  summary: 'a clause covers a requirement whose status is draft or proposed (not yet agreed)',
  where: 'the requirement id in the clause\'s `covers`',
  reads: ['targets'],
  help: `A live clause asks bidders for a requirement that is not agreed yet: its \`status\` is \`draft\` (the status of a requirement that gives none) or \`proposed\`. While drafting that is normal, so this is for information; \`readiness: tender\` in the config makes it an error, and \`reqtrace export matrix\` then refuses to write the bidder workbook (unless \`--draft\`). A Won't Have requirement is never put to bidders and is left alone.

**Why it matters:** once the ITT is issued, what it asks for cannot change without reissuing it; a requirement still under discussion may change after bidders have priced it.

**How to fix:** agree the requirement (\`status: agreed\`) before the ITT is issued, or take it out of the clause's \`covers\` until it is.

\`\`\`yaml
  - id: REQ-PAY-004
    status: agreed     # ← was proposed
\`\`\``,
  check(context, file) {
    const findings: RuleFinding[] = [];
    for (const { link, resolution } of context.resolvedLinks(file)) {
      if (link.field !== 'covers' || resolution.state !== 'ok' || isWithdrawn(link.from)) continue;
      const { target } = resolution;
      if ((target.status !== 'draft' && target.status !== 'proposed') || target.priority === 'wont') continue;
      findings.push({
        message: `${target.id} is ${target.status}, not agreed: bidders would be asked for a requirement that may still change. Agree it (status: agreed) before the ITT is issued.`,
        uri: file.uri,
        span: link.span,
      });
    }
    return findings;
  },
};
