// The development mail catcher's inbox, at /dev/mail: only present when no SMTP_URL is set.
import { z } from 'zod';
import type { App } from '../../http/context.ts';
import type { MailCatcher } from '../../lib/mail-catcher.ts';

export function registerDevMailRoutes(app: App, catcher: MailCatcher) {
  app.get('/dev/mail', { schema: { hide: true } }, async () => ({
    note: 'Mail caught in development (no SMTP_URL set). Open /dev/mail/{id} for the raw message.',
    items: await catcher.list(),
  }));

  app.get('/dev/mail/:id', { schema: { hide: true, params: z.object({ id: z.string().max(200) }) } }, async (request, reply) => {
    const raw = await catcher.read(request.params.id);
    if (raw === undefined) return reply.code(404).send({ code: 'NOT_FOUND', message: 'No such message' });
    return reply.type('text/plain; charset=utf-8').send(raw);
  });
}
