/**
 * `reqtrace import doorstop TREE`: a Doorstop tree (doorstop-dev/doorstop) as requirement files.
 * Each document — a folder with a `.doorstop.yml` whose `settings` name its `prefix`, `sep`,
 * `digits`, `parent` and `itemformat` — becomes one file; each item file in it (`REQ001.yml`, or
 * `REQ001.md` with YAML front matter when `itemformat: markdown`) becomes an item, in `level` order.
 *
 * A document's kind comes from `--map PREFIX=kind`, else from its prefix's usual meaning (UN, NEED,
 * URS… are needs; REQ, SRS, SYS, HLR, LLR… requirements; ITT, RFP… clauses; test and design
 * documents such as TST, LLT or SDD are left out), else from its place in the tree: a top document
 * that others name as their parent holds needs, every other document requirements. Doorstop links
 * point from child to parent, as reqtrace's do: requirement → need is `satisfies`, requirement →
 * requirement `parent` (one: the rest are reported), clause → requirement `covers`; every other pair
 * is reported. `active: false` makes an item withdrawn; headings and other non-normative items are
 * not items in reqtrace (a heading is kept as a comment above the item after it); `derived: true`
 * becomes the tag `derived`. Review stamps, `ref`/`references` and extended attributes that are not
 * reqtrace fields are reported, not imported. Doorstop has no type or priority: `--default
 * FIELD=VALUE` gives them, and whatever required field is still empty is listed with how to fill it.
 *
 * Item files are read with the yaml package in YAML 1.1 (Doorstop reads them with PyYAML: `yes`
 * is true, `level: 1.10` is 1.1), with no custom tags (an unknown tag such as `!include` is kept as
 * text, never acted on) and aliases bounded; a file that does not read is skipped with the reason.
 */
import { parseDocument } from 'yaml';
import type { Kind } from '../model';
import { fieldValues, itemFields } from '../parse/schema';
import { ImportRefusal, importedFileName, importedId, type ImportedFile, type ImportedItem, type Importer, type ImportOptions, type ImportResult, type ImportSource } from './importer';

const CONFIG = '.doorstop.yml';
const SKIP = '.doorstop.skip';
/** Doorstop items are a few KB; a file over this is not an item file anyone wrote. */
const MAX_ITEM_BYTES = 1024 * 1024;
const MAX_ALIASES = 100;
const EXAMPLES = 3;

type KindOrSkip = Kind | 'skip';

/** What a document's prefix usually means, by its letters (REQ, REQ2, SYS-A all read as their letters). */
const PREFIX_KINDS: Record<string, KindOrSkip> = Object.fromEntries([
  ...['UN', 'UNS', 'NEED', 'NEEDS', 'UR', 'URS', 'USR', 'US', 'STK', 'STKH', 'STKR', 'SHR', 'BR', 'BRS'].map((p) => [p, 'needs']),
  ...['REQ', 'REQS', 'RQ', 'SRS', 'SRD', 'SYS', 'SYR', 'SYRS', 'SSS', 'SWR', 'SWRS', 'HWR', 'HLR', 'LLR', 'FR', 'FRS', 'NFR', 'SR', 'PRD'].map((p) => [p, 'requirements']),
  ...['ITT', 'RFP', 'RFQ', 'TENDER', 'CLAUSE', 'CLAUSES'].map((p) => [p, 'itt']),
  ...['TST', 'TEST', 'TESTS', 'TC', 'HLT', 'LLT', 'ATP', 'QT', 'VER', 'VAL', 'SDD', 'DES', 'DESIGN', 'ARCH', 'ARC', 'SAD'].map((p) => [p, 'skip']),
] as [string, KindOrSkip][]);

/** Doorstop's own item attributes; every other key is an extended attribute. */
const STANDARD = new Set(['active', 'derived', 'header', 'level', 'links', 'normative', 'ref', 'references', 'reviewed', 'text']);
/** Extended attributes taken as reqtrace fields of the same name, where the item's kind has the field. */
const FIELD_ATTRIBUTES = ['type', 'priority', 'category', 'verification', 'response', 'weighting', 'tags', 'notes', 'departments', 'source', 'acceptance', 'status'];
const TEXT_FIELD: Record<Kind, string> = {
  needs: 'need',
  requirements: 'statement',
  itt: 'text',
};

