// Quartet for a browser: the test app (real HTTP stack, database, SMTP listener) reached at
// http://localhost:PORT, which is also its BASE_URL. The browser needs that: the session cookie
// is __Host- (Secure), which browsers accept over plain HTTP only from localhost, and the CSRF
// guard accepts only BASE_URL as Origin. The test app listens on a port of its own choosing, so
// a small TCP relay on PORT forwards to it.
import { createServer, connect, type Server } from 'node:net';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { startTestApp, type TestApp } from '../app.ts';
import { onCleanup } from '../cleanup.ts';
import { freePort } from '../free-port.ts';

export interface E2eApp extends TestApp {
  baseUrl: string;
}


function relay(port: number, target: URL): Promise<Server> {
  const server = createServer((incoming) => {
    const outgoing = connect(Number(target.port), target.hostname);
    incoming.pipe(outgoing).pipe(incoming);
    const end = () => {
      incoming.destroy();
      outgoing.destroy();
    };
    incoming.on('error', end);
    outgoing.on('error', end);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

export async function startE2eApp(): Promise<E2eApp> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const t = await startTestApp({ env: { BASE_URL: baseUrl } });
  const server = await relay(port, new URL(t.url));
  onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return Object.assign(t, { baseUrl });
}

/** The log-in link in the newest sign-in mail to `email` that arrives after `since` mails. */
async function loginLinkFrom(t: E2eApp, email: string, since: number): Promise<string> {
  const mail = await t.mailbox.waitForTo(email, since, (m) => /\/sign-in#token=/.test(m.html || m.text || ''), 15_000);
  const link = (mail.html || mail.text || '').match(/https?:\/\/[^\s"'<>]+\/sign-in#token=[\w-]+/)?.[0];
  expect(link, 'log-in link in the mail').toBeTruthy();
  return link!;
}

/** Signs in the way a person does: asks for a link on the page, opens the link from the mail. */
export async function signInByMail(t: E2eApp, page: Page, email: string) {
  const before = t.mailbox.to(email).length;
  await page.goto('/sign-in');
  await page.getByLabel(/e-mail/i).fill(email);
  await page.getByRole('button', { name: /log-in link|Anmeldelink/i }).click();
  await page.getByRole('status').filter({ hasText: email }).waitFor();
  const link = await loginLinkFrom(t, email, before);
  expect(link.startsWith(`${t.baseUrl}/sign-in#token=`)).toBe(true);
  await page.goto(link);
  await page.waitForURL(/\/sessions$/);
}
