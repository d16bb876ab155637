/**
 * parseFile: text -> the items, links and file-level findings of one requirements file.
 * It never throws: whatever it cannot read becomes a finding, and the rest is still indexed.
 */
import { isAlias, isMap, isPair, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { KIND_NOUN, KINDS, LINK_FIELDS, type Finding, type Item, type Kind, type Link, type ProseFieldName, type ProseList, type Span, type Status } from '../model';
import { PARSE_RULES } from './rules';
import { scanDocument } from './scanYaml';
import { tooLarge } from './decode';
import { validateSchema } from './schema';
import { stringOf, treeOfDocument, valueOf, type Table, type Tree } from './tree';
import { explainYamlErrors } from './yamlErrors';

export interface ParsedFile {
  readonly uri: string;
  readonly text: string;
  /** The kind the file name gives, if it has one of the known suffixes. */
  readonly suffixKind: Kind | undefined;
  /** The `kind:` value as written, and where. */
  readonly declaredKind: string | undefined;
  readonly kindSpan: Span | undefined;
  /** The kind the file is checked as: its suffix's, else its declared one. */
  readonly kind: Kind | undefined;
  readonly items: Item[];
  /** yaml-syntax, schema and limit findings. */
  readonly findings: Finding[];
  /** False when the YAML could not be read cleanly: link and coverage checks then stay quiet. */
  readonly syntaxOk: boolean;
  /** Where each entry of `items` starts, when an edit may re-parse only the entries it touches. */
  readonly layout?: ItemsLayout;
  /**
   * Set by a partial re-parse: every item that starts at or after `oldStart + by` is an item of the
   * file it was re-parsed from, unchanged but for its offsets, moved `by` characters.
   */
  readonly moved?: { readonly oldStart: number; readonly by: number };
}

/**
 * The text of a clean file cut at its entries: entry k runs from starts[k] to starts[k + 1] (the
 * last to `end`). Kept only for files with no YAML errors or warnings, no anchors, aliases or
 * directives, `items:` at the left margin and every entry a `- ` line at the same indentation —
 * the files for which an entry parsed on its own reads exactly as it does in the whole file.
 */
export interface ItemsLayout {
  /** The column of every entry's '-'. */
  readonly indent: number;
  /** The offset of the first line of each entry. */
  readonly starts: readonly number[];
  /** Where the last entry ends: the line of the next top-level key, or the end of the file. */
  readonly end: number;
}

export interface ParseLimits {
  /** Files with more characters than this are not parsed. */
  readonly maxFileChars: number;
  /** The most alias expansions allowed when reading a file's values (YAML "billion laughs"). */
  readonly maxAliasCount: number;
}

export const DEFAULT_LIMITS: ParseLimits = { maxFileChars: 5 * 1024 * 1024, maxAliasCount: 100 };

const SUFFIX_RE = /\.(needs|reqs|itt)\.ya?ml$/i;
const SUFFIX_KIND: Record<string, Kind> = { needs: 'needs', reqs: 'requirements', itt: 'itt' };

export function kindFromUri(uri: string): Kind | undefined {
  const match = SUFFIX_RE.exec(uri);
  return match?.[1] ? SUFFIX_KIND[match[1].toLowerCase()] : undefined;
}

/** A file that could not be read or decoded: no items, one finding at its start. */
export function unreadableFile(uri: string, problem: { code: string; message: string }): ParsedFile {
  const suffixKind = kindFromUri(uri);
  return { uri, text: '', suffixKind, declaredKind: undefined, kindSpan: undefined, kind: suffixKind, items: [], syntaxOk: false, findings: [finding(uri, problem.code, problem.message, { start: 0, end: 0 })] };
}

export const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false } as const;

/** The YAML parser does not take a lone \r as a line break, as editors do; \n in its place keeps every offset. */
export function normaliseBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