export const doorstopImporter: Importer = {
  name: 'doorstop',
  summary: 'a Doorstop tree: each document (a folder with a .doorstop.yml) becomes a file of needs, requirements or clauses',
  reads: 'folder',
  source: 'TREE',
  options: [
    {
      name: 'map',
      type: 'string',
      multiple: true,
      value: 'PREFIX=kind',
      summary: 'read the Doorstop document PREFIX as needs, requirements or itt, or skip it',
    },
    {
      name: 'default',
      type: 'string',
      multiple: true,
      value: 'FIELD=VALUE',
      summary: 'a value for every item that has none, for fields Doorstop lacks (type=functional, priority=should, response=pass-fail)',
    },
  ],
  read: (source, options) => importDoorstop(source, options),
};

interface Document {
  readonly prefix: string;
  /** The folder, '/'-separated, relative to the tree ('' for the tree itself). */
  readonly folder: string;
  readonly parent?: string;
  readonly markdown: boolean;
  readonly title?: string;
  /** Extended attribute defaults from the document's config. */
  readonly defaults: Readonly<Record<string, unknown>>;
  readonly items: DoorstopItem[];
  kind?: KindOrSkip;
  why?: string;
}

interface DoorstopItem {
  readonly uid: string;
  readonly file: string;
  readonly document: Document;
  readonly data: Readonly<Record<string, unknown>>;
  readonly level: readonly number[];
  readonly levelText: string;
  readonly header: string;
  readonly text: string;
  readonly links: readonly {
    readonly uid: string;
    readonly stamped: boolean;
  }[];
  id?: string;
}

/** Lines that say the same thing of many items, counted, with a few of them named. */
class Tally {
  private readonly groups = new Map<
    string,
    {
      count: number;
      examples: string[];
      line: (count: number, shown: string) => string;
    }
  >();

  add(key: string, line: (count: number, shown: string) => string, example?: string): void {
    let group = this.groups.get(key);
    if (!group) this.groups.set(key, (group = { count: 0, examples: [], line }));
    group.count++;
    if (example !== undefined && group.examples.length < EXAMPLES) group.examples.push(example);
  }

  lines(): string[] {
    return [...this.groups.values()].map(({ count, examples, line }) => {
      const more = count - examples.length;
      return line(count, `${examples.join(', ')}${more > 0 && examples.length > 0 ? ` and ${more.toLocaleString('en-GB')} more` : ''}`);
    });
  }
}

