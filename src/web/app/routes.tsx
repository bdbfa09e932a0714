// Every page address. The mails link to these, so they are a contract: /sign-in, /sessions,
// /sessions/:id, /my-sessions(?view=past), /profile, /rate#token=…&rating=N, /erase#token=…, /coach, /coach/publish, /admin/…, /board/:id
// The coach and admin areas load on demand, keeping the employee pages' first load small.
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { MySessionsPage } from '../my-sessions/my-sessions-page.tsx';
import { ProfilePage } from '../profile/profile-page.tsx';
import { SessionPage } from '../sessions/session-page.tsx';
import { SessionsPage } from '../sessions/sessions-page.tsx';
import { SignInPage } from '../sign-in/sign-in-page.tsx';
import { Layout } from './layout.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { Loading } from './status.tsx';

const CoachArea = lazy(() => import('../coach/coach-area.tsx'));
const AdminArea = lazy(() => import('../admin/admin-area.tsx'));
const BoardArea = lazy(() => import('../board/board-area.tsx'));
const IdeasArea = lazy(() => import('../ideas/ideas-area.tsx'));
const RatePage = lazy(() => import('../rate/rate-page.tsx'));
const PrivacyPage = lazy(() => import('../privacy-notice/privacy-page.tsx'));
const ErasePage = lazy(() => import('../erasure/erase-page.tsx'));
const ErasedPage = lazy(() => import('../erasure/erased-page.tsx'));
const OperatorPage = lazy(() => import('../operator/operator-page.tsx'));

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/rate" element={<Suspense fallback={<Loading />}><RatePage /></Suspense>} />
      {/* The privacy notice is for visitors too: outside the frame, which would ask them to sign in. */}
      <Route path="/privacy" element={<Suspense fallback={<Loading />}><PrivacyPage /></Suspense>} />
      {/* The operator is nobody of any organisation: outside the frame, signed in by their token. */}
      <Route path="/operator" element={<Suspense fallback={<Loading />}><OperatorPage /></Suspense>} />
      {/* The erasure mail's link asks to sign in itself (the frame would lose the link's token); after it, nobody is signed in. */}
      <Route path="/erase" element={<Suspense fallback={<Loading />}><ErasePage /></Suspense>} />
      <Route path="/erased" element={<Suspense fallback={<Loading />}><ErasedPage /></Suspense>} />
      <Route element={<Layout />}>
        <Route index element={<Navigate to="/sessions" replace />} />
        <Route path="sessions" element={<SessionsPage />} />
        <Route path="sessions/:id" element={<SessionPage />} />
        <Route path="my-sessions" element={<MySessionsPage />} />
        <Route path="profile" element={<ProfilePage />} />
        <Route path="coach/*" element={<Suspense fallback={<Loading />}><CoachArea /></Suspense>} />
        <Route path="admin/*" element={<Suspense fallback={<Loading />}><AdminArea /></Suspense>} />
        <Route path="board/*" element={<Suspense fallback={<Loading />}><BoardArea /></Suspense>} />
        <Route path="ideas/*" element={<Suspense fallback={<Loading />}><IdeasArea /></Suspense>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
