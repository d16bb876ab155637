import { KIND_NOUN, LINK_TARGET } from '../model';
import type { Rule, RuleFinding } from './rule';

/** wrong-kind-link: a link to an item of the wrong kind, e.g. `covers` naming a need. */
export const wrongKindLink: Rule = {
  code: 'wrong-kind-link',
  stage: 'check',
  severity: 'error',
  summary: 'a link to an item of the wrong kind (`covers` naming a need)',
  where: "the link's value",
  reads: ['targets'],
  help: `Each link field points at one kind of item: \`satisfies\` at needs, \`covers\` and \`parent\` at requirements. This link names an item of another kind, so it counts for nothing in the trace.

**How to fix:** name an item of the right kind — a clause covers the requirements that meet a need, not the need itself.

\`\`\`yaml
covers: [UN-HR-001]   # ← a need: name the requirements that satisfy it
\`\`\``,
  check(context, file) {
    const findings: RuleFinding[] = [];
    for (const { link, resolution } of context.resolvedLinks(file)) {
      if (resolution.state !== 'wrong-kind') continue;
      const expected = KIND_NOUN[LINK_TARGET[link.field]];
      findings.push({
        message: `${link.field} must name ${expected}s, but ${link.to} is a ${KIND_NOUN[resolution.target.kind]}.`,
        uri: file.uri,
        span: link.span,
        related: [{ uri: resolution.target.uri, span: resolution.target.idSpan, message: `${link.to} is defined here` }],
      });
    }
    return findings;
  },
};