function plural(count: number, word: string, words = `${word}s`): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? word : words}`;
}

export async function importDoorstop(source: ImportSource, options: ImportOptions): Promise<ImportResult> {
  const files = await source.list();
  const configs = files.filter((path) => baseName(path) === CONFIG);
  if (configs.length === 0) throw new ImportRefusal(`'${source.name}' is not a Doorstop tree: no folder in it has a ${CONFIG}`);
  const skipped = new Tally();
  const changed = new Tally();
  const missing = new Tally();
  const docs: Document[] = [];
  const byPrefix = new Map<string, Document>();
  for (const config of configs) {
    const folder = folderOf(config);
    const shown = folder === '' ? source.name : `${folder}/`;
    if (files.includes(join(folder, SKIP))) {
      skipped.add(`skip ${folder}`, () => `the document in ${shown}: it has a ${SKIP}, so Doorstop leaves it out, and so did the import`);
      continue;
    }
    const read = await readYaml(source, config);
    const settings = 'value' in read ? objectOf(objectOf(read.value)?.settings) : undefined;
    const prefix = settings?.prefix;
    if (!settings || (typeof prefix !== 'string' && typeof prefix !== 'number') || String(prefix).trim() === '') {
      const why = 'problem' in read ? read.problem : `its settings name no prefix`;
      skipped.add(`config ${folder}`, () => `the document in ${shown}: ${config} ${why}; its items were not read`);
      continue;
    }
    const name = String(prefix).trim();
    const other = byPrefix.get(name.toLowerCase());
    if (other) {
      skipped.add(`dup ${folder}`, () => `the document in ${shown}: its prefix ${name} is also the prefix of the one in ${other.folder === '' ? source.name : `${other.folder}/`}, which was read`);
      continue;
    }
    const attributes = objectOf(objectOf('value' in read ? read.value : undefined)?.attributes);
    const defaults = { ...objectOf(attributes?.defaults) };
    const doc = objectOf(defaults.doc);
    delete defaults.doc;
    const title = typeof doc?.title === 'string' ? doc.title.trim() : typeof doc?.name === 'string' ? doc.name.trim() : undefined;
    const parent = typeof settings.parent === 'string' || typeof settings.parent === 'number' ? String(settings.parent) : undefined;
    const document: Document = {
      prefix: name,
      folder,
      ...(parent ? { parent } : {}),
      markdown: settings.itemformat === 'markdown',
      ...(title ? { title } : {}),
      defaults,
      items: [],
    };
    docs.push(document);
    byPrefix.set(name.toLowerCase(), document);
  }
  // Each file belongs to the nearest document folder above it (a document inside another is its own).
  const folders = [...docs].sort((a, b) => b.folder.length - a.folder.length);
  for (const path of files) {
    const name = baseName(path);
    if (name.startsWith('.')) continue;
    const document = folders.find((doc) => doc.folder === '' || path.startsWith(`${doc.folder}/`));
    if (!document) continue;
    const match = /^(.+)\.(yml|yaml|md)$/i.exec(name);
    if (!match?.[1] || !isUid(match[1]) || (match[2]?.toLowerCase() === 'md') !== document.markdown) continue;
    const item = await readItem(source, path, match[1], document);
    if ('problem' in item) skipped.add(`unreadable ${path}`, () => `${path}: ${item.problem}; skipped`);
    else document.items.push(item);
  }
  for (const doc of docs) chooseKind(doc, docs, options);
  // Files in the order of the trace: needs, requirements, clauses, then what was left out.
  const order: readonly KindOrSkip[] = ['needs', 'requirements', 'itt', 'skip'];
  docs.sort((a, b) => order.indexOf(a.kind ?? 'skip') - order.indexOf(b.kind ?? 'skip') || (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
  const defaults = parseDefaults(options);
  return build(docs, defaults, source.name, { skipped, changed, missing });
}

/** The kind of a document: --map, else its prefix's usual meaning, else its place in the tree. */
function chooseKind(doc: Document, docs: readonly Document[], options: ImportOptions): void {
  for (const map of listOption(options.map)) {
    const equals = map.lastIndexOf('=');
    const prefix = map.slice(0, Math.max(equals, 0)).trim();
    const kind = map
      .slice(equals + 1)
      .trim()
      .toLowerCase();
    if (equals <= 0 || prefix === '') throw new ImportRefusal(`--map "${map}": give it as PREFIX=kind, where kind is needs, requirements, itt or skip`);
    if (kind !== 'needs' && kind !== 'requirements' && kind !== 'itt' && kind !== 'skip') throw new ImportRefusal(`--map "${map}": '${kind}' is not a kind: use needs, requirements, itt or skip`);
    if (!docs.some((d) => d.prefix.toLowerCase() === prefix.toLowerCase())) {
      throw new ImportRefusal(`--map "${map}": the tree has no document with the prefix ${prefix}; its documents are ${docs.map((d) => d.prefix).sort().join(', ')}`);
    }
    if (prefix.toLowerCase() === doc.prefix.toLowerCase()) {
      doc.kind = kind;
      doc.why = '--map says so';
    }
  }
  if (doc.kind) return;
  const letters = /^([A-Za-z]+)[-_.]?\d*$/.exec(doc.prefix)?.[1]?.toUpperCase();
  const known = letters === undefined ? undefined : PREFIX_KINDS[letters];
  if (known) {
    doc.kind = known;
    doc.why = known === 'skip' ? 'its prefix names tests or design, which are not needs, requirements or clauses' : 'by its prefix';
    return;
  }
  const top = !doc.parent || !docs.some((d) => d.prefix.toLowerCase() === doc.parent?.toLowerCase());
  const hasChildren = docs.some((d) => d.parent?.toLowerCase() === doc.prefix.toLowerCase());
  doc.kind = top && hasChildren ? 'needs' : 'requirements';
  doc.why = top && hasChildren ? 'the top of the tree, with documents below it' : top ? 'a document on its own' : `a document below ${doc.parent ?? ''}`;
}

type Defaults = ReadonlyMap<string, string | number>;

/** --default FIELD=VALUE, checked against the schema: a field some kind has, a value it allows. */
function parseDefaults(options: ImportOptions): Defaults {
  const defaults = new Map<string, string | number>();
  const settable = new Set(['type', 'priority', 'category', 'verification', 'response', 'weighting', 'status', 'source']);
  for (const entry of listOption(options.default)) {
    const equals = entry.indexOf('=');
    const field = entry.slice(0, Math.max(equals, 0)).trim();
    const value = entry.slice(equals + 1).trim();
    if (equals <= 0 || value === '') throw new ImportRefusal(`--default "${entry}": give it as FIELD=VALUE, such as type=functional`);
    if (!settable.has(field)) throw new ImportRefusal(`--default "${entry}": '${field}' is not a field --default sets; it sets ${[...settable].join(', ')}`);
    if (field === 'weighting') {
      const number = Number(value);
      if (!/^\d{1,3}$/.test(value) || number > 100) throw new ImportRefusal(`--default "${entry}": weighting must be a whole number from 0 to 100`);
      defaults.set(field, number);
      continue;
    }
    const allowed = [...new Set((['needs', 'requirements', 'itt'] as const).flatMap((kind) => fieldValues(kind, field) ?? []))];
    if (allowed.length > 0 && !allowed.includes(value)) throw new ImportRefusal(`--default "${entry}": ${field} must be one of ${allowed.join(', ')}`);
    defaults.set(field, value);
  }
  return defaults;
}

function build(docs: readonly Document[], defaults: Defaults, sourceName: string, tallies: { skipped: Tally; changed: Tally; missing: Tally }): ImportResult {
  const { skipped, changed, missing } = tallies;
  const taken = new Set<string>();
  const byKey = new Map<string, DoorstopItem>();
  const imported = new Set<DoorstopItem>();
  const ids = new Map<string, DoorstopItem>();
  const notes: string[] = [];
  for (const doc of docs) {
    const shown = doc.folder === '' ? sourceName : `${doc.folder}/`;
    doc.items.sort((a, b) => compareLevels(a.level, b.level) || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
    const kind = doc.kind ?? 'skip';
    notes.push(
      kind === 'skip'
        ? `Doorstop document ${doc.prefix} (${shown}, ${plural(doc.items.length, 'item')}) left out: ${doc.why ?? ''}; give --map ${doc.prefix}=requirements (or needs, itt) to import it`
        : `Doorstop document ${doc.prefix} (${shown}) read as ${kind}: ${doc.why ?? ''}${doc.why === '--map says so' ? '' : ` (--map ${doc.prefix}=KIND to choose)`}`,
    );
    for (const item of doc.items) {
      const key = uidKey(item.uid);
      if (!byKey.has(key)) byKey.set(key, item);
      if (kind === 'skip' || !isNormative(item)) continue;
      const id = importedId(item.uid, doc.prefix.replace(/[^A-Za-z0-9]/g, '').toUpperCase() || 'ITEM');
      if (id === undefined) {
        skipped.add('bad id', (n, shown) => `${plural(n, 'item')} whose UID makes no valid id: ${shown}`, item.uid);
        continue;
      }
      const other = ids.get(id);
      if (other) {
        skipped.add(`same id ${id}`, () => `${item.file}: its UID ${item.uid} becomes ${id}, the id of ${other.file}, which was imported`);
        continue;
      }
      if (id !== item.uid) changed.add('id', (n, shown) => `${plural(n, 'UID')} made valid ids (the UID is a comment above the item): ${shown}`, `${item.uid} → ${id}`);
      item.id = id;
      ids.set(id, item);
      imported.add(item);
    }
  }

  const files: ImportedFile[] = [];
  let stamps = 0;
  for (const doc of docs) {
    const kind = doc.kind;
    if (kind === undefined || kind === 'skip') continue;
    const items: ImportedItem[] = [];
    let headings: string[] = [];
    for (const item of doc.items) {
      if (!imported.has(item)) {
        if (doc.kind !== 'skip' && !isNormative(item)) {
          const heading = isHeading(item);
          const title = titleOf(item) ?? '';
          if (heading) headings.push(`${item.levelText} ${title}`.trim());
          skipped.add(
            heading ? 'heading' : 'informative',
            heading
              ? (n, shown) => `${plural(n, 'heading')} (non-normative, level ending in .0), which reqtrace has no item for; each is a comment above the item after it: ${shown}`
              : (n, shown) => `${plural(n, 'non-normative item')} (informative text, not a requirement): ${shown}`,
            item.uid,
          );
        }
        continue;
      }
      const fields: Record<string, unknown> = {};
      const title = titleOf(item);
      if (item.header.trim() === '' && title !== undefined) changed.add('title', (n, shown) => `${plural(n, 'item')} with no header: the title is the start of the text: ${shown}`, item.id);
      fields.title = title ?? item.id;
      if (title === undefined) missing.add(`${kind} title`, (n, shown) => `${plural(n, 'item')} with neither header nor text: the title is the id; write a title: ${shown}`, item.id);
      fillText(fields, kind, item.text, changed);
      if (item.data.active === false || isFalse(item.data.active)) {
        fields.status = 'withdrawn';
        changed.add('inactive', (n, shown) => `${plural(n, 'inactive item')} (active: false) imported as withdrawn: ${shown}`, item.id);
      }
      if (item.data.derived === true) fields.tags = ['derived'];
      takeAttributes(fields, kind, item, doc.defaults, skipped, changed);
      for (const [field, value] of defaults) if (fields[field] === undefined && itemHas(kind, field)) fields[field] = value;
      stamps += linkFields(fields, kind, item, byKey, imported, skipped);
      if (item.data.ref !== undefined && item.data.ref !== '' && item.data.ref !== null)
        skipped.add('ref', (n, shown) => `the external references (ref, references) of ${plural(n, 'item')}: reqtrace has no field for them: ${shown}`, item.id);
      else if (Array.isArray(item.data.references) && item.data.references.length > 0)
        skipped.add('ref', (n, shown) => `the external references (ref, references) of ${plural(n, 'item')}: reqtrace has no field for them: ${shown}`, item.id);
      reportMissing(fields, kind, item.id ?? item.uid, missing);
      const comment = [...headings, ...(item.id !== item.uid ? [`Doorstop UID ${item.uid}`] : [])].join('\n');
      headings = [];
      items.push({
        id: item.id ?? item.uid,
        fields,
        ...(comment ? { comment } : {}),
      });
    }
    if (items.length === 0) {
      skipped.add(`empty ${doc.prefix}`, () => `Doorstop document ${doc.prefix}: no item to import`);
      continue;
    }
    files.push({
      path: importedFileName(doc.prefix, kind, taken),
      kind,
      title: doc.title ?? `${doc.prefix} (from Doorstop)`,
      comment: `Imported from the Doorstop document ${doc.prefix} (${doc.folder === '' ? sourceName : `${doc.folder}/`}) by reqtrace import doorstop.`,
      items,
    });
  }
  if (stamps > 0) changed.add('stamps', () => `${plural(stamps, 'link review stamp')} (Doorstop's fingerprints of the linked item) dropped: reqtrace does not record reviews`);
  return {
    files,
    skipped: skipped.lines(),
    changed: [...notes, ...changed.lines()],
    missing: missing.lines(),
  };
}

