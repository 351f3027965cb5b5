import { useState } from 'react';
import {
  Alert,
  Button,
  Code,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconDownload, IconInfoCircle } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getImportDiff, importDiffXlsxUrl, importRejectionsUrl } from '../../api/client.ts';
import {
  IMPORT_DIFF_KINDS,
  type ImportBatchDetail,
  type ImportDiffKind,
  type ImportSummary,
} from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Pager } from '../../components/Pager.tsx';
import { formatDate, formatNumber } from '../../lib/format.ts';
import { useLang } from '../../lib/hooks.ts';
import { importCodeLabel, pick } from './labels.ts';
import { DIFF_COUNT_OF, countRows } from './importsUi.ts';

/** A labelled number. */
export function Stat({
  label,
  value,
  testId,
  color,
}: {
  label: string;
  value: number;
  testId: string;
  color?: string;
}) {
  const lang = useLang();
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" c={color} data-testid={testId} data-value={value}>
        {formatNumber(value, lang)}
      </Text>
    </Stack>
  );
}

function CodeTable({
  counts,
  emptyText,
  testId,
}: {
  counts: Record<string, number>;
  emptyText: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const rows = countRows(counts);
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid={`${testId}-empty`}>
        {emptyText}
      </Text>
    );
  }
  return (
    <Table fz="sm" verticalSpacing={4} data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('imports.summary.message')}</Table.Th>
          <Table.Th ta="right">{t('imports.summary.count')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.code} data-code={r.code} data-count={r.count}>
            <Table.Td>
              <Text size="sm">{importCodeLabel(t, 'imports.reasons', r.code)}</Text>
              <Code fz="xs" c="dimmed" bg="transparent" p={0} title={t('imports.summary.code')}>
                {r.code}
              </Code>
            </Table.Td>
            <Table.Td ta="right" fw={600} style={{ whiteSpace: 'nowrap' }}>
              {formatNumber(r.count, lang)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Rows read, accepted, rejected by reason, warnings by code, families and persons, with the rejection report. */
export function SummaryPanel({ batch, summary }: { batch: ImportBatchDetail; summary: ImportSummary }) {
  const { t } = useTranslation();
  const lang = useLang();
  const warnings = Object.values(summary.warningsByCode).reduce((a, b) => a + b, 0);
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} data-testid="summary-panel">
      <Stack gap="md">
        <Title order={2} size="h4">
          {t('imports.summary.title')}
        </Title>
        {batch.alreadyImported && batch.status !== 'committed' && (
          <Alert color="yellow" icon={<IconInfoCircle />} data-testid="already-imported">
            {t('imports.summary.alreadyImported', { label: batch.alreadyImported.label })}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 2, xs: 3, md: 6 }} spacing="sm">
          <Stat label={t('imports.summary.rowsRead')} value={summary.rowsRead} testId="summary-rows-read" />
          <Stat
            label={t('imports.summary.accepted')}
            value={summary.accepted}
            testId="summary-accepted"
            color="teal.8"
          />
          <Stat
            label={t('imports.summary.rejected')}
            value={summary.rejected}
            testId="summary-rejected"
            color={summary.rejected > 0 ? 'red.8' : undefined}
          />
          <Stat label={t('imports.mapping.rowWarning')} value={warnings} testId="summary-warnings" />
          <Stat label={t('imports.summary.families')} value={summary.families} testId="summary-families" />
          <Stat label={t('imports.summary.persons')} value={summary.persons} testId="summary-persons" />
        </SimpleGrid>
        {batch.fileFindings.length > 0 && (
          <Alert color="yellow" title={t('imports.summary.fileFindings')} data-testid="file-findings">
            <Stack gap={4}>
              {batch.fileFindings.map((f, i) => (
                <Text size="sm" key={i}>
                  {pick(f.message, lang)}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Stack gap="xs">
            <Text fw={600} size="sm">
              {t('imports.summary.rejectedByReason')}
            </Text>
            <CodeTable
              counts={summary.rejectedByReason}
              emptyText={t('imports.summary.noRejected')}
              testId="rejected-reasons"
            />
          </Stack>
          <Stack gap="xs">
            <Text fw={600} size="sm">
              {t('imports.summary.warningsByCode')}
            </Text>
            <CodeTable
              counts={summary.warningsByCode}
              emptyText={t('imports.summary.noWarnings')}
              testId="warning-codes"
            />
          </Stack>
        </SimpleGrid>
        {summary.rejected > 0 && (
          <Group gap="xs" wrap="wrap">
            <Button
              component="a"
              href={importRejectionsUrl(batch.id, 'xlsx')}
              download
              variant="light"
              leftSection={<IconDownload size={16} />}
              data-testid="rejections-xlsx"
            >
              {t('imports.summary.rejectionsXlsx')}
            </Button>
            <Button
              component="a"
              href={importRejectionsUrl(batch.id, 'csv')}
              download
              variant="subtle"
              leftSection={<IconDownload size={16} />}
              data-testid="rejections-csv"
            >
              {t('imports.summary.rejectionsCsv')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

const DIFF_PAGE_SIZES = [25, 50, 100] as const;

/** The differences against the previous release of the same source: counts by kind, the rows of one kind, XLSX. */
export function DiffPanel({ batch, summary }: { batch: ImportBatchDetail; summary: ImportSummary }) {
  const { t } = useTranslation();
  const lang = useLang();
  const counts = summary.diff;
  const firstWithRows = IMPORT_DIFF_KINDS.find((k) => (counts?.[DIFF_COUNT_OF[k]] ?? 0) > 0) ?? 'new_family';
  const [kind, setKind] = useState<ImportDiffKind>(firstWithRows);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState<number>(DIFF_PAGE_SIZES[0]);
  const items = useQuery({
    queryKey: ['import-diff', batch.id, kind, page, pageSize, batch.status],
    queryFn: () => getImportDiff(batch.id, { kind, page, pageSize }),
    enabled: counts !== null,
    placeholderData: keepPreviousData,
  });
  if (!counts) return null;
  const withValues = kind === 'desil_changed' || kind === 'moved_person' || kind === 'nik_conflict';

  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} data-testid="diff-panel">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h4">
            {t('imports.diff.title')}
          </Title>
          <Button
            component="a"
            href={importDiffXlsxUrl(batch.id)}
            download
            variant="light"
            leftSection={<IconDownload size={16} />}
            data-testid="diff-download"
          >
            {t('imports.diff.download')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed" data-testid="diff-against">
          {batch.previousRelease
            ? t('imports.diff.against', {
                label: batch.previousRelease.label,
                date: formatDate(batch.previousRelease.releaseDate, lang),
              })
            : t('imports.diff.firstRelease')}
        </Text>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
          {IMPORT_DIFF_KINDS.map((k) => {
            const value = counts[DIFF_COUNT_OF[k]];
            const active = k === kind;
            return (
              <UnstyledButton
                key={k}
                onClick={() => {
                  setKind(k);
                  setPage(1);
                }}
                aria-pressed={active}
                data-testid={`diff-kind-${k}`}
                data-count={value}
                p="xs"
                style={{
                  borderRadius: 'var(--mantine-radius-sm)',
                  border: `1px solid var(--mantine-color-${active ? 'teal-6' : 'gray-3'})`,
                  background: active ? 'var(--mantine-color-teal-0)' : undefined,
                }}
              >
                <Text size="xs" c="dimmed">
                  {t(`imports.diff.kinds.${k}`)}
                </Text>
                <Text fw={700}>{formatNumber(value, lang)}</Text>
              </UnstyledButton>
            );
          })}
        </SimpleGrid>
        {items.isError && <ErrorAlert error={items.error} onRetry={() => void items.refetch()} />}
        {items.data && items.data.items.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('imports.diff.empty')}
          </Text>
        )}
        {items.data && items.data.items.length > 0 && (
          <>
            <Table.ScrollContainer minWidth={560} type="native">
              <Table fz="sm" verticalSpacing={4} data-testid="diff-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('imports.diff.kkNumber')}</Table.Th>
                    <Table.Th>{t('imports.diff.nik')}</Table.Th>
                    <Table.Th>{t('imports.diff.name')}</Table.Th>
                    {withValues && <Table.Th>{t('imports.diff.before')}</Table.Th>}
                    {withValues && <Table.Th>{t('imports.diff.after')}</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.data.items.map((item, i) => (
                    <Table.Tr key={`${item.kkNumber ?? ''}-${item.nik ?? ''}-${i}`}>
                      <Table.Td ff="monospace">{item.kkNumber ?? '—'}</Table.Td>
                      <Table.Td ff="monospace">{item.nik ?? '—'}</Table.Td>
                      <Table.Td>{item.name ?? '—'}</Table.Td>
                      {withValues && <Table.Td>{item.before ?? '—'}</Table.Td>}
                      {withValues && <Table.Td>{item.after ?? '—'}</Table.Td>}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager
              total={items.data.total}
              page={page}
              pageSize={pageSize}
              pageSizes={DIFF_PAGE_SIZES}
              onPageChange={setPage}
              onPageSizeChange={(size) => {
                setPageSize(size);
                setPage(1);
              }}
              totalText={t('imports.diff.total', { n: formatNumber(items.data.total, lang) })}
            />
          </>
        )}
      </Stack>
    </Paper>
  );
}
