import { describeLookalikes } from '../ids';
import { KIND_NOUN, LINK_TARGET, type Finding } from '../model';
import { resolvedLinks, type Check } from './types';

/** broken-link: a link to an id that nothing defines, with the nearest id of the right kind. */
export const brokenLink: Check = (index, file) => {
  const findings: Finding[] = [];
  for (const { link, resolution } of resolvedLinks(index, file)) {
    if (resolution.state !== 'missing') continue;
    const targetKind = LINK_TARGET[link.field];
    const suggestion = index.suggest(link.to, targetKind);
    const lookalikes = describeLookalikes(link.to);
    let message = `${link.to} does not exist: no ${KIND_NOUN[targetKind]} has this id.`;
    if (lookalikes) message += ` The id contains ${lookalikes}.`;
    if (suggestion) message += ` Did you mean ${suggestion}?`;
    findings.push({
      code: 'broken-link',
      severity: 'error',
      message,
      uri: file.uri,
      span: link.span,
      data: { missingId: link.to, targetKind, ...(suggestion ? { suggestion } : {}) },
    });
  }
  return findings;
};
