/**
 * The words that make a statement binding ("shall", "must"), found as whole words, and which of
 * them are obligations of the statement's own.
 */
import { matchesIn, Phrases, type Match } from './words';

const SHALL = Phrases.of(['shall']);
const MUST = Phrases.of(['must']);

/**
 * What may stand before a "must" that adds a duty in a "shall" statement: the start of the
 * statement or a sentence, or "and" / "but" / "or", then at most a few words of its subject ("and
 * the supplier must", ". The approver must", "and must").
 */
const OWN_DUTY = /(?:^|[.;:]\s+|\b(?:and|but|or)\s+)(?:[\p{L}\p{N}'’-]+\s+){0,3}$/u;
/** A clause that begins with a condition: its "must" is part of the trigger, not a duty. */
const CONDITION = /^(?:if|when|while|where|unless|once|until)\b/i;
/** Before a "must" that belongs to someone else's clause: "who must", "which must", "that must". */
const RELATIVE = /\b(?:who|whom|which|that|whose)\s+(?:[\p{L}\p{N}'’-]+\s+)?$/iu;

/**
 * The obligations of a statement: every "shall", and each "must" that adds a duty of its own. In a
 * statement written with "must" alone, every "must". A "must" inside quotation marks (screen text),
 * in a relative clause ("… who must have permission", "… the data departments must publish") or
 * in a condition ("If a payment must be held, …") is not one.
 */
export function obligationsIn(statement: string): Match[] {
  const shall = matchesIn(statement, SHALL);
  const must = matchesIn(statement, MUST).filter((match) => !quoted(statement, match.start));
  if (shall.length === 0) return must;
  const own = must.filter((match) => {
    const before = statement.slice(0, match.start);
    const boundary = Math.max(before.lastIndexOf('. '), before.lastIndexOf('; '), before.lastIndexOf(', '));
    const clause = boundary >= 0 ? before.slice(boundary + 2) : before;
    return OWN_DUTY.test(before) && !RELATIVE.test(before) && !CONDITION.test(clause);
  });
  return [...shall, ...own].sort((a, b) => a.start - b.start);
}

/** True when `at` is inside double quotation marks (straight or curly). */
function quoted(text: string, at: number): boolean {
  const before = text.slice(0, at);
  const straight = (before.match(/"/g) ?? []).length;
  const opened = (before.match(/“/g) ?? []).length - (before.match(/”/g) ?? []).length;
  return straight % 2 === 1 || opened > 0;
}
