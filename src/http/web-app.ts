// Serves the built web app (src/web/dist, made by `npm run build`, which `npm start` runs first):
// its files, and index.html for every page address so the browser's router can draw the page.
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './context.ts';

const DIST = path.join(import.meta.dirname, '..', 'web', 'dist');

// Addresses the app does not own: the API, the mail catcher, operations. A missing file (a name with
// an extension) is a 404 too, not the app's page, so a broken asset link fails loudly.
const NOT_APP_PAGES = /^\/(api|dev)(\/|$)|^\/(healthz|readyz|metrics)$|\.[a-z0-9]+$/i;

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Quartet</title></head>
<body><main><h1>Quartet</h1><p>The web app has not been built. Run <code>npm run build</code> (npm start does it) and reload.</p>
<p>The API is described at <a href="/api/docs">/api/docs</a>.</p></main></body></html>`;

export async function registerWebApp(app: App) {
  const built = existsSync(path.join(DIST, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: DIST,
      // Only the files present at start: the build runs before the server does.
      wildcard: false,
      index: false,
      preCompressed: true,
      setHeaders(reply, file) {
        // Asset names carry a hash of their content, so they never change; index.html does.
        reply.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.get('/*', { schema: { hide: true } }, (request: FastifyRequest, reply: FastifyReply) => {
    const pathname = request.url.split(/[?#]/)[0] ?? '/';
    if (NOT_APP_PAGES.test(pathname)) return reply.callNotFound();
    if (!built) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT_PAGE);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
