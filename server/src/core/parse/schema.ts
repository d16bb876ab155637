/**
 * The JSON Schemas in schemas/ are the single source of truth for field rules. They are compiled
 * once with ajv (validators.ts); each ajv error is placed on the YAML node it is about and worded for authors.
 */
import type { ErrorObject } from 'ajv';
import { distance } from 'fastest-levenshtein';
import commonSchema from '../../../../schemas/common.schema.json';
import ittSchema from '../../../../schemas/itt.schema.json';
import needsSchema from '../../../../schemas/needs.schema.json';
import requirementsSchema from '../../../../schemas/requirements.schema.json';
import { describeLookalikes } from '../ids';
import { KIND_NOUN, type Finding, type Kind, type Span } from '../model';
import { stringOf, valueOf, type Tree } from './tree';
import { validators, type SchemaName } from './validators';
import { schemaRule } from './rules';

export type { SchemaName } from './validators';

/**
 * Validates a file's plain value against its schema; returns findings placed on the nodes of
 * `root`, the same file read as a Tree.
 * With `firstItem`, `value` holds only some entries of a file's items, the first of them being
 * entry `firstItem` of the file: only findings inside those entries are returned, numbered as in the file.
 */
export function validateSchema(kind: SchemaName, value: unknown, root: Tree | undefined, uri: string, text: string, firstItem?: number): Finding[] {
  const validate = validators[kind];
  if (validate(value)) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  // Every required field an item lacks, so that the fix on any one of its findings adds them all.
  const missingFields = new Map<string, string[]>();
  for (const error of validate.errors ?? []) {
    if (error.keyword !== 'required' || !ITEM_PATH.test(error.instancePath)) continue;
    const fields = missingFields.get(error.instancePath) ?? [];
    missingFields.set(error.instancePath, [...new Set([...fields, String(error.params.missingProperty)])]);
  }
  for (const error of validate.errors ?? []) {
    if (firstItem !== undefined && !error.instancePath.startsWith('/items/')) continue;
    // `if` only says which branch applied; the branch's own errors carry the meaning.
    if (error.keyword === 'if') continue;
    // A wrong `kind` is reported once, as kind-mismatch.
    if (error.instancePath === '/kind' && error.keyword === 'const') continue;
    // A key refused by propertyNames is reported by the rule it broke, at the key.
    if (error.keyword === 'propertyNames') continue;
    const finding = toFinding(error, kind, root, uri, text, firstItem ?? 0);
    const key = `${finding.span.start}:${finding.span.end}:${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const missing = error.keyword === 'required' && kind !== 'config' ? missingFields.get(error.instancePath) : undefined;
    findings.push(missing ? { ...finding, data: { missingFields: missing } } : finding);
  }
  return findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

/** The path of an entry of `items`. */
const ITEM_PATH = /^\/items\/\d+$/;

function pathSegments(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((raw) => {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^\d+$/.test(segment) ? Number(segment) : segment;
    });
}

/** The deepest node along `path` that exists in the file, and how far it got. */
function nodeAt(root: Tree | undefined, path: (string | number)[]): { node: Tree | undefined; depth: number } {
  let node = root;
  let depth = 0;
  for (const segment of path) {
    let next: Tree | undefined;
    if (node?.type === 'map') next = valueOf(node, String(segment));
    else if (node?.type === 'seq' && typeof segment === 'number') next = node.items[segment];
    if (!next) break;
    node = next;
    depth++;
  }
  return { node, depth };
}

function nodeSpan(node: Tree | undefined, text: string): Span {
  if (!node) return { start: 0, end: 0 };
  if (node.start >= text.length) return { start: text.length, end: text.length };
  // A block collection's range runs over its last line break; the finding stops at its last character.
  let end = node.end;
  while (end > node.start && /\s/.test(text[end - 1] ?? '')) end--;
  return { start: node.start, end };
}

/** Where the first `key` of a mapping is written. */
function keySpan(node: Tree | undefined, key: string | number): Span | undefined {
  if (node?.type !== 'map') return undefined;
  const at = typeof key === 'number' ? key : node.keys.indexOf(key);
  const start = node.keyStarts[at];
  const end = node.keyEnds[at];
  return start === undefined || end === undefined ? undefined : { start, end };
}

/** Where a "missing field" finding goes: the item's id value, else the mapping's first key, else the node. */
function missingFieldSpan(node: Tree | undefined, text: string): Span {
  const idValue = valueOf(node, 'id');
  if (idValue) return { start: idValue.start, end: idValue.end };
  return keySpan(node, 0) ?? nodeSpan(node, text);
}

/** The id of the item an error is about, for messages. */
function itemLabel(root: Tree | undefined, path: (string | number)[], kind: SchemaName, firstItem: number): string {
  if (kind === 'config' || path[0] !== 'items' || typeof path[1] !== 'number') return 'the file';
  const id = stringOf(valueOf(nodeAt(root, ['items', path[1]]).node, 'id'));
  const noun = KIND_NOUN[kind];
  return id !== undefined && id !== '' ? `${noun} ${id}` : `${noun} ${firstItem + path[1] + 1} in items`;
}

function fieldName(path: (string | number)[], firstItem: number): string {
  const last = path[path.length - 1];
  if (typeof last === 'number') {
    const parent = path[path.length - 2];
    if (parent !== 'items') return `entry ${last + 1} of ${String(parent)}`;
    return `item ${(path.length === 2 ? firstItem : 0) + last + 1}`;
  }
  return last === undefined ? 'the file' : last;
}

/** True when the path is a link: `parent`, or an entry of `satisfies` or `covers`. */
function isLinkPath(path: readonly (string | number)[]): boolean {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  return last === 'parent' || (typeof last === 'number' && (parent === 'satisfies' || parent === 'covers'));
}

/** The longest id (common.schema.json's id maxLength; a link may be longer by its stamp). */
const ID_MAX_LENGTH = 64;

/** A link's id longer than an id may be: named by its start (it may be thousands of characters long). */
function idTooLong(id: string, field: string): string {
  return `The id ${JSON.stringify(abbreviate(id))} in ${field} is ${id.length} characters long; an id may have at most ${ID_MAX_LENGTH}.`;
}

/** What an id looks like (common.schema.json's id pattern). */
const ID = /^[A-Z][A-Z0-9]*(?:[-.][A-Z0-9]+)*$/;

/** Where the stamp after '@' is written in a link's scalar at `span` (quotes left out). */
function stampSpan(text: string, span: Span): Span | undefined {
  const quoted = text[span.start] === '"' || text[span.start] === "'";
  const end = quoted ? span.end - 1 : span.end;
  const at = text.lastIndexOf('@', end - 1);
  return at >= span.start ? { start: at + 1, end } : undefined;
}

/** The first 40 characters of a value, with an ellipsis when there are more. */
function abbreviate(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (field: value lines)',
  null: 'empty',
};

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  // JSON quoting shows line breaks and control characters as escapes, so a message stays one line.
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return JSON.stringify(value) ?? typeof value;
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Why a key of a mapping whose keys are data (scores, parts of the evaluation) is refused. */
function propertyNameMessage(field: string, key: string): string {
  if (field === 'descriptors') return `${describeValue(key)} is not a score: descriptors are given by score, a whole number from 0 to 10 (0: Unacceptable).`;
  if (field === 'evaluation') return `${describeValue(key)} is not a name for a part of the evaluation: use lower-case letters, digits and '-', e.g. quality, price or social-value.`;
  return `${describeValue(key)} is not allowed as a key of ${field}.`;
}

function toFinding(error: ErrorObject, kind: SchemaName, root: Tree | undefined, uri: string, text: string, firstItem: number): Finding {
  const path = pathSegments(error.instancePath);
  const { node, depth } = nodeAt(root, path);
  const exact = depth === path.length;
  const field = fieldName(path, firstItem);
  const owner = itemLabel(root, path, kind, firstItem);
  let span = exact ? nodeSpan(node, text) : missingFieldSpan(node, text);
  let message: string;
  if (error.propertyName !== undefined) {
    const key = error.propertyName;
    return { code: schemaRule.code, severity: schemaRule.severity, message: propertyNameMessage(field, key), uri, span: (exact ? keySpan(node, key) : undefined) ?? span };
  }

  switch (error.keyword) {
    case 'required': {
      const missing = String(error.params.missingProperty);
      span = exact ? missingFieldSpan(node, text) : span;
      if (path.length === 0 && node === undefined) {
        message = emptyFileMessage(kind);
      } else if (missing === 'weighting') {
        message = `${capitalise(owner)} is scored, so it needs a 'weighting' (a number from 0 to 100).`;
      } else if (missing === 'covers') {
        message = `${capitalise(owner)} must list the requirements it asks bidders for in 'covers' (or set 'response: information').`;
      } else {
        message = `${capitalise(owner)} is missing the required field '${missing}'.`;
      }
      break;
    }
    case 'additionalProperties': {
      const extra = String(error.params.additionalProperty);
      span = keySpan(node, extra) ?? span;
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      if (extra === '<<') {
        message = `YAML merge keys ('<<') are not supported in requirement files: write the fields out in full.`;
      } else {
        const suggestion = closest(extra, allowed);
        const where = path.length === 0 ? 'at the top of the file' : kind === 'config' ? `in ${path.join('.')}` : `in ${owner}`;
        message = `Unknown field '${extra}' ${where}${suggestion ? ` — did you mean '${suggestion}'?` : '.'} Allowed fields: ${allowed.join(', ')}.`;
      }
      break;
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      message = `${field} must be one of ${allowed.join(', ')} (found ${describeValue(error.data)}).`;
      break;
    }
    case 'const':
      message = `${field} must be '${String(error.params.allowedValue)}' (found ${describeValue(error.data)}).`;
      break;
    case 'type': {
      const expected = String(error.params.type)
        .split(',')
        .map((t) => TYPE_WORDS[t] ?? t)
        .join(' or ');
      if (path.length === 0) {
        message = error.data === null ? emptyFileMessage(kind) : `${rootShape(kind)}, not ${describeValue(error.data)}.`;
      } else if (path.length === 2 && path[0] === 'items' && kind !== 'config') {
        message = `Each entry of items must be a ${KIND_NOUN[kind]}: a mapping with id, title and the other fields (found ${describeValue(error.data)}).`;
      } else if (field === 'reviewed' && typeof error.data === 'number') {
        // A fingerprint of digits only (1 in 100 or so), written without quotes: YAML reads a number.
        const written = text.slice(span.start, span.end);
        message = `reviewed must be text, and YAML reads ${written} as a number${String(error.data) === written ? '' : ` (${describeValue(error.data)})`}: put it in quotes, reviewed: '${written}'.`;
      } else {
        message = `${field} must be ${expected} (found ${describeValue(error.data)}).`;
      }
      break;
    }
    case 'pattern': {
      const value = String(error.data);
      const at = value.indexOf('@');
      const id = at > 0 ? value.slice(0, at) : value;
      if (isLinkPath(path) && id.length > ID_MAX_LENGTH) {
        message = idTooLong(id, field);
        break;
      }
      if (field === 'reviewed') {
        message = `reviewed must be a fingerprint, 10 characters 0-9 and a-f, as reqtrace review writes it (found ${describeValue(value)}).`;
        break;
      }
      if (at >= 0 && isLinkPath(path) && ID.test(value.slice(0, at))) {
        // A link to a good id with a stamp that is not a fingerprint: the finding is on the stamp.
        const stamp = value.slice(at + 1);
        const written = exact ? stampSpan(text, span) : undefined;
        if (written) span = written;
        message = `${describeValue(stamp)} after ${value.slice(0, at)}@ is not a fingerprint: a stamp is 10 characters 0-9 and a-f, written by reqtrace review or the Mark link reviewed quick fix. Remove it with its @ to stop tracking this link.`;
        break;
      }
      const lookalikes = describeLookalikes(value);
      message = lookalikes
        ? `"${value}" is not a valid id: it contains ${lookalikes}.`
        : `"${value}" is not a valid id: use capital letters and digits in parts joined by '-' or '.', e.g. REQ-HR-001 or ITT-3.2.1.`;
      break;
    }
    case 'minItems':
      message =
        field === 'covers'
          ? `covers must name at least one requirement (or set 'response: information').`
          : `${field} must have at least ${String(error.params.limit)} entries.`;
      break;
    case 'minLength':
      message = `${field} must not be empty.`;
      break;
    case 'maxLength': {
      const length = String(error.data).length;
      const limit = String(error.params.limit);
      // A link names an id: say so, and which one (its start: it may be thousands of characters long).
      message = isLinkPath(path) ? idTooLong(String(error.data).split('@')[0] ?? '', field) : `${field} is ${length} characters long; it may have at most ${limit}.`;
      break;
    }
    case 'minimum':
    case 'maximum':
      message = `${field} must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(error.params.limit)} (found ${describeValue(error.data)}).`;
      break;
    default:
      message = `${field} ${error.message ?? 'is not valid'}.`;
  }
  return { code: schemaRule.code, severity: schemaRule.severity, message, uri, span };
}

function rootShape(kind: SchemaName): string {
  return kind === 'config'
    ? 'reqtrace.config.yaml must be a mapping with files, exclude, severity or limits'
    : `A ${kind} file must be a mapping with 'kind: ${kind}' and 'items'`;
}

function emptyFileMessage(kind: SchemaName): string {
  return `The file is empty. ${rootShape(kind)}.`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

interface PropertySchema {
  readonly enum?: readonly unknown[];
  readonly $ref?: string;
  readonly description?: string;
}
const ITEM_SCHEMAS: Record<Kind, { properties: Record<string, PropertySchema>; required: readonly string[] }> = {
  needs: needsSchema.definitions.need,
  requirements: requirementsSchema.definitions.requirement,
  itt: ittSchema.definitions.clause,
};

/** A property's schema with a `$ref` into common.schema.json followed, keeping the local description. */
function itemProperty(kind: Kind, field: string): PropertySchema | undefined {
  const local = ITEM_SCHEMAS[kind].properties[field];
  const ref = local?.$ref?.match(/^common\.schema\.json#\/definitions\/(.+)$/)?.[1];
  const shared = ref ? (commonSchema.definitions as Record<string, PropertySchema>)[ref] : undefined;
  return local && { ...shared, ...local };
}

/** The values a field of an item may take, from the schema, when it is an enumeration. */
export function fieldValues(kind: Kind, field: string): string[] | undefined {
  return itemProperty(kind, field)?.enum?.map(String);
}

/** The fields an item of this kind may have, required ones first, with their descriptions. */
export function itemFields(kind: Kind): { name: string; required: boolean; description: string }[] {
  const { properties, required } = ITEM_SCHEMAS[kind];
  return Object.keys(properties)
    .map((name) => ({ name, required: required.includes(name), description: itemProperty(kind, name)?.description ?? '' }))
    .sort((a, b) => Number(b.required) - Number(a.required));
}
