/**
 * `import reqif`: a ReqIF file from DOORS, Polarion, ReqIF Studio or reqtrace's own export as
 * requirement files. Spec object types become kinds by their names (or `--map`), attributes become
 * fields by their names (./reqifFields.ts), relations become links where the two kinds allow one,
 * and each SPECIFICATION becomes a file per kind, its items in hierarchy order. Whatever does not
 * fit is left out and said, never written invalid; fields the source simply does not have (a
 * DOORS requirement has no MoSCoW priority) are left for `reqtrace check` to report, as a DOORS
 * administrator would want the items rather than nothing. The bytes come from the ImportSource:
 * this module reads no file itself.
 */
import { parse as parseYaml } from 'yaml';
import { LINK_TARGET, type Kind, type LinkField } from '../model';
import { fieldValues, itemFields } from '../parse/schema';
import { ImportRefusal, importedFileName, importedId, type ImportedFile, type ImportedItem, type Importer, type ImportOptions, type ImportResult } from './importer';
import { enumValue, kindOfTypeName, LIST_FIELDS, linkOfRelationName, normalName, targetOf, TEXT_FIELD, type Target } from './reqifFields';
import { xhtmlToText } from './reqifText';
import { readReqif, type ReqifDocument, type ReqifObject, type ReqifValue } from './reqifXml';

const PREFIX: Record<Kind, string> = { needs: 'UN', requirements: 'REQ', itt: 'ITT' };
const KIND_WORD: Record<Kind, string> = { needs: 'need', requirements: 'requirement', itt: 'clause' };
/** How many examples an aggregated line names before '… and N more'. */
const EXAMPLES = 5;

export const reqifImporter: Importer = {
  name: 'reqif',
  summary: 'ReqIF 1.0 from DOORS, Polarion, ReqIF Studio or reqtrace export: a file per specification and kind, relations as links',
  reads: 'file',
  source: 'FILE.reqif',
  extensions: ['reqif', 'xml'],
  options: [{ name: 'map', type: 'string', multiple: true, value: 'TYPE=kind', summary: 'read the spec object type TYPE (its name or IDENTIFIER) as needs, requirements or itt, or skip it' }],
  read: async (source, options) => importReqif(await source.read(''), source.name, options),
};

/** Named for tests: the import of bytes, as `read` does it. */
export function importReqif(bytes: Uint8Array, sourceName: string, options: ImportOptions = {}): ImportResult {
  const doc = readReqif(bytes, sourceName);
  return new ReqifImport(doc, sourceName, typeKinds(doc, sourceName, options['map'])).run();
}

type KindOrSkip = Kind | 'skip';

/** One spec object type as the user sees it: by name, or by IDENTIFIER when it has no name or is not defined. */
interface TypeEntry {
  readonly ref: string;
  readonly label: string;
  readonly defined: boolean;
  count: number;
}

function typeEntries(doc: ReqifDocument): Map<string, TypeEntry> {
  const entries = new Map<string, TypeEntry>();
  for (const [id, type] of doc.objectTypes) entries.set(id, { ref: id, label: type.name ?? id, defined: true, count: 0 });
  for (const object of doc.objects) {
    const ref = object.type ?? '';
    let entry = entries.get(ref);
    if (!entry) {
      entry = { ref, label: ref === '' ? '(no type)' : ref, defined: false, count: 0 };
      entries.set(ref, entry);
    }
    entry.count++;
  }
  return entries;
}

