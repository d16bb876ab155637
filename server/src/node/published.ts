/**
 * The ITT as published: the workspace's files at the config's `published:` revision, read from git
 * (node/gitRead.ts: read-only, every file through one cat-file process) and kept as the baseline
 * changed-after-publication compares with. Read once per load of the config, by the command line
 * before it checks and by the server when it loads a folder.
 */
import { fileURLToPath } from 'node:url';
import { publishedBaseline, type PublishedBaseline } from '../core/change/published';
import type { Config } from '../core/config';
import { GitRepository, type GitReadOptions } from './gitRead';
import { loadSide } from './revisionDiff';

/** The baseline, or why it cannot be read (one line); undefined when the config names no `published:` revision. */
export async function readPublished(root: string, config: Config, options: GitReadOptions = {}): Promise<PublishedBaseline | { readonly problem: string } | undefined> {
  if (config.published === undefined) return undefined;
  const folder = root.startsWith('file:') ? fileURLToPath(root) : root;
  let repository: GitRepository | undefined;
  try {
    repository = await GitRepository.open(folder, options);
    const commit = await repository.commitOf(config.published);
    const side = await loadSide(repository.treeHost(commit, () => config.limits.maxFileChars), { targets: [folder], kinds: ['dir'], root: undefined, config });
    const { index } = side;
    return publishedBaseline((file) => index.context.tree(file), index.uris.map((uri) => index.file(uri)).filter((file) => file !== undefined), config.published, commit);
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  } finally {
    await repository?.close();
  }
}
