import { KIND_NOUN, isWithdrawn, type Finding } from '../model';
import { resolvedLinks, type Check } from './types';

/** withdrawn-link: a live item links to a withdrawn one. */
export const withdrawnLink: Check = (index, file) => {
  const findings: Finding[] = [];
  for (const { link, resolution } of resolvedLinks(index, file)) {
    if (isWithdrawn(link.from)) continue;
    if (resolution.state !== 'ok' || !isWithdrawn(resolution.target)) continue;
    findings.push({
      code: 'withdrawn-link',
      severity: 'warning',
      message: `${link.to} is a withdrawn ${KIND_NOUN[resolution.target.kind]}: remove this link or reinstate it.`,
      uri: file.uri,
      span: link.span,
      related: [{ uri: resolution.target.uri, span: resolution.target.idSpan, message: `${link.to} is withdrawn here` }],
    });
  }
  return findings;
};
