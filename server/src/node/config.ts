import { access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CONFIG_FILE_NAME } from '../core/config';

/** The nearest reqtrace.config.yaml in `dir` or a folder above it. */
export async function findConfig(dir: string): Promise<string | undefined> {
  for (let current = dir; ; current = dirname(current)) {
    const candidate = join(current, CONFIG_FILE_NAME);
    try {
      await access(candidate);
      return candidate;
    } catch {
      // Not here; look one folder up.
    }
    if (dirname(current) === current) return undefined;
  }
}
