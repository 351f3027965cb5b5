import { useState } from 'react';
import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { listImports } from '../../api/client.ts';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageLoader } from '../../components/PageLoader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format.ts';
import { useLang } from '../../lib/hooks.ts';
import { can } from '../../lib/navigation.ts';
import { STATUS_COLORS, isBusy } from './importsUi.ts';
import { importPath } from './paths.ts';

const PAGE_SIZES = [25, 50, 100] as const;

/** Past import batches (file, source, release, status, counts, who and when) and the "new import" button. */
export function ImportsListPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { me } = useAuth();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState<number>(PAGE_SIZES[0]);
  const query = useQuery({
    queryKey: ['imports', page, pageSize],
    queryFn: () => listImports({ page, pageSize }),
    placeholderData: keepPreviousData,
    // Batches being validated or saved change status on their own.
    refetchInterval: (q) => (q.state.data?.items.some((b) => isBusy(b.status, null)) ? 3000 : false),
  });
  const n = (v: number) => formatNumber(v, lang);

  return (
    <Stack gap="md" data-testid="imports-page">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4} maw={720}>
          <Title order={1} size="h2">
            {t('imports.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('imports.intro')}
          </Text>
        </Stack>
        {can(me?.permissions, 'imports.run') && (
          <Button
            component={Link}
            to="/impor/baru"
            leftSection={<IconPlus size={16} />}
            data-testid="import-new"
          >
            {t('imports.newImport')}
          </Button>
        )}
      </Group>
      {query.isError && <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
      {query.isPending && <PageLoader />}
      {query.data && (
        <Paper withBorder radius="md" p={{ base: 'xs', sm: 'md' }}>
          <Stack gap="sm">
            {query.data.items.length === 0 ? (
              <Text size="sm" c="dimmed" data-testid="imports-empty">
                {t('imports.list.empty')}
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={860} type="native">
                <Table fz="sm" verticalSpacing={6} highlightOnHover data-testid="imports-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>#</Table.Th>
                      <Table.Th>{t('imports.list.file')}</Table.Th>
                      <Table.Th>{t('imports.list.source')}</Table.Th>
                      <Table.Th>{t('imports.list.releaseDate')}</Table.Th>
                      <Table.Th>{t('imports.list.status')}</Table.Th>
                      <Table.Th>{t('imports.list.counts')}</Table.Th>
                      <Table.Th>{t('imports.list.by')}</Table.Th>
                      <Table.Th>{t('imports.list.when')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {query.data.items.map((b) => (
                      <Table.Tr
                        key={b.id}
                        data-testid="import-row"
                        data-import-id={b.id}
                        data-status={b.status}
                      >
                        <Table.Td>{b.id}</Table.Td>
                        <Table.Td style={{ wordBreak: 'break-word' }}>
                          <Anchor component={Link} to={importPath(b.id)} fw={600}>
                            {b.fileName}
                          </Anchor>
                          {b.sheet && (
                            <Text size="xs" c="dimmed">
                              {b.sheet}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>{t(`imports.sources.${b.source}`)}</Table.Td>
                        <Table.Td>{formatDate(b.releaseDate, lang)}</Table.Td>
                        <Table.Td>
                          <Group gap={4} wrap="wrap">
                            <Badge
                              color={STATUS_COLORS[b.status]}
                              variant="light"
                              data-testid="import-status"
                            >
                              {t(`imports.status.${b.status}`)}
                            </Badge>
                            {(b.followUpState === 'failed' || b.followUpState === 'interrupted') && (
                              <Tooltip label={t('imports.list.followUpHint')} multiline w={260} withArrow>
                                <Badge
                                  color={b.followUpState === 'failed' ? 'red' : 'orange'}
                                  variant="outline"
                                  data-testid="import-followup-warning"
                                  data-state={b.followUpState}
                                >
                                  {t(
                                    b.followUpState === 'failed'
                                      ? 'imports.list.followUpFailed'
                                      : 'imports.list.followUpInterrupted',
                                  )}
                                </Badge>
                              </Tooltip>
                            )}
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          {b.summary
                            ? t('imports.list.countsText', {
                                accepted: n(b.summary.accepted),
                                rejected: n(b.summary.rejected),
                              })
                            : '—'}
                        </Table.Td>
                        <Table.Td>{b.createdBy}</Table.Td>
                        <Table.Td>{formatDateTime(b.createdAt, lang)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            <Pager
              total={query.data.total}
              page={page}
              pageSize={pageSize}
              pageSizes={PAGE_SIZES}
              onPageChange={setPage}
              onPageSizeChange={(size) => {
                setPageSize(size);
                setPage(1);
              }}
              totalText={t('imports.list.total', { n: n(query.data.total) })}
            />
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
