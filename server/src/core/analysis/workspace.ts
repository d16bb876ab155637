/**
 * The workspace: the index store and the analysis over it. The store (index/store.ts) holds files,
 * items and links; this layer derives findings from it — running the rules, keeping each file's
 * findings and carrying them over the edits that leave most of them true (carry.ts), answering from
 * a warm start's findings until the first change, suggesting ids — and works out which files and
 * items a change affects from what the rules declare they read (affected.ts).
 */
import { rulesOn, runRules } from '../checks/registry';
import type { DigestRule, ResolvedLink, Rule, RuleContext } from '../checks/rule';
import { resolveLink } from '../checks/rule';
import { Fingerprints } from '../fingerprint';
import { IndexStore, replacedItems, type IndexReader, type StoreChange } from '../index/store';
import type { Finding, Item, Kind, Link, RelatedInformation, Span } from '../model';
import { rootOf } from '../parse/itemValues';
import { DEFAULT_LIMITS, parseFile, type ParsedFile, type ParseLimits } from '../parse/parse';
import { reparseFile, type Changed } from '../parse/reparse';
import type { Tree } from '../parse/tree';
import type { Read } from '../ruleMeta';
import { affectedBy } from './affected';
import type { PublishedBaseline } from '../change/published';
import { carryFindings, ownerOf, refreshFindings } from './carry';
import { IdSuggester } from './suggest';

/** A file's check findings as last worked out (see Workspace.checked). */
interface Checked {
  /** The version of the file they are about. */
  readonly file: ParsedFile;
  readonly findings: readonly Finding[];
  /** Items of `file` whose findings an edit of another file may have changed since. */
  readonly stale: Set<Item>;
  /** What of theirs those edits changed: the findings of the rules that read it are worked out again ('every' rule's, for some). */
  staleReads: Set<Read> | 'every';
  /** An edit of the file since, that kept its ids in order: the version it made, and the items of that version it reached. */
  readonly edit?: { readonly next: ParsedFile; readonly reached: Set<Item> };
}

export class Workspace implements IndexReader {
  private readonly store = new IndexStore();
  private readonly suggester = new IdSuggester(this.store);
  /** Every read some rule declares: what an edit's affected set is derived from. */
  private readonly reads: ReadonlySet<Read>;
  /** What the rules are given to read (tests run a rule on its own with it). */
  readonly context: RuleContext;
  /**
   * Each file's check findings (its parse findings aside) as last worked out, with what has happened
   * since that leaves most of them true: items of it that edits elsewhere reached, or an edit of the
   * file itself that kept its ids in order. Checking it again works out only those items' findings
   * and carries the rest over (carry.ts). A file that the affected set does not name keeps its
   * findings as they are; one it names as a whole loses them.
   */
  private readonly checked = new Map<string, Checked>();
  /**
   * For each file, the files whose last findings (as check gave them) show a place in it: when a
   * file's items move, those findings are out of date even though nothing they say changed.
   */
  private readonly shownIn = new Map<string, Set<string>>();
  private readonly shows = new Map<string, readonly string[]>();
  /** The last file's resolved links: the link rules of one file share them, and nothing more is kept. */
  private resolved: { readonly file: ParsedFile; readonly generation: number; readonly links: readonly ResolvedLink[] } | undefined;
  /** Every file's findings from an earlier run on the very same files (see seedFindings), until the index changes. */
  private seeded: ReadonlyMap<string, readonly Finding[]> | undefined;
  /** The rules that take a digest of each file (see Rule.digest). */
  private readonly digestRules: readonly Rule[];
  /** Each digest rule's digest of each version of a file, kept while the version is. */
  private readonly digestsOf = new Map<Rule, WeakMap<ParsedFile, { readonly value: unknown }>>();
  /** Each digest rule's digests of every file, as they were at a generation. */
  private readonly allDigests = new Map<Rule, { readonly generation: number; readonly byUri: ReadonlyMap<string, unknown> }>();
  /** The ITT at the config's `published:` revision, once read (see setPublished). */
  private publishedBaseline: PublishedBaseline | undefined;
  /** The last file text read again as a tree (the rules of one file ask for the same one). */
  private lastTree: { readonly text: string; readonly tree: Tree | undefined } | undefined;

