import { isWithdrawn, type RelatedInformation } from '../model';
import { figure, fileField, itemEntries, itemField } from './places';
import { wholeFile, type Rule } from './rule';

/** What the scored clauses of a section total when its file gives no `weighting-budget`. */
export const DEFAULT_WEIGHTING_BUDGET = 100;

/**
 * weighting-total: the weightings of an ITT file's live scored clauses do not add up to its
 * `weighting-budget`. A finding about the file (on the budget, else on `kind`), so it reads every
 * clause of the file and is worked out again on every check of it.
 */
export const weightingTotal: Rule = {
  code: 'weighting-total',
  stage: 'check',
  severity: 'error',
  summary: "the weightings of an ITT file's scored clauses do not add up to its `weighting-budget` (default 100)",
  where: "the file's `weighting-budget` value, else its `kind` value; each scored clause's `weighting` is a related location",
  reads: ['file'],
  help: `Each ITT file is a section of the evaluation, and the weightings of its scored clauses must add up to the section's \`weighting-budget\` (100 when the file does not give one). A section whose weightings total 95 or 105 cannot be marked as published: each clause's weighted score is its score ÷ the maximum score × its weighting, so the section's marks no longer add up to its share of the quality score. Withdrawn clauses count for nothing; while a scored clause has no \`weighting\` (a \`schema\` error) the total is not checked.

**Why it matters:** the weightings are published with the ITT and cannot change after it is issued; a wrong total found during evaluation means reissuing the ITT or a challenge from a bidder.

**How to fix:** change the weightings so they add up to the budget, or correct the budget. The finding lists each scored clause with its weighting; in the editor, hovering over it (or over a scored clause's id) shows the section's sum and each clause's share of it.

\`\`\`yaml
kind: itt
weighting-budget: 100
items:
  - id: ITT-3.1
    response: scored
    weighting: 60
  - id: ITT-3.2
    response: scored
    weighting: 40     # ← 60 + 40 = 100
\`\`\``,
  check(context, file) {
    if (file.kind !== 'itt') return [];
    const whole = wholeFile(context, file);
    const scored = whole.items.filter((item) => item.kind === 'itt' && !isWithdrawn(item) && item.response === 'scored');
    // A scored clause without a weighting is a schema error already: the total waits for it.
    if (scored.length === 0 || scored.some((clause) => clause.weighting === undefined)) return [];
    const total = scored.reduce((sum, clause) => sum + (clause.weighting ?? 0), 0);
    // Most files give no budget: their text is not read again to find out.
    const root = whole.text.includes('weighting-budget') ? context.tree(whole) : undefined;
    const written = fileField(root, 'weighting-budget');
    const budget = typeof written?.value === 'number' && written.value > 0 ? written.value : DEFAULT_WEIGHTING_BUDGET;
    if (Math.abs(total - budget) < 1e-9) return [];
    const entries = itemEntries(root ?? context.tree(whole));
    const related: RelatedInformation[] = scored.map((clause) => ({
      uri: file.uri,
      span: itemField(entries, clause, 'weighting')?.span ?? clause.idSpan,
      message: `${clause.id}: ${figure(clause.weighting ?? 0)} of ${figure(budget)}`,
    }));
    const clauses = scored.length === 1 ? 'scored clause' : `${scored.length} scored clauses`;
    const message = written
      ? `The weightings of this section's ${clauses} total ${figure(total)}, not its weighting-budget of ${figure(budget)}: change them, or the budget, so that they add up.`
      : `The weightings of this section's ${clauses} total ${figure(total)}, not ${figure(budget)} (the weighting-budget when the file gives none): change them so that they add up to ${figure(budget)}, or give the file its weighting-budget.`;
    return [{ message, uri: file.uri, span: written?.span ?? file.kindSpan ?? { start: 0, end: 0 }, related }];
  },
};
