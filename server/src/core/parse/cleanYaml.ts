/**
 * readClean: the fast way to read a clean YAML file. Parsing is nearly all of a cold check, and a
 * third of yaml's parseDocument is composing a Document (node objects, comments, props) that
 * extraction never looks at. The plainest files are scanned straight from their text (scanYaml.ts);
 * the others' concrete syntax tree (built from yaml's Lexer tokens by lexYaml.ts, or by yaml's
 * Parser) is read straight into a Tree and a plain value, resolving scalars with yaml's own
 * functions and core schema tags.
 *
 * It reads only what it can prove reads the same as parseDocument with no errors and no warnings:
 * block mappings and lists, one-line flow lists and mappings of scalars, and plain, quoted and block scalars,
 * with comments anywhere the composer allows them. Anything else — anchors, aliases, tags,
 * directives, a second document, tabs, empty values, explicit or non-string or duplicate keys, anything the
 * composer would report — returns undefined and the caller composes the Document as before.
 * A property test holds both readers equal on every text the fast one accepts.
 */
import { CST, Parser } from 'yaml';
import { lexDocument } from './lexYaml';
import { scanDocument } from './scanYaml';
import type { CleanRead, List, Table, Tree } from './tree';
import { plainKeyIsString, plainScalarValue } from './yamlTags';

/** Thrown inside the reader when the text needs the composer. */
const UNCLEAN = new Error('needs the composer');
function unclean(): never {
  throw UNCLEAN;
}

export function readClean(source: string): CleanRead | undefined {
  if (source.includes('\t') || source.charCodeAt(0) === 0xfeff) return undefined;
  return scanDocument(source) ?? readSyntaxTree(source);
}

/** readClean without the scanner: the reader of yaml's syntax tree, which scanDocument must match (exported for that test). */
export function readSyntaxTree(source: string): CleanRead | undefined {
  if (source.includes('\t') || source.charCodeAt(0) === 0xfeff) return undefined;
  // The plainest files' syntax tree is built straight from the lexer's tokens; yaml's Parser builds the rest.
  let doc = lexDocument(source);
  if (!doc) {
    for (const token of new Parser().parse(source)) {
      if (token.type === 'document' && !doc) doc = token;
      // Comments and blank lines around the document are all the stream may hold besides.
      else if (token.type !== 'comment' && token.type !== 'newline' && token.type !== 'space') return undefined;
    }
  }
  if (!doc?.value) return undefined;
  try {
    const start = props(doc.start, true, 'doc-start', doc.offset);
    if (start.found && (doc.value.type === 'block-map' || doc.value.type === 'block-seq') && !start.hasNewline) unclean();
    const reader = new TreeReader();
    const root = reader.node(doc.value);
    after(doc.end, reader.tail, false);
    return { root, value: plainOf(root) };
  } catch (error) {
    if (error === UNCLEAN) return undefined;
    throw error;
  }
}

/** One syntax tree, read once into a Tree. */
class TreeReader {
  /** Where the node read last ends, comments after it included (a yaml node's range[2]). */
  tail = 0;

  node(token: CST.Token): Tree {
    switch (token.type) {
      case 'block-map':
        return this.blockMap(token);
      case 'block-seq':
        return this.blockSeq(token);
      case 'flow-collection':
        return this.flow(token);
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar':
        return this.scalar(token);
      default:
        return unclean();
    }
  }

  private scalar(token: CST.FlowScalar | CST.BlockScalar): Tree {
    const read = CST.resolveAsScalar(token, true, unclean);
    if (!read) return unclean();
    const value = token.type === 'scalar' ? plainScalarValue(read.value, unclean) : read.value;
    this.tail = read.range[2];
    return { type: 'scalar', value, start: read.range[0], end: read.range[1] };
  }

  private blockMap(map: CST.BlockMap): Table {
    const keys: string[] = [];
    const keyStarts: number[] = [];
    const keyEnds: number[] = [];
    const values: Tree[] = [];
    let offset = map.offset;
    let commentEnd: number | undefined;
    for (const { start, key, sep, value, explicitKey } of map.items) {
      const before = props(start, true, 'explicit-key-ind', offset);
      if (explicitKey || before.found) unclean();
      if (!sep) {
        // Comment lines only.
        if (key) unclean();
        commentEnd = before.end;
        continue;
      }
      if (!key || !('indent' in key) || key.indent !== map.indent) return unclean();
      const { name, start: keyStart, end: keyEnd } = keyOf(key);
      if (keys.includes(name)) unclean();
      const between = props(sep, false, 'map-value-ind', 0);
      if (!between.found || !value) return unclean();
      if (between.found.offset - key.offset > 1000) unclean();
      if (value.type === 'block-map' && !between.hasNewline) unclean();
      keys.push(name);
      keyStarts.push(keyStart);
      keyEnds.push(keyEnd);
      values.push(this.node(value));
      offset = this.tail;
    }
    if (commentEnd !== undefined && commentEnd < offset) unclean();
    this.tail = commentEnd ?? offset;
    return { type: 'map', keys, keyStarts, keyEnds, values, start: map.offset, end: offset };
  }

