// Choosing a cohort's people: search the directory (name, e-mail or department) and add the people
// shown one by one or all at once, or paste e-mail addresses from a spreadsheet, or read them from a
// CSV file (any column: every address in it is taken, so an HR export works as it is).
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../app/api.ts';
import { ErrorNotice, Loading } from '../app/status.tsx';
import type { DirectoryPage, DirectoryPerson } from '../app/types.ts';

export type Chosen = Pick<DirectoryPerson, 'id' | 'name' | 'email' | 'department' | 'timeZone'>;

const PAGE = 200;
// Addresses wherever they stand: a CSV cell, "Name <address>", a quoted field.
const ADDRESS = /[^\s,;<>"'()]+@[^\s,;<>"'()]+\.[^\s,;<>"'()]+/g;
const addressesIn = (text: string) => [...new Set((text.match(ADDRESS) ?? []).map((e) => e.toLowerCase()))];

const directory = (q: string, cursor?: string) =>
  api<DirectoryPage>('GET', `/api/admin/people${query({ q, active: 'true', role: 'employee', limit: String(PAGE), cursor })}`);
// An address is looked up active or not, so someone who left is named as deactivated, not as unknown.
const byAddress = (email: string) =>
  api<DirectoryPage>('GET', `/api/admin/people${query({ q: email, role: 'employee', limit: String(PAGE) })}`)
    .then((page) => page.items.find((p) => p.email.toLowerCase() === email));
/** Addresses looked up at once: a file of hundreds is read in a few seconds without a burst of requests. */
const LOOKUPS_AT_ONCE = 4;

interface Lookup {
  people: Chosen[];
  missing: string[];
  inactive: string[];
}

async function lookUp(emails: string[]): Promise<Lookup> {
  const found = new Array<DirectoryPerson | undefined>(emails.length);
  let next = 0;
  const worker = async () => {
    while (next < emails.length) {
      const i = next++;
      found[i] = await byAddress(emails[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKUPS_AT_ONCE, emails.length) }, worker));
  const result: Lookup = { people: [], missing: [], inactive: [] };
  emails.forEach((email, i) => {
    const person = found[i];
    if (!person) result.missing.push(email);
    else if (!person.active) result.inactive.push(email);
    else result.people.push(person);
  });
  return result;
}

