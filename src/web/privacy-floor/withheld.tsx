// How the web app shows a figure the API withheld (null: fewer than five people behind it) — in
// words, never as 0 or a blank, so nobody reads "nobody" where there were a few.
import { useTranslation } from 'react-i18next';
import { i18next } from '../app/i18n.ts';
import { PRIVACY_FLOOR } from './floor.ts';
import { withheldDe, withheldEn } from './withheld-texts.ts';

i18next.addResourceBundle('en', 'translation', withheldEn, true, false);
i18next.addResourceBundle('de', 'translation', withheldDe, true, false);

/** The sentence for a withheld figure, for places that take a string (charts' labels, titles). */
export function useWithheldText() {
  const { t } = useTranslation();
  return (minimum = PRIVACY_FLOOR) => t('privacyFloor.withheld', { minimum });
}

/**
 * A withheld figure, in words. Compact (dense tables): "fewer than 5" on sight, with the whole
 * sentence as its title and for screen readers.
 */
export function Withheld({ minimum = PRIVACY_FLOOR, compact = false }: { minimum?: number; compact?: boolean }) {
  const { t } = useTranslation();
  const sentence = t('privacyFloor.withheld', { minimum });
  if (!compact) return <span className="meta withheld">{sentence}</span>;
  return (
    <span className="meta withheld" title={sentence}>
      <span aria-hidden="true">{t('privacyFloor.short', { minimum })}</span>
      <span className="visually-hidden">{sentence}</span>
    </span>
  );
}

/** The figure, or the words for a withheld one. */
export function Figure({ value, format = String, compact = false }: { value: number | null; format?: (value: number) => string; compact?: boolean }) {
  return value === null ? <Withheld compact={compact} /> : <>{format(value)}</>;
}
