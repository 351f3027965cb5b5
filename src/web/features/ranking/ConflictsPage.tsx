import { useCallback, useMemo } from 'react';
import {
  Anchor,
  Button,
  EmptyState,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconArrowRight, IconCircleCheck, IconDownload } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { listRankingConflicts, rankingConflictsExportUrl } from '../../api/client.ts';
import type { RankingConflictItem } from '../../api/types.ts';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { DesilBadge } from '../../components/DesilBadge.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageLoader } from '../../components/PageLoader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { formatNumber, formatRtRw } from '../../lib/format.ts';
import { useLang, useRegions } from '../../lib/hooks.ts';
import { labelOf } from '../../lib/labels.ts';
import { can } from '../../lib/navigation.ts';
import { householdPath } from '../registry/paths.ts';
import { ConflictBadge } from './ConflictBadge.tsx';
import {
  CONFLICT_CODES,
  CONFLICT_PAGE_SIZES,
  changeConflictSearch,
  conflictQueryOf,
  formatRupiah,
  parseConflictSearch,
  serializeConflictSearch,
  type ConflictSearch,
} from './rankingFormat.ts';

function ConflictsTable({ items, busy }: { items: RankingConflictItem[]; busy: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  return (
    <Table.ScrollContainer minWidth={900} type="native">
      <Table
        data-testid="conflicts-table"
        highlightOnHover
        striped
        verticalSpacing="xs"
        aria-busy={busy}
        style={{ opacity: busy ? 0.6 : 1, transition: 'opacity 150ms' }}
      >
        <Table.Thead>
          <Table.Tr style={{ whiteSpace: 'nowrap' }}>
            <Table.Th>{t('household.kkNumber')}</Table.Th>
            <Table.Th>{t('household.head')}</Table.Th>
            <Table.Th>{t('household.village')}</Table.Th>
            <Table.Th>{t('ranking.conflicts.official')}</Table.Th>
            <Table.Th>{t('ranking.conflicts.estimated')}</Table.Th>
            <Table.Th ta="right">{t('ranking.conflicts.pce')}</Table.Th>
            <Table.Th>{t('ranking.conflicts.conflicts')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((row) => (
            <Table.Tr
              key={row.householdId}
              data-household-id={row.householdId}
              style={{ cursor: 'pointer' }}
              onClick={() => navigate(householdPath(row.householdId))}
            >
              <Table.Td>
                <Anchor
                  component={Link}
                  to={householdPath(row.householdId)}
                  ff="monospace"
                  size="sm"
                  onClick={(e) => e.stopPropagation()}
                >
                  {row.kkNumber ?? t('household.noKk')}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {row.headName ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm" data-village-name>
                  {row.villageName}
                </Text>
                <Text size="xs" c="dimmed" title={row.districtName}>
                  {t('ranking.conflicts.rtRw', { rtRw: formatRtRw(row.rt, row.rw) || '—' })}
                </Text>
              </Table.Td>
              <Table.Td>
                <DesilBadge desil={row.officialDesil} size="sm" />
              </Table.Td>
              <Table.Td>
                <DesilBadge desil={row.estimatedDesil} size="sm" variant="outline" />
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm">{formatRupiah(row.predictedPce, lang)}</Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="wrap">
                  {row.conflicts.map((c) => (
                    <ConflictBadge key={c.code} code={c.code} size="sm" message={labelOf(c.message, lang)} />
                  ))}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Households whose official desil, local estimate or field facts disagree, filterable and exportable to XLSX. */
export function ConflictsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseConflictSearch(params), [params]);
  const { index: regions } = useRegions();

  const update = useCallback(
    (patch: Partial<ConflictSearch>) => {
      setParams(serializeConflictSearch(changeConflictSearch(search, patch, regions.parentOf)));
    },
    [search, regions, setParams],
  );

  const apiQuery = conflictQueryOf(search);
  const conflicts = useQuery({
    queryKey: ['ranking-conflicts', apiQuery],
    queryFn: () => listRankingConflicts(apiQuery),
    placeholderData: keepPreviousData,
  });

  const villages = regions.villagesOf(search.districtCode);
  const filtered = search.type !== null || search.districtCode !== '' || search.villageCode !== '';

  const results = (() => {
    if (conflicts.isPending) return <PageLoader />;
    if (conflicts.isError && !conflicts.data)
      return <ErrorAlert error={conflicts.error} onRetry={() => void conflicts.refetch()} />;
    const page = conflicts.data;
    if (!page) return null;
    const pager = (
      <Pager
        total={page.total}
        page={search.page}
        pageSize={search.pageSize}
        pageSizes={CONFLICT_PAGE_SIZES}
        onPageChange={(p) => update({ page: p })}
        onPageSizeChange={(size) => update({ pageSize: size })}
        totalText={t('ranking.conflicts.total', { total: formatNumber(page.total, lang) })}
      />
    );
    if (page.items.length === 0) {
      return (
        <Stack>
          {pager}
          <EmptyState
            icon={<IconCircleCheck />}
            title={t('ranking.conflicts.emptyTitle')}
            description={filtered ? t('ranking.conflicts.emptyFiltered') : t('ranking.conflicts.emptyAll')}
            data-testid="conflicts-empty"
          />
        </Stack>
      );
    }
    return (
      <Stack gap="sm">
        {conflicts.isError && <ErrorAlert error={conflicts.error} onRetry={() => void conflicts.refetch()} />}
        <ConflictsTable items={page.items} busy={conflicts.isPlaceholderData} />
        {pager}
      </Stack>
    );
  })();

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2}>{t('ranking.conflicts.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('ranking.conflicts.subtitle')}
          </Text>
        </div>
        <Group gap="xs">
          <Button
            component={Link}
            to="/peringkat"
            variant="subtle"
            size="sm"
            rightSection={<IconArrowRight size={16} aria-hidden />}
          >
            {t('ranking.conflicts.toOverview')}
          </Button>
          {can(me?.permissions, 'registry.export') && (
            <Button
              component="a"
              href={rankingConflictsExportUrl(apiQuery)}
              download
              variant="light"
              leftSection={<IconDownload size={16} aria-hidden />}
              data-testid="export-xlsx"
            >
              {t('ranking.conflicts.export')}
            </Button>
          )}
        </Group>
      </Group>

      <Paper withBorder p={{ base: 'sm', sm: 'md' }} radius="md">
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <Select
            label={t('ranking.conflicts.type')}
            placeholder={t('common.all')}
            data={CONFLICT_CODES.map((code) => ({ value: code, label: t(`ranking.conflictTypes.${code}`) }))}
            value={search.type}
            onChange={(value) => update({ type: CONFLICT_CODES.find((c) => c === value) ?? null })}
            clearable
            data-testid="conflict-type-filter"
          />
          <Select
            label={t('registry.district')}
            placeholder={t('common.all')}
            data={regions.districts.map((d) => ({ value: d.code, label: d.name }))}
            value={search.districtCode || null}
            onChange={(value) => update({ districtCode: value ?? '' })}
            clearable
            searchable
            nothingFoundMessage={t('common.nothingFound')}
          />
          <Select
            label={t('registry.village')}
            placeholder={t('common.all')}
            data={villages.map((v) => ({ value: v.code, label: v.name }))}
            value={search.villageCode || null}
            onChange={(value) => update({ villageCode: value ?? '' })}
            clearable
            searchable
            nothingFoundMessage={t('common.nothingFound')}
            data-testid="conflict-village-filter"
          />
        </SimpleGrid>
      </Paper>

      {results}
    </Stack>
  );
}
