/**
 * What the wording rules share: finding words and phrases in an item's prose, and placing a finding
 * on exactly those words in the file, whatever style the text is written in.
 *
 * Matching is on whole words, case-insensitive: a space or a hyphen between a phrase's words
 * matches either ("user friendly", "user-friendly"), and a word joined to another by a hyphen is
 * part of that word ("fast-track" is not "fast"). Each rule keeps its own list; teams add to it and
 * allow words out of it under `rules.<code>` in the config.
 */
import { proseFieldsOf, type Item, type ProseField, type ProseFieldName, type Span } from '../../model';
import type { ParsedFile } from '../../parse/parse';
import { sourcedScalar } from '../../parse/scalarSource';
import type { Rule, RuleContext, RuleFinding } from '../rule';

/** The options every list rule takes: words to add to its list, and words to allow. */
export const LIST_OPTIONS = {
  type: 'object',
  properties: {
    add: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Words or phrases to find as well as the built-in ones.' },
    allow: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Words or phrases not to find: a built-in one, or a longer phrase that holds one (e.g. "flexible working").' },
  },
} as const;

/** The options of a rule that finds a pattern: phrases to allow. */
export const ALLOW_OPTIONS = { type: 'object', properties: { allow: LIST_OPTIONS.properties.allow } } as const;

/** Where the rule looks: which fields of which kinds of item. */
export type Fields = Partial<Record<Item['kind'], readonly ProseFieldName[]>>;

/** The prose a requirements reviewer reads for wording: requirement statements and acceptance criteria, clause questions. */
export const REQUIREMENT_PROSE: Fields = { requirements: ['statement', 'acceptance'], itt: ['text'] };

/** A match in a field's value: where it starts and ends in the value, and the words as written. */
export interface Match {
  readonly start: number;
  readonly end: number;
  readonly words: string;
}

/** A letter, a digit or an underscore: what a whole word is made of. */
const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** True when the character at `at` is a WORD_CHAR (ASCII decided without the pattern: nearly every character is). */
function isWordAt(value: string, at: number): boolean {
  if (at < 0 || at >= value.length) return false;
  const code = value.charCodeAt(at);
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
  return WORD_CHAR.test(value[at] as string);
}

/**
 * Finds words and phrases as whole words. The search is one regular expression without Unicode
 * classes or lookbehind, its phrases merged into a tree of shared beginnings ("where possible" and
 * "where practicable" become `where[\s-]+p(?:ossible|racticable)`), so at each place in the text
 * the engine tries one branch, not every phrase: a list of 50 phrases costs about what a few do.
 * Each place it finds is then checked for the whole-word boundaries in code: not inside a longer
 * word, and, when a hyphen joins words, not part of a hyphenated compound ("fast-track").
 */
export class Phrases {
  private constructor(
    private readonly pattern: RegExp,
    private readonly hyphenJoins: boolean,
    private readonly checkBoundaries: boolean,
  ) {}

  /** Whole-word phrases; where one phrase begins another, the longer is found ("as far as possible" before "as far as"). */
  static of(phrases: readonly string[], hyphenJoins = true): Phrases | undefined {
    const root: Branches = new Map();
    for (const phrase of phrases) {
      const words = phrase.trim().toLowerCase().split(/[\s-]+/).filter((word) => word !== '');
      if (words.length === 0) continue;
      let node = root;
      for (const step of words.flatMap((word, at) => (at === 0 ? [...word] : [BETWEEN_WORDS, ...word]))) {
        let next = node.get(step);
        if (!next) node.set(step, (next = new Map<string, Branches>()));
        node = next;
      }
      node.set(ENDS, new Map<string, Branches>());
    }
    if (root.size === 0) return undefined;
    return new Phrases(new RegExp(alternatives(root), 'gi'), hyphenJoins, true);
  }

  /** A pattern of a rule's own (flags g, u, i as it needs), its matches taken as they are. */
  static pattern(pattern: RegExp): Phrases {
    return new Phrases(pattern, false, false);
  }

