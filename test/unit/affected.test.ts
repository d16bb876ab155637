/**
 * The affected set of an edit is derived from what each rule declares it reads (RuleMeta.reads,
 * analysis/affected.ts). The property: on generated workspaces, after any sequence of edits — typed
 * as an editor sends them, so that only the touched entries are re-parsed, or whole files written,
 * added and deleted, after a cold or a warm start — re-checking only the files each edit says it affects leaves every file's
 * findings equal to a from-scratch check, for every rule and for a test-only rule that reads its
 * link targets' content (what suspect links will need). Narrowing a rule's declared reads must
 * break the property, which the last tests show for the test rule and for real ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../server/src/core/analysis/workspace';
import { publishedBaseline, type PublishedBaseline } from '../../server/src/core/change/published';
import { CHECK_RULES } from '../../server/src/core/checks/registry';
import { resolveLink, type Rule, type RuleFinding } from '../../server/src/core/checks/rule';
import type { Finding, Item } from '../../server/src/core/model';
import { parseFile, type ParsedFile } from '../../server/src/core/parse/parse';
import { fingerprintOf } from '../../server/src/core/fingerprint';
import type { Changed } from '../../server/src/core/parse/reparse';
import type { Read } from '../../server/src/core/ruleMeta';

/** A test-only rule whose findings depend on the content of each link's target: its title. */
const targetTitles: Rule = {
  code: 'target-title',
  stage: 'check',
  severity: 'info',
  summary: 'names the title of each link target (test only)',
  help: 'Test only.',
  where: "the link's value",
  reads: ['target-content'],
  check(context, file) {
    const findings: RuleFinding[] = [];
    for (const item of file.items) {
      for (const link of item.links) {
        const resolution = resolveLink(context.store, link);
        if (resolution.state !== 'missing') findings.push({ message: `${link.to} is titled ${resolution.target.title ?? '(none)'}`, uri: file.uri, span: link.span });
      }
    }
    return findings;
  },
};

// x.yaml has no suffix: its `kind:` says what it holds, and a whole new text can change that.
// Two ITT files, for the rules that compare sections.
const FILES = ['n.needs.yaml', 'r.reqs.yaml', 's.reqs.yaml', 'c.itt.yaml', 'd.itt.yaml', 'x.yaml'] as const;
type Kind = 'needs' | 'requirements' | 'itt';
const KIND_OF: Record<(typeof FILES)[number], Kind | undefined> = {
  'n.needs.yaml': 'needs',
  'r.reqs.yaml': 'requirements',
  's.reqs.yaml': 'requirements',
  'c.itt.yaml': 'itt',
  'd.itt.yaml': 'itt',
  'x.yaml': undefined,
};
const KINDS: readonly Kind[] = ['needs', 'requirements', 'itt'];
// Short ids, and long ones within two edits of each other (the "did you mean" that reaches furthest).
const IDS = ['UN-1', 'UN-2', 'UN-3', 'REQ-1', 'REQ-2', 'REQ-3', 'ITT-1', 'ITT-2', 'REQ-HR-010', 'REQ-HR-011', 'REQ-HR-101', 'UN-PAY-001'];
const WORDS = ['Pay', 'Leave', 'Audit', 'Roster'];

const itemSpec = fc.record({
  id: fc.constantFrom(...IDS),
  title: fc.constantFrom(...WORDS),
  links: fc.array(fc.tuple(fc.constantFrom(...IDS), fc.nat()), { maxLength: 2 }),
  wording: fc.constantFrom(...WORDS),
  parent: fc.option(fc.constantFrom(...IDS), { nil: undefined }),
  status: fc.constantFrom('agreed', 'withdrawn', 'draft', 'proposed'),
  waiver: fc.boolean(),
  priority: fc.constantFrom('must', 'should', 'wont'),
  response: fc.constantFrom('information', 'pass-fail', 'scored'),
  weighting: fc.constantFrom(40, 60, 100),
});
type ItemSpec = typeof itemSpec extends fc.Arbitrary<infer T> ? T : never;
const BASE_SPEC: ItemSpec = { id: 'UN-1', title: 'Pay', links: [], wording: 'Pay', parent: undefined, status: 'agreed', waiver: false, priority: 'must', response: 'scored', weighting: 100 };

/** A link as written: its id, and the stamp its number picks, if any. */
function linkText([id, stamp]: readonly [string, number]): string {
  const written = STAMPS[stamp % STAMPS.length];
  return written === undefined ? id : `${id}@${written}`;
}

