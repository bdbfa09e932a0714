// Security headers on every answer (API, pages, errors, 404s), through @fastify/helmet's
// onRequest hook: it writes them before any handler runs, so an error or a 404 carries them too.
import fastifyHelmet from '@fastify/helmet';
import type { App } from './context.ts';

export async function registerSecurityHeaders(app: App, baseUrl: string) {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        // Every page Quartet serves (/sign-in, /api/docs) loads its scripts and styles as files
        // from this origin: no inline script is ever needed, so none is allowed.
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        // Swagger UI draws a few icons as data: images.
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        // Only over HTTPS: on http://localhost it would send the page's own requests to https://.
        upgradeInsecureRequests: baseUrl.startsWith('https:') ? [] : null,
      },
    },
    // Browsers ignore HSTS over plain HTTP, so sending it always is harmless and keeps one header set.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    // The log-in token lives in the URL fragment, which is never sent; no-referrer also keeps
    // session and booking ids in paths from reaching other sites.
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
}

// Swagger UI's top-bar logo is an SVG that carries its colours in a <style> element. Allowing that
// one element by its hash keeps inline styles shut elsewhere on the docs page; a Swagger UI update
// that changes the logo only loses its colours, nothing else.
const SWAGGER_LOGO_STYLE = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

/** For @fastify/swagger-ui's transformStaticCSP: the CSP of the /api/docs pages. */
export function docsPageCsp(header: string): string {
  return header.replace("style-src 'self'", `style-src 'self' ${SWAGGER_LOGO_STYLE}`);
}
