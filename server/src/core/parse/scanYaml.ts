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
 * onto the next line, a tab, a carriage return, a byte-order mark, any indentation it is not sure
 * of — returns undefined, and yaml's composer reads the file (parse.ts composeFile; cleanYaml.ts
 * readComposed for a partial re-parse). What it returns is the tree and value the composed
 * Document gives for the same text, offsets included: property tests hold the two equal on every
 * text this accepts.
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

export function scanDocument(source: string): CleanRead | undefined {
  if (source.includes('\r') || source.includes('\t')) return undefined;
  try {
    return new Scanner(source).document();
  } catch (error) {
    if (error === OTHER) return undefined;
    throw error;
  }
}

/** One text, scanned once from start to end: where the scanner is, and what it read last. */
class Scanner {
  /** The start of the line being read. */
  private pos = 0;
  /** Where the value read last ends, the rest of its line included (a yaml node's range[2]). */
  private tail = 0;
  /** The plain value of the node read last. */
  private value: unknown;

  constructor(private readonly src: string) {}

  document(): CleanRead | undefined {
    if (this.nextContent() !== 0) return undefined;
    const root = this.map(0);
    return { root, value: this.value };
  }

  /**
   * Passes blank lines and comment lines up to the next line with content: that line's column, or
   * -1 at the end of the text. Comment lines must sit at that column (at the left margin at the
   * end): yaml gives comment lines elsewhere to the value before them, which moves where it ends.
   */
  private nextContent(): number {
    /** The column of the comment lines passed: -1 for none, -2 for more than one column. */
    let comments = -1;
    for (;;) {
      if (this.pos >= this.src.length) {
        if (comments !== -1 && comments !== 0) other();
        return -1;
      }
      let k = this.pos;
      while (this.src.charCodeAt(k) === SPACE) k++;
      const ch = this.src.charCodeAt(k);
      if (ch === NL) {
        // A line of spaces: yaml's reader keeps those in block scalars, and in places this does not follow.
        if (k > this.pos) other();
        this.pos = k + 1;
        continue;
      }
      if (ch === HASH) {
        const column = k - this.pos;
        comments = comments === -1 || comments === column ? column : -2;
        const end = this.src.indexOf('\n', k);
        this.pos = end < 0 ? this.src.length : end + 1;
        continue;
      }
      if (Number.isNaN(ch)) other();
      const column = k - this.pos;
      if (comments !== -1 && comments !== column) other();
      return column;
    }
  }

  /** Where the colon of a plain key (a word of letters, digits, `_` and `-`) starting at k is, or -1. */
  private keyColon(k: number): number {
    if (!isKeyStart(this.src.charCodeAt(k))) return -1;
    let j = k + 1;
    while (isKeyChar(this.src.charCodeAt(j))) j++;
    if (this.src.charCodeAt(j) !== COLON) return -1;
    const next = this.src.charCodeAt(j + 1);
    return next === SPACE || next === NL ? j : -1;
  }

  /** A list entry's dash at k. */
  private isDash(k: number): boolean {
    if (this.src.charCodeAt(k) !== DASH) return false;
    const next = this.src.charCodeAt(k + 1);
    return next === SPACE || next === NL;
  }

  /** A block mapping whose keys are at `column`; the current line holds its first key. */
  private map(column: number): Table {
    const keys: string[] = [];
    const keyStarts: number[] = [];
    const keyEnds: number[] = [];
    const values: Tree[] = [];
    const plain: Record<string, unknown> = {};
    const start = this.pos + column;
    for (;;) {
      const keyStart = this.pos + column;
      const colon = this.keyColon(keyStart);
      if (colon < 0 || colon - keyStart > 1000) other();
      const name = this.src.slice(keyStart, colon);
      if (!plainKeyIsString(name) || keys.includes(name)) other();
      let node: Tree;
      if (this.src.charCodeAt(colon + 1) === NL) {
        // The value is on the lines below, further in: a mapping or a list.
        this.pos = colon + 2;
        const inner = this.nextContent();
        if (inner <= column) other();
        node = this.isDash(this.pos + inner) ? this.seq(inner) : this.map(inner);
      } else {
        let j = colon + 2;
        while (this.src.charCodeAt(j) === SPACE) j++;
        node = this.inline(j, column, column);
      }
      keys.push(name);
      keyStarts.push(keyStart);
      keyEnds.push(colon);
      values.push(node);
      plain[name] = this.value;
      const next = this.nextContent();
      if (next < column) break;
      // Further in, a scalar would run on (or the text is wrong); at the same column, only keys.
      if (next > column || this.isDash(this.pos + next)) other();
    }
    this.value = plain;
    return { type: 'map', keys, keyStarts, keyEnds, values, start, end: this.tail };
  }

