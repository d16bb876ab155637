/**
 * An imported file as YAML in the format reqtrace reads, laid out as people write it: the fields of
 * each item in the order the README lists them, link and tag lists on one line, long text folded,
 * text with line breaks as a literal block, a blank line between items.
 *
 * Most values are plain text that needs no quoting: those are written here, folded at spaces. Any
 * value that is not — quotes, line breaks, a leading indicator, text that would read back as a
 * number, a boolean or null, anything other than text, whole numbers and lists of them — is
 * rendered by the `yaml` package, which does the quoting, so any text an importer read comes back
 * unchanged when the file is parsed. (Rendering everything through the package took half of
 * `import reqif`'s time on the bench's 10,000 items.)
 */
import { Document, isSeq, type Node, type YAMLMap } from 'yaml';
import type { Kind } from '../model';
import type { ImportedFile } from './importer';

/** The order fields are written in: every item's first, then the kind's own, then the rest. */
const FIELD_ORDER: Record<Kind, readonly string[]> = {
  needs: ['id', 'title', 'as', 'need', 'so-that', 'departments', 'priority', 'pain-points', 'opportunities', 'source'],
  requirements: ['id', 'title', 'statement', 'type', 'category', 'priority', 'satisfies', 'parent', 'acceptance', 'verification', 'waiver'],
  itt: ['id', 'title', 'text', 'response', 'weighting', 'covers'],
};
const LAST = ['status', 'tags', 'notes'];

/** Lists written on one line, as the samples write them: ids and short labels. */
const FLOW_LISTS = new Set(['satisfies', 'covers', 'departments', 'tags']);

/** Lines are folded to this width, as long as that leaves MIN_CONTENT_WIDTH for the text. */
const LINE_WIDTH = 100;
const MIN_CONTENT_WIDTH = 40;
const STRINGIFY_OPTIONS = { lineWidth: LINE_WIDTH, minContentWidth: MIN_CONTENT_WIDTH, flowCollectionPadding: false } as const;

/**
 * Text that reads back as itself written plain: it starts with a letter, holds only printable
 * characters other than a tab, and no ': ', ' #' or trailing ':' or space that YAML would read as
 * structure. Words YAML 1.1 or 1.2 read as booleans or null are left to the package.
 */
const PRINTABLE = '\\x20-\\x7e\\u00a0-\\u2027\\u202a-\\ud7ff\\ue000-\\ufefe\\uff00-\\ufffd';
const PLAIN = new RegExp(`^[A-Za-z](?:[${PRINTABLE}]*(?![\\s:])[${PRINTABLE}])?$`);
const NOT_PLAIN = /: | #/;
const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n)$/i;
/** Keys written as they are; any other is quoted by the package. */
const PLAIN_KEY = /^[A-Za-z][\w-]*$/;
/** Plain inside a flow list too: none of the flow indicators. */
const FLOW_PLAIN = /^[^,[\]{}]*$/;

export function importedYaml(file: ImportedFile): string {
  const lines: string[] = [];
  if (file.comment) lines.push(...commentLines(file.comment, ''), '');
  lines.push(`kind: ${file.kind}`);
  if (file.title !== undefined) pair(lines, 'title', file.title, '');
  for (const [key, value] of Object.entries(file.fields ?? {})) if (!['kind', 'title', 'items'].includes(key) && value !== undefined) pair(lines, key, value, '');
  lines.push('items:');
  for (const [index, item] of file.items.entries()) {
    if (index > 0) lines.push('');
    if (item.comment) lines.push(...commentLines(item.comment, '  '));
    const start = lines.length;
    for (const key of orderedKeys(file.kind, { id: item.id, ...item.fields })) {
      const value = key === 'id' ? item.id : item.fields[key];
      if (value !== undefined) pair(lines, key, value, '    ');
    }
    // The item's first line carries the list's dash.
    lines[start] = `  - ${(lines[start] as string).slice(4)}`;
  }
  lines.push('');
  return lines.join('\n');
}

