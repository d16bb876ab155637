/**
 * The edits behind the quick fixes for coverage gaps and missing fields: add a waiver, ask bidders
 * in a clause, create a requirement for a need, add missing fields, satisfy a need. Each inserts
 * only what it must, where the file's own order and style put it (comments, blank lines, quoting,
 * line ends and every other field stay as written). The text the author is expected to type over
 * is marked as placeholders, so that an editor that takes snippets can select it; elsewhere the
 * placeholder's own text is written (see plainText).
 */
import { compareItems } from '../order';
import type { IndexReader } from '../index/store';
import { isWithdrawn, type Item, type Kind, type LinkField, type Span } from '../model';
import type { ParsedFile } from '../parse/parse';
import { rootOf } from '../parse/itemValues';
import { fieldValues } from '../parse/schema';
import { valueOf, type Table, type Tree } from '../parse/tree';
import { commonPrefix, eolOf, itemAppendPoint, lineEndOf, lineStartOf, nextLineStart, type FileEdit } from './edits';
import { innerSpan } from './lookup';

/** Text the author is expected to replace: its first value, and the values to choose from when there is a fixed set. */
export interface Placeholder {
  readonly text: string;
  readonly choices?: readonly string[];
}

/** Text to write, with placeholders among it. */
export type Template = readonly (string | Placeholder)[];

/** An edit whose new text is a template. */
export interface TemplateEdit {
  readonly uri: string;
  readonly span: Span;
  readonly template: Template;
}

/** A template as plain text: each placeholder's own text. */
export function plainText(template: Template): string {
  return template.map((part) => (typeof part === 'string' ? part : part.text)).join('');
}

export function plainEdit(edit: TemplateEdit): FileEdit {
  return { uri: edit.uri, span: edit.span, newText: plainText(edit.template) };
}

const placeholder = (text: string, choices?: readonly string[]): Placeholder => (choices ? { text, choices } : { text });

/** How many of each kind of suggestion a fix offers at most. */
export const MAX_OPTIONS = 3;

// ---------------------------------------------------------------------------------------------
// Adding fields to an item

/** The order fields are conventionally written in (the samples' and the stubs' order); a new field goes after the last field before it. */
const FIELD_ORDER: Record<Kind, readonly string[]> = {
  needs: ['id', 'title', 'as', 'need', 'so-that', 'departments', 'priority', 'pain-points', 'opportunities', 'source', 'status', 'tags', 'notes', 'silence', 'reviewed'],
  requirements: ['id', 'title', 'statement', 'type', 'category', 'priority', 'satisfies', 'parent', 'acceptance', 'verification', 'waiver', 'status', 'tags', 'notes', 'silence', 'reviewed'],
  itt: ['id', 'title', 'text', 'response', 'weighting', 'minimum-score', 'covers', 'status', 'tags', 'notes', 'silence', 'reviewed'],
};

/** How a new field is written in an item: inside a flow mapping `{…}`, or as lines of a block mapping at `indent`. */
interface FieldLayout {
  readonly flow: boolean;
  /** The indentation of the item's keys (block items). */
  readonly indent: string;
  readonly eol: string;
}

/** A field to add: its key, and its text from the key on (`key: value`, or more lines in a block item). */
interface NewField {
  readonly key: string;
  write(layout: FieldLayout): Template;
}

/** The mapping of the entry of `items` that contains `offset` (an item's start, or a finding inside it). */
function entryAt(text: string, offset: number): Table | undefined {
  const items = valueOf(rootOf(text), 'items');
  if (items?.type !== 'seq') return undefined;
  return items.items.find((entry): entry is Table => entry?.type === 'map' && entry.start <= offset && offset <= entry.end);
}

const isFlow = (text: string, node: Tree): boolean => text[node.start] === '{' || text[node.start] === '[';

/** The offset just after the last character before `end` that is not white space (no further back than `floor`). */
function trimEnd(text: string, end: number, floor: number): number {
  let at = end;
  while (at > floor && /\s/.test(text[at - 1] ?? '')) at--;
  return at;
}

/**
 * One edit adding `fields` to an item's mapping, together, where the conventional order puts the
 * first of them: after the line of the last field that comes before it (or before every field).
 * A flow mapping gets them before its `}`. Undefined when the mapping is not one this can write into.
 */
