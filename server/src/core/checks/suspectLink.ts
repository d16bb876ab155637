import { DEFAULT_FINGERPRINT_FIELDS, STAMP } from '../fingerprint';
import { isWithdrawn, KIND_NOUN } from '../model';
import type { Rule, RuleFinding } from './rule';

/**
 * suspect-link: a stamped link whose target has changed since the link was reviewed. It reads its
 * targets' fingerprints, so a change of a need's wording re-checks the files whose links to it
 * carry stamps, and nothing else does.
 */
export const suspectLink: Rule = {
  code: 'suspect-link',
  stage: 'check',
  severity: 'warning',
  summary: 'the item a stamped link points to has changed since the link was reviewed',
  where: "the link's value",
  reads: ['target-fingerprint'],
  fixes: ['mark-link-reviewed', 'mark-links-to-reviewed'],
  help: `A link written with a stamp, \`satisfies: [UN-HR-001@3f9a2c1d7e]\`, records the fingerprint the linked item had when someone last checked that this item still fits it. When the linked item's meaning changes (for a need its \`as\`, \`need\` or \`so-that\`; for a requirement its \`statement\` or \`acceptance\`; for a clause its \`text\`, \`response\` or \`weighting\`; the config's \`fingerprint:\` changes the list) its fingerprint changes, and every link stamped with the old one is suspect: this item was written against words that are no longer there. Layout never counts: re-indenting, re-wrapping or changing the quoting of a text leaves the fingerprint as it was.

**Why it matters:** a reworded need can leave the requirements that meet it, and the clauses that ask bidders for them, answering a question nobody asks any more. Change control means re-reading each of them, and knowing which.

**How to fix:** re-read this item against the changed one and change it if it no longer fits; then mark the link reviewed (the quick fix writes the current stamp, and another marks every suspect link to that item at once; \`reqtrace review --links-to UN-HR-001\` does it from the command line). The hover on the link shows what changed.

**When the config's \`fingerprint:\` changes** the fields read for a kind, every fingerprint of that kind changes, and so every stamp made before differs. A link whose stamp is its target's fingerprint with the default fields says so instead of asking for a re-read: restamp them all once the new fields are agreed (\`reqtrace review --all --links-only\`).

\`\`\`yaml
satisfies: [UN-HR-001@3f9a2c1d7e]   # the stamp: UN-HR-001's fingerprint when this link was reviewed
\`\`\``,
  check(context, file) {
    const findings: RuleFinding[] = [];
    for (const item of file.items) {
      if (isWithdrawn(item)) continue;
      for (const link of item.links) {
        if (link.stamp === undefined || !STAMP.test(link.stamp)) continue;
        const targets = context.store.definitionsOf(link.to);
        // A missing, duplicated or withdrawn target is another rule's finding.
        if (targets.length !== 1) continue;
        const target = targets[0];
        if (!target || isWithdrawn(target)) continue;
        const now = context.fingerprint(target);
        if (now === link.stamp) continue;
        // The config's `fingerprint:` changed the fields read for this kind, and the stamp is the
        // target's fingerprint with the default fields: nothing the link was reviewed against moved.
        const message =
          context.defaultFingerprint(target) === link.stamp
            ? `This link to ${link.to} was stamped with the default fingerprint fields (${DEFAULT_FINGERPRINT_FIELDS[target.kind].join(', ')}), in which ${link.to} has not changed; the config's fingerprint: reads other fields for ${KIND_NOUN[target.kind]}s, so every stamp made before that change differs. Once the new fields are agreed, restamp every link at once: reqtrace review --all --links-only (stamp ${link.stamp}, now ${now}).`
            : `${link.to} has changed since this link was reviewed: re-read ${item.id} against the ${KIND_NOUN[target.kind]} as it is now, then mark the link reviewed (stamp ${link.stamp}, now ${now}).`;
        findings.push({
          message,
          uri: file.uri,
          span: link.span,
          related: [{ uri: target.uri, span: target.idSpan, message: `${link.to} as it is now` }],
          data: { fingerprint: now },
        });
      }
    }
    return findings;
  },
};
