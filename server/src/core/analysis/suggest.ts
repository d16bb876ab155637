/**
 * "Did you mean …?": the defined id of a kind nearest to an id that does not exist (a typo, a case
 * slip or a look-alike dash). Answers are kept until a change can alter them, and forgetStale says
 * which broken ids' answers changed, so only the links that name them are checked again.
 */
import { distance } from 'fastest-levenshtein';
import { normaliseLookalikes } from '../ids';
import type { IndexReader } from '../index/store';
import type { Item, Kind } from '../model';

export class IdSuggester {
  private readonly answers = new Map<string, string | null>();
  /** For each kind, which characters each of its sorted ids holds (see charMask) and its length, three numbers per id, for the ids array it was made from. */
  private readonly masks = new Map<Kind, { readonly ids: readonly string[]; readonly masks: Int32Array }>();

  constructor(private readonly store: IndexReader) {}

  /** A defined id of `kind` close to `id`, if any. */
  suggest(id: string, kind: Kind): string | undefined {
    const key = `${kind}\u0000${id}`;
    const cached = this.answers.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const result = this.closestId(id, kind);
    this.answers.set(key, result ?? null);
    return result;
  }

  /**
   * Drops only the answers that a change can alter: those naming a removed id, and those for which
   * an added id is close enough to be a better (or the first) answer. `gone` and `come` are the
   * items the change removed and added (twins left out: they keep their id and kind); call after
   * the store has the change. Returns the broken ids whose answer was dropped.
   */
  forgetStale(gone: readonly Item[], come: readonly Item[]): Set<string> {
    const forgotten = new Set<string>();
    if (this.answers.size === 0) return forgotten;
    // Answers are per kind, so ids count as (kind, id) pairs: an id can stop being a requirement
    // while a need of the same id remains.
    const keyOf = (item: Item): string => `${item.kind}\u0000${item.id}`;
    const before = new Set(gone.map(keyOf));
    const after = new Set(come.map(keyOf));
    const removed = new Set(
      [...before].filter((key) => {
        if (after.has(key)) return false;
        const [kind, id] = key.split('\u0000') as [string, string];
        return !this.store.definitionsOf(id).some((def) => def.kind === kind);
      }),
    );
    const added = come.filter((item) => !before.has(keyOf(item)));
    if (removed.size === 0 && added.length === 0) return forgotten;
    for (const [key, suggestion] of this.answers) {
      const separator = key.indexOf('\u0000');
      const kind = key.slice(0, separator);
      const id = normaliseLookalikes(key.slice(separator + 1)).toUpperCase();
      const stale =
        (suggestion !== null && removed.has(`${kind}\u0000${suggestion}`)) ||
        added.some((item) => item.kind === kind && Math.abs(item.id.length - id.length) <= 2 && distance(id, item.id) <= 2);
      if (stale) {
        this.answers.delete(key);
        forgotten.add(key.slice(separator + 1));
      }
    }
    return forgotten;
  }

  private closestId(id: string, kind: Kind): string | undefined {
    const normal = normaliseLookalikes(id).toUpperCase();
    if (normal !== id && this.store.definitionsOf(normal).some((d) => d.kind === kind)) return normal;
    const limit = normal.length <= 5 ? 1 : 2;
    let best: string | undefined;
    let bestDistance = limit + 1;
    const ids = this.store.idsOfKind(kind);
    // Three numbers per id, so the scan reads no strings until an id passes both cheap tests.
    let entry = this.masks.get(kind);
    if (entry?.ids !== ids) {
      const masks = new Int32Array(3 * ids.length);
      for (const [i, id] of ids.entries()) {
        charMask(id, masks, 3 * i);
        masks[3 * i + 2] = id.length;
      }
      this.masks.set(kind, (entry = { ids, masks }));
    }
    const { masks } = entry;
    const own = new Int32Array(2);
    charMask(normal, own, 0);
    const low = own[0] as number;
    const high = own[1] as number;
    for (let i = 0; i < ids.length; i++) {
      if (Math.abs((masks[3 * i + 2] as number) - normal.length) > limit) continue;
      // One edit changes at most two of the characters an id holds: a cheap test that rules out
      // most ids before the edit distance is worked out, and never one within reach.
      if (bitCount((masks[3 * i] as number) ^ low) + bitCount((masks[3 * i + 1] as number) ^ high) > 2 * Math.min(limit, bestDistance)) continue;
      const candidate = ids[i] as string;
      const d = distance(normal, candidate);
      if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }
}

/** Which characters a string holds, as 64 bits (character code modulo 64) in masks[at] and masks[at + 1]. */
function charMask(text: string, masks: Int32Array, at: number): void {
  let low = 0;
  let high = 0;
  for (let i = 0; i < text.length; i++) {
    const bit = text.charCodeAt(i) & 63;
    if (bit < 32) low |= 1 << bit;
    else high |= 1 << (bit - 32);
  }
  masks[at] = low;
  masks[at + 1] = high;
}

function bitCount(bits: number): number {
  let n = bits - ((bits >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
