/**
 * `export needs`: the workspace as a sphinx-needs needs.json, which a Sphinx project reads with
 * `needs_external_needs` (links to the items) or `needimport` (copies of them). The layout is the
 * one the sphinx-needs builder writes: `{created, current_version, project, versions: {<version>:
 * {created, creator, needs: {ID: need}, needs_amount, needs_schema}}}`, keys sorted as its
 * `json.dump(sort_keys=True)` sorts them, so the same files and SOURCE_DATE_EPOCH give the same bytes.
 *
 * Each need carries sphinx-needs' core fields (id, type, title, content, status, tags, docname,
 * doctype, lineno), one link field per reqtrace link field with its `_back` list (and the default
 * `links`, empty: every link has its own type), and reqtrace's other fields as extra fields under
 * names a filter can use (`as` is a Python keyword; `type` is sphinx-needs' own). `needs_schema`
 * describes every field, with its `field_type`, so the Sphinx project knows what to declare.
 */
import type { Workspace } from '../analysis/workspace';
import { humanPosition } from '../lines';
import { LINK_FIELDS, type Item, type Kind, type LinkField } from '../model';
import { itemFieldValues, type FieldValue } from '../parse/itemValues';
import type { ExportContext, TextExporter } from './exporter';

/** The sphinx-needs need type of each kind: `need` and `req` are among sphinx-needs' default types. */
export const NEED_TYPES: Record<Kind, { readonly type: string; readonly name: string }> = {
  needs: { type: 'need', name: 'User need' },
  requirements: { type: 'req', name: 'Requirement' },
  itt: { type: 'itt', name: 'ITT clause' },
};

const LINK_TYPES: readonly LinkField[] = ['satisfies', 'covers', 'parent'];

type JsonType = 'string' | 'integer' | 'array';

/** reqtrace fields written as extra fields: the name in needs.json, the field in the YAML, its JSON type. */
const EXTRA_FIELDS: readonly { readonly name: string; readonly field: string; readonly type: JsonType; readonly description: string }[] = [
  { name: 'priority', field: 'priority', type: 'string', description: 'MoSCoW priority: must, should, could or wont.' },
  { name: 'departments', field: 'departments', type: 'array', description: 'The departments the need belongs to.' },
  { name: 'as_a', field: 'as', type: 'string', description: 'The user who has the need (GDS form: As a …).' },
  { name: 'i_need', field: 'need', type: 'string', description: 'What the user needs (GDS form: I need …).' },
  { name: 'so_that', field: 'so-that', type: 'string', description: 'Why the user needs it (GDS form: so that …).' },
  { name: 'pain_points', field: 'pain-points', type: 'array', description: 'Pain points behind the need.' },
  { name: 'opportunities', field: 'opportunities', type: 'array', description: 'Opportunities the need opens.' },
  { name: 'source', field: 'source', type: 'string', description: 'Where the need came from.' },
  { name: 'req_type', field: 'type', type: 'string', description: 'functional or non-functional.' },
  { name: 'category', field: 'category', type: 'string', description: 'The requirement category.' },
  { name: 'acceptance', field: 'acceptance', type: 'array', description: 'Acceptance criteria.' },
  { name: 'verification', field: 'verification', type: 'string', description: 'How the requirement is verified: test, inspection, demonstration or analysis.' },
  { name: 'waiver', field: 'waiver', type: 'string', description: 'Why no ITT clause needs to ask for the requirement (a justified gap).' },
  { name: 'response', field: 'response', type: 'string', description: 'How bidders answer the clause: scored, pass-fail or information.' },
  { name: 'weighting', field: 'weighting', type: 'integer', description: 'The weighting of a scored clause (0-100).' },
  { name: 'notes', field: 'notes', type: 'string', description: 'Notes for authors.' },
  { name: 'silence', field: 'silence', type: 'string', description: 'The rules the item is not checked by, one "code: reason" line each.' },
  { name: 'fingerprint', field: 'fingerprint', type: 'string', description: "The item's fingerprint now: the hash of its meaning-bearing fields that stamps record." },
  { name: 'reviewed', field: 'reviewed', type: 'string', description: 'The fingerprint the item had when it was last reviewed.' },
  { name: 'link_stamps', field: 'link-stamps', type: 'string', description: "The item's stamped links as written (UN-HR-001@3f9a2c1d7e), space-separated: each records the fingerprint its target had when the link was last reviewed." },
];

const LINK_DESCRIPTIONS: Record<LinkField, string> = {
  satisfies: 'The user needs this requirement meets.',
  covers: 'The requirements this ITT clause asks bidders for.',
  parent: 'The requirement this one refines.',
};

