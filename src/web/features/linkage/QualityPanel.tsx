import { Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import i18n from '../../i18n/index.ts';
import { getLinkageQuality } from '../../api/client.ts';
import type { LinkageQualityBlock } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageLoader } from '../../components/PageLoader.tsx';
import { formatNumber, localeOf } from '../../lib/format.ts';
import { useLang } from '../../lib/hooks.ts';
import { familyQualityOf, type FamilyQuality } from './familyApi.ts';

function QualityTable({ block, testId }: { block: LinkageQualityBlock; testId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const pct = (x: number) =>
    new Intl.NumberFormat(localeOf(lang), { style: 'percent', maximumFractionDigits: 1 }).format(x);
  const defectLabel = (d: string) => {
    const key = `linkage.defects.${d}`;
    return i18n.exists(key) ? (t as unknown as (k: string) => string)(key) : d;
  };
  const rows = [
    { key: 'all', label: t('linkage.quality.overall'), records: block.records, ...block.pairwise },
    ...block.perDefect
      .filter((d) => d.truePairs > 0 || d.predictedPairs > 0)
      .map((d) => ({ key: d.defect, label: defectLabel(d.defect), ...d })),
  ];
  return (
    <Table.ScrollContainer minWidth={520} type="native">
      <Table data-testid={testId} fz="sm" verticalSpacing={4} striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('linkage.quality.defect')}</Table.Th>
            <Table.Th ta="right">{t('linkage.quality.truePairs')}</Table.Th>
            <Table.Th ta="right">{t('linkage.quality.precision')}</Table.Th>
            <Table.Th ta="right">{t('linkage.quality.recall')}</Table.Th>
            <Table.Th ta="right">F1</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key} data-defect={r.key} fw={r.key === 'all' ? 600 : undefined}>
              <Table.Td>{r.label}</Table.Td>
              <Table.Td ta="right">{formatNumber(r.truePairs, lang)}</Table.Td>
              <Table.Td ta="right">{pct(r.precision)}</Table.Td>
              <Table.Td ta="right">{pct(r.recall)}</Table.Td>
              <Table.Td ta="right" data-testid={r.key === 'all' ? `${testId}-f1` : undefined}>
                {pct(r.f1)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function FamilyQualityTable({ quality }: { quality: FamilyQuality }) {
  const { t } = useTranslation();
  const lang = useLang();
  const pct = (x: number) =>
    new Intl.NumberFormat(localeOf(lang), { style: 'percent', maximumFractionDigits: 1 }).format(x);
  const rows = [
    { key: 'decisions', label: t('linkage.family.quality.decisions'), s: quality.decisions },
    {
      key: 'review',
      label: t('linkage.family.quality.ifReviewAccepted', { n: quality.pendingReview }),
      s: quality.ifReviewAccepted,
    },
  ];
  return (
    <Table.ScrollContainer minWidth={520} type="native">
      <Table data-testid="quality-families" fz="sm" verticalSpacing={4} striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            <Table.Th ta="right">{t('linkage.quality.truePairs')}</Table.Th>
            <Table.Th ta="right">{t('linkage.quality.precision')}</Table.Th>
            <Table.Th ta="right">{t('linkage.quality.recall')}</Table.Th>
            <Table.Th ta="right">F1</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key} data-row={r.key}>
              <Table.Td>{r.label}</Table.Td>
              <Table.Td ta="right">{formatNumber(r.s.truePairs, lang)}</Table.Td>
              <Table.Td ta="right">{pct(r.s.precision)}</Table.Td>
              <Table.Td ta="right">{pct(r.s.recall)}</Table.Td>
              <Table.Td ta="right" data-testid={`quality-families-${r.key}-f1`}>
                {pct(r.s.f1)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Precision, recall and F1 of the duplicates decisions against the demo city's ground truth, per defect type. */
export function QualityPanel() {
  const { t } = useTranslation();
  const lang = useLang();
  const query = useQuery({ queryKey: ['linkage-quality'], queryFn: getLinkageQuality });
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const q = query.data;
  const families = familyQualityOf(q);
  if (!q.available)
    return (
      <Text size="sm" c="dimmed" data-testid="quality-unavailable">
        {t('linkage.quality.unavailable')}
      </Text>
    );
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('linkage.quality.intro')}
      </Text>
      <Title order={3} size="h5">
        {t('linkage.quality.decisions')}
      </Title>
      <QualityTable block={q.decisions} testId="quality-decisions" />
      <Title order={3} size="h5">
        {t('linkage.quality.ifReviewAccepted', { n: q.pendingReview })}
      </Title>
      <QualityTable block={q.ifReviewAccepted} testId="quality-review" />
      {families && (
        <>
          <Title order={3} size="h5">
            {t('linkage.family.quality.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('linkage.family.quality.intro', { households: formatNumber(families.households, lang) })}
          </Text>
          <FamilyQualityTable quality={families} />
        </>
      )}
    </Stack>
  );
}
