/**
 * Edits as minimal text replacements, so comments, quoting, key order and line ends survive:
 * rename an id everywhere, remove a link, create a stub item for a missing id.
 */
import { ID_PATTERN } from '../ids';
import type { Workspace } from '../analysis/workspace';
import { innerSpan, linkIdSpan } from './lookup';
import { baseName, KIND_NOUN, type Item, type Kind, type Link, type Span } from '../model';

export interface FileEdit {
  readonly uri: string;
  readonly span: Span;
  readonly newText: string;
}

export type RenameResult = { readonly edits: FileEdit[] } | { readonly error: string };

/** Every edit that renames `oldId` to `newId`: each definition and each link, in every file. */
export function renameEdits(index: Workspace, oldId: string, newId: string): RenameResult {
  if (!ID_PATTERN.test(newId)) return { error: `"${newId}" is not a valid id: use capital letters and digits in parts joined by '-' or '.', e.g. REQ-HR-001.` };
  if (newId !== oldId && index.definitionsOf(newId).length > 0) {
    const taken = index.definitionsOf(newId)[0] as Item;
    return { error: `${newId} is already the id of a ${KIND_NOUN[taken.kind]} ("${taken.title ?? ''}", in ${baseName(taken.uri)}): choose another id.` };
  }
  const edits: FileEdit[] = [];
  const textOf = (uri: string): string => index.file(uri)?.text ?? '';
  for (const item of index.definitionsOf(oldId)) edits.push({ uri: item.uri, span: innerSpan(textOf(item.uri), item.idSpan), newText: newId });
  for (const link of index.referencesTo(oldId)) edits.push({ uri: link.from.uri, span: linkIdSpan(textOf(link.from.uri), link), newText: newId });
  if (edits.length === 0) return { error: `Nothing is called ${oldId}.` };
  return { edits: edits.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.span.start - b.span.start)) };
}

/**
 * Removes one link: its entry in a flow list with its comma, its line in a block list, or its
 * `parent:` line. A comment on a removed line stays, on a line of its own.
 */
