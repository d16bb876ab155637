import type { Finding, Item } from '../model';
import { resolveLink, type Check } from './types';

/** parent-cycle: a `parent` chain that comes back to where it started. */
export const parentCycle: Check = (index, file) => {
  const findings: Finding[] = [];
  for (const item of file.items) {
    const link = item.links.find((l) => l.field === 'parent');
    if (!link) continue;
    const chain: Item[] = [item];
    const seen = new Set<Item>(chain);
    let current = item;
    for (;;) {
      const parentLink = current.links.find((l) => l.field === 'parent');
      if (!parentLink) break;
      const resolution = resolveLink(index, parentLink);
      if (resolution.state !== 'ok') break;
      const parent = resolution.target;
      if (parent === item) {
        findings.push({
          code: 'parent-cycle',
          severity: 'error',
          message: `The parent chain loops: ${[...chain, item].map((i) => i.id).join(' → ')}. A requirement cannot be its own ancestor.`,
          uri: file.uri,
          span: link.span,
          related: chain.slice(1).map((i) => ({ uri: i.uri, span: i.idSpan, message: `${i.id} is in the loop` })),
        });
        break;
      }
      // A loop further up that does not come back here is reported on its own members.
      if (seen.has(parent)) break;
      seen.add(parent);
      chain.push(parent);
      current = parent;
    }
  }
  return findings;
};
