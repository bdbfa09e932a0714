// The development mail catcher's inbox, at /dev/mail: only present when no SMTP_URL is set, which
// config.ts allows only for a Quartet that nothing but this machine can reach.
// The inbox holds log-in links, so whoever reads it must not read another organisation's:
// - a signed-in admin reads the mail of their own organisation's people (features/dev-mail/views.ts),
//   wherever the request comes from;
// - any other request from this machine that no proxy passed on is the developer, who reads
//   everything (their first log-in link comes from here, before anyone can sign in);
// - anyone else is refused.
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/pool.ts';
import { currentActor } from '../../http/auth.ts';
import type { App } from '../../http/context.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import { isLoopbackAddress } from '../../lib/loopback.ts';
import type { MailCatcher } from '../../lib/mail-catcher.ts';
import { CaughtMessageParams } from './schema.ts';
import { inboxPage, messageFrame, messagePage, refusedPage, type PageLanguage } from './presenters.ts';
import { listInbox, readMessage, readParsedMessage, type InboxReader } from './views.ts';

// A proxy on the same machine makes every visitor's connection come from loopback; the headers
// such a proxy adds show that the request came from further away.
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip', 'via'];

// An admin signed in is held to their organisation even from this machine: a relay that adds no
// header (ssh -L, socat, a TCP load balancer) makes visitors look local too.
async function readerOf(db: Db, request: FastifyRequest): Promise<InboxReader> {
  const actor = await currentActor(db, request);
  if (actor && !actor.scopes && actor.roles.includes('admin')) return { kind: 'admin', orgId: actor.orgId };
  if (isLoopbackAddress(request.ip) && !PROXY_HEADERS.some((h) => h in request.headers)) return { kind: 'developer' };
  throw new ForbiddenError('The development mail inbox is open to this machine and to admins only.');
}

/** A browser asks for HTML; fetch, curl and scripts get the JSON and text they always had. */
const wantsHtml = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/html');
const languageOf = (request: FastifyRequest): PageLanguage => (/^de\b/i.test(request.headers['accept-language'] ?? '') ? 'de' : 'en');

// The pages' own policy: no script at all, their one style element by nonce, the message's frame
// from this origin only.
function sendPage(reply: FastifyReply, html: string, nonce: string) {
  return reply
    .header('content-security-policy', `default-src 'none'; style-src 'nonce-${nonce}'; frame-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`)
    .type('text/html; charset=utf-8').send(html);
}

export function registerDevMailRoutes(app: App, catcher: MailCatcher, db: Db) {
  // Checked before the request is validated: an outsider learns nothing, not even what an id looks like.
  // A browser is refused with a page that says why, not with the JSON scripts get.
  const guard = {
    onRequest: async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        await readerOf(db, request);
      } catch (error) {
        if (!(error instanceof ForbiddenError) || !wantsHtml(request)) throw error;
        const nonce = randomBytes(16).toString('base64');
        return sendPage(reply.code(403), refusedPage(languageOf(request), nonce), nonce);
      }
    },
  };

  app.get('/dev/mail', { schema: { hide: true }, ...guard }, async (request, reply) => {
    const reader = await readerOf(db, request);
    const items = await listInbox(db, catcher, reader);
    if (wantsHtml(request)) {
      const nonce = randomBytes(16).toString('base64');
      return sendPage(reply, inboxPage(items, reader.kind, languageOf(request), nonce), nonce);
    }
    const whose = reader.kind === 'admin' ? 'to people of your organisation' : 'for everyone';
    return { note: `Mail caught in development (no SMTP_URL set) ${whose}, newest first. Open "read" for the text of a message.`, items };
  });

  app.get('/dev/mail/:id', { schema: { hide: true, params: CaughtMessageParams }, ...guard }, async (request, reply) => {
    const reader = await readerOf(db, request);
    if (wantsHtml(request)) {
      const mail = await readParsedMessage(db, catcher, reader, request.params.id);
      const nonce = randomBytes(16).toString('base64');
      return sendPage(reply, messagePage(request.params.id, mail, languageOf(request), nonce), nonce);
    }
    const text = await readMessage(db, catcher, reader, request.params.id);
    return reply.type('text/plain; charset=utf-8').send(text);
  });

  // The message's own HTML, framed by its page only, sandboxed by its policy as well as by the
  // frame: no script, no form, its own images and styles inline, links to a new tab.
  app.get('/dev/mail/:id/html', { schema: { hide: true, params: CaughtMessageParams }, ...guard }, async (request, reply) => {
    const mail = await readParsedMessage(db, catcher, await readerOf(db, request), request.params.id);
    return reply
      .header('content-security-policy', "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; frame-ancestors 'self'")
      .header('x-frame-options', 'SAMEORIGIN')
      .type('text/html; charset=utf-8').send(messageFrame(mail));
  });
}
