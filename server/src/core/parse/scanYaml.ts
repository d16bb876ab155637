/**
 * scanDocument: the plainest YAML files read straight from their text, line by line, into a Tree
 * and a plain value. yaml's Lexer alone costs a fifth of parseDocument, and turning its tokens into
 * a syntax tree and reading that costs as much again; a file written the way requirement files
 * nearly always are needs neither.
 *
 * It reads a mapping at the left margin holding block mappings and lists, one-line scalars (plain,
 * single- or double-quoted without escapes), one-line flow lists of such scalars, and `|` / `>`
 * block scalars; blank lines; comment lines at the column of the content after them; comments
 * after values. Anything else — a key that is not a plain word, an empty value, a scalar running
 * onto the next line, a tab, a carriage return, any indentation it is not sure of — returns undefined, and cleanYaml's reader (yaml's Lexer or Parser) reads the file.
 * What it returns is what that reader returns for the same text, offsets included: a property
 * test holds the two equal on every text this accepts.
 */
import { CST } from 'yaml';
import type { CleanRead, List, Table, Tree } from './tree';
import { plainKeyIsString, plainScalarValue } from './yamlTags';

/** Thrown inside the scanner when the text needs the other reader. */
const OTHER = new Error('needs the other reader');
function other(): never {
  throw OTHER;
}

const NL = 10;
const SPACE = 32;
const DOUBLE = 34;
const HASH = 35;
const SINGLE = 39;
const COMMA = 44;
const DASH = 45;
const COLON = 58;
const OPEN = 91;
const CLOSE = 93;
const UNDERSCORE = 95;
const BAR = 124;
const GREATER = 62;

// The scanner's state: one text is scanned at a time, start to end, synchronously.
let src = '';
/** The start of the line being read. */
let pos = 0;
/** Where the value read last ends, the rest of its line included (a yaml node's range[2]). */
let tail = 0;
/** The plain value of the node read last. */
let value: unknown;

export function scanDocument(source: string): CleanRead | undefined {
  if (source.includes('\r') || source.includes('\t')) return undefined;
  src = source;
  pos = 0;
  try {
    if (nextContent() !== 0) return undefined;
    const root = map(0);
    return { root, value };
  } catch (error) {
    if (error === OTHER) return undefined;
    throw error;
  } finally {
    src = '';
    value = undefined;
  }
}

/**
 * Passes blank lines and comment lines up to the next line with content: that line's column, or
 * -1 at the end of the text. Comment lines must sit at that column (at the left margin at the
 * end): yaml gives comment lines elsewhere to the value before them, which moves where it ends.
 */
function nextContent(): number {
  /** The column of the comment lines passed: -1 for none, -2 for more than one column. */
  let comments = -1;
  for (;;) {
    if (pos >= src.length) {
      if (comments !== -1 && comments !== 0) other();
      return -1;
    }
    let k = pos;
    while (src.charCodeAt(k) === SPACE) k++;
    const ch = src.charCodeAt(k);
    if (ch === NL) {
      // A line of spaces: yaml's reader keeps those in block scalars, and in places this does not follow.
      if (k > pos) other();
      pos = k + 1;
      continue;
    }
    if (ch === HASH) {
      const column = k - pos;
      comments = comments === -1 || comments === column ? column : -2;
      const end = src.indexOf('\n', k);
      pos = end < 0 ? src.length : end + 1;
      continue;
    }
    if (Number.isNaN(ch)) other();
    const column = k - pos;
    if (comments !== -1 && comments !== column) other();
    return column;
  }
}

function isKeyStart(code: number): boolean {
  const lower = code | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || code === UNDERSCORE;
}

function isKeyChar(code: number): boolean {
  return isKeyStart(code) || (code >= 0x30 && code <= 0x39) || code === DASH;
}

/** Where the colon of a plain key (a word of letters, digits, `_` and `-`) starting at k is, or -1. */
function keyColon(k: number): number {
  if (!isKeyStart(src.charCodeAt(k))) return -1;
  let j = k + 1;
  while (isKeyChar(src.charCodeAt(j))) j++;
  if (src.charCodeAt(j) !== COLON) return -1;
  const next = src.charCodeAt(j + 1);
  return next === SPACE || next === NL ? j : -1;
}

/** A list entry's dash at k. */
function isDash(k: number): boolean {
  if (src.charCodeAt(k) !== DASH) return false;
  const next = src.charCodeAt(k + 1);
  return next === SPACE || next === NL;
}

