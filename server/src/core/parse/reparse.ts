/**
 * reparseFile: the new text of a file already parsed -> the same ParsedFile that parseFile would
 * give, parsing only the entries of `items` that the edit touched when it can prove that is safe,
 * and the whole file otherwise. A keystroke in a 2,000-item file then costs one entry's parse.
 *
 * Safe means: the old file had a layout (see ItemsLayout: clean YAML, nothing shared between
 * entries), the changed text lies inside entries, and those entries' new text, parsed on its own
 * under the same `items:` key, is clean YAML whose entries start at the same column. Parsed so, an
 * entry reads exactly as it does in the whole file; the property tests compare both ways.
 */
import { readComposed } from './cleanYaml';
import type { Finding, Item, Link, Span } from '../model';
import { DEFAULT_LIMITS, entryStarts, extractItems, normaliseBreaks, parseFile, tooDeepAt, type ParsedFile, type ParseLimits } from './parse';
import { scanDocument } from './scanYaml';
import { validateSchema } from './schema';
import { valueOf, type Table, type Tree } from './tree';

/** The key the re-parsed entries are put under, so that they sit exactly as they do in the file. */
const HEAD = 'items:\n';

/**
 * Where a text changed: [from, oldTo) of the old text became [from, newTo) of the new one. An
 * editor knows it from its edits, which spares comparing two long texts to find it.
 */
export interface Changed {
  readonly from: number;
  readonly oldTo: number;
  readonly newTo: number;
}

/** `changed` (if any) followed by an edit of the resulting text that put `length` characters in place of [start, end). */
export function widenChange(changed: Changed | undefined, start: number, end: number, length: number): Changed {
  if (!changed) return { from: start, oldTo: end, newTo: start + length };
  return {
    from: Math.min(changed.from, start),
    // Text after the changed part is the old text, moved: an edit reaching past it reaches as far into the old text.
    oldTo: changed.oldTo + Math.max(0, end - changed.newTo),
    newTo: Math.max(changed.newTo, end) + length - (end - start),
  };
}

export function reparseFile(previous: ParsedFile, text: string, limits: ParseLimits = DEFAULT_LIMITS, changed?: Changed): ParsedFile {
  return reparseEntries(previous, text, limits, changed) ?? (text === previous.text ? previous : parseFile(previous.uri, text, limits));
}

function reparseEntries(previous: ParsedFile, text: string, limits: ParseLimits, changed: Changed | undefined): ParsedFile | undefined {
  const { layout, kind, uri } = previous;
  if (!layout || !kind || text.length > limits.maxFileChars) return undefined;
  const old = previous.text;
  const { from, oldTo } = changed && fits(changed, old, text) ? changed : changedRegion(old, text);
  if (from === old.length && old.length === text.length) return previous;
  const { starts, end } = layout;
  if (from < (starts[0] as number) || oldTo > end) return undefined;

  // The entries the change touches: from the last that starts at or before it to the one it ends in.
  let first = 0;
  while (first + 1 < starts.length && (starts[first + 1] as number) <= from) first++;
  let last = first;
  while (last + 1 < starts.length && (starts[last + 1] as number) < oldTo) last++;
  const chunkStart = starts[first] as number;
  const oldChunkEnd = last + 1 < starts.length ? (starts[last + 1] as number) : end;
  const delta = text.length - old.length;
  const chunk = text.slice(chunkStart, oldChunkEnd + delta);

  const reparsed = chunk === '' ? { items: [], findings: [], starts: [] } : parseEntries(uri, kind, chunk, layout.indent, first, chunkStart, oldChunkEnd + delta === text.length);
  if (!reparsed) return undefined;
  const entries = starts.length - (last - first + 1) + reparsed.starts.length;
  if (entries === 0) return undefined;

  // Old findings outside the touched entries are kept (moved by the change's length when after them).
  const findings: Finding[] = [];
  const after: Finding[] = [];
  for (const finding of previous.findings) {
    const { start, end: stop } = finding.span;
    if (start === stop && (start === chunkStart || start === oldChunkEnd)) return undefined;
    if (stop <= chunkStart) findings.push(finding);
    else if (start >= oldChunkEnd) after.push({ ...finding, span: shift(finding.span, delta) });
    else if (start < chunkStart || stop > oldChunkEnd) return undefined;
  }
  // Findings can name an entry by its number ("requirement 3 in items"), which changes with the count.
  if (after.length > 0 && reparsed.starts.length !== last - first + 1) return undefined;
  findings.push(...reparsed.findings, ...after);

  const items: Item[] = [];
  const moved: Item[] = [];
  for (const item of previous.items) {
    if (item.span.start < chunkStart) items.push(item);
    else if (item.span.start >= oldChunkEnd) moved.push(moveItem(item, delta));
  }
  items.push(...reparsed.items, ...moved);

  const kindSpan = previous.kindSpan && previous.kindSpan.start >= oldChunkEnd ? shift(previous.kindSpan, delta) : previous.kindSpan;
  return {
    ...previous,
    text,
    kindSpan,
    items,
    findings,
    layout: {
      indent: layout.indent,
      starts: [...starts.slice(0, first), ...reparsed.starts, ...starts.slice(last + 1).map((s) => s + delta)],
      end: end + delta,
    },
    moved: { oldStart: oldChunkEnd, by: delta },
  };
}