/**
 * The stamps a link may carry: none, one that is no item's fingerprint, and the fingerprint of a
 * need or a requirement with each wording (so that a stamp matches its target about as often as not).
 */
const STAMPS: readonly (string | undefined)[] = [
  undefined,
  undefined,
  '0000000000',
  ...(['needs', 'requirements'] as const).flatMap((kind) => WORDS.map((wording) => fingerprintOf(parseFile(`file:///ws/f.${kind === 'needs' ? 'needs' : 'reqs'}.yaml`, `kind: ${kind}\nitems:\n${itemText(kind, { ...BASE_SPEC, wording })}`).items[0] as Item))),
];

function itemText(kind: Kind, spec: ItemSpec): string {
  const lines = [`  - id: ${spec.id}`, `    title: ${spec.title}`, `    status: ${spec.status}`];
  const links = spec.links.map(linkText).join(', ');
  if (kind === 'needs') lines.push('    as: a payroll officer', `    need: to pay ${spec.wording}`, '    so-that: staff are paid');
  if (kind === 'requirements') {
    lines.push(`    statement: The solution shall ${spec.wording}`, '    type: functional', `    priority: ${spec.priority}`, `    satisfies: [${links}]`);
    if (spec.parent) lines.push(`    parent: ${spec.parent}`);
    if (spec.waiver) lines.push('    waiver: { reason: elsewhere }');
  }
  if (kind === 'itt') {
    lines.push('    text: Describe how.', `    response: ${spec.response}`, `    covers: [${links}]`);
    if (spec.response !== 'information' || spec.waiver) lines.push(`    weighting: ${spec.weighting}`);
  }
  return `${lines.join('\n')}\n`;
}

/** An ITT file gives its section weight when its first item's weighting is 40 or 60 (the share that item's spec decides). */
const fileText = (kind: Kind, items: readonly ItemSpec[]): string => {
  const weight = kind === 'itt' && items[0] && items[0].weighting !== 100 ? `section-weight: ${items[0].weighting}\n` : '';
  return `kind: ${kind}\n${weight}items:\n${items.map((spec) => itemText(kind, spec)).join('')}`;
};

/** One edit, located in the current text when it is applied (so it always lands somewhere real). */
const op = fc.record({
  file: fc.constantFrom(...FILES),
  what: fc.constantFrom('title', 'wording', 'stamp', 'link', 'parent', 'status', 'priority', 'response', 'weighting', 'section-weight', 'add', 'remove', 'comment', 'id', 'char', 'whole', 'delete'),
  n: fc.nat(20),
  id: fc.constantFrom(...IDS),
  title: fc.constantFrom(...WORDS),
  item: itemSpec,
  items: fc.array(itemSpec, { maxLength: 4 }),
});
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

type Edit = { readonly text: string; readonly changed?: Changed } | undefined;

