/**
 * The YAML parser's errors in a requirements author's words: one finding per mistake.
 *
 * The parser reports where it lost its way, often a line after the mistake, and then every line it
 * misreads because of it: one field indented 3 spaces instead of 4 gave twelve errors, text pasted
 * at the top of a file over five hundred. Here each error is explained from the text around it (a
 * tab in the indentation, indentation unlike the lines around it, a quote never closed, a value
 * YAML reads as something else, text that is not YAML), and each explanation brings a repair:
 * re-indent the line, close the quote, quote the value, blank out the text. The repaired text is
 * parsed again, so the errors that followed from a mistake are gone and each error that remains is
 * a mistake of its own (a few rounds at most; an error nothing explains has the rest of its item
 * blanked out). The last round's tree, at the file's own offsets, is what the file is indexed as:
 * the items before and after a mistake, and the broken item as far as the repair could guess it,
 * still resolve links. The file gets no schema or link checks until it reads cleanly.
 *
 * The parser's own words are kept in each finding's detail. A file gets at most MAX_SYNTAX_FINDINGS
 * of these findings: with more mistakes than that, the last one counts those it leaves out.
 *
 * Only files with errors get here: a clean file never pays for any of it.
 */
import type { Document, YAMLError } from 'yaml';
import { LineIndex } from '../lines';
import type { Finding, RelatedInformation, Span } from '../model';
import { yamlSyntax } from './rules';
import { treeOfDocument, type Tree } from './tree';

/** The most yaml-syntax findings one file gets: past it, the last one counts the mistakes it leaves out. */
export const MAX_SYNTAX_FINDINGS = 5;
/** Rounds of repair and re-parse; what still has errors after them is read as the parser recovered it. */
const MAX_ROUNDS = 4;
/** Mistakes explained in one file at most: past it, the rest are folded into the last. */
const MAX_CAUSES = 200;
/** The width a tab is taken to stand for when working out the indentation it was meant as. */
const TAB_WIDTH = 4;
/** The longest parser message kept in a detail (its messages can quote whole paragraphs). */
const MAX_PARSER_TEXT = 160;

export interface BrokenRead {
  /** One yaml-syntax finding per mistake; at most MAX_SYNTAX_FINDINGS, the last of them then counting the rest. */
  readonly findings: Finding[];
  /** What the text most likely says: the tree of the repaired text, at the file's offsets. */
  readonly root: Tree | undefined;
}

/**
 * Explains the errors of `doc`, the parse of `source` (the file's text, line breaks made \n or \r\n).
 * `reparse` parses a repaired text the way `doc` was parsed; `noun` is what an item of the file is called.
 */
export function explainYamlErrors(uri: string, source: string, doc: Document.Parsed, reparse: (text: string) => Document.Parsed | undefined, noun = 'item'): BrokenRead {
  const originalErrors = sortedErrors(doc);
  const placed: Placed[] = [];
  /** Mistakes that need no repair (a key written twice) come back in every round: reported once. */
  const known = new Set<string>();
  const rounds: Round[] = [];
  const toOriginal = (offset: number): number => rounds.reduceRight((at, round) => mapBack(at, round), offset);
  const originalSpan = (span: Span): Span => ({ start: toOriginal(span.start), end: Math.max(toOriginal(span.start), toOriginal(span.end)) });
  const errorKey = (error: YAMLError): string => `${error.code}@${toOriginal(error.pos[0])}`;
  let text = source;
  let current = doc;
  for (let round = 0; round < MAX_ROUNDS && current.errors.length > 0 && placed.length < MAX_CAUSES; round++) {
    const explainer = new Explainer(text, noun);
    const errors = round === 0 ? originalErrors : sortedErrors(current).filter((error) => !known.has(errorKey(error)));
    const found: Cause[] = [];
    const pasted = round === 0 ? explainer.pastedAtTop(errors) : undefined;
    if (pasted) found.push(pasted);
    // A quote or bracket never closed is reported where the parser gives up, after every line it swallowed:
    // explained first, those lines' own errors fall inside it.
    for (const error of errors) {
      if (!explainer.isUnclosed(error) || found.some((cause) => within(error.pos[0], cause.region))) continue;
      const cause = explainer.explain(error);
      if (cause) found.push(cause);
    }
    const deferred: YAMLError[] = [];
    for (const error of errors) {
      if (found.length + placed.length >= MAX_CAUSES) break;
      if (found.some((cause) => within(error.pos[0], cause.region))) continue;
      const cause = explainer.explain(error);
      if (cause) found.push(cause);
      else deferred.push(error);
    }
    // An error nothing explains may only follow from a mistake explained in this round: it waits for
    // the next. When nothing in this round can be repaired, the first of them is a mistake of its own.
    const unexplained = deferred.find((error) => !found.some((cause) => within(error.pos[0], cause.region)));
    if (unexplained && !found.some((cause) => cause.repair.length > 0)) found.push(explainer.unexplained(unexplained, true));
    for (const [n, cause] of found.entries()) {
      const span = originalSpan(cause.span);
      // A mistake found in the text as an earlier round repaired it, in the item of a mistake that round
      // explained, follows from it (the repair guessed wrong): it is folded into that one, and the rest
      // of that item is left out rather than guessed at again.
      const hidden = placed.some((earlier) => earlier.round < round && (within(span.start, earlier.region) || within(span.start, earlier.item)));
      if (hidden) found[n] = { ...cause, repair: explainer.unexplained(cause.error, true).repair };
      placed.push({
        span,
        round,
        item: originalSpan(explainer.itemOf(cause.span.start)),
        region: originalSpan(cause.region),
        message: cause.message,
        related: cause.related?.map((r) => ({ uri, span: originalSpan(r.span), message: r.message })),
        trigger: cause.error,
        triggerAt: toOriginal(cause.error.pos[0]),
        hidden,
      });
      if (cause.repair.length === 0) known.add(errorKey(cause.error));
    }
    const edits = withoutOverlaps(found.flatMap((cause) => cause.repair));
    if (edits.length === 0) break;
    text = applyEdits(text, edits);
    rounds.push(roundOf(edits));
    const next = reparse(text);
    if (!next) break;
    current = next;
  }
  if (current.errors.length > 0 && placed.length < MAX_CAUSES) {
    // Still errors after the last round: the first that no reported mistake covers is reported as the parser says.
    const explainer = new Explainer(text, noun);
    const left = sortedErrors(current).find((error) => !known.has(errorKey(error)) && !placed.some((p) => within(toOriginal(error.pos[0]), p.region) || within(toOriginal(error.pos[0]), p.item)));
    if (left) {
      const cause = explainer.unexplained(left, false);
      const span = originalSpan(cause.span);
      placed.push({ span, round: MAX_ROUNDS, item: span, region: originalSpan(cause.region), message: cause.message, trigger: left, triggerAt: toOriginal(left.pos[0]), hidden: false });
    }
  }
  const root = mapTree(treeOfDocument(current).root, toOriginal);
  return { findings: toFindings(uri, source, placed, originalErrors), root };
}