  constructor(
    readonly limits: ParseLimits = DEFAULT_LIMITS,
    /** The rules to run: those on by default unless told (rules off by default are not run). */
    readonly rules: readonly Rule[] = rulesOn({}),
    /** Each rule's options from the config (see Config.ruleOptions): a change of them needs a new Workspace. */
    readonly ruleOptions: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {},
    /** Items' fingerprints, with the fields the config sets: a change of them needs a new Workspace. */
    readonly fingerprints: Fingerprints = new Fingerprints(),
  ) {
    this.reads = new Set(rules.flatMap((rule) => rule.reads));
    this.digestRules = rules.filter((rule) => rule.digest !== undefined);
    this.context = {
      store: this.store,
      resolvedLinks: (file) => this.resolvedLinks(file),
      suggest: (id, kind) => this.suggester.suggest(id, kind),
      options: (code) => ruleOptions[code] ?? {},
      tree: (file) => this.treeOf(file),
      digests: <T>(rule: DigestRule<T>) => this.digests(rule) as ReadonlyMap<string, NonNullable<T>>,
      fingerprint: (item) => fingerprints.of(item),
      defaultFingerprint: (item) => fingerprints.byDefault(item),
      published: () => this.publishedBaseline,
    };
  }

  /** The ITT as published (see changed-after-publication), or none; returns every file, as any file's findings can change. */
  setPublished(baseline: PublishedBaseline | undefined): Set<string> {
    this.publishedBaseline = baseline;
    this.seeded = undefined;
    this.checked.clear();
    // A digest may read the baseline (changed-after-publication's clause ids).
    this.digestsOf.clear();
    this.allDigests.clear();
    return new Set(this.store.uris);
  }

  // Reading the index: see IndexReader.
  get generation(): number {
    return this.store.generation;
  }
  get uris(): string[] {
    return this.store.uris;
  }
  get stampedLinks(): number {
    return this.store.stampedLinks;
  }
  file(uri: string): ParsedFile | undefined {
    return this.store.file(uri);
  }
  allItems(): IterableIterator<Item> {
    return this.store.allItems();
  }
  definitionsOf(id: string): readonly Item[] {
    return this.store.definitionsOf(id);
  }
  item(id: string, kind?: Kind): Item | undefined {
    return this.store.item(id, kind);
  }
  idsOfKind(kind: Kind): readonly string[] {
    return this.store.idsOfKind(kind);
  }
  referencesTo(id: string): readonly Link[] {
    return this.store.referencesTo(id);
  }
  someLinkTo(id: string, test: (link: Link) => boolean): boolean {
    return this.store.someLinkTo(id, test);
  }

  /**
   * Parses `text` as the new content of `uri`; returns every file whose findings may have changed
   * since check last gave them (a file never checked has no findings to be out of date).
   * `changed` says where it differs from the text the index has, when the caller knows (an editor's edits).
   */
  setFile(uri: string, text: string, changed?: Changed): Set<string> {
    const previous = this.store.file(uri);
    return this.replace(uri, previous ? reparseFile(previous, text, this.limits, changed) : parseFile(uri, text, this.limits));
  }

  /** Adds a file parsed elsewhere (e.g. in a worker); returns every file whose findings may have changed. */
  setParsed(parsed: ParsedFile): Set<string> {
    return this.replace(parsed.uri, parsed);
  }

  /**
   * Adds a file while loading a workspace, when every file's findings will be gathered afterwards
   * anyway: the same as setParsed without working out which files it affects.
   */
  loadParsed(parsed: ParsedFile): void {
    this.seeded = undefined;
    const change = this.store.replace(parsed.uri, parsed, false);
    // No affected set is worked out here: no file's findings can be trusted after.
    this.checked.clear();
    this.suggester.forgetStale(change.gone, change.come);
  }