/** Appends `key: value` at `indent`, written here when it is simple and by the `yaml` package when not. */
function pair(lines: string[], key: string, value: unknown, indent: string): void {
  const head = `${indent}${key}:`;
  if (!PLAIN_KEY.test(key)) {
    packaged(lines, key, value, indent);
  } else if (typeof value === 'string' && isPlain(value)) {
    lines.push(...folded(`${head} `, value, `${indent}  `));
  } else if (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0)) {
    lines.push(`${head} ${value}`);
  } else if (Array.isArray(value) && value.length > 0 && value.every((entry) => typeof entry === 'string' && isPlain(entry))) {
    const entries = value as string[];
    const flow = `${head} [${entries.join(', ')}]`;
    if (FLOW_LISTS.has(key) && flow.length <= LINE_WIDTH && entries.every((entry) => FLOW_PLAIN.test(entry))) {
      lines.push(flow);
    } else if (FLOW_LISTS.has(key)) {
      packaged(lines, key, value, indent);
    } else {
      lines.push(head);
      for (const entry of entries) lines.push(...folded(`${indent}  - `, entry, `${indent}    `));
    }
  } else {
    packaged(lines, key, value, indent);
  }
}

function isPlain(text: string): boolean {
  return PLAIN.test(text) && !NOT_PLAIN.test(text) && !RESERVED.test(text);
}

/**
 * `first` followed by `text`, broken at single spaces into lines of at most LINE_WIDTH, each after
 * the first starting with `rest`; a word longer than a line stays whole. A break only before a
 * letter or digit, so no line of the folded text can start with an indicator.
 */
function folded(first: string, text: string, rest: string): string[] {
  const width = Math.max(LINE_WIDTH, rest.length + MIN_CONTENT_WIDTH);
  if (first.length + text.length <= width) return [first + text];
  const lines: string[] = [];
  let line = first;
  let from = 0;
  while (line.length + (text.length - from) > width) {
    // The last space that keeps the line within the width, else the first after it.
    let cut = -1;
    for (let at = text.indexOf(' ', from); at !== -1; at = text.indexOf(' ', at + 1)) {
      if (text.charCodeAt(at - 1) === 0x20 || !/[A-Za-z0-9]/.test(text.charAt(at + 1))) continue;
      const fits = line.length + (at - from) <= width;
      if (fits || cut === -1) cut = at;
      if (!fits) break;
    }
    if (cut === -1) break;
    lines.push(line + text.slice(from, cut));
    line = rest;
    from = cut + 1;
  }
  lines.push(line + text.slice(from));
  return lines;
}

/** `key: value` rendered by the `yaml` package, as one mapping, then indented. */
function packaged(lines: string[], key: string, value: unknown, indent: string): void {
  const doc = new Document({});
  const node = doc.createNode(value) as Node;
  if (FLOW_LISTS.has(key) && isSeq(node)) node.flow = true;
  (doc.contents as YAMLMap).add(doc.createPair(key, node));
  const text = doc.toString({ ...STRINGIFY_OPTIONS, lineWidth: Math.max(LINE_WIDTH - indent.length, MIN_CONTENT_WIDTH) });
  for (const line of text.replace(/\n$/, '').split('\n')) lines.push(line === '' ? '' : indent + line);
}

function orderedKeys(kind: Kind, fields: Readonly<Record<string, unknown>>): string[] {
  const known = [...FIELD_ORDER[kind], ...LAST];
  const present = Object.keys(fields);
  return [...known.filter((key) => key in fields), ...present.filter((key) => !known.includes(key))];
}

/** A comment's text, one '#' line per line. */
function commentLines(text: string, indent: string): string[] {
  return text.split(/\r?\n/).map((line) => (line === '' ? `${indent}#` : `${indent}# ${line}`));
}