/** The text into the kind's field; a need written "As a …, I need … so that …" fills all three. */
function fillText(fields: Record<string, unknown>, kind: Kind, text: string, changed: Tally): void {
  if (text === '') return;
  if (kind === 'needs') {
    const gds = /^\s*As\s+(an?\s+[^]+?),?\s+(I\s+(?:need|want)\s+[^]+?),?\s+(so\s+that\s+[^]+?)\s*\.?\s*$/i.exec(text);
    if (gds?.[1] && gds[2] && gds[3]) {
      fields.as = gds[1].replace(/\s+/g, ' ');
      fields.need = gds[2].replace(/\s+/g, ' ');
      fields['so-that'] = gds[3].replace(/\s+/g, ' ');
      changed.add('gds', (n) => `${plural(n, 'need')} written "As a …, I need … so that …" split into as, need and so-that`);
      return;
    }
  }
  fields[TEXT_FIELD[kind]] = text;
}

/** Extended attributes (the item's own, then the document's defaults) that are reqtrace fields of this kind; the rest reported. */
function takeAttributes(fields: Record<string, unknown>, kind: Kind, item: DoorstopItem, defaults: Readonly<Record<string, unknown>>, skipped: Tally, changed: Tally): void {
  const attributes = { ...defaults, ...item.data };
  for (const [key, value] of Object.entries(attributes)) {
    if (STANDARD.has(key)) continue;
    const field = key.toLowerCase().replace(/_/g, '-');
    if (!FIELD_ATTRIBUTES.includes(field) || !itemHas(kind, field)) {
      skipped.add(`attr ${key}`, (n, shown) => `the attribute '${key}' of ${plural(n, 'item')}: reqtrace ${kind} have no such field: ${shown}`, item.id);
      continue;
    }
    const accepted = acceptedValue(kind, field, value);
    if (accepted === undefined) {
      const allowed = fieldValues(kind, field);
      changed.add(
        `bad ${field}`,
        (n, shown) => `${plural(n, 'item')} whose ${field} is not ${allowed ? `one of ${allowed.join(', ')}` : 'a value reqtrace reads'}, left out: ${shown}`,
        `${item.id ?? item.uid} (${JSON.stringify(value)})`,
      );
      continue;
    }
    if (field === 'tags') fields.tags = [...new Set([...((fields.tags as string[] | undefined) ?? []), ...(accepted as string[])])];
    else if (field === 'status' && fields.status === 'withdrawn') continue;
    else fields[field] = accepted;
  }
}

