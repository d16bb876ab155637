/**
 * A word-level diff of two texts, as `reqtrace diff` shows a reworded field. The texts are first
 * normalised as fingerprints normalise them (normaliseText: runs of white space made one space,
 * trimmed, NFC), so a re-wrapped or re-indented field shows no change, exactly when its fingerprint
 * shows none; the words are then matched by a longest common subsequence.
 *
 * The LCS table has a cell per pair of words, so it is bounded: the words the two texts share at
 * the start and at the end are set aside first (a rewording usually touches a few words in the
 * middle), and when what is left would still need more than WORD_DIFF_MAX_CELLS cells (two middles
 * of 500 words each, say) the middle is shown as removed whole and added whole rather than matched.
 */
import { normaliseText } from '../fingerprint';

export type WordSegmentKind = 'same' | 'removed' | 'added';

/** A run of words: the words joined by single spaces. */
export interface WordSegment {
  readonly kind: WordSegmentKind;
  readonly text: string;
}

/** The most LCS cells (words left in the one middle × words left in the other) matched word by word. */
export const WORD_DIFF_MAX_CELLS = 250_000;

/**
 * The segments that turn `before` into `after`: same, removed and added runs in reading order, with
 * a removed run before the added run that replaces it, and no two neighbours of the same kind.
 */
export function wordDiff(before: string, after: string, maxCells = WORD_DIFF_MAX_CELLS): WordSegment[] {
  const a = words(before);
  const b = words(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const kinds: { kind: WordSegmentKind; word: string }[] = [];
  for (let i = 0; i < start; i++) kinds.push({ kind: 'same', word: a[i] as string });
  kinds.push(...middle(a.slice(start, endA), b.slice(start, endB), maxCells));
  for (let i = endA; i < a.length; i++) kinds.push({ kind: 'same', word: a[i] as string });
  return joinRuns(kinds);
}

function words(text: string): string[] {
  const normalised = normaliseText(text);
  return normalised === '' ? [] : normalised.split(' ');
}

/** The two middles matched by LCS, or replaced whole when the table would be too large. */
function middle(a: readonly string[], b: readonly string[], maxCells: number): { kind: WordSegmentKind; word: string }[] {
  const removedAll = a.map((word) => ({ kind: 'removed' as const, word }));
  const addedAll = b.map((word) => ({ kind: 'added' as const, word }));
  if (a.length === 0 || b.length === 0 || a.length * b.length > maxCells) return [...removedAll, ...addedAll];
  // lcs[i][j]: the length of the LCS of a[i..] and b[j..], in one flat array of (n+1)(m+1) cells.
  // A length is at most min(n, m), which the bound keeps below 2^16.
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  const lcs = new Uint16Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? (lcs[(i + 1) * width + j + 1] as number) + 1 : Math.max(lcs[(i + 1) * width + j] as number, lcs[i * width + j + 1] as number);
    }
  }
  // Walk the table from the start; on a tie, words of `a` go first. Then an added word is never
  // followed by a removed one (that would need lcs[i][j+1] > lcs[i+1][j+1] = lcs[i][j+1]), so
  // between two same words every removed word comes before every added word.
  const out: { kind: WordSegmentKind; word: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', word: a[i] as string });
      i++;
      j++;
    } else if ((lcs[(i + 1) * width + j] as number) >= (lcs[i * width + j + 1] as number)) {
      out.push({ kind: 'removed', word: a[i++] as string });
    } else {
      out.push({ kind: 'added', word: b[j++] as string });
    }
  }
  while (i < n) out.push({ kind: 'removed', word: a[i++] as string });
  while (j < m) out.push({ kind: 'added', word: b[j++] as string });
  return out;
}

function joinRuns(list: readonly { kind: WordSegmentKind; word: string }[]): WordSegment[] {
  const segments: { kind: WordSegmentKind; words: string[] }[] = [];
  for (const { kind, word } of list) {
    const last = segments[segments.length - 1];
    if (last && last.kind === kind) last.words.push(word);
    else segments.push({ kind, words: [word] });
  }
  return segments.map(({ kind, words: runWords }) => ({ kind, text: runWords.join(' ') }));
}
