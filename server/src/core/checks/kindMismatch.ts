import { KIND_NOUN } from '../model';
import type { Check } from './types';

const SUFFIX: Record<string, string> = { needs: '.needs.yaml', requirements: '.reqs.yaml', itt: '.itt.yaml' };

/** kind-mismatch: the `kind:` value disagrees with the file suffix. */
export const kindMismatch: Check = (_index, file) => {
  if (!file.suffixKind || file.declaredKind === undefined || file.declaredKind === file.suffixKind || !file.kindSpan) return [];
  return [
    {
      code: 'kind-mismatch',
      severity: 'error',
      message: `kind is '${file.declaredKind}', but the file name ends in ${SUFFIX[file.suffixKind]}, which holds ${KIND_NOUN[file.suffixKind]}s: write 'kind: ${file.suffixKind}' or rename the file.`,
      uri: file.uri,
      span: file.kindSpan,
      data: { suggestion: file.suffixKind },
    },
  ];
};