export function removeLinkEdit(text: string, link: Link): FileEdit {
  const { start, end } = link.span;
  const lineStart = lineStartOf(text, start);
  const before = text.slice(lineStart, start);
  const lineEnd = lineEndOf(text, end);
  const after = text.slice(end, lineEnd);
  // A block-list entry or a `field: ID` line, nothing else on it but a comment: drop the line.
  if ((/^\s*-\s*$/.test(before) || /^\s*[\w-]+\s*:\s*$/.test(before)) && /^\s*(#.*)?$/.test(after)) {
    const comment = /#.*$/.exec(after);
    if (comment) return { uri: link.from.uri, span: { start: lineStart, end: lineEnd }, newText: `${/^\s*/.exec(before)?.[0] ?? ''}${comment[0]}` };
    return { uri: link.from.uri, span: { start: lineStart, end: nextLineStart(text, lineEnd) }, newText: '' };
  }
  // In a flow list: take the following comma and spaces, or else the preceding ones.
  const following = /^\s*,\s*/.exec(after);
  if (following) return { uri: link.from.uri, span: { start, end: end + following[0].length }, newText: '' };
  const preceding = /,\s*$/.exec(before);
  if (preceding) return { uri: link.from.uri, span: { start: start - preceding[0].length, end }, newText: '' };
  return { uri: link.from.uri, span: { start, end }, newText: '' };
}

const STUB_FIELDS: Record<Kind, (id: string) => string[]> = {
  needs: (id) => [`id: ${id}`, 'title: TODO', 'as: TODO (the user group)', 'need: I need to TODO', 'so-that: TODO', 'status: draft'],
  requirements: (id) => [`id: ${id}`, 'title: TODO', 'statement: The solution shall TODO', 'type: functional', 'priority: should', 'status: draft'],
  itt: (id) => [`id: ${id}`, 'title: TODO', 'text: TODO', 'response: information', 'status: draft'],
};

export type StubResult = { readonly edit: FileEdit } | { readonly createUri: string; readonly text: string };

/**
 * A stub item for a missing id, added after the last item of the file of the right kind whose
 * ids share the longest prefix with it; a new file beside `nearUri` when there is none. The stub
 * follows the file's line ends, indentation and id quoting, and changes nothing already there.
 */
export function stubEdit(index: Workspace, missingId: string, kind: Kind, nearUri: string): StubResult {
  let best: FileEdit | undefined;
  let bestScore = -1;
  for (const uri of [...index.uris].sort()) {
    const file = index.file(uri);
    if (!file || file.kind !== kind || !file.syntaxOk || file.items.length === 0) continue;
    const score = Math.max(...file.items.map((item) => commonPrefix(item.id, missingId)));
    if (score <= bestScore) continue;
    const edit = appendItemEdit(file.text, file.items[file.items.length - 1] as Item, STUB_FIELDS[kind](missingId));
    if (!edit) continue;
    best = edit;
    bestScore = score;
  }
  if (best) return { edit: best };
  const dir = nearUri.slice(0, nearUri.lastIndexOf('/') + 1);
  const suffix = kind === 'needs' ? 'needs' : kind === 'requirements' ? 'reqs' : 'itt';
  const eol = eolOf(index.file(nearUri)?.text ?? '');
  let createUri = `${dir}new.${suffix}.yaml`;
  for (let n = 2; index.file(createUri); n++) createUri = `${dir}new-${n}.${suffix}.yaml`;
  return { createUri, text: [`kind: ${kind}`, 'items:', `  - ${STUB_FIELDS[kind](missingId).join(`${eol}    `)}`, ''].join(eol) };
}

/**
 * An insertion of `lines` (the first one `id: …`) as a new item after `last` in a block list, or
 * undefined when the list is not a block list (a flow list `items: [{…}]` has no line to add).
 */
function appendItemEdit(text: string, last: Item, lines: readonly string[]): FileEdit | undefined {
  const point = itemAppendPoint(text, last);
  if (!point) return undefined;
  const { dash, keyIndent, eol, quote, at } = point;
  const body = lines.map((line, i) => (i === 0 ? `${dash}${line.replace(/^id: (.*)$/, `id: ${quote}$1${quote}`)}` : `${keyIndent}${line}`)).join(eol);
  return { uri: last.uri, span: { start: at, end: at }, newText: `${eol}${body}` };
}

/** Where and how a new item goes after `last`: the offset, the `- ` and key indentation, the line end, the id's quote. */
export interface ItemAppendPoint {
  readonly at: number;
  readonly dash: string;
  readonly keyIndent: string;
  readonly eol: string;
  readonly quote: string;
}

/** Where a new item goes after `last` in a block list, written as `last` is; undefined when the list is not a block list. */
export function itemAppendPoint(text: string, last: Item): ItemAppendPoint | undefined {
  const lineStart = lineStartOf(text, last.span.start);
  const prefix = text.slice(lineStart, last.span.start);
  // `  - id: …`, or the dash alone on the line before and the keys below it.
  let dash: string;
  if (/^[ ]*-[ ]+$/.test(prefix)) dash = prefix;
  else if (/^[ ]+$/.test(prefix) && prefix.length >= 2) dash = `${' '.repeat(prefix.length - 2)}- `;
  else return undefined;
  const eol = eolOf(text);
  const keyIndent = ' '.repeat(dash.length);
  // A block mapping's range runs past its last line break; insert after its last character, and
  // after the comment lines indented under the item, which belong to it.
  let end = last.span.end;
  while (end > last.span.start && /\s/.test(text[end - 1] ?? '')) end--;
  let insertAt = lineEndOf(text, end);
  for (;;) {
    const next = nextLineStart(text, insertAt);
    if (next === insertAt) break;
    const nextEnd = lineEndOf(text, next);
    if (!new RegExp(`^${keyIndent}[ ]*#`).test(text.slice(next, nextEnd))) break;
    insertAt = nextEnd;
  }
  // The new id is quoted as the last item's is.
  const quote = text[last.idSpan.start] === '"' || text[last.idSpan.start] === "'" ? (text[last.idSpan.start] as string) : '';
  return { at: insertAt, dash, keyIndent, eol, quote };
}

/** The line end a file uses: CRLF when it has any, else LF. */
export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

export function lineEndOf(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

export function nextLineStart(text: string, lineEnd: number): number {
  if (text[lineEnd] === '\r' && text[lineEnd + 1] === '\n') return lineEnd + 2;
  return lineEnd < text.length ? lineEnd + 1 : lineEnd;
}
