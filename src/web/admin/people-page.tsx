// People: find anyone, change their details, give or take roles, deactivate (their upcoming seats
// are given up) or bring back; import many from CSV with a dry run first.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, query } from '../app/api.ts';
import { useMe } from '../app/me.ts';
import { ErrorNotice, Loading, Success } from '../app/status.tsx';
import { timeZones } from '../app/time.ts';
import type { DirectoryPage, DirectoryPerson, PersonChanged, Role } from '../app/types.ts';
import { PeopleImport } from './people-import.tsx';
import { ErasePersonButton } from '../erasure/erase-person-dialog.tsx';

const ROLES: Role[] = ['employee', 'coach', 'admin'];

export function PeoplePage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState('');
  const [active, setActive] = useState('true');
  const [done, setDone] = useState<string | null>(null);
  const people = useInfiniteQuery({
    queryKey: ['admin', 'people', search, role, active],
    initialPageParam: '',
    queryFn: ({ pageParam }) => api<DirectoryPage>('GET', `/api/admin/people${query({ q: search.trim(), role, active, cursor: pageParam, limit: '50' })}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  return (
    <section>
      <h1>{t('people.title')}</h1>
      <form className="inline-form" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('people.search')}
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label>
          {t('people.role')}
          <select value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="">{t('people.any')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('people.status')}
          <select value={active} onChange={(e) => setActive(e.target.value)}>
            <option value="">{t('people.any')}</option>
            <option value="true">{t('people.active')}</option>
            <option value="false">{t('people.inactive')}</option>
          </select>
        </label>
      </form>
      {done && <Success>{done}</Success>}
      {people.isPending && <Loading />}
      {people.error && <ErrorNotice error={people.error} onRetry={() => void people.refetch()} />}
      {people.data && (
        <div className="table-wrap">
          <table className="stack-on-phone">
            <thead>
              <tr>
                <th scope="col">{t('people.name')}</th>
                <th scope="col">{t('people.email')}</th>
                <th scope="col">{t('people.department')}</th>
                <th scope="col">{t('people.site')}</th>
                <th scope="col">{t('people.timeZone')}</th>
                <th scope="col">{t('people.roles')}</th>
                <th scope="col">{t('people.upcoming')}</th>
                <th scope="col">{t('people.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {people.data.pages.flatMap((p) => p.items).map((p) => (
                <PersonRow key={p.id} person={p} onDone={setDone} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {people.data?.pages[0]?.items.length === 0 && <p>{t('people.none')}</p>}
      {people.hasNextPage && (
        <button type="button" onClick={() => void people.fetchNextPage()}>
          {t('people.more')}
        </button>
      )}
      <PeopleImport />
    </section>
  );
}

const COLUMNS = 8;

function PersonRow({ person, onDone }: { person: DirectoryPerson; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  // Closing the form would otherwise drop keyboard focus onto the page's start.
  const editButton = useRef<HTMLButtonElement>(null);
  const closeForm = () => {
    setEditing(false);
    editButton.current?.focus();
  };
  const me = useMe();
  const client = useQueryClient();
  // Shown at once as clicked; put back if the change is refused.
  const [roles, setRoles] = useState(person.roles);
  const change = useMutation({
    mutationFn: (body: { roles?: Role[]; active?: boolean }) => api<PersonChanged>('PATCH', `/api/admin/people/${person.id}`, body),
    onError: () => setRoles(person.roles),
    onSuccess: (answer, body) => {
      onDone(body.active === false ? t('people.deactivated', { name: person.name, count: answer.bookingsCancelled }) : t('people.saved'));
      void client.invalidateQueries({ queryKey: ['admin', 'people'] });
    },
  });
  const toggle = (role: Role, on: boolean) => {
    const next = on ? [...roles, role] : roles.filter((r) => r !== role);
    if (next.length === 0) return;
    setRoles(next);
    change.mutate({ roles: next });
  };
  return (
    <Fragment>
      <tr>
        <td data-label={t('people.name')}>{person.name}</td>
        <td data-label={t('people.email')}>{person.email}</td>
        <td data-label={t('people.department')}>{person.department ?? '—'}</td>
        <td data-label={t('people.site')}>{person.site ?? '—'}</td>
        <td data-label={t('people.timeZone')}>{person.timeZone}</td>
        <td data-label={t('people.roles')}>
          {ROLES.map((r) => (
            <label key={r} className="checkbox">
              <input
                type="checkbox"
                checked={roles.includes(r)}
                disabled={change.isPending || (person.id === me.id && r === 'admin')}
                onChange={(e) => toggle(r, e.target.checked)}
                aria-label={t('people.roleOf', { role: r, name: person.name })}
              />
              {r}
            </label>
          ))}
        </td>
        <td data-label={t('people.upcoming')}>{person.upcomingBookings}</td>
        <td className="row-actions">
          <div className="actions">
            <button ref={editButton} type="button" aria-expanded={editing} onClick={() => setEditing(!editing)} aria-label={t('people.editNamed', { name: person.name })}>
              {t('people.edit')}
            </button>
            {person.id !== me.id &&
              (person.active ? (
                <button type="button" disabled={change.isPending} onClick={() => change.mutate({ active: false })} aria-label={t('people.deactivateNamed', { name: person.name })}>
                  {t('people.deactivate')}
                </button>
              ) : (
                <button type="button" disabled={change.isPending} onClick={() => change.mutate({ active: true })} aria-label={t('people.reactivateNamed', { name: person.name })}>
                  {t('people.reactivate')}
                </button>
              ))}
            {person.id !== me.id && <ErasePersonButton person={person} onDone={onDone} />}
          </div>
          {change.error && <ErrorNotice error={change.error} />}
        </td>
      </tr>
      {editing && (
        <tr>
          <td colSpan={COLUMNS} className="row-form">
            <PersonForm person={person} onClose={closeForm} onDone={onDone} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

type Details = Pick<DirectoryPerson, 'name' | 'department' | 'site' | 'timeZone' | 'locale'>;
const FIELDS = ['name', 'department', 'site', 'timeZone', 'locale'] as const;
const LABELS: Record<(typeof FIELDS)[number], string> = { name: 'people.name', department: 'people.department', site: 'people.site', timeZone: 'people.timeZone', locale: 'people.language' };

/** One person's details; only what changed is sent, so a save never undoes someone else's edit of another field. */
function PersonForm({ person, onClose, onDone }: { person: DirectoryPerson; onClose: () => void; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [values, setValues] = useState({ name: person.name, department: person.department ?? '', site: person.site ?? '', timeZone: person.timeZone, locale: person.locale });
  const zones = timeZones();
  const set = (field: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setValues({ ...values, [field]: e.target.value });
  const save = useMutation({
    mutationFn: () => {
      const next: Details = { name: values.name.trim(), department: values.department.trim() || null, site: values.site.trim() || null, timeZone: values.timeZone, locale: values.locale };
      const body = Object.fromEntries(FIELDS.filter((f) => next[f] !== person[f]).map((f) => [f, next[f]]));
      return api<PersonChanged>('PATCH', `/api/admin/people/${person.id}`, body);
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['admin', 'people'] });
      onDone(t('people.changed', { name: values.name.trim() }));
      onClose();
    },
  });
  // The API names the fields at fault in English; the reader gets the labels in their language.
  const bad = new Set(save.error instanceof ApiError ? save.error.fields.map((f) => f.field.replace(/^body\./, '')) : []);
  const titleId = `edit-${person.id}`;
  return (
    <form
      className="inline-form"
      aria-labelledby={titleId}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 id={titleId} className="form-title">
        {t('people.editTitle', { name: person.name })}
      </h2>
      <label>
        {t('people.name')}
        <input value={values.name} onChange={set('name')} required maxLength={200} aria-invalid={bad.has('name')} />
      </label>
      <label>
        {t('people.department')}
        <input value={values.department} onChange={set('department')} maxLength={200} aria-invalid={bad.has('department')} />
      </label>
      <label>
        {t('people.site')}
        <input value={values.site} onChange={set('site')} maxLength={200} aria-invalid={bad.has('site')} />
      </label>
      <label>
        {t('people.timeZone')}
        <select value={values.timeZone} onChange={set('timeZone')} aria-invalid={bad.has('timeZone')}>
          {(zones.includes(person.timeZone) ? zones : [person.timeZone, ...zones]).map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('people.language')}
        <select value={values.locale} onChange={set('locale')} aria-invalid={bad.has('locale')}>
          <option value="en">English</option>
          <option value="de">Deutsch</option>
        </select>
      </label>
      <button type="submit" className="primary" disabled={save.isPending}>
        {save.isPending ? t('people.saving') : t('people.save')}
      </button>
      <button type="button" onClick={onClose}>
        {t('people.close')}
      </button>
      {save.error && (
        <div className="form-errors">
          <ErrorNotice error={save.error instanceof ApiError && bad.size > 0 ? new ApiError(save.error.status, save.error.code, save.error.message) : save.error} />
          {bad.size > 0 && (
            <ul className="notice error">
              {[...bad].map((f) => (
                <li key={f}>{t('people.checkField', { field: f in LABELS ? t(LABELS[f as keyof typeof LABELS]) : f })}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