function acceptedValue(kind: Kind, field: string, value: unknown): unknown {
  if (field === 'weighting') return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100 ? value : undefined;
  if (field === 'tags' || field === 'departments' || field === 'acceptance') {
    const list = Array.isArray(value) ? value : [value];
    return list.every((entry) => typeof entry === 'string' || typeof entry === 'number') && list.length > 0 ? list.map(String) : undefined;
  }
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  const allowed = fieldValues(kind, field);
  if (!allowed) return text === '' ? undefined : text;
  return allowed.find((option) => option.toLowerCase() === text.toLowerCase());
}

/** The item's links as reqtrace links where the kinds allow; the rest reported. Returns how many carried a review stamp. */
function linkFields(fields: Record<string, unknown>, kind: Kind, item: DoorstopItem, byKey: ReadonlyMap<string, DoorstopItem>, imported: ReadonlySet<DoorstopItem>, skipped: Tally): number {
  const satisfies: string[] = [];
  const covers: string[] = [];
  const parents: string[] = [];
  let stamps = 0;
  const from = item.id ?? item.uid;
  for (const link of item.links) {
    if (link.stamped) stamps++;
    const target = byKey.get(uidKey(link.uid));
    const shown = `${from} → ${link.uid}`;
    if (!target) {
      skipped.add('link missing', (n, list) => `${plural(n, 'link')} to a UID no item in the tree has: ${list}`, shown);
      continue;
    }
    if (!imported.has(target) || target.id === undefined) {
      skipped.add('link not imported', (n, list) => `${plural(n, 'link')} to an item that was not imported (a heading, a document left out, a skipped file): ${list}`, shown);
      continue;
    }
    const to = target.document.kind as Kind;
    if (kind === 'requirements' && to === 'needs') satisfies.push(target.id);
    else if (kind === 'requirements' && to === 'requirements') parents.push(target.id);
    else if (kind === 'itt' && to === 'requirements') covers.push(target.id);
    else skipped.add(`link ${kind} ${to}`, (n, list) => `${plural(n, 'link')} from ${kind} to ${to}, which reqtrace has no link for: ${list}`, shown);
  }
  if (satisfies.length > 0) fields.satisfies = [...new Set(satisfies)];
  if (covers.length > 0) fields.covers = [...new Set(covers)];
  const [parent, ...others] = [...new Set(parents)];
  if (parent !== undefined) fields.parent = parent;
  for (const other of others)
    skipped.add('second parent', (n, list) => `${plural(n, 'link')} to a second parent requirement (a requirement refines one; the first link is kept): ${list}`, `${from} → ${other}`);
  return stamps;
}

