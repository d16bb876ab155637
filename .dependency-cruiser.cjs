/**
 * The import rules `npm run lint` holds (dependency-cruiser over server/src and client/src).
 *
 * No cycles: a cycle means neither module can be understood, tested or moved without the other.
 * Type-only imports count too (tsPreCompilationDeps): they erase at build time, but the modules
 * still depend on each other's shape, and a type-only edge is how most runtime cycles begin.
 *
 * A pure core: server/src/core imports only other core modules and npm packages that are not the
 * editor's (vscode*), and none of Node's I/O modules. Because every core module is held to this,
 * nothing the core reaches through its own imports does I/O either. ESLint keeps the same import
 * rule (it points at the line in the editor) and also forbids the `process` global, which no import
 * graph can see; this one also catches a dynamic import() and any new folder beside core.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'These modules import each other (perhaps through others): move what both need into a module of its own, or pass it in.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-only-core',
      severity: 'error',
      comment: 'server/src/core is the pure core: it must not import the language server, the Node hosts, the CLI or the client. Pass what it needs in (a FileHost, a value).',
      from: { path: '^server/src/core/' },
      to: { path: '^(server|client)/src/', pathNot: '^server/src/core/' },
    },
    {
      name: 'core-knows-no-editor',
      severity: 'error',
      comment: 'The core knows nothing of the editor or the protocol: only server/src/lsp converts to LSP.',
      from: { path: '^server/src/core/' },
      to: { path: '(^|/)node_modules/(@types/)?vscode|^vscode' },
    },
    {
      name: 'core-does-no-io',
      severity: 'error',
      comment: 'The core does no I/O: take it through a FileHost (server/src/core/host.ts).',
      from: { path: '^server/src/core/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|path|child_process|os|worker_threads)(/|$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
