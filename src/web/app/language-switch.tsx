// English / Deutsch. Signed in, the choice is saved as the person's locale (mails follow it too),
// and the switch says so: changing a page's language should not silently change the profile.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from './api.ts';
import { fetchMe, ME_KEY } from './me.ts';
import type { Locale, Me } from './types.ts';

/** The latest choice: of two quick switches, the second wins whatever order the answers come in. */
let chosen: Locale | null = null;

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [saved, setSaved] = useState<Locale | null>(null);
  useEffect(() => {
    if (!saved) return;
    const timer = setTimeout(() => setSaved(null), 6000);
    return () => clearTimeout(timer);
  }, [saved]);
  const change = async (locale: Locale) => {
    chosen = locale;
    await i18n.changeLanguage(locale);
    // A choice made while the person is still loading waits for them and is saved then: the
    // profile's language arriving a moment later would otherwise switch the page back.
    const signedIn = await client.ensureQueryData({ queryKey: ME_KEY, queryFn: fetchMe }).then(() => true, () => false);
    if (!signedIn || chosen !== locale) return;
    if (i18n.language !== locale) await i18n.changeLanguage(locale);
    const me = await api<Me>('PATCH', '/api/me', { locale }).catch(() => undefined);
    if (me && chosen === locale) {
      client.setQueryData(ME_KEY, me);
      // The API words some answers in the person's language (categories, reflection questions):
      // what is cached was said in the old one, so everything else is asked again.
      await client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
      setSaved(locale);
    }
  };
  return (
    <label className="language">
      <span className="visually-hidden">{t('nav.language')}</span>
      <select value={i18n.language.startsWith('de') ? 'de' : 'en'} onChange={(e) => void change(e.target.value as Locale)}>
        <option value="en">English</option>
        <option value="de">Deutsch</option>
      </select>
      <span role="status" className="language-saved">{saved && t('nav.languageSaved', { language: t(`languages.${saved}`) })}</span>
    </label>
  );
}
