// What the suggestion board works with: the categories groups file suggestions under, and the
// suggestion owners (people who work through the suggestions of some categories or departments).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../app/api.ts';
import { DataTable } from '../app/data-table.tsx';
import { ErrorNotice, Loading, Success } from '../app/status.tsx';
import type { Category, CategoryList, DirectoryPage, OwnerList } from '../app/types.ts';

export function SuggestionSetupPage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('suggestionSetup.title')}</h1>
      <Owners />
      <Categories />
    </section>
  );
}

function Owners() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const owners = useQuery({ queryKey: ['suggestion-owners'], queryFn: () => api<OwnerList>('GET', '/api/admin/suggestion-owners').then((r) => r.items) });
  const categories = useQuery({ queryKey: ['suggestion-categories'], queryFn: () => api<CategoryList>('GET', '/api/suggestion-categories').then((r) => r.items) });
  const [search, setSearch] = useState('');
  const [personId, setPersonId] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [areas, setAreas] = useState('');
  const people = useQuery({
    queryKey: ['admin', 'people', 'owner-search', search],
    queryFn: () => api<DirectoryPage>('GET', `/api/admin/people${query({ q: search.trim(), active: 'true', limit: '10' })}`).then((r) => r.items),
    enabled: search.trim().length >= 2,
  });
  const appoint = useMutation({
    mutationFn: () => api<OwnerList>('PUT', `/api/admin/suggestion-owners/${personId}`, {
      categoryIds: picked, areas: areas.split(',').map((a) => a.trim()).filter(Boolean),
    }),
    onSuccess: (list) => {
      client.setQueryData(['suggestion-owners'], list.items);
      setPersonId('');
      setPicked([]);
      setAreas('');
      setSearch('');
    },
  });
  const dismiss = useMutation({
    mutationFn: (id: string) => api<void>('DELETE', `/api/admin/suggestion-owners/${id}`),
    onSettled: () => client.invalidateQueries({ queryKey: ['suggestion-owners'] }),
  });
  return (
    <section aria-labelledby="owners-title">
      <h2 id="owners-title">{t('suggestionSetup.owners')}</h2>
      <p className="hint">{t('suggestionSetup.ownersHint')}</p>
      {owners.isPending && <Loading />}
      {owners.error && <ErrorNotice error={owners.error} onRetry={() => void owners.refetch()} />}
      {owners.data?.length === 0 && <p>{t('suggestionSetup.noOwners')}</p>}
      {owners.data && owners.data.length > 0 && (
        <DataTable
          rows={owners.data}
          rowKey={(o) => o.person.id}
          columns={[
            { label: t('suggestionSetup.person'), rowHeader: true, cell: (o) => o.person.name },
            { label: t('suggestionSetup.categories'), cell: (o) => o.categories.map((c) => c.name).join(', ') },
            { label: t('suggestionSetup.areas'), cell: (o) => o.areas.join(', ') },
            {
              label: t('suggestionSetup.actions'),
              actions: true,
              cell: (o) => (
                <button type="button" aria-label={t('suggestionSetup.dismissNamed', { name: o.person.name })} onClick={() => dismiss.mutate(o.person.id)}>
                  {t('suggestionSetup.dismiss')}
                </button>
              ),
            },
          ]}
        />
      )}
      <form
        className="stacked card"
        aria-label={t('suggestionSetup.appoint')}
        onSubmit={(e) => {
          e.preventDefault();
          appoint.mutate();
        }}
      >
        <h3>{t('suggestionSetup.appoint')}</h3>
        <label>
          {t('suggestionSetup.findPerson')}
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        {people.data && (
          <label>
            {t('suggestionSetup.person')}
            <select value={personId} onChange={(e) => setPersonId(e.target.value)} required>
              <option value="">—</option>
              {people.data.map((p) => <option key={p.id} value={p.id}>{p.name} ({p.email})</option>)}
            </select>
          </label>
        )}
        <fieldset>
          <legend>{t('suggestionSetup.categories')}</legend>
          {categories.data?.map((c) => (
            <label key={c.id} className="checkbox">
              <input type="checkbox" checked={picked.includes(c.id)} onChange={(e) => setPicked(e.target.checked ? [...picked, c.id] : picked.filter((x) => x !== c.id))} />
              {c.name}
            </label>
          ))}
        </fieldset>
        <label>
          {t('suggestionSetup.areasField')}
          <input value={areas} onChange={(e) => setAreas(e.target.value)} maxLength={2000} />
        </label>
        <button type="submit" className="primary" disabled={!personId || appoint.isPending}>{t('suggestionSetup.appoint')}</button>
        {appoint.isSuccess && <Success>{t('suggestionSetup.saved')}</Success>}
        {appoint.error && <ErrorNotice error={appoint.error} />}
      </form>
      {dismiss.error && <ErrorNotice error={dismiss.error} />}
    </section>
  );
}

function Categories() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const categories = useQuery({
    queryKey: ['suggestion-categories', 'all'],
    queryFn: () => api<CategoryList>('GET', '/api/suggestion-categories?includeRetired=true').then((r) => r.items),
  });
  const [nameEn, setNameEn] = useState('');
  const [nameDe, setNameDe] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: ['suggestion-categories'] });
  const add = useMutation({
    mutationFn: () => api<Category>('POST', '/api/admin/suggestion-categories', { nameEn, nameDe }),
    onSuccess: () => {
      setNameEn('');
      setNameDe('');
      return refresh();
    },
  });
  const retire = useMutation({
    mutationFn: (c: Category) => api<Category>('PATCH', `/api/admin/suggestion-categories/${c.id}`, { retired: !c.retired }),
    onSettled: refresh,
  });
  return (
    <section aria-labelledby="categories-title">
      <h2 id="categories-title">{t('suggestionSetup.categories')}</h2>
      {categories.isPending && <Loading />}
      {categories.error && <ErrorNotice error={categories.error} onRetry={() => void categories.refetch()} />}
      {categories.data && (
        <DataTable
          rows={categories.data}
          rowKey={(c) => c.id}
          columns={[
            { label: t('suggestionSetup.nameEn'), rowHeader: true, cell: (c) => <>{c.nameEn} {c.retired && <span className="badge cancelled">{t('modules.retired')}</span>}</> },
            { label: t('suggestionSetup.nameDe'), cell: (c) => c.nameDe },
            {
              label: t('suggestionSetup.actions'),
              actions: true,
              cell: (c) => (
                <button type="button" onClick={() => retire.mutate(c)} aria-label={c.retired ? t('modules.restoreNamed', { title: c.nameEn }) : t('modules.retireNamed', { title: c.nameEn })}>
                  {c.retired ? t('modules.restore') : t('modules.retire')}
                </button>
              ),
            },
          ]}
        />
      )}
      <form
        className="inline-form"
        aria-label={t('suggestionSetup.addCategory')}
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <label>
          {t('suggestionSetup.nameEn')}
          <input value={nameEn} onChange={(e) => setNameEn(e.target.value)} required maxLength={100} />
        </label>
        <label>
          {t('suggestionSetup.nameDe')}
          <input value={nameDe} onChange={(e) => setNameDe(e.target.value)} required maxLength={100} />
        </label>
        <button type="submit" className="primary" disabled={add.isPending}>{t('suggestionSetup.addCategory')}</button>
        {add.error && <ErrorNotice error={add.error} />}
        {retire.error && <ErrorNotice error={retire.error} />}
      </form>
    </section>
  );
}
