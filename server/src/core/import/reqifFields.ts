/**
 * How ReqIF's names map to reqtrace's: spec object types to kinds, attributes to fields,
 * enumeration values to the values the schema allows, relation types to link fields. Names are
 * compared in a normal form (lower case, every run of other characters one space), so
 * `ReqIF.ForeignID`, `Object Text`, `so-that` and `Pain points` are found whatever the tool wrote.
 */
import type { Kind, LinkField } from '../model';

export function normalName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[’'`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * The kind a spec object type's name suggests, checked in this order: clause, ITT, tender,
 * question → itt; need, stakeholder, user story → needs; requirement, req, shall → requirements.
 * reqtrace's own export names its types `User need`, `Requirement` and `ITT clause`.
 */
export function kindOfTypeName(name: string): Kind | undefined {
  const words = ` ${normalName(name)} `;
  if (/ (clauses?|itt|tenders?|questions?|questionnaire)\b/.test(words)) return 'itt';
  if (/ (needs?|user needs?|stakeholders?|user stor(y|ies))\b/.test(words)) return 'needs';
  if (/ (requirements?|reqs?|sys ?reqs?|shall)\b/.test(words) || /requirement/.test(words)) return 'requirements';
  return undefined;
}

/** What an attribute is read into: one of the item's own parts, or a field of the file format. */
export type Target =
  | { readonly part: 'id' | 'title' | 'heading' | 'text' | 'unmapped'; readonly rank: number }
  | { readonly part: 'field'; readonly field: string; readonly kinds: readonly Kind[]; readonly rank: number }
  | { readonly part: 'links'; readonly field: LinkField; readonly kinds: readonly Kind[]; readonly rank: number };

const ALL: readonly Kind[] = ['needs', 'requirements', 'itt'];
const TARGETS = new Map<string, Target>();
function add(names: readonly string[], target: (rank: number) => Target): void {
  for (const [rank, name] of names.entries()) TARGETS.set(name, target(rank));
}
add(['reqif foreignid', 'foreign id', 'foreignid', 'id', 'identifier', 'object identifier', 'absolute number', 'req id', 'requirement id'], (rank) => ({ part: 'id', rank }));
add(['reqif name', 'name', 'title', 'summary', 'short text'], (rank) => ({ part: 'title', rank }));
add(['reqif chaptername', 'chapter name', 'object heading', 'heading'], (rank) => ({ part: 'heading', rank }));
// The kind's own text field ranks first (see textRank), then ReqIF.Text, then the tools' names.
add(['reqif text', 'object text', 'text', 'requirement text', 'statement', 'need', 'body', 'description', 'reqif description'], (rank) => ({ part: 'text', rank: rank + 1 }));
add(['reqtrace unmapped'], (rank) => ({ part: 'unmapped', rank }));
add(['as', 'as a', 'user role', 'role', 'actor'], (rank) => ({ part: 'field', field: 'as', kinds: ['needs'], rank }));
add(['so that', 'rationale', 'benefit'], (rank) => ({ part: 'field', field: 'so-that', kinds: ['needs'], rank }));
add(['departments', 'department'], (rank) => ({ part: 'field', field: 'departments', kinds: ['needs'], rank }));
add(['pain points'], (rank) => ({ part: 'field', field: 'pain-points', kinds: ['needs'], rank }));
add(['opportunities'], (rank) => ({ part: 'field', field: 'opportunities', kinds: ['needs'], rank }));
add(['source', 'origin'], (rank) => ({ part: 'field', field: 'source', kinds: ['needs'], rank }));
add(['priority', 'moscow', 'moscow priority', 'importance'], (rank) => ({ part: 'field', field: 'priority', kinds: ['needs', 'requirements'], rank }));
add(['type', 'requirement type', 'req type'], (rank) => ({ part: 'field', field: 'type', kinds: ['requirements'], rank }));
add(['category'], (rank) => ({ part: 'field', field: 'category', kinds: ['requirements'], rank }));
add(['acceptance', 'acceptance criteria', 'acceptance criterion', 'fit criterion'], (rank) => ({ part: 'field', field: 'acceptance', kinds: ['requirements'], rank }));
add(['verification', 'verification method', 'verification methods'], (rank) => ({ part: 'field', field: 'verification', kinds: ['requirements'], rank }));
add(['waiver reason', 'waiver'], (rank) => ({ part: 'field', field: 'waiver', kinds: ['requirements'], rank }));
add(['response', 'response type'], (rank) => ({ part: 'field', field: 'response', kinds: ['itt'], rank }));
add(['weighting', 'weight'], (rank) => ({ part: 'field', field: 'weighting', kinds: ['itt'], rank }));
add(['status', 'state', 'workflow status'], (rank) => ({ part: 'field', field: 'status', kinds: ALL, rank }));
add(['tags', 'tag', 'keywords', 'labels'], (rank) => ({ part: 'field', field: 'tags', kinds: ALL, rank }));
add(['notes', 'note', 'comment', 'comments'], (rank) => ({ part: 'field', field: 'notes', kinds: ALL, rank }));
// reqtrace's export writes every link as text too, so links whose target is not in the file survive.
add(['satisfies'], (rank) => ({ part: 'links', field: 'satisfies', kinds: ['requirements'], rank }));
add(['parent'], (rank) => ({ part: 'links', field: 'parent', kinds: ['requirements'], rank }));
add(['covers'], (rank) => ({ part: 'links', field: 'covers', kinds: ['itt'], rank }));

/** The kind's own name for its text: it ranks before ReqIF.Text (reqtrace's export writes a need's parts apart and its sentence as ReqIF.Text). */
const OWN_TEXT: Record<Kind, string> = { needs: 'need', requirements: 'statement', itt: 'text' };
export const TEXT_FIELD = OWN_TEXT;

export function targetOf(attributeName: string, kind: Kind): Target | undefined {
  const name = normalName(attributeName);
  const target = TARGETS.get(name);
  if (target?.part === 'text' && name === OWN_TEXT[kind]) return { part: 'text', rank: 0 };
  return target;
}

/** Fields written as a list, one entry per XHTML list item or line. */
export const LIST_FIELDS = new Set(['departments', 'pain-points', 'opportunities', 'acceptance', 'tags']);

/**
 * Other words tools use for the values of reqtrace's enumerations. A value found here is written as
 * reqtrace's and the change reported; one found nowhere is left out and reported.
 */
const SYNONYMS: Record<string, Record<string, readonly string[]>> = {
  priority: {
    must: ['must have', 'm', 'mandatory', 'essential', 'high', 'critical'],
    should: ['should have', 's', 'medium', 'important'],
    could: ['could have', 'c', 'low', 'desirable', 'nice to have', 'optional'],
    wont: ['won t', 'wont have', 'won t have', 'w', 'will not have', 'out of scope'],
  },
  status: {
    draft: ['new', 'open', 'in work', 'in progress', 'work in progress', 'wip'],
    proposed: ['in review', 'under review', 'review', 'submitted', 'for review', 'ready for review', 'pending'],
    agreed: ['approved', 'accepted', 'baselined', 'released', 'final', 'confirmed'],
    withdrawn: ['rejected', 'deleted', 'obsolete', 'cancelled', 'canceled', 'retired', 'deprecated', 'superseded'],
  },
  type: {
    functional: ['functional requirement', 'f', 'fr'],
    'non-functional': ['non functional', 'nonfunctional', 'non functional requirement', 'nfr', 'nf'],
  },
  verification: {
    test: ['testing', 'tested', 't'],
    inspection: ['inspect', 'i'],
    demonstration: ['demo', 'demonstrate', 'd'],
    analysis: ['analyse', 'analyze', 'a'],
  },
  response: {
    scored: ['score', 'scoring'],
    'pass-fail': ['pass fail', 'passfail', 'pass or fail'],
    information: ['info', 'information only', 'for information'],
  },
};

/** The schema's value a tool's enumeration value stands for, or undefined when none does. */
export function enumValue(field: string, value: string, allowed: readonly string[]): string | undefined {
  if (allowed.includes(value)) return value;
  const normal = normalName(value);
  const exact = allowed.find((candidate) => normalName(candidate) === normal);
  if (exact !== undefined) return exact;
  const synonyms = SYNONYMS[field];
  if (!synonyms) return undefined;
  for (const [target, words] of Object.entries(synonyms)) if (allowed.includes(target) && words.includes(normal)) return target;
  return undefined;
}

/** The link field a relation type's name names, if it names one: satisf… → satisfies, cover… → covers, parent/refine/derive → parent. */
export function linkOfRelationName(name: string): LinkField | undefined {
  const normal = normalName(name);
  if (/satisf/.test(normal)) return 'satisfies';
  if (/cover/.test(normal)) return 'covers';
  if (/parent|refine|derive/.test(normal)) return 'parent';
  return undefined;
}
