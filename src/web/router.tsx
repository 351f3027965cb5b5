import { lazy } from 'react';
import { Navigate, createBrowserRouter, useRouteError } from 'react-router-dom';
import { Center } from '@mantine/core';
import { LoginPage } from './auth/LoginPage.tsx';
import { Forbidden, NotFound, RequireAuth, RequirePermission } from './auth/guards.tsx';
import { useAuth } from './auth/AuthProvider.tsx';
import { AppLayout } from './components/AppLayout.tsx';
import { ErrorAlert } from './components/ErrorAlert.tsx';
import { landingPath } from './lib/navigation.ts';

// Each page is its own chunk: an enumerator on a phone downloads the registry, not the admin screens.
const RegistryPage = lazy(() =>
  import('./features/registry/RegistryPage.tsx').then((m) => ({ default: m.RegistryPage })),
);
const HouseholdPage = lazy(() =>
  import('./features/household/HouseholdPage.tsx').then((m) => ({ default: m.HouseholdPage })),
);
const LinkagePage = lazy(() =>
  import('./features/linkage/LinkagePage.tsx').then((m) => ({ default: m.LinkagePage })),
);
const ImportsListPage = lazy(() =>
  import('./features/imports/ImportsListPage.tsx').then((m) => ({ default: m.ImportsListPage })),
);
const NewImportPage = lazy(() =>
  import('./features/imports/NewImportPage.tsx').then((m) => ({ default: m.NewImportPage })),
);
const ImportBatchPage = lazy(() =>
  import('./features/imports/ImportBatchPage.tsx').then((m) => ({ default: m.ImportBatchPage })),
);
const UsersPage = lazy(() =>
  import('./features/admin/UsersPage.tsx').then((m) => ({ default: m.UsersPage })),
);
const RtUnitsPage = lazy(() =>
  import('./features/admin/RtUnitsPage.tsx').then((m) => ({ default: m.RtUnitsPage })),
);
const AuditPage = lazy(() =>
  import('./features/admin/AuditPage.tsx').then((m) => ({ default: m.AuditPage })),
);
const RankingOverviewPage = lazy(() =>
  import('./features/ranking/RankingOverviewPage.tsx').then((m) => ({ default: m.RankingOverviewPage })),
);
const ConflictsPage = lazy(() =>
  import('./features/ranking/ConflictsPage.tsx').then((m) => ({ default: m.ConflictsPage })),
);
const ModelsPage = lazy(() =>
  import('./features/ranking/ModelsPage.tsx').then((m) => ({ default: m.ModelsPage })),
);

function Home() {
  const { me } = useAuth();
  return <Navigate to={landingPath(me?.permissions ?? [], null)} replace />;
}

function RouteError() {
  const error = useRouteError();
  return (
    <Center p="md" mih="50vh">
      <ErrorAlert error={error} onRetry={() => window.location.reload()} />
    </Center>
  );
}

/** The application's routes: login outside the shell, every other page inside it behind a session. */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Home /> },
      {
        path: 'registri',
        element: (
          <RequirePermission permission="registry.read">
            <RegistryPage />
          </RequirePermission>
        ),
      },
      {
        path: 'keluarga/:id',
        element: (
          <RequirePermission permission="registry.read">
            <HouseholdPage />
          </RequirePermission>
        ),
      },
      {
        path: 'data-ganda',
        element: (
          <RequirePermission permission="linkage.review">
            <LinkagePage />
          </RequirePermission>
        ),
      },
      {
        path: 'impor',
        element: (
          <RequirePermission permission="imports.read">
            <ImportsListPage />
          </RequirePermission>
        ),
      },
      {
        path: 'impor/baru',
        element: (
          <RequirePermission permission="imports.run">
            <NewImportPage />
          </RequirePermission>
        ),
      },
      {
        path: 'impor/:id',
        element: (
          <RequirePermission permission="imports.read">
            <ImportBatchPage />
          </RequirePermission>
        ),
      },
      {
        path: 'admin/pengguna',
        element: (
          <RequirePermission permission="users.manage">
            <UsersPage />
          </RequirePermission>
        ),
      },
      {
        path: 'admin/rt-rw',
        element: (
          <RequirePermission permission="rt.manage">
            <RtUnitsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'admin/audit',
        element: (
          <RequirePermission permission="audit.read">
            <AuditPage />
          </RequirePermission>
        ),
      },
      {
        path: 'peringkat',
        element: (
          <RequirePermission permission="ranking.read">
            <RankingOverviewPage />
          </RequirePermission>
        ),
      },
      {
        path: 'konflik-desil',
        element: (
          <RequirePermission permission="ranking.read">
            <ConflictsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'admin/model-pmt',
        element: (
          <RequirePermission permission="ranking.manage">
            <ModelsPage />
          </RequirePermission>
        ),
      },
      { path: 'tanpa-akses', element: <Forbidden /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
