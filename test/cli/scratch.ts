/** Temporary folders for tests that run the CLI: each made with its files, all removed after the test file. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * Call once at the top of a test file: returns a maker of folders named `prefix…`, each holding the
 * files given (path → text or bytes). The real path is returned, as the CLI prints it.
 */
export function scratchFolders(prefix: string): (files?: Readonly<Record<string, string | Uint8Array>>) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (files = {}) => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
    made.push(dir);
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    return dir;
  };
}
