// The groups' ideas for every employee: filtered, searched, newest or most supported first, a page
// at a time, each with what became of it and a Support toggle. Filters live in the address.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, query } from '../app/api.ts';
import { useMe } from '../app/me.ts';
import { usePageTitle } from '../app/page-title.ts';
import { useSettings } from '../app/settings.ts';
import { ErrorNotice, Loading } from '../app/status.tsx';
import { dayLabel } from '../app/time.ts';
import type { CategoryList, Idea, IdeasPage as Page, ModuleList } from '../app/types.ts';
import { SupportToggle } from './support-toggle.tsx';

const FILTERS = ['q', 'status', 'moduleId', 'categoryId', 'sort'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;
const STATUSES = ['new', 'in_review', 'planned', 'done', 'declined'] as const;
const SORTS = ['newest', 'supported'];

function allowed(key: keyof Filters, value: string): boolean {
  if (key === 'sort') return SORTS.includes(value);
  if (key === 'status') return value.split(',').every((s) => (STATUSES as readonly string[]).includes(s));
  return true;
}

export function IdeasPage() {
  const { t } = useTranslation();
  usePageTitle(t('ideas.title'));
  const [params, setParams] = useSearchParams();
  // An address typed or kept from elsewhere may carry an order or status the board does not have
  // (?sort=supports): the default applies, rather than a refused request instead of the page.
  const applied: Filters = Object.fromEntries(FILTERS.flatMap((k) => (params.get(k) && allowed(k, params.get(k)!) ? [[k, params.get(k)!]] : [])));
  const [draft, setDraft] = useState<Filters>(applied);
  const ideas = useInfiniteQuery({
    queryKey: ['ideas', applied],
    queryFn: ({ pageParam }) => api<Page>('GET', `/api/ideas/suggestions${query({ ...applied, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const modules = useQuery({ queryKey: ['modules', 'all'], queryFn: () => api<ModuleList>('GET', '/api/modules').then((r) => r.items), staleTime: 300_000 });
  const categories = useQuery({ queryKey: ['suggestion-categories'], queryFn: () => api<CategoryList>('GET', '/api/suggestion-categories').then((r) => r.items), staleTime: 300_000 });
  // An admin may read a board still closed to employees: a preview, and the page says so.
  const settings = useSettings();
  const first = ideas.data?.pages[0];
  const rows = ideas.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (key: keyof Filters, value: string) => setDraft({ ...draft, [key]: value || undefined });
  const filtered = Object.keys(applied).some((k) => k !== 'sort');

  return (
    <section>
      <h1>{t('ideas.title')}</h1>
      <p className="hint">{t('ideas.intro')}</p>
      {settings.data?.boardOpenToEmployees === false && first && <p className="notice warning">{t('ideas.preview')}</p>}
      <form
        className="filters"
        aria-label={t('ideas.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setParams(Object.fromEntries(Object.entries(draft).filter(([, v]) => v)) as Record<string, string>);
        }}
      >
        <label>
          {t('ideas.search')}
          <input type="search" value={draft.q ?? ''} maxLength={200} onChange={(e) => set('q', e.target.value)} />
        </label>
        <label>
          {t('ideas.status')}
          <select value={draft.status ?? ''} onChange={(e) => set('status', e.target.value)}>
            <option value="">{t('ideas.all')}</option>
            {STATUSES.map((s) => <option key={s} value={s}>{t(`ideas.statusNames.${s}`)}</option>)}
          </select>
        </label>
        <label>
          {t('ideas.module')}
          <select value={draft.moduleId ?? ''} onChange={(e) => set('moduleId', e.target.value)}>
            <option value="">{t('ideas.all')}</option>
            {modules.data?.map((m) => <option key={m.id} value={m.id}>{m.title}</option>)}
          </select>
        </label>
        <label>
          {t('ideas.category')}
          <select value={draft.categoryId ?? ''} onChange={(e) => set('categoryId', e.target.value)}>
            <option value="">{t('ideas.all')}</option>
            {categories.data?.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
        <label>
          {t('ideas.sort')}
          <select value={draft.sort ?? 'newest'} onChange={(e) => set('sort', e.target.value === 'newest' ? '' : e.target.value)}>
            <option value="newest">{t('ideas.sortNewest')}</option>
            <option value="supported">{t('ideas.sortSupported')}</option>
          </select>
        </label>
        <button type="submit" className="primary">{t('ideas.apply')}</button>
        <button type="button" onClick={() => { setDraft({}); setParams({}); }}>{t('ideas.reset')}</button>
      </form>
      {ideas.isPending && <Loading />}
      {ideas.error && <ErrorNotice error={ideas.error} onRetry={() => void ideas.refetch()} />}
      {first && (
        <p role="status">
          {first.total >= first.totalCap ? t('ideas.countCapped', { count: first.totalCap }) : t('ideas.count', { count: first.total })}
        </p>
      )}
      {first && rows.length === 0 && <p>{filtered ? t('ideas.empty') : t('ideas.emptyBoard')}</p>}
      {rows.length > 0 && (
        <ol className="suggestion-list ideas">
          {rows.map((idea) => <IdeaCard key={idea.id} idea={idea} />)}
        </ol>
      )}
      {ideas.hasNextPage && (
        <button type="button" onClick={() => void ideas.fetchNextPage()} disabled={ideas.isFetchingNextPage}>
          {ideas.isFetchingNextPage ? t('common.loading') : t('ideas.more')}
        </button>
      )}
    </section>
  );
}

function IdeaCard({ idea }: { idea: Idea }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  return (
    <li className="card">
      <h2 className="idea-title"><Link to={`/ideas/${idea.id}`}>{idea.title}</Link></h2>
      <p className="meta">
        <span className={`badge status-${idea.status}`}>{t(`ideas.statusNames.${idea.status}`)}</span>
        {idea.category && <span className="badge">{idea.category.name}</span>}
        {[idea.area, idea.module.title, dayLabel(idea.createdAt, me.timeZone, i18n.language)].filter(Boolean).join(' · ')}
      </p>
      {idea.body && <p className="suggestion-body">{idea.body}</p>}
      {idea.response && <p className="suggestion-body"><strong>{t('ideas.answer')}:</strong> {idea.response}</p>}
      {idea.duplicates > 0 && <p className="meta">{t('ideas.folded', { count: idea.duplicates })}</p>}
      <SupportToggle idea={idea} />
    </li>
  );
}