/** A block mapping whose keys are at `column`; the current line holds its first key. */
function map(column: number): Table {
  const keys: string[] = [];
  const keyStarts: number[] = [];
  const keyEnds: number[] = [];
  const values: Tree[] = [];
  const plain: Record<string, unknown> = {};
  const start = pos + column;
  for (;;) {
    const keyStart = pos + column;
    const colon = keyColon(keyStart);
    if (colon < 0 || colon - keyStart > 1000) other();
    const name = src.slice(keyStart, colon);
    if (!plainKeyIsString(name) || keys.includes(name)) other();
    let node: Tree;
    if (src.charCodeAt(colon + 1) === NL) {
      // The value is on the lines below, further in: a mapping or a list.
      pos = colon + 2;
      const inner = nextContent();
      if (inner <= column) other();
      node = isDash(pos + inner) ? seq(inner) : map(inner);
    } else {
      let j = colon + 2;
      while (src.charCodeAt(j) === SPACE) j++;
      node = inline(j, column, column);
    }
    keys.push(name);
    keyStarts.push(keyStart);
    keyEnds.push(colon);
    values.push(node);
    plain[name] = value;
    const next = nextContent();
    if (next < column) break;
    // Further in, a scalar would run on (or the text is wrong); at the same column, only keys.
    if (next > column || isDash(pos + next)) other();
  }
  value = plain;
  return { type: 'map', keys, keyStarts, keyEnds, values, start, end: tail };
}

/** A block list whose dashes are at `column`; the current line holds its first dash. */
function seq(column: number): List {
  const items: Tree[] = [];
  const plain: unknown[] = [];
  const start = pos + column;
  for (;;) {
    const dash = pos + column;
    if (src.charCodeAt(dash + 1) !== SPACE) other();
    let j = dash + 2;
    while (src.charCodeAt(j) === SPACE) j++;
    const first = src.charCodeAt(j);
    if (first === NL || first === HASH || isDash(j)) other();
    // `- key: value` starts a mapping at the key's column; anything else is one value.
    items.push(keyColon(j) >= 0 ? map(j - pos) : inline(j, column, j - pos));
    plain.push(value);
    const next = nextContent();
    if (next < column) break;
    if (next > column || !isDash(pos + next)) other();
  }
  value = plain;
  return { type: 'seq', items, block: true, start, end: tail };
}

/** Characters that give a plain scalar's first character another meaning (quotes, brackets and block indicators are read before). */
const INDICATORS = new Set('-?:,[]{}#&*!|>\'"%@`'.split('').map((c) => c.charCodeAt(0)));
/** Flow indicators and `#`: after a first `-`, `?` or `:`, these would not make a plain scalar either. */
const NOT_AFTER_FIRST = new Set(',[]{}#'.split('').map((c) => c.charCodeAt(0)));

/** Whether a plain scalar may start at k: not with an indicator, save `-`, `?` or `:` right before more of it (`-2`, `:x`). */
function plainStart(k: number): boolean {
  const first = src.charCodeAt(k);
  if (!INDICATORS.has(first)) return first !== SPACE && first !== NL && !Number.isNaN(first);
  if (first !== DASH && first !== 63 && first !== COLON) return false;
  const next = src.charCodeAt(k + 1);
  return next !== SPACE && next !== NL && !Number.isNaN(next) && !NOT_AFTER_FIRST.has(next);
}

/**
 * A value written on the rest of its line, starting at j (a block scalar runs on below), in a
 * mapping or list whose keys or dashes are at `parent`. `line` is the column yaml gives the line:
 * the key's for a mapping value, the value's in a list.
 */
function inline(j: number, parent: number, line: number): Tree {
  const first = src.charCodeAt(j);
  if (first === DOUBLE || first === SINGLE) {
    const end = quoted(j);
    const read = value;
    lineEnd(end);
    return { type: 'scalar', value: read, start: j, end };
  }
  if (first === OPEN) return flowList(j);
  if (first === BAR || first === GREATER) return blockScalar(j, parent, line);
  if (!plainStart(j)) other();
  // A plain scalar: to the end of the line or a comment; `: ` would make it a mapping.
  let end = j + 1;
  for (let k = j + 1; ; k++) {
    const ch = src.charCodeAt(k);
    if (ch === NL || Number.isNaN(ch)) break;
    if (ch === SPACE) {
      if (src.charCodeAt(k + 1) === HASH) break;
    } else {
      if (ch === COLON) {
        const next = src.charCodeAt(k + 1);
        if (next === SPACE || next === NL || Number.isNaN(next)) other();
      }
      end = k + 1;
    }
  }
  const read = plainScalarValue(src.slice(j, end), other);
  lineEnd(end);
  value = read;
  return { type: 'scalar', value: read, start: j, end };
}