/** Each spec object type's kind: from --map, else reqtrace's own type identifiers, else the type's name. */
function typeKinds(doc: ReqifDocument, sourceName: string, mapOption: ImportOptions[string]): Map<string, KindOrSkip | undefined> {
  const entries = typeEntries(doc);
  const kinds = new Map<string, KindOrSkip | undefined>();
  for (const entry of entries.values()) {
    const own = /^reqtrace-type-(needs|requirements|itt)$/.exec(entry.ref)?.[1] as Kind | undefined;
    kinds.set(entry.ref, own ?? (entry.defined ? kindOfTypeName(entry.label) : undefined));
  }
  const maps = typeof mapOption === 'string' ? [mapOption] : Array.isArray(mapOption) ? (mapOption as readonly string[]) : [];
  for (const map of maps) {
    const equals = map.lastIndexOf('=');
    const name = map.slice(0, Math.max(equals, 0)).trim();
    const kind = map.slice(equals + 1).trim().toLowerCase();
    if (equals <= 0 || name === '') throw new ImportRefusal(`--map "${map}": give it as "TYPE NAME=kind", where kind is needs, requirements, itt or skip`);
    if (kind !== 'needs' && kind !== 'requirements' && kind !== 'itt' && kind !== 'skip') {
      throw new ImportRefusal(`--map "${map}": '${kind}' is not a kind: use needs, requirements, itt or skip`);
    }
    const matches = [...entries.values()].filter((entry) => entry.label === name || entry.ref === name);
    const found = matches.length > 0 ? matches : [...entries.values()].filter((entry) => normalName(entry.label) === normalName(name));
    if (found.length === 0) {
      const known = [...entries.values()].map((entry) => `'${entry.label}' (${plural(entry.count, 'object')})`).join(', ');
      throw new ImportRefusal(`--map "${map}": '${sourceName}' has no spec object type '${name}'; its types are ${known || 'none'}`);
    }
    for (const entry of found) kinds.set(entry.ref, kind);
  }
  return kinds;
}

/** Lines that say the same thing of many items: counted, with the first few named. */
class Tally {
  private readonly groups = new Map<string, { count: number; examples: string[]; line: (count: number, examples: string) => string }>();

  add(key: string, line: (count: number, examples: string) => string, example?: string): void {
    let group = this.groups.get(key);
    if (!group) {
      group = { count: 0, examples: [], line };
      this.groups.set(key, group);
    }
    group.count++;
    if (example !== undefined && group.examples.length < EXAMPLES) group.examples.push(example);
  }

  lines(): string[] {
    return [...this.groups.values()].map(({ count, examples, line }) => {
      const more = count - examples.length;
      const shown = examples.length === 0 ? '' : `${examples.join(', ')}${more > 0 && examples.length > 0 ? ` and ${more.toLocaleString('en-GB')} more` : ''}`;
      return line(count, shown);
    });
  }
}

