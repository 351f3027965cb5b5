import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  FileButton,
  Group,
  Loader,
  Modal,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconCheck,
  IconCopy,
  IconEye,
  IconFileUpload,
  IconPlayerPlay,
  IconRefresh,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  activateCriteriaRuleSet,
  activatePmtModel,
  createCriteriaRuleSet,
  createPmtModel,
  getCriteriaRuleSet,
  getPmtModel,
  listCriteriaRuleSets,
  listPmtModels,
  rescoreAll,
} from '../../api/client.ts';
import type {
  CriteriaRuleSetSummary,
  Language,
  PmtModelSummary,
  RankingVersionCreated,
  RescoreResult,
} from '../../api/types.ts';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { PageLoader } from '../../components/PageLoader.tsx';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { useLang } from '../../lib/hooks.ts';
import { labelOf } from '../../lib/labels.ts';
import { ModelBodyView, RuleSetBodyView, asModelBody, asRuleSetBody } from './VersionDetail.tsx';
import { formatDecimal, parseJsonText } from './rankingFormat.ts';

type Kind = 'pmt' | 'criteria';
type Summary = PmtModelSummary | CriteriaRuleSetSummary;

interface VersionApi {
  list: () => Promise<Summary[]>;
  get: (id: number) => Promise<Summary & { body: unknown }>;
  create: (body: { body: unknown; note?: string; activate?: boolean }) => Promise<RankingVersionCreated>;
  activate: (id: number, reason?: string) => Promise<RankingVersionCreated>;
}

const API: Record<Kind, VersionApi> = {
  pmt: { list: listPmtModels, get: getPmtModel, create: createPmtModel, activate: activatePmtModel },
  criteria: {
    list: listCriteriaRuleSets,
    get: getCriteriaRuleSet,
    create: createCriteriaRuleSet,
    activate: activateCriteriaRuleSet,
  },
};

function isModel(v: Summary): v is PmtModelSummary {
  return 'features' in v;
}

/** The rescore result in words, e.g. "16.384 keluarga dinilai ulang dalam 2,1 detik". */
function rescoreText(result: RescoreResult, t: TFunction, lang: Language): string {
  return t('ranking.models.rescored', {
    households: formatNumber(result.households, lang),
    seconds: new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 1 }).format(
      result.durationMs / 1000,
    ),
  });
}

function ResultAlert({ result, onClose }: { result: RankingVersionCreated; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Alert
      color="teal"
      icon={<IconCheck size={18} aria-hidden />}
      withCloseButton
      onClose={onClose}
      data-testid="ranking-version-result"
      title={t('ranking.models.resultTitle', { key: result.key, version: result.version })}
    >
      {result.rescore ? rescoreText(result.rescore, t, lang) : t('ranking.models.notActivated')}
    </Alert>
  );
}

function DetailModal({ kind, id, onClose }: { kind: Kind; id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const query = useQuery({
    queryKey: ['ranking-version', kind, id],
    queryFn: () => API[kind].get(id ?? 0),
    enabled: id !== null,
  });
  const model = kind === 'pmt' ? asModelBody(query.data?.body) : null;
  const ruleSet = kind === 'criteria' ? asRuleSetBody(query.data?.body) : null;
  return (
    <Modal
      opened={id !== null}
      onClose={onClose}
      size="xl"
      title={query.data ? `${query.data.name} · v${query.data.version}` : t('common.loading')}
      fullScreen={false}
    >
      {query.isPending ? (
        <PageLoader minHeight={160} />
      ) : query.isError ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {labelOf(query.data.description, lang)}
          </Text>
          {model && <ModelBodyView model={model} />}
          {ruleSet && <RuleSetBodyView ruleSet={ruleSet} />}
          <details>
            <summary style={{ cursor: 'pointer', fontSize: 'var(--mantine-font-size-sm)' }}>
              {t('ranking.models.rawJson')}
            </summary>
            <Textarea
              readOnly
              autosize
              maxRows={20}
              value={JSON.stringify(query.data.body, null, 2)}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
              mt="xs"
              aria-label={t('ranking.models.rawJson')}
            />
          </details>
        </Stack>
      )}
    </Modal>
  );
}

