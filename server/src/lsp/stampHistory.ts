/**
 * The hover's "what changed since this link was reviewed": the version of the linked item whose
 * fingerprint is the link's stamp, looked for in the git history of its file (at most
 * MAX_VERSIONS commits), and what changed since. Read only when a hover on a suspect link asks,
 * never on a keystroke; the versions are parsed one at a time with a turn of the event loop
 * between them, so edits that arrive meanwhile are not held up. Answers are kept per item version
 * and stamp: the history of a file does not change under a stamp.
 *
 * git is run by node/gitRead.ts with argument arrays and read-only options (`git log` with no
 * diff or signature, `cat-file --batch` with no filters), so no program a repository's config names
 * is run.
 */
import { changesSince, stampedVersionIn, type SinceStamp } from '../core/change/sinceStamp';
import type { Fingerprints } from '../core/fingerprint';
import type { Item } from '../core/model';
import type { ParseLimits } from '../core/parse/parse';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileHistory, type FileVersion } from '../node/gitRead';

/** The most commits of a file read for one stamp. */
export const MAX_VERSIONS = 200;
/** The most answers kept. */
const KEPT = 500;

export type ReadHistory = (uri: string, max: number) => Promise<readonly FileVersion[] | { readonly problem: string }>;

/** The history of a file from git (node/gitRead.ts). */
export const readGitHistory: ReadHistory = (uri, max) => fileHistory(dirname(fileURLToPath(uri)), uri, { max });

export class StampHistory {
  private readonly answers = new Map<string, Promise<SinceStamp>>();

  constructor(private readonly readHistory: ReadHistory = readGitHistory) {}

  /** What changed in `target` since `stamp` was its fingerprint. */
  since(target: Item, stamp: string, fingerprints: Fingerprints, limits: ParseLimits): Promise<SinceStamp> {
    const key = JSON.stringify([target.uri, target.kind, target.id, stamp, fingerprints.of(target), fingerprints.fields]);
    let answer = this.answers.get(key);
    if (!answer) {
      answer = this.lookUp(target, stamp, fingerprints, limits);
      this.answers.set(key, answer);
      if (this.answers.size > KEPT) this.answers.delete(this.answers.keys().next().value as string);
    }
    return answer;
  }

  private async lookUp(target: Item, stamp: string, fingerprints: Fingerprints, limits: ParseLimits): Promise<SinceStamp> {
    const versions = await this.readHistory(target.uri, MAX_VERSIONS);
    if (!Array.isArray(versions)) return { problem: (versions as { problem: string }).problem };
    for (const version of versions as readonly FileVersion[]) {
      await new Promise((resolve) => setImmediate(resolve));
      const then = stampedVersionIn(version.text, target, stamp, fingerprints, limits);
      if (then) return { commit: version.commit, changes: changesSince(then, target, fingerprints) };
    }
    return { notFound: true, searched: versions.length, commits: MAX_VERSIONS };
  }
}
