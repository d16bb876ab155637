/**
 * Where a field that the Item model does not keep is written (a file's `weighting-budget`, a
 * clause's `weighting` as written, a setting of the config), read from a YAML tree: the rules that
 * place a finding on such a field, and the config's rules, find it here.
 */
import type { Item, Span } from '../model';
import { valueOf, type Tree } from '../parse/tree';

/** A scalar field as written: its value as read, and where its key and its value are. */
export interface FieldPlace {
  readonly value: unknown;
  readonly key: Span;
  readonly span: Span;
}

/** The scalar field at `path` under `table` (['evaluation', 'social-value']), if it is written. */
export function placeIn(table: Tree | undefined, path: readonly string[]): FieldPlace | undefined {
  let node = table;
  for (const [depth, key] of path.entries()) {
    if (node?.type !== 'map') return undefined;
    const at = node.keys.indexOf(key);
    const start = node.keyStarts[at];
    const end = node.keyEnds[at];
    const value = node.values[at];
    if (at < 0 || start === undefined || end === undefined || value === undefined) return undefined;
    if (depth === path.length - 1) return { value: value.type === 'scalar' ? value.value : undefined, key: { start, end }, span: { start: value.start, end: value.end } };
    node = value;
  }
  return undefined;
}

/** The file's own field `key`, outside its items. */
export function fileField(root: Tree | undefined, key: string): FieldPlace | undefined {
  return placeIn(root, [key]);
}

/** Each item's entry in the file's `items` list, by where the item starts (an Item's span starts where its mapping does). */
export function itemEntries(root: Tree | undefined): ReadonlyMap<number, Tree> {
  const entries = new Map<number, Tree>();
  const items = valueOf(root, 'items');
  if (items?.type !== 'seq') return entries;
  for (const entry of items.items) if (entry?.type === 'map' && !entries.has(entry.start)) entries.set(entry.start, entry);
  return entries;
}

/** The field `key` of `item`, among `entries` (see itemEntries). */
export function itemField(entries: ReadonlyMap<number, Tree>, item: Item, key: string): FieldPlace | undefined {
  return placeIn(entries.get(item.span.start), [key]);
}

/** A weighting, a share or a total as a person writes it: at most two decimals, no float noise (0.1 + 0.2 is 0.3). */
export function figure(n: number): string {
  return String(Math.round(n * 100) / 100);
}