// ---------------------------------------------------------------------------------------------
// Findings

interface Placed {
  readonly span: Span;
  /** The text this mistake accounts for: the parser's errors inside it follow from it. */
  readonly region: Span;
  /** The list entry (the item) it is in, else its region; and the round that found it. */
  readonly item: Span;
  readonly round: number;
  readonly message: string;
  readonly related?: RelatedInformation[];
  readonly trigger: YAMLError;
  /** Where the parser reported `trigger`, in the file. */
  readonly triggerAt: number;
  /** Found in a repaired text inside an earlier mistake's region: folded into it, not reported. */
  readonly hidden: boolean;
}

function toFindings(uri: string, source: string, placed: readonly Placed[], originalErrors: readonly YAMLError[]): Finding[] {
  const shown = placed.filter((cause) => !cause.hidden).sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  if (shown.length === 0) return [];
  // Each of the parser's errors is folded into the mistake it falls in, else the nearest one before it.
  const folded = new Map<Placed, number>();
  const triggers = new Set(placed.map((cause) => cause.trigger));
  for (const error of originalErrors) {
    if (triggers.has(error)) continue;
    const at = error.pos[0];
    const owner = shown.find((cause) => within(at, cause.region)) ?? [...shown].reverse().find((cause) => cause.span.start <= at) ?? shown[0];
    if (owner) folded.set(owner, (folded.get(owner) ?? 0) + 1);
  }
  const lines = new LineIndex(source);
  const lineOf = (offset: number): number => lines.position(offset).line + 1;
  // At most MAX_SYNTAX_FINDINGS findings: when there are more mistakes, the last of them counts the rest.
  const listed = shown.length > MAX_SYNTAX_FINDINGS ? MAX_SYNTAX_FINDINGS - 1 : shown.length;
  const findings: Finding[] = shown.slice(0, listed).map((cause) => {
    const { line, character } = lines.position(cause.triggerAt);
    const more = folded.get(cause) ?? 0;
    const detail = `The YAML parser said: "${clip(cause.trigger.message)}" (line ${line + 1}, column ${character + 1})${more > 0 ? `, and ${more} more ${more === 1 ? "error that follows" : "errors that follow"} from it` : ''}.`;
    return {
      code: yamlSyntax.code,
      severity: yamlSyntax.severity,
      message: cause.message,
      uri,
      span: cause.span,
      ...(cause.related && cause.related.length > 0 ? { related: cause.related } : {}),
      detail,
    };
  });
  const rest = shown.slice(listed);
  const next = rest[0];
  const last = shown[listed - 1];
  if (next && last) {
    const count = rest.length;
    findings.push({
      code: yamlSyntax.code,
      severity: yamlSyntax.severity,
      message: `… and ${count} more syntax ${count === 1 ? 'error' : 'errors'} after line ${lineOf(last.span.start)}, not listed one by one: fix the ones above first.`,
      uri,
      span: next.span,
      detail: `The next one: ${next.message}`,
    });
  }
  return findings;
}

function clip(message: string): string {
  const trimmed = message.trim().replace(/\s+/g, ' ');
  return trimmed.length > MAX_PARSER_TEXT ? `${trimmed.slice(0, MAX_PARSER_TEXT - 1)}…` : trimmed;
}

function sentence(message: string): string {
  const trimmed = message.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function sortedErrors(doc: Document.Parsed): YAMLError[] {
  return [...doc.errors].sort((a, b) => a.pos[0] - b.pos[0]);
}

function within(offset: number, span: Span): boolean {
  return offset >= span.start && offset <= span.end;
}

// ---------------------------------------------------------------------------------------------
// Repairs: edits of a text, and offsets in the edited text mapped back

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly insert: string;
}

function withoutOverlaps(edits: readonly Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const kept: Edit[] = [];
  for (const edit of sorted) {
    const last = kept[kept.length - 1];
    if (last && (edit.start < last.end || (edit.start === last.end && edit.start === edit.end && last.start === last.end))) continue;
    kept.push(edit);
  }
  return kept;
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = '';
  let at = 0;
  for (const edit of edits) {
    out += text.slice(at, edit.start) + edit.insert;
    at = edit.end;
  }
  return out + text.slice(at);
}

