import type { ReactNode } from 'react';
import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { useAuth } from './AuthProvider.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageLoader } from '../components/PageLoader.tsx';
import type { Permission } from '../api/types.ts';
import { can } from '../lib/navigation.ts';

/** Renders its children only with a session; otherwise sends the user to login and back here afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { me, loading, error, retry } = useAuth();
  const location = useLocation();
  if (loading) return <PageLoader minHeight="100vh" />;
  if (error && !me) {
    return (
      <Center mih="100vh" p="md">
        <ErrorAlert error={error} onRetry={retry} />
      </Center>
    );
  }
  if (!me) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}

/** Renders its children only when the user holds a permission; otherwise a "no access" message. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { me } = useAuth();
  if (!can(me?.permissions, permission)) return <Forbidden />;
  return children;
}

/** The message shown for a page the user may not open. */
export function Forbidden() {
  const { t } = useTranslation();
  return (
    <Stack align="center" py="xl" gap="xs">
      <Title order={2}>{t('forbidden.title')}</Title>
      <Text c="dimmed" ta="center">
        {t('forbidden.text')}
      </Text>
    </Stack>
  );
}

/** The page for an address that does not exist. */
export function NotFound() {
  const { t } = useTranslation();
  return (
    <Stack align="center" py="xl" gap="xs">
      <Title order={2}>{t('notFound.title')}</Title>
      <Text c="dimmed" ta="center">
        {t('notFound.text')}
      </Text>
      <Button component="a" href="/" variant="light">
        {t('notFound.home')}
      </Button>
    </Stack>
  );
}
