/**
 * Which files a command reads: the requirement files under each folder named and each file named,
 * plus, when files were named or --root given, every file of the workspace (checked or compared
 * against, but not listed or compared themselves). `check`, `report`, `export` and `diff` (each of
 * its two sides) all choose their files here.
 */
import { pathToFileURL } from 'node:url';
import type { Config } from '../core/config';
import type { FileHost } from '../core/host';

export interface WorkspaceScope {
  /** Absolute paths of folders and files, as the user named them. */
  readonly targets: readonly string[];
  readonly kinds: readonly ('dir' | 'file')[];
  /** The workspace whose every file is read too (files named, or --root given). */
  readonly root: string | undefined;
  readonly config: Config;
}

/** Every file to read, and (with a root) those named or under the folders named. */
export async function listWorkspaceFiles(host: FileHost, { targets, kinds, root, config }: WorkspaceScope): Promise<{ readonly uris: string[]; readonly named: ReadonlySet<string> | undefined }> {
  const uris = new Set<string>();
  for (const [i, target] of targets.entries()) {
    if (kinds[i] === 'file') uris.add(pathToFileURL(target).href);
    else for (const uri of await host.list(target, config.files, config.exclude)) uris.add(uri);
  }
  const named = root ? new Set(uris) : undefined;
  if (root) for (const uri of await host.list(root, config.files, config.exclude)) uris.add(uri);
  return { uris: [...uris], named };
}
