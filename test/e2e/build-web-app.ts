// Builds the web app once per e2e run, so the browser tests the code as it is now, built as
// `npm run build` builds it.
import path from 'node:path';
import { build } from 'vite';

export default async function setup() {
  // Vitest sets NODE_ENV=test, and Vite would keep it: React's development build, not the one served.
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(import.meta.dirname, '../../vite.config.ts'), logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = before;
  }
}
