/**
 * lexDocument: yaml's concrete syntax tree for the plainest files, built straight from yaml's Lexer
 * tokens. yaml's Parser turns the lexer's tokens into that tree by a general state machine that
 * costs twice the lexing; files made only of block mappings, block lists, one-line flow lists and
 * scalars, with comments on lines of their own, need far less. This builds the very tree yaml's
 * Parser builds — the same tokens, offsets, indents, and the same blank lines and comments in the
 * same places — or returns undefined for anything else, which the Parser then reads. A property
 * test holds the two trees equal on every text this accepts.
 */
import { CST, Lexer } from 'yaml';

type Token = CST.SourceToken | CST.FlowScalar | CST.BlockScalar;

/** Thrown inside the builder when the text needs yaml's Parser. */
const OTHER = new Error('needs the parser');
function other(): never {
  throw OTHER;
}

interface Lexed {
  readonly type: string;
  readonly source: string;
  readonly offset: number;
  readonly indent: number;
}

export function lexDocument(source: string): CST.Document | undefined {
  // A tab is never indentation to yaml's Parser, whatever the lexer's space tokens say: its texts go there.
  if (source.includes('\t')) return undefined;
  try {
    return new Builder(lex(source)).document();
  } catch (error) {
    if (error === OTHER) return undefined;
    throw error;
  }
}

/** The lexer's tokens with the offsets and indents yaml's Parser gives them (see its next()). */
function lex(source: string): Lexed[] {
  const tokens: Lexed[] = [];
  let offset = 0;
  let indent = 0;
  let atNewLine = true;
  let scalar = false;
  let blockScalar = false;
  for (const text of new Lexer().lex(source)) {
    if (scalar) {
      scalar = false;
      tokens.push({ type: 'scalar', source: text, offset, indent });
      offset += text.length;
      if (blockScalar) {
        // A block scalar's text runs to the start of the next line.
        blockScalar = false;
        atNewLine = true;
        indent = 0;
      }
      continue;
    }
    const type = CST.tokenType(text);
    if (type === 'doc-mode') continue;
    if (type === 'scalar') {
      atNewLine = false;
      scalar = true;
      continue;
    }
    switch (type) {
      case 'space':
      case 'newline':
      case 'comment':
      case 'map-value-ind':
      case 'seq-item-ind':
      case 'flow-seq-start':
      case 'flow-seq-end':
      case 'comma':
      case 'double-quoted-scalar':
      case 'single-quoted-scalar':
      case 'block-scalar-header':
        break;
      default:
        return other();
    }
    if (type === 'newline' && text !== '\n') other();
    tokens.push({ type, source: text, offset, indent });
    if (type === 'block-scalar-header') blockScalar = true;
    if (type === 'newline') {
      atNewLine = true;
      indent = 0;
    } else if (type === 'space') {
      if (atNewLine && text[0] === ' ') indent += text.length;
    } else if (type === 'map-value-ind' || type === 'seq-item-ind') {
      if (atNewLine) indent += text.length;
    } else atNewLine = false;
    offset += text.length;
  }
  return tokens;
}

const tok = (t: Lexed): CST.SourceToken => ({ type: t.type as CST.SourceToken['type'], offset: t.offset, indent: t.indent, source: t.source });

class Builder {
  private at = 0;
  constructor(private readonly tokens: readonly Lexed[]) {}

  private peek(k = 0): Lexed | undefined {
    return this.tokens[this.at + k];
  }

  private take(type: string): Lexed {
    const t = this.tokens[this.at];
    if (t?.type !== type) return other();
    this.at++;
    return t;
  }

  document(): CST.Document {
    // Comment lines and blank lines before the document are the stream's, not the document's.
    while (this.peek()?.type === 'comment' || this.peek()?.type === 'newline') {
      if (this.peek()?.type === 'comment') this.take('comment');
      this.take('newline');
    }
    const first = this.peek();
    if (!first || first.type !== 'scalar') return other();
    const value = this.map(0);
    const end = this.tokens.slice(this.at).map(tok);
    // What is left may only be blank lines and comment lines at the left margin.
    for (const [i, t] of end.entries()) if (t.type !== 'newline' && !(t.type === 'comment' && (i === 0 || end[i - 1]?.type === 'newline'))) other();
    this.at = this.tokens.length;
    return { type: 'document', offset: first.offset, start: [], value, ...(end.length > 0 && { end }) };
  }

  /**
   * Blank lines, comment lines and the next line's indentation, up to the next content; with the
   * column that content is at. The builder's position stays where it was.
   */
  private pending(): { tokens: CST.SourceToken[]; column: number; content: Lexed | undefined } {
    const tokens: CST.SourceToken[] = [];
    const commentColumns: number[] = [];
    let column = 0;
    let k = 0;
    let content: Lexed | undefined;
    for (let t = this.peek(k); t; t = this.peek(++k)) {
      if (t.type === 'newline') {
        column = 0;
        tokens.push(tok(t));
      } else if (t.type === 'space' && (k === 0 || this.peek(k - 1)?.type === 'newline')) {
        column = t.source.length;
        tokens.push(tok(t));
      } else if (t.type === 'comment') {
        tokens.push(tok(t));
        commentColumns.push(column);
        if (this.peek(k + 1)?.type !== 'newline') other();
      } else {
        content = t;
        break;
      }
    }
    // A comment line must sit where the next content does (yaml's Parser gives others elsewhere).
    if (content && commentColumns.some((c) => c !== column)) other();
    return { tokens, column, content };
  }

