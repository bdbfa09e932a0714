// Outgoing mail over SMTP with nodemailer. Without SMTP_URL the built-in catcher receives it.
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** An iTIP invitation: sent as the text/calendar alternative with the method in its MIME type. */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
  attachments?: Array<{ filename: string; content: string; contentType: string }>;
  /** The Message-ID header, without its angle brackets: the same for every attempt at one
   * message, so a copy sent again after a crash is recognised as the same mail. */
  messageId?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

// Pooled: connections are reused across messages, a handful at a time. The timeouts keep a dead
// server from holding a worker for nodemailer's default two minutes.
const TRANSPORT_DEFAULTS = {
  pool: true,
  maxConnections: 5,
  maxMessages: 1_000,
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
};

export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(withDefaults(smtpUrl));
  return {
    async send(mail) {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: plainSubject(mail.subject),
        text: mail.text,
        html: mail.html,
        headers: { 'Auto-Submitted': 'auto-generated' },
        ...(mail.messageId && { messageId: `<${mail.messageId}>` }),
        ...(mail.calendar && { icalEvent: { method: mail.calendar.method, content: mail.calendar.content, filename: 'invitation.ics' } }),
        ...(mail.attachments && { attachments: mail.attachments }),
      });
    },
    close() {
      transport.close();
    },
  };
}

// nodemailer reads options from the URL's query; SMTP_URL may set its own, which win.
function withDefaults(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  for (const [key, value] of Object.entries(TRANSPORT_DEFAULTS)) {
    if (!url.searchParams.has(key)) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

// nodemailer leaves an all-ASCII subject unencoded, so a title typed as "=?utf-8?q?…?=" would be
// decoded by mail clients into something else. A zero-width space after "=" breaks the pattern
// (and makes nodemailer encode the subject), while readers see the same characters.
export function plainSubject(subject: string): string {
  return subject.replace(/=\?/g, '=\u200b?');
}

/** An SMTP answer in the 5xx range: the server will refuse the same message again. */
export function isPermanentRejection(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** "Quartet <no-reply@example.com>" as name and address, e.g. for a calendar file's organiser. */
export function parseSender(from: string): { name: string; email: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(from);
  if (match) return { name: match[1] || 'Quartet', email: match[2]! };
  return { name: 'Quartet', email: from.trim() };
}
