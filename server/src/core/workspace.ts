/** Whole-workspace operations on top of the index: load files through a host, gather findings. */
import { applySeverity, type Config } from './config';
import type { FileHost } from './host';
import type { WorkspaceIndex } from './index';
import type { Finding } from './model';
import { parseFile, unreadableFile } from './parse';

/** Reads and indexes files, a bounded number at a time. */
export async function loadFiles(host: FileHost, uris: readonly string[], index: WorkspaceIndex, config: Config, concurrency = 32): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < uris.length) {
      const uri = uris[next++] as string;
      const result = await host.read(uri);
      index.setParsed('text' in result ? parseFile(uri, result.text, config.limits) : unreadableFile(uri, result.problem));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, uris.length) }, worker));
}

/** Every finding in the workspace with the configured severities, ordered by file then position. */
export function workspaceFindings(index: WorkspaceIndex, config: Config): Finding[] {
  const findings: Finding[] = [];
  for (const uri of [...index.uris].sort()) findings.push(...applySeverity(index.check(uri), config.severity));
  return findings;
}
