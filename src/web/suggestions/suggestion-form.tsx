// Adding or changing one of the group's suggestions: a title and a text, optionally a category and
// the area it concerns. Made for a phone at the end of a session; the draft survives a reload.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api.ts';
import { ErrorNotice, Success } from '../app/status.tsx';
import type { Category, Suggestion } from '../app/types.ts';
import { useDraft, type SuggestionDraft } from './drafts.ts';

interface Props {
  sessionId: string;
  categories: Category[];
  /** The suggestion being changed; absent for a new one. */
  editing?: Suggestion;
  onDone?: () => void;
}

export function SuggestionForm({ sessionId, categories, editing, onDone }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const client = useQueryClient();
  const start: SuggestionDraft = editing
    ? { title: editing.title, body: editing.body, categoryId: editing.category?.id ?? '', area: editing.area ?? '' }
    : { title: '', body: '', categoryId: '', area: '' };
  const { draft, set, clear, restored } = useDraft(editing ? `edit.${editing.id}` : `new.${sessionId}`, start);
  const save = useMutation({
    mutationFn: () => {
      const fields = { title: draft.title.trim(), body: draft.body.trim(), categoryId: draft.categoryId || null, area: draft.area.trim() || null };
      return editing
        ? api<Suggestion>('PATCH', `/api/suggestions/${editing.id}`, { version: editing.version, ...fields })
        : api<Suggestion>('POST', `/api/sessions/${sessionId}/suggestions`, fields);
    },
    onSuccess: () => {
      clear();
      onDone?.();
    },
    // Saved or refused (another change came first), the list shows what the server holds now; a
    // refused change keeps its draft for a second try.
    onSettled: () => client.invalidateQueries({ queryKey: ['suggestions', sessionId] }),
  });
  const selectable = categories.filter((c) => !c.retired || c.id === draft.categoryId);

  return (
    <form
      className="stacked suggestion-form"
      aria-label={editing ? t('suggestions.editNamed', { title: editing.title }) : t('suggestions.add')}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      {restored && <p className="hint" role="status">{t('suggestions.draftRestored')}</p>}
      <label>
        {t('suggestions.fieldTitle')}
        <input value={draft.title} maxLength={200} required onChange={(e) => set({ ...draft, title: e.target.value })} />
      </label>
      <label>
        {t('suggestions.fieldBody')}
        <textarea value={draft.body} maxLength={4000} rows={4} onChange={(e) => set({ ...draft, body: e.target.value })} aria-describedby={`${id}-hint`} />
      </label>
      <div className="field-row">
        <label>
          {t('suggestions.fieldCategory')}
          <select value={draft.categoryId} onChange={(e) => set({ ...draft, categoryId: e.target.value })}>
            <option value="">{t('suggestions.noCategory')}</option>
            {selectable.map((c) => (
              <option key={c.id} value={c.id}>{c.name}</option>
            ))}
          </select>
        </label>
        <label>
          {t('suggestions.fieldArea')}
          <input value={draft.area} maxLength={200} onChange={(e) => set({ ...draft, area: e.target.value })} />
        </label>
      </div>
      <p className="hint" id={`${id}-hint`}>{t('suggestions.draftKept')}</p>
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending || draft.title.trim() === ''}>
          {save.isPending ? t('suggestions.saving') : t('suggestions.save')}
        </button>
        {editing && (
          <button type="button" onClick={() => { clear(); onDone?.(); }}>
            {t('suggestions.cancelEdit')}
          </button>
        )}
      </div>
      {save.isSuccess && !editing && <Success>{t('suggestions.saved')}</Success>}
      {save.error && <ErrorNotice error={save.error} />}
    </form>
  );
}
