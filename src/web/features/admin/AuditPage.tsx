import { useMemo, useState } from 'react';
import { Button, Code, Modal, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { listAudit } from '../../api/client.ts';
import type { AuditEntry, AuditQuery } from '../../api/types.ts';
import { DebouncedTextInput } from '../../components/DebouncedTextInput.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageLoader } from '../../components/PageLoader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { describeChanges } from '../../lib/changes.ts';
import { labelChange } from '../../lib/changeLabels.ts';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { useDictionary, useLang } from '../../lib/hooks.ts';
import { translateCode } from '../../lib/translate.ts';
import { DEFAULT_PAGE_SIZE, PAGE_SIZES } from '../registry/registrySearch.ts';

type AuditFilter = 'actor' | 'action' | 'targetType';

/** Reads the audit filters and paging from the query string (pure). */
export function parseAuditQuery(
  params: URLSearchParams,
): Required<Pick<AuditQuery, 'page' | 'pageSize'>> & AuditQuery {
  const page = Number(params.get('page'));
  const size = Number(params.get('pageSize'));
  const text = (key: AuditFilter) => params.get(key)?.trim().slice(0, 100) || undefined;
  return {
    actor: text('actor'),
    action: text('action'),
    targetType: text('targetType'),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: PAGE_SIZES.find((s) => s === size) ?? DEFAULT_PAGE_SIZE,
  };
}

function AuditDetail({ entry, onClose }: { entry: AuditEntry; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data: dictionary } = useDictionary();
  const changes = describeChanges(entry.before, entry.after).map((c) => labelChange(c, dictionary, lang, t));
  return (
    <Modal opened onClose={onClose} title={translateCode(t, 'audit.actions', entry.action)} size="lg">
      {changes.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('audit.noChanges')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={420} type="native">
          <Table fz="sm" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('audit.field')}</Table.Th>
                <Table.Th>{t('audit.before')}</Table.Th>
                <Table.Th>{t('audit.after')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {changes.map((c, i) => (
                <Table.Tr key={i}>
                  <Table.Td>
                    <Code>{c.field || '—'}</Code>
                  </Table.Td>
                  <Table.Td style={{ wordBreak: 'break-word' }}>{c.before}</Table.Td>
                  <Table.Td style={{ wordBreak: 'break-word' }}>{c.after}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Modal>
  );
}

/** The audit log with filters on actor, action and target type, server-paginated. */
export function AuditPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseAuditQuery(params), [params]);
  const [detail, setDetail] = useState<AuditEntry | null>(null);
  const result = useQuery({
    queryKey: ['audit', query],
    queryFn: () => listAudit(query),
    placeholderData: keepPreviousData,
  });

  const update = (patch: Partial<AuditQuery>, replace = false) => {
    const next = { ...query, ...(Object.keys(patch).includes('page') ? {} : { page: 1 }), ...patch };
    const search = new URLSearchParams();
    for (const key of ['actor', 'action', 'targetType'] as const) {
      const value = next[key];
      if (value) search.set(key, value);
    }
    if (next.page > 1) search.set('page', String(next.page));
    if (next.pageSize !== DEFAULT_PAGE_SIZE) search.set('pageSize', String(next.pageSize));
    setParams(search, { replace });
  };

  const filter = (key: AuditFilter, label: string) => (
    <DebouncedTextInput
      label={label}
      value={query[key] ?? ''}
      onCommit={(value) => update({ [key]: value }, true)}
    />
  );

  return (
    <Stack gap="md">
      <Title order={2}>{t('audit.title')}</Title>
      <Paper withBorder p="sm" radius="md">
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          {filter('actor', t('audit.actor'))}
          {filter('action', t('audit.action'))}
          {filter('targetType', t('audit.targetType'))}
        </SimpleGrid>
      </Paper>
      {result.isPending ? (
        <PageLoader />
      ) : result.isError && !result.data ? (
        <ErrorAlert error={result.error} onRetry={() => void result.refetch()} />
      ) : (
        <Stack gap="sm">
          {result.data.items.length === 0 ? (
            <Text c="dimmed" ta="center" py="lg">
              {t('audit.empty')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={860} type="native">
              <Table
                data-testid="audit-table"
                striped
                verticalSpacing="xs"
                fz="sm"
                style={{ opacity: result.isPlaceholderData ? 0.6 : 1 }}
              >
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('audit.at')}</Table.Th>
                    <Table.Th>{t('audit.actor')}</Table.Th>
                    <Table.Th>{t('audit.action')}</Table.Th>
                    <Table.Th>{t('audit.target')}</Table.Th>
                    <Table.Th>{t('audit.reason')}</Table.Th>
                    <Table.Th>{t('common.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {result.data.items.map((entry) => (
                    <Table.Tr key={entry.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.at, lang)}</Table.Td>
                      <Table.Td>{entry.actorName}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{translateCode(t, 'audit.actions', entry.action)}</Text>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {entry.action}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {translateCode(t, 'audit.targets', entry.targetType)}
                        {entry.targetId && (
                          <Text span size="xs" c="dimmed" ff="monospace">
                            {' '}
                            #{entry.targetId}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td maw={260}>
                        <Text size="sm" lineClamp={2}>
                          {entry.reason ?? '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Button size="compact-xs" variant="light" onClick={() => setDetail(entry)}>
                          {t('audit.details')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Pager
            total={result.data.total}
            page={query.page}
            pageSize={query.pageSize}
            pageSizes={PAGE_SIZES}
            onPageChange={(page) => update({ page })}
            onPageSizeChange={(pageSize) => update({ pageSize })}
            totalText={t('audit.total', { total: formatNumber(result.data.total, lang) })}
          />
        </Stack>
      )}
      {detail && <AuditDetail entry={detail} onClose={() => setDetail(null)} />}
    </Stack>
  );
}