/** The version the needs are filed under when --needs-version is not given. */
export const DEFAULT_NEEDS_VERSION = '1.0';

export const needsJson: TextExporter<'items'> = {
  name: 'needs',
  kind: 'exchange',
  summary: 'the items as a sphinx-needs needs.json, for needs_external_needs or needimport',
  extension: 'json',
  mediaType: 'application/json',
  needs: ['items'],
  options: [
    { name: 'project', type: 'string', summary: 'the project name in needs.json (default: the workspace folder name)', commandLine: true },
    { name: 'needs-version', type: 'string', summary: `the version the needs are filed under (default ${DEFAULT_NEEDS_VERSION})`, commandLine: true },
  ],
  relativeTo: 'cwd',
  recordsGit: false,
  writes: 'text',
  render({ items }, context, options) {
    const project = typeof options.project === 'string' && options.project !== '' ? options.project : context.title;
    const version = typeof options['needs-version'] === 'string' && options['needs-version'] !== '' ? options['needs-version'] : DEFAULT_NEEDS_VERSION;
    return `${JSON.stringify(sortKeys(renderNeedsJson(items, context, project, version)), null, 2)}\n`;
  },
};

/** The needs.json document (keys in any order: the caller sorts them). */
export function renderNeedsJson(workspace: Workspace, context: Pick<ExportContext, 'pathOf' | 'linesOf' | 'provenance'>, project: string, version: string): Record<string, unknown> {
  const created = pythonIsoTime(context.provenance.generatedAt);
  const needs: Record<string, Record<string, unknown>> = {};
  const back = new Map<string, Map<LinkField, string[]>>();
  const written: { item: Item; need: Record<string, unknown> }[] = [];
  for (const uri of [...workspace.uris].sort()) {
    const file = workspace.file(uri);
    if (!file) continue;
    const values = itemFieldValues(file);
    const path = context.pathOf(uri);
    const suffix = /\.ya?ml$/i.exec(path)?.[0] ?? '';
    const lines = context.linesOf(uri);
    for (const item of file.items) {
      // A duplicate id (an error reqtrace check reports) keeps its first definition: needs are keyed by id.
      if (needs[item.id]) continue;
      const need = needOf(item, values.get(item) ?? {}, path.slice(0, path.length - suffix.length), suffix, humanPosition(lines, item.span.start).line, workspace.context.fingerprint(item));
      needs[item.id] = need;
      written.push({ item, need });
      for (const link of item.links) {
        const lists = back.get(link.to) ?? new Map<LinkField, string[]>();
        back.set(link.to, lists);
        const list = lists.get(link.field) ?? [];
        lists.set(link.field, list);
        if (!list.includes(item.id)) list.push(item.id);
      }
    }
  }
  for (const { item, need } of written) {
    const lists = back.get(item.id);
    for (const field of LINK_TYPES) need[`${field}_back`] = [...(lists?.get(field) ?? [])].sort();
  }
  return {
    created,
    current_version: version,
    project,
    versions: {
      [version]: {
        created,
        creator: { program: 'reqtrace' },
        needs,
        needs_amount: written.length,
        needs_schema: NEEDS_SCHEMA,
      },
    },
  };
}

function needOf(item: Item, fields: Readonly<Record<string, FieldValue>>, docname: string, doctype: string, lineno: number, fingerprint: string): Record<string, unknown> {
  // The extra fields that are not a YAML value as written.
  const computed: Readonly<Record<string, () => string | undefined>> = {
    waiver: () => item.waiverReason,
    silence: () => silenceText(item),
    fingerprint: () => fingerprint,
    reviewed: () => item.reviewed,
    'link-stamps': () => linkStamps(item),
  };
  const need: Record<string, unknown> = {
    id: item.id,
    type: NEED_TYPES[item.kind].type,
    type_name: NEED_TYPES[item.kind].name,
    title: item.title ?? '',
    content: contentOf(item),
    status: item.status,
    tags: textList(fields.tags),
    docname,
    doctype,
    lineno,
    links: [],
    links_back: [],
  };
  for (const field of LINK_TYPES) {
    const own = LINK_FIELDS[item.kind].includes(field);
    need[field] = own ? [...new Set(item.links.filter((link) => link.field === field).map((link) => link.to))] : [];
  }
  for (const extra of EXTRA_FIELDS) {
    const value = computed[extra.field] !== undefined ? computed[extra.field]?.() : extraValue(fields[extra.field], extra.type);
    if (value !== undefined && extraApplies(item.kind, extra.field)) need[extra.name] = value;
  }
  return need;
}

