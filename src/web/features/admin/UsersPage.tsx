import { useState } from 'react';
import { Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconKey, IconPencil, IconUserPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { listUsers } from '../../api/client.ts';
import type { AdminUser } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageLoader } from '../../components/PageLoader.tsx';
import { formatDate } from '../../lib/format.ts';
import { useLang, useRegions } from '../../lib/hooks.ts';
import { scopeCodeLabel } from './ScopeCodesInput.tsx';
import { PasswordModal, UserFormModal, USERS_KEY } from './UserFormModal.tsx';

type Dialog =
  { kind: 'create' } | { kind: 'edit'; user: AdminUser } | { kind: 'password'; user: AdminUser } | null;

/** User administration: list, create, edit role/scope/active, reset password. */
export function UsersPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { index: regions } = useRegions();
  const query = useQuery({ queryKey: USERS_KEY, queryFn: listUsers });
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const rwRt = (rw: string, rt: string) => t('rtUnits.rwRt', { rw, rt });

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('users.title')}</Title>
        <Button
          leftSection={<IconUserPlus size={16} aria-hidden />}
          onClick={() => setDialog({ kind: 'create' })}
        >
          {t('users.create')}
        </Button>
      </Group>
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table.ScrollContainer minWidth={820} type="native">
          <Table data-testid="users-table" striped highlightOnHover verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.username')}</Table.Th>
                <Table.Th>{t('users.fullName')}</Table.Th>
                <Table.Th>{t('users.role')}</Table.Th>
                <Table.Th>{t('users.scope')}</Table.Th>
                <Table.Th>{t('users.status')}</Table.Th>
                <Table.Th>{t('users.createdAt')}</Table.Th>
                <Table.Th>
                  <Text span size="sm" fw={700}>
                    {t('common.actions')}
                  </Text>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.map((user) => (
                <Table.Tr key={user.id} data-username={user.username}>
                  <Table.Td ff="monospace">{user.username}</Table.Td>
                  <Table.Td>{user.fullName}</Table.Td>
                  <Table.Td>{t(`roles.${user.role}`, { defaultValue: user.role })}</Table.Td>
                  <Table.Td maw={280}>
                    <Text size="sm">
                      {t(`scopeLevels.${user.scopeLevel}`, { defaultValue: user.scopeLevel })}
                    </Text>
                    {user.scopeCodes.length > 0 && (
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {user.scopeCodes.map((code) => scopeCodeLabel(code, regions, rwRt)).join(', ')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={user.active ? 'teal' : 'gray'} variant="light">
                      {user.active ? t('users.activeYes') : t('users.activeNo')}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(user.createdAt, lang)}</Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="light"
                        leftSection={<IconPencil size={14} aria-hidden />}
                        onClick={() => setDialog({ kind: 'edit', user })}
                      >
                        {t('users.edit')}
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="light"
                        color="gray"
                        leftSection={<IconKey size={14} aria-hidden />}
                        onClick={() => setDialog({ kind: 'password', user })}
                      >
                        {t('users.resetPassword')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {dialog?.kind === 'create' && <UserFormModal user={null} onClose={close} />}
      {dialog?.kind === 'edit' && <UserFormModal user={dialog.user} onClose={close} />}
      {dialog?.kind === 'password' && <PasswordModal user={dialog.user} onClose={close} />}
    </Stack>
  );
}
