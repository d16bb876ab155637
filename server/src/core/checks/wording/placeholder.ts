import { listed, listRule } from './words';

const PHRASES = ['TBD', 'TBC', 'TBA', 'TBCs', 'to be confirmed', 'to be decided', 'to be agreed', 'to be determined', 'to be advised', 'XXX', 'XX%', '[X]', '[TBC]', '???', 'TODO', 'FIXME', '[insert', '<insert'];

/** placeholder: text not written yet, which would go to bidders as it stands. */
export const placeholder = listRule({
  code: 'placeholder',
  severity: 'warning',
  summary: 'a placeholder ("TBC", "to be confirmed", "XXX") that would go to bidders as written',
  fields: { needs: ['title', 'need', 'so-that'], requirements: ['title', 'statement', 'acceptance'], itt: ['title', 'text'] },
  phrases: PHRASES,
  hyphenJoins: false,
  // "an offer to be confirmed in writing", "still to be decided by a panel", a status 'To be agreed': a process, not a gap.
  // A phrase that opens a clause ("Retention: to be confirmed by …", "(to be agreed)") is a gap whatever follows.
  keep: (value, match) =>
    /(?:^|[:(\[–—-]\s*)$/.test(value.slice(0, match.start).trimEnd() === '' ? '' : value.slice(0, match.start)) ||
    (!/^\s+(?:by|in|with|between|before)\b/i.test(value.slice(match.end)) && !/\b(?:still|yet|awaiting)\s+$/i.test(value.slice(0, match.start))),
  message: (words) => `'${words}' is a placeholder: it would go to bidders as written. Settle it before the tender is issued.`,
  help: `A placeholder is a decision not yet made. Left in a requirement or a clause it goes to bidders as written, and each prices what they guess (ISO/IEC/IEEE 29148: a requirement must be complete; "TBD" marks it incomplete). With \`readiness: tender\` in the config it is an error, so a check in CI stops an unready tender from going out.

**How to fix:** make the decision and write it in, or take the requirement out of the tender until it is made (\`status: draft\` and out of every clause's \`covers\`).

It finds ${listed(PHRASES)} in titles, needs, requirement statements and acceptance criteria, and clause questions, in any case ("tbc") and joined to other words ("TBD-2"). "To be confirmed" and the like describe a process, not a gap, when followed by "by", "in", "with" or "before" or after "still" or "awaiting" ("an offer to be confirmed in writing", "the hours still to be agreed by the line manager"), unless they open a clause ("Retention periods: to be confirmed by …"). Add words with \`rules: { placeholder: { add: [...] } }\`, spare phrases with \`allow: [...]\`, or silence it for one item with \`silence: { placeholder: reason }\`.`,
});
