// The board as employees read it, loaded on demand: where the organisation opened it to everyone.
// A closed board answers 403 BOARD_CLOSED, which the pages show as their error.
import { Route, Routes } from 'react-router';
import { i18next } from '../app/i18n.ts';
import { NotFoundPage } from '../app/not-found-page.tsx';
import { IdeaPage } from './idea-page.tsx';
import { IdeasPage } from './ideas-page.tsx';
import { ideasDe, ideasEn } from './texts.ts';

i18next.addResourceBundle('en', 'translation', ideasEn, true, false);
i18next.addResourceBundle('de', 'translation', ideasDe, true, false);

export default function IdeasArea() {
  return (
    <Routes>
      <Route index element={<IdeasPage />} />
      <Route path=":id" element={<IdeaPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
