import { listRule } from './words';

const IRREGULAR = ['given', 'sent', 'made', 'kept', 'shown', 'held', 'built', 'written', 'paid', 'set', 'put', 'run', 'done', 'read', 'brought', 'bought', 'found', 'told', 'taken', 'known', 'seen', 'met', 'led', 'left', 'lost', 'sold', 'spent', 'drawn', 'undertaken', 'withheld', 'overridden', 'split', 'cut', 'shut', 'sought', 'taught', 'thought', 'won', 'chosen', 'frozen', 'hidden', 'broken', 'spoken', 'driven'];

/** passive-voice: "shall be provided": what acts is not said. */
export const passiveVoice = listRule({
  code: 'passive-voice',
  severity: 'warning',
  off: true,
  summary: 'an obligation in the passive voice ("shall be provided"), which hides what must act',
  fields: { requirements: ['statement', 'acceptance'] },
  phrases: [],
  pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:shall|must)(?:\\s+not)?\\s+be\\s+(?:[\\p{L}]+ed|${IRREGULAR.join('|')})(?![\\p{L}\\p{N}-])`, 'giu'),
  message: (words) => `'${words}' does not say what must act: name it ("The solution shall …", "The supplier shall …").`,
  help: `"Payslips shall be provided to employees" does not say whether the solution, the supplier or the payroll team provides them, so a bidder can answer Fully compliant and leave the work to you (INCOSE Guide to Writing Requirements, rule R2: use the active voice, with the responsible entity as the subject).

**How to fix:** make the one who acts the subject: "The solution shall publish each employee's payslip in the employee portal on pay day."

It finds "shall be" or "must be" followed by a past participle (a word ending in -ed, or one of the common irregular ones) in requirement statements and acceptance criteria. Off by default: turn it on with \`rules: { passive-voice: { severity: warning } }\`; spare phrases with \`allow: [...]\`.`,
});
