// The module library: add, edit, retire (no new sessions) or bring back.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../app/api.ts';
import { DataTable } from '../app/data-table.tsx';
import { ErrorNotice, Loading, Success } from '../app/status.tsx';
import type { Locale, Module, ModuleList } from '../app/types.ts';
import { NumberInput } from '../app/number-input.tsx';

export function ModulesPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Module | null>(null);
  const modules = useQuery({
    queryKey: ['modules', 'admin', search],
    queryFn: () => api<ModuleList>('GET', `/api/modules${query({ q: search.trim(), includeRetired: 'true' })}`).then((r) => r.items),
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['modules'] });
  const change = useMutation({
    mutationFn: ({ id, ...body }: { id: string; retired?: boolean } & Partial<ModuleFields>) =>
      api<Module>('PATCH', `/api/admin/modules/${id}`, body),
    onSuccess: () => {
      setEditing(null);
      return refresh();
    },
  });

  return (
    <section>
      <h1>{t('modules.title')}</h1>
      <form className="inline-form" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('modules.search')}
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        {modules.data && <p className="hint">{t('modules.count', { count: modules.data.length })}</p>}
      </form>
      {change.isSuccess && <Success>{t('modules.saved')}</Success>}
      {change.error && <ErrorNotice error={change.error} />}
      {editing && <ModuleForm module={editing} pending={change.isPending} onSave={(body) => change.mutate({ id: editing.id, ...body })} />}
      {modules.isPending && <Loading />}
      {modules.error && <ErrorNotice error={modules.error} onRetry={() => void modules.refetch()} />}
      {modules.data && (
        <DataTable
          rows={modules.data}
          rowKey={(m) => m.id}
          columns={[
            { label: t('modules.code'), cell: (m) => m.code },
            {
              label: t('modules.titleField'),
              cell: (m) => (
                <>
                  {m.title} {m.retired && <span className="badge cancelled">{t('modules.retired')}</span>}
                </>
              ),
            },
            { label: t('modules.language'), cell: (m) => t(`languages.${m.language}`) },
            { label: t('modules.duration'), cell: (m) => m.durationMinutes },
            {
              label: t('people.actions'),
              actions: true,
              cell: (m) => (
                <>
                  <button type="button" onClick={() => setEditing(m)} aria-label={t('modules.editNamed', { title: m.title })}>
                    {t('modules.edit')}
                  </button>
                  <button
                    type="button"
                    onClick={() => change.mutate({ id: m.id, retired: !m.retired })}
                    aria-label={m.retired ? t('modules.restoreNamed', { title: m.title }) : t('modules.retireNamed', { title: m.title })}
                  >
                    {m.retired ? t('modules.restore') : t('modules.retire')}
                  </button>
                </>
              ),
            },
          ]}
        />
      )}
      <AddModule onAdded={refresh} />
    </section>
  );
}

type ModuleFields = Pick<Module, 'title' | 'summary' | 'durationMinutes' | 'language' | 'reflectionQuestionEn' | 'reflectionQuestionDe'>;

function ModuleForm({ module, pending, onSave }: { module: Module; pending: boolean; onSave: (body: ModuleFields) => void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(module.title);
  const [questionEn, setQuestionEn] = useState(module.reflectionQuestionEn);
  const [questionDe, setQuestionDe] = useState(module.reflectionQuestionDe);
  const [summary, setSummary] = useState(module.summary);
  const [duration, setDuration] = useState(module.durationMinutes);
  const [language, setLanguage] = useState<Locale>(module.language);
  return (
    <form
      className="stacked card"
      aria-label={t('modules.editNamed', { title: module.title })}
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ title, summary, durationMinutes: duration, language, reflectionQuestionEn: questionEn, reflectionQuestionDe: questionDe });
      }}
    >
      <label>
        {t('modules.titleField')}
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
      </label>
      <label>
        {t('modules.summary')}
        <textarea value={summary} onChange={(e) => setSummary(e.target.value)} maxLength={4000} rows={3} />
      </label>
      <label>
        {t('modules.duration')}
        <NumberInput min={15} max={480} step={15} value={duration} onValue={setDuration} required />
      </label>
      <label>
        {t('modules.language')}
        <select value={language} onChange={(e) => setLanguage(e.target.value as Locale)}>
          <option value="en">{t('languages.en')}</option>
          <option value="de">{t('languages.de')}</option>
        </select>
      </label>
      <label>
        {t('modules.questionEn')}
        <textarea value={questionEn} onChange={(e) => setQuestionEn(e.target.value)} maxLength={300} rows={2} aria-describedby="question-hint" />
      </label>
      <label>
        {t('modules.questionDe')}
        <textarea value={questionDe} onChange={(e) => setQuestionDe(e.target.value)} maxLength={300} rows={2} aria-describedby="question-hint" />
      </label>
      <p className="hint" id="question-hint">{t('modules.questionHint')}</p>
      <button type="submit" className="primary" disabled={pending}>
        {t('modules.save')}
      </button>
    </form>
  );
}

function AddModule({ onAdded }: { onAdded: () => unknown }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [title, setTitle] = useState('');
  const [language, setLanguage] = useState<Locale>('en');
  const add = useMutation({ mutationFn: () => api<Module>('POST', '/api/admin/modules', { code, title, language }), onSuccess: onAdded });
  return (
    <form
      className="inline-form"
      aria-label={t('modules.add')}
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <label>
        {t('modules.code')}
        <input value={code} onChange={(e) => setCode(e.target.value)} required pattern="[A-Za-z0-9][A-Za-z0-9\-]{1,31}" />
      </label>
      <label>
        {t('modules.titleField')}
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
      </label>
      <label>
        {t('modules.language')}
        <select value={language} onChange={(e) => setLanguage(e.target.value as Locale)}>
          <option value="en">{t('languages.en')}</option>
          <option value="de">{t('languages.de')}</option>
        </select>
      </label>
      <button type="submit" className="primary" disabled={add.isPending}>
        {t('modules.add')}
      </button>
      {add.error && <ErrorNotice error={add.error} />}
      {add.isSuccess && <Success>{t('modules.saved')}</Success>}
    </form>
  );
}
