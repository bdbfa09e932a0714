// The development mail catcher's inbox, at /dev/mail: only present when no SMTP_URL is set.
// Messages are parsed so a person can read them and follow their links.
import { simpleParser } from 'mailparser';
import { z } from 'zod';
import type { App } from '../../http/context.ts';
import type { MailCatcher } from '../../lib/mail-catcher.ts';

export function registerDevMailRoutes(app: App, catcher: MailCatcher) {
  app.get('/dev/mail', { schema: { hide: true } }, async () => {
    const items = await Promise.all(
      (await catcher.list()).slice(0, 100).map(async ({ id, receivedAt }) => {
        const parsed = await simpleParser((await catcher.read(id)) ?? '');
        return { id, receivedAt, to: parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '', subject: parsed.subject ?? '', read: `/dev/mail/${id}` };
      }),
    );
    return { note: 'Mail caught in development (no SMTP_URL set), newest first. Open "read" for the text of a message.', items };
  });

  app.get('/dev/mail/:id', { schema: { hide: true, params: z.object({ id: z.string().max(200) }) } }, async (request, reply) => {
    const raw = await catcher.read(request.params.id);
    if (raw === undefined) return reply.code(404).send({ code: 'NOT_FOUND', message: 'No such message' });
    const parsed = await simpleParser(raw);
    const to = parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '';
    return reply.type('text/plain; charset=utf-8').send(`From: ${parsed.from?.text ?? ''}\nTo: ${to}\nSubject: ${parsed.subject ?? ''}\n\n${parsed.text ?? ''}`);
  });
}
