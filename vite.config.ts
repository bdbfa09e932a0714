// Builds the web app (src/web) into src/web/dist, which the Fastify process serves
// (src/http/web-app.ts). Each asset is also written gzip- and brotli-compressed next to itself so
// the server can send the smaller file without compressing on every request.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';

const root = path.join(import.meta.dirname, 'src/web');
const outDir = path.join(root, 'dist');

function precompress(): Plugin {
  return {
    name: 'quartet-precompress',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir).filter((f) => /\.(js|css|html|svg|json)$/.test(f))) {
        const content = readFileSync(file);
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(content));
      }
    },
  };
}

// `npm run dev:web`: Vite's dev server in front of Quartet on port 3000. Quartet accepts changes
// only from its own origin (the CSRF guard), so the proxied requests carry that origin.
const toQuartet: ProxyOptions = {
  target: 'http://localhost:3000',
  configure: (proxy) => proxy.on('proxyReq', (req) => req.setHeader('origin', 'http://localhost:3000')),
};

export default defineConfig({
  root,
  plugins: [react(), precompress()],
  build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: false },
  server: { proxy: { '/api': toQuartet, '/dev': toQuartet, '/calendar': toQuartet } },
});
