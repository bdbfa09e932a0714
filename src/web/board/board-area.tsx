// The suggestion board, loaded on demand: for admins and the suggestion owners they appoint.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { api } from '../app/api.ts';
import { i18next } from '../app/i18n.ts';
import { NotFoundPage } from '../app/not-found-page.tsx';
import { ErrorNotice, Loading } from '../app/status.tsx';
import type { BoardAccess } from '../app/types.ts';
import { BoardItemPage } from './board-item-page.tsx';
import { BoardPage } from './board-page.tsx';
import { CampaignPage } from './campaign-page.tsx';
import { boardDe, boardEn } from './texts.ts';

i18next.addResourceBundle('en', 'translation', boardEn, true, false);
i18next.addResourceBundle('de', 'translation', boardDe, true, false);

export default function BoardArea() {
  const { t } = useTranslation();
  const access = useQuery({ queryKey: ['board', 'access'], queryFn: () => api<BoardAccess>('GET', '/api/board/access'), staleTime: 60_000 });
  if (access.isPending) return <Loading />;
  if (access.error) return <ErrorNotice error={access.error} onRetry={() => void access.refetch()} />;
  if (!access.data.board) return <p className="notice error" role="alert">{t('board.forbidden')}</p>;
  return (
    <Routes>
      <Route index element={<BoardPage />} />
      <Route path="campaigns" element={<CampaignPage />} />
      <Route path=":id" element={<BoardItemPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
