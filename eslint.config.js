// Lint rules: the recommended sets and settings read only through config.ts. The layer rules
// (who may import whom, e.g. the database libraries only from queries.ts and src/db/) are held by
// dependency-cruiser in .dependency-cruiser.cjs, which `npm run lint` runs after ESLint.
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
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read settings through src/lib/config.ts.' }],
    },
  },
  {
    files: ['src/lib/config.ts', 'test/**/*.ts', 'bench/**/*.ts', '**/*.test.ts', '*.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // The browser app: its globals are the browser's, and settings reach it only through the API.
    files: ['src/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', navigator: 'readonly', localStorage: 'readonly', crypto: 'readonly', Intl: 'readonly' } },
  },
);