function addFieldsEdit(text: string, uri: string, kind: Kind, node: Table, fields: readonly NewField[]): TemplateEdit | undefined {
  const first = fields[0];
  const firstKey = node.keyStarts[0];
  if (!first || firstKey === undefined) return undefined;
  const eol = eolOf(text);
  if (text[node.start] === '{') {
    const close = trimEnd(text, node.end, node.start) - 1;
    if (text[close] !== '}') return undefined;
    const at = trimEnd(text, close, node.start);
    const layout: FieldLayout = { flow: true, indent: '', eol };
    const separator = text[at - 1] === '{' || text[at - 1] === ',' ? ' ' : ', ';
    const body = fields.flatMap((field, i) => [i === 0 ? separator : ', ', ...field.write(layout)]);
    return { uri, span: { start: at, end: at }, template: body };
  }
  const lineStart = lineStartOf(text, firstKey);
  // A block item's keys start a line, or follow its `- `.
  if (!/^[ ]*(-[ ]+)?$/.test(text.slice(lineStart, firstKey))) return undefined;
  const indent = ' '.repeat(firstKey - lineStart);
  const layout: FieldLayout = { flow: false, indent, eol };
  const order = FIELD_ORDER[kind];
  const rankOf = order.indexOf(first.key);
  const newRank = rankOf < 0 ? order.length : rankOf;
  // The last key ranked at or before the new one; a key of no known rank goes with the one before it.
  let anchor = -1;
  let rank = -1;
  node.keys.forEach((key, i) => {
    const known = key === undefined ? -1 : order.indexOf(key);
    if (known >= 0) rank = known;
    if (rank <= newRank) anchor = i;
  });
  const lines = fields.map((field) => [indent, ...field.write(layout)]);
  if (anchor < 0) {
    // Before every field: on the first key's line, pushing that key to a line of its own.
    return { uri, span: { start: firstKey, end: firstKey }, template: [...lines.flatMap((line, i) => (i === 0 ? line.slice(1) : [eol, ...line])), eol, indent] };
  }
  const keyStart = node.keyStarts[anchor] ?? firstKey;
  const valueEnd = Math.max(node.keyEnds[anchor] ?? keyStart, node.values[anchor]?.end ?? keyStart);
  const lineEnd = lineEndOf(text, trimEnd(text, valueEnd, keyStart));
  const next = nextLineStart(text, lineEnd);
  // At the start of the next line, so that an editor's snippet keeps the indentation as written.
  if (next > lineEnd) return { uri, span: { start: next, end: next }, template: lines.flatMap((line) => [...line, eol]) };
  return { uri, span: { start: lineEnd, end: lineEnd }, template: lines.flatMap((line) => [eol, ...line]) };
}

/** Writes `value` as the item's scalar field `key`: in place of the value it has, or as a new field where the file's order puts it. */
export function setScalarFieldEdit(file: ParsedFile, item: Item, key: string, value: string): FileEdit | undefined {
  const node = itemNode(file, item);
  if (!node || file.kind === undefined || !file.syntaxOk) return undefined;
  const at = node.keys.indexOf(key);
  const current = at >= 0 ? node.values[at] : undefined;
  if (current?.type === 'scalar') return { uri: file.uri, span: innerSpan(file.text, current), newText: value };
  if (at >= 0) return undefined;
  const edit = addFieldsEdit(file.text, file.uri, file.kind, node, [{ key, write: () => [`${key}: ${value}`] }]);
  return edit && plainEdit(edit);
}

/** The mapping that holds `item`, in its file's current text. */
function itemNode(file: ParsedFile, item: Item): Table | undefined {
  const node = entryAt(file.text, item.span.start);
  return node?.start === item.span.start ? node : undefined;
}

/** True when the item writes any of its lists or mappings as indented blocks. */
function writesBlocks(text: string, node: Table): boolean {
  return node.values.some((value) => value !== undefined && value.type !== 'scalar' && !isFlow(text, value));
}

