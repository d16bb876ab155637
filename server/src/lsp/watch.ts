/**
 * A file watcher for editors that cannot watch files for the server: Node's recursive fs.watch,
 * turned into LSP file events (created, changed, deleted) after a short quiet period.
 */
import { watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';

export function watchFolder(rootUri: string, onChanges: (changes: FileEvent[]) => void, warn: (message: string) => void): () => void {
  if (!rootUri.startsWith('file:')) return () => undefined;
  const root = fileURLToPath(rootUri);
  const touched = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = async (): Promise<void> => {
    timer = undefined;
    const paths = [...touched];
    touched.clear();
    const changes = await Promise.all(
      paths.map(async (path): Promise<FileEvent> => {
        const uri = pathToFileURL(path).href;
        try {
          // A new folder is read whole (its files may have come before it was watched).
          return { uri, type: (await stat(path)).isDirectory() ? FileChangeType.Created : FileChangeType.Changed };
        } catch {
          return { uri, type: FileChangeType.Deleted };
        }
      }),
    );
    onChanges(changes);
  };
  try {
    const watcher = watch(root, { recursive: true, persistent: false }, (_event, name) => {
      if (!name || /(^|[\\/])(node_modules|\.git)([\\/]|$)/.test(name)) return;
      touched.add(join(root, name));
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void flush(), 50);
    });
    // Node keeps watching after an error on one path (a symbolic link loop, say): say so once per error.
    const said = new Set<string>();
    watcher.on('error', (error) => {
      const message = String(error);
      if (said.has(message)) return;
      said.add(message);
      warn(`While watching ${root} for changes: ${message} (changes elsewhere are still seen).`);
    });
    return () => watcher.close();
  } catch (error) {
    warn(`Cannot watch ${root} for changes made outside the editor: ${String(error)}`);
    return () => undefined;
  }
}
