/** All I/O reaches the core through a host, so the core runs the same in the CLI, the server and tests. */

export type ReadResult = { readonly text: string } | { readonly problem: { readonly code: string; readonly message: string } };

export interface FileHost {
  /** The text of a file, or why it cannot be had. */
  read(uri: string): Promise<ReadResult>;
  /** URIs of the files under `root` that match `include` and not `exclude` (globs relative to root). */
  list(root: string, include: readonly string[], exclude: readonly string[]): Promise<string[]>;
}
