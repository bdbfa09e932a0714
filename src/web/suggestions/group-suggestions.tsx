// The group's suggestions on the session page: the module's question, what the group suggested
// (no author: a suggestion is the group's), and for whoever records them, the form. Loaded on
// demand, with its texts.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import i18next from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../app/api.ts';
import { useMe } from '../app/me.ts';
import { ErrorNotice, Loading } from '../app/status.tsx';
import { momentLabel } from '../app/time.ts';
import type { CategoryList, GroupSuggestions as Group, Suggestion } from '../app/types.ts';
import { SuggestionForm } from './suggestion-form.tsx';
import { suggestionsDe, suggestionsEn } from './texts.ts';

i18next.addResourceBundle('en', 'translation', suggestionsEn, true, false);
i18next.addResourceBundle('de', 'translation', suggestionsDe, true, false);

export default function GroupSuggestions({ sessionId, runsIt }: { sessionId: string; runsIt: boolean }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const group = useQuery({
    queryKey: ['suggestions', sessionId],
    queryFn: () => api<Group>('GET', `/api/sessions/${sessionId}/suggestions`),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
  const categories = useQuery({
    queryKey: ['suggestion-categories'],
    queryFn: () => api<CategoryList>('GET', '/api/suggestion-categories').then((r) => r.items),
    enabled: group.data?.canRecord === true,
    staleTime: 300_000,
  });
  const [editing, setEditing] = useState<string | null>(null);

  // Not part of this session's group: the page shows the session without its suggestions.
  if (group.error instanceof ApiError && group.error.status === 404) return null;
  const g = group.data;
  const closes = g && momentLabel(g.closesAt, me.timeZone, i18n.language);

  return (
    <section className="suggestions" aria-labelledby="suggestions-title">
      <h2 id="suggestions-title">{t('suggestions.title')}</h2>
      {group.isPending && <Loading />}
      {group.error && <ErrorNotice error={group.error} onRetry={() => void group.refetch()} />}
      {g && (
        <>
          {g.question && (
            <figure className="question">
              <figcaption>{t('suggestions.questionLabel')}</figcaption>
              <blockquote>{g.question}</blockquote>
            </figure>
          )}
          <p className="hint">
            {g.canRecord ? t('suggestions.openUntil', { date: closes }) : new Date(g.opensAt) > new Date() ? t('suggestions.opensAtStart') : t('suggestions.closed')}
          </p>
          {g.items.length === 0 && <p>{g.noSuggestions ? t('suggestions.noneRecorded') : t('suggestions.empty')}</p>}
          {g.items.length > 0 && (
            <ol className="suggestion-list">
              {g.items.map((s) => (
                <li key={s.id} className="card">
                  {editing === s.id && categories.data ? (
                    <SuggestionForm sessionId={sessionId} categories={categories.data} editing={s} onDone={() => setEditing(null)} />
                  ) : (
                    <SuggestionItem suggestion={s} sessionId={sessionId} canChange={g.canRecord && !s.takenUp} onEdit={() => setEditing(s.id)} />
                  )}
                </li>
              ))}
            </ol>
          )}
          {g.canRecord && categories.data && (
            <div className="add-suggestion">
              <h3>{t('suggestions.add')}</h3>
              <SuggestionForm sessionId={sessionId} categories={categories.data} />
            </div>
          )}
          {g.canRecord && !categories.data && categories.isPending && <Loading />}
          {categories.error && <ErrorNotice error={categories.error} onRetry={() => void categories.refetch()} />}
          {!g.canRecord && !runsIt && g.items.length === 0 && !g.noSuggestions && <p className="hint">{t('suggestions.coachRecords')}</p>}
          {runsIt && g.canRecord && g.items.length === 0 && <NoSuggestionsSwitch sessionId={sessionId} marked={g.noSuggestions} />}
        </>
      )}
    </section>
  );
}

function SuggestionItem({ suggestion: s, sessionId, canChange, onEdit }: { suggestion: Suggestion; sessionId: string; canChange: boolean; onEdit: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api<void>('DELETE', `/api/suggestions/${s.id}?version=${s.version}`),
    onSettled: () => client.invalidateQueries({ queryKey: ['suggestions', sessionId] }),
  });
  return (
    <article aria-labelledby={`suggestion-${s.id}`}>
      <h3 id={`suggestion-${s.id}`}>{s.title}</h3>
      <p className="meta">
        <span className={`badge status-${s.status}`}>{t(`suggestions.status.${s.status}`)}</span>
        {s.category && <span className="badge">{s.category.name}</span>}
        {s.area}
      </p>
      {s.body && <p className="suggestion-body">{s.body}</p>}
      {s.response && (
        <div className="response">
          <p className="meta">{t('suggestions.responseLabel')}</p>
          <p className="suggestion-body">{s.response}</p>
        </div>
      )}
      {canChange && (
        <div className="actions">
          <button type="button" aria-label={t('suggestions.editNamed', { title: s.title })} onClick={onEdit}>
            {t('suggestions.edit')}
          </button>
          <button
            type="button"
            aria-label={t('suggestions.removeNamed', { title: s.title })}
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(t('suggestions.confirmRemove', { title: s.title }))) remove.mutate();
            }}
          >
            {t('suggestions.remove')}
          </button>
        </div>
      )}
      {remove.error && <ErrorNotice error={remove.error} />}
    </article>
  );
}

function NoSuggestionsSwitch({ sessionId, marked }: { sessionId: string; marked: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const mark = useMutation({
    mutationFn: (noSuggestions: boolean) => api('PUT', `/api/sessions/${sessionId}/reflection`, { noSuggestions }),
    onSettled: () => client.invalidateQueries({ queryKey: ['suggestions', sessionId] }),
  });
  return (
    <div className="actions">
      <button type="button" disabled={mark.isPending} onClick={() => mark.mutate(!marked)}>
        {marked ? t('suggestions.undoNoSuggestions') : t('suggestions.noSuggestions')}
      </button>
      {mark.error && <ErrorNotice error={mark.error} />}
    </div>
  );
}