export function parseFile(uri: string, text: string, limits: ParseLimits = DEFAULT_LIMITS): ParsedFile {
  const suffixKind = kindFromUri(uri);
  const base = { uri, text, suffixKind, declaredKind: undefined, kindSpan: undefined, kind: suffixKind, items: [] };
  if (text.length > limits.maxFileChars) return unreadableFile(uri, tooLarge(limits.maxFileChars));
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    return {
      ...base,
      syntaxOk: false,
      findings: [finding(uri, 'unreadable-file', 'This file is not text (it contains NUL bytes), so reqtrace did not read it.', { start: nul, end: nul + 1 })],
    };
  }
  // The YAML parser recurses once per level and runs out of stack somewhere past 800 levels.
  const source = normaliseBreaks(text);
  const tooDeep = tooDeepAt(source);
  if (tooDeep !== undefined) {
    const message = `Lists or mappings here are nested more than ${MAX_NESTING} levels deep, so reqtrace did not read this file (requirement files need only a few levels).`;
    return { ...base, syntaxOk: false, findings: [finding(uri, 'yaml-limit', message, { start: tooDeep, end: Math.min(text.length, tooDeep + 1) })] };
  }
  return readCleanFile(uri, text, source, suffixKind) ?? composeFile(uri, text, source, suffixKind, limits);
}

/** The kind a file is checked as, and its `kind:` as written. */
function kindsOf(suffixKind: Kind | undefined, root: Tree | undefined): Pick<ParsedFile, 'declaredKind' | 'kindSpan' | 'kind'> {
  const kindNode = valueOf(root, 'kind');
  const declaredKind = stringOf(kindNode);
  const kindSpan = kindNode ? { start: kindNode.start, end: kindNode.end } : undefined;
  const kind = suffixKind ?? (KINDS as readonly string[]).find((k) => k === declaredKind) as Kind | undefined;
  return { declaredKind, kindSpan, kind };
}

/** A file the scanner reads (clean YAML written plainly, as requirement files nearly all are), without composing a YAML Document. */
function readCleanFile(uri: string, text: string, source: string, suffixKind: Kind | undefined): ParsedFile | undefined {
  const clean = scanDocument(source);
  if (!clean) return undefined;
  const kinds = kindsOf(suffixKind, clean.root);
  return withItems(uri, text, source, suffixKind, kinds, clean.root, valueFindings(uri, text, kinds, clean.value, clean.root), { syntaxOk: true, layout: true });
}

/** Schema findings, or the finding that the file's kind is unknown. */
function valueFindings(uri: string, text: string, { kind, declaredKind, kindSpan }: ReturnType<typeof kindsOf>, value: unknown, root: Tree | undefined): Finding[] {
  if (kind) return validateSchema(kind, value, root, uri, text);
  const message =
    declaredKind === undefined
      ? "This file does not say what it holds: add 'kind: needs', 'kind: requirements' or 'kind: itt', or name it *.needs.yaml, *.reqs.yaml or *.itt.yaml."
      : `kind must be one of needs, requirements, itt (found "${declaredKind}").`;
  return [finding(uri, 'schema', message, kindSpan ?? { start: 0, end: 0 })];
}

/** The parsed file: its items, and (when `clean.layout`) where its entries start, for re-parsing entry by entry. */
function withItems(
  uri: string,
  text: string,
  source: string,
  suffixKind: Kind | undefined,
  kinds: ReturnType<typeof kindsOf>,
  root: Tree | undefined,
  findings: Finding[],
  clean: { syntaxOk: boolean; layout: boolean },
): ParsedFile {
  const { kind } = kinds;
  const items = kind && root?.type === 'map' ? extractItems(uri, kind, root) : [];
  const layout = kind && root?.type === 'map' && clean.layout ? itemsLayout(root, source) : undefined;
  return { uri, text, suffixKind, ...kinds, items, findings, syntaxOk: clean.syntaxOk, ...(layout && { layout }) };
}

