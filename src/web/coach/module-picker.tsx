// Find a module in the library (~80) by typing part of its title or code.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, Loading } from '../app/status.tsx';
import type { Module } from '../app/types.ts';
import { useModules } from '../sessions/catalog.ts';

export function ModulePicker({ value, onChange }: { value: string; onChange: (module: Module | undefined) => void }) {
  const { t } = useTranslation();
  const modules = useModules();
  const [search, setSearch] = useState('');
  const matches = useMemo(() => {
    const words = search.toLowerCase().split(/\s+/).filter(Boolean);
    return (modules.data ?? []).filter((m) => words.every((w) => `${m.title} ${m.code} ${m.summary}`.toLowerCase().includes(w)));
  }, [modules.data, search]);
  // The chosen module stays listed while a new search runs, so what is chosen is always what is shown.
  const chosen = modules.data?.find((m) => m.id === value);
  const options = chosen && !matches.includes(chosen) ? [chosen, ...matches] : matches;
  if (modules.isPending) return <Loading />;
  if (modules.error) return <ErrorNotice error={modules.error} onRetry={() => void modules.refetch()} />;
  return (
    <fieldset>
      <legend>{t('publish.module')}</legend>
      <label>
        {t('publish.search')}
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} aria-describedby="module-matches" />
      </label>
      <p id="module-matches" className="hint" aria-live="polite">
        {t('publish.matches', { count: matches.length })}
      </p>
      <label>
        {t('publish.chooseModule')}
        <select size={Math.min(8, Math.max(2, options.length + (value ? 0 : 1)))} value={value} required onChange={(e) => onChange(modules.data.find((m) => m.id === e.target.value))}>
          {/* Without an option for "nothing yet", React marks the first module selected: it looks
              chosen but is not, and arrow keys or a click on it change nothing. */}
          {!value && (
            <option value="" disabled>
              {t('publish.noneChosen')}
            </option>
          )}
          {options.map((m) => (
            <option key={m.id} value={m.id}>
              {m.title} ({m.code}, {m.durationMinutes} min)
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
