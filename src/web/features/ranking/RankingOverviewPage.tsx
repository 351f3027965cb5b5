import {
  Anchor,
  Badge,
  Box,
  Card,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { getRankingAccuracy, getRankingSummary } from '../../api/client.ts';
import type { RankingAccuracy, RankingSummary, RankingTargeting } from '../../api/types.ts';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageLoader } from '../../components/PageLoader.tsx';
import { formatNumber } from '../../lib/format.ts';
import { useLang } from '../../lib/hooks.ts';
import { can } from '../../lib/navigation.ts';
import { ConflictBadge } from './ConflictBadge.tsx';
import {
  CONFLICT_CODES,
  CRITERIA_CATEGORIES,
  categoryColor,
  formatDecimal,
  formatShare,
  heatColor,
  heatTextIsLight,
  matrixAgreement,
  matrixMax,
} from './rankingFormat.ts';

const DESILS = Array.from({ length: 10 }, (_, i) => i + 1);

function MatrixCard({ summary }: { summary: RankingSummary }) {
  const { t } = useTranslation();
  const lang = useLang();
  const max = Math.max(matrixMax(summary.matrix), ...summary.withoutOfficial);
  const agreement = matrixAgreement(summary.matrix);
  const share = (n: number) => (agreement.total > 0 ? formatShare(n / agreement.total, lang) : '—');
  const cell = (n: number, diagonal: boolean, key: string, title: string) => (
    <Table.Td
      key={key}
      ta="center"
      p={4}
      title={title}
      style={{
        background: heatColor(n, max),
        color: heatTextIsLight(n, max) ? 'white' : undefined,
        outline: diagonal ? '2px solid var(--mantine-color-teal-9)' : undefined,
        outlineOffset: -2,
        fontWeight: diagonal ? 700 : undefined,
        fontVariantNumeric: 'tabular-nums',
        minWidth: 44,
      }}
    >
      {n > 0 ? (
        formatNumber(n, lang)
      ) : (
        <Text span c="gray.4" size="xs">
          ·
        </Text>
      )}
    </Table.Td>
  );
  return (
    <Card withBorder radius="md">
      <Title order={3} size="h4">
        {t('ranking.overview.matrixTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('ranking.overview.matrixHint')}
      </Text>
      <Table.ScrollContainer minWidth={620} type="native">
        <Table
          withTableBorder
          withColumnBorders
          fz="sm"
          data-testid="desil-matrix"
          style={{ tableLayout: 'fixed' }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={110} fz="xs">
                {t('ranking.overview.officialAxis')} ↓ / {t('ranking.overview.estimatedAxis')} →
              </Table.Th>
              {DESILS.map((d) => (
                <Table.Th key={d} ta="center">
                  {d}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {summary.matrix.map((row, i) => (
              <Table.Tr key={i} data-official={i + 1}>
                <Table.Th>{t('desil.short', { desil: i + 1 })}</Table.Th>
                {row.map((n, j) =>
                  cell(
                    n,
                    i === j,
                    String(j),
                    t('ranking.overview.cellTitle', {
                      official: i + 1,
                      estimated: j + 1,
                      n: formatNumber(n, lang),
                    }),
                  ),
                )}
              </Table.Tr>
            ))}
            <Table.Tr data-official="none">
              <Table.Th fz="xs">{t('ranking.overview.noOfficialRow')}</Table.Th>
              {summary.withoutOfficial.map((n, j) =>
                cell(
                  n,
                  false,
                  String(j),
                  t('ranking.overview.cellNoOfficial', { estimated: j + 1, n: formatNumber(n, lang) }),
                ),
              )}
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="sm" mt="sm" data-testid="matrix-agreement">
        {t('ranking.overview.agreement', {
          same: formatNumber(agreement.same, lang),
          sameShare: share(agreement.same),
          within: formatNumber(agreement.withinOne, lang),
          withinShare: share(agreement.withinOne),
        })}
      </Text>
    </Card>
  );
}

function ConflictCountsCard({ summary }: { summary: RankingSummary }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Card withBorder radius="md">
      <Title order={3} size="h4" mb="sm">
        {t('ranking.overview.conflictCounts')}
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid="conflict-counts">
        {CONFLICT_CODES.map((code) => (
          <Paper key={code} withBorder radius="sm" p="sm">
            <ConflictBadge code={code} />
            <Anchor
              component={Link}
              to={`/konflik-desil?type=${code}`}
              fw={700}
              fz="xl"
              display="block"
              mt={4}
              data-conflict-count={code}
            >
              {formatNumber(summary.conflicts[code], lang)}
            </Anchor>
          </Paper>
        ))}
      </SimpleGrid>
    </Card>
  );
}

function CategoriesCard({ summary }: { summary: RankingSummary }) {
  const { t } = useTranslation();
  const lang = useLang();
  const rows = [...summary.categoriesByVillage].sort((a, b) =>
    a.villageName.localeCompare(b.villageName, 'id'),
  );
  const totals = { miskin_desil: 0, bantuan_lain: 0, tidak_layak: 0 };
  for (const r of rows) for (const c of CRITERIA_CATEGORIES) totals[c] += r.counts[c];
  const largest = Math.max(1, ...rows.map((r) => CRITERIA_CATEGORIES.reduce((s, c) => s + r.counts[c], 0)));
  const labelOfCategory = (c: (typeof CRITERIA_CATEGORIES)[number]) => t(`ranking.categories.${c}`);
  return (
    <Card withBorder radius="md">
      <Title order={3} size="h4">
        {t('ranking.overview.categoriesTitle')}
      </Title>
      <Group gap="xs" my="sm" wrap="wrap">
        {CRITERIA_CATEGORIES.map((c) => (
          <Badge
            key={c}
            color={categoryColor(c)}
            variant={c === 'tidak_layak' ? 'outline' : 'filled'}
            tt="none"
          >
            {labelOfCategory(c)}: {formatNumber(totals[c], lang)}
          </Badge>
        ))}
      </Group>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('ranking.overview.categoriesEmpty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560} type="native">
          <Table verticalSpacing={6} fz="sm" data-testid="categories-by-village">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('household.village')}</Table.Th>
                {CRITERIA_CATEGORIES.map((c) => (
                  <Table.Th key={c} ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {t(`ranking.categoriesShort.${c}`)}
                  </Table.Th>
                ))}
                <Table.Th w="35%">{t('ranking.overview.distribution')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => {
                const total = CRITERIA_CATEGORIES.reduce((s, c) => s + r.counts[c], 0);
                return (
                  <Table.Tr key={r.villageCode} data-village={r.villageCode}>
                    <Table.Td>{r.villageName}</Table.Td>
                    {CRITERIA_CATEGORIES.map((c) => (
                      <Table.Td key={c} ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                        {formatNumber(r.counts[c], lang)}
                      </Table.Td>
                    ))}
                    <Table.Td>
                      <Box
                        style={{
                          display: 'flex',
                          height: 12,
                          width: `${(total / largest) * 100}%`,
                          minWidth: total > 0 ? 4 : 0,
                          borderRadius: 3,
                          overflow: 'hidden',
                        }}
                      >
                        {CRITERIA_CATEGORIES.map((c) =>
                          r.counts[c] > 0 ? (
                            <Tooltip
                              key={c}
                              label={`${labelOfCategory(c)}: ${formatNumber(r.counts[c], lang)}`}
                              withArrow
                            >
                              <Box
                                h="100%"
                                bg={c === 'tidak_layak' ? 'gray.4' : `${categoryColor(c)}.6`}
                                style={{ flexGrow: r.counts[c], flexBasis: 0 }}
                              />
                            </Tooltip>
                          ) : null,
                        )}
                      </Box>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

function TargetingRow({ label, value }: { label: string; value: RankingTargeting }) {
  const lang = useLang();
  return (
    <Table.Tr>
      <Table.Td>{label}</Table.Td>
      <Table.Td ta="right">{formatShare(value.inclusionError, lang)}</Table.Td>
      <Table.Td ta="right">{formatShare(value.exclusionError, lang)}</Table.Td>
      <Table.Td ta="right">{formatNumber(value.selected, lang)}</Table.Td>
      <Table.Td ta="right">{formatNumber(value.trulyPoor, lang)}</Table.Td>
    </Table.Tr>
  );
}

function AccuracyCard({ accuracy }: { accuracy: RankingAccuracy }) {
  const { t } = useTranslation();
  const lang = useLang();
  const r = accuracy.report;
  return (
    <Card withBorder radius="md" data-testid="ranking-accuracy">
      <Title order={3} size="h4">
        {t('ranking.overview.accuracyTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('ranking.overview.accuracyHint', {
          name: accuracy.model.name,
          version: accuracy.model.version,
          n: formatNumber(r.n, lang),
          quota: r.quota,
        })}
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 2 }} spacing="sm" mb="sm">
        <Box>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {t('ranking.overview.spearman')}
          </Text>
          <Text fw={700} size="lg">
            {formatDecimal(r.spearman, lang, 3)}
          </Text>
        </Box>
        <Box>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            R²
          </Text>
          <Text fw={700} size="lg">
            {formatDecimal(r.r2, lang, 3)}
          </Text>
        </Box>
      </SimpleGrid>
      <Table.ScrollContainer minWidth={420} type="native">
        <Table fz="sm" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('ranking.overview.cutPoints')}</Table.Th>
              <Table.Th ta="right">{t('ranking.overview.inclusionError')}</Table.Th>
              <Table.Th ta="right">{t('ranking.overview.exclusionError')}</Table.Th>
              <Table.Th ta="right">{t('ranking.overview.selected')}</Table.Th>
              <Table.Th ta="right">{t('ranking.overview.trulyPoor')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <TargetingRow label={t('ranking.modes.national')} value={r.national} />
            <TargetingRow label={t('ranking.modes.regional')} value={r.regional} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

/** The ranking overview: official × estimated desil heat map, conflict counts, criteria categories per kelurahan, accuracy. */
export function RankingOverviewPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { me } = useAuth();
  const summary = useQuery({ queryKey: ['ranking-summary'], queryFn: getRankingSummary });
  const mayEvaluate = can(me?.permissions, 'ranking.evaluate');
  // Accuracy exists only where the true expenditure is known (the demo city): a 404 hides the block.
  const accuracy = useQuery({
    queryKey: ['ranking-accuracy'],
    queryFn: () => getRankingAccuracy(),
    enabled: mayEvaluate,
    retry: false,
    staleTime: 5 * 60 * 1000,
  });

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>{t('ranking.overview.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('ranking.overview.subtitle')}
        </Text>
      </div>
      {summary.isPending ? (
        <PageLoader />
      ) : summary.isError ? (
        <ErrorAlert error={summary.error} onRetry={() => void summary.refetch()} />
      ) : (
        <>
          <Group gap="md" wrap="wrap" data-testid="ranking-overview-meta">
            <Text size="sm">
              {t('ranking.overview.scored', {
                scored: formatNumber(summary.data.scored, lang),
                households: formatNumber(summary.data.households, lang),
              })}
            </Text>
            <Text size="sm" c="dimmed">
              {summary.data.model
                ? t('ranking.overview.model', {
                    name: summary.data.model.name,
                    version: summary.data.model.version,
                  })
                : t('ranking.overview.noModel')}
            </Text>
            {summary.data.model?.illustrative && (
              <Badge size="sm" color="gray" variant="light" tt="none">
                {t('ranking.illustrative')}
              </Badge>
            )}
          </Group>
          <MatrixCard summary={summary.data} />
          <ConflictCountsCard summary={summary.data} />
          <CategoriesCard summary={summary.data} />
          {accuracy.data && <AccuracyCard accuracy={accuracy.data} />}
        </>
      )}
    </Stack>
  );
}
