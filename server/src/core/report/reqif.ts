/**
 * `export reqif`: the workspace as ReqIF 1.0, the exchange format DOORS, Polarion and ReqIF Studio
 * import. One SPEC-OBJECT-TYPE per kind with an attribute definition for every field of the file
 * format (the standard ReqIF.ForeignID, ReqIF.Name and ReqIF.Text where they apply, the field's own
 * name otherwise), one SPEC-OBJECT per item, one SPEC-RELATION per link whose target exists, one
 * SPECIFICATION per file. Every identifier is made from ids, kinds and field names, and every
 * timestamp is the generation time, so the same files and SOURCE_DATE_EPOCH give the same bytes.
 *
 * The Item model holds only what the checks use; tags, notes, acceptance and the rest are read from
 * each file's YAML tree (the same readers parse.ts uses, once per file), matched to items by where
 * they start. A value that fits no typed attribute (a priority the schema does not know, a weighting
 * of 12.5, a field the format does not have) is kept as YAML in `reqtrace.Unmapped`, and every link
 * is also written as text, so nothing is lost for links whose target does not exist.
 */
import { stringify } from 'yaml';
import type { Workspace } from '../analysis/workspace';
import { LINK_TARGET, type Item, type Kind, type LinkField } from '../model';
import { rootOf } from '../parse/itemValues';
import { fieldValues } from '../parse/schema';
import { valueOf, type Table, type Tree } from '../parse/tree';
import type { BytesExporter, ExportContext } from './exporter';
import { escapeAttribute, escapeText, idPart, XmlOut, xmlDateTime } from './reqifXml';

export const REQIF_NAMESPACE = 'http://www.omg.org/spec/ReqIF/20110401/reqif.xsd';
export const XHTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';

/**
 * How a field is written. string: ATTRIBUTE-VALUE-STRING; text: XHTML, line breaks as <br/>;
 * list: XHTML, one <li> per entry; enum / enums: an enumeration, one value or several; integer;
 * links: the ids as written, joined by ", " (the relations carry the links whose target exists).
 */
type Shape = 'string' | 'text' | 'list' | 'enum' | 'enums' | 'integer' | 'links';

interface AttributeSpec {
  /** The LONG-NAME: a standard ReqIF name, else the field's name in the file format. */
  readonly name: string;
  /** The YAML key it is read from. */
  readonly field: string;
  readonly shape: Shape;
  readonly desc: string;
}

const FOREIGN_ID: AttributeSpec = { name: 'ReqIF.ForeignID', field: 'id', shape: 'string', desc: 'The item id (id).' };
const NAME: AttributeSpec = { name: 'ReqIF.Name', field: 'title', shape: 'string', desc: 'The title (title).' };
const COMMON_END: readonly AttributeSpec[] = [
  { name: 'status', field: 'status', shape: 'enum', desc: 'draft, proposed, agreed or withdrawn; draft when not written.' },
  { name: 'tags', field: 'tags', shape: 'enums', desc: 'Free labels.' },
  { name: 'notes', field: 'notes', shape: 'string', desc: 'Notes for authors; not part of the item.' },
];
/** Where a value that fits no typed attribute is kept, as YAML (`field: value` lines). */
export const UNMAPPED = 'reqtrace.Unmapped';
const UNMAPPED_SPEC: AttributeSpec = { name: UNMAPPED, field: '(unmapped)', shape: 'string', desc: 'Fields whose values fit no typed attribute (not in the format, or not valid), as YAML.' };
/** The needs' ReqIF.Text is made from three fields: it has no field of its own. */
const NEED_SENTENCE = '(as, need, so-that)';