  /** Every match in `value`, in order. */
  find(value: string): Match[] {
    const { pattern } = this;
    pattern.lastIndex = 0;
    const found: Match[] = [];
    for (let m = pattern.exec(value); m; m = pattern.exec(value)) {
      const start = m.index;
      const end = start + m[0].length;
      if (m[0] === '') {
        pattern.lastIndex++;
        continue;
      }
      if (this.checkBoundaries && !this.whole(value, start, end)) {
        pattern.lastIndex = start + 1;
        continue;
      }
      found.push({ start, end, words: m[0] });
    }
    return found;
  }

  /** True when [start, end) is not part of a longer word (boundaries only where the match begins or ends with a word character). */
  private whole(value: string, start: number, end: number): boolean {
    if (isWordAt(value, start) && (isWordAt(value, start - 1) || (this.hyphenJoins && value[start - 1] === '-' && isWordAt(value, start - 2)))) return false;
    if (isWordAt(value, end - 1) && (isWordAt(value, end) || (this.hyphenJoins && value[end] === '-' && isWordAt(value, end + 1)))) return false;
    return true;
  }
}

/** A tree of phrases by their characters: each step is a character, BETWEEN_WORDS, or ENDS where a phrase ends. */
type Branches = Map<string, Branches>;
const BETWEEN_WORDS = ' ';
const ENDS = '';