/** Required fields still empty, one line per kind and field, with how to fill them. */
function reportMissing(fields: Record<string, unknown>, kind: Kind, id: string, missing: Tally): void {
  const hints: Record<string, string> = {
    type: 'give --default type=functional (or non-functional), or write each',
    priority: 'give --default priority=should (or must, could, wont), or write each',
    response: 'give --default response=pass-fail (or scored with a weighting, or information), or write each',
    as: 'write who has the need ("a caseworker")',
    'so-that': 'write why ("so that …")',
    need: 'write the need ("I need …")',
    statement: 'write the statement',
    text: 'write the clause',
  };
  for (const { name, required } of itemFields(kind)) {
    if (!required || name === 'id' || name === 'title' || fields[name] !== undefined) continue;
    missing.add(`${kind} ${name}`, (n, shown) => `${kind}: ${plural(n, 'item')} without ${name}, which Doorstop has no place for: ${hints[name] ?? 'write it'}: ${shown}`, id);
  }
  if (kind === 'itt' && fields.response === 'scored' && fields.weighting === undefined)
    missing.add('itt weighting', (n, shown) => `itt: ${plural(n, 'scored clause')} without a weighting: write each: ${shown}`, id);
  if (kind === 'itt' && fields.response !== 'information' && fields.covers === undefined)
    missing.add('itt covers', (n, shown) => `itt: ${plural(n, 'clause')} that cover no requirement (no link to one was imported): add covers: ${shown}`, id);
}

