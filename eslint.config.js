// Lint rules. Beyond the recommended sets, one layer rule: only queries.ts files and src/db/
// talk to the database libraries (STYLE.md §3).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'test-results/', 'src/web/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read settings through src/config.ts.' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/queries.ts', 'src/db/**', 'src/server.ts', 'src/cli.ts', 'src/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['kysely', 'pg'], message: 'Database access belongs in a queries.ts file or src/db/.', allowTypeImports: true }],
      }],
    },
  },
  {
    files: ['src/config.ts', 'test/**/*.ts', 'bench/**/*.ts', '**/*.test.ts', '*.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // The browser app: its globals are the browser's, and settings reach it only through the API.
    files: ['src/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', navigator: 'readonly', localStorage: 'readonly', crypto: 'readonly', Intl: 'readonly' } },
  },
);