  /** A block list whose dashes are at `column`; the current line holds its first dash. */
  private seq(column: number): List {
    const items: Tree[] = [];
    const plain: unknown[] = [];
    const start = this.pos + column;
    for (;;) {
      const dash = this.pos + column;
      if (this.src.charCodeAt(dash + 1) !== SPACE) other();
      let j = dash + 2;
      while (this.src.charCodeAt(j) === SPACE) j++;
      const first = this.src.charCodeAt(j);
      if (first === NL || first === HASH || this.isDash(j)) other();
      // `- key: value` starts a mapping at the key's column; anything else is one value.
      items.push(this.keyColon(j) >= 0 ? this.map(j - this.pos) : this.inline(j, column, j - this.pos));
      plain.push(this.value);
      const next = this.nextContent();
      if (next < column) break;
      if (next > column || !this.isDash(this.pos + next)) other();
    }
    this.value = plain;
    return { type: 'seq', items, block: true, start, end: this.tail };
  }

  /** Whether a plain scalar may start at k: not with an indicator, save `-`, `?` or `:` right before more of it (`-2`, `:x`). */
  private plainStart(k: number): boolean {
    const first = this.src.charCodeAt(k);
    if (!INDICATORS.has(first)) return first !== SPACE && first !== NL && !Number.isNaN(first);
    if (first !== DASH && first !== 63 && first !== COLON) return false;
    const next = this.src.charCodeAt(k + 1);
    return next !== SPACE && next !== NL && !Number.isNaN(next) && !NOT_AFTER_FIRST.has(next);
  }

  /**
   * A value written on the rest of its line, starting at j (a block scalar runs on below), in a
   * mapping or list whose keys or dashes are at `parent`. `line` is the column yaml gives the line:
   * the key's for a mapping value, the value's in a list.
   */
  private inline(j: number, parent: number, line: number): Tree {
    const first = this.src.charCodeAt(j);
    if (first === DOUBLE || first === SINGLE) {
      const end = this.quoted(j);
      const read = this.value;
      this.lineEnd(end);
      return { type: 'scalar', value: read, start: j, end };
    }
    if (first === OPEN) return this.flowList(j);
    if (first === BAR || first === GREATER) return this.blockScalar(j, parent, line);
    if (!this.plainStart(j)) other();
    // A plain scalar: to the end of the line or a comment; `: ` would make it a mapping.
    let end = j + 1;
    for (let k = j + 1; ; k++) {
      const ch = this.src.charCodeAt(k);
      if (ch === NL || Number.isNaN(ch)) break;
      if (ch === SPACE) {
        if (this.src.charCodeAt(k + 1) === HASH) break;
      } else {
        if (ch === COLON) {
          const next = this.src.charCodeAt(k + 1);
          if (next === SPACE || next === NL || Number.isNaN(next)) other();
        }
        end = k + 1;
      }
    }
    const read = plainScalarValue(this.src.slice(j, end), other);
    this.lineEnd(end);
    this.value = read;
    return { type: 'scalar', value: read, start: j, end };
  }

  /** A quoted scalar starting at j and closed on its line, without escapes: where it ends. Sets value. */
  private quoted(j: number): number {
    const found = this.src.indexOf('\n', j);
    const lineBreak = found < 0 ? this.src.length : found;
    if (this.src.charCodeAt(j) === DOUBLE) {
      const close = this.src.indexOf('"', j + 1);
      if (close < 0 || close > lineBreak) other();
      const text = this.src.slice(j + 1, close);
      if (text.includes('\\')) other();
      this.value = text;
      return close + 1;
    }
    let close = j + 1;
    for (;;) {
      close = this.src.indexOf("'", close);
      if (close < 0 || close > lineBreak) other();
      if (this.src.charCodeAt(close + 1) !== SINGLE) break;
      close += 2;
    }
    this.value = this.src.slice(j + 1, close).replace(/''/g, "'");
    return close + 1;
  }