  private blockSeq(seq: CST.BlockSequence): List {
    const items: Tree[] = [];
    let offset = seq.offset;
    let commentEnd: number | undefined;
    for (const { start, value } of seq.items) {
      const before = props(start, true, 'seq-item-ind', offset);
      if (!before.found) {
        // Comment lines only.
        if (value) unclean();
        commentEnd = before.end;
        continue;
      }
      if (!value) return unclean();
      items.push(this.node(value));
      offset = this.tail;
    }
    this.tail = commentEnd ?? offset;
    return { type: 'seq', items, block: true, start: seq.offset, end: offset };
  }

  /** A flow list of scalars, or a flow mapping of string keys to scalars, on one line. */
  private flow(collection: CST.FlowCollection): List | Table {
    const isMap = collection.start.source === '{';
    const items: Tree[] = [];
    const keys: string[] = [];
    const keyStarts: number[] = [];
    const keyEnds: number[] = [];
    for (const [i, { start, key, sep, value }] of collection.items.entries()) {
      let comma = false;
      for (const token of start) {
        if (token.type === 'comma' && !comma) comma = true;
        else if (token.type !== 'space') unclean();
      }
      if (!value && !key && !sep) {
        // Nothing between the brackets, or after a last comma.
        if ((i === 0 && comma) || i < collection.items.length - 1) unclean();
        continue;
      }
      if (i === 0 ? comma : !comma) unclean();
      if (isMap) {
        if (!key || !sep) return unclean();
        const { name, start: keyStart, end: keyEnd } = keyOf(key);
        if (keys.includes(name)) unclean();
        if (!props(sep, false, 'map-value-ind', 0).found) unclean();
        keys.push(name);
        keyStarts.push(keyStart);
        keyEnds.push(keyEnd);
      } else if (key !== undefined || sep !== undefined) unclean();
      if (!value || (value.type !== 'scalar' && value.type !== 'single-quoted-scalar' && value.type !== 'double-quoted-scalar')) return unclean();
      if (value.source.includes('\n') || value.end?.some((token) => token.type !== 'space')) unclean();
      items.push(this.scalar(value));
    }
    const [close, ...rest] = collection.end;
    if (close?.source !== (isMap ? '}' : ']')) unclean();
    const end = close.offset + 1;
    this.tail = after(rest, end, true);
    return isMap ? { type: 'map', keys, keyStarts, keyEnds, values: items, start: collection.offset, end } : { type: 'seq', items, block: false, start: collection.offset, end };
  }
}

/** A key that is a one-line string scalar and nothing else: its string and where it is written. */
function keyOf(key: CST.Token): { name: string; start: number; end: number } {
  if (key.type !== 'scalar' && key.type !== 'single-quoted-scalar' && key.type !== 'double-quoted-scalar') return unclean();
  if (key.source.includes('\n') || key.end?.some((token) => token.type !== 'space')) unclean();
  const read = CST.resolveAsScalar(key, true, unclean);
  if (!read) return unclean();
  const name = read.value;
  if (key.type === 'scalar' ? !plainKeyIsString(name) : name === '__proto__' || name === '<<') unclean();
  return { name, start: read.range[0], end: read.range[1] };
}

/**
 * The tokens before a node (yaml's resolveProps, for texts without anchors, tags or tabs): spaces,
 * line breaks, comments after white space, and at most one indicator.
 */
function props(tokens: readonly CST.SourceToken[], startOnNewline: boolean, indicator: string, offset: number): { found: CST.SourceToken | undefined; hasNewline: boolean; end: number } {
  let hasSpace = startOnNewline;
  let hasNewline = false;
  let found: CST.SourceToken | undefined;
  for (const token of tokens) {
    if (token.type === 'space') hasSpace = true;
    else if (token.type === 'newline') hasSpace = hasNewline = true;
    else if (token.type === 'comment') {
      if (!hasSpace) unclean();
    } else if (token.type === indicator && !found) {
      found = token;
      hasSpace = false;
    } else unclean();
  }
  const last = tokens[tokens.length - 1];
  return { found, hasNewline, end: last ? last.offset + last.source.length : offset };
}

/** The tokens after a node (yaml's resolveEnd): where they end. */
function after(tokens: readonly CST.SourceToken[] | undefined, offset: number, strict: boolean): number {
  let hasSpace = false;
  let end = offset;
  for (const token of tokens ?? []) {
    if (token.type === 'space' || token.type === 'newline') hasSpace = true;
    else if (token.type !== 'comment' || (strict && !hasSpace)) unclean();
    end += token.source.length;
  }
  return end;
}

function plainOf(tree: Tree): unknown {
  if (tree.type === 'scalar') return tree.value;
  if (tree.type === 'seq') return tree.items.map((item) => plainOf(item as Tree));
  const value: Record<string, unknown> = {};
  for (const [i, key] of tree.keys.entries()) value[key as string] = plainOf(tree.values[i] as Tree);
  return value;
}