/** The tree as a pattern: the branches from each point as alternatives, a phrase that ends there made optional beyond it (so the longest is found). */
function alternatives(node: Branches): string {
  const steps = [...node].filter(([step]) => step !== ENDS);
  if (steps.length === 0) return '';
  const branches = steps.map(([step, next]) => (step === BETWEEN_WORDS ? '[\\s\\u00a0-]+' : step.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')) + alternatives(next));
  const either = branches.length === 1 ? (branches[0] as string) : `(?:${branches.join('|')})`;
  return node.has(ENDS) ? `(?:${either})?` : either;
}

/** Every match of `phrases` in `value` that no `allowed` match holds. */
export function matchesIn(value: string, phrases: Phrases | undefined, allowed?: Phrases): Match[] {
  if (!phrases) return [];
  const found = phrases.find(value);
  if (!allowed || found.length === 0) return found;
  const spared = allowed.find(value);
  return found.filter((match) => !spared.some((span) => span.start <= match.start && match.end <= span.end));
}

/** The string options `rules.<code>.<name>` sets, if any. */
export function stringsOption(context: RuleContext, code: string, name: string): string[] {
  const value = context.options(code)[name];
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

/** The fields of `item` a rule reads, unless the item silences the rule. */
export function fieldsToRead(item: Item, fields: Fields, code: string): ProseField[] {
  const names = fields[item.kind];
  if (!names || !item.prose || item.status === 'withdrawn' || item.silenced?.[code] !== undefined) return [];
  return proseFieldsOf(item.prose, names);
}

/**
 * Where `[from, to)` of a field's value is written in the file: exactly those characters when the
 * text can be mapped, else the whole field.
 */
export function sourceSpan(file: ParsedFile, field: ProseField, from: number, to: number): Span {
  return spansIn(file, field)(from, to);
}

/** sourceSpan for several places in one field: the field's text is mapped once, when first asked. */
export function spansIn(file: ParsedFile, field: ProseField): (from: number, to: number) => Span {
  let mapped: { read: ReturnType<typeof sourcedScalar> } | undefined;
  return (from, to) => {
    mapped ??= { read: sourcedScalar(file.text, field.start, field.end, field.value) };
    return placeOf(file, field, mapped.read, from, to);
  };
}

function placeOf(file: ParsedFile, field: ProseField, read: ReturnType<typeof sourcedScalar>, from: number, to: number): Span {
  if (!read || to <= from) return { start: field.start, end: field.end };
  const start = read.offsets[from] as number;
  let end = read.offsets[to] as number;
  // What follows the words may be a folded line break or the block's last line ends: not theirs.
  const last = read.offsets[to - 1] as number;
  while (end > last + 1 && /\s/.test(file.text[end - 1] as string)) end--;
  return { start, end };
}

/** A rule that finds the words of a list (or a pattern) in some fields of prose. */
export interface ListRule {
  readonly code: string;
  readonly severity: Rule['severity'];
  readonly summary: string;
  readonly help: string;
  readonly fields: Fields;
  /** The words it finds. */
  readonly phrases: readonly string[];
  /** Or what it finds, as a pattern (flags g, i, u), for rules about grammar rather than a list of words. */
  readonly pattern?: RegExp;
  /** Longer phrases that hold one of its words but are not what it looks for ("flexible working"). */
  readonly allowed?: readonly string[];
  readonly message: (words: string, item: Item) => string;
  /** False when a word joined to another by a hyphen still counts ("TBD-2" is TBD). */
  readonly hyphenJoins?: boolean;
  /** Off until a setting turns it on. */
  readonly off?: boolean;
  /** Whether a match in `value` is one the rule reports (the words around it can make it something else). */
  readonly keep?: (value: string, match: Match) => boolean;
}

/** A Rule made from a word list: one finding per match, on the matched words. */
export function listRule(spec: ListRule): Rule {
  const joins = spec.hyphenJoins ?? true;
  // Built when first checked, not when the registry loads: `reqtrace --version` need not build them.
  let builtIn: { phrases: Phrases | undefined; allowed: Phrases | undefined } | undefined;
  return {
    code: spec.code,
    stage: 'check',
    severity: spec.severity,
    ...(spec.off ? { off: true } : {}),
    summary: spec.summary,
    where: 'the words it finds',
    reads: [],
    options: spec.pattern ? ALLOW_OPTIONS : LIST_OPTIONS,
    help: spec.help,
    check(context, file) {
      const add = stringsOption(context, spec.code, 'add');
      const allow = stringsOption(context, spec.code, 'allow');
      builtIn ??= {
        phrases: spec.pattern ? Phrases.pattern(spec.pattern) : Phrases.of(spec.phrases, joins),
        allowed: spec.allowed ? Phrases.of(spec.allowed, joins) : undefined,
      };
      const pattern = add.length > 0 && !spec.pattern ? Phrases.of([...spec.phrases, ...add], joins) : builtIn.phrases;
      const allowed = allow.length > 0 ? Phrases.of([...(spec.allowed ?? []), ...allow], joins) : builtIn.allowed;
      const findings: RuleFinding[] = [];
      for (const item of file.items) {
        for (const field of fieldsToRead(item, spec.fields, spec.code)) {
          const matches = matchesIn(field.value, pattern, allowed);
          if (matches.length === 0) continue;
          const quotes = quotedSpans(field.value);
          const spanOf = spansIn(file, field);
          for (const match of matches) {
            if ((spec.keep && !spec.keep(field.value, match)) || quotes.some((q) => q.start <= match.start && match.end <= q.end)) continue;
            findings.push({ message: spec.message(match.words, item), uri: file.uri, span: spanOf(match.start, match.end) });
          }
        }
      }
      return findings;
    },
  };
}

/**
 * The parts of a value inside quotation marks — screen text, a document's title, someone else's
 * words — which the rules quote rather than judge: "…", “…”, and '…' or ‘…’ opened after a space
 * (an apostrophe in "employee's" opens nothing).
 */
export function quotedSpans(value: string): Span[] {
  if (!/["“'‘]/.test(value)) return [];
  const spans: Span[] = [];
  const pattern = /"[^"]*"|“[^”]*”|(?<![\p{L}\p{N}])['‘][^'’]*?['’](?![\p{L}\p{N}])/gu;
  for (let m = pattern.exec(value); m; m = pattern.exec(value)) spans.push({ start: m.index, end: m.index + m[0].length });
  return spans;
}

/** True when `at` begins the value or a sentence in it. */
export function startsSentence(value: string, at: number): boolean {
  return /(?:^|[.!?:;]\s+)$/.test(value.slice(0, at).trimStart() === '' ? '' : value.slice(0, at));
}

/** The words a list rule knows, for its help: "'a', 'b' and 'c'". */
export function listed(phrases: readonly string[]): string {
  const quoted = phrases.map((phrase) => `"${phrase}"`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}` : (quoted[0] ?? '');
}
