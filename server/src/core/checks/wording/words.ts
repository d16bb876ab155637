/**
 * What the wording rules share: finding words and phrases in an item's prose, and placing a finding
 * on exactly those words in the file, whatever style the text is written in.
 *
 * Matching is on whole words, case-insensitive: a space or a hyphen between a phrase's words
 * matches either ("user friendly", "user-friendly"), and a word joined to another by a hyphen is
 * part of that word ("fast-track" is not "fast"). Each rule keeps its own list; teams add to it and
 * allow words out of it under `rules.<code>` in the config.
 */
import type { Item, ProseField, ProseFieldName, Span } from '../../model';
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

/**
 * Finds words and phrases as whole words. The search is one regular expression without Unicode
 * classes or lookbehind (so the engine can skip ahead quickly); each place it finds is then checked
 * for the whole-word boundaries in code: not inside a longer word, and, when a hyphen joins words,
 * not part of a hyphenated compound ("fast-track").
 */
export class Phrases {
  private constructor(
    private readonly pattern: RegExp,
    private readonly hyphenJoins: boolean,
    private readonly checkBoundaries: boolean,
  ) {}

  /** Whole-word phrases, longer ones tried first ("as far as possible" before "as possible"). */
  static of(phrases: readonly string[], hyphenJoins = true): Phrases | undefined {
    const unique = [...new Set(phrases.map((phrase) => phrase.trim().toLowerCase()).filter((phrase) => phrase !== ''))];
    if (unique.length === 0) return undefined;
    const alternatives = unique
      .sort((a, b) => b.length - a.length)
      .map((phrase) =>
        phrase
          .split(/[\s-]+/)
          .map((word) => word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
          .join('[\\s\\u00a0-]+'),
      );
    return new Phrases(new RegExp(alternatives.join('|'), 'gi'), hyphenJoins, true);
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
    const isWord = (at: number): boolean => at >= 0 && at < value.length && WORD_CHAR.test(value[at] as string);
    if (isWord(start) && (isWord(start - 1) || (this.hyphenJoins && value[start - 1] === '-' && isWord(start - 2)))) return false;
    if (isWord(end - 1) && (isWord(end) || (this.hyphenJoins && value[end] === '-' && isWord(end + 1)))) return false;
    return true;
  }
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
  return item.prose.filter((field) => names.includes(field.field));
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
  const builtIn = spec.pattern ? Phrases.pattern(spec.pattern) : Phrases.of(spec.phrases, joins);
  const builtInAllowed = spec.allowed ? Phrases.of(spec.allowed, joins) : undefined;
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
      const pattern = add.length > 0 && !spec.pattern ? Phrases.of([...spec.phrases, ...add], joins) : builtIn;
      const allowed = allow.length > 0 ? Phrases.of([...(spec.allowed ?? []), ...allow], joins) : builtInAllowed;
      const findings: RuleFinding[] = [];
      for (const item of file.items) {
        for (const field of fieldsToRead(item, spec.fields, spec.code)) {
          const quotes = quotedSpans(field.value);
          const spanOf = spansIn(file, field);
          for (const match of matchesIn(field.value, pattern, allowed)) {
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
