import { baseName } from '../model';
import type { Rule, RuleFinding } from './rule';

/** duplicate-id: the same id defined more than once; every occurrence names the others. */
export const duplicateId: Rule = {
  code: 'duplicate-id',
  stage: 'check',
  severity: 'error',
  summary: 'the same id defined more than once; each occurrence names the others',
  where: 'every `id` value',
  reads: ['definitions'],
  help: `Two or more items share an id. Every id must be unique in the workspace, or links to it are ambiguous: a \`covers: [REQ-HR-001]\` could mean either.

**How to fix:** give one of them a new id (rename it with your editor's Rename Symbol to update its links), or delete the copy. The finding lists where the others are.`,
  check(context, file) {
    const findings: RuleFinding[] = [];
    for (const item of file.items) {
      const defs = context.store.definitionsOf(item.id);
      if (defs.length < 2) continue;
      const others = defs.filter((d) => d !== item);
      const where = others.map((o) => baseName(o.uri)).join(', ');
      findings.push({
        message: `${item.id} is defined ${defs.length} times (also in ${where}): every id must be unique in the workspace.`,
        uri: file.uri,
        span: item.idSpan,
        related: others.map((o) => ({ uri: o.uri, span: o.idSpan, message: `${item.id} is also defined here` })),
      });
    }
    return findings;
  },
};