function ActivateModal({
  kind,
  version,
  onClose,
  onDone,
}: {
  kind: Kind;
  version: Summary | null;
  onClose: () => void;
  onDone: (result: RankingVersionCreated) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const mutation = useMutation({
    mutationFn: (v: Summary) => API[kind].activate(v.id, reason.trim() || undefined),
    onSuccess: (result) => {
      setReason('');
      onDone(result);
    },
  });
  const close = () => {
    if (mutation.isPending) return;
    mutation.reset();
    onClose();
  };
  return (
    <Modal
      opened={version !== null}
      onClose={close}
      title={t('ranking.models.confirmTitle')}
      closeOnClickOutside={!mutation.isPending}
      withCloseButton={!mutation.isPending}
    >
      {version && (
        <Stack gap="sm">
          <Text size="sm">
            {t(kind === 'pmt' ? 'ranking.models.confirmModel' : 'ranking.models.confirmCriteria', {
              name: version.name,
              version: version.version,
            })}
          </Text>
          <TextInput
            label={t('ranking.models.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={1000}
            disabled={mutation.isPending}
          />
          {mutation.isPending && (
            <Group gap="xs" role="status" aria-live="polite" data-testid="rescore-progress">
              <Loader size="sm" />
              <Text size="sm">{t('ranking.models.rescoring')}</Text>
            </Group>
          )}
          {mutation.isError && <ErrorAlert error={mutation.error} />}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close} disabled={mutation.isPending}>
              {t('common.cancel')}
            </Button>
            <Button
              onClick={() => mutation.mutate(version)}
              loading={mutation.isPending}
              data-testid="confirm-activate"
            >
              {t('ranking.models.activate')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function NewVersionForm({
  kind,
  active,
  onCreated,
}: {
  kind: Kind;
  active: Summary | undefined;
  onCreated: (result: RankingVersionCreated) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [activate, setActivate] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);
  const [copying, setCopying] = useState(false);
  const mutation = useMutation({
    mutationFn: (body: unknown) => API[kind].create({ body, note: note.trim() || undefined, activate }),
    onSuccess: (result) => {
      setText('');
      setNote('');
      setActivate(false);
      onCreated(result);
    },
  });

  const submit = () => {
    const parsed = parseJsonText(text);
    if (!parsed.ok) {
      setLocalError(
        parsed.error === 'empty'
          ? t('ranking.models.jsonEmpty')
          : t('ranking.models.jsonError', { error: parsed.error }),
      );
      return;
    }
    setLocalError(null);
    mutation.mutate(parsed.value);
  };

  const loadFile = async (file: File | null) => {
    if (!file) return;
    setText(await file.text());
    setLocalError(null);
    mutation.reset();
  };

  const copyActive = async () => {
    if (!active) return;
    setCopying(true);
    try {
      const detail = await API[kind].get(active.id);
      // Kept as is: the server numbers the new version itself and records which one it was based on.
      setText(JSON.stringify(detail.body, null, 2));
      setLocalError(null);
      mutation.reset();
    } catch (error) {
      setLocalError(errorMessage(error, t));
    } finally {
      setCopying(false);
    }
  };

  return (
    <Card withBorder radius="md">
      <Title order={3} size="h4" mb={4}>
        {t('ranking.models.newTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t(kind === 'pmt' ? 'ranking.models.newHintModel' : 'ranking.models.newHintCriteria')}
      </Text>
      <Stack gap="sm">
        <Group gap="xs" wrap="wrap">
          <FileButton onChange={(f) => void loadFile(f)} accept="application/json,.json">
            {(props) => (
              <Button
                {...props}
                variant="light"
                size="xs"
                leftSection={<IconFileUpload size={16} aria-hidden />}
              >
                {t('ranking.models.chooseFile')}
              </Button>
            )}
          </FileButton>
          {active && (
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconCopy size={16} aria-hidden />}
              onClick={() => void copyActive()}
              loading={copying}
            >
              {t('ranking.models.copyActive')}
            </Button>
          )}
        </Group>
        <Textarea
          label={t('ranking.models.jsonLabel')}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setLocalError(null);
          }}
          autosize
          minRows={6}
          maxRows={18}
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
          data-testid={`${kind}-json`}
        />
        <TextInput
          label={t('ranking.models.note')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          maxLength={1000}
        />
        <Checkbox
          label={t('ranking.models.activateNow')}
          checked={activate}
          onChange={(e) => setActivate(e.currentTarget.checked)}
        />
        {localError && (
          <Alert color="red" data-testid="json-error">
            {localError}
          </Alert>
        )}
        {mutation.isError && <ErrorAlert error={mutation.error} />}
        {mutation.isPending && activate && (
          <Group gap="xs" role="status" aria-live="polite">
            <Loader size="sm" />
            <Text size="sm">{t('ranking.models.rescoring')}</Text>
          </Group>
        )}
        <Group>
          <Button onClick={submit} loading={mutation.isPending} data-testid={`${kind}-submit`}>
            {t('ranking.models.submit')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function VersionsTable({
  versions,
  onView,
  onActivate,
}: {
  versions: Summary[];
  onView: (v: Summary) => void;
  onActivate: (v: Summary) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Table.ScrollContainer minWidth={820} type="native">
      <Table verticalSpacing="xs" striped fz="sm" data-testid="versions-table">
        <Table.Thead>
          <Table.Tr style={{ whiteSpace: 'nowrap' }}>
            <Table.Th>{t('ranking.models.version')}</Table.Th>
            <Table.Th>{t('ranking.models.name')}</Table.Th>
            <Table.Th>{t('ranking.models.contents')}</Table.Th>
            <Table.Th>{t('ranking.models.created')}</Table.Th>
            <Table.Th>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.map((v) => (
            <Table.Tr key={v.id} data-version-id={v.id} data-active={v.active}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm" ff="monospace">
                  {v.key} v{v.version}
                </Text>
                <Group gap={4} mt={2}>
                  {v.active && (
                    <Badge size="xs" color="teal" data-testid="active-badge">
                      {t('ranking.models.active')}
                    </Badge>
                  )}
                  {v.illustrative && (
                    <Badge size="xs" color="gray" variant="light" tt="none">
                      {t('ranking.illustrative')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td maw={320}>
                <Text size="sm" fw={500}>
                  {v.name}
                </Text>
                {v.note && (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {v.note}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {isModel(v) ? (
                  <>
                    <Text size="xs">
                      {t('ranking.models.featuresCount', { n: v.features })} ·{' '}
                      {t(v.mode === 'regional' ? 'ranking.modes.regional' : 'ranking.modes.national')}
                    </Text>
                    {v.calibration && (
                      <Text size="xs" c="dimmed">
                        {t('ranking.models.calibrationLine', {
                          r2: formatDecimal(v.calibration.r2, lang, 3),
                          spearman: formatDecimal(v.calibration.spearman, lang, 3),
                          n: formatNumber(v.calibration.n, lang),
                        })}
                      </Text>
                    )}
                    {v.lastRun && (
                      <Text size="xs" c="dimmed">
                        {t('ranking.models.lastRun', {
                          date: formatDateTime(v.lastRun.finishedAt, lang),
                          households: formatNumber(v.lastRun.households, lang),
                        })}
                      </Text>
                    )}
                  </>
                ) : (
                  <Text size="xs">
                    {t('ranking.models.rulesCount', { n: formatNumber(v.rules, lang) })} ·{' '}
                    {t('ranking.models.quota', { quota: v.quota })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="xs">{formatDateTime(v.createdAt, lang)}</Text>
                <Text size="xs" c="dimmed">
                  {v.createdBy ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Button
                    size="compact-xs"
                    variant="light"
                    leftSection={<IconEye size={14} aria-hidden />}
                    onClick={() => onView(v)}
                    data-testid="view-version"
                  >
                    {t('ranking.models.view')}
                  </Button>
                  {!v.active && (
                    <Button
                      size="compact-xs"
                      variant="outline"
                      leftSection={<IconPlayerPlay size={14} aria-hidden />}
                      onClick={() => onActivate(v)}
                      data-testid="activate-version"
                    >
                      {t('ranking.models.activate')}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function VersionsPanel({ kind }: { kind: Kind }) {
  const { t } = useTranslation();
  const lang = useLang();
  const client = useQueryClient();
  const [viewing, setViewing] = useState<number | null>(null);
  const [activating, setActivating] = useState<Summary | null>(null);
  const [result, setResult] = useState<RankingVersionCreated | null>(null);
  const versions = useQuery({ queryKey: ['ranking-versions', kind], queryFn: () => API[kind].list() });

  const afterChange = (r: RankingVersionCreated) => {
    setResult(r);
    setActivating(null);
    notifications.show({
      color: 'teal',
      message: r.rescore
        ? rescoreText(r.rescore, t, lang)
        : t('ranking.models.resultTitle', { key: r.key, version: r.version }),
    });
    // Every estimate, category and count may have changed.
    void client.invalidateQueries({ queryKey: ['ranking-versions'] });
    void client.invalidateQueries({ queryKey: ['ranking-summary'] });
    void client.invalidateQueries({ queryKey: ['ranking-conflicts'] });
    void client.invalidateQueries({ queryKey: ['household-ranking'] });
    void client.invalidateQueries({ queryKey: ['ranking-accuracy'] });
  };

  const active = versions.data?.find((v) => v.active);
  return (
    <Stack gap="md">
      {result && <ResultAlert result={result} onClose={() => setResult(null)} />}
      <Card withBorder radius="md">
        <Title order={3} size="h4" mb="sm">
          {t(kind === 'pmt' ? 'ranking.models.versionsModel' : 'ranking.models.versionsCriteria')}
        </Title>
        {versions.isPending ? (
          <PageLoader minHeight={120} />
        ) : versions.isError ? (
          <ErrorAlert error={versions.error} onRetry={() => void versions.refetch()} />
        ) : versions.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('ranking.models.empty')}
          </Text>
        ) : (
          <VersionsTable
            versions={versions.data}
            onView={(v) => setViewing(v.id)}
            onActivate={(v) => setActivating(v)}
          />
        )}
      </Card>
      <NewVersionForm kind={kind} active={active} onCreated={afterChange} />
      <DetailModal kind={kind} id={viewing} onClose={() => setViewing(null)} />
      <ActivateModal
        kind={kind}
        version={activating}
        onClose={() => setActivating(null)}
        onDone={afterChange}
      />
    </Stack>
  );
}

function RescoreButton() {
  const { t } = useTranslation();
  const lang = useLang();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: rescoreAll,
    onSuccess: (r) => {
      notifications.show({ color: 'teal', message: rescoreText(r, t, lang) });
      void client.invalidateQueries({ queryKey: ['ranking-versions'] });
      void client.invalidateQueries({ queryKey: ['ranking-summary'] });
      void client.invalidateQueries({ queryKey: ['ranking-conflicts'] });
      void client.invalidateQueries({ queryKey: ['household-ranking'] });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
  });
  return (
    <Button
      variant="light"
      leftSection={<IconRefresh size={16} aria-hidden />}
      onClick={() => mutation.mutate()}
      loading={mutation.isPending}
      data-testid="rescore-all"
    >
      {t('ranking.models.rescoreAll')}
    </Button>
  );
}

/** Administration of the PMT model and the local criteria: versions, their contents, new versions and activation. */
export function ModelsPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Kind>('pmt');
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2}>{t('ranking.models.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('ranking.models.subtitle')}
          </Text>
        </div>
        <RescoreButton />
      </Group>
      <Tabs value={tab} onChange={(v) => setTab(v === 'criteria' ? 'criteria' : 'pmt')} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="pmt" data-testid="tab-pmt">
            {t('ranking.models.tabModels')}
          </Tabs.Tab>
          <Tabs.Tab value="criteria" data-testid="tab-criteria">
            {t('ranking.models.tabCriteria')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="pmt" pt="md">
          <VersionsPanel kind="pmt" />
        </Tabs.Panel>
        <Tabs.Panel value="criteria" pt="md">
          <VersionsPanel kind="criteria" />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
