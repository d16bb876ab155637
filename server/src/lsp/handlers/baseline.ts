/**
 * Compare with Baseline: the editor's `reqtrace diff`. The diff is node/revisionDiff.ts's, the one
 * the command line computes, with the working tree taken from the folder's index (the files as the
 * editor has them, unsaved edits included) and the folder's config on both sides; this file only
 * translates: revisions in, the rendered diff out, and each id it shows placed in the workspace now
 * so the editor can open it. What git cannot give is one line (`problem`), never an error.
 */
import { fileURLToPath } from 'node:url';
import type { Workspace } from '../../core/analysis/workspace';
import { renderDiff, revisionName } from '../../core/change/diffRender';
import { diffHtml, type ShownId } from '../../core/change/diffHtml';
import type { Config } from '../../core/config';
import type { Item } from '../../core/model';
import { GitReadError, GitRepository } from '../../node/gitRead';
import { diffRevisions } from '../../node/revisionDiff';
import { toLocation } from '../convert';
import { sameFolder } from '../folder';
import type { BaselinesParams, BaselinesReply, DiffParams, DiffPlace, DiffReply } from '../protocol';

/** How many of HEAD's recent commits the baselines list offers. */
export const RECENT_COMMITS = 30;

interface BaselineFolder {
  readonly root: string;
  readonly index: Workspace;
  readonly config: Config;
  readonly loaded: Promise<void>;
}

/** The session as these requests need it: its folders, and a way to index what was typed. */
export interface BaselineSession {
  readonly folders: readonly BaselineFolder[];
  flushPending(): void;
}

export interface GitEnvironment {
  /** The environment git runs in (default: the server's). */
  readonly env?: NodeJS.ProcessEnv;
}

export async function diffWithBaseline(session: BaselineSession, params: DiffParams, options: GitEnvironment = {}): Promise<DiffReply> {
  const folder = folderOf(session, params.folderUri);
  if (typeof folder === 'string') return { problem: folder };
  await folder.loaded;
  session.flushPending();
  const path = fileURLToPath(folder.root);
  let repository: GitRepository | undefined;
  try {
    repository = await GitRepository.open(path, options);
    const [baseCommit, headCommit] = await Promise.all([repository.commitOf(params.base), params.head !== undefined ? repository.commitOf(params.head) : null]);
    const { index, config } = folder;
    const diff = await diffRevisions({
      repository,
      folder: path,
      scope: { targets: [path], kinds: ['dir'], root: undefined, config },
      base: { ref: params.base, commit: baseCommit },
      head: { ref: headCommit === null ? null : (params.head ?? null), commit: headCommit },
      workingTree: () => Promise.resolve({ index, fingerprint: (item: Item) => index.context.fingerprint(item) }),
    });
    if (!diff) return { problem: `No requirement files in ${folderName(folder.root)}, at ${params.base} or ${params.head ?? 'in the working tree'}.` };
    const places = new Places(index, (uri) => (uri.startsWith('file:') ? repository?.pathOf(fileURLToPath(uri)) : undefined));
    const html = diffHtml(diff, { placeOf: (shown) => places.numberOf(shown), ...(params.webviewNonce ? { nonce: params.webviewNonce } : {}) });
    return {
      title: `${revisionName(diff.base, (text) => text)} → ${revisionName(diff.head, (text) => text)}`,
      diff,
      markdown: renderDiff(diff, 'md'),
      ...(params.webviewNonce ? { html } : {}),
      places: places.list,
    };
  } catch (error) {
    if (error instanceof GitReadError) return { problem: problemOf(error, folder.root) };
    throw error;
  } finally {
    await repository?.close();
  }
}

export async function baselines(session: BaselineSession, params: BaselinesParams, options: GitEnvironment = {}): Promise<BaselinesReply> {
  const folder = folderOf(session, params.folderUri);
  if (typeof folder === 'string') return { problem: folder };
  try {
    const repository = await GitRepository.open(fileURLToPath(folder.root), options);
    const found = await repository.baselines(RECENT_COMMITS);
    if (found.length === 0) return { problem: `The git repository of ${folderName(folder.root)} has no commit yet: there is nothing to compare with.` };
    return { baselines: found };
  } catch (error) {
    if (error instanceof GitReadError) return { problem: problemOf(error, folder.root) };
    throw error;
  }
}

/** The folder asked for (the first when none is named), or why there is none to compare (a folder named that is not open among them). */
function folderOf(session: BaselineSession, folderUri: string | undefined): BaselineFolder | string {
  const folder = folderUri !== undefined ? session.folders.find((f) => sameFolder(f.root, folderUri)) : session.folders[0];
  // A folder named that is not open is not compared as another one.
  if (!folder && folderUri !== undefined) return `${folderName(folderUri)} is not a workspace folder of this session.`;
  if (!folder) return 'Open a folder of requirement files to compare it with a baseline.';
  if (!folder.root.startsWith('file:')) return `${folderName(folder.root)} is not a folder on disk, so git cannot read its history.`;
  return folder;
}

function folderName(root: string): string {
  return `'${decodeURIComponent(root.split('/').pop() ?? root)}'`;
}

/** git's problem in one line, worded for the editor. */
function problemOf(error: GitReadError, root: string): string {
  if (error.kind === 'no-git') return 'Compare with Baseline reads the history with git, and git could not be run (is it installed and on the PATH?).';
  if (error.kind === 'not-a-repository') return `${folderName(root)} is not in a git repository: there is no baseline to compare with.`;
  return `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.`;
}

/**
 * The places of the ids a diff shows, numbered as they are first asked for: each id opens the item
 * of that id (and kind, when known) in the workspace now, the one at the shown file and line when
 * there is one, else its first definition; an id no item has now (a removed item's) opens nothing.
 */
class Places {
  readonly list: DiffPlace[] = [];
  private readonly numbers = new Map<Item, number>();

  constructor(
    private readonly index: Workspace,
    private readonly pathOf: (uri: string) => string | undefined,
  ) {}

  numberOf(shown: ShownId): number | undefined {
    const candidates = this.index.definitionsOf(shown.id).filter((item) => shown.kind === undefined || item.kind === shown.kind);
    const located = candidates.map((item) => ({ item, location: toLocation(this.index, item.uri, item.idSpan) }));
    const found = located.find(({ item, location }) => this.pathOf(item.uri) === shown.file && location.range.start.line + 1 === shown.line) ?? located[0];
    if (!found) return undefined;
    let number = this.numbers.get(found.item);
    if (number === undefined) {
      number = this.list.length;
      this.numbers.set(found.item, number);
      this.list.push({ id: found.item.id, uri: found.item.uri, range: found.location.range });
    }
    return number;
  }
}