const KIND_ATTRIBUTES: Record<Kind, readonly AttributeSpec[]> = {
  needs: [
    FOREIGN_ID,
    NAME,
    { name: 'ReqIF.Text', field: NEED_SENTENCE, shape: 'text', desc: 'As a (as), I need (need) so that (so-that), in one sentence.' },
    { name: 'as', field: 'as', shape: 'string', desc: "The user group: 'As a ...'." },
    { name: 'need', field: 'need', shape: 'string', desc: "What they need: 'I need to ...'." },
    { name: 'so-that', field: 'so-that', shape: 'string', desc: "Why: 'so that ...'." },
    { name: 'departments', field: 'departments', shape: 'enums', desc: 'Departments that hold this need.' },
    { name: 'priority', field: 'priority', shape: 'enum', desc: 'MoSCoW priority.' },
    { name: 'pain-points', field: 'pain-points', shape: 'list', desc: 'What goes wrong for these users today.' },
    { name: 'opportunities', field: 'opportunities', shape: 'list', desc: 'Service-improvement opportunities.' },
    { name: 'source', field: 'source', shape: 'string', desc: 'Where the need came from.' },
    ...COMMON_END,
    UNMAPPED_SPEC,
  ],
  requirements: [
    FOREIGN_ID,
    NAME,
    { name: 'ReqIF.Text', field: 'statement', shape: 'text', desc: 'The requirement itself (statement).' },
    { name: 'type', field: 'type', shape: 'enum', desc: 'functional or non-functional.' },
    { name: 'category', field: 'category', shape: 'string', desc: 'Free text, e.g. hr, finance, security.' },
    { name: 'priority', field: 'priority', shape: 'enum', desc: 'MoSCoW priority.' },
    { name: 'satisfies', field: 'satisfies', shape: 'links', desc: 'Ids of the needs this requirement meets, as written, joined by ", ".' },
    { name: 'parent', field: 'parent', shape: 'links', desc: 'Id of the requirement this one refines, as written.' },
    { name: 'acceptance', field: 'acceptance', shape: 'list', desc: 'Acceptance criteria, one list entry each.' },
    { name: 'verification', field: 'verification', shape: 'enum', desc: 'How the requirement will be verified.' },
    { name: 'waiver.reason', field: 'waiver', shape: 'string', desc: 'Why no ITT clause needs to ask for this requirement (waiver: {reason}).' },
    ...COMMON_END,
    UNMAPPED_SPEC,
  ],
  itt: [
    FOREIGN_ID,
    NAME,
    { name: 'ReqIF.Text', field: 'text', shape: 'text', desc: 'The question or instruction put to bidders (text).' },
    { name: 'response', field: 'response', shape: 'enum', desc: 'scored, pass-fail or information.' },
    { name: 'weighting', field: 'weighting', shape: 'integer', desc: 'Weighting (0-100) of a scored clause.' },
    { name: 'covers', field: 'covers', shape: 'links', desc: 'Ids of the requirements this clause asks bidders for, as written, joined by ", ".' },
    ...COMMON_END,
    UNMAPPED_SPEC,
  ],
};

const KIND_TYPE_NAMES: Record<Kind, string> = { needs: 'User need', requirements: 'Requirement', itt: 'ITT clause' };
const LINK_FIELD_ORDER: readonly LinkField[] = ['satisfies', 'parent', 'covers'];
const LINK_DESCRIPTIONS: Record<LinkField, string> = {
  satisfies: 'A requirement (source) satisfies a user need (target).',
  parent: 'A requirement (source) refines its parent requirement (target).',
  covers: 'An ITT clause (source) covers a requirement (target).',
};
/** Enumerations whose values come from the schema; tags and departments take theirs from the files. */
const SCHEMA_ENUMS: readonly string[] = ['status', 'priority', 'type', 'verification', 'response'];
const DATA_ENUMS: readonly string[] = ['tags', 'departments'];
const SCHEMA_ENUM_KIND: Record<string, Kind> = { status: 'needs', priority: 'needs', type: 'requirements', verification: 'requirements', response: 'itt' };

