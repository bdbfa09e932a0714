// English / Deutsch. Signed in, the choice is saved as the person's locale (mails follow it too).
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from './api.ts';
import { ME_KEY } from './me.ts';
import type { Locale, Me } from './types.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const change = async (locale: Locale) => {
    await i18n.changeLanguage(locale);
    if (client.getQueryData<Me>(ME_KEY)) {
      const me = await api<Me>('PATCH', '/api/me', { locale }).catch(() => undefined);
      if (me) client.setQueryData(ME_KEY, me);
    }
  };
  return (
    <label className="language">
      <span className="visually-hidden">{t('nav.language')}</span>
      <select value={i18n.language.startsWith('de') ? 'de' : 'en'} onChange={(e) => void change(e.target.value as Locale)}>
        <option value="en">English</option>
        <option value="de">Deutsch</option>
      </select>
    </label>
  );
}
