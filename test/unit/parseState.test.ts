/**
 * Nothing mutable lives at module level in core/parse: each reader keeps its state in an object made
 * for one read, so no read can see another's leftovers, whatever calls it (the CLI, the server, a
 * parse worker, a test). Checked on the sources, as a lint rule would be.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const PARSE = join(__dirname, '..', '..', 'server', 'src', 'core', 'parse');

/** Top-level declarations that hold state: a `let` or `var`, a Map or Set not typed read-only, a regular expression that keeps `lastIndex`. */
function moduleState(source: string): string[] {
  return source
    .split('\n')
    .filter(
      (line) =>
        /^(export )?(let|var) /.test(line) ||
        (/^(export )?const [\w$]+(: (?!Readonly)[^=]+)? = new (Map|Set|WeakMap|WeakSet)\b/.test(line)) ||
        /^(export )?const [\w$]+(: [^=]+)? = \/.*\/[a-z]*[gy][a-z]*;$/.test(line),
    );
}

describe('core/parse', () => {
  it('keeps no mutable state at module level', () => {
    const files = readdirSync(PARSE).filter((name) => name.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    const found = files.flatMap((name) => moduleState(readFileSync(join(PARSE, name), 'utf8')).map((line) => `${name}: ${line}`));
    expect(found).toEqual([]);
  });

  it('notices each kind of module-level state', () => {
    expect(moduleState('let tail = 0;\nexport var x = 1;\nconst SHARED = new Map<string, string>();\nconst seen: Set<string> = new Set();\nconst WORDS = /\\w+/g;\n')).toHaveLength(5);
    expect(moduleState('const KINDS: ReadonlySet<number> = new Set([1]);\nconst RE = /\\w+/i;\nfunction f(): void {\n  let local = 0;\n}\n')).toEqual([]);
  });
});
