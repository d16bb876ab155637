/**
 * Every field of each item of a parsed file, as written: the Item model keeps only what checks,
 * hovers and coverage read, while an exchange output (needs.json, ReqIF) writes every field,
 * tags, notes and acceptance criteria too. The file is read again with the reader parseFile used,
 * so the values are the ones the checks saw, found by where each item starts.
 */
import { parseDocument } from 'yaml';
import type { Item } from '../model';
import { normaliseBreaks, tooDeepAt, YAML_OPTIONS, type ParsedFile } from './parse';
import { scanDocument } from './scanYaml';
import { treeOfDocument, valueOf, type Tree } from './tree';

/** A plain value: text, a number, a boolean, null, a list or a mapping of them. */
export type FieldValue = string | number | boolean | null | readonly FieldValue[] | { readonly [key: string]: FieldValue };

/**
 * The most values one item's fields are read into: an alias in a file with errors can make a tree
 * whose expansion is enormous (the parse left its values unread, but its items are still indexed).
 */
const MAX_VALUES_PER_ITEM = 10_000;

/** Each item of `file` with its fields in the order written (the last of a key written twice). */
export function itemFieldValues(file: ParsedFile): Map<Item, Readonly<Record<string, FieldValue>>> {
  const values = new Map<Item, Readonly<Record<string, FieldValue>>>();
  if (file.items.length === 0) return values;
  const itemsNode = valueOf(rootOf(file.text), 'items');
  if (itemsNode?.type !== 'seq') return values;
  const byStart = new Map<number, Item>();
  for (const item of file.items) if (!byStart.has(item.span.start)) byStart.set(item.span.start, item);
  for (const entry of itemsNode.items) {
    if (entry?.type !== 'map') continue;
    const item = byStart.get(entry.start);
    if (!item || values.has(item)) continue;
    const budget = { left: MAX_VALUES_PER_ITEM };
    const fields: Record<string, FieldValue> = {};
    for (const [i, key] of entry.keys.entries()) {
      if (key === undefined) continue;
      const value = plain(entry.values[i], budget);
      if (value !== undefined) fields[key] = value;
    }
    values.set(item, fields);
  }
  return values;
}

/** The file's own fields (title, and an ITT file's section, section-weight…), its items aside. */
export function fileFieldValues(file: ParsedFile): Readonly<Record<string, FieldValue>> {
  const root = rootOf(file.text);
  const fields: Record<string, FieldValue> = {};
  if (root?.type !== 'map') return fields;
  const budget = { left: MAX_VALUES_PER_ITEM };
  for (const [i, key] of root.keys.entries()) {
    if (key === undefined || key === 'items') continue;
    const value = plain(root.values[i], budget);
    if (value !== undefined) fields[key] = value;
  }
  return fields;
}

/** The file's tree as parseFile read it: the scanner for a plainly written file, else a composed document. */
export function rootOf(text: string): Tree | undefined {
  const source = normaliseBreaks(text);
  if (tooDeepAt(source) !== undefined) return undefined;
  const clean = scanDocument(source);
  if (clean) return clean.root;
  try {
    return treeOfDocument(parseDocument(source, YAML_OPTIONS)).root;
  } catch {
    return undefined;
  }
}

function plain(node: Tree | undefined, budget: { left: number }): FieldValue | undefined {
  if (!node || --budget.left < 0) return undefined;
  if (node.type === 'scalar') {
    const { value } = node;
    if (typeof value === 'string' || typeof value === 'boolean' || value === null || (typeof value === 'number' && Number.isFinite(value))) return value;
    // Whatever else a scalar holds (.inf, a big integer with a tag) is kept as its text.
    return typeof value === 'number' || typeof value === 'bigint' ? String(value) : null;
  }
  if (node.type === 'seq') return node.items.flatMap((entry) => plainOrNothing(entry, budget));
  const map: Record<string, FieldValue> = {};
  for (const [i, key] of node.keys.entries()) {
    const value = key === undefined ? undefined : plain(node.values[i], budget);
    if (key !== undefined && value !== undefined) map[key] = value;
  }
  return map;
}

function plainOrNothing(node: Tree | undefined, budget: { left: number }): FieldValue[] {
  const value = plain(node, budget);
  return value === undefined ? [] : [value];
}
