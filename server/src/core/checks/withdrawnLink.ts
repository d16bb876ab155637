import { isWithdrawn, KIND_NOUN } from '../model';
import type { Rule, RuleFinding } from './rule';

/** withdrawn-link: a live item links to a withdrawn one. */
export const withdrawnLink: Rule = {
  code: 'withdrawn-link',
  stage: 'check',
  severity: 'warning',
  summary: 'a live item links to a withdrawn one',
  where: "the link's value",
  reads: ['targets'],
  fixes: ['remove-link'],
  help: `This item links to an item whose \`status\` is \`withdrawn\`. Withdrawn items count for nothing, so the link no longer meets a need or asks bidders for anything.

**How to fix:** remove the link (the quick fix does it) or link to the item that replaced the withdrawn one; if the withdrawal was a mistake, reinstate the item.`,
  check(context, file) {
    const findings: RuleFinding[] = [];
    for (const { link, resolution } of context.resolvedLinks(file)) {
      if (isWithdrawn(link.from)) continue;
      if (resolution.state !== 'ok' || !isWithdrawn(resolution.target)) continue;
      findings.push({
        message: `${link.to} is a withdrawn ${KIND_NOUN[resolution.target.kind]}: remove this link or reinstate it.`,
        uri: file.uri,
        span: link.span,
        related: [{ uri: resolution.target.uri, span: resolution.target.idSpan, message: `${link.to} is withdrawn here` }],
      });
    }
    return findings;
  },
};