  removeFile(uri: string): Set<string> {
    this.checked.delete(uri);
    return this.replace(uri, undefined);
  }

  /** A defined id of `kind` close to `id` (a typo, a case slip or a look-alike dash), if any. */
  suggest(id: string, kind: Kind): string | undefined {
    return this.suggester.suggest(id, kind);
  }

  /**
   * Takes every file's findings, as check gives them, from an earlier run on exactly the files the
   * index holds now, byte for byte (a warm start: the caller vouches for that, see the parse
   * cache's resultsKey): check answers from them until the index next changes.
   */
  seedFindings(findings: ReadonlyMap<string, readonly Finding[]>): void {
    this.seeded = findings;
    // Published from the cache without asking check: what they show is noted here instead.
    for (const [uri, list] of findings) this.noteShown(uri, list);
  }

  /** All findings of one file with default severities: its own parse findings, then every rule's. */
  check(uri: string): Finding[] {
    const file = this.store.file(uri);
    if (!file) return [];
    const seeded = this.seeded?.get(uri);
    if (seeded) {
      this.noteShown(uri, seeded);
      return [...seeded];
    }
    const findings = [...file.findings];
    if (file.syntaxOk) findings.push(...this.checkFindings(file));
    this.noteShown(uri, findings);
    return findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
  }

  /** Every rule's findings for a file, those of the items nothing reached since carried over (see checked). */
  private checkFindings(file: ParsedFile): readonly Finding[] {
    const run = (view: ParsedFile): Finding[] => runRules(this.rules, this.context, view);
    const recheck = (items: Item[]): Finding[] => run({ ...file, items });
    const entry = this.checked.get(file.uri);
    let findings: readonly Finding[] | undefined;
    if (entry?.file === file && !entry.edit) {
      if (entry.stale.size === 0) return entry.findings;
      const { staleReads } = entry;
      const rules = staleReads === 'every' ? this.rules : this.rules.filter((rule) => rule.reads.some((read) => staleReads.has(read)));
      findings = refreshFindings(file, entry.findings, entry.stale, new Set(rules.map((rule) => rule.code)), (items) => runRules(rules, this.context, { ...file, items }));
    } else if (entry?.edit?.next === file) {
      const { reached } = entry.edit;
      findings = carryFindings(entry.file, entry.findings, file, (item) => reached.has(item), recheck);
    }
    findings ??= run(file);
    this.checked.set(file.uri, { file, findings, stale: new Set(), staleReads: new Set() });
    return findings;
  }

  /** Every link of a file, in order, with what it points to; the link rules of a file walk the same list. */
  private resolvedLinks(file: ParsedFile): readonly ResolvedLink[] {
    const generation = this.store.generation;
    if (this.resolved?.file === file && this.resolved.generation === generation) return this.resolved.links;
    const links: ResolvedLink[] = [];
    for (const item of file.items) for (const link of item.links) links.push({ link, resolution: resolveLink(this.store, link) });
    this.resolved = { file, generation, links };
    return links;
  }

  private treeOf(file: ParsedFile): Tree | undefined {
    if (this.lastTree?.text !== file.text) this.lastTree = { text: file.text, tree: rootOf(file.text) };
    return this.lastTree.tree;
  }

  /** A rule's digest of one version of a file (undefined for no file), worked out once. */
  private digestOf(rule: Rule, file: ParsedFile | undefined): unknown {
    if (!file || !rule.digest) return undefined;
    let known = this.digestsOf.get(rule);
    if (!known) this.digestsOf.set(rule, (known = new WeakMap()));
    let digest = known.get(file);
    if (!digest) known.set(file, (digest = { value: rule.digest(this.context, file) }));
    return digest.value;
  }

