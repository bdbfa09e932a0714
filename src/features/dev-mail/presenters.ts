// A caught message as the inbox shows it: a line of the list, or its text to read.
import type { AddressObject, ParsedMail } from 'mailparser';

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