/** Any file, read through a composed YAML Document: every error and warning is a finding. */
function composeFile(uri: string, text: string, source: string, suffixKind: Kind | undefined, limits: ParseLimits): ParsedFile {
  const base = { uri, text, suffixKind, declaredKind: undefined, kindSpan: undefined, kind: suffixKind, items: [] };
  const findings: Finding[] = [];
  let doc: Document.Parsed;
  try {
    doc = parseDocument(source, YAML_OPTIONS);
  } catch (error) {
    return { ...base, syntaxOk: false, findings: [finding(uri, 'yaml-syntax', `The YAML parser failed: ${String(error)}`, { start: 0, end: 0 })] };
  }
  for (const warning of doc.warnings) {
    const [start, end] = clampPos(warning.pos, text.length);
    findings.push({ ...finding(uri, 'yaml-syntax', sentence(warning.message), { start, end }), severity: 'warning' });
  }
  const syntaxOk = doc.errors.length === 0;
  if (!syntaxOk) {
    // One finding per mistake, in the author's words; what the text most likely says is indexed.
    const broken = explainYamlErrors(uri, source, doc, rereadRepaired, suffixKind && KIND_NOUN[suffixKind]);
    findings.unshift(...broken.findings);
    return withItems(uri, text, source, suffixKind, kindsOf(suffixKind, broken.root), broken.root, findings, { syntaxOk: false, layout: false });
  }
  const { root, shared } = treeOfDocument(doc);
  const kinds = kindsOf(suffixKind, root);

  if (syntaxOk) {
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    } catch {
      const message = `This file's YAML aliases expand to more than ${limits.maxAliasCount} copies (a "billion laughs" pattern), so reqtrace did not read its values.`;
      // Values that could not be read safely are not indexed either.
      return { ...base, ...kinds, findings: [...findings, finding(uri, 'yaml-limit', message, aliasSpan(doc) ?? { start: 0, end: 0 })], syntaxOk: false };
    }
    if (hasCycle(value)) {
      const message = 'A YAML alias here refers to a node that contains it, so its value never ends. Write the value out instead.';
      return { ...base, ...kinds, findings: [...findings, finding(uri, 'yaml-limit', message, aliasSpan(doc) ?? { start: 0, end: 0 })], syntaxOk: false };
    }
    findings.push(...valueFindings(uri, text, kinds, value, root));
  }
  return withItems(uri, text, source, suffixKind, kinds, root, findings, { syntaxOk, layout: doc.warnings.length === 0 && !shared });
}

/** A text repaired by explainYamlErrors, parsed as composeFile parses a file. */
function rereadRepaired(source: string): Document.Parsed | undefined {
  try {
    return parseDocument(source, YAML_OPTIONS);
  } catch {
    return undefined;
  }
}

/** The deepest nesting of lists and mappings a file may have. */
export const MAX_NESTING = 100;
const DEEP_INDENT = new RegExp(`^ {${MAX_NESTING},}\\S`, 'm');
const DEEP_DASHES = new RegExp(`(?:- ){${MAX_NESTING}}`);

/**
 * Where the text first nests more than MAX_NESTING levels, by indentation or by brackets, if it does.
 * Cheap for ordinary files: the scans run only when there is indentation or brackets enough to need them.
 */
