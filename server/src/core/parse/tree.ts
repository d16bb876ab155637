/**
 * The shape of a YAML file that item extraction reads: scalars, lists and mappings with the
 * offsets they span, and nothing else. It comes from one of two readers — scanDocument (fast, for
 * the plainly written files that are nearly all of a workspace) or a composed yaml Document (any
 * file) — so that there is one extraction for both.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';

export type Tree = Leaf | List | Table;

interface Spanned {
  /** Where the node starts, and where its value ends (a yaml node's range[0] and range[1]). */
  readonly start: number;
  readonly end: number;
}

export interface Leaf extends Spanned {
  readonly type: 'scalar';
  readonly value: unknown;
}

export interface List extends Spanned {
  readonly type: 'seq';
  readonly items: readonly (Tree | undefined)[];
  /** A block list (`- ` entries) with no tag or anchor. */
  readonly block: boolean;
}

export interface Table extends Spanned {
  readonly type: 'map';
  /** Keys in order; undefined for a key that is not a string. */
  readonly keys: readonly (string | undefined)[];
  /** Where each key is written (any key, string or not). */
  readonly keyStarts: readonly (number | undefined)[];
  readonly keyEnds: readonly (number | undefined)[];
  readonly values: readonly (Tree | undefined)[];
}

/** A clean file's tree, and the plain value yaml's toJS() gives. */
export interface CleanRead {
  readonly root: Tree;
  readonly value: unknown;
}

/** The value under the first `key` of a mapping (yaml's own `get` takes the first too). */
export function valueOf(table: Tree | undefined, key: string): Tree | undefined {
  if (table?.type !== 'map') return undefined;
  const at = table.keys.indexOf(key);
  return at < 0 ? undefined : table.values[at];
}

/** A string scalar's value. */
export function stringOf(node: Tree | undefined): string | undefined {
  return node?.type === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

/**
 * A composed document as a Tree, and whether it has anchors or aliases. An alias reads as what it
 * names, spanning the alias itself; an alias inside what it names (possible only in a file with
 * errors) reads as nothing.
 */
export function treeOfDocument(doc: Document): { root: Tree | undefined; shared: boolean } {
  let shared = false;
  const done = new Map<Node, Tree | undefined>();
  const convert = (node: unknown): Tree | undefined => {
    if (isAlias(node)) {
      shared = true;
      const target = node.resolve(doc);
      if (!target || !node.range) return undefined;
      const span = { start: node.range[0], end: node.range[1] };
      if (done.has(target)) return moved(done.get(target), span);
      done.set(target, undefined);
      const tree = convert(target);
      done.set(target, tree);
      return moved(tree, span);
    }
    const range = (node as Node | null | undefined)?.range;
    if (!range) return undefined;
    if ((node as Node).anchor !== undefined) shared = true;
    const [start, end] = range;
    if (isScalar(node)) return { type: 'scalar', value: node.value, start, end };
    if (isSeq(node)) return { type: 'seq', items: node.items.map((entry) => convert(entry)), block: !node.flow && node.tag === undefined && node.anchor === undefined, start, end };
    if (isMap(node)) {
      const keys: (string | undefined)[] = [];
      const keyStarts: (number | undefined)[] = [];
      const keyEnds: (number | undefined)[] = [];
      const values: (Tree | undefined)[] = [];
      for (const pair of node.items) {
        keys.push(isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : undefined);
        const keyRange = (pair.key as Node | null)?.range;
        keyStarts.push(keyRange?.[0]);
        keyEnds.push(keyRange?.[1]);
        values.push(convert(pair.value));
      }
      return { type: 'map', keys, keyStarts, keyEnds, values, start, end };
    }
    return undefined;
  };
  const root = convert(doc.contents);
  return { root, shared };
}

function moved(tree: Tree | undefined, span: { start: number; end: number }): Tree | undefined {
  return tree && { ...tree, ...span };
}
