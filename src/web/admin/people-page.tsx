// People: find anyone, change their details, give or take roles, deactivate (their upcoming seats
// are given up) or bring back; import many from CSV with a dry run first. The table keeps to five
// columns so that its actions stay in sight at any width. A role is given on one click with an undo
// for a few seconds; taking one away asks first, naming the person and the right.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, query } from '../app/api.ts';
import { useMe } from '../app/me.ts';
import { ErrorNotice, Loading, Success } from '../app/status.tsx';
import { timeZones } from '../app/time.ts';
import type { DirectoryPage, DirectoryPerson, PersonChanged, Role } from '../app/types.ts';
import { PeopleImport } from './people-import.tsx';
import { ErasePersonButton } from '../erasure/erase-person-dialog.tsx';
import './people-texts.ts';
import './people.css';

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
                {t(`peopleRoles.names.${r}`)}
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
          <table className="stack-on-phone people-table">
            <thead>
              <tr>
                <th scope="col">{t('peopleRoles.nameAndEmail')}</th>
                <th scope="col">{t('peopleRoles.place')}</th>
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

const COLUMNS = 5;
/** How long the undo of a role just given stays offered. */
const UNDO_MS = 10_000;

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
  // A role just given, offered to be undone for a few seconds; a role waiting for the confirmation.
  const [given, setGiven] = useState<Role | null>(null);
  const [removing, setRemoving] = useState<Role | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (!given) return;
    const timer = setTimeout(() => setGiven(null), UNDO_MS);
    return () => clearTimeout(timer);
  }, [given]);
  // Opened once its words are there, so that "Keep it" (the safe answer) takes the focus.
  useEffect(() => {
    if (removing && !dialog.current?.open) dialog.current?.showModal();
  }, [removing]);
  const roleName = (r: Role) => t(`peopleRoles.names.${r}`);
  const change = useMutation({
    mutationFn: (body: { roles?: Role[]; active?: boolean; taken?: Role }) =>
      api<PersonChanged>('PATCH', `/api/admin/people/${person.id}`, body.roles ? { roles: body.roles } : { active: body.active }),
    onError: () => setRoles(person.roles),
    onSuccess: (answer, body) => {
      onDone(body.active === false ? t('people.deactivated', { name: person.name, count: answer.bookingsCancelled })
        : body.taken ? t('peopleRoles.taken', { name: person.name, role: roleName(body.taken) }) : t('people.saved'));
      void client.invalidateQueries({ queryKey: ['admin', 'people'] });
    },
  });
  const give = (role: Role) => {
    const next = [...roles, role];
    setRoles(next);
    setGiven(role);
    change.mutate({ roles: next });
  };
  const takeAway = (role: Role) => {
    const next = roles.filter((r) => r !== role);
    if (next.length === 0) return;
    setGiven(null);
    setRoles(next);
    change.mutate({ roles: next, taken: role });
  };
  const toggle = (role: Role, on: boolean) => {
    if (on) return give(role);
    if (roles.length === 1) return;
    setRemoving(role);
  };
  const confirmRemoval = () => {
    dialog.current?.close();
    if (removing) takeAway(removing);
    setRemoving(null);
  };
  return (
    <Fragment>
      <tr>
        <td data-label={t('peopleRoles.nameAndEmail')}>
          {person.name}
          <span className="meta email">{person.email}</span>
        </td>
        <td data-label={t('peopleRoles.place')}>
          {[person.department, person.site].filter(Boolean).join(' · ') || '—'}
          <span className="meta email">{person.timeZone}</span>
        </td>
        <td data-label={t('people.roles')}>
          <div className="roles">
            {ROLES.map((r) => (
              <label key={r} className="checkbox">
                <input
                  type="checkbox"
                  checked={roles.includes(r)}
                  disabled={change.isPending || (person.id === me.id && r === 'admin')}
                  onChange={(e) => toggle(r, e.target.checked)}
                  aria-label={t('people.roleOf', { role: roleName(r), name: person.name })}
                />
                {roleName(r)}
              </label>
            ))}
          </div>
          {given && !change.isError && (
            <p className="role-undo" role="status">
              {t('peopleRoles.given', { name: person.name, role: roleName(given) })}
              <button type="button" disabled={change.isPending} onClick={() => takeAway(given)} aria-label={t('peopleRoles.undoNamed', { name: person.name, role: roleName(given) })}>
                {t('peopleRoles.undo')}
              </button>
            </p>
          )}
          <dialog ref={dialog} className="role-dialog" aria-labelledby={`remove-role-${person.id}`} onClose={() => setRemoving(null)}>
            {removing && (
              <form method="dialog" className="stacked" onSubmit={(e) => { e.preventDefault(); confirmRemoval(); }}>
                <h2 id={`remove-role-${person.id}`}>{t('peopleRoles.confirmTitle', { name: person.name, role: roleName(removing) })}</h2>
                <p>{t(`peopleRoles.lose.${removing}`, { name: person.name })}</p>
                <div className="actions">
                  <button type="submit" className="danger">{t('peopleRoles.confirm', { role: roleName(removing) })}</button>
                  <button type="button" autoFocus onClick={() => dialog.current?.close()}>{t('peopleRoles.keep')}</button>
                </div>
              </form>
            )}
          </dialog>
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
