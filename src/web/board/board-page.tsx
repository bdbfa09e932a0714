// The board: every suggestion the reader may work on, filtered, searched and sorted, a page at a
// time. The filters live in the address, so a filtered board can be bookmarked or sent on.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, query } from '../app/api.ts';
import { DataTable } from '../app/data-table.tsx';
import { useMe } from '../app/me.ts';
import { usePageTitle } from '../app/page-title.ts';
import { ErrorNotice, Loading } from '../app/status.tsx';
import { dayLabel } from '../app/time.ts';
import type { BoardPage as Page, CategoryList, ModuleList } from '../app/types.ts';
import { Figure } from '../privacy-floor/withheld.tsx';

const FILTERS = ['status', 'moduleId', 'categoryId', 'area', 'ownerId', 'q', 'from', 'to', 'sort'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;
export const OPEN = 'new,in_review,planned';
const STATUSES = ['new', 'in_review', 'planned', 'done', 'declined'] as const;
const SORTS = ['newest', 'oldest', 'updated', 'supported'];

export function BoardPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  usePageTitle(t('board.title'));
  const [params, setParams] = useSearchParams();
  const applied: Filters = Object.fromEntries(FILTERS.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : [])));
  // An order the board does not have, kept in an address, falls back to the default order.
  if (applied.sort !== undefined && !SORTS.includes(applied.sort)) delete applied.sort;
  if (!params.has('status')) applied.status = OPEN;
  const [draft, setDraft] = useState<Filters>(applied);
  const board = useInfiniteQuery({
    queryKey: ['board', applied],
    queryFn: ({ pageParam }) => api<Page>('GET', `/api/board/suggestions${query({ ...applied, status: applied.status === 'all' ? undefined : applied.status, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const modules = useQuery({ queryKey: ['modules', 'all'], queryFn: () => api<ModuleList>('GET', '/api/modules').then((r) => r.items), staleTime: 300_000 });
  const categories = useQuery({ queryKey: ['suggestion-categories'], queryFn: () => api<CategoryList>('GET', '/api/suggestion-categories').then((r) => r.items), staleTime: 300_000 });
  const first = board.data?.pages[0];
  const rows = board.data?.pages.flatMap((p) => p.items) ?? [];
  const exportQuery = query({ ...applied, status: applied.status === 'all' ? undefined : applied.status });
  const set = (key: keyof Filters, value: string) => setDraft({ ...draft, [key]: value || undefined });

  return (
    <section>
      <h1>{t('board.title')}</h1>
      <p className="hint">{t('board.intro')}</p>
      <p><Link to="/board/campaigns">{t('campaign.link')}</Link></p>
      <form
        className="filters"
        aria-label={t('board.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setParams(Object.fromEntries(Object.entries(draft).filter(([, v]) => v)) as Record<string, string>);
        }}
      >
        <label>
          {t('board.search')}
          <input type="search" value={draft.q ?? ''} maxLength={200} onChange={(e) => set('q', e.target.value)} />
        </label>
        <label>
          {t('board.status')}
          <select value={draft.status ?? OPEN} onChange={(e) => set('status', e.target.value)}>
            <option value={OPEN}>{t('board.open')}</option>
            <option value="all">{t('board.all')}</option>
            {STATUSES.map((s) => <option key={s} value={s}>{t(`board.statusNames.${s}`)}</option>)}
          </select>
        </label>
        <label>
          {t('board.module')}
          <select value={draft.moduleId ?? ''} onChange={(e) => set('moduleId', e.target.value)}>
            <option value="">{t('board.all')}</option>
            {modules.data?.map((m) => <option key={m.id} value={m.id}>{m.title}</option>)}
          </select>
        </label>
        <label>
          {t('board.category')}
          <select value={draft.categoryId ?? ''} onChange={(e) => set('categoryId', e.target.value)}>
            <option value="">{t('board.all')}</option>
            {categories.data?.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
        <label>
          {t('board.area')}
          <input value={draft.area ?? ''} maxLength={200} onChange={(e) => set('area', e.target.value)} />
        </label>
        <label>
          {t('board.owner')}
          <select value={draft.ownerId ?? ''} onChange={(e) => set('ownerId', e.target.value)}>
            <option value="">{t('board.all')}</option>
            <option value="me">{t('board.ownerMe')}</option>
            <option value="none">{t('board.ownerNone')}</option>
          </select>
        </label>
        <label>
          {t('board.from')}
          <input type="date" value={draft.from ?? ''} max={draft.to} onChange={(e) => set('from', e.target.value)} />
        </label>
        <label>
          {t('board.to')}
          <input type="date" value={draft.to ?? ''} min={draft.from} onChange={(e) => set('to', e.target.value)} />
        </label>
        <label>
          {t('board.sort')}
          <select value={draft.sort ?? 'newest'} onChange={(e) => set('sort', e.target.value)}>
            <option value="newest">{t('board.sortNewest')}</option>
            <option value="oldest">{t('board.sortOldest')}</option>
            <option value="updated">{t('board.sortUpdated')}</option>
            <option value="supported">{t('board.sortSupported')}</option>
          </select>
        </label>
        <button type="submit" className="primary">{t('board.apply')}</button>
        <button type="button" onClick={() => { setDraft({ status: OPEN }); setParams({}); }}>{t('board.reset')}</button>
      </form>
      {board.isPending && <Loading />}
      {board.error && <ErrorNotice error={board.error} onRetry={() => void board.refetch()} />}
      {first && (
        <p role="status">
          {first.total >= first.totalCap ? t('board.countCapped', { count: first.totalCap }) : t('board.count', { count: first.total })}
        </p>
      )}
      {first && rows.length > 0 && (
        <p className="actions">
          <a className="button-link secondary" href={`/api/board/export.csv${exportQuery}`} download>{t('board.exportCsv')}</a>
          <a className="button-link secondary" href={`/api/board/export.xlsx${exportQuery}`} download>{t('board.exportXlsx')}</a>
        </p>
      )}
      {first && rows.length === 0 && <p>{t('board.empty')}</p>}
      {rows.length > 0 && (
        <DataTable
          rows={rows}
          rowKey={(s) => s.id}
          columns={[
            {
              label: t('board.titleColumn'),
              rowHeader: true,
              cell: (s) => (
                <>
                  <Link to={`/board/${s.id}`}>{s.title}</Link>
                  {s.duplicates > 0 && <span className="meta"> · {t('board.duplicates', { count: s.duplicates })}</span>}
                </>
              ),
            },
            { label: t('board.status'), cell: (s) => <span className={`badge status-${s.status}`}>{t(`board.statusNames.${s.status}`)}</span> },
            { label: t('board.module'), cell: (s) => s.module.title },
            { label: t('board.category'), cell: (s) => s.category?.name ?? '' },
            { label: t('board.area'), cell: (s) => s.area ?? '' },
            { label: t('board.owner'), cell: (s) => s.owner?.name ?? '' },
            { label: t('board.supports'), cell: (s) => <Figure value={s.supports} compact /> },
            { label: t('board.recorded'), cell: (s) => dayLabel(s.createdAt, me.timeZone, i18n.language) },
          ]}
        />
      )}
      {board.hasNextPage && (
        <button type="button" onClick={() => void board.fetchNextPage()} disabled={board.isFetchingNextPage}>
          {board.isFetchingNextPage ? t('common.loading') : t('board.more')}
        </button>
      )}
    </section>
  );
}