/** A quoted scalar starting at j and closed on its line, without escapes: where it ends. Sets value. */
function quoted(j: number): number {
  const found = src.indexOf('\n', j);
  const lineBreak = found < 0 ? src.length : found;
  if (src.charCodeAt(j) === DOUBLE) {
    const close = src.indexOf('"', j + 1);
    if (close < 0 || close > lineBreak) other();
    const text = src.slice(j + 1, close);
    if (text.includes('\\')) other();
    value = text;
    return close + 1;
  }
  let close = j + 1;
  for (;;) {
    close = src.indexOf("'", close);
    if (close < 0 || close > lineBreak) other();
    if (src.charCodeAt(close + 1) !== SINGLE) break;
    close += 2;
  }
  value = src.slice(j + 1, close).replace(/''/g, "'");
  return close + 1;
}

/** What may follow a value on its line: spaces, then a comment after a space, then the line break (or the end of the text). */
function lineEnd(end: number): void {
  let k = end;
  while (src.charCodeAt(k) === SPACE) k++;
  if (src.charCodeAt(k) === HASH) {
    if (k === end) other();
    k = src.indexOf('\n', k);
    if (k < 0) k = src.length;
  } else if (src.charCodeAt(k) !== NL && k < src.length) other();
  tail = pos = Math.min(k + 1, src.length);
}

/** A flow list on one line, `[a, "b", c]`: scalars after `, `, no spaces inside the brackets. */
function flowList(open: number): List {
  const items: Tree[] = [];
  const plain: unknown[] = [];
  let k = open + 1;
  if (src.charCodeAt(k) !== CLOSE) {
    for (;;) {
      const first = src.charCodeAt(k);
      let end: number;
      if (first === DOUBLE || first === SINGLE) end = quoted(k);
      else {
        if (!plainStart(k)) other();
        end = k + 1;
        for (let ch = src.charCodeAt(end); ch !== COMMA && ch !== CLOSE; ch = src.charCodeAt(++end)) {
          // Other flow indicators, comments, colons and quotes inside: yaml's reader decides.
          if (ch === NL || Number.isNaN(ch) || ch === OPEN || ch === 123 || ch === 125 || ch === HASH || ch === COLON || ch === DOUBLE || ch === SINGLE) other();
        }
        if (src.charCodeAt(end - 1) === SPACE) other();
        value = plainScalarValue(src.slice(k, end), other);
      }
      items.push({ type: 'scalar', value, start: k, end });
      plain.push(value);
      const after = src.charCodeAt(end);
      if (after === CLOSE) {
        k = end;
        break;
      }
      if (after !== COMMA) other();
      k = end + 1;
      while (src.charCodeAt(k) === SPACE) k++;
      if (src.charCodeAt(k) === CLOSE) other();
    }
  }
  const end = k + 1;
  lineEnd(end);
  value = plain;
  return { type: 'seq', items, block: false, start: open, end };
}

/**
 * A `|` or `>` block scalar (with `-` or nothing after it) whose header is at j: its lines run on
 * while they are blank or indented at least as far as the first, which must be further in than
 * the header's line. Its text is cut where yaml's lexer cuts it (after the last line with content)
 * and resolved by yaml's own function, with the indents yaml's Parser gives: the parent's for the
 * scalar, the line's for its header.
 */
function blockScalar(j: number, parent: number, line: number): Tree {
  let k = j + 1;
  if (src.charCodeAt(k) === DASH) k++;
  if (src.charCodeAt(k) !== NL) other();
  const header = src.slice(j, k);
  const contentStart = k + 1;
  let contentIndent = -1;
  let contentEnd = contentStart;
  for (let at = contentStart; ; ) {
    let q = at;
    while (src.charCodeAt(q) === SPACE) q++;
    const ch = src.charCodeAt(q);
    if (q > at && (ch === NL || Number.isNaN(ch))) other();
    if (ch === NL) {
      at = q + 1;
      continue;
    }
    if (Number.isNaN(ch)) break;
    const lineIndent = q - at;
    if (contentIndent < 0) {
      if (lineIndent <= line) other();
      contentIndent = lineIndent;
    } else if (lineIndent < contentIndent) break;
    const lineBreak = src.indexOf('\n', q);
    at = contentEnd = lineBreak < 0 ? src.length : lineBreak + 1;
  }
  if (contentIndent < 0) other();
  const token: CST.BlockScalar = {
    type: 'block-scalar',
    offset: j,
    indent: parent,
    props: [
      { type: 'block-scalar-header', offset: j, indent: line, source: header },
      { type: 'newline', offset: k, indent: line, source: '\n' },
    ],
    source: src.slice(contentStart, contentEnd),
  };
  const read = CST.resolveAsScalar(token, true, other);
  if (!read) return other();
  value = read.value;
  tail = read.range[2];
  pos = contentEnd;
  return { type: 'scalar', value: read.value, start: read.range[0], end: read.range[1] };
}
