// Builds the web app for an e2e run, so the browser tests the code as it is now, built as
// `npm run build` builds it — unless the build there is newer than every source it is made from
// (CI builds it first: the server-mode pass runs beside these tests, and its apps must not find
// src/web/dist half rewritten).
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';

const ROOT = path.join(import.meta.dirname, '../..');
const BUILT = path.join(ROOT, 'src/web/dist/index.html');
// The web app imports types from src/features, so all of src counts, and what the build reads besides.
const SOURCES = ['src', 'vite.config.ts', 'tsconfig.json', 'package-lock.json'];

function newestSource(): number {
  let newest = 0;
  const visit = (file: string) => {
    const entry = statSync(file);
    if (!entry.isDirectory()) newest = Math.max(newest, entry.mtimeMs);
    else if (file !== path.dirname(BUILT)) for (const name of readdirSync(file)) visit(path.join(file, name));
  };
  for (const source of SOURCES) visit(path.join(ROOT, source));
  return newest;
}

export default async function setup() {
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs > newestSource()) return;
  // Vitest sets NODE_ENV=test, and Vite would keep it: React's development build, not the one served.
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = before;
  }
}
