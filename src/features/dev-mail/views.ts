// The catcher's inbox as one reader may see it. The developer on this machine reads everything;
// an admin reads a message only when every one of its recipients is a person of their own
// organisation, and any other message is, for them, one that does not exist.
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { Db } from '../../db/pool.ts';
import { NotFoundError } from '../../lib/errors.ts';
import type { MailCatcher } from '../../lib/mail-catcher.ts';
import { presentInboxItem, presentMessageText, type InboxItem } from './presenters.ts';
import { addressesOnlyOfOrganisation } from './queries.ts';

export type InboxReader = { kind: 'developer' } | { kind: 'admin'; orgId: string };

const LIST_LENGTH = 100;
// An admin's messages may be spread among everyone's: read newest first, this many at a time,
// until the list is full.
const SCAN_BATCH = 200;

export async function listInbox(db: Db, catcher: MailCatcher, reader: InboxReader): Promise<InboxItem[]> {
  const caught = await catcher.list();
  const items: InboxItem[] = [];
  for (let start = 0; start < caught.length && items.length < LIST_LENGTH; start += SCAN_BATCH) {
    const batch = await Promise.all(caught.slice(start, start + SCAN_BATCH).map(async (c) => ({ ...c, mail: await parse(catcher, c.id) })));
    const present = batch.filter((b): b is typeof b & { mail: ParsedMail } => b.mail !== undefined);
    const mayRead = await readableBy(db, reader, present.map((b) => b.mail));
    for (const [i, b] of present.entries()) if (mayRead[i]) items.push(presentInboxItem(b.id, b.receivedAt, b.mail));
  }
  return items.slice(0, LIST_LENGTH);
}

/** The message's text, or NotFoundError alike for an unknown id and one the reader may not read. */
export async function readMessage(db: Db, catcher: MailCatcher, reader: InboxReader, id: string): Promise<string> {
  return presentMessageText(await readParsedMessage(db, catcher, reader, id));
}

/** The message as parsed, for its page; NotFoundError as readMessage. */
export async function readParsedMessage(db: Db, catcher: MailCatcher, reader: InboxReader, id: string): Promise<ParsedMail> {
  const mail = await parse(catcher, id);
  if (!mail || !(await readableBy(db, reader, [mail]))[0]) throw new NotFoundError('Message');
  return mail;
}

async function parse(catcher: MailCatcher, id: string): Promise<ParsedMail | undefined> {
  const raw = await catcher.read(id);
  return raw === undefined ? undefined : simpleParser(raw);
}

async function readableBy(db: Db, reader: InboxReader, mails: ParsedMail[]): Promise<boolean[]> {
  if (reader.kind === 'developer') return mails.map(() => true);
  const recipients = mails.map(recipientsOf);
  const own = await addressesOnlyOfOrganisation(db, reader.orgId, [...new Set(recipients.flat())].filter((a) => a !== ''));
  return recipients.map((addresses) => addresses.length > 0 && addresses.every((a) => own.has(a)));
}

/** Everyone a message went to, lower case: the envelope (the catcher's Delivered-To) and To, Cc, Bcc. */
export function recipientsOf(mail: ParsedMail): string[] {
  const fields = [mail.headers.get('delivered-to'), mail.to, mail.cc, mail.bcc] as Array<AddressObject | AddressObject[] | undefined>;
  return fields.flatMap((f) => (f === undefined ? [] : Array.isArray(f) ? f : [f]))
    .flatMap((o) => o.value)
    .flatMap((a) => (a.group ? a.group : [a]))
    // A recipient without an address (a bare name) is nobody's: '' keeps the message from admins.
    .map((a) => a.address?.toLowerCase() ?? '');
}