/** An offset of the text a round's edits made, as an offset of the text they were made to. */
function mapBack(offset: number, { edits, starts }: Round): number {
  // The last edit that starts at or before `offset` in the edited text.
  let low = 0;
  let high = edits.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((starts[mid] as number) <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  if (found < 0) return offset;
  const edit = edits[found] as Edit;
  const start = starts[found] as number;
  return inEdit(offset, edit, start) ?? offset - (start - edit.start) - (edit.insert.length - (edit.end - edit.start));
}

/** Where an offset inside an edit's inserted text maps to; undefined past it. */
function inEdit(offset: number, edit: Edit, start: number): number | undefined {
  if (offset >= start + edit.insert.length) return undefined;
  // Text blanked out in place keeps its offsets; text put in maps to where it was put.
  return edit.insert.length === edit.end - edit.start ? edit.start + (offset - start) : edit.start;
}

/** A round's edits, with where each starts in the text they made. */
interface Round {
  readonly edits: readonly Edit[];
  readonly starts: readonly number[];
}

function roundOf(edits: readonly Edit[]): Round {
  const starts: number[] = [];
  let delta = 0;
  for (const edit of edits) {
    starts.push(edit.start + delta);
    delta += edit.insert.length - (edit.end - edit.start);
  }
  return { edits, starts };
}

function mapTree(tree: Tree | undefined, map: (offset: number) => number): Tree | undefined {
  if (!tree) return undefined;
  const start = map(tree.start);
  const end = Math.max(start, map(tree.end));
  if (tree.type === 'scalar') return { ...tree, start, end };
  if (tree.type === 'seq') return { ...tree, start, end, items: tree.items.map((item) => mapTree(item, map)) };
  return {
    ...tree,
    start,
    end,
    keyStarts: tree.keyStarts.map((at) => (at === undefined ? undefined : map(at))),
    keyEnds: tree.keyEnds.map((at) => (at === undefined ? undefined : map(at))),
    values: tree.values.map((value) => mapTree(value, map)),
  };
}

// ---------------------------------------------------------------------------------------------
// The text as lines

type LineKind = 'blank' | 'comment' | 'marker' | 'key' | 'dash' | 'text' | 'block';
type ValueStyle = 'none' | 'plain' | 'quoted' | 'flow' | 'block' | 'alias' | 'reserved' | 'other';

interface Value {
  readonly start: number;
  /** Where it ends on its line (before a comment after a plain value). */
  readonly end: number;
  readonly style: ValueStyle;
}

interface Line {
  /** Its number in the text, from 0. */
  readonly index: number;
  readonly start: number;
  /** Where its indentation starts (after a byte-order mark on the first line). */
  readonly indentStart: number;
  /** Where its content starts and ends (before trailing spaces and the line break). */
  readonly first: number;
  readonly end: number;
  readonly tabs: boolean;
  /** The column its content starts at (a tab counted as TAB_WIDTH); a repair that re-indents the line changes it. */
  col: number;
  readonly kind: LineKind;
  /** `key:` lines and `- key:` lines: the key, where it is written, and its distance from the line's first character. */
  readonly key?: string;
  readonly keyAt?: number;
  readonly keyEnd?: number;
  readonly keyOffset?: number;
  /** The value written on the line after `key:` or `- `. */
  readonly value?: Value;
}

// A key as requirement files write them: a plain word or phrase, or a quoted one, then ':' and a space or the line's end.
const KEY = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"[\]{},&*!|>%@`?:-][^#]*?|-[^\s#'"[\]{},][^#]*?)[ \t]*:(?=[ \t]|$)/;
const BLOCK_HEADER = /^[|>][-+0-9]*(?:[ \t]+#.*)?$/;

function readLines(source: string): Line[] {
  const lines: Line[] = [];
  let blockParent = -1;
  for (let start = 0; ; ) {
    let stop = source.indexOf('\n', start);
    if (stop < 0) stop = source.length;
    let end = stop;
    for (let ch = source.charCodeAt(end - 1); end > start && (ch === SPACE || ch === TAB || ch === CR); ch = source.charCodeAt(end - 1)) end--;
    const indentStart = start === 0 && source.charCodeAt(0) === 0xfeff ? 1 : start;
    let first = indentStart;
    let col = 0;
    let tabs = false;
    for (let ch = source.charCodeAt(first); first < end && (ch === SPACE || ch === TAB); ch = source.charCodeAt(++first)) {
      if (ch === TAB) {
        tabs = true;
        col += TAB_WIDTH;
      } else col++;
    }
    const inBlock = blockParent >= 0 && col > blockParent && first < end;
    if (!inBlock && first < end) blockParent = -1;
    const line = classify(source, lines.length, start, indentStart, first, Math.max(end, first), tabs, col, inBlock);
    if (line.value?.style === 'block') blockParent = col + (line.keyOffset ?? 0);
    lines.push(line);
    if (stop >= source.length) break;
    start = stop + 1;
  }
  return lines;
}

const SPACE = 32;
const TAB = 9;
const CR = 13;

/** One line: what it is, and for a `key:` or `- ` line its key and the value written after it. */
function classify(source: string, index: number, start: number, indentStart: number, first: number, end: number, tabs: boolean, col: number, inBlock: boolean): Line {
  const line = (kind: LineKind, key?: { key: string; keyEnd: number; colonEnd: number }, keyAt?: number, value?: Value): Line => ({
    index,
    start,
    indentStart,
    first,
    end,
    tabs,
    col,
    kind,
    key: key?.key,
    keyAt,
    keyEnd: key?.keyEnd,
    keyOffset: keyAt === undefined ? undefined : keyAt - first,
    value,
  });
  if (first >= end) return line('blank');
  if (inBlock) return line('block');
  const head = source.charCodeAt(first);
  if (head === 35 /* # */) return line('comment');
  if (col === 0 && (head === 37 /* % */ || /^(?:---|\.\.\.)(?:\s|$)/.test(source.slice(first, first + 4)))) return line('marker');
  if (head === 45 /* - */ && (first + 1 >= end || source.charCodeAt(first + 1) === SPACE || source.charCodeAt(first + 1) === TAB)) {
    let at = first + 1;
    while (at < end && (source.charCodeAt(at) === SPACE || source.charCodeAt(at) === TAB)) at++;
    const key = keyAt(source, at, end);
    return key ? line('dash', key, at, valueAt(source, key.colonEnd, end)) : line('dash', undefined, undefined, valueAt(source, at, end));
  }
  const key = keyAt(source, first, end);
  return key ? line('key', key, first, valueAt(source, key.colonEnd, end)) : line('text');
}

function keyAt(source: string, at: number, end: number): { key: string; keyEnd: number; colonEnd: number } | undefined {
  const colon = source.indexOf(':', at);
  if (colon < 0 || colon >= end) return undefined;
  const match = KEY.exec(source.slice(at, end));
  if (!match) return undefined;
  const written = match[0].slice(0, -1).trimEnd();
  const key = /^["']/.test(written) ? written.slice(1, -1) : written;
  return { key, keyEnd: at + written.length, colonEnd: at + match[0].length };
}

function valueAt(source: string, from: number, end: number): Value {
  let start = from;
  while (start < end && (source[start] === ' ' || source[start] === '\t')) start++;
  if (start >= end || source[start] === '#') return { start, end: start, style: 'none' };
  const head = source[start] as string;
  const rest = source.slice(start, end);
  let style: ValueStyle = 'plain';
  if ((head === '|' || head === '>') && BLOCK_HEADER.test(rest)) style = 'block';
  else if (head === '"' || head === "'") style = 'quoted';
  else if (head === '[' || head === '{') style = 'flow';
  else if (head === '*') style = 'alias';
  else if (head === '@' || head === '`' || head === '%') style = 'reserved';
  else if (head === '&' || head === '!' || head === '|' || head === '>' || head === '-' || head === '?') style = 'other';
  if (style !== 'plain') return { start, end, style };
  const comment = rest.search(/[ \t]#/);
  return { start, end: comment < 0 ? end : start + comment, style };
}

// ---------------------------------------------------------------------------------------------
// Explanations

interface Cause {
  readonly span: Span;
  readonly region: Span;
  readonly message: string;
  readonly related?: { readonly span: Span; readonly message: string }[];
  readonly repair: Edit[];
  readonly error: YAMLError;
}

/** An open level of the structure above a line: a mapping's keys or a list's dashes, at a column. */
interface Level {
  readonly col: number;
  readonly type: 'map' | 'seq';
  /** The line that opened it (for a mapping inside a list entry, the entry's `- ` line). */
  readonly line: number;
}

const spaces = (n: number): string => (n === 1 ? '1 space' : `${n} spaces`);
const indented = (n: number): string => (n === 0 ? 'not indented' : `indented ${spaces(n)}`);
const code = (text: string): string => `\`${text}\``;
const andAfter = (n: number): string => (n === 1 ? 'the next one' : `the ${n} after it`);

/** A text written so that YAML reads it as the text it is: single quotes, else double quotes, else single quotes doubled inside. */
function quoted(text: string): string {
  if (!text.includes("'")) return `'${text}'`;
  if (!/["\\]/.test(text)) return `"${text}"`;
  return `'${text.replaceAll("'", "''")}'`;
}

const NO_LEVELS: readonly Level[] = Object.freeze([]);

class Explainer {
  private readonly lines: Line[];
  /** levelsAt's answers for the lines before levelsKnown. */
  private readonly levelsAbove: (readonly Level[])[] = [];
  private levelsKnown = 0;

  constructor(
    private readonly source: string,
    private readonly noun: string,
  ) {
    this.lines = readLines(source);
  }

  /** Text before a file's top-level fields that is not YAML (a paste, a note): one mistake however many lines. */
  pastedAtTop(errors: readonly YAMLError[]): Cause | undefined {
    const { lines } = this;
    let header = lines.findIndex((line) => line.kind === 'key' && line.col === 0 && line.key === 'items');
    if (header < 0) return undefined;
    // The top-level fields written together above `items:` (kind, title…) belong to the file.
    while (header > 0) {
      const above = lines[header - 1] as Line;
      if (above.kind === 'blank' || above.kind === 'comment' || (above.kind === 'key' && above.col === 0)) header--;
      else break;
    }
    while ((lines[header] as Line).kind === 'blank' || (lines[header] as Line).kind === 'comment') header++;
    const headerLine = lines[header] as Line;
    const first = errors[0];
    // The parser may notice only at the first field after it. The paste starts at its first line that is
    // not a field (a `kind:` above it is the file's own) and runs to the fields.
    const from = lines.findIndex((line, j) => j < header && (line.kind === 'text' || line.kind === 'dash'));
    if (!first || from < 0) return undefined;
    const content = lines.slice(from, header).filter((line) => line.kind !== 'blank' && line.kind !== 'comment' && line.kind !== 'marker');
    const top = content[0];
    const bottom = content[content.length - 1];
    if (!top || !bottom) return undefined;
    const count = content.length;
    const message = `${count === 1 ? 'This line' : `These ${count} lines`} before ${code(`${headerLine.key ?? 'items'}:`)} ${count === 1 ? 'is' : 'are'} not YAML: delete ${count === 1 ? 'it' : 'them'}, or start each line with '#' to keep ${count === 1 ? 'it' : 'them'} as a comment.`;
    const region = { start: top.start, end: bottom.end };
    return { span: { start: top.first, end: bottom.end }, region, message, repair: content.map((line) => this.blank(line)), error: first };
  }

  /** True for the parser's error at the end of a quoted text or a bracketed list that was never closed. */
  isUnclosed(error: YAMLError): boolean {
    return /^Missing closing ["']quote/.test(error.message) || /end with an? [\]}]/.test(error.message);
  }

  /** The mistake behind one of the parser's errors, if the text around it shows one. */
  explain(error: YAMLError): Cause | undefined {
    const at = error.pos[0];
    const i = this.lineAt(at);
    if (error.code === 'DUPLICATE_KEY') return this.duplicateKey(error, i);
    if (error.code === 'MULTIPLE_DOCS') return this.multipleDocuments(error);
    const quote = /^Missing closing (["'])quote/.exec(error.message);
    if (quote) return this.unclosedQuote(error, i, quote[1] as string);
    const flow = /end with an? ([\]}])/.exec(error.message);
    if (flow) return this.unclosedFlow(error, flow[1] as string);
    const line = this.lines[i] as Line;
    const here = this.onLine(error, i);
    if (here) return here;
    // The parser often notices a line's mistake at the end of the line before it.
    if (at >= line.end) {
      const next = this.nextContent(i + 1);
      if (next !== undefined) return this.onLine(error, next);
    }
    return undefined;
  }

  /** An error nothing explains, as the parser words it; with `repair`, the rest of its item is blanked out so that the items after it still read. */
  unexplained(error: YAMLError, repair: boolean): Cause {
    const i = this.lineAt(error.pos[0]);
    const line = this.lines[i] as Line;
    const last = this.entryEnd(i);
    const region = { start: line.start, end: (this.lines[last] as Line).end };
    const span = { start: error.pos[0], end: Math.max(error.pos[0], Math.min(error.pos[1], line.end)) };
    const repairs = repair ? this.lines.slice(i, last + 1).filter((l) => l.kind !== 'blank').map((l) => this.blank(l)) : [];
    return { span: span.end > span.start ? span : { start: line.first, end: line.end }, region, message: sentence(error.message), repair: repairs, error };
  }

  // -- mistakes on one line ---------------------------------------------------------------------

  private onLine(error: YAMLError, i: number): Cause | undefined {
    const line = this.lines[i] as Line;
    if (line.kind === 'blank' || line.kind === 'comment' || line.kind === 'marker') return undefined;
    if (line.tabs) return this.tabs(error, i);
    if ((line.kind === 'key' || line.kind === 'dash') && error.pos[0] >= line.start && error.pos[0] <= line.end) {
      const value = this.valueMistake(error, i);
      if (value) return value;
    }
    if (line.kind === 'key' || line.kind === 'dash') {
      const misplaced = this.indentation(error, i);
      // A line in its place whose value the parser could not end: the line after it may be a field too deep.
      return misplaced ?? (error.pos[0] >= line.start && error.pos[0] <= line.end ? this.deeperFieldAfter(error, i) : undefined);
    }
    if (line.kind === 'block') return this.blockLine(error, i);
    return this.textLine(error, i);
  }

  /** A value YAML reads as something other than text: a ': ' inside it, a first character YAML reserves, text after a closing quote or bracket. */
  private valueMistake(error: YAMLError, i: number): Cause | undefined {
    const line = this.lines[i] as Line;
    const value = line.value;
    if (!value || value.style === 'none' || value.style === 'block') return undefined;
    const text = this.source.slice(value.start, value.end);
    const subject = line.key === undefined ? 'This list entry' : `The text of ${code(line.key)}`;
    const fix = (what: string): string => {
      const suggestion = line.key === undefined ? `- ${quoted(text)}` : `${line.key}: ${quoted(text)}`;
      return `${what}: put the whole text in quotes${suggestion.length <= 60 ? `, as in ${code(suggestion)}` : ''}.`;
    };
    const repair = [{ start: value.start, end: value.end, insert: quoted(text) }];
    const region = { start: line.start, end: line.end };
    if (value.style === 'plain') {
      const colon = text.search(/:(?:[ \t]|$)/);
      if (colon < 0) return undefined;
      const at = value.start + colon;
      return { span: { start: at, end: at + 1 }, region, message: fix(`${subject} has ': ' in it, which YAML reads as the start of another field`), repair, error };
    }
    if (value.style === 'other' && /^-[ \t]/.test(text) && line.key !== undefined) {
      const message = `A list cannot start on the line of its field's name: put the text of ${code(line.key)} in quotes, or write ${code(`${line.key}:`)} alone and each ${code('- ')} entry on a line of its own below it.`;
      return { span: { start: value.start, end: value.start + 1 }, region, message, repair, error };
    }
    if (value.style === 'reserved' || value.style === 'alias') {
      const head = text[0] as string;
      const why = head === '*' ? 'which YAML reads as a reference to another value' : 'which YAML keeps for other uses';
      return { span: { start: value.start, end: value.start + 1 }, region, message: fix(`${subject} starts with '${head}', ${why}`), repair, error };
    }
    const read = this.source.slice(value.start, Math.max(value.start, error.pos[0])).trimEnd();
    const closer = { '"': '"', "'": "'", '[': ']', '{': '}' }[text[0] as string];
    if ((value.style === 'quoted' || value.style === 'flow') && error.code === 'UNEXPECTED_TOKEN' && read.length > 1 && read.endsWith(closer ?? '\0') && error.pos[0] < value.end) {
      const unread = { start: error.pos[0], end: value.end };
      const what =
        value.style === 'quoted'
          ? `The quotes around ${read} end before the text does, so YAML cannot read the rest`
          : `${subject} starts with '${text[0] as string}', so YAML reads ${read} as a ${text[0] === '[' ? 'list' : 'mapping'} and cannot read the rest`;
      return { span: unread, region, message: fix(what), repair, error };
    }
    return undefined;
  }

  /**
   * A field indented deeper than the field before it, when that one has a plain value: YAML reads
   * the deeper line as more of that value, then fails on its ': ' (reported at the value, a line
   * before the mistake). The mistake is the deeper line's indentation.
   */
  private deeperFieldAfter(error: YAMLError, i: number): Cause | undefined {
    const line = this.lines[i] as Line;
    if (line.key === undefined || line.value?.style !== 'plain') return undefined;
    const j = this.nextContent(i + 1);
    const next = j === undefined ? undefined : (this.lines[j] as Line);
    const column = line.col + (line.keyOffset ?? 0);
    if (j === undefined || !next || next.kind !== 'key' || next.tabs || next.col <= column) return undefined;
    return this.misplaced(error, j, { col: column, type: 'map', line: i }, column);
  }

  /** A key or `- ` line at a column where it does not belong. */
  private indentation(error: YAMLError, i: number): Cause | undefined {
    const line = this.lines[i] as Line;
    const place = this.placement(i, this.levelsAt(i));
    if (place.fits) return undefined;
    const region = { start: line.start, end: line.end };
    if (place.why === 'under-value') {
      const parent = this.lines[place.previous] as Line;
      const last = this.blockEnd(i, parent.col);
      const key = parent.key ?? '';
      const message = `This list entry is under ${code(key)}, which already has its value on its own line: either write every entry there, or leave ${code(`${key}:`)} empty and put each entry on a ${code('- ')} line below it.`;
      const blanked = this.lines.slice(i, last + 1).filter((l) => l.kind !== 'blank');
      return { span: { start: line.first, end: line.first + 1 }, region: { start: line.start, end: (this.lines[last] as Line).end }, message, repair: blanked.map((l) => this.blank(l)), error };
    }
    const level = place.level;
    const expected = place.expected;
    if (place.why === 'like-field') {
      const fieldOf = this.lines[place.fieldOf.line] as Line;
      const name = this.entryName(place.fieldOf.line) ?? `the ${this.noun} above`;
      const message = `This ${code(this.dashText(line))} line starts a new ${line.key === 'id' || fieldOf.key === 'id' ? this.noun : 'entry'} but is indented like a field of ${name}: indent it ${spaces(expected)}, like the other ${this.isItems(level) ? `${this.noun}s` : 'entries'}.`;
      const edits = [this.reindent(line, expected)];
      // When the entry's own fields sit deeper than its dash, the whole entry moves with it.
      const after = this.nextStructural(i + 1);
      if (after !== undefined && (this.lines[after] as Line).col > line.col) {
        const by = line.col - expected;
        const last = this.blockEnd(i, line.col);
        for (const inner of this.lines.slice(i + 1, last + 1)) if (inner.kind !== 'blank' && !inner.tabs && inner.first - inner.indentStart >= by) edits.push(this.reindent(inner, inner.col - by));
      }
      return { span: this.indentSpan(line), region, message, repair: edits, error };
    }
    return this.misplaced(error, i, level, expected);
  }

  /** Line i (and the lines after it at its column) indented where `level`, at column `expected`, belongs. */
  private misplaced(error: YAMLError, i: number, level: Level, expected: number): Cause {
    const line = this.lines[i] as Line;
    // A run of lines at the same wrong column is one mistake.
    const run = [i];
    for (let j = i + 1; j < this.lines.length; j++) {
      const next = this.lines[j] as Line;
      if (next.kind === 'blank' || next.kind === 'comment' || next.kind === 'block') continue;
      if (next.col > Math.max(line.col, expected)) continue;
      if (next.col === line.col && next.kind === line.kind && !next.tabs) run.push(j);
      else break;
    }
    const originalCol = line.col;
    const edits = run.map((j) => this.reindent(this.lines[j] as Line, expected));
    const lastLine = this.lines[run[run.length - 1] as number] as Line;
    const subject = line.kind === 'dash' ? `This ${code(this.dashText(line))} line` : 'This line';
    const message = `${subject}${run.length > 1 ? ` and ${andAfter(run.length - 1)} are` : ' is'} ${indented(originalCol)}; ${this.describe(level, expected)}.`;
    return { span: this.indentSpan(line), region: { start: line.start, end: lastLine.end }, message, repair: edits, error };
  }

  /** Tabs in the indentation: one mistake for the lines indented with tabs one after another. */
  private tabs(error: YAMLError, i: number): Cause {
    const line = this.lines[i] as Line;
    let levels = this.levelsAt(i);
    const edits: Edit[] = [];
    let count = 0;
    let last = line;
    let hint = '';
    for (let j = i; j < this.lines.length; j++) {
      const next = this.lines[j] as Line;
      if (next.kind === 'blank' || next.kind === 'comment') continue;
      if (!next.tabs) break;
      const place = next.kind === 'key' || next.kind === 'dash' ? this.placement(j, levels) : undefined;
      const expected = place && !place.fits && place.why !== 'under-value' ? place.expected : next.col;
      if (j === i && place && !(!place.fits && place.why === 'under-value')) {
        const level = place.fits ? levels.find((l) => l.col === expected && l.type === (next.kind === 'dash' ? 'seq' : 'map')) : place.level;
        if (level) hint = ` (${this.describe(level, expected)})`;
      }
      edits.push(this.reindent(next, expected));
      levels = this.advance(levels, j);
      count++;
      last = next;
    }
    const indent = this.source.slice(line.indentStart, line.first);
    const span = { start: line.indentStart + indent.indexOf('\t'), end: line.indentStart + indent.lastIndexOf('\t') + 1 };
    const message = count === 1 ? `A tab is used for indentation; use spaces${hint}.` : `Tabs are used for indentation on this line and ${andAfter(count - 1)}; use spaces.`;
    return { span, region: { start: line.start, end: last.end }, message, repair: edits, error };
  }

  /** A line of a `|` or `>` text less indented than the text's first line. */
  private blockLine(error: YAMLError, i: number): Cause | undefined {
    const line = this.lines[i] as Line;
    let header = i - 1;
    while (header >= 0 && ((this.lines[header] as Line).kind === 'block' || (this.lines[header] as Line).kind === 'blank')) header--;
    const owner = this.lines[header];
    const firstText = this.lines.slice(header + 1, i).find((l) => l.kind === 'block');
    if (!owner || !firstText || line.col >= firstText.col) return undefined;
    // A field indented a little deeper than the fields around it, after a `|` or `>` text, reads as a line of that text.
    if (/^[A-Za-z_][\w-]*:(?:[ \t]|$)/.test(this.source.slice(line.first, line.end)) && owner.key !== undefined) {
      return this.misplaced(error, i, { col: owner.col + (owner.keyOffset ?? 0), type: 'map', line: header }, owner.col + (owner.keyOffset ?? 0));
    }
    const message = `This line continues the text of ${code(owner.key ?? '-')} but is ${indented(line.col)}; indent it ${spaces(firstText.col)}, like the text's other lines.`;
    return { span: this.indentSpan(line), region: { start: line.start, end: line.end }, message, repair: [this.reindent(line, firstText.col)], error };
  }

  /** A line that is neither a field, a list entry nor a comment. */
  private textLine(error: YAMLError, i: number): Cause | undefined {
    const line = this.lines[i] as Line;
    const content = this.source.slice(line.first, line.end);
    const region = { start: line.start, end: line.end };
    const noSpace = /^([A-Za-z_][\w-]*):([^\s:/])/.exec(content);
    if (noSpace) {
      const name = noSpace[1] as string;
      const colon = line.first + name.length;
      const word = content.split(/\s/)[0] as string;
      const message = `Put a space after the ':' of ${code(name)}: written ${code(word)}, it is one word to YAML, not a field and its value.`;
      return { span: { start: colon, end: colon + 1 }, region, message, repair: [{ start: colon + 1, end: colon + 1, insert: ' ' }], error };
    }
    const levels = this.levelsAt(i);
    const previous = this.previousStructural(i);
    const parent = previous === undefined ? undefined : (this.lines[previous] as Line);
    const follows = parent !== undefined && this.lines.slice((previous as number) + 1, i).every((l) => l.kind === 'text' || l.kind === 'block' || l.kind === 'blank');
    const parentCol = parent ? parent.col + (parent.keyOffset ?? 0) : 0;
    const atField = levels.some((level) => level.type === 'map' && level.col === line.col);
    const fieldLike = /^[a-z][a-z-]*(?:[ \t]|$)/.test(content);
    if (parent?.key !== undefined && follows && parent.value && parent.value.style !== 'none' && line.col <= parentCol) {
      if (parent.value.style === 'block') {
        const expected = parentCol + 2;
        const message = `This line continues the text of ${code(parent.key)} but is ${indented(line.col)}; indent it ${spaces(expected)} or more, deeper than ${code(parent.key)}.`;
        return { span: this.indentSpan(line), region, message, repair: [this.reindent(line, expected)], error };
      }
      if (atField && fieldLike) {
        // After a value of several words, the line may as well be more of it.
        const prose = /\s/.test(this.source.slice(parent.value.start, parent.value.end).trim());
        const or = prose ? `, or, if it continues the text of ${code(parent.key)}, indent it deeper than ${code(parent.key)}` : '';
        const message = `This line is where a field belongs but has no ':' after its name: write it as ${this.fieldSuggestion(content)}${or}.`;
        return { span: { start: line.first, end: line.end }, region, message, repair: [this.blank(line)], error };
      }
      if (line.col > 0) {
        const expected = parentCol + 2;
        const message = `This line seems to continue the text of ${code(parent.key)} but is ${indented(line.col)}: a value that runs onto more lines must be indented deeper than its field's name, so indent it ${spaces(expected)}.`;
        return { span: this.indentSpan(line), region, message, repair: [this.reindent(line, expected)], error };
      }
    }
    if (atField && fieldLike) {
      const message = `This line is where a field belongs but has no ':' after its name: write it as ${this.fieldSuggestion(content)}.`;
      return { span: { start: line.first, end: line.end }, region, message, repair: [this.blank(line)], error };
    }
    // Text that is not YAML at all (a paste, a note): the lines of it that run on are one mistake.
    const run = [line];
    for (let j = i + 1; j < this.lines.length; j++) {
      const next = this.lines[j] as Line;
      if (next.kind === 'text') run.push(next);
      else if (next.kind !== 'blank' && next.kind !== 'comment') break;
    }
    const last = run[run.length - 1] as Line;
    const count = run.length;
    const message = `${count === 1 ? 'This line is' : `These ${count} lines are`} not YAML: not a field (${code('name: value')}), a list entry (${code('- ')}) or a comment (${code('#')}). If ${count === 1 ? 'it was' : 'they were'} pasted in, delete ${count === 1 ? 'it' : 'them'}, or start each line with '#'.`;
    return { span: { start: line.first, end: last.end }, region: { start: line.start, end: last.end }, message, repair: run.map((l) => this.blank(l)), error };
  }

  // -- mistakes the parser names --------------------------------------------------------------

  private duplicateKey(error: YAMLError, i: number): Cause {
    const line = this.lines[i] as Line;
    const at = error.pos[0];
    const key = line.keyAt === at && line.key !== undefined ? { key: line.key, keyEnd: line.keyEnd ?? at + 1 } : keyAt(this.source, at, line.end);
    const name = key?.key ?? this.source.slice(at, line.end).split(':')[0]?.trim() ?? '';
    const span = { start: at, end: key?.keyEnd ?? at + 1 };
    const col = line.col + (line.kind === 'dash' && line.keyAt === at ? (line.keyOffset ?? 0) : 0);
    // The first of them: the same key at the same column, higher up in the same mapping.
    let first: Line | undefined;
    let owner: number | undefined;
    for (let j = i - 1; j >= 0; j--) {
      const above = this.lines[j] as Line;
      if (above.kind !== 'key' && above.kind !== 'dash') continue;
      const aboveCol = above.col + (above.keyOffset ?? 0);
      if (above.key === name && aboveCol === col) first = above;
      if (above.kind === 'dash' && aboveCol === col) {
        owner = j;
        break;
      }
      if (above.col < col) break;
    }
    const where = owner !== undefined ? `in ${this.entryName(owner) ?? `this ${this.noun}`}` : col === 0 ? 'at the top of the file' : 'in the same mapping';
    const message = `${code(name)} appears twice ${where}: keep one of them (until then, reqtrace reads this one, the last).`;
    const related = first?.keyAt !== undefined ? [{ span: { start: first.keyAt, end: first.keyEnd ?? first.keyAt + 1 }, message: `The first ${code(name)} ${where}` }] : undefined;
    return { span, region: span, message, ...(related && { related }), repair: [], error };
  }

  private multipleDocuments(error: YAMLError): Cause {
    const start = error.pos[0];
    const span = { start, end: Math.max(start, error.pos[1]) };
    const message = "A requirements file holds one YAML document: remove the '---' and what follows, or move it into a file of its own.";
    return { span, region: { start, end: this.source.length }, message, repair: [], error };
  }

  private unclosedQuote(error: YAMLError, i: number, quote: string): Cause | undefined {
    // The parser reports where the text ends; the quote that opened it is on that line or one above.
    for (let j = i; j >= 0 && j >= i - 50; j--) {
      const line = this.lines[j] as Line;
      const value = line.value;
      if (value?.style !== 'quoted' || this.source[value.start] !== quote) continue;
      const ends = this.lines[i] as Line;
      const message = `This ${quote} starts a quoted text that is never closed: add a closing ${quote} where the text ends.`;
      // Closed where its line ends, the likeliest place (a quoted text can run on, and then swallows every line to the end of the file).
      return { span: { start: value.start, end: value.start + 1 }, region: { start: line.start, end: ends.end }, message, repair: [{ start: line.end, end: line.end, insert: quote }], error };
    }
    return undefined;
  }

  private unclosedFlow(error: YAMLError, close: string): Cause | undefined {
    const open = close === ']' ? '[' : '{';
    // The bracket that opened it: the nearest one above the error that nothing closes.
    let depth = 0;
    let opened = -1;
    for (let at = error.pos[0] - 1; at >= 0 && at >= error.pos[0] - 10_000; at--) {
      const ch = this.source[at];
      if (ch === ']' || ch === '}') depth++;
      else if (ch === '[' || ch === '{') {
        if (depth === 0) {
          if (ch === open) opened = at;
          break;
        }
        depth--;
      }
    }
    if (opened < 0) return undefined;
    const k = this.lineAt(opened);
    // Closed where its line ends, the likeliest place: a list that runs onto more lines is rare in these files.
    const last = this.lines[k] as Line;
    const tail = this.source.slice(last.first, last.end);
    const comment = tail.search(/[ \t]#/);
    const insertAt = comment < 0 ? last.end : last.first + comment;
    const message = `This ${open} starts a ${open === '[' ? 'list' : 'mapping'} that is never closed: add ${close} after its last entry.`;
    return { span: { start: opened, end: opened + 1 }, region: { start: last.start, end: Math.max(last.end, error.pos[0]) }, message, repair: [{ start: insertAt, end: insertAt, insert: close }], error };
  }

  // -- the structure above a line ----------------------------------------------------------------

  /**
   * The open levels above line i, deepest first. Worked out forward from the top once and kept for
   * every line, since a file's errors ask for many lines; a repair that re-indents a line drops what
   * was kept below it.
   */
  private levelsAt(i: number): readonly Level[] {
    for (; this.levelsKnown <= i; this.levelsKnown++) {
      const j = this.levelsKnown;
      const above = j === 0 ? NO_LEVELS : (this.levelsAbove[j - 1] as readonly Level[]);
      const line = this.lines[j - 1];
      this.levelsAbove[j] = line && (line.kind === 'key' || line.kind === 'dash') ? this.advance(above, j - 1) : above;
    }
    return this.levelsAbove[i] as readonly Level[];
  }

  /** The levels above the line after line j, given those above line j. */
  private advance(levels: readonly Level[], j: number): Level[] {
    const own = this.levelsOf(j);
    const leftmost = own[own.length - 1];
    if (!leftmost) return [...levels];
    return [...own, ...levels.filter((level) => level.col < leftmost.col)];
  }

  private levelsOf(j: number): Level[] {
    const line = this.lines[j] as Line;
    if (line.kind === 'key') return [{ col: line.col, type: 'map', line: j }];
    if (line.kind !== 'dash') return [];
    const dash: Level = { col: line.col, type: 'seq', line: j };
    return line.keyOffset === undefined ? [dash] : [{ col: line.col + line.keyOffset, type: 'map', line: j }, dash];
  }

  /** Whether line i sits where the lines above let it, and if not, the column it belongs at. */
  private placement(
    i: number,
    levels: readonly Level[],
  ): { fits: true } | { fits: false; why: 'indent'; expected: number; level: Level } | { fits: false; why: 'like-field'; expected: number; level: Level; fieldOf: Level } | { fits: false; why: 'under-value'; previous: number } {
    const line = this.lines[i] as Line;
    const previous = this.previousStructural(i);
    const deepest = levels[0];
    if (previous === undefined || !deepest) return { fits: true };
    const above = this.lines[previous] as Line;
    const opens = above.value?.style === 'none' || above.value === undefined;
    const col = line.col;
    const same = levels.find((level) => level.col === col);
    const type = line.kind === 'dash' ? 'seq' : 'map';
    if (same?.type === type) return { fits: true };
    if (col > deepest.col) {
      if (opens) return { fits: true };
      // Under a `- text` entry, a deeper `- ` is an entry of the same list indented too far.
      if (type === 'seq' && above.kind === 'dash' && above.key === undefined) return { fits: false, why: 'indent', expected: above.col, level: { col: above.col, type: 'seq', line: previous } };
      if (type === 'seq') return { fits: false, why: 'under-value', previous };
      const map = levels.find((level) => level.type === 'map');
      return map ? { fits: false, why: 'indent', expected: map.col, level: map } : { fits: true };
    }
    if (type === 'seq' && same?.type === 'map') {
      // `key:` then its list's dashes at the key's own column is YAML.
      if (above.kind === 'key' && above.col === col && opens) return { fits: true };
      const at = levels.indexOf(same);
      const entries = levels.slice(at + 1).find((level) => level.type === 'seq');
      const owner = this.ownerOf(same);
      if (entries && owner?.entry !== undefined) return { fits: false, why: 'like-field', expected: entries.col, level: entries, fieldOf: { col: same.col, type: 'map', line: owner.entry } };
    }
    // Between levels, or at a level of the other sort: the nearest level of its own sort (the deeper on a tie).
    let best: Level | undefined;
    for (const level of levels) if (level.type === type && (!best || Math.abs(level.col - col) < Math.abs(best.col - col))) best = level;
    if (!best) return { fits: true };
    return { fits: false, why: 'indent', expected: best.col, level: best };
  }

  /** "the other fields of REQ-HR-014 use 4", "the top-level fields start at the left margin"… */
  private describe(level: Level, expected: number): string {
    const use = expected === 0 ? 'start at the left margin' : `use ${expected}`;
    if (level.type === 'seq') return `${this.isItems(level) ? `the other ${this.noun}s` : 'the other entries of this list'} ${use}`;
    if (level.col === 0) return `the top-level fields (kind, items) ${use}`;
    const owner = this.ownerOf(level);
    if (owner?.entry !== undefined) return `the other fields of ${this.entryName(owner.entry) ?? `this ${this.noun}`} ${use}`;
    const parent = owner?.parent === undefined ? undefined : (this.lines[owner.parent] as Line).key;
    return `${parent ? `the other fields under ${code(parent)}` : 'the fields around it'} ${use}`;
  }

  /** The `- ` line of the list entry a mapping level is, or else the line of the key it is under. */
  private ownerOf(level: Level): { entry?: number; parent?: number } | undefined {
    for (let j = level.line; j >= 0; j--) {
      const line = this.lines[j] as Line;
      if (line.kind !== 'key' && line.kind !== 'dash') continue;
      if (line.kind === 'dash' && line.keyOffset !== undefined && line.col + line.keyOffset === level.col) return { entry: j };
      if (line.col < level.col) return { parent: j };
    }
    return undefined;
  }

  /** True when a list level is the file's `items:`. */
  private isItems(level: Level): boolean {
    for (let j = level.line - 1; j >= 0; j--) {
      const line = this.lines[j] as Line;
      if ((line.kind === 'key' || line.kind === 'dash') && line.col < level.col) return line.kind === 'key' && line.col === 0 && line.key === 'items';
    }
    return false;
  }

  /** The id of the entry whose `- ` is on line j, if it has one. */
  private entryName(j: number): string | undefined {
    const entry = this.lines[j] as Line;
    if (entry.kind !== 'dash' || entry.keyOffset === undefined) return undefined;
    const col = entry.col + entry.keyOffset;
    for (let k = j; k < this.lines.length; k++) {
      const line = this.lines[k] as Line;
      if (k > j && (line.kind === 'key' || line.kind === 'dash') && line.col < col) break;
      if (line.key === 'id' && line.value && line.value.style !== 'none' && line.col + (line.keyOffset ?? 0) === col) {
        const id = this.source.slice(line.value.start, line.value.end).trim();
        return /^["'].*["']$/.test(id) ? id.slice(1, -1) : id;
      }
    }
    return undefined;
  }

  /** `title: Passport` for a line written `title Passport`. */
  private fieldSuggestion(content: string): string {
    const [name, ...rest] = content.split(/\s+/);
    const suggestion = `${name ?? ''}: ${rest.join(' ')}`.trimEnd();
    return suggestion.length <= 60 ? code(suggestion) : code('name: value');
  }

  private dashText(line: Line): string {
    return line.key === undefined ? '- ' : `- ${line.key}:`;
  }

  // -- lines -------------------------------------------------------------------------------------

  private lineAt(offset: number): number {
    let low = 0;
    let high = this.lines.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lines[mid] as Line).start <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  private nextContent(from: number): number | undefined {
    for (let j = from; j < this.lines.length; j++) {
      const kind = (this.lines[j] as Line).kind;
      if (kind !== 'blank' && kind !== 'comment') return j;
    }
    return undefined;
  }

  private nextStructural(from: number): number | undefined {
    for (let j = from; j < this.lines.length; j++) {
      const kind = (this.lines[j] as Line).kind;
      if (kind === 'key' || kind === 'dash') return j;
    }
    return undefined;
  }

  private previousStructural(i: number): number | undefined {
    for (let j = i - 1; j >= 0; j--) {
      const kind = (this.lines[j] as Line).kind;
      if (kind === 'key' || kind === 'dash') return j;
    }
    return undefined;
  }

  /** The last line that belongs under line i: the lines after it deeper than `col`. */
  private blockEnd(i: number, col: number): number {
    let last = i;
    for (let j = i + 1; j < this.lines.length; j++) {
      const line = this.lines[j] as Line;
      if (line.kind === 'blank' || line.kind === 'comment') continue;
      if (line.col <= col) break;
      last = j;
    }
    return last;
  }

  /** The text of the list entry (the item) that holds an offset: from its `- ` line to its last line; the offset's own line when it is in none. */
  itemOf(offset: number): Span {
    const i = this.lineAt(offset);
    const line = this.lines[i] as Line;
    let entries: Level | undefined;
    for (const level of this.levelsAt(i)) if (level.type === 'seq') entries = level;
    const first = line.kind === 'dash' && (!entries || line.col <= entries.col) ? i : entries?.line;
    if (first === undefined) return { start: line.start, end: line.end };
    return { start: (this.lines[first] as Line).start, end: (this.lines[this.entryEnd(i)] as Line).end };
  }

  /** The last line of the list entry that holds line i (its own line when it is in none). */
  private entryEnd(i: number): number {
    const levels = this.levelsAt(i);
    const line = this.lines[i] as Line;
    let entries: Level | undefined;
    for (const level of levels) if (level.type === 'seq') entries = level;
    if (line.kind === 'dash' && (!entries || line.col <= entries.col)) entries = { col: line.col, type: 'seq', line: i };
    if (!entries || (line.col === 0 && line.kind === 'key')) return i;
    let last = i;
    for (let j = i + 1; j < this.lines.length; j++) {
      const next = this.lines[j] as Line;
      if ((next.kind === 'key' || next.kind === 'dash' || next.kind === 'marker') && next.col <= entries.col) break;
      if (next.kind !== 'blank') last = j;
    }
    return last;
  }

  /** The indentation of a line, or its first word when it has none. */
  private indentSpan(line: Line): Span {
    if (line.first > line.indentStart) return { start: line.indentStart, end: line.first };
    const word = /^\S+/.exec(this.source.slice(line.first, line.end));
    return { start: line.first, end: line.first + (word ? word[0].length : 1) };
  }

  private reindent(line: Line, col: number): Edit {
    line.col = col;
    this.levelsKnown = Math.min(this.levelsKnown, line.index + 1);
    return { start: line.indentStart, end: line.first, insert: ' '.repeat(col) };
  }

  /** A line's text made spaces, so that every offset stays where it was. */
  private blank(line: Line): Edit {
    return { start: line.indentStart, end: line.end, insert: ' '.repeat(line.end - line.indentStart) };
  }
}