function itemHas(kind: Kind, field: string): boolean {
  return itemFields(kind).some((known) => known.name === field);
}

async function readItem(source: ImportSource, path: string, uid: string, document: Document): Promise<DoorstopItem | { problem: string }> {
  const read = await readText(source, path);
  if ('problem' in read) return read;
  let yamlText = read.text;
  let body: string | undefined;
  if (document.markdown) {
    const front = /^---[ \t]*\r?\n([^]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(read.text);
    yamlText = front?.[1] ?? '';
    body = front ? read.text.slice(front[0].length) : read.text;
  }
  const parsed = parseYaml(yamlText);
  if ('problem' in parsed) return parsed;
  const data = parsed.value === null || parsed.value === undefined ? {} : objectOf(parsed.value);
  if (!data) return { problem: 'not a mapping of item attributes' };
  let header = typeof data.header === 'string' ? data.header : '';
  let text = typeof data.text === 'string' ? data.text : typeof data.text === 'number' ? String(data.text) : '';
  if (body !== undefined) {
    // As Doorstop reads markdown: a first line '# …' is the header, the rest the text.
    const lines = body.replace(/^\s*\n/, '').split(/\r?\n/);
    const first = /^#\s+(.*)$/.exec(lines[0]?.trim() ?? '');
    header = first?.[1] ?? header;
    text = (first ? lines.slice(1) : lines).join('\n');
  }
  const levelText = levelString(data.level);
  return {
    uid,
    file: path,
    document,
    data,
    level: levelText.split('.').map((part) => Number(part) || 0),
    levelText,
    header: header.trim(),
    text: text.replace(/^\s*\n/, '').trimEnd(),
    links: linksOf(data.links),
  };
}

/** Links as Doorstop writes them: `- UID`, `- UID: stamp`, or `UID:stamp` in one string. */
function linksOf(value: unknown): { uid: string; stamped: boolean }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    if (typeof entry === 'string' || typeof entry === 'number') {
      const [uid, stamp] = String(entry).split(':');
      return uid?.trim()
        ? [
            {
              uid: uid.trim(),
              stamped: Boolean(stamp?.trim()) && stamp?.trim() !== 'null',
            },
          ]
        : [];
    }
    const map = objectOf(entry);
    const [first] = map ? Object.entries(map) : [];
    return first
      ? [
          {
            uid: first[0].trim(),
            stamped: first[1] !== null && first[1] !== undefined && first[1] !== '',
          },
        ]
      : [];
  });
}

