/** Layer rules: the domain core stays free of transports, stores, printers and adapters. */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-no-adapter',
      comment: 'src/domain must not import adapters, templates, HTTP, OData, PDF or database code',
      severity: 'error',
      from: { path: '^src/domain' },
      to: {
        path: [
          '^src/adapters',
          '^src/templates',
          '^src/cli',
          'node_modules/(fastify|fastify-plugin|@fastify/[^/]+|@odata/client|pdfmake|better-sqlite3|pg|pg-[^/]+|handlebars|piscina)/',
        ],
      },
    },
    {
      name: 'domain-imports-no-infrastructure-builtins',
      comment: 'the domain does no I/O of its own: files, sockets and processes go through ports',
      severity: 'error',
      from: { path: '^src/domain' },
      to: { dependencyTypes: ['core'], path: '^(fs|net|http|https|child_process|worker_threads|dgram|node:fs|node:net|node:http|node:https|node:child_process|node:worker_threads)$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
