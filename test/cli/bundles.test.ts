/**
 * The built bundles: exceljs (five times the size of reqtrace's own code, with its zip and stream
 * libraries) is a bundle of its own that only the commands writing or reading a workbook load, so
 * `check`, `report` and the language server start without compiling it; and the extension package
 * ships every bundle that the others load.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');
/** A class that exists in exceljs's own sources and in no other code bundled here. */
const EXCELJS_MARKER = 'WorkbookWriter';

describe('the bundles', () => {
  it('leave exceljs out of the CLI, the language server and the parse worker, which load dist/exceljs.js when asked for a workbook', () => {
    if (!existsSync(join(DIST, 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` before these tests.');
    expect(readFileSync(join(DIST, 'exceljs.js'), 'utf8')).toContain(EXCELJS_MARKER);
    for (const bundle of ['cli.js', 'server.js', 'parseWorker.js']) {
      const code = readFileSync(join(DIST, bundle), 'utf8');
      expect(code, bundle).not.toContain(EXCELJS_MARKER);
      if (bundle !== 'parseWorker.js') expect(code, bundle).toContain('require("./exceljs.js")');
    }
  });

  it('are all in the extension package (.vscodeignore lets every dist/*.js through)', () => {
    const rules = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
    const kept = (path: string) => {
      let keep = true;
      for (const rule of rules) {
        const negated = rule.startsWith('!');
        if (picomatch(negated ? rule.slice(1) : rule, { dot: true })(path)) keep = negated;
      }
      return keep;
    };
    const bundles = readdirSync(DIST).filter((name) => name.endsWith('.js'));
    expect(bundles).toContain('exceljs.js');
    for (const name of bundles) expect(kept(`dist/${name}`), `dist/${name}`).toBe(true);
  });
});
