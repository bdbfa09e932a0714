// One idea: what the group wrote, what became of it, the similar ideas folded into it, and the
// Support toggle. A folded duplicate points to the idea it was folded into.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../app/api.ts';
import { useMe } from '../app/me.ts';
import { usePageTitle } from '../app/page-title.ts';
import { Loading, PageLoadError } from '../app/status.tsx';
import { dayLabel } from '../app/time.ts';
import type { IdeaDetail } from '../app/types.ts';
import { SupportToggle } from './support-toggle.tsx';

export function IdeaPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { id = '' } = useParams();
  const item = useQuery({ queryKey: ['ideas', 'item', id], queryFn: () => api<IdeaDetail>('GET', `/api/ideas/suggestions/${id}`) });
  usePageTitle(item.data?.title);
  if (item.isPending) return <Loading />;
  if (item.error) return <PageLoadError error={item.error} onRetry={() => void item.refetch()} />;
  const idea = item.data;
  return (
    <article className="idea narrow">
      <p><Link to="/ideas">{t('ideas.back')}</Link></p>
      <h1>{idea.title}</h1>
      <p className="meta">
        <span className={`badge status-${idea.status}`}>{t(`ideas.statusNames.${idea.status}`)}</span>
        {idea.category && <span className="badge">{idea.category.name}</span>}
        {[idea.area, t('ideas.fromModule', { module: idea.module.title }), dayLabel(idea.createdAt, me.timeZone, i18n.language)].filter(Boolean).join(' · ')}
      </p>
      {idea.body && <p className="suggestion-body">{idea.body}</p>}
      <section aria-labelledby="idea-response">
        <h2 id="idea-response">{t('ideas.response')}</h2>
        <p className="suggestion-body">{idea.response || t('ideas.noResponse')}</p>
      </section>
      {idea.mergedInto ? (
        <p className="notice">
          {t('ideas.mergedInto')} <Link to={`/ideas/${idea.mergedInto}`}>{t('ideas.openSurvivor')}</Link>
        </p>
      ) : (
        <SupportToggle idea={idea} />
      )}
      {idea.folded.length > 0 && (
        <section aria-labelledby="idea-folded">
          <h2 id="idea-folded">{t('ideas.foldedTitle')}</h2>
          <ul className="notes">
            {idea.folded.map((f) => (
              <li key={f.id}>
                <p><strong>{f.title}</strong></p>
                {f.body && <p className="suggestion-body">{f.body}</p>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
