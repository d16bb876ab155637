/**
 * The EARS patterns (Easy Approach to Requirements Syntax, Mavin et al., 2009): which one a
 * requirement statement follows, if any. The hover of a requirement names it; the ears-pattern rule
 * reports statements that follow none.
 */

export type EarsPattern = 'ubiquitous' | 'event-driven' | 'state-driven' | 'unwanted behaviour' | 'optional feature' | 'complex';

/** How each pattern reads, for messages and the hover. */
export const EARS_SHAPES: Readonly<Record<EarsPattern, string>> = {
  ubiquitous: 'The <system> shall <response>',
  'event-driven': 'When <trigger>, the <system> shall <response>',
  'state-driven': 'While <state>, the <system> shall <response>',
  'unwanted behaviour': 'If <trigger>, then the <system> shall <response>',
  'optional feature': 'Where <feature is included>, the <system> shall <response>',
  complex: 'a combination, e.g. While <state>, when <trigger>, the <system> shall <response>',
};

/** "the <system> shall": a subject of a few words, then the obligation. */
const RESPONSE = String.raw`(?:the|a|an|each|every|all|any)\s+[^,;.]{1,80}?\s+(?:shall|must)\b`;
const KEYWORDS: readonly (readonly [EarsPattern, RegExp])[] = [
  ['event-driven', /^when\b/i],
  ['state-driven', /^while\b/i],
  ['unwanted behaviour', /^if\b/i],
  ['optional feature', /^where\b/i],
];

/** The pattern `statement` follows, or undefined. */
export function earsPattern(statement: string): EarsPattern | undefined {
  const text = statement.trim().replace(/\s+/g, ' ');
  if (new RegExp(`^${RESPONSE}`, 'i').test(text)) return 'ubiquitous';
  // The preconditions, each up to its comma, then the response.
  const clauses: EarsPattern[] = [];
  let rest = text;
  for (;;) {
    const keyword = KEYWORDS.find(([, pattern]) => pattern.test(rest));
    if (!keyword) break;
    const comma = rest.indexOf(',');
    if (comma < 0) return undefined;
    clauses.push(keyword[0]);
    rest = rest.slice(comma + 1).trim();
    // An unwanted-behaviour clause puts "then" before its response.
    if (keyword[0] === 'unwanted behaviour') {
      if (!/^then\b/i.test(rest)) return undefined;
      rest = rest.replace(/^then\s+/i, '');
    }
  }
  if (clauses.length === 0 || !new RegExp(`^${RESPONSE}`, 'i').test(rest)) return undefined;
  return clauses.length === 1 ? clauses[0] : 'complex';
}