  /** Every file's digest by a rule, those without one left out, worked out once per generation. */
  private digests(rule: Rule): ReadonlyMap<string, unknown> {
    const generation = this.store.generation;
    const cached = this.allDigests.get(rule);
    if (cached?.generation === generation) return cached.byUri;
    const byUri = new Map<string, unknown>();
    for (const uri of this.store.uris) {
      const digest = this.digestOf(rule, this.store.file(uri));
      if (digest !== undefined && digest !== null) byUri.set(uri, digest);
    }
    this.allDigests.set(rule, { generation, byUri });
    return byUri;
  }

  /** Records which files a file's findings show a place in (see shownIn). */
  private noteShown(uri: string, findings: readonly Finding[]): void {
    const before = this.shows.get(uri);
    const after = new Set<string>();
    for (const finding of findings) for (const related of finding.related ?? []) if (related.uri !== uri) after.add(related.uri);
    if (!before && after.size === 0) return;
    for (const target of before ?? []) this.shownIn.get(target)?.delete(uri);
    for (const target of after) {
      const sources = this.shownIn.get(target);
      if (sources) sources.add(uri);
      else this.shownIn.set(target, new Set([uri]));
    }
    if (after.size > 0) this.shows.set(uri, [...after]);
    else this.shows.delete(uri);
  }

  /** The twins of a change whose fingerprint changed, among those some link with a stamp points to (hashing only what can matter). */
  private fingerprintChanged(change: StoreChange): Item[] {
    const changed: Item[] = [];
    for (const now of contentChanged(change)) {
      if (!this.store.referencesTo(now.id).some((link) => link.stamp !== undefined)) continue;
      const old = [...change.twins].find(([, twin]) => twin === now)?.[0];
      if (!old || this.fingerprints.of(old) !== this.fingerprints.of(now)) changed.push(now);
    }
    return changed;
  }

  private replace(uri: string, next: ParsedFile | undefined): Set<string> {
    if (this.seeded) {
      // The first change after a warm start: the seeded findings' suggestions were never worked out
      // here, so the suggester could not say which of them the change alters. Work them out first.
      for (const findings of this.seeded.values()) {
        for (const { data } of findings) if (data?.missingId !== undefined && data.targetKind) this.suggester.suggest(data.missingId, data.targetKind);
      }
      this.seeded = undefined;
    }
    const previous = this.store.file(uri);
    // The digests of the rules that declare they read them: what other files' findings take from this one.
    const changedDigests = this.digestRules.filter((rule) => rule.reads.includes('digests') && JSON.stringify(this.digestOf(rule, previous)) !== JSON.stringify(this.digestOf(rule, next)));
    // A rule that says where it reports re-checks those files, as the digests stand before and after.
    const reporting = new Set<string>();
    const reportedIn = (): void => {
      for (const rule of changedDigests) for (const where of rule.reportedIn?.(this.context) ?? []) reporting.add(where);
    };
    const everyFile = changedDigests.some((rule) => !rule.reportedIn);
    if (!everyFile) reportedIn();
    const change = this.store.replace(uri, next);
    if (!everyFile) reportedIn();
    const { before, after } = replacedItems(change);
    const suggestionsChanged = this.suggester.forgetStale(before, after);
    const affected = affectedBy(this.store, change, this.reads, () => contentChanged(change), () => this.fingerprintChanged(change), suggestionsChanged, everyFile);
    // Files a digest rule reports in are checked again as a whole.
    for (const where of reporting) if (this.store.file(where)) affected.files.add(where);
    const reached = new Map<Item, ReadonlySet<Read> | 'every'>(affected.items);
    const whole = new Set(reporting);
    // Findings elsewhere that show a place in this file are out of date when its items move.
    if (!next || anyMoved(change.twins)) {
      for (const source of this.shownIn.get(uri) ?? []) {
        if (source === uri || !this.store.file(source)) continue;
        affected.files.add(source);
        this.moveShown(source, change, reached, whole);
      }
    }
    this.keepChecked(change, affected.everyFile, reached, whole);
    return affected.files;
  }

