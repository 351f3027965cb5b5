import { useEffect, useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import {
  IconArrowLeft,
  IconCircleCheck,
  IconDatabaseImport,
  IconTable,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { commitImport, discardImport, getImport, getImportJob } from '../../api/client.ts';
import type { ImportBatchDetail, ImportJob } from '../../api/types.ts';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { PageLoader } from '../../components/PageLoader.tsx';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format.ts';
import { useLang } from '../../lib/hooks.ts';
import { can } from '../../lib/navigation.ts';
import { importCodeLabel, pick } from './labels.ts';
import { FollowUpCard } from './FollowUpCard.tsx';
import { MappingPanel } from './MappingPanel.tsx';
import { DiffPanel, Stat, SummaryPanel } from './SummaryPanel.tsx';
import {
  STATUS_COLORS,
  batchActions,
  followUpOf,
  formatBytes,
  isBusy,
  jobPercent,
  phaseOf,
} from './importsUi.ts';

function ProgressCard({ job }: { job: ImportJob | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const percent = jobPercent(job);
  return (
    <Paper
      withBorder
      radius="md"
      p={{ base: 'sm', sm: 'md' }}
      data-testid="job-progress"
      data-state={job?.state}
    >
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600}>{t('imports.progress.title')}</Text>
          <Text size="sm" c="dimmed" data-testid="job-phase">
            {t(`imports.progress.phases.${phaseOf(job?.phase)}`)}
            {job && job.rows > 0 && ` · ${t('imports.progress.rows', { n: formatNumber(job.rows, lang) })}`}
          </Text>
        </Group>
        <Progress
          value={percent ?? 100}
          animated
          striped={percent === null}
          size="lg"
          aria-label={t('imports.progress.label')}
          data-testid="job-progress-bar"
          data-percent={percent ?? ''}
        />
        <Text size="xs" c="dimmed">
          {t('imports.progress.hint')}
        </Text>
      </Stack>
    </Paper>
  );
}

function CommittedCard({ batch }: { batch: ImportBatchDetail }) {
  const { t } = useTranslation();
  const commit = batch.commit ?? {};
  const same = commit.alreadyImported === true;
  const numbers = Object.entries(commit).filter((e): e is [string, number] => typeof e[1] === 'number');
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} bg="teal.0" data-testid="committed-card">
      <Stack gap="sm">
        <Group gap="xs">
          <IconCircleCheck size={22} color="var(--mantine-color-teal-7)" aria-hidden />
          <Title order={2} size="h4">
            {t('imports.committed.title')}
          </Title>
        </Group>
        <Text size="sm">
          {same
            ? t('imports.committed.same')
            : t('imports.committed.text', { label: batch.release?.label ?? batch.fileName })}
        </Text>
        {numbers.length > 0 && (
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            {numbers.map(([key, value]) => (
              <Stat
                key={key}
                label={importCodeLabel(t, 'imports.committed.counts', key)}
                value={value}
                testId={`committed-${key}`}
              />
            ))}
          </SimpleGrid>
        )}
        <Button
          component={Link}
          to="/registri"
          leftSection={<IconTable size={16} />}
          w="fit-content"
          data-testid="open-registry"
        >
          {t('imports.committed.openRegistry')}
        </Button>
      </Stack>
    </Paper>
  );
}

