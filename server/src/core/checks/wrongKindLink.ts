import { KIND_NOUN, LINK_TARGET, type Finding } from '../model';
import { resolvedLinks, type Check } from './types';

/** wrong-kind-link: a link to an item of the wrong kind, e.g. `covers` naming a need. */
export const wrongKindLink: Check = (index, file) => {
  const findings: Finding[] = [];
  for (const { link, resolution } of resolvedLinks(index, file)) {
    if (resolution.state !== 'wrong-kind') continue;
    const expected = KIND_NOUN[LINK_TARGET[link.field]];
    findings.push({
      code: 'wrong-kind-link',
      severity: 'error',
      message: `${link.field} must name ${expected}s, but ${link.to} is a ${KIND_NOUN[resolution.target.kind]}.`,
      uri: file.uri,
      span: link.span,
      related: [{ uri: resolution.target.uri, span: resolution.target.idSpan, message: `${link.to} is defined here` }],
    });
  }
  return findings;
};