/** True when `changed` can describe how `old` became `text`: the lengths agree, and the characters either side of it. */
function fits({ from, oldTo, newTo }: Changed, old: string, text: string): boolean {
  return (
    from >= 0 &&
    from <= oldTo &&
    from <= newTo &&
    oldTo <= old.length &&
    old.length - oldTo === text.length - newTo &&
    (from === 0 || old.charCodeAt(from - 1) === text.charCodeAt(from - 1)) &&
    (oldTo === old.length || old.charCodeAt(oldTo) === text.charCodeAt(newTo))
  );
}

/** The text the edit changed: [from, oldTo) of the old text became [from, newTo) of the new one. */
function changedRegion(old: string, text: string): { from: number; oldTo: number } {
  const shortest = Math.min(old.length, text.length);
  // Whole blocks first (string comparison is a memory compare), then one character at a time.
  let from = 0;
  while (from + BLOCK <= shortest && old.slice(from, from + BLOCK) === text.slice(from, from + BLOCK)) from += BLOCK;
  while (from < shortest && old.charCodeAt(from) === text.charCodeAt(from)) from++;
  let tail = 0;
  const most = shortest - from;
  while (tail + BLOCK <= most && old.slice(old.length - tail - BLOCK, old.length - tail) === text.slice(text.length - tail - BLOCK, text.length - tail)) tail += BLOCK;
  while (tail < most && old.charCodeAt(old.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  return { from, oldTo: old.length - tail };
}
const BLOCK = 4096;

/**
 * Parses the text of some whole entries (starting at offset `at` of the file, the first being entry
 * `firstItem`) under an `items:` key of its own. Undefined when that cannot stand for the file.
 */
function parseEntries(
  uri: string,
  kind: NonNullable<ParsedFile['kind']>,
  chunk: string,
  indent: number,
  firstItem: number,
  at: number,
  atEnd: boolean,
): { items: Item[]; findings: Finding[]; starts: number[] } | undefined {
  // It must start with an entry's `- ` (nothing that could continue the entry before it) and end
  // with a line break (so that the next entry still starts a line), and be text.
  if (!chunk.startsWith(`${' '.repeat(indent)}-`) || !(atEnd || /[\r\n]$/.test(chunk)) || chunk.includes('\0')) return undefined;
  const source = HEAD + normaliseBreaks(chunk);
  if (tooDeepAt(source) !== undefined) return undefined;
  const read = readEntries(kind, source, firstItem, uri);
  if (!read) return undefined;
  const entries = entryStarts(valueOf(read.root, 'items'), source, indent);
  if (!entries || entries.starts[0] !== HEAD.length) return undefined;
  const offset = at - HEAD.length;
  return {
    items: extractItems(uri, kind, read.root).map((item) => moveItem(item, offset)),
    findings: read.findings.map((f) => ({ ...f, span: shift(f.span, offset) })),
    starts: entries.starts.map((s) => s + offset),
  };
}

/** Entries under their `items:` key, read as parseFile reads a file; undefined unless clean. */
function readEntries(kind: NonNullable<ParsedFile['kind']>, source: string, firstItem: number, uri: string): { root: Table; findings: Finding[] } | undefined {
  const scanned = scanDocument(source);
  // An empty value's place depends on what follows it (the next entry's indentation, inside the
  // file); the scanner never reads one.
  const read = scanned ?? readComposed(source);
  if (read?.root.type !== 'map' || read.root.keys.length !== 1 || (!scanned && hasEmptyValue(read.root))) return undefined;
  return { root: read.root, findings: validateSchema(kind, read.value, read.root, uri, source, firstItem) };
}

function hasEmptyValue(tree: Tree | undefined): boolean {
  if (!tree) return false;
  if (tree.type === 'scalar') return tree.start === tree.end;
  return (tree.type === 'seq' ? tree.items : tree.values).some(hasEmptyValue);
}

function shift(span: Span, by: number): Span {
  return { start: span.start + by, end: span.end + by };
}

/** The item with every span moved by `by` (its links point back at the new item). */
function moveItem(item: Item, by: number): Item {
  const links: Link[] = [];
  // Every field written out (the list is checked to be complete): a spread of this many fields is
  // several times slower, and a keystroke in a large file moves a thousand items.
  const moved: Item = {
    id: item.id,
    kind: item.kind,
    uri: item.uri,
    idSpan: shift(item.idSpan, by),
    span: shift(item.span, by),
    title: item.title,
    text: item.text,
    status: item.status,
    priority: item.priority,
    departments: item.departments,
    as: item.as,
    soThat: item.soThat,
    type: item.type,
    category: item.category,
    verification: item.verification,
    waiverReason: item.waiverReason,
    response: item.response,
    weighting: item.weighting,
    links,
    // Every fourth entry from the third is a start, and the one after it an end.
    prose: item.prose?.map((entry, at) => (at % 4 >= 2 ? (entry as number) + by : entry)),
    silenced: item.silenced,
    reviewed: item.reviewed,
  } satisfies Record<keyof Item, unknown>;
  for (const link of item.links) links.push({ field: link.field, to: link.to, span: shift(link.span, by), from: moved, stamp: link.stamp } satisfies Record<keyof Link, unknown>);
  return moved;
}