export function PeoplePicker({ chosen, onChange }: { chosen: Chosen[]; onChange: (people: Chosen[]) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [pages, setPages] = useState(1);
  const [pasted, setPasted] = useState('');
  const [unusable, setUnusable] = useState<Pick<Lookup, 'missing' | 'inactive'>>({ missing: [], inactive: [] });
  const [fileNote, setFileNote] = useState<{ ok: boolean; text: string } | null>(null);
  const found = useQuery({
    queryKey: ['cohorts', 'people', search, pages],
    enabled: search.trim().length > 0,
    queryFn: async () => {
      const items: DirectoryPerson[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < pages; page++) {
        const result = await directory(search.trim(), cursor);
        items.push(...result.items);
        if (!result.nextCursor) return { items, more: false };
        cursor = result.nextCursor;
      }
      return { items, more: true };
    },
  });
  const ids = new Set(chosen.map((p) => p.id));
  // The people chosen as of the last render: a lookup of pasted addresses adds to them when it ends,
  // not to the list as it stood when it began (people added meanwhile would be lost).
  const latest = useRef(chosen);
  latest.current = chosen;
  const add = (people: Chosen[]) => {
    const now = latest.current;
    const have = new Set(now.map((p) => p.id));
    onChange([...now, ...people.filter((p, i) => !have.has(p.id) && people.findIndex((q) => q.id === p.id) === i)]);
  };
  const shown = found.data?.items.filter((p) => !ids.has(p.id)) ?? [];

  // All or nothing: a lookup that fails adds nobody and keeps the addresses for another try.
  const pastedLookup = useMutation({
    mutationFn: () => lookUp(addressesIn(pasted)),
    onSuccess: ({ people, missing, inactive }) => {
      add(people);
      setUnusable({ missing, inactive });
      if (missing.length === 0 && inactive.length === 0) setPasted('');
    },
  });

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    const emails = addressesIn(await file.text());
    setFileNote(emails.length > 0
      ? { ok: true, text: t('cohorts.picker.fileRead', { count: emails.length, file: file.name }) }
      : { ok: false, text: t('cohorts.picker.fileEmpty', { file: file.name }) });
    if (emails.length > 0) setPasted([...new Set([...addressesIn(pasted), ...emails])].join('\n'));
  };

  return (
    <fieldset className="people-picker">
      <legend>{t('cohorts.picker.legend', { count: chosen.length })}</legend>
      <label>
        {t('cohorts.picker.search')}
        <input type="search" value={search} onChange={(e) => { setSearch(e.target.value); setPages(1); }} aria-describedby="picker-results" />
      </label>
      <p id="picker-results" className="hint" aria-live="polite">{found.data ? t('cohorts.picker.results', { count: shown.length }) : ''}</p>
      {found.isFetching && <Loading />}
      {found.error && <ErrorNotice error={found.error} onRetry={() => void found.refetch()} />}
      {shown.length > 0 && (
        <>
          <button type="button" onClick={() => add(shown)}>{t('cohorts.picker.addAll', { count: shown.length })}</button>
          <ul className="picker-list">
            {shown.map((p) => (
              <li key={p.id}>
                <span>{p.name}</span> <span className="meta">{p.department ?? ''}</span>{' '}
                <button type="button" className="link" onClick={() => add([p])} aria-label={t('cohorts.picker.add', { name: p.name })}>+</button>
              </li>
            ))}
          </ul>
          {found.data?.more && <button type="button" onClick={() => setPages(pages + 1)}>{t('cohorts.picker.more')}</button>}
        </>
      )}
      <label>
        {t('cohorts.picker.paste')}
        <textarea rows={3} value={pasted} onChange={(e) => setPasted(e.target.value)} />
      </label>
      <label>
        {t('cohorts.picker.file')}
        <input type="file" accept=".csv,.txt,text/csv,text/plain" onChange={(e) => { void readFile(e.target.files?.[0]); e.target.value = ''; }} />
      </label>
      {fileNote && <p className={fileNote.ok ? 'hint' : 'notice error'} role={fileNote.ok ? 'status' : 'alert'}>{fileNote.text}</p>}
      <button type="button" disabled={!pasted.trim() || pastedLookup.isPending} onClick={() => pastedLookup.mutate()}>{t('cohorts.picker.addPasted')}</button>
      {pastedLookup.isPending && <p className="loading" role="status">{t('cohorts.picker.lookingUp', { count: addressesIn(pasted).length })}</p>}
      {pastedLookup.error && <ErrorNotice error={pastedLookup.error} onRetry={() => pastedLookup.mutate()} />}
      {(unusable.missing.length > 0 || unusable.inactive.length > 0) && (
        <div className="notice error" role="alert">
          {unusable.missing.length > 0 && <p>{t('cohorts.picker.notFound', { emails: unusable.missing.join(', ') })}</p>}
          {unusable.inactive.length > 0 && <p>{t('cohorts.picker.deactivated', { emails: unusable.inactive.join(', ') })}</p>}
        </div>
      )}
      {chosen.length > 0 && (
        <details open={chosen.length <= 40}>
          <summary>{t('cohorts.picker.chosen')} ({chosen.length})</summary>
          <ul className="picker-list">
            {chosen.map((p) => (
              <li key={p.id}>
                <span>{p.name}</span> <span className="meta">{p.department ?? ''}</span>{' '}
                <button type="button" className="link" onClick={() => onChange(chosen.filter((c) => c.id !== p.id))} aria-label={t('cohorts.picker.remove', { name: p.name })}>×</button>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => onChange([])}>{t('cohorts.picker.clear')}</button>
        </details>
      )}
    </fieldset>
  );
}
