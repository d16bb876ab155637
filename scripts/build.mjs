// Bundles the CLI, the language server and the VS Code extension with esbuild.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

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

await Promise.all([
  build({ ...common, entryPoints: { cli: 'server/src/cli/main.ts', server: 'server/src/lsp/server.ts', parseWorker: 'server/src/node/parseWorker.ts' } }),
  // The extension runs inside VS Code, which provides the `vscode` module.
  build({ ...common, entryPoints: { extension: 'client/src/extension.ts' }, external: ['vscode'], banner: { js: common.banner.js.replace('#!/usr/bin/env node\n', '') } }),
]);