function plural(count: number, word: string, words = `${word}s`): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? word : words}`;
}

function quoted(text: string): string {
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return `'${short.replace(/\s+/g, ' ')}'`;
}

/** An object on its way to becoming an item. */
interface Draft {
  readonly object: ReqifObject;
  readonly kind: Kind;
  readonly foreignId?: string;
  readonly fields: Record<string, unknown>;
  readonly links: { satisfies: string[]; covers: string[]; parent?: string };
  /** Links as reqtrace's export writes them in text, by field: ids, for links the relations did not carry. */
  readonly textLinks: Partial<Record<LinkField, string[]>>;
  id: string;
  comment?: string;
}

class ReqifImport {
  private readonly skipped = new Tally();
  private readonly changed = new Tally();
  private readonly drafts = new Map<string, Draft>();
  private readonly taken = new Set<string>();
  /** The kind of each id given, for links written as text. */
  private readonly kindOfId = new Map<string, Kind>();
  private readonly objectIds: ReadonlySet<string>;
  private readonly targets = new Map<string, Target | undefined>();
  private readonly allowedValues = new Map<string, readonly string[] | undefined>();

  constructor(
    private readonly doc: ReqifDocument,
    private readonly sourceName: string,
    private readonly kinds: ReadonlyMap<string, KindOrSkip | undefined>,
  ) {
    this.objectIds = new Set(doc.objects.map((object) => object.id));
  }

  run(): ImportResult {
    this.readObjects();
    this.assignIds();
    this.readRelations();
    this.addTextLinks();
    this.noteMissing();
    const files = this.files();
    return { files, skipped: [...this.doc.problems, ...this.skipped.lines()], changed: this.changed.lines() };
  }

  private readObjects(): void {
    const labels = new Map([...typeEntries(this.doc).values()].map((entry) => [entry.ref, entry.label]));
    for (const object of this.doc.objects) {
      const typeRef = object.type ?? '';
      const kind = this.kinds.get(typeRef);
      const label = labels.get(typeRef) ?? typeRef;
      if (kind === undefined) {
        this.skipped.add(
          `type ${typeRef}`,
          (n) => `${plural(n, 'object')} of type '${label}'${this.doc.objectTypes.has(typeRef) ? '' : ' (not defined in the file)'}: no kind for this type; map it with --map "${label}=requirements" (or needs, itt)`,
        );
        continue;
      }
      if (kind === 'skip') {
        this.skipped.add(`skip ${typeRef}`, (n) => `${plural(n, 'object')} of type '${label}': --map says skip`);
        continue;
      }
      if (object.id !== '' && this.drafts.has(object.id)) {
        this.skipped.add('repeat', (n, shown) => `${plural(n, 'object')} with an IDENTIFIER an earlier object has: ${shown}`, object.id);
        continue;
      }
      const draft = this.draft(object, kind);
      if (draft) this.drafts.set(object.id === '' ? `\0${this.drafts.size}` : object.id, draft);
    }
  }

  /** The object's fields, or undefined when it is a heading (a chapter name and no text), which reqtrace has no item for. */
  private draft(object: ReqifObject, kind: Kind): Draft | undefined {
    const chosen = new Map<string, { rank: number; value: ReqifValue; name: string }>();
    const seen = new Set<string>();
    const consider = (value: ReqifValue): void => {
      const definition = this.doc.attributeDefinitions.get(value.definition);
      seen.add(value.definition);
      if (!definition) {
        this.skipped.add('no definition', (n) => `${plural(n, 'attribute value')} whose definition is not in the file, left out`);
        return;
      }
      const name = definition.name ?? definition.id;
      const target = this.targetOf(definition.id, definition.name, kind);
      const key = target === undefined ? undefined : targetKey(target);
      if (target === undefined || key === undefined || ((target.part === 'field' || target.part === 'links') && !target.kinds.includes(kind))) {
        this.changed.add(`unknown ${kind} ${name}`, (n) => `attribute ${quoted(name)} has no ${KIND_WORD[kind]} field: left out of ${plural(n, KIND_WORD[kind])}`);
        return;
      }
      const current = chosen.get(key);
      if (!current || target.rank < current.rank) chosen.set(key, { rank: target.rank, value, name });
    };
    for (const value of object.values) consider(value);
    // A value not written takes its attribute definition's default, as ReqIF says.
    for (const typeAttribute of this.doc.objectTypes.get(object.type ?? '')?.attributes ?? []) {
      const definition = this.doc.attributeDefinitions.get(typeAttribute);
      if (definition?.defaultValue && !seen.has(typeAttribute)) consider({ ...definition.defaultValue, definition: typeAttribute, defaulted: true });
    }

    const text = (key: string): string | undefined => {
      const value = chosen.get(key)?.value;
      return value === undefined ? undefined : this.textOf(value);
    };
    const fields: Record<string, unknown> = {};
    const heading = text('heading');
    const body = text('text');
    if (heading !== undefined && body === undefined && text('title') === undefined && text('id') === undefined) {
      this.skipped.add('heading', (n, shown) => `${plural(n, 'object')} that are headings (a chapter name and no text), which reqtrace has no item for: ${shown}`, quoted(heading));
      return undefined;
    }
    const title = text('title') ?? heading ?? object.longName ?? firstWords(body);
    if (title !== undefined) fields['title'] = title;
    if (title !== undefined && text('title') === undefined && heading === undefined && object.longName === undefined) {
      this.changed.add(`title ${kind}`, (n) => `${plural(n, KIND_WORD[kind])} had no name: titled with the first words of their text`);
    }
    if (body !== undefined) fields[TEXT_FIELD[kind]] = body;
    const textLinks: Partial<Record<LinkField, string[]>> = {};
    for (const [key, { value, name }] of chosen) {
      if (!key.startsWith('field ') && !key.startsWith('links ')) continue;
      const field = key.slice(key.indexOf(' ') + 1);
      if (key.startsWith('links ')) {
        const ids = (this.textOf(value) ?? '').split(/[\s,;]+/).filter((id) => id !== '');
        if (ids.length > 0) textLinks[field as LinkField] = ids;
        continue;
      }
      const converted = this.fieldValue(kind, field, value, name);
      if (converted !== undefined && !(field === 'status' && converted === 'draft' && value.defaulted === true)) fields[field] = converted;
    }
    if (kind === 'needs') this.splitNeed(fields);
    const unmapped = chosen.get('unmapped')?.value;
    if (unmapped) this.restoreUnmapped(kind, fields, unmapped);
    return { object, kind, foreignId: text('id'), fields, links: { satisfies: [], covers: [] }, textLinks, id: '' };
  }

  /** An attribute's target, worked out once per attribute definition and kind (10,000 objects share a few dozen). */
  private targetOf(definition: string, name: string | undefined, kind: Kind): Target | undefined {
    const key = `${kind}\0${definition}`;
    if (this.targets.has(key)) return this.targets.get(key);
    const target = name === undefined ? undefined : targetOf(name, kind);
    this.targets.set(key, target);
    return target;
  }

  private textOf(value: ReqifValue): string | undefined {
    if (value.xhtml !== undefined) return nonEmpty(xhtmlToText(value.xhtml));
    if (value.enumValues !== undefined) return nonEmpty(this.enumNames(value).join(', '));
    return value.text === undefined ? undefined : nonEmpty(cleanText(value.text));
  }

  private enumNames(value: ReqifValue): string[] {
    return (value.enumValues ?? []).map((ref) => this.doc.enumValues.get(ref)).filter((name): name is string => name !== undefined);
  }

  /** A field's value in the form the schema wants, or undefined (and a line in `changed`) when it has none. */
  private fieldValue(kind: Kind, field: string, value: ReqifValue, attributeName: string): unknown {
    if (LIST_FIELDS.has(field)) {
      const entries = value.enumValues !== undefined ? this.enumNames(value) : listEntries(value, field);
      return entries.length > 0 ? entries : undefined;
    }
    const text = this.textOf(value);
    if (text === undefined) return undefined;
    if (field === 'waiver') return { reason: text };
    if (field === 'weighting') {
      const number = Number(text.replace(/%$/, '').trim());
      if (text.trim() !== '' && Number.isFinite(number) && number >= 0 && number <= 100) return number;
      this.changed.add(`weighting ${text}`, (n, shown) => `weighting ${quoted(text)} is not a number from 0 to 100: left out of ${plural(n, 'clause')} (${shown})`, undefined);
      return undefined;
    }
    const allowedKey = `${kind}\0${field}`;
    if (!this.allowedValues.has(allowedKey)) this.allowedValues.set(allowedKey, fieldValues(kind, field));
    const allowed = this.allowedValues.get(allowedKey);
    if (!allowed) return text;
    const mapped = enumValue(field, text, allowed);
    if (mapped === undefined) {
      this.changed.add(`bad ${field} ${text}`, (n) => `${field} ${quoted(text)} (attribute ${quoted(attributeName)}) is not ${allowed.join(', ')}: left out of ${plural(n, 'item')}`);
      return undefined;
    }
    if (mapped !== text) this.changed.add(`mapped ${field} ${text}`, (n) => `${field} ${quoted(text)} written as ${mapped} (${plural(n, 'item')})`);
    return mapped;
  }

  /** A need whose text is one GDS sentence and which has no parts of its own gets them from the sentence. */
  private splitNeed(fields: Record<string, unknown>): void {
    const sentence = fields['need'];
    if (typeof sentence !== 'string' || fields['as'] !== undefined || fields['so-that'] !== undefined) return;
    const parts = /^As an? (.+?),? (I need .+?),? (so that .+?)$/is.exec(sentence.trim());
    if (!parts) return;
    const as = parts[1] as string;
    fields['as'] = /^an? /i.test(as) ? as : `a ${as}`;
    fields['need'] = parts[2];
    fields['so-that'] = parts[3];
    this.changed.add('split need', (n) => `${plural(n, 'need')} written as one sentence: split into as, need and so-that`);
  }

  /** reqtrace's export keeps fields whose values fit no attribute as YAML in reqtrace.Unmapped: they come back as they were. */
  private restoreUnmapped(kind: Kind, fields: Record<string, unknown>, value: ReqifValue): void {
    const text = value.text ?? (value.xhtml !== undefined ? xhtmlToText(value.xhtml) : undefined);
    let parsed: unknown;
    try {
      parsed = text === undefined ? undefined : parseYaml(text, { maxAliasCount: 0, schema: 'core' });
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      this.changed.add('unmapped unreadable', (n) => `reqtrace.Unmapped of ${plural(n, 'item')} is not YAML fields: left out`);
      return;
    }
    for (const [key, field] of Object.entries(parsed as Record<string, unknown>)) {
      if (key === 'id' || key in fields) continue;
      fields[key] = field;
      this.changed.add(`unmapped ${key}`, (n) => `'${key}' restored from reqtrace.Unmapped as written, valid or not (${plural(n, KIND_WORD[kind])})`);
    }
  }

  /** Ids: the ForeignID made valid, else the IDENTIFIER made valid, else the kind's prefix and a number; unique across the import. */
  private assignIds(): void {
    const candidates = new Map<Draft, { id: string | undefined; from: string | undefined; fromWhat: string }>();
    for (const draft of this.drafts.values()) {
      const prefix = PREFIX[draft.kind];
      if (draft.foreignId !== undefined) candidates.set(draft, { id: importedId(draft.foreignId, prefix), from: draft.foreignId, fromWhat: 'ForeignID' });
      else if (draft.object.id !== '') candidates.set(draft, { id: importedId(draft.object.id, prefix), from: draft.object.id, fromWhat: 'IDENTIFIER' });
      else candidates.set(draft, { id: undefined, from: undefined, fromWhat: '' });
    }
    // Ids that are valid as written are placed first, so that one made valid never takes another's.
    for (const [draft, { id, from }] of candidates) {
      if (id !== undefined && id === from?.trim() && !this.taken.has(id)) {
        draft.id = id;
        this.taken.add(id);
      }
    }
    let counter = 0;
    for (const [draft, { id, from, fromWhat }] of candidates) {
      if (draft.id !== '') continue;
      const prefix = PREFIX[draft.kind];
      let wanted = id;
      if (wanted === undefined) {
        do wanted = `${prefix}-${++counter}`;
        while (this.taken.has(wanted));
      }
      const unique = this.uniqueId(wanted);
      draft.id = unique;
      this.taken.add(unique);
      if (from === undefined) {
        this.changed.add(`generated ${draft.kind}`, (n, shown) => `${plural(n, KIND_WORD[draft.kind])} with no ForeignID or IDENTIFIER: numbered ${shown}`, unique);
      } else if (fromWhat === 'IDENTIFIER') {
        draft.comment = `ReqIF IDENTIFIER: ${from}`;
        this.changed.add('from identifier', (n, shown) => `${plural(n, 'object')} with no ReqIF.ForeignID: id made from the IDENTIFIER, kept in a comment (${shown})`, `${quoted(from)} → ${unique}`);
      } else {
        draft.comment = `ReqIF.ForeignID: ${from}`;
        if (unique !== id) this.changed.add('duplicate', (n, shown) => `${plural(n, 'id')} taken already, made unique: ${shown}`, `${quoted(from)} → ${unique}`);
        else this.changed.add('made valid', (n, shown) => `${plural(n, 'ForeignID')} made valid ids, the original kept in a comment: ${shown}`, `${quoted(from)} → ${unique}`);
      }
    }
  }

  private uniqueId(id: string): string {
    if (!this.taken.has(id)) return id;
    for (let n = 2; ; n++) {
      const suffix = `-${n}`;
      const candidate = `${id.slice(0, 64 - suffix.length).replace(/[-.]+$/, '')}${suffix}`;
      if (!this.taken.has(candidate)) return candidate;
    }
  }

  private readRelations(): void {
    for (const draft of this.drafts.values()) this.kindOfId.set(draft.id, draft.kind);
    const relationLine = (what: string) => (n: number, shown: string) => `${plural(n, 'relation')} ${what}: ${shown}`;
    for (const relation of this.doc.relations) {
      const label = relation.id || '(no IDENTIFIER)';
      const source = relation.source === undefined ? undefined : this.drafts.get(relation.source);
      const target = relation.target === undefined ? undefined : this.drafts.get(relation.target);
      if (!source || !target) {
        const inFile = (ref: string | undefined) => ref !== undefined && this.objectIds.has(ref);
        if (inFile(relation.source) && inFile(relation.target)) this.skipped.add('rel not imported', relationLine('to or from an object not imported'), label);
        else this.skipped.add('rel unknown', relationLine('to or from an object not in the file'), label);
        continue;
      }
      const shown = `${source.id} → ${target.id} (${label})`;
      const type = relation.type === undefined ? undefined : this.doc.relationTypes.get(relation.type);
      const own = /^reqtrace-rt-(satisfies|covers|parent)$/.exec(relation.type ?? '')?.[1] as LinkField | undefined;
      const named = own ?? (type?.name === undefined ? undefined : linkOfRelationName(type.name));
      const link = linkFor(named, source.kind, target.kind);
      if (!link) {
        const why = named
          ? `of type '${type?.name ?? named}' from ${article(source.kind)} to ${article(target.kind)}, which '${named}' cannot join`
          : `from ${article(source.kind)} to ${article(target.kind)}, which reqtrace has no link for`;
        this.skipped.add(`rel kinds ${named ?? ''} ${source.kind} ${target.kind}`, relationLine(why), shown);
        continue;
      }
      const [holder, linked] = link.reversed ? [target, source] : [source, target];
      if (holder === linked) {
        this.skipped.add('rel self', relationLine('from an item to itself'), shown);
        continue;
      }
      if (link.reversed) {
        this.changed.add(`reversed ${link.field}`, (n) => `${plural(n, 'relation')} from ${article(source.kind)} to ${article(target.kind)} read as the ${KIND_WORD[holder.kind]}'s ${link.field}`);
      }
      if (link.field === 'parent') {
        if (holder.links.parent === linked.id) this.skipped.add('rel twice', relationLine('that repeat a link'), shown);
        else if (holder.links.parent !== undefined) this.skipped.add('rel second parent', relationLine("beyond a requirement's first parent (reqtrace allows one)"), shown);
        else holder.links.parent = linked.id;
        continue;
      }
      const ids = holder.links[link.field];
      if (ids.includes(linked.id)) this.skipped.add('rel twice', relationLine('that repeat a link'), shown);
      else ids.push(linked.id);
    }
  }

  /** Links that reqtrace's export wrote only as text (their target was not in the workspace) come back as written. */
  private addTextLinks(): void {
    for (const draft of this.drafts.values()) {
      for (const [field, ids] of Object.entries(draft.textLinks) as [LinkField, string[]][]) {
        // A link written with a stamp (UN-1@3f9a2c1d7e) names the id before '@'; the relation that
        // brought that id in takes the stamp as written.
        const bare = (written: string): string => (written.indexOf('@') > 0 ? written.slice(0, written.indexOf('@')) : written);
        if (field === 'parent') {
          const id = ids[0];
          if (id !== undefined && draft.links.parent === bare(id)) draft.links.parent = id;
          else if (draft.links.parent === undefined && id !== undefined && !this.hasRelationTarget(bare(id), field)) {
            draft.links.parent = id;
            this.changed.add('text link', (n) => `${plural(n, 'link')} kept as written in a link attribute, with no relation (the target was not in the file)`);
          }
          continue;
        }
        for (const id of ids) {
          const related = draft.links[field].indexOf(bare(id));
          if (related >= 0) {
            draft.links[field][related] = id;
            continue;
          }
          if (draft.links[field].includes(id) || this.hasRelationTarget(bare(id), field)) continue;
          draft.links[field].push(id);
          this.changed.add('text link', (n) => `${plural(n, 'link')} kept as written in a link attribute, with no relation (the target was not in the file)`);
        }
      }
    }
  }

  /** Whether `id` is an imported item of the kind `field` links to: a link to it would have come as a relation. */
  private hasRelationTarget(id: string, field: LinkField): boolean {
    return this.kindOfId.get(id) === LINK_TARGET[field];
  }

  /** Says which required fields the source did not have, per kind and field: `reqtrace check` reports each. */
  private noteMissing(): void {
    const required = new Map<Kind, string[]>();
    for (const draft of this.drafts.values()) {
      let fields = required.get(draft.kind);
      if (!fields) {
        fields = itemFields(draft.kind)
          .filter((field) => field.required && field.name !== 'id')
          .map((field) => field.name);
        required.set(draft.kind, fields);
      }
      for (const field of fields) {
        if (draft.fields[field] === undefined) {
          this.changed.add(`missing ${draft.kind} ${field}`, (n) => `${plural(n, KIND_WORD[draft.kind])} without ${field} in the source: written without it; reqtrace check reports it`);
        }
      }
    }
  }

  private files(): ImportedFile[] {
    const placed = new Set<string>();
    const files: ImportedFile[] = [];
    const taken = new Set<string>();
    const base = this.sourceName.replace(/^.*[\\/]/, '').replace(/\.(reqifz?|xml)$/i, '');
    for (const [index, spec] of this.doc.specifications.entries()) {
      const byKind = new Map<Kind, Draft[]>();
      for (const ref of spec.objects) {
        const draft = this.drafts.get(ref);
        if (!draft) {
          if (!this.objectIds.has(ref)) this.skipped.add('hier unknown', (n, shown) => `${plural(n, 'hierarchy entry', 'hierarchy entries')} naming an object not in the file: ${shown}`, ref);
          continue;
        }
        if (placed.has(ref)) {
          this.changed.add('placed twice', (n, shown) => `${plural(n, 'object')} in more than one place in the specifications: written once, where first found (${shown})`, draft.id);
          continue;
        }
        placed.add(ref);
        let list = byKind.get(draft.kind);
        if (!list) byKind.set(draft.kind, (list = []));
        list.push(draft);
      }
      const values = this.specValues(spec.values);
      const name = values.get('reqif name') ?? spec.name ?? (this.doc.specifications.length === 1 ? base : `${base} ${index + 1}`);
      for (const [kind, drafts] of byKind) {
        const own = byKind.size === 1 && values.get('reqtrace kind') === kind;
        const ownPath = own ? safePath(values.get('reqtrace file'), kind, taken) : undefined;
        const fields = own ? this.fileFields(values.get('reqtrace unmapped')) : undefined;
        files.push({
          path: ownPath ?? importedFileName(name, kind, taken),
          kind,
          ...(values.get('reqif name') !== undefined || values.get('reqtrace file') === undefined ? { title: name } : {}),
          ...(fields ? { fields } : {}),
          comment: `Imported from ${this.sourceName} by reqtrace import reqif: specification ${quoted(spec.name ?? spec.id)}.`,
          items: drafts.map((draft) => this.item(draft)),
        });
      }
    }
    const loose = new Map<Kind, Draft[]>();
    for (const [ref, draft] of this.drafts) {
      if (placed.has(ref)) continue;
      let list = loose.get(draft.kind);
      if (!list) loose.set(draft.kind, (list = []));
      list.push(draft);
    }
    for (const [kind, drafts] of loose) {
      files.push({
        path: importedFileName(base, kind, taken),
        kind,
        ...(this.doc.title !== undefined ? { title: this.doc.title } : {}),
        comment: `Imported from ${this.sourceName} by reqtrace import reqif: objects in no specification.`,
        items: drafts.map((draft) => this.item(draft)),
      });
    }
    return files;
  }

  /** A file's own fields, kept by reqtrace's export as YAML in the specification's reqtrace.Unmapped. */
  private fileFields(text: string | undefined): Record<string, unknown> | undefined {
    if (text === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = parseYaml(text, { maxAliasCount: 0, schema: 'core' });
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      this.changed.add('file unmapped unreadable', (n) => `reqtrace.Unmapped of ${plural(n, 'specification')} is not YAML fields: left out`);
      return undefined;
    }
    const fields = Object.fromEntries(Object.entries(parsed as Record<string, unknown>).filter(([key]) => !['kind', 'title', 'items'].includes(key)));
    return Object.keys(fields).length > 0 ? fields : undefined;
  }

  private specValues(values: readonly ReqifValue[]): Map<string, string> {
    const found = new Map<string, string>();
    for (const value of values) {
      const name = this.doc.attributeDefinitions.get(value.definition)?.name;
      const text = this.textOf(value);
      if (name !== undefined && text !== undefined) found.set(normalName(name), text);
    }
    return found;
  }

  private item(draft: Draft): ImportedItem {
    const fields: Record<string, unknown> = { ...draft.fields };
    if (draft.links.satisfies.length > 0) fields['satisfies'] = draft.links.satisfies;
    if (draft.links.parent !== undefined) fields['parent'] = draft.links.parent;
    if (draft.links.covers.length > 0) fields['covers'] = draft.links.covers;
    return { id: draft.id, fields, ...(draft.comment !== undefined ? { comment: draft.comment } : {}) };
  }
}

