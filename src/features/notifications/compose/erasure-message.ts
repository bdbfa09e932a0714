// The mail that confirms an employee's wish to erase their account (features/erasure), in English
// and German. Its link carries a token made as the mail is sent (only its hash is stored), in the
// fragment, which browsers never send to servers; following it only shows what will happen.
import type { Locale } from '../../../db/schema.ts';
import { shortWhen, type Block } from './layout.ts';

export interface ErasureConfirmationFacts {
  kind: 'erasure_confirmation';
  url: string;
  expiresAt: Date;
}

const WORDING = {
  en: {
    subject: 'Confirm that your Quartet account should be erased',
    body: (until: string) => `you asked to erase your account. Open the link below, signed in as yourself, to see what happens and to confirm. The link works once, until ${until}.`,
    button: 'Review and erase my account',
    notYou: 'If you did not ask for this, ignore this mail: nothing happens without your confirmation.',
  },
  de: {
    subject: 'Bestätigen Sie, dass Ihr Quartet-Konto gelöscht werden soll',
    body: (until: string) => `Sie haben die Löschung Ihres Kontos angefordert. Öffnen Sie den Link unten, angemeldet als Sie selbst, um zu sehen, was geschieht, und um zu bestätigen. Der Link gilt einmal, bis ${until}.`,
    button: 'Prüfen und mein Konto löschen',
    notYou: 'Falls Sie das nicht angefordert haben, ignorieren Sie diese Mail: Ohne Ihre Bestätigung geschieht nichts.',
  },
} satisfies Record<Locale, unknown>;

/** The subject and the blocks between the greeting and the footer. */
export function composeErasureConfirmation(facts: ErasureConfirmationFacts, to: { locale: Locale; timeZone: string }): { subject: string; blocks: Block[] } {
  const w = WORDING[to.locale];
  return {
    subject: w.subject,
    blocks: [
      { p: w.body(shortWhen(facts.expiresAt, to.timeZone, to.locale)) },
      { link: facts.url, label: w.button, id: 'erasure-link' },
      { p: w.notYou },
    ],
  };
}
