// One layout for every mail: the same blocks rendered as plain text and as simple HTML. Every
// piece of text passes through escapeHtml on its way into the HTML.
import { DateTime } from 'luxon';
import type { Locale } from '../../../db/schema.ts';
import { escapeHtml } from '../../../lib/html.ts';
import { inZone } from '../../../lib/time.ts';

export type Block =
  | { p: string }
  | { fields: Array<[label: string, value: string]> }
  | { list: string[]; heading?: string }
  | { link: string; label: string; id?: string };

export function renderBlocks(blocks: Block[]): { text: string; html: string } {
  const text: string[] = [];
  const html: string[] = [];
  for (const block of blocks) {
    if ('p' in block) {
      text.push(block.p);
      html.push(`<p>${escapeHtml(block.p)}</p>`);
    } else if ('fields' in block) {
      text.push(block.fields.map(([label, value]) => `${label}: ${value}`).join('\n'));
      html.push(`<table role="presentation">${block.fields
        .map(([label, value]) => `<tr><th align="left" valign="top">${escapeHtml(label)}</th><td>${linkify(value)}</td></tr>`).join('')}</table>`);
    } else if ('list' in block) {
      text.push([block.heading, ...block.list.map((item) => `- ${item}`)].filter((l) => l !== undefined).join('\n'));
      html.push(`${block.heading ? `<p>${escapeHtml(block.heading)}</p>` : ''}<ul>${block.list.map((item) => `<li>${linkify(item)}</li>`).join('')}</ul>`);
    } else {
      text.push(`${block.label}: ${block.link}`);
      html.push(`<p><a${block.id ? ` id="${escapeHtml(block.id)}"` : ''} href="${escapeHtml(block.link)}">${escapeHtml(block.label)}</a></p>`);
    }
  }
  return {
    text: `${text.join('\n\n')}\n`,
    html: `<!doctype html><html><body style="font-family: system-ui, sans-serif; line-height: 1.5">${html.join('\n')}</body></html>`,
  };
}

// Links the reader can click in HTML too; only http(s) addresses become links.
function linkify(value: string): string {
  return escapeHtml(value).replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}">${url}</a>`);
}

// Luxon builds an Intl formatter for every call, the dearest part of composing a mail; a session's
// times read the same in a zone and language every time, so the texts are kept, up to a bound.
const said = new Map<string, string>();
function remembered(key: string, make: () => string): string {
  let text = said.get(key);
  if (text === undefined) {
    if (said.size >= 10_000) said.clear();
    text = make();
    said.set(key, text);
  }
  return text;
}

/** "Tuesday, 1 December 2026, 10:00–11:30 Central European Standard Time (Europe/Berlin)" */
export function longWhen(startsAt: Date, endsAt: Date, zone: string, locale: Locale): string {
  return remembered(`L|${startsAt.getTime()}|${endsAt.getTime()}|${zone}|${locale}`, () => formatLongWhen(startsAt, endsAt, zone, locale));
}

function formatLongWhen(startsAt: Date, endsAt: Date, zone: string, locale: Locale): string {
  const start = DateTime.fromJSDate(startsAt, { zone }).setLocale(locale);
  const end = DateTime.fromJSDate(endsAt, { zone }).setLocale(locale);
  const sameDay = start.hasSame(end, 'day');
  const endText = sameDay ? end.toFormat('HH:mm') : end.toFormat(locale === 'de' ? 'cccc, d. LLLL yyyy, HH:mm' : 'cccc, d LLLL yyyy, HH:mm');
  return `${start.toFormat(locale === 'de' ? 'cccc, d. LLLL yyyy, HH:mm' : 'cccc, d LLLL yyyy, HH:mm')}–${endText} ${start.offsetNameLong ?? ''} (${zone})`;
}

/** "Tuesday, 1 December 2026, 10:00 Central European Standard Time (Europe/Berlin)": a moment, such as a deadline. */
export function longMoment(at: Date, zone: string, locale: Locale): string {
  const t = DateTime.fromJSDate(at, { zone }).setLocale(locale);
  return `${t.toFormat(locale === 'de' ? 'cccc, d. LLLL yyyy, HH:mm' : 'cccc, d LLLL yyyy, HH:mm')} ${t.offsetNameLong ?? ''} (${zone})`;
}

/** "Tue 1 Dec 2026, 10:00 CET": for subjects. */
export function shortWhen(startsAt: Date, zone: string, locale: Locale): string {
  return remembered(`S|${startsAt.getTime()}|${zone}|${locale}`, () => formatShortWhen(startsAt, zone, locale));
}

function formatShortWhen(startsAt: Date, zone: string, locale: Locale): string {
  const start = DateTime.fromJSDate(startsAt, { zone }).setLocale(locale);
  // The zone's familiar name: the reader's language's own (MEZ) where it has one, else the one English
  // speakers there use (EST, not GMT-5) — the order the web app's zoneLabel follows.
  const own = start.offsetNameShort ?? '';
  const name = own && !/^(GMT|UTC)([+-]|$)/.test(own) ? own : inZone(startsAt, zone).zoneAbbreviation || own || zone;
  return start.toFormat(locale === 'de' ? 'ccc d. LLL yyyy, HH:mm' : 'ccc d LLL yyyy, HH:mm') + ` ${name}`;
}

/** "Tuesday, 1 December 2026": a calendar day (YYYY-MM-DD), the same in every zone. */
export function longDay(isoDay: string, locale: Locale): string {
  return DateTime.fromISO(isoDay, { zone: 'UTC' }).setLocale(locale).toFormat(locale === 'de' ? 'cccc, d. LLLL yyyy' : 'cccc, d LLLL yyyy');
}
