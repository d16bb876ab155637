// Bundles the CLI, the language server and the VS Code extension with esbuild.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const production = process.argv.includes('--production');

const common = {
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  // ESM dependencies read import.meta.url, which a CommonJS bundle must provide itself.
  banner: { js: "#!/usr/bin/env node\nconst __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { REQTRACE_VERSION: JSON.stringify(version), 'import.meta.url': '__importMetaUrl' },
  logLevel: 'warning',
};

const VALIDATORS = fileURLToPath(new URL('../server/src/core/parse/validators.ts', import.meta.url));

/** Runs validatorsModuleSource() from the TypeScript sources: bundled as CommonJS and run here, taking ajv from node_modules. */
async function standaloneValidators() {
  const { outputFiles } = await build({ entryPoints: [VALIDATORS], bundle: true, write: false, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', logLevel: 'warning' });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  return module.exports.validatorsModuleSource();
}

/** Bundles the validators ajv generated now in place of the module that compiles them when it loads. */
function standaloneValidatorsPlugin(contents) {
  return {
    name: 'standalone-validators',
    setup(bundle) {
      bundle.onLoad({ filter: /[\\/]validators\.ts$/ }, (args) => (args.path === VALIDATORS ? { contents, loader: 'js', resolveDir: dirname(VALIDATORS) } : undefined));
    },
  };
}

/**
 * exceljs (with the zip and stream libraries it brings, 5× the size of our own code) goes in a bundle of
 * its own, dist/exceljs.js, which the code's `await import('exceljs')` loads only when a command writes or
 * reads a workbook: every other run of the CLI and the server starts without compiling it.
 */
const lazyExceljs = {
  name: 'lazy-exceljs',
  setup(bundle) {
    bundle.onResolve({ filter: /^exceljs$/ }, (args) => (args.kind === 'dynamic-import' ? { path: './exceljs.js', external: true } : undefined));
  },
};

await Promise.all([
  build({
    ...common,
    // --cli-only builds the command line alone (the golden outputs need nothing else).
    entryPoints: process.argv.includes('--cli-only')
      ? { cli: 'server/src/cli/main.ts', parseWorker: 'server/src/node/parseWorker.ts' }
      : { cli: 'server/src/cli/main.ts', server: 'server/src/lsp/server.ts', parseWorker: 'server/src/node/parseWorker.ts' },
    plugins: [standaloneValidatorsPlugin(await standaloneValidators()), lazyExceljs],
    // import() of ./exceljs.js as require(), which takes a CommonJS bundle's exports as they are.
    supported: { 'dynamic-import': false },
  }),
  build({ ...common, entryPoints: { exceljs: 'exceljs' }, banner: { js: common.banner.js.replace('#!/usr/bin/env node\n', '') } }),
  // The extension runs inside VS Code, which provides the `vscode` module.
  process.argv.includes('--cli-only') ? undefined : build({ ...common, entryPoints: { extension: 'client/src/extension.ts' }, external: ['vscode'], banner: { js: common.banner.js.replace('#!/usr/bin/env node\n', '') } }),
]);
