// English and German. The person's locale chooses once signed in; before that, the browser's.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { addLeadFormat } from './lead.ts';
import { de } from './locales/de.ts';
import { en } from './locales/en.ts';

const stored = localStorage.getItem('quartet.locale');
const fromBrowser = navigator.language.toLowerCase().startsWith('de') ? 'de' : 'en';

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, de: { translation: de } },
  lng: stored === 'de' || stored === 'en' ? stored : fromBrowser,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});
addLeadFormat(i18next);

i18next.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  localStorage.setItem('quartet.locale', lng);
});
document.documentElement.lang = i18next.language;

export { i18next };
