import { KIND_NOUN } from '../model';
import type { Rule } from './rule';

const SUFFIX: Record<string, string> = { needs: '.needs.yaml', requirements: '.reqs.yaml', itt: '.itt.yaml' };

/** kind-mismatch: the `kind:` value disagrees with the file suffix. */
export const kindMismatch: Rule = {
  code: 'kind-mismatch',
  stage: 'check',
  severity: 'error',
  summary: '`kind` disagrees with the file suffix',
  where: 'the `kind` value',
  reads: ['file'],
  fixes: ['set-kind'],
  help: `The file's \`kind:\` says one thing and its name another: \`hr.reqs.yaml\` must say \`kind: requirements\`. reqtrace checks the items as the name says.

**How to fix:** change \`kind\` to agree with the name (the quick fix does it), or rename the file.

\`\`\`yaml
# payroll.reqs.yaml
kind: needs        # ← kind: requirements
\`\`\``,
  check(_context, file) {
    if (!file.suffixKind || file.declaredKind === undefined || file.declaredKind === file.suffixKind || !file.kindSpan) return [];
    return [
      {
        message: `kind is '${file.declaredKind}', but the file name ends in ${SUFFIX[file.suffixKind]}, which holds ${KIND_NOUN[file.suffixKind]}s: write 'kind: ${file.suffixKind}' or rename the file.`,
        uri: file.uri,
        span: file.kindSpan,
        data: { suggestion: file.suffixKind },
      },
    ];
  },
};
