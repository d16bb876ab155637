import { baseName, type Finding } from '../model';
import type { Check } from './types';

/** duplicate-id: the same id defined more than once; every occurrence names the others. */
export const duplicateId: Check = (index, file) => {
  const findings: Finding[] = [];
  for (const item of file.items) {
    const defs = index.definitionsOf(item.id);
    if (defs.length < 2) continue;
    const others = defs.filter((d) => d !== item);
    const where = others.map((o) => baseName(o.uri)).join(', ');
    findings.push({
      code: 'duplicate-id',
      severity: 'error',
      message: `${item.id} is defined ${defs.length} times (also in ${where}): every id must be unique in the workspace.`,
      uri: file.uri,
      span: item.idSpan,
      related: others.map((o) => ({ uri: o.uri, span: o.idSpan, message: `${item.id} is also defined here` })),
    });
  }
  return findings;
};
