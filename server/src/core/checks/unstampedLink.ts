import { isWithdrawn } from '../model';
import type { Rule, RuleFinding } from './rule';

/** unstamped-link: a link with no stamp, for teams that track every link (`suspect-links: all`). */
export const unstampedLink: Rule = {
  code: 'unstamped-link',
  stage: 'check',
  severity: 'warning',
  off: true,
  summary: 'a link without a stamp, when the config says `suspect-links: all`',
  where: "the link's value",
  reads: ['targets'],
  fixes: ['mark-link-reviewed'],
  help: `With \`suspect-links: all\` in reqtrace.config.yaml every link is tracked: a link written without a stamp (\`satisfies: [UN-HR-001]\`) is reported until it is reviewed and stamped (\`UN-HR-001@3f9a2c1d7e\`), so that a later change to the item it points to shows as a suspect link. Off otherwise: a plain id means "not tracked". A link to an id no item has, to one two items have, to an item of the wrong kind or to a withdrawn item is not reported here: it cannot be reviewed until that finding is mended.

**How to fix:** check that this item still fits the one it links to, then mark the link reviewed (the quick fix, or \`reqtrace review --links-to UN-HR-001\`, or \`reqtrace review --all\` for a first baseline).`,
  check(context, file) {
    const findings: RuleFinding[] = [];
    for (const { link, resolution } of context.resolvedLinks(file)) {
      if (link.stamp !== undefined || isWithdrawn(link.from)) continue;
      // Nothing to review yet: a missing, duplicated, wrong-kind or withdrawn target is another rule's finding.
      if (resolution.state !== 'ok' || isWithdrawn(resolution.target) || context.store.definitionsOf(link.to).length !== 1) continue;
      findings.push({ message: `This link to ${link.to} has no stamp, so a change to ${link.to} would go unnoticed: review it, then mark it reviewed.`, uri: file.uri, span: link.span });
    }
    return findings;
  },
};