/** The style of the first waiver written in the file, if any: true for block. */
function waiverStyleInFile(text: string): boolean | undefined {
  const items = valueOf(rootOf(text), 'items');
  if (items?.type !== 'seq') return undefined;
  for (const entry of items.items) {
    const waiver = valueOf(entry, 'waiver');
    if (waiver?.type === 'map') return !isFlow(text, waiver);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// uncovered-requirement: a waiver

export const WAIVER_REASON = 'TODO say why no ITT clause needs to ask for this';

/**
 * Adds `waiver: { reason: "…" }` to a requirement, before its `status` as the samples write it; as
 * an indented block when the item writes its lists as blocks (or the file's other waivers are
 * blocks), inside the braces of an item written as `{…}`. The reason is a placeholder.
 */
export function waiverEdit(file: ParsedFile, item: Item): TemplateEdit | undefined {
  const node = itemNode(file, item);
  if (!node || file.kind === undefined || node.keys.includes('waiver')) return undefined;
  const block = writesBlocks(file.text, node) || (waiverStyleInFile(file.text) ?? false);
  const reason = placeholder(WAIVER_REASON);
  const field: NewField = {
    key: 'waiver',
    write: (layout) => (block && !layout.flow ? ['waiver:', layout.eol, layout.indent, '  reason: ', reason] : ['waiver: { reason: "', reason, '" }']),
  };
  return addFieldsEdit(file.text, file.uri, file.kind, node, [field]);
}

// ---------------------------------------------------------------------------------------------
// Adding an id to a list of links

/**
 * The stamp a new link to `target` is written with (`UN-HR-001@3f9a2c1d7e`): its fingerprint now in
 * a workspace that stamps links, none in one that does not. The caller decides which (the server:
 * `suspect-links` in the config, or any link already stamped).
 */
export type StampOf = (target: Item) => string | undefined;

/** The text of a new link to `target`: its id, and its stamp where the workspace stamps links. */
export function linkText(target: Item, stampOf?: StampOf): string {
  const stamp = stampOf?.(target);
  return stamp === undefined ? target.id : `${target.id}@${stamp}`;
}

/**
 * Adds `id` to the link list `field` of an item: after the last entry of a flow list `[A, B]`, as
 * a new `- ` line after the last entry of a block list, or as a new flow list when the item has
 * no such field. The id is quoted when every entry of the list is, alike. Undefined for a file
 * with syntax errors, or a field that is not a list. `id` may carry a stamp (see linkText).
 */
export function addLinkEdit(file: ParsedFile, item: Item, field: LinkField, id: string): FileEdit | undefined {
  if (!file.syntaxOk || file.kind === undefined) return undefined;
  const node = itemNode(file, item);
  if (!node) return undefined;
  const at = node.keys.indexOf(field);
  if (at < 0) {
    const edit = addFieldsEdit(file.text, file.uri, file.kind, node, [{ key: field, write: () => [`${field}: [${id}]`] }]);
    return edit && plainEdit(edit);
  }
  const list = node.values[at];
  const keyEnd = node.keyEnds[at];
  // `satisfies:` with nothing after it.
  if ((list === undefined || (list.type === 'scalar' && list.value === null && list.end === list.start)) && keyEnd !== undefined) {
    const colon = file.text.indexOf(':', keyEnd);
    return colon < 0 ? undefined : { uri: file.uri, span: { start: colon + 1, end: colon + 1 }, newText: ` [${id}]` };
  }
  if (list?.type !== 'seq') return undefined;
  const entries = list.items.filter((entry): entry is Tree => entry !== undefined);
  const last = entries[entries.length - 1];
  // Quoted only when the list quotes every id alike.
  const quotes = new Set(entries.map((entry) => (file.text[entry.start] === '"' || file.text[entry.start] === "'" ? file.text[entry.start] : '')));
  const quote = quotes.size === 1 ? ([...quotes][0] ?? '') : '';
  const written = `${quote}${id}${quote}`;
  if (file.text[list.start] === '[') {
    if (!last) return { uri: file.uri, span: { start: list.start + 1, end: list.start + 1 }, newText: written };
    return { uri: file.uri, span: { start: last.end, end: last.end }, newText: `, ${written}` };
  }
  if (!last) return undefined;
  const lineStart = lineStartOf(file.text, last.start);
  const dash = file.text.slice(lineStart, last.start);
  if (!/^[ ]*-[ ]+$/.test(dash)) return undefined;
  const lineEnd = lineEndOf(file.text, trimEnd(file.text, last.end, last.start));
  return { uri: file.uri, span: { start: lineEnd, end: lineEnd }, newText: `${eolOf(file.text)}${dash}${written}` };
}

// ---------------------------------------------------------------------------------------------
// uncovered-requirement: ask bidders in a clause

export interface ClauseOption {
  readonly clause: Item;
  readonly edit: FileEdit;
}

/**
 * The live clauses that could ask bidders for an uncovered requirement, best first: those that
 * cover its parent (weighed most), then those that cover its siblings — requirements with the same
 * parent or satisfying the same needs — by how many of them they cover and how many needs each
 * shares. Each with the edit adding the requirement to the clause's `covers`.
 */
export function coverInClauseOptions(index: IndexReader, requirement: Item, stampOf?: StampOf, limit = MAX_OPTIONS): ClauseOption[] {
  const scores = new Map<Item, number>();
  const addClausesCovering = (id: string, weight: number): void => {
    for (const link of index.referencesTo(id)) {
      const clause = link.from;
      if (link.field !== 'covers' || clause.kind !== 'itt' || isWithdrawn(clause)) continue;
      scores.set(clause, (scores.get(clause) ?? 0) + weight);
    }
  };
  const siblings = new Map<string, number>();
  for (const link of requirement.links) {
    if (link.field === 'parent') addClausesCovering(link.to, 3);
    if (link.field !== 'parent' && link.field !== 'satisfies') continue;
    for (const other of index.referencesTo(link.to)) {
      const sibling = other.from;
      if (other.field !== link.field || sibling.kind !== 'requirements' || sibling.id === requirement.id || isWithdrawn(sibling)) continue;
      siblings.set(sibling.id, (siblings.get(sibling.id) ?? 0) + 1);
    }
  }
  for (const [id, shared] of siblings) addClausesCovering(id, shared);
  const ranked = [...scores].filter(([clause]) => !clause.links.some((link) => link.field === 'covers' && link.to === requirement.id)).sort(([a, sa], [b, sb]) => sb - sa || compareItems(a, b));
  const options: ClauseOption[] = [];
  for (const [clause] of ranked) {
    if (options.length >= limit) break;
    if (options.some((option) => option.clause.id === clause.id)) continue;
    const file = index.file(clause.uri);
    const edit = file && addLinkEdit(file, clause, 'covers', linkText(requirement, stampOf));
    if (edit) options.push({ clause, edit });
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// uncovered-need: a new requirement that satisfies it

export type NewRequirement = { readonly id: string; readonly edit: TemplateEdit } | { readonly id: string; readonly createUri: string; readonly text: string };

/** An id without its first part (REQ-PAY-011 -> PAY-011), to compare ids of different kinds. */
const tail = (id: string): string => id.replace(/^[^-.]*[-.]?/, '');

/** The id after the last of its series (REQ-PAY-011 -> REQ-PAY-012) that no item has, its digits padded as theirs. */
function nextFreeId(index: IndexReader, stem: string, numbers: readonly string[]): string {
  const width = Math.max(1, ...numbers.map((digits) => digits.length));
  let next = Math.max(0, ...numbers.map(Number)) + 1;
  const idOf = (n: number): string => `${stem}${String(n).padStart(width, '0')}`;
  while (index.definitionsOf(idOf(next)).length > 0) next++;
  return idOf(next);
}

/** The next free id in the series of `file` that is most like `nearId`, if its ids end in numbers. */
function nextIdInFile(index: IndexReader, file: ParsedFile, nearId: string): string | undefined {
  let best: { stem: string; score: number } | undefined;
  for (const item of file.items) {
    const match = /^(.*?)(\d+)$/.exec(item.id);
    if (!match) continue;
    const score = commonPrefix(tail(item.id), tail(nearId));
    if (!best || score > best.score) best = { stem: match[1] ?? '', score };
  }
  if (!best) return undefined;
  const stem = best.stem;
  const numbers = file.items.flatMap((item) => (item.id.startsWith(stem) && /^\d+$/.test(item.id.slice(stem.length)) ? [item.id.slice(stem.length)] : []));
  return nextFreeId(index, stem, numbers);
}

/** The lines of a new requirement that satisfies `need`, with placeholders. */
function requirementLines(id: string, need: Item, stampOf?: StampOf): Template[] {
  const priorities = fieldValues('requirements', 'priority') ?? [];
  const priority = need.priority !== undefined && priorities.includes(need.priority) ? need.priority : 'should';
  const types = fieldValues('requirements', 'type') ?? [];
  return [
    [`id: ${id}`],
    ['title: ', placeholder('TODO')],
    ['statement: The solution shall ', placeholder('TODO')],
    ['type: ', placeholder('functional', withFirst('functional', types))],
    ['priority: ', placeholder(priority, withFirst(priority, priorities))],
    [`satisfies: [${linkText(need, stampOf)}]`],
    ['status: draft'],
  ];
}

const withFirst = (first: string, values: readonly string[]): string[] => [first, ...values.filter((value) => value !== first)];

/**
 * A new draft requirement that satisfies `need`, after the last item of the requirements file
 * whose ids are closest to the need's (REQ-PAY-… for UN-PAY-003; on a tie, the file whose
 * requirements satisfy the needs nearest it), with the next free id of that file's series. In a
 * new file beside the need's when there is no requirements file to add to.
 */
export function satisfyingRequirementEdit(index: IndexReader, need: Item, stampOf?: StampOf): NewRequirement {
  let best: { file: ParsedFile; score: [number, number] } | undefined;
  for (const uri of [...index.uris].sort()) {
    const file = index.file(uri);
    if (!file || file.kind !== 'requirements' || !file.syntaxOk || file.items.length === 0) continue;
    const idScore = Math.max(...file.items.map((item) => commonPrefix(tail(item.id), tail(need.id))));
    const linkScore = Math.max(0, ...file.items.flatMap((item) => item.links.filter((link) => link.field === 'satisfies').map((link) => commonPrefix(link.to, need.id))));
    const score: [number, number] = [idScore, linkScore];
    if (best && (score[0] < best.score[0] || (score[0] === best.score[0] && score[1] <= best.score[1]))) continue;
    if (!itemAppendPoint(file.text, file.items[file.items.length - 1] as Item)) continue;
    best = { file, score };
  }
  if (best) {
    const { file } = best;
    const last = file.items[file.items.length - 1] as Item;
    const point = itemAppendPoint(file.text, last);
    const id = nextIdInFile(index, file, need.id) ?? freeId(index, `REQ-${tail(need.id)}`);
    if (point) {
      const [first = [], ...rest] = requirementLines(`${point.quote}${id}${point.quote}`, need, stampOf);
      // A blank line before it when the file parts its items by blank lines.
      const before = file.items.length > 1 ? file.text.slice((file.items[file.items.length - 2] as Item).span.end, lineStartOf(file.text, last.span.start)) : '';
      const gap = /\n[ \t]*\r?\n|^[ \t]*\r?\n/.test(before) ? point.eol : '';
      const template = [point.eol, gap, point.dash, ...first, ...rest.flatMap((line) => [point.eol, point.keyIndent, ...line])];
      return { id, edit: { uri: file.uri, span: { start: point.at, end: point.at }, template } };
    }
  }
  const id = freeId(index, `REQ-${tail(need.id)}`);
  const dir = need.uri.slice(0, need.uri.lastIndexOf('/') + 1);
  let createUri = `${dir}new.reqs.yaml`;
  for (let n = 2; index.file(createUri); n++) createUri = `${dir}new-${n}.reqs.yaml`;
  const eol = eolOf(index.file(need.uri)?.text ?? '');
  const lines = requirementLines(id, need, stampOf).map(plainText);
  return { id, createUri, text: [`kind: requirements`, 'items:', `  - ${lines.join(`${eol}    `)}`, ''].join(eol) };
}

function freeId(index: IndexReader, id: string): string {
  let candidate = id;
  for (let n = 2; index.definitionsOf(candidate).length > 0; n++) candidate = `${id}-${n}`;
  return candidate;
}

// ---------------------------------------------------------------------------------------------
// schema: the missing required fields

/** The value a missing field is written with: a placeholder, the schema's values to choose from, or an empty list. */
function missingFieldValue(kind: Kind, key: string, node: Table): Template {
  const values = fieldValues(kind, key);
  if (values) {
    const preferred = { type: 'functional', priority: 'should', response: node.keys.includes('weighting') ? 'scored' : 'information', status: 'draft' }[key];
    const first = preferred !== undefined && values.includes(preferred) ? preferred : (values[0] as string);
    return [placeholder(first, withFirst(first, values))];
  }
  switch (key) {
    case 'statement':
      return ['The solution shall ', placeholder('TODO')];
    case 'need':
      return ['I need to ', placeholder('TODO')];
    case 'as':
      return [placeholder('TODO (the user group)')];
    case 'weighting':
      return [placeholder('0')];
    case 'covers':
    case 'satisfies':
    case 'departments':
    case 'tags':
      return ['[', placeholder(''), ']'];
    default:
      return [placeholder('TODO')];
  }
}

/**
 * Adds every field of `fields` that the item at `offset` lacks, all at once, where the first of
 * them belongs, each with a placeholder value.
 */
export function missingFieldsEdit(index: IndexReader, file: ParsedFile, offset: number, fields: readonly string[]): TemplateEdit | undefined {
  const kind = file.kind;
  const node = kind && file.syntaxOk ? entryAt(file.text, offset) : undefined;
  if (!kind || !node) return undefined;
  const order = FIELD_ORDER[kind];
  const rank = (key: string): number => (order.includes(key) ? order.indexOf(key) : order.length);
  const missing = [...new Set(fields)].filter((key) => !node.keys.includes(key)).sort((a, b) => rank(a) - rank(b));
  if (missing.length === 0) return undefined;
  const newFields = missing.map((key): NewField => ({
    key,
    write: () => [`${key}: `, ...(key === 'id' ? [placeholder(nextIdInFile(index, file, '') ?? 'TODO')] : missingFieldValue(kind, key, node))],
  }));
  return addFieldsEdit(file.text, file.uri, kind, node, newFields);
}

// ---------------------------------------------------------------------------------------------
// orphan-requirement: satisfy a need

export interface NeedOption {
  readonly need: Item;
  /** How alike the need and the requirement read, from 0 to 1. */
  readonly score: number;
  readonly edit: FileEdit;
}

/** Words that say nothing about what a need or requirement is about. */
const STOP_WORDS = new Set(
  `a about above after all also an and any are as at be been being both but by can could do does each for from has have how i if in into is it its may me more most must my need needs no not of on one or our out own per shall should so some such than that the their them then there these they this those through to too under up us use used using via was we were what when where which while who will with within without would you your
  solution system systems able ability allow allows provide provides support supports user users`.split(/\s+/),
);

/** The words of a text that carry meaning: lower case, stop words out, a plural or -ing/-ed ending cut. */
function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((word) => word.length > 1 && !STOP_WORDS.has(word)).map(stem);
}

function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

const needText = (need: Item): string => [need.title, need.text, need.soThat].filter(Boolean).join(' ');

/**
 * The live needs most like an orphan requirement, best first: tf-idf over the content words of
 * the need's title, need and so-that against the requirement's title and statement, by cosine.
 * Only needs sharing a word; each with the edit adding it to the requirement's `satisfies`.
 */
export function satisfyNeedOptions(index: IndexReader, requirement: Item, stampOf?: StampOf, limit = MAX_OPTIONS): NeedOption[] {
  const file = index.file(requirement.uri);
  if (!file) return [];
  const needs = [...index.allItems()].filter((item) => item.kind === 'needs' && !isWithdrawn(item) && index.definitionsOf(item.id)[0] === item);
  const documents = needs.map((need) => counts(contentWords(needText(need))));
  const frequency = new Map<string, number>();
  for (const document of documents) for (const word of document.keys()) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const weight = (word: string): number => Math.log(1 + needs.length / (frequency.get(word) ?? needs.length));
  const vector = (document: Map<string, number>): Map<string, number> => new Map([...document].map(([word, n]) => [word, n * weight(word)]));
  const query = vector(counts(contentWords([requirement.title, requirement.text].filter(Boolean).join(' '))));
  const scored = needs
    .map((need, i) => ({ need, score: cosine(query, vector(documents[i] as Map<string, number>)) }))
    .filter((option) => option.score > 0)
    .sort((a, b) => b.score - a.score || compareItems(a.need, b.need));
  const options: NeedOption[] = [];
  for (const { need, score } of scored) {
    if (options.length >= limit) break;
    const edit = addLinkEdit(file, requirement, 'satisfies', linkText(need, stampOf));
    if (edit) options.push({ need, score, edit });
  }
  return options;
}

function counts(words: readonly string[]): Map<string, number> {
  const result = new Map<string, number>();
  for (const word of words) result.set(word, (result.get(word) ?? 0) + 1);
  return result;
}

function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let dot = 0;
  for (const [word, value] of a) dot += value * (b.get(word) ?? 0);
  if (dot === 0) return 0;
  const norm = (v: ReadonlyMap<string, number>): number => Math.sqrt([...v.values()].reduce((sum, x) => sum + x * x, 0));
  return dot / (norm(a) * norm(b));
}
