// The mail "your data is ready" (features/data-export), in English and German. It links to the
// profile, where the person downloads the archive signed in as themself: a mail is forwarded,
// archived and scanned, so it is no place for a download token.
import type { Locale } from '../../../db/schema.ts';
import { shortWhen, type Block } from './layout.ts';

export interface DataExportReadyFacts {
  kind: 'data_export_ready';
  expiresAt: Date;
  url: string;
}

/** The facts from the message's own detail, or why it has nothing left to say. */
export function dataExportReadyFacts(detail: Record<string, unknown>, now: Date, baseUrl: string): DataExportReadyFacts | string {
  const expiresAt = new Date(String(detail.expiresAt));
  if (Number.isNaN(expiresAt.getTime())) return 'the message names no expiry';
  if (expiresAt <= now) return 'the export expired before this was sent';
  return { kind: 'data_export_ready', expiresAt, url: `${baseUrl}/profile#data-export` };
}

const WORDING = {
  en: {
    subject: 'Your data from Quartet is ready to download',
    body: (until: string) => `the copy of your data you asked for is ready. Download it from your profile, signed in, until ${until}. It can be downloaded once; after that, or after this date, it is deleted, and you can ask for a new one.`,
    button: 'Open your profile',
    notYou: 'If you did not ask for it, sign in and look at your profile, or tell your programme’s admins: nobody but you can download it.',
  },
  de: {
    subject: 'Ihre Daten aus Quartet stehen zum Herunterladen bereit',
    body: (until: string) => `die Kopie Ihrer Daten, die Sie angefordert haben, ist fertig. Laden Sie sie bis ${until} angemeldet in Ihrem Profil herunter. Sie lässt sich einmal herunterladen; danach oder nach diesem Datum wird sie gelöscht, und Sie können eine neue anfordern.`,
    button: 'Profil öffnen',
    notYou: 'Falls Sie sie nicht angefordert haben, melden Sie sich an und sehen Sie in Ihr Profil, oder wenden Sie sich an die Administration Ihres Programms: Herunterladen kann sie nur Sie.',
  },
} satisfies Record<Locale, unknown>;

/** The subject and the blocks between the greeting and the footer. */
export function composeDataExportReady(facts: DataExportReadyFacts, to: { locale: Locale; timeZone: string }): { subject: string; blocks: Block[] } {
  const w = WORDING[to.locale];
  const until = shortWhen(facts.expiresAt, to.timeZone, to.locale);
  return {
    subject: w.subject,
    blocks: [{ p: w.body(until) }, { link: facts.url, label: w.button, id: 'data-export-link' }, { p: w.notYou }],
  };
}
