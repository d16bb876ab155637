/**
 * The bytes of a ReqIF file read into plain data: datatypes, spec types, spec objects with their
 * attribute values, relations and the specifications' hierarchies. Nothing is trusted: the file
 * must be UTF-8 (a BOM is allowed); a DOCTYPE or an entity declaration is refused before any XML
 * is read, so nothing can be expanded or fetched; the XML must be well-formed; and what is built is
 * bounded (elements, nesting, objects, relations). The XML itself is read by ./reqifScan.ts, which
 * says why it is not fast-xml-parser. Within those bounds the reader keeps what it can of a file
 * that does not follow the schema (real exports often do not), and counts what it could not read
 * in `problems` instead of stopping.
 */
import { ImportRefusal } from './importer';
import { decodeXmlText } from './reqifText';
import { scanXml, XmlError, type XmlNode } from './reqifScan';

/** The most elements a file may have: a 10,000-item export has about 200,000. */
export const MAX_ELEMENTS = 5_000_000;
/** The most spec objects and relations read from one file. */
export const MAX_OBJECTS = 200_000;
export const MAX_RELATIONS = 1_000_000;
/** How deep elements may nest: about 95 levels of SPEC-HIERARCHY. */
export const MAX_DEPTH = 200;

/** One attribute value of a spec object, as written: text (decoded), raw XHTML, or enumeration value ids. */
export interface ReqifValue {
  /** The attribute definition's IDENTIFIER. */
  readonly definition: string;
  readonly text?: string;
  readonly xhtml?: string;
  readonly enumValues?: readonly string[];
  /** True for an attribute definition's DEFAULT-VALUE standing in for a value the object does not write. */
  readonly defaulted?: boolean;
}

export interface ReqifAttributeDefinition {
  readonly id: string;
  readonly name?: string;
  /** What the value is made of: STRING, XHTML, ENUMERATION, INTEGER, REAL, BOOLEAN or DATE. */
  readonly datatype: string;
  readonly defaultValue?: ReqifValue;
}

export interface ReqifSpecType {
  readonly id: string;
  readonly name?: string;
  readonly attributes: readonly string[];
}

export interface ReqifObject {
  readonly id: string;
  readonly longName?: string;
  readonly type?: string;
  readonly values: readonly ReqifValue[];
}

export interface ReqifRelation {
  readonly id: string;
  readonly type?: string;
  readonly source?: string;
  readonly target?: string;
}

export interface ReqifSpecification {
  readonly id: string;
  readonly name?: string;
  readonly values: readonly ReqifValue[];
  /** The objects its hierarchy names, depth first, as written (repeats included). */
  readonly objects: readonly string[];
}

export interface ReqifDocument {
  readonly title?: string;
  readonly attributeDefinitions: ReadonlyMap<string, ReqifAttributeDefinition>;
  /** Every enumeration value of every datatype, by IDENTIFIER: its LONG-NAME, else its KEY. */
  readonly enumValues: ReadonlyMap<string, string>;
  readonly objectTypes: ReadonlyMap<string, ReqifSpecType>;
  readonly relationTypes: ReadonlyMap<string, ReqifSpecType>;
  readonly objects: readonly ReqifObject[];
  readonly relations: readonly ReqifRelation[];
  readonly specifications: readonly ReqifSpecification[];
  /** What could not be read, counted: '3 objects without an IDENTIFIER' and the like, one line each. */
  readonly problems: readonly string[];
}

/** The file's text: UTF-8, with or without a BOM; any other encoding is refused, naming it. */
export function reqifText(bytes: Uint8Array, name: string): string {
  if (bytes.length === 0) throw new ImportRefusal(`'${name}' is empty: it is not a ReqIF file`);
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
    throw new ImportRefusal(`'${name}' is UTF-16: reqtrace reads ReqIF in UTF-8; save or convert it as UTF-8`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportRefusal(`'${name}' is not valid UTF-8: reqtrace reads ReqIF in UTF-8; save or convert it as UTF-8`);
  }
  const declared = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']/.exec(text.slice(0, 512))?.[1];
  if (declared !== undefined && !/^(utf-?8|us-ascii|ascii)$/i.test(declared.trim())) {
    throw new ImportRefusal(`'${name}' says it is encoded in ${declared.slice(0, 40)}: reqtrace reads ReqIF in UTF-8; save or convert it as UTF-8`);
  }
  return text;
}

