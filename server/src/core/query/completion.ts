/**
 * What can be completed at an offset, read from the text around it (the file may be half-typed
 * and not parse): an id in a link field, a value of an enumerated field, a field name, or a new item.
 */
import { LINK_FIELDS, LINK_TARGET, type Kind, type LinkField, type Span } from '../model';
import { fieldValues } from '../parse/schema';

export type CompletionContext =
  | { readonly type: 'link'; readonly field: LinkField; readonly target: Kind; readonly replace: Span }
  | { readonly type: 'value'; readonly field: string; readonly values: readonly string[]; readonly replace: Span }
  | { readonly type: 'field'; readonly replace: Span }
  | { readonly type: 'item'; readonly replace: Span };

const ID_CHAR = /[A-Za-z0-9.\-_]/;

export function completionContext(text: string, offset: number, kind: Kind): CompletionContext | undefined {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  const prefix = text.slice(lineStart, offset);
  if (/#/.test(prefix.replace(/"[^"]*"|'[^']*'/g, ''))) return undefined;
  const word = wordAround(text, offset);

  const keyed = /^(\s*)(?:-\s+)?([\w-]+)\s*:\s*(.*)$/.exec(prefix);
  if (keyed) {
    const field = keyed[2] as string;
    const rest = keyed[3] as string;
    if ((LINK_FIELDS[kind] as readonly string[]).includes(field)) {
      const linkField = field as LinkField;
      return { type: 'link', field: linkField, target: LINK_TARGET[linkField], replace: word };
    }
    const values = fieldValues(kind, field);
    if (values && !rest.includes(' ')) return { type: 'value', field, values, replace: word };
    return undefined;
  }

  const entry = /^(\s*)-\s+([^:]*)$/.exec(prefix);
  const blank = /^(\s*)$/.exec(prefix);
  if (entry || blank) {
    const column = entry ? (entry[1] as string).length : (blank?.[1] as string).length;
    const owner = owningKey(text, lineStart, column, Boolean(entry));
    if (entry && owner && (LINK_FIELDS[kind] as readonly string[]).includes(owner.key)) {
      const linkField = owner.key as LinkField;
      return { type: 'link', field: linkField, target: LINK_TARGET[linkField], replace: word };
    }
    if (entry && owner?.key === 'items' && (entry[2] as string).trim() === '') return { type: 'item', replace: { start: lineStart, end: offset } };
    if (blank && owner?.key === 'items') return { type: 'item', replace: { start: lineStart, end: offset } };
    if (blank && owner?.inItem) return { type: 'field', replace: word };
  }
  return undefined;
}

/** The id-like word around the offset. */
function wordAround(text: string, offset: number): Span {
  let start = offset;
  while (start > 0 && ID_CHAR.test(text[start - 1] ?? '')) start--;
  let end = offset;
  while (end < text.length && ID_CHAR.test(text[end] ?? '')) end++;
  return { start, end };
}

/**
 * The key that owns a line at `column`: the nearest earlier line, less indented (or as indented, for
 * a list entry), that ends in `key:`. `inItem` says whether the line sits among an item's fields.
 */
function owningKey(text: string, lineStart: number, column: number, isEntry: boolean): { key: string; inItem: boolean } | undefined {
  let end = lineStart;
  while (end > 0) {
    const previousEnd = end - 1 - (text[end - 1] === '\n' && text[end - 2] === '\r' ? 1 : 0);
    const start = Math.max(text.lastIndexOf('\n', previousEnd - 1), text.lastIndexOf('\r', previousEnd - 1)) + 1;
    const line = text.slice(start, previousEnd);
    end = start;
    if (/^\s*(#.*)?$/.test(line)) continue;
    const indent = (/^\s*/.exec(line)?.[0] ?? '').length;
    const dashed = /^(\s*)-\s+/.exec(line);
    const keyColumn = dashed ? (dashed[0]).length : indent;
    if (!isEntry && keyColumn === column && /^\s*(-\s+)?[\w-]+\s*:/.test(line)) return { key: '', inItem: true };
    if (indent > column || (isEntry && indent === column && dashed)) continue;
    const key = /^\s*(?:-\s+)?([\w-]+)\s*:\s*(#.*)?$/.exec(line)?.[1];
    if (key && (indent < column || isEntry)) return { key, inItem: false };
    if (indent < column) return undefined;
  }
  return undefined;
}
