// The mail that carries a log-in link, in the recipient's language.
import { escapeHtml } from '../../lib/html.ts';
import type { OutgoingMail } from '../../lib/mailer.ts';
import { LOGIN_LINK_MINUTES, type LoginLinkToSend } from './service.ts';

const TEXT = {
  en: {
    subject: 'Your Quartet sign-in link',
    greeting: (name: string) => `Hello ${name},`,
    body: (org: string) => `here is your link to sign in to Quartet at ${org}. It works once, for ${LOGIN_LINK_MINUTES} minutes.`,
    button: 'Sign in to Quartet',
    ignore: 'If you did not ask for this link, ignore this mail; nobody can sign in without it.',
  },
  de: {
    subject: 'Ihr Anmeldelink für Quartet',
    greeting: (name: string) => `Hallo ${name},`,
    body: (org: string) => `hier ist Ihr Link zur Anmeldung bei Quartet (${org}). Er gilt einmal und ${LOGIN_LINK_MINUTES} Minuten lang.`,
    button: 'Bei Quartet anmelden',
    ignore: 'Wenn Sie diesen Link nicht angefordert haben, ignorieren Sie diese E-Mail; ohne ihn kann sich niemand anmelden.',
  },
} as const;

export function renderLoginMail(link: LoginLinkToSend): OutgoingMail {
  const t = TEXT[link.locale];
  return {
    to: link.to,
    subject: t.subject,
    text: `${t.greeting(link.name)}\n\n${t.body(link.orgName)}\n\n${link.url}\n\n${t.ignore}\n`,
    html:
      `<p>${escapeHtml(t.greeting(link.name))}</p><p>${escapeHtml(t.body(link.orgName))}</p>` +
      `<p><a id="login-link" href="${escapeHtml(link.url)}">${escapeHtml(t.button)}</a></p>` +
      `<p>${escapeHtml(t.ignore)}</p>`,
  };
}
