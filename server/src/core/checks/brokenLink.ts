import { describeLookalikes } from '../ids';
import { KIND_NOUN, LINK_TARGET } from '../model';
import type { Rule, RuleFinding } from './rule';

/** broken-link: a link to an id that nothing defines, with the nearest id of the right kind. */
export const brokenLink: Rule = {
  code: 'broken-link',
  stage: 'check',
  severity: 'error',
  summary: 'a link to an id that does not exist, with "Did you mean UN-HR-010?" when an id of the right kind is within two edits, and a note when the id contains a look-alike dash (U+2010, U+2013, …)',
  where: "the link's value",
  reads: ['targets', 'ids'],
  fixes: ['use-suggested-id', 'create-missing-item'],
  help: `A \`satisfies\`, \`covers\` or \`parent\` link names an id that no item has, so the trace is broken here: a need may look met, or a requirement asked of bidders, when it is not.

**How to fix:** correct the id (the quick fix offers the nearest id of the right kind), create the missing item (the other quick fix writes a stub), or remove the link. Look-alike dashes pasted from a word processor (‐ – —) are named in the message.

\`\`\`yaml
satisfies: [UN-HR-01O]   # ← the letter O: did you mean UN-HR-010?
\`\`\``,
  check(context, file) {
    const findings: RuleFinding[] = [];
    for (const { link, resolution } of context.resolvedLinks(file)) {
      if (resolution.state !== 'missing') continue;
      const targetKind = LINK_TARGET[link.field];
      const suggestion = context.suggest(link.to, targetKind);
      const lookalikes = describeLookalikes(link.to);
      let message = `${link.to} does not exist: no ${KIND_NOUN[targetKind]} has this id.`;
      if (lookalikes) message += ` The id contains ${lookalikes}.`;
      if (suggestion) message += ` Did you mean ${suggestion}?`;
      findings.push({ message, uri: file.uri, span: link.span, data: { missingId: link.to, targetKind, ...(suggestion ? { suggestion } : {}) } });
    }
    return findings;
  },
};
