/**
 * A scalar's value with, for each of its characters, where that character is written in the file,
 * so that a finding about some words of a statement points at exactly those words whatever the
 * style it is written in: plain over several lines, single-quoted (`''`), double-quoted (escapes,
 * folded lines, `\` at a line's end), literal `|` or folded `>` blocks with their indentation and
 * chomping indicators, LF or CRLF line ends.
 *
 * The value is worked out here from the text, following YAML 1.2's folding rules, and compared with
 * the value the parser read: where they differ (a style this does not follow), there is no map and
 * a finding takes the whole scalar instead.
 */

export interface SourcedText {
  readonly value: string;
  /** offsets[i] is where value[i] is written; offsets[value.length] is where the value's text ends. */
  readonly offsets: readonly number[];
}

/** Value characters and their places, built up as the text is read. */
class Builder {
  readonly chars: string[] = [];
  readonly offsets: number[] = [];
  push(text: string, at: number): void {
    for (const char of text) {
      // A character outside the Basic Multilingual Plane is two UTF-16 code units, written at one place.
      for (let unit = 0; unit < char.length; unit++) {
        this.chars.push(char[unit] as string);
        this.offsets.push(at);
      }
    }
  }
  done(end: number): SourcedText {
    return { value: this.chars.join(''), offsets: [...this.offsets, end] };
  }
}

/**
 * The scalar written at text[start, end) (a node's range: quotes and block header included), mapped
 * to its places; undefined when the value worked out here is not `expected`, the parser's value.
 */
export function sourcedScalar(text: string, start: number, end: number, expected: string): SourcedText | undefined {
  const first = text[start];
  let read: SourcedText | undefined;
  if (first === "'") read = quoted(text, start + 1, end - 1, false);
  else if (first === '"') read = quoted(text, start + 1, end - 1, true);
  else if (first === '|' || first === '>') read = block(text, start, end, first === '>');
  else read = plain(text, start, end);
  return read?.value === expected ? read : undefined;
}

const isBreak = (char: string | undefined): boolean => char === '\n' || char === '\r';
const isBlank = (char: string | undefined): boolean => char === ' ' || char === '\t';

/** Where the line break at `at` ends (CRLF is one break). */
function afterBreak(text: string, at: number): number {
  return text[at] === '\r' && text[at + 1] === '\n' ? at + 2 : at + 1;
}

/**
 * Folds the line breaks from `at` (the first break) over the blank lines after it: one break is a
 * space, n breaks are n - 1 newlines. Returns where the next line's text starts.
 */
function fold(text: string, at: number, to: number, out: Builder): number {
  let breaks = 0;
  let i = at;
  let firstBreak = at;
  while (i < to) {
    if (isBreak(text[i])) {
      if (breaks === 0) firstBreak = i;
      breaks++;
      i = afterBreak(text, i);
    } else if (isBlank(text[i])) i++;
    else break;
  }
  if (breaks === 1) out.push(' ', firstBreak);
  else for (let n = 1; n < breaks; n++) out.push('\n', firstBreak);
  return i;
}

