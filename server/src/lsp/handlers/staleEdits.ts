/**
 * An edit worked out from the index is only as good as the texts the index read. Before a rename
 * or a quick fix goes out, every file it changes that is not open in the editor is read again; if
 * one changed on disk (or was deleted) since reqtrace read it, the edit is refused — a rename with
 * an error naming the files, a quick fix disabled with the reason (or left out where the editor
 * cannot show that) — and the files are re-read first, so that trying again works. Open documents
 * need no check: their edits carry the document's version, which the editor checks.
 */
import { LSPErrorCodes, ResponseError, type CodeAction, type WorkspaceEdit } from 'vscode-languageserver';
import type { Workspace } from '../../core/analysis/workspace';
import type { FileHost } from '../../core/host';
import { refuseStaleActions } from './codeActions';
import { filesEditedBy } from './rename';

/** A file that changed on disk (or was deleted) since it was indexed. */
export interface ChangedFile {
  readonly uri: string;
  readonly gone: boolean;
}

/** What the check needs of the server, for one folder. */
export interface DiskCheck {
  /** The files among these that are not open and whose text on disk is no longer the index's. */
  changedOnDisk(uris: Iterable<string>): Promise<ChangedFile[]>;
  /** Reads these files into the index again, in turn with the other changes from disk. */
  reread(uris: readonly string[]): Promise<void>;
}

/** The folder an edit is in, to name its files as the author knows them. */
export interface FolderName {
  readonly root: string;
  contains(uri: string): boolean;
}

/** The rename's edit, or (after re-reading them) an error naming the files it touches that changed on disk. */
export async function renameUnlessStale(folder: FolderName, edit: WorkspaceEdit | null, check: DiskCheck): Promise<WorkspaceEdit | null> {
  const changed = edit ? await check.changedOnDisk(filesEditedBy(edit)) : [];
  if (changed.length === 0) return edit;
  await check.reread(changed.map((c) => c.uri));
  throw new ResponseError(LSPErrorCodes.RequestFailed, changedOnDiskMessage(folder, changed, 'the rename'));
}

/** The quick fixes, each that touches a file changed on disk refused (after re-reading those files). */
export async function quickFixesUnlessStale(folder: FolderName, actions: CodeAction[], check: DiskCheck, canDisable: boolean): Promise<CodeAction[]> {
  const changed = await check.changedOnDisk(actions.flatMap((action) => (action.edit ? filesEditedBy(action.edit) : [])));
  if (changed.length === 0) return actions;
  await check.reread(changed.map((c) => c.uri));
  const reasonFor = (uris: string[]): string => changedOnDiskMessage(folder, changed.filter((c) => uris.includes(c.uri)), 'the quick fix');
  return refuseStaleActions(actions, new Set(changed.map((c) => c.uri)), reasonFor, canDisable);
}

/**
 * The files among `uris` that are not open in the editor and whose text on disk is no longer the
 * text the index has now (call it as soon as an edit is worked out from the index), decided by
 * content. Nothing is changed.
 */
export async function changedOnDisk(index: Workspace, uris: Iterable<string>, disk: FileHost, isOpen: (uri: string) => boolean): Promise<ChangedFile[]> {
  const expected = new Map<string, string>();
  for (const uri of uris) {
    const file = index.file(uri);
    if (file && !isOpen(uri)) expected.set(uri, file.text);
  }
  if (expected.size === 0) return [];
  const checks = [...expected].map(async ([uri, text]): Promise<ChangedFile | undefined> => {
    const now = await disk.read(uri);
    if ('text' in now && now.text === text) return undefined;
    return { uri, gone: 'problem' in now && /no such file/.test(now.problem.message) };
  });
  return (await Promise.all(checks)).filter((c): c is ChangedFile => c !== undefined);
}

/**
 * Why an edit is refused, naming the files as the author knows them (relative to the workspace
 * folder), and what to do: `retry` is the request in words, e.g. "the rename".
 */
export function changedOnDiskMessage(folder: FolderName, changed: readonly ChangedFile[], retry: string): string {
  const name = (uri: string): string => {
    const path = folder.contains(uri) ? uri.slice(folder.root.length + 1) : uri.slice(uri.lastIndexOf('/') + 1);
    try {
      return decodeURIComponent(path);
    } catch {
      return path;
    }
  };
  const list = (files: readonly ChangedFile[]): string => {
    const names = files.map((f) => name(f.uri));
    return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
  };
  const edited = changed.filter((f) => !f.gone);
  const gone = changed.filter((f) => f.gone);
  const parts: string[] = [];
  if (edited.length > 0) parts.push(`${list(edited)} changed on disk since reqtrace read ${edited.length === 1 ? 'it' : 'them'}`);
  if (gone.length > 0) parts.push(`${list(gone)} ${gone.length === 1 ? 'was' : 'were'} deleted since reqtrace read ${gone.length === 1 ? 'it' : 'them'}`);
  const caughtUp = gone.length > 0 ? 'reqtrace has caught up' : `reqtrace has re-read ${changed.length === 1 ? 'it' : 'them'}`;
  return `${parts.join(', and ')}; ${caughtUp} — try ${retry} again.`;
}
