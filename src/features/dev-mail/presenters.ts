// A caught message as the inbox shows it: a line of the list, or its text to read.
import type { AddressObject, ParsedMail } from 'mailparser';
import { escapeHtml } from '../../lib/html.ts';

export interface InboxItem {
  id: string;
  receivedAt: Date;
  to: string;
  subject: string;
  read: string;
}

function addressText(field: AddressObject | AddressObject[] | undefined): string {
  if (!field) return '';
  return (Array.isArray(field) ? field : [field]).map((a) => a.text).join(', ');
}

export function presentInboxItem(id: string, receivedAt: Date, mail: ParsedMail): InboxItem {
  return { id, receivedAt, to: addressText(mail.to), subject: mail.subject ?? '', read: `/dev/mail/${id}` };
}

export function presentMessageText(mail: ParsedMail): string {
  return `From: ${addressText(mail.from)}\nTo: ${addressText(mail.to)}\nSubject: ${mail.subject ?? ''}\n\n${mail.text ?? ''}`;
}

// --- The inbox as pages, for a browser (Accept: text/html); the JSON above stays for scripts ---

export type PageLanguage = 'en' | 'de';

const TEXTS = {
  en: {
    title: 'Development mail', intro: 'Mail Quartet caught instead of sending it (no SMTP_URL set), newest first.',
    everyone: 'You read everyone’s mail: you are on this machine.', admin: 'You read the mail to people of your organisation.',
    empty: 'No mail caught yet.', received: 'Received', to: 'To', from: 'From', subject: 'Subject', back: 'All mail',
    noSubject: '(no subject)', message: 'The message', text: 'Text version',
    refused: 'Not for you', refusedWhy: 'The development mail inbox is open to this machine and to admins only: it holds working log-in links.',
    refusedWhat: 'Sign in as an admin, or open it on the machine Quartet runs on.', home: 'To Quartet',
  },
  de: {
    title: 'Entwicklungs-Post', intro: 'Post, die Quartet aufgefangen statt versendet hat (kein SMTP_URL gesetzt), neueste zuerst.',
    everyone: 'Sie lesen die Post aller: Sie sind auf diesem Rechner.', admin: 'Sie lesen die Post an Personen Ihrer Organisation.',
    empty: 'Noch keine Post aufgefangen.', received: 'Empfangen', to: 'An', from: 'Von', subject: 'Betreff', back: 'Alle Nachrichten',
    noSubject: '(kein Betreff)', message: 'Die Nachricht', text: 'Textfassung',
    refused: 'Nicht für Sie', refusedWhy: 'Die Entwicklungs-Post ist nur auf diesem Rechner und für Admins zugänglich: Sie enthält gültige Anmeldelinks.',
    refusedWhat: 'Melden Sie sich als Admin an oder öffnen Sie sie auf dem Rechner, auf dem Quartet läuft.', home: 'Zu Quartet',
  },
} as const;

/** The page's own style, allowed by its nonce: the page allows no other inline style and no script. */
function page(language: PageLanguage, nonce: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; padding: 1rem; max-width: 60rem; color: #1d2430; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.4rem 0.5rem; border-bottom: 1px solid #dde2ea; vertical-align: top; overflow-wrap: anywhere; }
a { color: #0b5cad; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
iframe { width: 100%; height: 70vh; border: 1px solid #dde2ea; border-radius: 6px; background: #fff; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f6f9; padding: 0.75rem; border-radius: 6px; }
@media (max-width: 600px) { thead { display: none; } tr, td { display: block; } td { border: 0; padding: 0.1rem 0; } tr { border-bottom: 1px solid #dde2ea; padding: 0.5rem 0; } }
</style></head>
<body><main>${body}</main></body></html>`;
}

/** The server's clock and zone: the developer's own machine. */
const moment = (language: PageLanguage) => new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium' });

export function inboxPage(items: InboxItem[], reader: 'developer' | 'admin', language: PageLanguage, nonce: string): string {
  const t = TEXTS[language];
  const when = moment(language);
  const rows = items.map((i) => `<tr><td><a href="${escapeHtml(i.read)}">${escapeHtml(i.subject || t.noSubject)}</a></td>`
    + `<td>${escapeHtml(i.to)}</td><td><time datetime="${i.receivedAt.toISOString()}">${escapeHtml(when.format(i.receivedAt))}</time></td></tr>`).join('\n');
  const list = items.length === 0 ? `<p>${t.empty}</p>`
    : `<table><thead><tr><th scope="col">${t.subject}</th><th scope="col">${t.to}</th><th scope="col">${t.received}</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
  return page(language, nonce, t.title, `<h1>${t.title}</h1><p>${t.intro} ${reader === 'developer' ? t.everyone : t.admin}</p>${list}`);
}

export function messagePage(id: string, mail: ParsedMail, language: PageLanguage, nonce: string): string {
  const t = TEXTS[language];
  const subject = mail.subject || t.noSubject;
  const head = `<p><a href="/dev/mail">← ${t.back}</a></p><h1>${escapeHtml(subject)}</h1>`
    + `<dl><dt>${t.from}</dt><dd>${escapeHtml(addressText(mail.from))}</dd><dt>${t.to}</dt><dd>${escapeHtml(addressText(mail.to))}</dd>`
    + (mail.date ? `<dt>${t.received}</dt><dd><time datetime="${mail.date.toISOString()}">${escapeHtml(moment(language).format(mail.date))}</time></dd>` : '') + '</dl>';
  // The HTML part in a sandboxed frame of its own (no script, links open a new tab); else the text.
  const body = mail.html
    ? `<iframe title="${t.message}" src="/dev/mail/${encodeURIComponent(id)}/html" sandbox="allow-popups allow-popups-to-escape-sandbox"></iframe>`
      + (mail.text ? `<details><summary>${t.text}</summary><pre>${linkify(mail.text)}</pre></details>` : '')
    : `<pre>${linkify(mail.text ?? '')}</pre>`;
  return page(language, nonce, subject, head + body);
}

/** What a browser is shown where the inbox is refused (403): why, and what would open it. */
export function refusedPage(language: PageLanguage, nonce: string): string {
  const t = TEXTS[language];
  return page(language, nonce, t.refused, `<h1>${t.refused}</h1><p>${t.refusedWhy}</p><p>${t.refusedWhat}</p><p><a href="/">${t.home}</a></p>`);
}

/** The message's HTML for its sandboxed frame: links open outside the frame. */
export function messageFrame(mail: ParsedMail): string {
  const html = mail.html || `<pre>${linkify(mail.text ?? '')}</pre>`;
  const base = '<base target="_blank">';
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (h) => `${h}${base}`) : `${base}${html}`;
}

/** The text part with its web addresses as links (escaped first, so the text cannot add markup). */
function linkify(text: string): string {
  return escapeHtml(text).replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}" target="_blank" rel="noopener">${url}</a>`);
}
