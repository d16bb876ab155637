/**
 * An imported file as YAML in the format reqtrace reads, laid out as people write it: the fields of
 * each item in the order the README lists them, link and tag lists on one line, long text folded,
 * text with line breaks as a literal block, a blank line between items. The `yaml` package does
 * the quoting, so any text an importer read comes back unchanged when the file is parsed.
 */
import { Document, isSeq, type Node, YAMLMap, YAMLSeq } from 'yaml';
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

export function importedYaml(file: ImportedFile): string {
  const doc = new Document({});
  const root = doc.contents as YAMLMap;
  if (file.comment) doc.commentBefore = commentText(file.comment);
  root.add(doc.createPair('kind', file.kind));
  if (file.title !== undefined) root.add(doc.createPair('title', file.title));
  const items = new YAMLSeq();
  for (const [index, item] of file.items.entries()) {
    const map = new YAMLMap();
    for (const key of orderedKeys(file.kind, { id: item.id, ...item.fields })) {
      const value = key === 'id' ? item.id : item.fields[key];
      if (value === undefined) continue;
      const node = doc.createNode(value) as Node;
      if (FLOW_LISTS.has(key) && isSeq(node)) node.flow = true;
      map.add(doc.createPair(key, node));
    }
    if (index > 0) map.spaceBefore = true;
    if (item.comment) map.commentBefore = commentText(item.comment);
    items.add(map);
  }
  root.add(doc.createPair('items', items));
  return doc.toString({ lineWidth: 100, minContentWidth: 40, flowCollectionPadding: false });
}

function orderedKeys(kind: Kind, fields: Readonly<Record<string, unknown>>): string[] {
  const known = [...FIELD_ORDER[kind], ...LAST];
  const present = Object.keys(fields);
  return [...known.filter((key) => key in fields), ...present.filter((key) => !known.includes(key))];
}

/** A comment's text, one '#' line per line (the `yaml` package adds the '#'). */
function commentText(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => ` ${line}`)
    .join('\n');
}
