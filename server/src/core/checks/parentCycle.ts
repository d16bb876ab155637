import { parentChain } from '../query/trace';
import type { Rule, RuleFinding } from './rule';

/** parent-cycle: a `parent` chain that comes back to where it started. */
export const parentCycle: Rule = {
  code: 'parent-cycle',
  stage: 'check',
  severity: 'error',
  summary: 'a `parent` chain that loops, with the loop spelled out',
  where: 'the `parent` value of each item in the loop',
  reads: ['parent-chain'],
  help: `Following \`parent\` from this requirement comes back to it: a requirement cannot refine itself, even through others. The message spells out the loop.

**How to fix:** remove or change the \`parent\` of one requirement in the loop, so the chain ends at a top-level requirement.

\`\`\`yaml
- id: REQ-2
  parent: REQ-3
- id: REQ-3
  parent: REQ-2   # ← REQ-2 → REQ-3 → REQ-2
\`\`\``,
  check(context, file) {
    const findings: RuleFinding[] = [];
    for (const item of file.items) {
      const link = item.links.find((l) => l.field === 'parent');
      if (!link) continue;
      const { chain, loops } = parentChain(context.store, item);
      if (!loops) continue;
      findings.push({
        message: `The parent chain loops: ${[item, ...chain, item].map((i) => i.id).join(' → ')}. A requirement cannot be its own ancestor.`,
        uri: file.uri,
        span: link.span,
        related: chain.map((i) => ({ uri: i.uri, span: i.idSpan, message: `${i.id} is in the loop` })),
      });
    }
    return findings;
  },
};
