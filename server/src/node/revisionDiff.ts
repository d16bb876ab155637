/**
 * The two sides of a requirements diff, loaded and compared: shared by `reqtrace diff` (cli/diff.ts)
 * and the editor's Compare with Baseline (lsp/handlers/baseline.ts), so that both compare the same
 * files in the same way. A side at a commit is read from git, every file through the repository's
 * one cat-file process; the working tree is whatever the caller says it is (the disk for the
 * command line, the editor's index, unsaved edits included, for the server).
 */
import { nodeSha256 } from './nodeHash';
import { fileURLToPath } from 'node:url';
import { Workspace } from '../core/analysis/workspace';
import { compareWorkspaces, type DiffSide, type RequirementsDiff, type Revision } from '../core/change/diff';
import { Fingerprints } from '../core/fingerprint';
import type { FileHost } from '../core/host';
import { hostLoader, loadFiles } from '../core/workspace';
import type { GitRepository } from './gitRead';
import { listWorkspaceFiles, type WorkspaceScope } from './workspaceFiles';

/** What a side holds: see WorkspaceScope. */
export type DiffScope = WorkspaceScope;

/**
 * One side loaded as check loads a workspace: the files under each folder given and each file
 * named, plus (when files were named or --root given) every file of the workspace, whose items
 * count for coverage and impact but are not compared.
 */
export async function loadSide(host: FileHost, scope: DiffScope): Promise<DiffSide & { readonly index: Workspace }> {
  const { config } = scope;
  const { uris, named } = await listWorkspaceFiles(host, scope);
  // No rules: the diff reads items, links and coverage, never findings.
  const index = new Workspace(config.limits, [], config.ruleOptions, new Fingerprints(config.fingerprintFields, nodeSha256));
  await loadFiles(hostLoader(host, config.limits), uris, index);
  return { index, fingerprint: (item) => index.context.fingerprint(item), ...(named ? { compares: (uri: string) => named.has(uri) } : {}) };
}

export interface RevisionDiffRequest {
  readonly repository: GitRepository;
  /** The workspace folder (absolute), as the output names it from the top of the repository. */
  readonly folder: string;
  readonly scope: DiffScope;
  /** The base: the revision as given and the commit it names. */
  readonly base: Revision & { readonly commit: string };
  /** The head: a commit, or (commit null) the working tree that `workingTree` loads. */
  readonly head: Revision;
  readonly workingTree: () => Promise<DiffSide>;
}

/**
 * The diff of `base` against `head`; undefined when neither side holds a requirement file. Both
 * sides load at once, so git reads one while the other parses.
 */
export async function diffRevisions({ repository, folder, scope, base, head, workingTree }: RevisionDiffRequest): Promise<RequirementsDiff | undefined> {
  const maxBytes = (): number => scope.config.limits.maxFileChars;
  const [baseSide, headSide] = await Promise.all([loadSide(repository.treeHost(base.commit, maxBytes), scope), head.commit !== null ? loadSide(repository.treeHost(head.commit, maxBytes), scope) : workingTree()]);
  if (baseSide.index.uris.length === 0 && headSide.index.uris.length === 0) return undefined;
  const pathOf = (uri: string): string => {
    const file = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
    return repository.pathOf(file) ?? file;
  };
  return compareWorkspaces(baseSide, headSide, { fields: scope.config.fingerprintFields, pathOf, base, head, workspace: repository.pathOf(folder) || '.' });
}
