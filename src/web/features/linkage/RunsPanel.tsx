import { useEffect, useState, type FormEvent } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Collapse,
  Group,
  Modal,
  NumberInput,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconAdjustments, IconSearch } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getLinkageRun, listLinkageRuns, startLinkageRun } from '../../api/client.ts';
import type { LinkageRun } from '../../api/types.ts';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { useLang } from '../../lib/hooks.ts';

/** The family step's counts of a run (stats.households), when the run has them. */
function familyRunStats(stats: object): { autoAccepted?: number; review?: number } | null {
  const value = (stats as { households?: unknown }).households;
  return typeof value === 'object' && value !== null
    ? (value as { autoAccepted?: number; review?: number })
    : null;
}

const RUN_COLORS: Record<LinkageRun['status'], string> = {
  running: 'blue',
  done: 'teal',
  failed: 'red',
  interrupted: 'orange',
};

function StartRunModal({
  opened,
  onClose,
  onStarted,
}: {
  opened: boolean;
  onClose: () => void;
  onStarted: (run: LinkageRun) => void;
}) {
  const { t } = useTranslation();
  const [advanced, setAdvanced] = useState(false);
  const [accept, setAccept] = useState<number | string>(0.9);
  const [review, setReview] = useState<number | string>(0.5);
  const mutation = useMutation({
    mutationFn: () =>
      startLinkageRun(advanced ? { acceptThreshold: Number(accept), reviewThreshold: Number(review) } : {}),
    onSuccess: (run) => {
      onStarted(run);
      onClose();
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('linkage.runs.startTitle')} data-testid="run-modal">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t('linkage.runs.startText')}</Text>
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconAdjustments size={14} />}
            onClick={() => setAdvanced((a) => !a)}
            aria-expanded={advanced}
            w="fit-content"
            data-testid="run-advanced"
          >
            {t('linkage.runs.advanced')}
          </Button>
          <Collapse expanded={advanced}>
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <NumberInput
                label={t('linkage.runs.acceptThreshold')}
                description={t('linkage.runs.acceptHint')}
                value={accept}
                onChange={setAccept}
                min={0.5}
                max={1}
                step={0.01}
                decimalScale={8}
                data-testid="run-accept-threshold"
              />
              <NumberInput
                label={t('linkage.runs.reviewThreshold')}
                description={t('linkage.runs.reviewHint')}
                value={review}
                onChange={setReview}
                min={0.01}
                max={1}
                step={0.05}
                decimalScale={4}
                data-testid="run-review-threshold"
              />
            </SimpleGrid>
          </Collapse>
          {mutation.isError && (
            <Alert color="red" role="alert">
              {errorMessage(mutation.error, t)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="run-confirm">
              {t('linkage.runs.start')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

const PHASES = ['reading', 'linking', 'storing', 'done', 'failed'] as const;
function phaseOf(phase: string | undefined): (typeof PHASES)[number] {
  return PHASES.find((p) => p === phase) ?? 'reading';
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}

/** The latest deduplication run with its progress and numbers, earlier runs, and the button to start one. */
export function RunsPanel({ canRun }: { canRun: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const [starting, setStarting] = useState(false);
  const [watching, setWatching] = useState<number | null>(null);
  const [showAll, setShowAll] = useState(false);
  const runs = useQuery({ queryKey: ['linkage-runs'], queryFn: listLinkageRuns });
  const latest = runs.data?.[0] ?? null;
  const runningId = watching ?? (latest?.status === 'running' ? latest.id : null);
  const live = useQuery({
    queryKey: ['linkage-run', runningId],
    queryFn: () => getLinkageRun(runningId ?? 0),
    enabled: runningId !== null,
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'running' ? false : 1000),
  });
  const liveStatus = live.data?.status;
  useEffect(() => {
    if (liveStatus && liveStatus !== 'running') {
      void queryClient.invalidateQueries({ queryKey: ['linkage-runs'] });
      void queryClient.invalidateQueries({ queryKey: ['linkage-pairs'] });
      void queryClient.invalidateQueries({ queryKey: ['linkage-quality'] });
      void queryClient.invalidateQueries({ queryKey: ['linkage-conflicts'] });
    }
  }, [liveStatus, queryClient]);

  const shown = live.data && live.data.id === runningId ? live.data : latest;
  const n = (v: number | undefined) => (v === undefined ? '—' : formatNumber(v, lang));

  return (
    <Card withBorder radius="md" data-testid="runs-panel">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h4">
            {t('linkage.runs.title')}
          </Title>
          {canRun && (
            <Button
              leftSection={<IconSearch size={16} />}
              onClick={() => setStarting(true)}
              disabled={shown?.status === 'running'}
              data-testid="run-start"
            >
              {t('linkage.runs.start')}
            </Button>
          )}
        </Group>
        {runs.isError && <ErrorAlert error={runs.error} onRetry={() => void runs.refetch()} />}
        {!shown && !runs.isPending && (
          <Text size="sm" c="dimmed" data-testid="runs-empty">
            {t('linkage.runs.none')}
          </Text>
        )}
        {shown && (
          <Stack gap="xs" data-testid="run-latest" data-run-id={shown.id} data-status={shown.status}>
            <Group gap="xs" wrap="wrap">
              <Badge color={RUN_COLORS[shown.status]} data-testid="run-status">
                {t(`linkage.runs.status.${shown.status}`)}
              </Badge>
              <Text size="sm" c="dimmed">
                {t('linkage.runs.startedBy', {
                  actor: shown.startedBy,
                  at: formatDateTime(shown.startedAt, lang),
                })}
                {shown.mode === 'incremental' &&
                  ` · ${t('linkage.runs.incremental', { n: shown.householdCount ?? 0 })}`}
              </Text>
            </Group>
            {shown.status === 'running' && (
              <Stack gap={4}>
                <Progress
                  value={Math.round((shown.progress?.fraction ?? 0) * 100)}
                  animated
                  aria-label={t('linkage.runs.progress')}
                  data-testid="run-progress"
                />
                <Text size="xs" c="dimmed">
                  {t(`linkage.runs.phase.${phaseOf(shown.progress?.phase)}`)}
                </Text>
              </Stack>
            )}
            {shown.status === 'failed' && shown.error && (
              <Alert color="red" role="alert">
                {shown.error}
              </Alert>
            )}
            {shown.stats && (
              <SimpleGrid cols={{ base: 2, xs: 3, md: 6 }} spacing="xs">
                <Stat label={t('linkage.runs.records')} value={n(shown.stats.records)} testId="run-records" />
                <Stat
                  label={t('linkage.runs.candidates')}
                  value={n(shown.stats.candidatePairs)}
                  testId="run-candidates"
                />
                <Stat
                  label={t('linkage.runs.autoAccepted')}
                  value={n(shown.stats.autoAccepted)}
                  testId="run-auto"
                />
                <Stat label={t('linkage.runs.review')} value={n(shown.stats.review)} testId="run-review" />
                <Stat label={t('linkage.runs.dropped')} value={n(shown.stats.dropped)} testId="run-dropped" />
                <Stat
                  label={t('linkage.runs.seconds')}
                  value={
                    shown.stats.seconds?.total === undefined
                      ? '—'
                      : new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', {
                          maximumFractionDigits: 1,
                        }).format(shown.stats.seconds.total)
                  }
                  testId="run-seconds"
                />
              </SimpleGrid>
            )}
            {shown.stats && familyRunStats(shown.stats) && (
              <Text size="sm" c="dimmed" data-testid="run-families">
                {t('linkage.family.runStats', {
                  auto: n(familyRunStats(shown.stats)?.autoAccepted),
                  review: n(familyRunStats(shown.stats)?.review),
                })}
              </Text>
            )}
          </Stack>
        )}
        {(runs.data?.length ?? 0) > 1 && (
          <>
            <Button
              variant="subtle"
              size="xs"
              w="fit-content"
              onClick={() => setShowAll((s) => !s)}
              aria-expanded={showAll}
            >
              {t('linkage.runs.earlier', { n: (runs.data?.length ?? 1) - 1 })}
            </Button>
            <Collapse expanded={showAll}>
              <Table.ScrollContainer minWidth={520} type="native">
                <Table fz="sm" verticalSpacing={4} data-testid="runs-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>#</Table.Th>
                      <Table.Th>{t('linkage.runs.when')}</Table.Th>
                      <Table.Th>{t('linkage.runs.statusLabel')}</Table.Th>
                      <Table.Th>{t('linkage.runs.records')}</Table.Th>
                      <Table.Th>{t('linkage.runs.autoAccepted')}</Table.Th>
                      <Table.Th>{t('linkage.runs.review')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {(runs.data ?? []).slice(1).map((r) => (
                      <Table.Tr key={r.id}>
                        <Table.Td>{r.id}</Table.Td>
                        <Table.Td>{formatDateTime(r.startedAt, lang)}</Table.Td>
                        <Table.Td>
                          <Badge size="sm" color={RUN_COLORS[r.status]} variant="light">
                            {t(`linkage.runs.status.${r.status}`)}
                          </Badge>
                        </Table.Td>
                        <Table.Td>{n(r.stats?.records)}</Table.Td>
                        <Table.Td>{n(r.stats?.autoAccepted)}</Table.Td>
                        <Table.Td>{n(r.stats?.review)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Collapse>
          </>
        )}
      </Stack>
      <StartRunModal
        opened={starting}
        onClose={() => setStarting(false)}
        onStarted={(run) => {
          setWatching(run.id);
          void queryClient.invalidateQueries({ queryKey: ['linkage-runs'] });
        }}
      />
    </Card>
  );
}