function targetKey(target: Target): string | undefined {
  if (target.part === 'field') return `field ${target.field}`;
  if (target.part === 'links') return `links ${target.field}`;
  return target.part;
}

/** The link a relation becomes: the field it names when the kinds fit it (either way round), else the one the kinds allow. */
function linkFor(named: LinkField | undefined, source: Kind, target: Kind): { field: LinkField; reversed: boolean } | undefined {
  const fits = (field: LinkField, from: Kind, to: Kind): boolean => LINK_TARGET[field] === to && (field === 'covers' ? from === 'itt' : from === 'requirements');
  const candidates: readonly LinkField[] = named ? [named] : ['satisfies', 'covers', 'parent'];
  for (const field of candidates) if (fits(field, source, target)) return { field, reversed: false };
  for (const field of candidates) if (field !== 'parent' && fits(field, target, source)) return { field, reversed: true };
  return undefined;
}

function article(kind: Kind): string {
  return kind === 'itt' ? 'an ITT clause' : kind === 'needs' ? 'a need' : 'a requirement';
}

function nonEmpty(text: string): string | undefined {
  return text.trim() === '' ? undefined : text;
}

/** A STRING value: trimmed, controls other than tab and line breaks dropped (YAML would have to escape them). */
function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '').trim();
}

/** A list field's entries: one per XHTML list item (its lines kept), else one per line. */
function listEntries(value: ReqifValue, field: string): string[] {
  if (value.xhtml !== undefined) {
    const lines = xhtmlToText(value.xhtml).split('\n');
    const entries: string[] = [];
    const items = lines.some((line) => line.startsWith('- '));
    for (const line of lines) {
      if (!items) entries.push(line);
      else if (line.startsWith('- ')) entries.push(line.slice(2));
      else if (entries.length > 0) entries[entries.length - 1] += `\n${line}`;
      else entries.push(line);
    }
    return entries.filter((entry) => entry.trim() !== '');
  }
  const text = cleanText(value.text ?? '');
  const separator = field === 'tags' || field === 'departments' ? /[\n,]/ : /\n/;
  return text
    .split(separator)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** A title from the text: its first line, cut at a word before 80 characters. */
function firstWords(text: string | undefined): string | undefined {
  const line = text?.split('\n')[0]?.replace(/^- /, '').trim();
  if (!line) return undefined;
  if (line.length <= 80) return line;
  const cut = line.slice(0, 80);
  const space = cut.lastIndexOf(' ');
  return `${(space > 40 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}...`;
}

/** reqtrace's own export names each specification's file: kept when it is a safe relative path with the kind's suffix. */
function safePath(path: string | undefined, kind: Kind, taken: Set<string>): string | undefined {
  if (path === undefined) return undefined;
  const parts = path.split('/');
  const suffix = { needs: /\.needs\.ya?ml$/, requirements: /\.reqs\.ya?ml$/, itt: /\.itt\.ya?ml$/ }[kind];
  const safe = parts.every((part) => /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/.test(part) && !/^\.+$/.test(part)) && parts.length <= 8 && suffix.test(path);
  if (!safe || taken.has(path)) return undefined;
  taken.add(path);
  return path;
}