function ConfirmModal({
  opened,
  title,
  text,
  confirmLabel,
  color,
  loading,
  error,
  onConfirm,
  onClose,
  testId,
}: {
  opened: boolean;
  title: string;
  text: string;
  confirmLabel: string;
  color?: string;
  loading: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={title} data-testid={`${testId}-modal`}>
      <Stack gap="md">
        <Text size="sm">{text}</Text>
        {error !== null && error !== undefined && (
          <Alert color="red" role="alert">
            {errorMessage(error, t)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('imports.actions.keep')}
          </Button>
          <Button color={color} loading={loading} onClick={onConfirm} data-testid={`${testId}-confirm`}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * One import batch: background progress, column mapping preview, validation summary, diff against
 * the previous release, and "save to registry" or "discard". Leaving and coming back is safe: the
 * work runs on the server and this page picks up its progress.
 */
export function ImportBatchPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { me } = useAuth();
  const params = useParams();
  const id = Number(params.id);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState<'commit' | 'discard' | null>(null);
  const canRun = can(me?.permissions, 'imports.run');

  const detail = useQuery({
    queryKey: ['import', id],
    queryFn: () => getImport(id),
    enabled: Number.isInteger(id) && id > 0,
    // A slow safety net; the job endpoint below drives the progress bar.
    refetchInterval: (q) => (q.state.data && isBusy(q.state.data.status, q.state.data.job) ? 3000 : false),
  });
  const batch = detail.data;
  const activeJobId =
    batch?.job && (batch.job.state === 'queued' || batch.job.state === 'running') ? batch.job.id : null;
  const job = useQuery({
    queryKey: ['import-job', activeJobId],
    queryFn: () => getImportJob(activeJobId ?? ''),
    enabled: activeJobId !== null,
    refetchInterval: (q) =>
      q.state.data && (q.state.data.state === 'done' || q.state.data.state === 'failed') ? false : 800,
  });
  const jobState = job.data?.state;
  useEffect(() => {
    if (jobState === 'done' || jobState === 'failed') {
      void queryClient.invalidateQueries({ queryKey: ['import', id] });
      void queryClient.invalidateQueries({ queryKey: ['imports'] });
    }
  }, [jobState, id, queryClient]);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['import', id] });
    void queryClient.invalidateQueries({ queryKey: ['imports'] });
  };
  const commit = useMutation({
    mutationFn: () => commitImport(id),
    onSuccess: () => {
      setConfirm(null);
      refresh();
    },
  });
  const discard = useMutation({
    mutationFn: () => discardImport(id),
    onSuccess: () => {
      setConfirm(null);
      refresh();
      navigate('/impor');
    },
  });

  if (detail.isPending && detail.fetchStatus !== 'idle') return <PageLoader />;
  if (detail.isError || !batch) {
    return <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />;
  }

  const liveJob = job.data && job.data.id === activeJobId ? job.data : batch.job;
  const busy = isBusy(batch.status, liveJob);
  const actions = batchActions({ status: batch.status, job: liveJob });
  const summary = batch.summary;
  const followUp = followUpOf(batch);
  const showSummary = summary !== null && ['staged', 'committing', 'committed'].includes(batch.status);
  const showMapping =
    batch.headers.length > 0 && !['committed', 'committing', 'discarded'].includes(batch.status);

  return (
    <Stack gap="md" data-testid="import-batch-page" data-status={batch.status} data-import-id={batch.id}>
      <Anchor component={Link} to="/impor" size="sm">
        <Group gap={4} wrap="nowrap">
          <IconArrowLeft size={14} aria-hidden />
          {t('imports.upload.back')}
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4} miw={0}>
          <Group gap="xs" wrap="wrap">
            <Title order={1} size="h2">
              {t('imports.batch.title', { id: batch.id })}
            </Title>
            <Badge color={STATUS_COLORS[batch.status]} size="lg" variant="light" data-testid="batch-status">
              {t(`imports.status.${batch.status}`)}
            </Badge>
          </Group>
          <Text fw={600} style={{ wordBreak: 'break-word' }} data-testid="batch-file">
            {batch.fileName}{' '}
            <Text span size="sm" c="dimmed" fw={400}>
              ({formatBytes(batch.fileSize, lang === 'en' ? 'en-GB' : 'id-ID')}
              {batch.format ? ` · ${batch.format.toUpperCase()}` : ''})
            </Text>
          </Text>
          <Text size="sm" c="dimmed">
            {t('imports.batch.meta', {
              source: t(`imports.sources.${batch.source}`),
              date: formatDate(batch.releaseDate, lang),
            })}
            {batch.releaseLabel ? ` · ${batch.releaseLabel}` : ''}
            {' · '}
            {t('imports.batch.uploadedBy', {
              actor: batch.createdBy,
              at: formatDateTime(batch.createdAt, lang),
            })}
          </Text>
        </Stack>
        {canRun && (actions.commit || actions.discard) && (
          <Group gap="xs">
            {actions.discard && (
              <Button
                variant="default"
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={() => setConfirm('discard')}
                data-testid="discard-button"
              >
                {t('imports.actions.discard')}
              </Button>
            )}
            {actions.commit && (
              <Button
                leftSection={<IconDatabaseImport size={16} />}
                onClick={() => setConfirm('commit')}
                data-testid="commit-button"
              >
                {t('imports.actions.commit')}
              </Button>
            )}
          </Group>
        )}
      </Group>

      {busy && <ProgressCard job={liveJob} />}
      {!busy && batch.error && (
        <Alert
          color={batch.status === 'needs_mapping' ? 'orange' : 'red'}
          title={t('imports.batch.failed')}
          data-testid="batch-error"
        >
          {pick(batch.error.message, lang)}
        </Alert>
      )}
      {!busy && batch.status === 'needs_mapping' && !batch.error && (
        <Alert color="orange" data-testid="needs-mapping">
          {t('imports.batch.needsMapping')}
        </Alert>
      )}
      {batch.status === 'discarded' && (
        <Alert color="gray" data-testid="batch-discarded">
          {t('imports.batch.discarded')}
        </Alert>
      )}
      {batch.status === 'committed' && <CommittedCard batch={batch} />}
      {batch.status === 'committed' && followUp && !busy && <FollowUpCard followUp={followUp} />}
      {showSummary && summary && <SummaryPanel batch={batch} summary={summary} />}
      {showSummary && summary?.diff && <DiffPanel batch={batch} summary={summary} />}
      {showMapping && (
        <MappingPanel
          key={`${batch.id}:${batch.status}:${JSON.stringify(batch.mapping)}:${batch.sheet ?? ''}`}
          batch={batch}
          editable={canRun && actions.editMapping}
        />
      )}

      <ConfirmModal
        opened={confirm === 'commit'}
        title={t('imports.actions.confirmCommitTitle')}
        text={t('imports.actions.confirmCommit', {
          families: formatNumber(summary?.families ?? 0, lang),
          persons: formatNumber(summary?.persons ?? 0, lang),
          rejected: formatNumber(summary?.rejected ?? 0, lang),
          date: formatDate(batch.releaseDate, lang),
        })}
        confirmLabel={t('imports.actions.commit')}
        loading={commit.isPending}
        error={commit.error}
        onConfirm={() => commit.mutate()}
        onClose={() => setConfirm(null)}
        testId="commit"
      />
      <ConfirmModal
        opened={confirm === 'discard'}
        title={t('imports.actions.confirmDiscardTitle')}
        text={t('imports.actions.confirmDiscard')}
        confirmLabel={t('imports.actions.discard')}
        color="red"
        loading={discard.isPending}
        error={discard.error}
        onConfirm={() => discard.mutate()}
        onClose={() => setConfirm(null)}
        testId="discard"
      />
    </Stack>
  );
}