  /**
   * A file's kept findings that show a place in the changed file, after its items moved: a place
   * that is an item's id moves with the item; the items whose findings show another place, or an
   * item that is gone, are `reached` by every rule, and `whole` takes the file when a finding about
   * the file as a whole does.
   */
  private moveShown(source: string, change: StoreChange, reached: Map<Item, ReadonlySet<Read> | 'every'>, whole: Set<string>): void {
    const entry = this.checked.get(source);
    if (!entry || entry.edit) {
      whole.add(source);
      return;
    }
    // An old item is the same object in the new file when the edit did not touch it, else its twin, if it has one.
    const moved = (span: Span): Span | undefined => {
      const old = change.previous && ownerOf(change.previous.items, span);
      const now = old && (change.twins.get(old) ?? (change.gone.includes(old) ? undefined : old));
      return now && span.start === old.idSpan.start && span.end === old.idSpan.end ? now.idSpan : undefined;
    };
    const findings = entry.findings.map((finding) => {
      if (!finding.related?.some((r) => r.uri === change.uri)) return finding;
      const related: RelatedInformation[] = [];
      for (const r of finding.related) {
        const span = r.uri === change.uri ? moved(r.span) : r.span;
        if (!span) {
          const owner = ownerOf(entry.file.items, finding.span);
          if (owner) reached.set(owner, 'every');
          else whole.add(source);
          return finding;
        }
        related.push(span === r.span ? r : { ...r, span });
      }
      return { ...finding, related };
    });
    this.checked.set(source, { ...entry, findings });
  }

  /**
   * What each file's kept findings (see checked) still say after a change: `reached` are the items
   * whose findings it can have changed, besides those whose text it changed, each with the reads
   * through which it did ('every' rule's findings about it, else those of the rules that declare one);
   * `whole` the files whose findings it can have changed whatever their items; `everyFile` when that
   * is every file.
   */
  private keepChecked(change: StoreChange, everyFile: boolean, reached: ReadonlyMap<Item, ReadonlySet<Read> | 'every'>, whole: ReadonlySet<string>): void {
    const { uri, previous, next } = change;
    const own = this.checked.get(uri);
    this.checked.delete(uri);
    if (everyFile) this.checked.clear();
    for (const where of whole) this.checked.delete(where);
    // The edited file: its findings carry over to the new version when its ids kept their order.
    if (own && previous && next && change.sameIds && !whole.has(uri) && own.file === previous && !own.edit && own.stale.size === 0) {
      this.checked.set(uri, { ...own, edit: { next, reached: new Set([...reached.keys()].filter((item) => item.uri === uri)) } });
    }
    // Other files: only the items the change reached, and of those only what the rules that read
    // what reached them find.
    for (const [item, reads] of reached) {
      if (item.uri === uri) continue;
      const entry = this.checked.get(item.uri);
      if (!entry) continue;
      if (entry.edit) entry.edit.reached.add(item);
      else if (entry.file === this.store.file(item.uri)) {
        entry.stale.add(item);
        if (reads === 'every') entry.staleReads = 'every';
        else if (entry.staleReads !== 'every') for (const read of reads) entry.staleReads.add(read);
      } else this.checked.delete(item.uri);
    }
  }
}

/** True when an item kept its id but not its place (a keystroke above it, say); no array is made on this per-keystroke path. */
function anyMoved(twins: ReadonlyMap<Item, Item>): boolean {
  for (const [old, now] of twins) if (old.idSpan.start !== now.idSpan.start || old.idSpan.end !== now.idSpan.end) return true;
  return false;
}

/** The twins whose text changed: alike to other items' rules, but not to a rule that reads their content. */
function contentChanged(change: StoreChange): Item[] {
  const { previous, next } = change;
  if (!previous || !next) return [];
  const changed: Item[] = [];
  for (const [old, now] of change.twins) {
    if (next.moved && old.span.start >= next.moved.oldStart && now.span.start === old.span.start + next.moved.by) continue;
    if (previous.text.slice(old.span.start, old.span.end) !== next.text.slice(now.span.start, now.span.end)) changed.push(now);
  }
  return changed;
}
