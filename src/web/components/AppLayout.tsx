import { Suspense, useState } from 'react';
import { AppShell, Badge, Box, Burger, Button, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconCopy,
  IconFileImport,
  IconHistory,
  IconLogout,
  IconMapPin,
  IconTable,
  IconUsers,
} from '@tabler/icons-react';
import { IconAdjustmentsHorizontal, IconAlertTriangle, IconChartBar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/AuthProvider.tsx';
import type { Me } from '../api/types.ts';
import { navItemsFor, type NavItem } from '../lib/navigation.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { PageLoader } from './PageLoader.tsx';

const ICONS: Record<NavItem['labelKey'], typeof IconTable> = {
  'nav.registry': IconTable,
  'nav.users': IconUsers,
  'nav.rtUnits': IconMapPin,
  'nav.audit': IconHistory,
  'linkage.nav': IconCopy,
  'ranking.nav.overview': IconChartBar,
  'ranking.nav.conflicts': IconAlertTriangle,
  'ranking.nav.models': IconAdjustmentsHorizontal,
  'imports.nav': IconFileImport,
};

function UserSummary({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <Box miw={0}>
      <Text size="sm" fw={600} truncate data-testid="user-name">
        {me.fullName}
      </Text>
      <Group gap={6} wrap="nowrap">
        <Badge size="xs" variant="light" data-testid="user-role">
          {t(`roles.${me.role}`, { defaultValue: me.role })}
        </Badge>
        <Text size="xs" c="dimmed" truncate data-testid="user-scope">
          {me.scopeLabel}
        </Text>
      </Group>
    </Box>
  );
}

/** The application frame: header (name, user, language, logout), a menu by permission, and the routed page. */
export function AppLayout() {
  const { t } = useTranslation();
  const { me, logout } = useAuth();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const navigate = useNavigate();
  const [leaving, setLeaving] = useState(false);

  if (!me) return null;
  const items = navItemsFor(me.permissions);

  const onLogout = async () => {
    setLeaving(true);
    await logout();
    navigate('/login', { replace: true });
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'xs', sm: 'md' }}
    >
      <AppShell.Header>
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t('shell.closeMenu') : t('shell.openMenu')}
            />
            <Title order={1} size="h3" c="teal.8">
              Tepat
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Box visibleFrom="sm" maw={280}>
              <UserSummary me={me} />
            </Box>
            <LanguageSwitch />
            <Button
              data-testid="logout"
              variant="subtle"
              size="xs"
              leftSection={<IconLogout size={16} aria-hidden />}
              onClick={() => void onLogout()}
              loading={leaving}
            >
              {t('auth.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t('shell.navigation')}>
        <Stack gap="md">
          <Box hiddenFrom="sm" pb="xs" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
            <UserSummary me={me} />
          </Box>
          <nav>
            {items.map((item) => {
              const ItemIcon = ICONS[item.labelKey];
              return (
                <NavLink
                  key={item.path}
                  component={Link}
                  to={item.path}
                  label={t(item.labelKey)}
                  leftSection={<ItemIcon size={18} aria-hidden />}
                  active={
                    location.pathname.startsWith(item.path) ||
                    (item.path === '/registri' && location.pathname.startsWith('/keluarga'))
                  }
                  onClick={close}
                />
              );
            })}
          </nav>
        </Stack>
      </AppShell.Navbar>

      <AppShell.Main>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
