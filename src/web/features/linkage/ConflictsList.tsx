import { useState } from 'react';
import { Anchor, Badge, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { listNikConflicts } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageLoader } from '../../components/PageLoader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { formatDate, formatNumber } from '../../lib/format.ts';
import { useDictionary, useLang } from '../../lib/hooks.ts';
import { personCodeLabel } from '../../lib/labels.ts';
import { householdPath } from '../registry/paths.ts';
import { pairStatusColor } from './linkageUi.ts';

/** NIKs held in more than one active family card (one NIK belongs to one KK), with every holder in scope. */
export function ConflictsList({ villageCode }: { villageCode: string | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data: dictionary } = useDictionary();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const query = useQuery({
    queryKey: ['linkage-conflicts', villageCode, page, pageSize],
    queryFn: () => listNikConflicts({ villageCode: villageCode ?? undefined, page, pageSize }),
    placeholderData: keepPreviousData,
  });
  if (query.isPending) return <PageLoader />;
  if (query.isError && !query.data)
    return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const data = query.data;
  if (!data) return null;
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('linkage.conflicts.intro')}
      </Text>
      <Pager
        total={data.total}
        page={page}
        pageSize={pageSize}
        pageSizes={[20, 50, 100]}
        onPageChange={setPage}
        onPageSizeChange={(size) => {
          setPageSize(size);
          setPage(1);
        }}
        totalText={t('linkage.conflicts.total', { total: formatNumber(data.total, lang) })}
      />
      {data.items.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="conflicts-empty">
          {t('linkage.conflicts.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640} type="native">
          <Table data-testid="conflicts-table" fz="sm" verticalSpacing="xs" withRowBorders>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('person.nik')}</Table.Th>
                <Table.Th>{t('linkage.conflicts.holders')}</Table.Th>
                <Table.Th>{t('linkage.conflicts.pair')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((c) => (
                <Table.Tr key={c.nik} data-testid="conflict-row" data-nik={c.nik}>
                  <Table.Td ff="monospace" style={{ verticalAlign: 'top' }}>
                    {c.nik}
                    <Text size="xs" c="dimmed">
                      {t('linkage.conflicts.cards', { n: c.householdCount })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={6}>
                      {c.holders.map((h) => (
                        <Stack key={h.personId} gap={0}>
                          <Text size="sm" fw={500}>
                            {h.name}{' '}
                            <Text span size="xs" c="dimmed">
                              {[
                                formatDate(h.birthDate, lang),
                                personCodeLabel(dictionary, 'relationship', h.relationship, lang),
                              ]
                                .filter(Boolean)
                                .join(' · ')}
                            </Text>
                          </Text>
                          <Text size="xs">
                            <Anchor
                              component={Link}
                              to={householdPath(h.householdId)}
                              ff="monospace"
                              size="xs"
                            >
                              {h.kkNumber ?? `#${h.householdId}`}
                            </Anchor>{' '}
                            · {h.villageName} · {h.address}
                          </Text>
                        </Stack>
                      ))}
                      {c.outsideScope > 0 && (
                        <Text size="xs" c="dimmed">
                          {t('linkage.conflicts.outside', { n: c.outsideScope })}
                        </Text>
                      )}
                    </Stack>
                  </Table.Td>
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    {c.pairStatus ? (
                      <Badge size="sm" variant="light" color={pairStatusColor(c.pairStatus)}>
                        {t(`linkage.status.${c.pairStatus}`)}
                      </Badge>
                    ) : (
                      <Text size="xs" c="dimmed">
                        {t('linkage.conflicts.noPair')}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
