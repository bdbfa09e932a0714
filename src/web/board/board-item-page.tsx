// One suggestion on the board: what the group wrote, the status and the response the group will
// read, the owner, internal notes, and merging it into the suggestion it repeats.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, query } from '../app/api.ts';
import { hasRole, useMe } from '../app/me.ts';
import { usePageTitle } from '../app/page-title.ts';
import { ErrorNotice, Loading, PageLoadError, Success } from '../app/status.tsx';
import { dayLabel } from '../app/time.ts';
import type { BoardDetail, BoardPage, OwnerList, SuggestionStatus } from '../app/types.ts';
import { Figure } from '../privacy-floor/withheld.tsx';

const STATUSES = ['new', 'in_review', 'planned', 'done', 'declined'] as const;

export function BoardItemPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { id = '' } = useParams();
  const client = useQueryClient();
  const item = useQuery({ queryKey: ['board', 'item', id], queryFn: () => api<BoardDetail>('GET', `/api/board/suggestions/${id}`) });
  const admin = hasRole(me, 'admin');
  const owners = useQuery({ queryKey: ['suggestion-owners'], queryFn: () => api<OwnerList>('GET', '/api/admin/suggestion-owners').then((r) => r.items), enabled: admin });
  usePageTitle(item.data?.title);
  const [status, setStatus] = useState<SuggestionStatus>('new');
  const [response, setResponse] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [note, setNote] = useState('');
  const s = item.data;
  // The form starts from the stored suggestion, and again whenever the stored one changes.
  useEffect(() => {
    if (!s) return;
    setStatus(s.status);
    setResponse(s.response);
    setOwnerId(s.owner?.id ?? '');
  }, [s?.id, s?.version]);
  const done = (saved: BoardDetail) => {
    client.setQueryData(['board', 'item', id], saved);
    void client.invalidateQueries({ queryKey: ['board'], exact: false, refetchType: 'none' });
  };
  const save = useMutation({
    mutationFn: () => api<BoardDetail>('PATCH', `/api/board/suggestions/${id}`, {
      version: s!.version, status, response: response.trim(), ...(admin && { ownerId: ownerId || null }),
    }),
    onSuccess: done,
    onError: () => void item.refetch(),
  });
  const comment = useMutation({
    mutationFn: () => api<BoardDetail>('POST', `/api/board/suggestions/${id}/comments`, { body: note.trim() }),
    onSuccess: (saved) => {
      setNote('');
      done(saved);
    },
  });

  if (item.isPending) return <Loading />;
  if (item.error) return <PageLoadError error={item.error} onRetry={() => void item.refetch()} />;
  const item_ = item.data;
  return (
    <article className="board-item">
      <p><Link to="/board">{t('board.back')}</Link></p>
      <h1>{item_.title}</h1>
      <p className="meta">
        <span className={`badge status-${item_.status}`}>{t(`board.statusNames.${item_.status}`)}</span>
        {item_.category && <span className="badge">{item_.category.name}</span>}
        {item_.area} · {t('board.session', { module: item_.module.title })} · {dayLabel(item_.createdAt, me.timeZone, i18n.language)}
      </p>
      <p className="meta">{t('board.supports')}: <Figure value={item_.supports} /></p>
      <section aria-labelledby="group-text">
        <h2 id="group-text">{t('board.groupText')}</h2>
        <p className="suggestion-body">{item_.body}</p>
      </section>
      {item_.mergedInto ? (
        <p className="notice">
          {t('board.mergedInto')} <Link to={`/board/${item_.mergedInto}`}>{t('board.openSurvivor')}</Link>
        </p>
      ) : (
        <form
          className="stacked card"
          aria-label={t('board.save')}
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <label>
            {t('board.status')}
            <select value={status} onChange={(e) => setStatus(e.target.value as SuggestionStatus)}>
              {STATUSES.map((v) => <option key={v} value={v}>{t(`board.statusNames.${v}`)}</option>)}
            </select>
          </label>
          <label>
            {t('board.response')}
            <textarea value={response} maxLength={4000} rows={4} onChange={(e) => setResponse(e.target.value)} aria-describedby="response-hint" required={status === 'declined'} />
          </label>
          <p className="hint" id="response-hint">{t('board.responseHint')}</p>
          {admin && (
            <label>
              {t('board.assign')}
              <select value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
                <option value="">{t('board.nobody')}</option>
                {item_.owner && !owners.data?.some((o) => o.person.id === item_.owner!.id) && <option value={item_.owner.id}>{item_.owner.name}</option>}
                {owners.data?.map((o) => <option key={o.person.id} value={o.person.id}>{o.person.name}</option>)}
              </select>
            </label>
          )}
          <button type="submit" className="primary" disabled={save.isPending}>{t('board.save')}</button>
          {save.isSuccess && <Success>{t('board.saved')}</Success>}
          {save.error && <ErrorNotice error={save.error} />}
        </form>
      )}
      {item_.duplicateList.length > 0 && (
        <section aria-labelledby="duplicates">
          <h2 id="duplicates">{t('board.duplicatesTitle')}</h2>
          <ul>{item_.duplicateList.map((d) => <li key={d.id}><Link to={`/board/${d.id}`}>{d.title}</Link></li>)}</ul>
        </section>
      )}
      <section aria-labelledby="notes">
        <h2 id="notes">{t('board.notes')}</h2>
        <p className="hint">{t('board.notesHint')}</p>
        {item_.comments.length === 0 && <p>{t('board.noNotes')}</p>}
        <ul className="notes">
          {item_.comments.map((c) => (
            <li key={c.id}>
              <p className="meta">{c.author.name} · {dayLabel(c.createdAt, me.timeZone, i18n.language)}</p>
              <p className="suggestion-body">{c.body}</p>
            </li>
          ))}
        </ul>
        <form
          className="stacked"
          aria-label={t('board.addNote')}
          onSubmit={(e) => {
            e.preventDefault();
            comment.mutate();
          }}
        >
          <label>
            {t('board.note')}
            <textarea value={note} maxLength={4000} rows={2} onChange={(e) => setNote(e.target.value)} required />
          </label>
          <button type="submit" disabled={comment.isPending || note.trim() === ''}>{t('board.addNote')}</button>
          {comment.error && <ErrorNotice error={comment.error} />}
        </form>
      </section>
      {!item_.mergedInto && <MergeSearch id={item_.id} version={item_.version} />}
    </article>
  );
}

function MergeSearch({ id, version }: { id: string; version: number }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [text, setText] = useState('');
  const found = useQuery({
    queryKey: ['board', 'merge-search', text],
    queryFn: () => api<BoardPage>('GET', `/api/board/suggestions${query({ q: text.trim(), limit: '10' })}`).then((r) => r.items.filter((s) => s.id !== id)),
    enabled: text.trim().length >= 3,
  });
  const merge = useMutation({
    mutationFn: (intoId: string) => api<BoardDetail>('POST', `/api/board/suggestions/${id}/merge`, { intoId, version }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['board'] }),
  });
  return (
    <section aria-labelledby="merge">
      <h2 id="merge">{t('board.merge')}</h2>
      <p className="hint">{t('board.mergeHint')}</p>
      <label>
        {t('board.mergeSearch')}
        <input type="search" value={text} maxLength={200} onChange={(e) => setText(e.target.value)} />
      </label>
      {found.data && (
        <ul>
          {found.data.map((s) => (
            <li key={s.id}>
              <button type="button" disabled={merge.isPending} onClick={() => merge.mutate(s.id)}>
                {t('board.mergeInto', { title: s.title })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {merge.error && <ErrorNotice error={merge.error} />}
    </section>
  );
}
