import { listRule } from './words';

/** pronoun: "it shall", "they must": the subject is somewhere else. */
export const pronoun = listRule({
  code: 'pronoun',
  severity: 'warning',
  off: true,
  summary: 'a pronoun as the subject ("it shall", "this must"), so the statement does not stand on its own',
  fields: { requirements: ['statement', 'acceptance'], itt: ['text'] },
  phrases: [],
  // Only as the subject of a sentence or clause: "… on it shall be shown" is not.
  pattern: /(?<=^\s*|[.;:!?,]\s+|\b(?:and|but|then|so)\s+)(?:it|they|this|these|those)(?=\s+(?:shall|must|will|should)\b)/giu,
  message: (words) => `'${words}' as the subject: say what it is, so the statement stands on its own.`,
  help: `A requirement is read on its own — in a workbook row, a bidder's answer, a test script — where "it" has nothing to point back to (INCOSE Guide to Writing Requirements, rule R24: avoid pronouns).

**How to fix:** repeat the noun: "The payroll interface shall …" rather than "It shall …".

It finds "it", "they", "this", "these", "those" opening a sentence or a clause just before "shall", "must", "will" or "should". Off by default: turn it on with \`rules: { pronoun: { severity: warning } }\`; spare phrases with \`allow: [...]\`.`,
});