  /** What may follow a value on its line: spaces, then a comment after a space, then the line break (or the end of the text). */
  private lineEnd(end: number): void {
    let k = end;
    while (this.src.charCodeAt(k) === SPACE) k++;
    if (this.src.charCodeAt(k) === HASH) {
      if (k === end) other();
      k = this.src.indexOf('\n', k);
      if (k < 0) k = this.src.length;
    } else if (this.src.charCodeAt(k) !== NL && k < this.src.length) other();
    this.tail = this.pos = Math.min(k + 1, this.src.length);
  }

  /** A flow list on one line, `[a, "b", c]`: scalars after `, `, no spaces inside the brackets. */
  private flowList(open: number): List {
    const items: Tree[] = [];
    const plain: unknown[] = [];
    let k = open + 1;
    if (this.src.charCodeAt(k) !== CLOSE) {
      for (;;) {
        const first = this.src.charCodeAt(k);
        let end: number;
        if (first === DOUBLE || first === SINGLE) end = this.quoted(k);
        else {
          if (!this.plainStart(k)) other();
          end = k + 1;
          for (let ch = this.src.charCodeAt(end); ch !== COMMA && ch !== CLOSE; ch = this.src.charCodeAt(++end)) {
            // Other flow indicators, comments, colons and quotes inside: yaml's reader decides.
            if (ch === NL || Number.isNaN(ch) || ch === OPEN || ch === 123 || ch === 125 || ch === HASH || ch === COLON || ch === DOUBLE || ch === SINGLE) other();
          }
          if (this.src.charCodeAt(end - 1) === SPACE) other();
          this.value = plainScalarValue(this.src.slice(k, end), other);
        }
        items.push({ type: 'scalar', value: this.value, start: k, end });
        plain.push(this.value);
        const after = this.src.charCodeAt(end);
        if (after === CLOSE) {
          k = end;
          break;
        }
        if (after !== COMMA) other();
        k = end + 1;
        while (this.src.charCodeAt(k) === SPACE) k++;
        if (this.src.charCodeAt(k) === CLOSE) other();
      }
    }
    const end = k + 1;
    this.lineEnd(end);
    this.value = plain;
    return { type: 'seq', items, block: false, start: open, end };
  }

  /**
   * A `|` or `>` block scalar (with `-` or nothing after it) whose header is at j: its lines run on
   * while they are blank or indented at least as far as the first, which must be further in than
   * the header's line. Its text is cut where yaml's lexer cuts it (after the last line with content)
   * and resolved by yaml's own function, with the indents yaml's Parser gives: the parent's for the
   * scalar, the line's for its header.
   */
  private blockScalar(j: number, parent: number, line: number): Tree {
    let k = j + 1;
    if (this.src.charCodeAt(k) === DASH) k++;
    if (this.src.charCodeAt(k) !== NL) other();
    const header = this.src.slice(j, k);
    const contentStart = k + 1;
    let contentIndent = -1;
    let contentEnd = contentStart;
    for (let at = contentStart; ; ) {
      let q = at;
      while (this.src.charCodeAt(q) === SPACE) q++;
      const ch = this.src.charCodeAt(q);
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
      const lineBreak = this.src.indexOf('\n', q);
      at = contentEnd = lineBreak < 0 ? this.src.length : lineBreak + 1;
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
      source: this.src.slice(contentStart, contentEnd),
    };
    const read = CST.resolveAsScalar(token, true, other);
    if (!read) return other();
    this.value = read.value;
    this.tail = read.range[2];
    this.pos = contentEnd;
    return { type: 'scalar', value: read.value, start: read.range[0], end: read.range[1] };
  }
}

function isKeyStart(code: number): boolean {
  const lower = code | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || code === UNDERSCORE;
}

function isKeyChar(code: number): boolean {
  return isKeyStart(code) || (code >= 0x30 && code <= 0x39) || code === DASH;
}

/** Characters that give a plain scalar's first character another meaning (quotes, brackets and block indicators are read before). */
const INDICATORS: ReadonlySet<number> = new Set('-?:,[]{}#&*!|>\'"%@`'.split('').map((c) => c.charCodeAt(0)));
/** Flow indicators and `#`: after a first `-`, `?` or `:`, these would not make a plain scalar either. */
const NOT_AFTER_FIRST: ReadonlySet<number> = new Set(',[]{}#'.split('').map((c) => c.charCodeAt(0)));
