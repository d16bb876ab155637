/** Whole-workspace operations on top of the index: load files through a host, gather findings. */
import { applySeverity } from './checks/registry';
import type { Config } from './config';
import type { FileHost } from './host';
import type { Workspace } from './analysis/workspace';
import type { Finding } from './model';
import { parseFile, unreadableFile, type ParsedFile, type ParseLimits } from './parse/parse';

/** Reads and parses one file; the CLI may do this in worker threads, tests and small runs in-line. */
export type FileLoader = (uri: string) => Promise<ParsedFile>;

/** A loader that reads through a host and parses with `parse` (on this thread unless given). */
export function hostLoader(host: FileHost, limits: ParseLimits, parse: (uri: string, text: string) => ParsedFile | Promise<ParsedFile> = (uri, text) => parseFile(uri, text, limits)): FileLoader {
  return async (uri) => {
    const result = await host.read(uri);
    return 'text' in result ? parse(uri, result.text) : unreadableFile(uri, result.problem);
  };
}

/** Runs `work` on every item, at most `width` at a time, in order of starting. */
export async function inWindow<T>(items: readonly T[], width: number, work: (item: T, at: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const at = next++;
      await work(items[at] as T, at);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

/** Loads and indexes files, a bounded number at a time. */
export async function loadFiles(load: FileLoader, uris: readonly string[], index: Workspace, concurrency = 32): Promise<void> {
  await inWindow(uris, concurrency, async (uri) => index.loadParsed(await load(uri)));
}

/** Every finding in the workspace with the configured severities, ordered by file then position. */
export function workspaceFindings(index: Workspace, config: Config): Finding[] {
  const findings: Finding[] = [];
  for (const uri of [...index.uris].sort()) findings.push(...applySeverity(index.check(uri), config.severity));
  return findings;
}
