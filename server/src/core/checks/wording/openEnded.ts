import { listed, listRule, REQUIREMENT_PROSE } from './words';

const PHRASES = ['including but not limited to', 'including without limitation', 'but not limited to', 'etc.', 'etc', 'et cetera', 'and so on', 'and so forth', 'and/or similar', 'or similar', 'and similar', 'among others', 'amongst others', 'and the like', 'and other such', 'and others', 'and more', '…', '...'];

/** open-ended: a list that is left open, so nobody can tell what is asked. */
export const openEnded = listRule({
  code: 'open-ended',
  severity: 'warning',
  summary: 'an open-ended list ("including but not limited to", "etc.", "and so on"): bidders cannot tell what is asked',
  fields: REQUIREMENT_PROSE,
  phrases: PHRASES,
  // "£10,000 and more" closes a range.
  keep: (value, match) => !(match.words.toLowerCase() === 'and more' && /\d\s*$/.test(value.slice(0, match.start))),
  message: (words) => `'${words}' leaves the list open: bidders can leave out anything not written, and evaluators cannot mark what is missing. Name every case.`,
  help: `A list that ends "etc." or begins "including but not limited to" asks for things nobody wrote down: each bidder fills the gap their own way and no evaluator can mark an answer against it (INCOSE Guide to Writing Requirements, rule R9: avoid open-ended clauses).

**How to fix:** name every case, or, where the list really is open, say what rule decides membership ("every payment type listed in Annex B").

It finds ${listed(PHRASES)} in requirement statements and acceptance criteria and in clause questions. "Such as" and "for example" introduce examples and are not found, nor is "and more" after a number ("£10,000 and more" is a range). Add words with \`rules: { open-ended: { add: [...] } }\`, spare phrases with \`allow: [...]\`, or silence it for one item with \`silence: { open-ended: reason }\`.`,
});