function levelString(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return Number.isInteger(value) ? `${value}.0` : String(value);
  if (typeof value === 'string' && /^\d+(\.\d+)*$/.test(value.trim())) return value.trim();
  return '1.0';
}

function compareLevels(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function isNormative(item: DoorstopItem): boolean {
  return item.data.normative !== false && !isFalse(item.data.normative);
}

/** Doorstop's heading: non-normative, with a level whose last part is 0. */
function isHeading(item: DoorstopItem): boolean {
  return !isNormative(item) && item.levelText.endsWith('.0');
}

function isFalse(value: unknown): boolean {
  return typeof value === 'string' && ['false', 'no', 'off', '0'].includes(value.trim().toLowerCase());
}

/** The header, else the first line of the text without its markdown marks, cut at a word near 80 characters. */
function titleOf(item: DoorstopItem): string | undefined {
  const header = item.header.split('\n')[0]?.trim();
  if (header) return header;
  const line = item.text
    .split('\n')
    .map((text) => text.replace(/^#+\s*|[*_`]/g, '').trim())
    .find((text) => text !== '');
  if (!line) return undefined;
  if (line.length <= 80) return line;
  const cut = line.slice(0, 80);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : 80)}…`;
}

/** A UID as Doorstop compares them: prefix and number (REQ1 is REQ001), or prefix and name, case aside. */
function uidKey(uid: string): string {
  const named = /^([\w.-]+)[-_.](\w+)/.exec(uid);
  const numbered = /^([\w.-]*\D)(\d+)/.exec(uid);
  if (named?.[1] && named[2]) {
    const number = /^\d+$/.test(named[2]) ? String(Number(named[2])) : named[2].toLowerCase();
    return `${named[1].toLowerCase()}|${number}`;
  }
  if (numbered?.[1] && numbered[2]) return `${numbered[1].replace(/[-_.]+$/, '').toLowerCase()}|${Number(numbered[2])}`;
  return uid.toLowerCase();
}

/** Whether a file name (without its extension) is a Doorstop UID: a prefix then a number, or a prefix, a separator and a name. */
function isUid(name: string): boolean {
  return /^[\w.-]+[-_.]\w+/.test(name) || /^[\w.-]*\D\d+/.test(name);
}

async function readText(source: ImportSource, path: string): Promise<{ text: string } | { problem: string }> {
  let bytes: Uint8Array;
  try {
    bytes = await source.read(path);
  } catch (error) {
    if (error instanceof ImportRefusal) return { problem: error.message };
    throw error;
  }
  if (bytes.length > MAX_ITEM_BYTES)
    return {
      problem: `larger than ${MAX_ITEM_BYTES / (1024 * 1024)} MB, which no Doorstop item is`,
    };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { problem: 'not UTF-8 text' };
  }
}

async function readYaml(source: ImportSource, path: string): Promise<{ value: unknown } | { problem: string }> {
  const read = await readText(source, path);
  return 'problem' in read ? read : parseYaml(read.text);
}

/** YAML 1.1 as PyYAML reads it, no custom tags, aliases bounded; the first error in one line. */
function parseYaml(text: string): { value: unknown } | { problem: string } {
  try {
    const doc = parseDocument(text, {
      version: '1.1',
      uniqueKeys: false,
      prettyErrors: false,
    });
    const [error] = doc.errors;
    if (error)
      return {
        problem: `not valid YAML (${error.message.split('\n')[0] ?? ''})`,
      };
    return { value: doc.toJS({ maxAliasCount: MAX_ALIASES }) as unknown };
  } catch (error) {
    return {
      problem: `not readable YAML (${String(error instanceof Error ? error.message : error).split('\n')[0] ?? ''})`,
    };
  }
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Map) ? (value as Record<string, unknown>) : undefined;
}

function listOption(value: string | boolean | readonly string[] | undefined): readonly string[] {
  return typeof value === 'string' ? [value] : Array.isArray(value) ? (value as readonly string[]) : [];
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function folderOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}

function join(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}