  private skip(count: number): void {
    this.at += count;
  }

  /** A block mapping whose keys start at `column`; the first key is next. */
  private map(column: number): CST.BlockMap {
    const items: CST.BlockMap['items'] = [];
    const offset = (this.peek() as Lexed).offset;
    let start: CST.SourceToken[] = [];
    for (;;) {
      const keyToken = this.peek();
      if (!keyToken || (keyToken.type !== 'scalar' && keyToken.type !== 'double-quoted-scalar' && keyToken.type !== 'single-quoted-scalar') || keyToken.source.includes('\n')) return other();
      this.at++;
      const key = { type: keyToken.type, offset: keyToken.offset, indent: keyToken.indent, source: keyToken.source } as CST.FlowScalar;
      const sep: CST.SourceToken[] = [tok(this.take('map-value-ind'))];
      let value: Token | CST.BlockMap | CST.BlockSequence | CST.FlowCollection;
      if (this.peek()?.type === 'space' && this.peek(1)?.type !== 'newline' && this.peek(1)?.type !== 'comment') {
        sep.push(tok(this.take('space')));
        value = this.inline(column);
      } else {
        // The value is on the lines below: what comes before it is the separator's.
        if (this.peek()?.type === 'space') sep.push(tok(this.take('space')));
        if (this.peek()?.type === 'comment') sep.push(tok(this.take('comment')));
        sep.push(tok(this.take('newline')));
        const next = this.pending();
        if (!next.content || next.column <= column) return other();
        sep.push(...next.tokens);
        this.skip(next.tokens.length);
        value = next.content.type === 'seq-item-ind' ? this.seq(next.column) : this.map(next.column);
      }
      items.push({ start, key, sep, value });
      const next = this.pending();
      if (!next.content || next.column < column) return { type: 'block-map', offset, indent: column, items };
      if (next.column !== column || next.content.type === 'seq-item-ind') return other();
      start = next.tokens;
      this.skip(next.tokens.length);
    }
  }

  /** A block list whose dashes are at `column`; the first dash is next. */
  private seq(column: number): CST.BlockSequence {
    const items: CST.BlockSequence['items'] = [];
    const offset = (this.peek() as Lexed).offset;
    let start: CST.SourceToken[] = [];
    for (;;) {
      start.push(tok(this.take('seq-item-ind')));
      if (this.peek()?.type !== 'space') return other();
      start.push(tok(this.take('space')));
      const first = this.peek();
      if (!first) return other();
      // `- key: value` starts a mapping two columns in; anything else is one value.
      const value = this.peek(1)?.type === 'map-value-ind' ? this.map(first.indent) : this.inline(column);
      items.push({ start, value });
      const next = this.pending();
      if (!next.content || next.column < column) return { type: 'block-seq', offset, indent: column, items };
      if (next.column !== column || next.content.type !== 'seq-item-ind') return other();
      start = next.tokens;
      this.skip(next.tokens.length);
    }
  }

  /**
   * A value on the rest of its line (a block scalar runs on below): a scalar, a flow list or a
   * block scalar. `parent` is the indent of the mapping or list it is in, which yaml's Parser gives
   * a block scalar in place of its line's.
   */
  private inline(parent: number): Token | CST.FlowCollection {
    const t = this.peek();
    if (!t) return other();
    if (t.type === 'scalar' || t.type === 'double-quoted-scalar' || t.type === 'single-quoted-scalar') {
      this.at++;
      return { type: t.type, offset: t.offset, indent: t.indent, source: t.source, end: this.lineEnd() };
    }
    if (t.type === 'block-scalar-header') {
      this.at++;
      const props: CST.SourceToken[] = [tok(t)];
      props.push(tok(this.take('newline')));
      const content = this.take('scalar');
      return { type: 'block-scalar', offset: t.offset, indent: parent, props, source: content.source };
    }
    if (t.type === 'flow-seq-start') {
      this.at++;
      const items: CST.FlowCollection['items'] = [];
      while (this.peek()?.type !== 'flow-seq-end') {
        const itemStart: CST.SourceToken[] = [];
        if (items.length > 0) {
          itemStart.push(tok(this.take('comma')));
          if (this.peek()?.type === 'space') itemStart.push(tok(this.take('space')));
        }
        const v = this.peek();
        if (!v || (v.type !== 'scalar' && v.type !== 'double-quoted-scalar' && v.type !== 'single-quoted-scalar') || v.source.includes('\n')) return other();
        this.at++;
        items.push({ start: itemStart, value: { type: v.type, offset: v.offset, indent: v.indent, source: v.source, end: [] } });
      }
      const end: CST.SourceToken[] = [tok(this.take('flow-seq-end')), ...this.lineEnd()];
      return { type: 'flow-collection', offset: t.offset, indent: t.indent, start: tok(t), items, end };
    }
    return other();
  }

  /** The rest of a value's line: a comment after a space, and the line break. */
  private lineEnd(): CST.SourceToken[] {
    const end: CST.SourceToken[] = [];
    if (this.peek()?.type === 'space' && this.peek(1)?.type === 'comment') {
      end.push(tok(this.take('space')));
      end.push(tok(this.take('comment')));
    }
    end.push(tok(this.take('newline')));
    return end;
  }
}