/** A plain scalar, one line or several. */
function plain(text: string, start: number, end: number): SourcedText {
  const out = new Builder();
  let i = start;
  while (i < end) {
    const char = text[i] as string;
    if (isBlank(char) || isBreak(char)) {
      let j = i;
      while (j < end && isBlank(text[j])) j++;
      if (j < end && isBreak(text[j])) {
        i = fold(text, j, end, out);
        continue;
      }
      for (; i < j; i++) out.push(text[i] as string, i);
      continue;
    }
    out.push(char, i);
    i++;
  }
  return out.done(end);
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
const HEX_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** A quoted scalar's inside, text[from, to): `''` in single quotes, escapes in double quotes, folded lines in both. */
function quoted(text: string, from: number, to: number, double: boolean): SourcedText | undefined {
  const out = new Builder();
  let i = from;
  while (i < to) {
    const char = text[i] as string;
    if (!double && char === "'" && text[i + 1] === "'") {
      out.push("'", i);
      i += 2;
    } else if (double && char === '\\') {
      const next = text[i + 1];
      if (isBreak(next)) {
        // An escaped line break joins the lines with nothing between them.
        i = afterBreak(text, i + 1);
        while (i < to && isBlank(text[i])) i++;
      } else if (next !== undefined && next in HEX_DIGITS) {
        const digits = HEX_DIGITS[next] as number;
        const code = Number.parseInt(text.slice(i + 2, i + 2 + digits), 16);
        if (!Number.isInteger(code) || code > 0x10ffff) return undefined;
        out.push(String.fromCodePoint(code), i);
        i += 2 + digits;
      } else if (next !== undefined && next in ESCAPES) {
        out.push(ESCAPES[next] as string, i);
        i += 2;
      } else return undefined;
    } else if (isBlank(char) || isBreak(char)) {
      let j = i;
      while (j < to && isBlank(text[j])) j++;
      if (j < to && isBreak(text[j])) i = fold(text, j, to, out);
      else for (; i < j; i++) out.push(text[i] as string, i);
    } else {
      out.push(char, i);
      i++;
    }
  }
  return out.done(to);
}

/** A literal or folded block scalar: its header line, then its lines at their indentation. */
function block(text: string, start: number, end: number, folded: boolean): SourcedText | undefined {
  let i = start + 1;
  let chomp: 'clip' | 'strip' | 'keep' = 'clip';
  let explicit: number | undefined;
  for (; i < end && !isBreak(text[i]) && !isBlank(text[i]); i++) {
    const char = text[i] as string;
    if (char === '-') chomp = 'strip';
    else if (char === '+') chomp = 'keep';
    else if (char >= '1' && char <= '9') explicit = Number(char);
    else return undefined;
  }
  while (i < end && !isBreak(text[i])) i++;
  if (i >= end) return { value: '', offsets: [end] };
  i = afterBreak(text, i);

  // The lines of the block: where each starts and ends (its break excluded).
  const lines: { start: number; end: number }[] = [];
  while (i < end) {
    let j = i;
    while (j < end && !isBreak(text[j])) j++;
    lines.push({ start: i, end: j });
    i = j < end ? afterBreak(text, j) : j;
  }
  const indentOf = (line: { start: number; end: number }): number => {
    let n = 0;
    while (line.start + n < line.end && text[line.start + n] === ' ') n++;
    return n;
  };
  const isEmpty = (line: { start: number; end: number }): boolean => /^ *$/.test(text.slice(line.start, line.end));
  let indent: number;
  if (explicit !== undefined) indent = explicit + headerIndent(text, start);
  else {
    const firstText = lines.find((line) => !isEmpty(line));
    indent = firstText ? indentOf(firstText) : Math.max(0, ...lines.map((line) => line.end - line.start));
  }

  const out = new Builder();
  // Breaks not yet written: they depend on what follows (folding) and on chomping at the end.
  let pending: number[] = [];
  let previousText: 'none' | 'normal' | 'more' = 'none';
  for (const line of lines) {
    const blank = line.end - line.start <= indent && isEmpty(line);
    if (blank) {
      pending.push(line.end);
      continue;
    }
    const content = line.start + indent;
    const more = isBlank(text[content]);
    if (previousText !== 'none') {
      // The break that ended the previous text line, then one per blank line.
      const [ended, ...blanks] = pending;
      if (folded && previousText === 'normal' && !more) {
        if (blanks.length === 0) out.push(' ', ended as number);
        else for (const at of blanks) out.push('\n', at);
      } else for (const at of pending) out.push('\n', at);
    } else for (const at of pending) out.push('\n', at);
    pending = [];
    for (let k = content; k < line.end; k++) out.push(text[k] as string, k);
    pending.push(line.end);
    previousText = more ? 'more' : 'normal';
  }
  if (previousText === 'none') {
    if (chomp === 'keep') for (const at of pending) out.push('\n', at);
    return out.done(end);
  }
  if (chomp === 'clip') out.push('\n', pending[0] as number);
  else if (chomp === 'keep') for (const at of pending) out.push('\n', at);
  return out.done(end);
}

/** The indentation of the node that holds a block scalar: the spaces before the key on the header's line, plus any "- " before it. */
function headerIndent(text: string, header: number): number {
  let lineStart = header;
  while (lineStart > 0 && !isBreak(text[lineStart - 1])) lineStart--;
  let n = lineStart;
  while (text[n] === ' ' || (text[n] === '-' && text[n + 1] === ' ')) n += text[n] === '-' ? 2 : 1;
  return n - lineStart;
}