/**
 * Refuses a document type declaration or an entity declaration anywhere in the text, before any
 * parser sees it: they are how XML external entities (XXE) and entity expansion (billion laughs)
 * attack a reader, and ReqIF needs neither.
 */
export function refuseDeclarations(text: string, name: string): void {
  const declaration = /<!\s*(DOCTYPE|ENTITY)\b/i.exec(text);
  if (declaration) {
    const what = declaration[1]?.toUpperCase() === 'DOCTYPE' ? 'a DOCTYPE' : 'an ENTITY declaration';
    throw new ImportRefusal(`'${name}' has ${what} (line ${lineOf(text, declaration.index)}): reqtrace does not read ReqIF with document types or entities, which can read other files or expand without end`);
  }
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

/** The only XML attributes the reader uses: the rest are checked but never built. */
const KEPT_ATTRIBUTES = new Set(['IDENTIFIER', 'LONG-NAME', 'THE-VALUE', 'KEY', 'OTHER-CONTENT']);
/** XHTML values stay raw text, in their order, for xhtmlToText. */
const RAW_ELEMENTS = new Set(['THE-VALUE', 'THE-ORIGINAL-VALUE']);

/** Reads a ReqIF file; an unsafe, unreadable or non-ReqIF file is refused with one line. */
export function readReqif(bytes: Uint8Array, name: string): ReqifDocument {
  const text = reqifText(bytes, name);
  refuseDeclarations(text, name);
  if (!/^\s*</.test(text)) throw new ImportRefusal(`'${name}' is not XML: a ReqIF file starts with '<?xml' or '<REQ-IF'`);
  const reader = new Reader(name);
  let root: XmlNode;
  try {
    root = scanXml(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, { maxElements: MAX_ELEMENTS, maxDepth: MAX_DEPTH, rawElements: RAW_ELEMENTS, keptAttributes: KEPT_ATTRIBUTES, handOff: reader.handOff });
  } catch (error) {
    if (!(error instanceof XmlError)) throw error;
    if (error.kind === 'limit') throw new ImportRefusal(`'${name}' has ${error.message}: reqtrace does not import it`);
    // A file cut short (a download or copy that stopped) does not end with the root element's end tag.
    const truncated = !/<\/(?:[\w.-]+:)?REQ-IF>\s*(?:<!--[\s\S]*?-->\s*)*$/.test(text.slice(-4096));
    const { line, column } = positionOf(text, error.offset);
    throw new ImportRefusal(`'${name}' is not well-formed XML${truncated ? ' (it does not end with </REQ-IF>: cut short?)' : ''}: line ${line}, column ${column}: ${error.message}`);
  }
  if (root.name !== 'REQ-IF') throw new ImportRefusal(`'${name}' is XML but not ReqIF: its root element is '${root.name}', not 'REQ-IF'`);
  return reader.read(root);
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  const line = lineOf(text, offset);
  return { line, column: offset - text.lastIndexOf('\n', offset - 1) };
}

class Reader {
  private readonly problems = new Map<string, number>();
  private readonly objects: ReqifObject[] = [];
  private readonly relations: ReqifRelation[] = [];
  /**
   * Spec objects and relations are read as each one closes, and their elements let go: the tree
   * of a 10,000-object file is otherwise most of the import's memory and garbage collection.
   */
  readonly handOff = new Map<string, (node: XmlNode, parent: XmlNode) => void>([
    ['SPEC-OBJECT', (node, parent) => this.readObject(node, parent)],
    ['SPEC-RELATION', (node, parent) => this.readRelation(node, parent)],
  ]);
  constructor(private readonly name: string) {}

  private readObject(node: XmlNode, parent: XmlNode): void {
    if (parent.name !== 'SPEC-OBJECTS') return;
    if (this.objects.length === MAX_OBJECTS) throw new ImportRefusal(`'${this.name}' has more than ${MAX_OBJECTS.toLocaleString('en-GB')} spec objects: reqtrace imports up to ${MAX_OBJECTS.toLocaleString('en-GB')} from one file`);
    this.objects.push({ id: attribute(node, 'IDENTIFIER') ?? '', longName: attribute(node, 'LONG-NAME'), type: reference(node.child('TYPE')), values: this.values(node.child('VALUES')) });
  }

  private readRelation(node: XmlNode, parent: XmlNode): void {
    if (parent.name !== 'SPEC-RELATIONS') return;
    if (this.relations.length === MAX_RELATIONS) throw new ImportRefusal(`'${this.name}' has more than ${MAX_RELATIONS.toLocaleString('en-GB')} spec relations: reqtrace imports up to ${MAX_RELATIONS.toLocaleString('en-GB')} from one file`);
    this.relations.push({ id: attribute(node, 'IDENTIFIER') ?? '', type: reference(node.child('TYPE')), source: reference(node.child('SOURCE')), target: reference(node.child('TARGET')) });
  }

  private problem(what: string): void {
    this.problems.set(what, (this.problems.get(what) ?? 0) + 1);
  }

  read(root: XmlNode): ReqifDocument {
    const content = root.child('CORE-CONTENT')?.child('REQ-IF-CONTENT');
    if (!content) throw new ImportRefusal(`'${this.name}' is ReqIF with no CORE-CONTENT/REQ-IF-CONTENT: there is nothing in it to import`);
    const title = textOf(root.child('THE-HEADER')?.child('REQ-IF-HEADER')?.child('TITLE'));

    const enumValues = new Map<string, string>();
    for (const datatype of content.child('DATATYPES')?.all('DATATYPE-DEFINITION-ENUMERATION') ?? []) {
      for (const node of datatype.child('SPECIFIED-VALUES')?.all('ENUM-VALUE') ?? []) {
        const id = attribute(node, 'IDENTIFIER');
        if (id === undefined) continue;
        const embedded = node.child('PROPERTIES')?.child('EMBEDDED-VALUE');
        const label = attribute(node, 'LONG-NAME') ?? attribute(embedded, 'OTHER-CONTENT') ?? attribute(embedded, 'KEY');
        if (label !== undefined) enumValues.set(id, label);
      }
    }

    const attributeDefinitions = new Map<string, ReqifAttributeDefinition>();
    const objectTypes = new Map<string, ReqifSpecType>();
    const relationTypes = new Map<string, ReqifSpecType>();
    for (const node of content.child('SPEC-TYPES')?.children ?? []) {
      const id = attribute(node, 'IDENTIFIER');
      if (id === undefined) {
        this.problem(`spec types without an IDENTIFIER`);
        continue;
      }
      const attributes: string[] = [];
      for (const definition of node.child('SPEC-ATTRIBUTES')?.children ?? []) {
        const definitionId = attribute(definition, 'IDENTIFIER');
        if (definitionId === undefined || !definition.name.startsWith('ATTRIBUTE-DEFINITION-')) continue;
        const datatype = definition.name.slice('ATTRIBUTE-DEFINITION-'.length);
        const defaultValue = (definition.child('DEFAULT-VALUE')?.children ?? []).map((value) => this.value(value, definitionId)).find((value) => value !== undefined);
        attributeDefinitions.set(definitionId, { id: definitionId, name: attribute(definition, 'LONG-NAME'), datatype, ...(defaultValue ? { defaultValue } : {}) });
        attributes.push(definitionId);
      }
      const type: ReqifSpecType = { id, name: attribute(node, 'LONG-NAME'), attributes };
      if (node.name === 'SPEC-OBJECT-TYPE') objectTypes.set(id, type);
      else if (node.name === 'SPEC-RELATION-TYPE') relationTypes.set(id, type);
    }

    const specifications: ReqifSpecification[] = [];
    for (const node of content.child('SPECIFICATIONS')?.all('SPECIFICATION') ?? []) {
      specifications.push({ id: attribute(node, 'IDENTIFIER') ?? '', name: attribute(node, 'LONG-NAME'), values: this.values(node.child('VALUES')), objects: this.hierarchy(node) });
    }

    const problems = [...this.problems].map(([what, count]) => `${count} ${what}`);
    return { ...(title ? { title } : {}), attributeDefinitions, enumValues, objectTypes, relationTypes, objects: this.objects, relations: this.relations, specifications, problems };
  }

  private values(valuesNode: XmlNode | undefined): ReqifValue[] {
    const values: ReqifValue[] = [];
    for (const node of valuesNode?.children ?? []) {
      const definition = reference(node.child('DEFINITION'));
      if (definition === undefined) {
        this.problem('attribute values without a DEFINITION, left out');
        continue;
      }
      const value = this.value(node, definition);
      if (value) values.push(value);
    }
    return values;
  }

  private value(node: XmlNode, definition: string): ReqifValue | undefined {
    const tag = node.name;
    if (tag === 'ATTRIBUTE-VALUE-XHTML') {
      return { definition, xhtml: node.child('THE-VALUE')?.text ?? '' };
    }
    if (tag === 'ATTRIBUTE-VALUE-ENUMERATION') {
      const refs = (node.child('VALUES')?.all('ENUM-VALUE-REF') ?? []).map(textOf).filter((ref): ref is string => ref !== undefined);
      return { definition, enumValues: refs };
    }
    if (tag.startsWith('ATTRIBUTE-VALUE-')) {
      const text = attribute(node, 'THE-VALUE');
      return text === undefined ? undefined : { definition, text };
    }
    return undefined;
  }

  /** The objects of a specification's hierarchy, depth first, without recursion (the nesting is bounded by the parser anyway). */
  private hierarchy(specification: XmlNode): string[] {
    const objects: string[] = [];
    const stack: XmlNode[][] = [specification.child('CHILDREN')?.all('SPEC-HIERARCHY') ?? []];
    const positions: number[] = [0];
    while (stack.length > 0) {
      const level = stack[stack.length - 1] as XmlNode[];
      const position = positions[positions.length - 1] as number;
      if (position >= level.length) {
        stack.pop();
        positions.pop();
        continue;
      }
      positions[positions.length - 1] = position + 1;
      const node = level[position] as XmlNode;
      const object = reference(node.child('OBJECT'));
      if (object !== undefined) objects.push(object);
      else this.problem('hierarchy entries without an OBJECT, left out');
      const children = node.child('CHILDREN')?.all('SPEC-HIERARCHY') ?? [];
      if (children.length > 0) {
        stack.push(children);
        positions.push(0);
      }
    }
    return objects;
  }
}

function attribute(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.attribute(name);
  // Line breaks and tabs written raw in an attribute are spaces, as XML normalises them; &#10; stays a line break.
  return value === undefined ? undefined : decodeXmlText(value.replace(/[\t\n\r]/g, ' '));
}

function textOf(node: XmlNode | undefined): string | undefined {
  if (!node) return undefined;
  const decoded = decodeXmlText(node.text).trim();
  return decoded === '' ? undefined : decoded;
}

/** The text of the one reference inside a wrapper such as <TYPE><SPEC-OBJECT-TYPE-REF>id</…></TYPE>. */
function reference(wrapper: XmlNode | undefined): string | undefined {
  const ref = wrapper?.children.find((child) => child.name.endsWith('-REF'));
  return textOf(ref);
}