export function tooDeepAt(source: string): number | undefined {
  if (DEEP_INDENT.test(source) || DEEP_DASHES.test(source)) {
    // Block nesting: one level per indentation deeper than the line it belongs under.
    const indents: number[] = [];
    for (let start = 0; start < source.length; ) {
      const end = source.indexOf('\n', start);
      const stop = end < 0 ? source.length : end;
      let indent = start;
      while (indent < stop && source.charCodeAt(indent) === 32) indent++;
      const first = source.charCodeAt(indent);
      if (indent < stop && first !== 35 /* # */ && first !== 13) {
        const column = indent - start;
        while (indents.length > 0 && (indents[indents.length - 1] as number) >= column) indents.pop();
        indents.push(column);
        // `- - - x` nests a list in a list on one line.
        let dashes = 0;
        for (let at = indent; source.charCodeAt(at) === 45 /* - */ && source.charCodeAt(at + 1) === 32; at += 2) dashes++;
        if (indents.length + Math.max(0, dashes - 1) > MAX_NESTING) return indent;
      }
      start = stop + 1;
    }
  }
  const brackets = /[[\]{}]/g;
  let count = 0;
  for (let i = source.indexOf('['); i >= 0 && count <= MAX_NESTING; i = source.indexOf('[', i + 1)) count++;
  for (let i = source.indexOf('{'); i >= 0 && count <= MAX_NESTING; i = source.indexOf('{', i + 1)) count++;
  if (count <= MAX_NESTING) return undefined;
  // Flow nesting: brackets opened and not yet closed (brackets inside quoted text count too, which
  // can only err towards a finding for text no requirement holds).
  let depth = 0;
  for (let match = brackets.exec(source); match; match = brackets.exec(source)) {
    if (match[0] === '[' || match[0] === '{') {
      if (++depth > MAX_NESTING) return match.index;
    } else depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** The offset of the start of the line that holds `offset` (lone \r already made \n). */
function lineStartOf(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

/** True when the text has a directive (`%YAML`, `%TAG`), which can change how every entry reads. */
function hasDirective(source: string): boolean {
  return source.startsWith('%') || source.includes('\n%');
}

/**
 * The offset of the first line of each entry of a block list, when every entry starts with `- `
 * at the column `indent` (or at one shared column, when `indent` is undefined); else undefined.
 */
export function entryStarts(seq: Tree | undefined, source: string, indent?: number): { indent: number; starts: number[] } | undefined {
  if (seq?.type !== 'seq' || !seq.block) return undefined;
  const starts: number[] = [];
  let column = indent;
  for (const entry of seq.items) {
    if (!entry) return undefined;
    const lineStart = lineStartOf(source, entry.start);
    const dash = /^( *)- +$/.exec(source.slice(lineStart, entry.start));
    if (!dash) return undefined;
    const width = (dash[1] ?? '').length;
    if (column === undefined) column = width;
    else if (width !== column) return undefined;
    starts.push(lineStart);
  }
  return column === undefined ? undefined : { indent: column, starts };
}

function itemsLayout(root: Table, source: string): ItemsLayout | undefined {
  const at = root.keys.indexOf('items');
  const keyStart = root.keyStarts[at];
  if (keyStart === undefined || lineStartOf(source, keyStart) !== keyStart || hasDirective(source)) return undefined;
  const entries = entryStarts(root.values[at], source);
  if (!entries || entries.starts.length === 0) return undefined;
  let end = source.length;
  if (at + 1 < root.keys.length) {
    const next = root.keyStarts[at + 1];
    if (next === undefined) return undefined;
    end = lineStartOf(source, next);
  }
  return { indent: entries.indent, starts: entries.starts, end };
}

/** A parse-stage finding, at its rule's default severity. */
export function finding(uri: string, code: string, message: string, span: Span): Finding {
  return { code, severity: PARSE_RULES.find((rule) => rule.code === code)?.severity ?? 'error', message, uri, span };
}

function sentence(message: string): string {
  const trimmed = message.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function clampPos(pos: [number, number], length: number): [number, number] {
  const start = Math.max(0, Math.min(pos[0], length));
  return [start, Math.max(start, Math.min(pos[1], length))];
}

function spanOf(node: unknown): Span | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? { start: range[0], end: range[1] } : undefined;
}

/** The first alias in the document, where a limit finding is best placed. */
function aliasSpan(doc: Document): Span | undefined {
  let found: Span | undefined;
  const visit = (node: unknown): void => {
    if (found || !node) return;
    if (isAlias(node)) found = spanOf(node);
    else if (isMap(node) || isSeq(node)) for (const entry of node.items) visit(entry);
    else if (isPair(node)) {
      visit(node.key);
      visit(node.value);
    }
  };
  visit(doc.contents);
  return found;
}

/** True when an object contains itself (an alias to an ancestor); such values cannot be validated. */
function hasCycle(value: unknown, ancestors = new Set<object>()): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (ancestors.has(value)) return true;
  ancestors.add(value);
  const children = Array.isArray(value) ? value : Object.values(value);
  for (const child of children) if (hasCycle(child, ancestors)) return true;
  ancestors.delete(value);
  return false;
}

/**
 * One copy of each short value that many items repeat (status, priority, type, department…): read
 * from YAML, every item would hold its own copy, which for 50,000 items is megabytes of duplicates.
 * One table per file read (kept by no module, so nothing outlives the read); bounded, so free text
 * can never grow it without end.
 */
class SharedValues {
  private readonly known = new Map<string, string>();

  of(value: string | undefined): string | undefined {
    if (value === undefined || value.length > 40) return value;
    const known = this.known.get(value);
    if (known !== undefined) return known;
    if (this.known.size < 4096) this.known.set(value, value);
    return value;
  }

  listOf(node: Tree | undefined): readonly string[] {
    if (node?.type !== 'seq' || node.items.length === 0) return NONE;
    const values: string[] = [];
    for (const entry of node.items) {
      const value = this.of(stringOf(entry));
      if (value !== undefined) values.push(value);
    }
    return values;
  }
}

/** The list every item without departments shares (one empty list, not one per item). */
const NONE: readonly string[] = Object.freeze([]);

const STATUSES: readonly string[] = ['draft', 'proposed', 'agreed', 'withdrawn'];
const TEXT_FIELD: Record<Kind, string> = { needs: 'need', requirements: 'statement', itt: 'text' };

const PROSE_FIELDS: readonly ProseFieldName[] = ['title', 'as', 'need', 'so-that', 'statement', 'acceptance', 'text'];

/** Where each field of prose is written: every scalar of a text field, each acceptance criterion of a list. */
function proseFields(fields: ReadonlyMap<string, Tree | undefined>): ProseList | undefined {
  const prose: (string | number)[] = [];
  for (const field of PROSE_FIELDS) {
    const node = fields.get(field);
    const scalars = node?.type === 'seq' ? node.items : [node];
    for (const scalar of scalars) {
      if (scalar?.type !== 'scalar' || typeof scalar.value !== 'string') continue;
      prose.push(field, scalar.value, scalar.start, scalar.end);
    }
  }
  // A copy of its exact length: the array grown by push keeps room for more.
  return prose.length > 0 ? prose.slice() : undefined;
}

/** `silence: { code: reason }`: the codes given a reason (the schema reports any other shape). */
function silencedRules(node: Tree | undefined): Record<string, string> | undefined {
  if (node?.type !== 'map') return undefined;
  let silenced: Record<string, string> | undefined;
  for (const [i, code] of node.keys.entries()) {
    const reason = stringOf(node.values[i]);
    if (code !== undefined && reason !== undefined && reason.trim() !== '') (silenced ??= {})[code] = reason;
  }
  return silenced;
}

export function extractItems(uri: string, kind: Kind, root: Table): Item[] {
  const itemsNode = valueOf(root, 'items');
  if (itemsNode?.type !== 'seq') return [];
  const shared = new SharedValues();
  const items: Item[] = [];
  for (const entry of itemsNode.items) {
    if (entry?.type !== 'map') continue;
    // A key written twice (a yaml-syntax finding) counts as its last value.
    const fields = new Map<string, Tree | undefined>();
    for (const [i, key] of entry.keys.entries()) if (key !== undefined) fields.set(key, entry.values[i]);
    const idNode = fields.get('id');
    const id = stringOf(idNode);
    if (id === undefined || !idNode) continue;
    const str = (key: string): string | undefined => stringOf(fields.get(key));
    const status = str('status');
    const waiverNode = fields.get('waiver');
    const weightingNode = fields.get('weighting');
    const weighting = weightingNode?.type === 'scalar' && typeof weightingNode.value === 'number' ? weightingNode.value : undefined;
    const links: Link[] = [];
    const item: Item = {
      id,
      kind,
      uri,
      idSpan: { start: idNode.start, end: idNode.end },
      span: { start: entry.start, end: entry.end },
      title: str('title'),
      text: str(TEXT_FIELD[kind]),
      status: status !== undefined && STATUSES.includes(status) ? (shared.of(status) as Status) : 'draft',
      priority: shared.of(str('priority')),
      departments: shared.listOf(fields.get('departments')),
      as: str('as'),
      soThat: str('so-that'),
      type: shared.of(str('type')),
      category: shared.of(str('category')),
      verification: shared.of(str('verification')),
      waiverReason: waiverNode?.type === 'map' ? (stringOf(valueOf(waiverNode, 'reason')) ?? '') : undefined,
      response: shared.of(str('response')),
      weighting,
      links,
      prose: proseFields(fields),
      silenced: silencedRules(fields.get('silence')),
      reviewed: str('reviewed'),
    };
    for (const field of LINK_FIELDS[kind]) {
      const value = fields.get(field);
      // A single id where a list belongs is still a link; the schema reports the shape.
      const targets = value?.type === 'seq' ? value.items : value === undefined ? [] : [value];
      for (const target of targets) {
        const written = stringOf(target);
        if (written === undefined || !target) continue;
        // `ID@stamp`: the id, and the target's fingerprint when the link was reviewed. (A value that starts with '@' is no id at all.)
        const at = written.indexOf('@');
        const span = { start: target.start, end: target.end };
        links.push(at <= 0 ? { field, to: written, span, from: item } : { field, to: written.slice(0, at), span, from: item, stamp: written.slice(at + 1) });
      }
    }
    items.push(item);
  }
  return items;
}