/** The fields each kind has besides the common ones (`need` is a need's own text, `type` a requirement's). */
const KIND_FIELDS: Record<Kind, ReadonlySet<string>> = {
  needs: new Set(['priority', 'departments', 'as', 'need', 'so-that', 'pain-points', 'opportunities', 'source', 'notes', 'silence', 'fingerprint', 'reviewed']),
  requirements: new Set(['priority', 'type', 'category', 'acceptance', 'verification', 'waiver', 'notes', 'silence', 'fingerprint', 'reviewed', 'link-stamps']),
  itt: new Set(['response', 'weighting', 'notes', 'silence', 'fingerprint', 'reviewed', 'link-stamps']),
};

function extraApplies(kind: Kind, field: string): boolean {
  return KIND_FIELDS[kind].has(field);
}

/** The stamped links as written, `UN-HR-001@3f9a2c1d7e`, space-separated (none: undefined). */
function linkStamps(item: Item): string | undefined {
  const stamped = item.links.filter((link) => link.stamp !== undefined).map((link) => `${link.to}@${link.stamp}`);
  return stamped.length > 0 ? stamped.join(' ') : undefined;
}

/** `silence` as text: one "code: reason" line per rule. */
function silenceText(item: Item): string | undefined {
  const entries = Object.entries(item.silenced ?? {});
  return entries.length > 0 ? entries.map(([code, reason]) => `${code}: ${reason}`).join('\n') : undefined;
}

function extraValue(value: FieldValue | undefined, type: JsonType): FieldValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (type === 'array') return Array.isArray(value) ? textList(value) : typeof value === 'object' ? undefined : [String(value)];
  if (type === 'integer') return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
  return typeof value === 'object' ? undefined : String(value);
}

function textList(value: FieldValue | undefined): string[] {
  if (!Array.isArray(value)) return [];
  return (value as readonly FieldValue[]).flatMap((entry) => (entry === null || typeof entry === 'object' ? [] : [String(entry)]));
}

/** The item's text; a need's is its GDS sentence, "As a …, I need … so that …", as the hover shows it. */
function contentOf(item: Item): string {
  if (item.kind !== 'needs') return item.text ?? '';
  const soThat = item.soThat?.replace(/^so that\s+/i, '');
  const sentence = [item.as && `As ${item.as},`, item.text, soThat && `so that ${soThat}`].filter((part): part is string => Boolean(part)).join(' ');
  return sentence === '' || /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** Python's datetime.isoformat() of an aware UTC time, as sphinx-needs writes `created` (whole seconds). */
function pythonIsoTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+00:00`;
}

/** The JSON schema of one need, with sphinx-needs' `field_type` on each field (core, links, backlinks or extra). */
const NEEDS_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    id: { type: 'string', description: 'ID of the data.', field_type: 'core' },
    type: { type: 'string', description: 'Type of the need: need, req or itt.', field_type: 'core' },
    type_name: { type: 'string', description: 'Name of the type of the need.', field_type: 'core' },
    title: { type: 'string', description: 'Title of the need.', field_type: 'core' },
    content: { type: 'string', description: 'The statement, the need in GDS form or the clause text.', field_type: 'core' },
    status: { type: ['string', 'null'], default: null, description: 'draft, proposed, agreed or withdrawn.', field_type: 'core' },
    tags: { type: 'array', items: { type: 'string' }, default: [], description: 'Tags for the need.', field_type: 'core' },
    docname: { type: ['string', 'null'], default: null, description: 'The requirement file, without its extension.', field_type: 'core' },
    doctype: { type: 'string', default: '.yaml', description: "The requirement file's extension.", field_type: 'core' },
    lineno: { type: ['integer', 'null'], default: null, description: 'The line the item starts on.', field_type: 'core' },
    links: { type: 'array', items: { type: 'string' }, default: [], description: 'Link field', field_type: 'links' },
    links_back: { type: 'array', items: { type: 'string' }, default: [], description: 'Backlink field', field_type: 'backlinks' },
    ...Object.fromEntries(
      LINK_TYPES.flatMap((field) => [
        [field, { type: 'array', items: { type: 'string' }, default: [], description: LINK_DESCRIPTIONS[field], field_type: 'links' }],
        [`${field}_back`, { type: 'array', items: { type: 'string' }, default: [], description: 'Backlink field', field_type: 'backlinks' }],
      ]),
    ),
    ...Object.fromEntries(
      EXTRA_FIELDS.map((extra) => [
        extra.name,
        extra.type === 'array'
          ? { type: ['array', 'null'], items: { type: 'string' }, default: null, description: extra.description, field_type: 'extra' }
          : { type: [extra.type, 'null'], default: null, description: extra.description, field_type: 'extra' },
      ]),
    ),
  },
};

/** A copy with every object's keys sorted, as Python's json.dump(sort_keys=True) writes them. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}
