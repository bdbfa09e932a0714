// Cross-site request forgery: a state-changing request must come from our own pages. Browsers
// send Origin (and Sec-Fetch-Site) with every POST, so a foreign one is refused; clients that are
// not browsers send neither and cannot carry a victim's cookie anyway. Requests with an API token
// and no cookie are exempt.
import type { FastifyReply, FastifyRequest } from 'fastify';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function originGuard(allowedOrigin: string) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (SAFE_METHODS.has(request.method)) return;
    // An API token (integration or operator) is sent by scripts, never added by a browser on its
    // own; without a cookie there is nothing a foreign page could ride on.
    if (request.headers.authorization?.startsWith('Bearer ') && request.headers.cookie === undefined) return;
    const origin = request.headers.origin;
    const fetchSite = request.headers['sec-fetch-site'];
    const foreign = origin !== undefined ? origin !== allowedOrigin : fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none';
    if (foreign) {
      return reply.code(403).send({ code: 'FOREIGN_ORIGIN', message: 'Requests that change data must come from Quartet itself.' });
    }
  };
}