/** Identifiers: every one starts `reqtrace-`, then what it names, as the README lists. */
export const REQIF_IDS = {
  header: 'reqtrace-header',
  string: 'reqtrace-dt-string',
  xhtml: 'reqtrace-dt-xhtml',
  weighting: 'reqtrace-dt-weighting',
  enumType: (field: string) => `reqtrace-dt-enum-${field}`,
  enumValue: (field: string, value: string) => `reqtrace-ev-${field}-${idPart(value)}`,
  objectType: (kind: Kind) => `reqtrace-type-${kind}`,
  fileType: 'reqtrace-type-file',
  attribute: (owner: Kind | 'file', name: string) => `reqtrace-ad-${owner}-${idPart(name)}`,
  relationType: (field: LinkField) => `reqtrace-rt-${field}`,
  object: (id: string) => `reqtrace-obj-${idPart(id)}`,
  relation: (source: string, field: LinkField, target: string) => `reqtrace-rel-${source.slice('reqtrace-obj-'.length)}__${field}__${target.slice('reqtrace-obj-'.length)}`,
  hierarchy: (object: string) => `reqtrace-sh-${object.slice('reqtrace-obj-'.length)}`,
  specification: (path: string) => `reqtrace-spec-${idPart(path)}`,
} as const;

const MAX_STRING = 2147483647;

export const reqifExport: BytesExporter<'items'> = {
  name: 'reqif',
  kind: 'exchange',
  summary: 'ReqIF 1.0 for DOORS, Polarion and ReqIF Studio: every item with all its fields, links as relations, a specification per file',
  extension: 'reqif',
  mediaType: 'application/xml',
  needs: ['items'],
  options: [],
  relativeTo: 'output',
  recordsGit: false,
  writes: 'bytes',
  render: ({ items }, context) => Promise.resolve(renderReqif(items, context)),
};

/** One file and its items, each with its object identifier (a repeated id gets `_dup2`, `_dup3`…), in file order. */
interface FileEntry {
  readonly uri: string;
  readonly path: string;
  readonly kind: Kind | undefined;
  readonly text: string;
  readonly items: readonly { readonly item: Item; readonly object: string }[];
}

/** The ReqIF file as UTF-8 bytes. */
export function renderReqif(workspace: Workspace, context: Pick<ExportContext, 'title' | 'provenance'>): Uint8Array {
  const when = xmlDateTime(context.provenance.generatedAt);
  const files = listFiles(workspace);
  // The first item with an id and kind is the target of links to it (a duplicate id is a finding of its own).
  const targets = new Map<string, string>();
  for (const file of files) for (const { item, object } of file.items) if (!targets.has(`${item.kind}\0${item.id}`)) targets.set(`${item.kind}\0${item.id}`, object);
  const itemCount = files.reduce((sum, file) => sum + file.items.length, 0);

  // One file at a time, its YAML tree dropped once its objects are written: the tags and
  // departments seen are gathered meanwhile for their enumerations, which come first in the file.
  const dataValues = new Map<string, Set<string>>(DATA_ENUMS.map((field) => [field, new Set<string>()]));
  const objects = new XmlOut();
  const specifications = new XmlOut();
  const specificationIds = new Set<string>();
  for (const file of files) {
    const root = file.items.length > 0 ? rootOf(file.text) : undefined;
    const entries = new Map<number, Table>();
    const list = valueOf(root, 'items');
    if (list?.type === 'seq') for (const entry of list.items) if (entry?.type === 'map') entries.set(entry.start, entry);
    for (const { item, object } of file.items) objects.raw(objectXml(when, item, object, fieldsOf(entries.get(item.span.start)), dataValues));
    writeSpecification(specifications, when, file, scalarText(valueOf(root, 'title')), fileFields(root), specificationIds);
  }

  const out = new XmlOut();
  out.raw('<?xml version="1.0" encoding="UTF-8"?>\n');
  out.open('', 'REQ-IF', { xmlns: REQIF_NAMESPACE, 'xmlns:xhtml': XHTML_NAMESPACE });
  out.open('  ', 'THE-HEADER');
  out.open('    ', 'REQ-IF-HEADER', { IDENTIFIER: REQIF_IDS.header });
  out.element('      ', 'COMMENT', `Exported by reqtrace: ${itemCount} items from ${files.length} files.`);
  out.element('      ', 'CREATION-TIME', when);
  out.element('      ', 'REQ-IF-TOOL-ID', 'reqtrace');
  out.element('      ', 'REQ-IF-VERSION', '1.0');
  out.element('      ', 'SOURCE-TOOL-ID', 'reqtrace');
  out.element('      ', 'TITLE', context.title);
  out.close('    ', 'REQ-IF-HEADER');
  out.close('  ', 'THE-HEADER');
  out.open('  ', 'CORE-CONTENT');
  out.open('    ', 'REQ-IF-CONTENT');
  writeDatatypes(out, when, new Map([...dataValues].map(([field, values]) => [field, [...values].sort()])));
  writeSpecTypes(out, when);
  out.open('      ', 'SPEC-OBJECTS');
  out.append(objects);
  out.close('      ', 'SPEC-OBJECTS');
  writeRelations(out, when, files, targets);
  out.open('      ', 'SPECIFICATIONS');
  out.append(specifications);
  out.close('      ', 'SPECIFICATIONS');
  out.close('    ', 'REQ-IF-CONTENT');
  out.close('  ', 'CORE-CONTENT');
  out.close('', 'REQ-IF');
  return out.bytes();
}

