/**
 * What the Trace Explorer shows of one item: its links up (the needs it satisfies, its parent, the
 * requirements a clause covers) and down (its children, the requirements satisfying it, the clauses
 * covering it), one level, each with the link's stamp and whether it is suspect; and which item a
 * place in a file is about. Read from traceOf, so the view, the hover and the code lenses agree.
 */
import type { IndexReader } from '../index/store';
import { LINK_TARGET, type Item, type Link, type LinkField } from '../model';
import type { ParsedFile } from '../parse/parse';
import { itemAt, targetAt } from './lookup';
import { isSuspect, type FingerprintOf } from './review';
import { traceOf } from './trace';

export interface TraceStep {
  /** The field that links the two items, written on the lower one. */
  readonly field: LinkField;
  /** The item at the other end. */
  readonly item: Item;
  readonly link: Link;
  /** The link carries a stamp and the item it points to has changed since (suspect-link). */
  readonly suspect: boolean;
}

export interface TraceView {
  readonly item: Item;
  readonly up: readonly TraceStep[];
  readonly down: readonly TraceStep[];
}

/** The one-level trace of `item`, with each link's suspect mark worked out with `fingerprintOf` (the analysis's). */
export function traceView(index: IndexReader, item: Item, fingerprintOf: FingerprintOf): TraceView {
  const trace = traceOf(index, item);
  const step = ({ field, item: other, link }: { field: LinkField; item: Item; link: Link }): TraceStep => ({ field, item: other, link, suspect: isSuspect(index, link, fingerprintOf) });
  return { item, up: trace.upstream.map(step), down: trace.downstream.map(step) };
}

/**
 * The item a place in a file is about: the item whose id is there, the item a link there points to
 * (when one does), else the item whose mapping holds the place. Undefined outside every item.
 */
export function itemAtPlace(index: IndexReader, file: ParsedFile, offset: number): Item | undefined {
  const target = targetAt(file, offset);
  if (target?.kind === 'definition') return target.item;
  if (target?.kind === 'link') {
    const linked = index.item(target.link.to, LINK_TARGET[target.link.field]);
    if (linked && linked.kind === LINK_TARGET[target.link.field]) return linked;
  }
  return itemAt(file, offset);
}