/** What `o` does to `text`: a splice with the range it changed, a whole new text, or undefined to delete the file. */
function apply(o: Op, text: string | undefined): Edit {
  const kind = KIND_OF[o.file] ?? KINDS[o.n % 3] ?? 'needs';
  if (o.what === 'delete') return undefined;
  if (text === undefined || o.what === 'whole') return { text: fileText(kind, o.items) };
  const splice = (start: number, end: number, insert: string): Edit => ({ text: text.slice(0, start) + insert + text.slice(end), changed: { from: start, oldTo: end, newTo: start + insert.length } });
  const nth = (pattern: RegExp): RegExpExecArray | undefined => {
    const matches = [...text.matchAll(pattern)];
    return matches.length > 0 ? matches[o.n % matches.length] : undefined;
  };
  const value = (pattern: RegExp, replacement: (old: string) => string): Edit => {
    const match = nth(pattern);
    if (!match?.[1]) return { text };
    const start = (match.index ?? 0) + match[0].length - match[1].length;
    return splice(start, start + match[1].length, replacement(match[1]));
  };
  switch (o.what) {
    case 'title':
      return value(/^ {4}title: (.*)$/gm, () => o.title);
    case 'char':
      return value(/^ {4}title: (.*)$/gm, (old) => `${old}${o.title[0] ?? 'x'}`);
    case 'wording':
      return value(/^ {4}(?:need: to pay|statement: The solution shall) (.*)$/gm, () => o.title);
    case 'stamp':
      return value(/^ {4}(?:satisfies|covers): \[(.+)\]$/gm, (old) => old.split(', ').map((link, i) => linkText([link.split('@')[0] ?? link, o.n + i])).join(', '));
    case 'link':
      return value(/^ {4}(?:satisfies|covers): \[(.*)\]$/gm, (old) => (old === '' || o.n % 3 === 0 ? o.id : o.n % 3 === 1 ? `${old}, ${o.id}` : ''));
    case 'parent':
      return value(/^ {4}parent: (.*)$/gm, () => o.id);
    case 'status':
      return value(/^ {4}status: (.*)$/gm, (old) => (old === 'withdrawn' ? (o.n % 2 === 0 ? 'agreed' : 'proposed') : 'withdrawn'));
    case 'priority':
      return value(/^ {4}priority: (.*)$/gm, (old) => (old === 'must' ? (o.n % 2 === 0 ? 'should' : 'wont') : 'must'));
    case 'response':
      return value(/^ {4}response: (.*)$/gm, (old) => (old === 'scored' ? (o.n % 2 === 0 ? 'information' : 'pass-fail') : 'scored'));
    case 'weighting':
      return value(/^ {4}weighting: (.*)$/gm, () => String(o.n * 5));
    case 'section-weight':
      return value(/^section-weight: (.*)$/gm, () => String(o.n * 5));
    case 'id':
      return value(/^ {2}- id: (.*)$/gm, () => o.id);
    case 'comment': {
      const at = text.indexOf('items:\n');
      return at < 0 ? { text } : splice(at + 7, at + 7, '  # moved down\n');
    }
    case 'add': {
      const at = o.n % 2 === 0 ? text.length : text.indexOf('items:\n') + 7;
      return splice(at, at, itemText(kind, o.item));
    }
    case 'remove': {
      const starts = [...text.matchAll(/^ {2}- id: /gm)].map((m) => m.index ?? 0);
      if (starts.length === 0) return { text };
      const k = o.n % starts.length;
      return splice(starts[k] as number, starts[k + 1] ?? text.length, '');
    }
  }
  return { text };
}

const uriOf = (name: string): string => `file:///ws/${name}`;

/** moscow-balance judges a workspace of any size here: these have a handful of requirements, not the 10 it waits for. */
const RULE_OPTIONS = { 'moscow-balance': { minimum: 1 } };

/**
 * True when, for every edit of `ops` on the workspace `initial`, the findings kept up to date by
 * re-checking only the affected files equal a from-scratch check of every file. `warm` starts as a
 * warm start does: files loaded, findings seeded from an earlier run, not worked out here. `lazy`
 * checks the affected files only after every other edit (and the last), as an editor may when edits
 * come faster than it publishes: the findings a file keeps must then stand for both edits.
 */
function incrementalEqualsScratch(rules: readonly Rule[], initial: readonly (readonly ItemSpec[])[], ops: readonly Op[], warm = false, lazy = false): boolean {
  const workspace = new Workspace(undefined, rules, RULE_OPTIONS);
  const texts = new Map<string, string>();
  FILES.forEach((name, i) => {
    const text = fileText(KIND_OF[name] ?? 'requirements', initial[i] ?? []);
    texts.set(uriOf(name), text);
    if (warm) workspace.loadParsed(parseFile(uriOf(name), text));
    else workspace.setFile(uriOf(name), text);
  });
  // The files as they start are the ITT as published (changed-after-publication compares with it).
  const baseline = publishedOf(texts);
  workspace.setPublished(baseline);
  if (warm) workspace.seedFindings(scratchFindings(rules, texts, baseline));
  // What an editor has been sent: every file's findings, then each affected file's after each edit.
  const shown = new Map<string, Finding[]>();
  for (const uri of workspace.uris) shown.set(uri, workspace.check(uri));
  const pending = new Set<string>();
  for (const [n, o] of ops.entries()) {
    const uri = uriOf(o.file);
    const edit = apply(o, texts.get(uri));
    let affected: Set<string>;
    if (edit === undefined) {
      if (!texts.has(uri)) continue;
      texts.delete(uri);
      shown.delete(uri);
      affected = workspace.removeFile(uri);
    } else {
      texts.set(uri, edit.text);
      affected = workspace.setFile(uri, edit.text, edit.changed);
    }
    for (const file of affected) pending.add(file);
    if (lazy && n % 2 === 0 && n < ops.length - 1) continue;
    for (const file of pending) if (texts.has(file)) shown.set(file, workspace.check(file));
    pending.clear();
    const scratch = scratchFindings(rules, texts, baseline);
    for (const file of texts.keys()) {
      if (JSON.stringify(shown.get(file)) !== JSON.stringify(scratch.get(file))) return false;
    }
  }
  return true;
}