/** Every file in path order (paths relative to the folder that holds them all). */
function listFiles(workspace: Workspace): FileEntry[] {
  const uris = [...workspace.uris].sort();
  const base = commonFolder(uris);
  const taken = new Set<string>();
  return uris.map((uri) => {
    const parsed = workspace.file(uri);
    const items = parsed?.items ?? [];
    return { uri, path: decodePath(uri.slice(base.length)), kind: parsed?.kind, text: parsed?.text ?? '', items: items.map((item) => ({ item, object: unique(REQIF_IDS.object(item.id), taken) })) };
  });
}

/** A mapping's fields, a key written twice counting as its last value (as extractItems reads it). */
function fieldsOf(entry: Table | undefined): Map<string, Tree | undefined> {
  const fields = new Map<string, Tree | undefined>();
  if (entry) for (const [i, key] of entry.keys.entries()) if (key !== undefined) fields.set(key, entry.values[i]);
  return fields;
}

function unique(identifier: string, taken: Set<string>): string {
  let candidate = identifier;
  for (let n = 2; taken.has(candidate); n++) candidate = `${identifier}_dup${n}`;
  taken.add(candidate);
  return candidate;
}

/** The folder every URI is in (with its final '/'). */
function commonFolder(uris: readonly string[]): string {
  const first = uris[0];
  if (first === undefined) return '';
  let prefix = first.slice(0, first.lastIndexOf('/') + 1);
  for (const uri of uris) while (!uri.startsWith(prefix)) prefix = prefix.slice(0, prefix.lastIndexOf('/', prefix.length - 2) + 1);
  return prefix;
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function enumValues(field: string, dataValues: ReadonlyMap<string, readonly string[]>): readonly string[] {
  return dataValues.get(field) ?? fieldValues(SCHEMA_ENUM_KIND[field] ?? 'needs', field) ?? [];
}

function writeDatatypes(out: XmlOut, when: string, dataValues: ReadonlyMap<string, readonly string[]>): void {
  out.open('      ', 'DATATYPES');
  out.open('        ', 'DATATYPE-DEFINITION-STRING', { IDENTIFIER: REQIF_IDS.string, 'LAST-CHANGE': when, 'LONG-NAME': 'reqtrace text', 'MAX-LENGTH': String(MAX_STRING) }, true);
  out.open('        ', 'DATATYPE-DEFINITION-XHTML', { IDENTIFIER: REQIF_IDS.xhtml, 'LAST-CHANGE': when, 'LONG-NAME': 'reqtrace formatted text' }, true);
  out.open('        ', 'DATATYPE-DEFINITION-INTEGER', { IDENTIFIER: REQIF_IDS.weighting, 'LAST-CHANGE': when, 'LONG-NAME': 'weighting (0-100)', MAX: '100', MIN: '0' }, true);
  for (const field of [...SCHEMA_ENUMS, ...DATA_ENUMS]) {
    out.open('        ', 'DATATYPE-DEFINITION-ENUMERATION', { IDENTIFIER: REQIF_IDS.enumType(field), 'LAST-CHANGE': when, 'LONG-NAME': field });
    const values = enumValues(field, dataValues);
    if (values.length > 0) {
      out.open('          ', 'SPECIFIED-VALUES');
      for (const [key, value] of values.entries()) {
        out.open('            ', 'ENUM-VALUE', { IDENTIFIER: REQIF_IDS.enumValue(field, value), 'LAST-CHANGE': when, 'LONG-NAME': value });
        out.open('              ', 'PROPERTIES');
        out.open('                ', 'EMBEDDED-VALUE', { KEY: String(key), 'OTHER-CONTENT': value }, true);
        out.close('              ', 'PROPERTIES');
        out.close('            ', 'ENUM-VALUE');
      }
      out.close('          ', 'SPECIFIED-VALUES');
    }
    out.close('        ', 'DATATYPE-DEFINITION-ENUMERATION');
  }
  out.close('      ', 'DATATYPES');
}

const DEFINITION_ELEMENT: Record<Shape, { element: string; datatype: (field: string) => string; ref: string }> = {
  string: { element: 'STRING', datatype: () => REQIF_IDS.string, ref: 'DATATYPE-DEFINITION-STRING-REF' },
  links: { element: 'STRING', datatype: () => REQIF_IDS.string, ref: 'DATATYPE-DEFINITION-STRING-REF' },
  text: { element: 'XHTML', datatype: () => REQIF_IDS.xhtml, ref: 'DATATYPE-DEFINITION-XHTML-REF' },
  list: { element: 'XHTML', datatype: () => REQIF_IDS.xhtml, ref: 'DATATYPE-DEFINITION-XHTML-REF' },
  enum: { element: 'ENUMERATION', datatype: REQIF_IDS.enumType, ref: 'DATATYPE-DEFINITION-ENUMERATION-REF' },
  enums: { element: 'ENUMERATION', datatype: REQIF_IDS.enumType, ref: 'DATATYPE-DEFINITION-ENUMERATION-REF' },
  integer: { element: 'INTEGER', datatype: () => REQIF_IDS.weighting, ref: 'DATATYPE-DEFINITION-INTEGER-REF' },
};

function writeSpecTypes(out: XmlOut, when: string): void {
  out.open('      ', 'SPEC-TYPES');
  for (const kind of ['needs', 'requirements', 'itt'] as const) {
    out.open('        ', 'SPEC-OBJECT-TYPE', { DESC: `reqtrace ${kind} items`, IDENTIFIER: REQIF_IDS.objectType(kind), 'LAST-CHANGE': when, 'LONG-NAME': KIND_TYPE_NAMES[kind] });
    out.open('          ', 'SPEC-ATTRIBUTES');
    for (const spec of KIND_ATTRIBUTES[kind]) writeDefinition(out, when, kind, spec);
    out.close('          ', 'SPEC-ATTRIBUTES');
    out.close('        ', 'SPEC-OBJECT-TYPE');
  }
  for (const field of LINK_FIELD_ORDER) {
    out.open('        ', 'SPEC-RELATION-TYPE', { DESC: LINK_DESCRIPTIONS[field], IDENTIFIER: REQIF_IDS.relationType(field), 'LAST-CHANGE': when, 'LONG-NAME': field }, true);
  }
  out.open('        ', 'SPECIFICATION-TYPE', { DESC: 'A reqtrace file', IDENTIFIER: REQIF_IDS.fileType, 'LAST-CHANGE': when, 'LONG-NAME': 'reqtrace file' });
  out.open('          ', 'SPEC-ATTRIBUTES');
  for (const [name, desc] of FILE_ATTRIBUTES) writeDefinition(out, when, 'file', { name, field: name, shape: 'string', desc });
  out.close('          ', 'SPEC-ATTRIBUTES');
  out.close('        ', 'SPECIFICATION-TYPE');
  out.close('      ', 'SPEC-TYPES');
}

const FILE_ATTRIBUTES: readonly (readonly [string, string])[] = [
  ['ReqIF.Name', "The file's title, when it has one."],
  ['reqtrace.File', "The file's path, relative to the folder that holds every exported file."],
  ['reqtrace.Kind', 'needs, requirements or itt.'],
  [UNMAPPED, "The file's other fields (an ITT file's section, weighting-budget and section-weight), as YAML."],
];

/** The file's own fields besides kind, title and items, as YAML for reqtrace.Unmapped; undefined when it has none. */
function fileFields(root: Tree | undefined): string | undefined {
  if (root?.type !== 'map') return undefined;
  const fields: Record<string, unknown> = {};
  for (const [i, key] of root.keys.entries()) if (key !== undefined && !['kind', 'title', 'items'].includes(key)) fields[key] = plain(root.values[i]);
  return Object.keys(fields).length > 0 ? stringify(fields, { lineWidth: 0 }) : undefined;
}

function writeDefinition(out: XmlOut, when: string, owner: Kind | 'file', spec: AttributeSpec): void {
  const shape = DEFINITION_ELEMENT[spec.shape];
  const element = `ATTRIBUTE-DEFINITION-${shape.element}`;
  const identifier = REQIF_IDS.attribute(owner, spec.name);
  const attributes = { DESC: spec.desc, IDENTIFIER: identifier, 'LAST-CHANGE': when, 'LONG-NAME': spec.name, ...(shape.element === 'ENUMERATION' && { 'MULTI-VALUED': String(spec.shape === 'enums') }) };
  out.open('            ', element, attributes);
  if (spec.field === 'status') {
    // Not written means draft: the default says so, and the value is written only where the file writes it.
    out.open('              ', 'DEFAULT-VALUE');
    out.open('                ', 'ATTRIBUTE-VALUE-ENUMERATION');
    out.raw(`                  <DEFINITION><ATTRIBUTE-DEFINITION-ENUMERATION-REF>${identifier}</ATTRIBUTE-DEFINITION-ENUMERATION-REF></DEFINITION>\n`);
    out.raw(`                  <VALUES><ENUM-VALUE-REF>${REQIF_IDS.enumValue('status', 'draft')}</ENUM-VALUE-REF></VALUES>\n`);
    out.close('                ', 'ATTRIBUTE-VALUE-ENUMERATION');
    out.close('              ', 'DEFAULT-VALUE');
  }
  out.raw(`              <TYPE><${shape.ref}>${shape.datatype(spec.field)}</${shape.ref}></TYPE>\n`);
  out.close('            ', element);
}

/** A list of strings, or undefined when the value is not one. */
function stringList(node: Tree | undefined): string[] | undefined {
  if (node?.type !== 'seq') return undefined;
  const values: string[] = [];
  for (const entry of node.items) {
    if (entry?.type !== 'scalar' || typeof entry.value !== 'string') return undefined;
    values.push(entry.value);
  }
  return values;
}

/** A scalar as text (a number or true written where text belongs is still its text); undefined for anything else. */
function scalarText(node: Tree | undefined): string | undefined {
  const value = node?.type === 'scalar' ? node.value : undefined;
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' ? String(value) : undefined;
}

/** The plain value of a tree, for `reqtrace.Unmapped`. */
function plain(node: Tree | undefined): unknown {
  if (!node) return null;
  if (node.type === 'scalar') return node.value;
  if (node.type === 'seq') return node.items.map(plain);
  const value: Record<string, unknown> = {};
  for (const [i, key] of node.keys.entries()) value[key ?? `(key at ${String(node.keyStarts[i])})`] = plain(node.values[i]);
  return value;
}

/** Text as one XHTML paragraph, each line break a <br/>: the text reads back exactly. */
function xhtmlLines(text: string): string {
  return text.split('\n').map(escapeText).join('<xhtml:br/>');
}

function needSentence(fields: ReadonlyMap<string, Tree | undefined>): string | undefined {
  const [as, need, soThat] = ['as', 'need', 'so-that'].map((field) => scalarText(fields.get(field)));
  if (as === undefined && need === undefined && soThat === undefined) return undefined;
  const sentence = [as === undefined ? undefined : `As ${as},`, need, soThat].filter((part) => part !== undefined).join(' ');
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

const SCHEMA_VALUES: ReadonlyMap<string, ReadonlySet<string>> = new Map(SCHEMA_ENUMS.map((field) => [field, new Set(enumValues(field, new Map()))]));

/** One SPEC-OBJECT; the tags and departments it uses are added to `dataValues`. */
function objectXml(when: string, item: Item, object: string, fields: ReadonlyMap<string, Tree | undefined>, dataValues: ReadonlyMap<string, Set<string>>): string {
  const used = new Set<string>(['id']);
  const unmapped: Record<string, unknown> = {};
  let xml = `        <SPEC-OBJECT IDENTIFIER="${object}" LAST-CHANGE="${when}" LONG-NAME="${escapeAttribute(item.id)}">\n          <VALUES>\n`;
  for (const spec of KIND_ATTRIBUTES[item.kind]) {
    const definition = REQIF_IDS.attribute(item.kind, spec.name);
    if (spec.field === 'id') xml += stringValue(definition, item.id);
    else if (spec.field === NEED_SENTENCE) {
      const sentence = needSentence(fields);
      if (sentence !== undefined) xml += xhtmlValue(definition, `<xhtml:p>${xhtmlLines(sentence)}</xhtml:p>`);
    } else if (spec !== UNMAPPED_SPEC) {
      used.add(spec.field);
      if (!fields.has(spec.field)) continue;
      const node = fields.get(spec.field);
      const value = valueXml(definition, spec, node, dataValues);
      if (value === undefined) unmapped[spec.field] = plain(node);
      else xml += value;
    }
  }
  for (const [key, node] of fields) if (!used.has(key)) unmapped[key] = plain(node);
  if (Object.keys(unmapped).length > 0) xml += stringValue(REQIF_IDS.attribute(item.kind, UNMAPPED), stringify(unmapped, { lineWidth: 0 }));
  return `${xml}          </VALUES>\n          <TYPE><SPEC-OBJECT-TYPE-REF>${REQIF_IDS.objectType(item.kind)}</SPEC-OBJECT-TYPE-REF></TYPE>\n        </SPEC-OBJECT>\n`;
}

/** A field's value as its attribute; undefined when the value does not fit it (then it goes to reqtrace.Unmapped). */
function valueXml(definition: string, spec: AttributeSpec, node: Tree | undefined, dataValues: ReadonlyMap<string, Set<string>>): string | undefined {
  switch (spec.shape) {
    case 'string': {
      const text = spec.field === 'waiver' ? waiverReason(node) : scalarText(node);
      return text === undefined ? undefined : stringValue(definition, text);
    }
    case 'text': {
      const text = scalarText(node);
      return text === undefined ? undefined : xhtmlValue(definition, `<xhtml:p>${xhtmlLines(text)}</xhtml:p>`);
    }
    case 'list': {
      const entries = stringList(node);
      if (entries === undefined) return undefined;
      return entries.length === 0 ? '' : xhtmlValue(definition, `<xhtml:ul>${entries.map((entry) => `<xhtml:li>${xhtmlLines(entry)}</xhtml:li>`).join('')}</xhtml:ul>`);
    }
    case 'links': {
      const ids = node?.type === 'seq' ? stringList(node) : node?.type === 'scalar' && typeof node.value === 'string' ? [node.value] : undefined;
      if (ids === undefined) return undefined;
      return ids.length === 0 ? '' : stringValue(definition, ids.join(', '));
    }
    case 'integer': {
      const value = node?.type === 'scalar' ? node.value : undefined;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100) return undefined;
      return `            <ATTRIBUTE-VALUE-INTEGER THE-VALUE="${value}"><DEFINITION><ATTRIBUTE-DEFINITION-INTEGER-REF>${definition}</ATTRIBUTE-DEFINITION-INTEGER-REF></DEFINITION></ATTRIBUTE-VALUE-INTEGER>\n`;
    }
    case 'enum':
    case 'enums': {
      const values = spec.shape === 'enum' ? (node?.type === 'scalar' && typeof node.value === 'string' ? [node.value] : undefined) : stringList(node);
      if (values === undefined) return undefined;
      const seen = dataValues.get(spec.field);
      if (seen) for (const value of values) seen.add(value);
      else if (values.some((value) => !SCHEMA_VALUES.get(spec.field)?.has(value))) return undefined;
      const refs = values.map((value) => `<ENUM-VALUE-REF>${REQIF_IDS.enumValue(spec.field, value)}</ENUM-VALUE-REF>`).join('');
      return `            <ATTRIBUTE-VALUE-ENUMERATION><DEFINITION><ATTRIBUTE-DEFINITION-ENUMERATION-REF>${definition}</ATTRIBUTE-DEFINITION-ENUMERATION-REF></DEFINITION><VALUES>${refs}</VALUES></ATTRIBUTE-VALUE-ENUMERATION>\n`;
    }
  }
}

function waiverReason(node: Tree | undefined): string | undefined {
  if (node?.type !== 'map' || node.keys.length !== 1) return undefined;
  return scalarText(valueOf(node, 'reason'));
}

function stringValue(definition: string, value: string): string {
  return `            <ATTRIBUTE-VALUE-STRING THE-VALUE="${escapeAttribute(value)}"><DEFINITION><ATTRIBUTE-DEFINITION-STRING-REF>${definition}</ATTRIBUTE-DEFINITION-STRING-REF></DEFINITION></ATTRIBUTE-VALUE-STRING>\n`;
}

/** An XHTML value: `content` is markup already escaped, inside one xhtml:div. */
function xhtmlValue(definition: string, content: string): string {
  return `            <ATTRIBUTE-VALUE-XHTML><THE-VALUE><xhtml:div>${content}</xhtml:div></THE-VALUE><DEFINITION><ATTRIBUTE-DEFINITION-XHTML-REF>${definition}</ATTRIBUTE-DEFINITION-XHTML-REF></DEFINITION></ATTRIBUTE-VALUE-XHTML>\n`;
}

function writeRelations(out: XmlOut, when: string, files: readonly FileEntry[], targets: ReadonlyMap<string, string>): void {
  const taken = new Set<string>();
  out.open('      ', 'SPEC-RELATIONS');
  for (const file of files) {
    for (const { item, object } of file.items) {
      for (const link of item.links) {
        const target = targets.get(`${LINK_TARGET[link.field]}\0${link.to}`);
        if (target === undefined) continue;
        const identifier = unique(REQIF_IDS.relation(object, link.field, target), taken);
        out.raw(
          `        <SPEC-RELATION IDENTIFIER="${identifier}" LAST-CHANGE="${when}"><SOURCE><SPEC-OBJECT-REF>${object}</SPEC-OBJECT-REF></SOURCE><TARGET><SPEC-OBJECT-REF>${target}</SPEC-OBJECT-REF></TARGET><TYPE><SPEC-RELATION-TYPE-REF>${REQIF_IDS.relationType(link.field)}</SPEC-RELATION-TYPE-REF></TYPE></SPEC-RELATION>\n`,
        );
      }
    }
  }
  out.close('      ', 'SPEC-RELATIONS');
}

function writeSpecification(out: XmlOut, when: string, file: FileEntry, title: string | undefined, fields: string | undefined, taken: Set<string>): void {
  const name = title ?? file.path.slice(file.path.lastIndexOf('/') + 1);
  out.open('        ', 'SPECIFICATION', { IDENTIFIER: unique(REQIF_IDS.specification(file.path), taken), 'LAST-CHANGE': when, 'LONG-NAME': name });
  out.raw('          <VALUES>\n');
  if (title !== undefined) out.raw(stringValue(REQIF_IDS.attribute('file', 'ReqIF.Name'), title));
  out.raw(stringValue(REQIF_IDS.attribute('file', 'reqtrace.File'), file.path));
  if (file.kind) out.raw(stringValue(REQIF_IDS.attribute('file', 'reqtrace.Kind'), file.kind));
  if (fields !== undefined) out.raw(stringValue(REQIF_IDS.attribute('file', UNMAPPED), fields));
  out.raw('          </VALUES>\n');
  if (file.items.length > 0) {
    out.raw('          <CHILDREN>\n');
    for (const { object } of file.items) {
      out.raw(`            <SPEC-HIERARCHY IDENTIFIER="${REQIF_IDS.hierarchy(object)}" LAST-CHANGE="${when}"><OBJECT><SPEC-OBJECT-REF>${object}</SPEC-OBJECT-REF></OBJECT></SPEC-HIERARCHY>\n`);
    }
    out.raw('          </CHILDREN>\n');
  }
  out.raw(`          <TYPE><SPECIFICATION-TYPE-REF>${REQIF_IDS.fileType}</SPECIFICATION-TYPE-REF></TYPE>\n`);
  out.close('        ', 'SPECIFICATION');
}
