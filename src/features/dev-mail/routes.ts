// The development mail catcher's inbox, at /dev/mail: only present when no SMTP_URL is set.
// Messages are parsed so a person can read them and follow their links.
// The inbox holds log-in links, so it opens to requests from this machine (where a developer
// reads their first link before anyone can sign in) and to signed-in admins, nobody else.
import type { FastifyRequest } from 'fastify';
import { simpleParser } from 'mailparser';
import { z } from 'zod';
import type { Db } from '../../db/pool.ts';
import { currentActor } from '../../http/auth.ts';
import type { App } from '../../http/context.ts';
import { ForbiddenError } from '../../lib/errors.ts';
import type { MailCatcher } from '../../lib/mail-catcher.ts';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

// A proxy on the same machine makes every visitor's connection come from loopback; the headers
// such a proxy adds show that the request came from further away.
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip', 'via'];

async function mayRead(db: Db, request: FastifyRequest): Promise<void> {
  if (LOOPBACK.test(request.ip) && !PROXY_HEADERS.some((h) => h in request.headers)) return;
  const actor = await currentActor(db, request);
  if (!actor?.roles.includes('admin') || actor.scopes) throw new ForbiddenError('The development mail inbox is open to this machine and to admins only.');
}

export function registerDevMailRoutes(app: App, catcher: MailCatcher, db: Db) {
  const guard = { onRequest: (request: FastifyRequest) => mayRead(db, request) };
  app.get('/dev/mail', { schema: { hide: true }, ...guard }, async () => {
    const items = await Promise.all(
      (await catcher.list()).slice(0, 100).map(async ({ id, receivedAt }) => {
        const parsed = await simpleParser((await catcher.read(id)) ?? '');
        return { id, receivedAt, to: parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '', subject: parsed.subject ?? '', read: `/dev/mail/${id}` };
      }),
    );
    return { note: 'Mail caught in development (no SMTP_URL set), newest first. Open "read" for the text of a message.', items };
  });

  app.get('/dev/mail/:id', { schema: { hide: true, params: z.object({ id: z.string().max(200) }) }, ...guard }, async (request, reply) => {
    const raw = await catcher.read(request.params.id);
    if (raw === undefined) return reply.code(404).send({ code: 'NOT_FOUND', message: 'No such message' });
    const parsed = await simpleParser(raw);
    const to = parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '';
    return reply.type('text/plain; charset=utf-8').send(`From: ${parsed.from?.text ?? ''}\nTo: ${to}\nSubject: ${parsed.subject ?? ''}\n\n${parsed.text ?? ''}`);
  });
}