/** The ITT as these texts hold it, as published. */
function publishedOf(texts: ReadonlyMap<string, string>): PublishedBaseline {
  const at = new Workspace(undefined, []);
  for (const [file, text] of texts) at.setFile(file, text);
  return publishedBaseline((file) => at.context.tree(file), at.uris.map((uri) => at.file(uri) as ParsedFile), 'itt-issued', 'c0ffee');
}

/** Every file's findings, worked out from nothing. */
function scratchFindings(rules: readonly Rule[], texts: ReadonlyMap<string, string>, baseline: PublishedBaseline): Map<string, Finding[]> {
  const scratch = new Workspace(undefined, rules, RULE_OPTIONS);
  for (const [file, text] of texts) scratch.setFile(file, text);
  scratch.setPublished(baseline);
  return new Map([...texts.keys()].map((file) => [file, scratch.check(file)]));
}

const fuzzSeconds = Number(process.env.REQTRACE_FUZZ_SECONDS ?? 0);
const workspaceSpec = fc.array(fc.array(itemSpec, { maxLength: 4 }), { minLength: FILES.length, maxLength: FILES.length });
const property = (rules: readonly Rule[]): fc.IPropertyWithHooks<[(readonly ItemSpec[])[], Op[], boolean, boolean]> =>
  fc.property(workspaceSpec, fc.array(op, { minLength: 1, maxLength: 10 }), fc.boolean(), fc.boolean(), (initial, ops, warm, lazy) => incrementalEqualsScratch(rules, initial, ops, warm, lazy));

/** A copy of `rule` that declares it reads only `reads`. */
const narrowed = (rule: Rule, reads: readonly Read[]): Rule => ({ ...rule, reads });

describe('the affected set derived from declared reads', () => {
  it('keeps incremental findings equal to a from-scratch check, for every rule and one that reads its targets\' content', () => {
    let cases = 0;
    const started = performance.now();
    const rules = [...CHECK_RULES, targetTitles];
    fc.assert(
      fc.property(workspaceSpec, fc.array(op, { minLength: 1, maxLength: 10 }), fc.boolean(), fc.boolean(), (initial, ops, warm, lazy) => {
        cases++;
        expect(incrementalEqualsScratch(rules, initial, ops, warm, lazy)).toBe(true);
      }),
      fuzzSeconds > 0 ? { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: fuzzSeconds * 1000, markInterruptAsFailure: false } : { numRuns: 300 },
    );
    // eslint-disable-next-line no-console
    if (fuzzSeconds > 0) console.log(`fuzz: derived affected sets: ${cases} cases tried, 0 failures, ${Math.round(cases / ((performance.now() - started) / 1000))} cases/s`);
  }, 120_000);

  // The affected set is derived from the reads of every registered rule together, so each rule is
  // also held to the property on its own: its declaration alone must be enough.
  for (const rule of [...CHECK_RULES, targetTitles]) {
    it(`holds for ${rule.code} on its own, with only its own reads declared`, () => {
      fc.assert(property([rule]), { numRuns: fuzzSeconds > 0 ? 1000 : 60 });
    }, 120_000);
  }

  // Each narrowing leaves some finding stale: the property must find a case that shows it. (A rule's
  // own file is re-checked after every edit of it, so 'file' changes no affected set.)
  const narrowings: [Rule, readonly Read[]][] = [
    [targetTitles, ['targets']],
    [CHECK_RULES.find((rule) => rule.code === 'broken-link') as Rule, ['targets']],
    ...CHECK_RULES.filter((rule) => rule.reads.some((read) => read !== 'file')).map((rule): [Rule, readonly Read[]] => [rule, []]),
  ];
  for (const [rule, reads] of narrowings) {
    it(`fails when ${rule.code}'s reads are narrowed on purpose from [${rule.reads.join(', ')}] to [${reads.join(', ')}]`, () => {
      const result = fc.check(property([narrowed(rule, reads)]), { numRuns: 5000, seed: 14 });
      expect(result.failed, `no case showed ${rule.code} going stale`).toBe(true);
    }, 120_000);
  }
});
