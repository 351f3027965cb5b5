import { useMemo, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconDeviceFloppy, IconPlayerPlay } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getImportFields, listImportPresets, saveImportPreset, setImportMapping } from '../../api/client.ts';
import type { ImportBatchDetail, ImportCell, ImportLayout, ImportMapping } from '../../api/types.ts';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { formatNumber } from '../../lib/format.ts';
import { useLang } from '../../lib/hooks.ts';
import { pick } from './labels.ts';
import { assignField, mappingRows, missingRequiredGroups, type MappingRow } from './importsUi.ts';

const PREVIEW_SHOWN = 8;
// Select option for a column that feeds no field (the clear button of a Select is not keyboard-reachable).
const NONE = '__none__';
const LAYOUTS: readonly ImportLayout[] = ['person', 'family'];

function cellText(cell: ImportCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  return String(cell);
}

function MatchBadge({ row }: { row: MappingRow }) {
  const { t } = useTranslation();
  if (row.origin === 'none') {
    return (
      <Text size="xs" c="dimmed">
        {t('imports.mapping.origin.none')}
      </Text>
    );
  }
  const color = row.origin === 'synonym' ? 'teal' : row.origin === 'fuzzy' ? 'yellow' : 'blue';
  const percent = row.confidence === null ? null : Math.round(row.confidence * 100);
  return (
    <Badge color={color} variant="light" size="sm" data-testid="mapping-confidence" data-origin={row.origin}>
      {t(`imports.mapping.origin.${row.origin}`)}
      {percent !== null && ` ${percent}%`}
    </Badge>
  );
}

/**
 * The column mapping of a batch: header row, sheet, layout, each file column with the field it
 * feeds (editable, with the automatic match's confidence), missing required fields, the first rows,
 * presets, and "Apply" to validate the whole file again.
 */
export function MappingPanel({ batch, editable }: { batch: ImportBatchDetail; editable: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const initial: ImportMapping = batch.mapping ?? { source: batch.source, layout: batch.layout, columns: {} };
  const [draft, setDraft] = useState<ImportMapping>(initial);
  const [sheet, setSheet] = useState<string | null>(batch.sheet);
  const [presetName, setPresetName] = useState(batch.mapping?.name ?? '');
  const [savedName, setSavedName] = useState<string | null>(null);
  const changed = JSON.stringify(draft) !== JSON.stringify(initial) || sheet !== batch.sheet;

  const otherLayout = draft.layout !== batch.layout;
  const fieldsQuery = useQuery({
    queryKey: ['import-fields', batch.source, draft.layout],
    queryFn: () => getImportFields(batch.source, draft.layout),
    enabled: otherLayout,
    staleTime: Infinity,
  });
  const fields = otherLayout ? (fieldsQuery.data ?? []) : batch.fields;
  const presets = useQuery({
    queryKey: ['import-presets', batch.source],
    queryFn: () => listImportPresets(batch.source),
    enabled: editable,
  });

  const rows = useMemo(
    () => mappingRows(batch.headers, draft, batch.autoMap),
    [batch.headers, draft, batch.autoMap],
  );
  const missing = missingRequiredGroups(fields, draft);
  const labelOf = (key: string) => {
    const f = fields.find((x) => x.key === key);
    return f ? pick(f.label, lang) : key;
  };
  const fieldOptions = [{ value: NONE, label: t('imports.mapping.notUsed') }].concat(
    fields.map((f) => ({
      value: f.key,
      label: f.required ? `${pick(f.label, lang)} (${t('imports.mapping.required')})` : pick(f.label, lang),
    })),
  );

  const apply = useMutation({
    mutationFn: () => setImportMapping(batch.id, draft, sheet !== batch.sheet ? sheet : undefined),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['import', batch.id] });
      void queryClient.invalidateQueries({ queryKey: ['imports'] });
    },
  });
  const savePreset = useMutation({
    mutationFn: () => saveImportPreset(presetName.trim(), { ...draft, name: presetName.trim() }),
    onSuccess: (preset) => {
      setSavedName(preset.name);
      void queryClient.invalidateQueries({ queryKey: ['import-presets'] });
    },
  });

  const setField = (key: string, field: string | null) => {
    setDraft((d) => ({ ...d, columns: assignField(d.columns, key, field) }));
  };
  const preview = batch.preview.slice(0, PREVIEW_SHOWN);

  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} data-testid="mapping-panel">
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={2} size="h4">
            {t('imports.mapping.title')}
          </Title>
          {editable && (
            <Text size="sm" c="dimmed">
              {t('imports.mapping.intro')}
            </Text>
          )}
        </Stack>

        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          {batch.sheets.length > 1 ? (
            <Select
              label={t('imports.mapping.sheet')}
              data={batch.sheets}
              value={sheet}
              onChange={setSheet}
              allowDeselect={false}
              disabled={!editable}
              data-testid="mapping-sheet"
            />
          ) : (
            <TextInput label={t('imports.mapping.sheet')} value={batch.sheet ?? '—'} readOnly />
          )}
          <TextInput
            label={t('imports.mapping.headerRow')}
            value={batch.headerRow === null ? '—' : String(batch.headerRow)}
            readOnly
            data-testid="mapping-header-row"
          />
          <Select
            label={t('imports.mapping.layout')}
            description={batch.autoMap ? pick(batch.autoMap.layout.reason, lang) : undefined}
            data={LAYOUTS.map((l) => ({ value: l, label: t(`imports.layouts.${l}`) }))}
            value={draft.layout}
            onChange={(v) => {
              const layout = LAYOUTS.find((l) => l === v);
              if (layout) setDraft((d) => ({ ...d, layout }));
            }}
            allowDeselect={false}
            disabled={!editable || batch.source === 'beneficiaries'}
            data-testid="mapping-layout"
          />
        </SimpleGrid>

        {missing.length > 0 ? (
          <Alert
            color="orange"
            icon={<IconAlertTriangle />}
            title={t('imports.mapping.missing')}
            data-testid="mapping-missing"
          >
            <Group gap={6} wrap="wrap">
              {missing.map((group) => (
                <Badge
                  key={group.join('|')}
                  color="orange"
                  variant="filled"
                  data-testid="mapping-missing-field"
                >
                  {group.map(labelOf).join(` ${t('imports.mapping.or')} `)}
                </Badge>
              ))}
            </Group>
          </Alert>
        ) : (
          <Group gap={6} c="teal.8">
            <IconCheck size={16} aria-hidden />
            <Text size="sm" data-testid="mapping-complete">
              {t('imports.mapping.allMapped')}
            </Text>
          </Group>
        )}

        <Table.ScrollContainer minWidth={640} type="native">
          <Table fz="sm" verticalSpacing={4} data-testid="mapping-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('imports.mapping.column')}</Table.Th>
                <Table.Th w={300}>{t('imports.mapping.field')}</Table.Th>
                <Table.Th>{t('imports.mapping.match')}</Table.Th>
                <Table.Th>{t('imports.mapping.sample')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr
                  key={row.key}
                  data-testid="mapping-row"
                  data-header={row.key}
                  data-field={row.field ?? ''}
                  bg={row.field === null ? 'gray.0' : undefined}
                >
                  <Table.Td fw={600} style={{ wordBreak: 'break-word' }}>
                    {row.header}
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`${t('imports.mapping.field')}: ${row.header}`}
                      size="xs"
                      data={fieldOptions}
                      value={row.field ?? NONE}
                      onChange={(v) => setField(row.key, v === NONE ? null : v)}
                      allowDeselect={false}
                      searchable
                      disabled={!editable}
                      data-testid="mapping-field-select"
                    />
                  </Table.Td>
                  <Table.Td>
                    <MatchBadge row={row} />
                  </Table.Td>
                  <Table.Td c="dimmed" style={{ wordBreak: 'break-word' }}>
                    {preview
                      .slice(0, 2)
                      .map((p) => cellText(p.cells[row.column]))
                      .filter((v) => v !== '')
                      .join(' · ')}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>

        {preview.length > 0 && (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {t('imports.mapping.preview')}
            </Text>
            <Table.ScrollContainer minWidth={Math.max(640, batch.headers.length * 110)} type="native">
              <Table
                fz="xs"
                verticalSpacing={2}
                withTableBorder
                withColumnBorders
                data-testid="preview-table"
              >
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('imports.mapping.row')}</Table.Th>
                    {batch.headers.map((h, i) => (
                      <Table.Th key={i} c={rows.find((r) => r.column === i)?.field ? undefined : 'dimmed'}>
                        {h}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.map((p) => {
                    const errors = p.findings.filter((f) => f.severity === 'error');
                    const warnings = p.findings.filter((f) => f.severity === 'warning');
                    return (
                      <Table.Tr
                        key={p.rowNumber}
                        bg={p.rejected ? 'red.0' : undefined}
                        data-testid="preview-row"
                        data-rejected={p.rejected}
                      >
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            {formatNumber(p.rowNumber, lang)}
                            {(errors.length > 0 || warnings.length > 0) && (
                              <Tooltip
                                multiline
                                w={320}
                                label={[...errors, ...warnings].map((f) => pick(f.message, lang)).join('\n')}
                                style={{ whiteSpace: 'pre-line' }}
                              >
                                <Badge size="xs" color={p.rejected ? 'red' : 'yellow'} variant="light">
                                  {p.rejected
                                    ? t('imports.mapping.rowRejected')
                                    : t('imports.mapping.rowWarning')}
                                </Badge>
                              </Tooltip>
                            )}
                          </Group>
                        </Table.Td>
                        {batch.headers.map((_, i) => (
                          <Table.Td key={i} style={{ whiteSpace: 'nowrap' }}>
                            {cellText(p.cells[i])}
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        )}

        {editable && (
          <Stack gap="sm">
            {changed && (
              <Text size="sm" c="blue.8" data-testid="mapping-changed">
                {t('imports.mapping.changed')}
              </Text>
            )}
            {apply.isError && (
              <Alert color="red" role="alert">
                {errorMessage(apply.error, t)}
              </Alert>
            )}
            {savePreset.isError && (
              <Alert color="red" role="alert">
                {errorMessage(savePreset.error, t)}
              </Alert>
            )}
            {savedName && !savePreset.isError && (
              <Text size="sm" c="teal.8" data-testid="preset-saved">
                {t('imports.mapping.presetSaved', { name: savedName })}
              </Text>
            )}
            <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
              <Group align="flex-end" wrap="wrap" gap="xs">
                <Select
                  label={t('imports.mapping.usePreset')}
                  data={(presets.data ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
                  value={null}
                  onChange={(v) => {
                    const preset = presets.data?.find((p) => String(p.id) === v);
                    if (!preset) return;
                    setDraft({ ...preset.mapping, source: batch.source });
                    setPresetName(preset.name);
                  }}
                  disabled={(presets.data ?? []).length === 0}
                  w={200}
                  data-testid="mapping-use-preset"
                />
                <TextInput
                  label={t('imports.mapping.presetName')}
                  value={presetName}
                  onChange={(e) => setPresetName(e.currentTarget.value)}
                  maxLength={100}
                  w={220}
                  data-testid="preset-name"
                />
                <Button
                  variant="default"
                  leftSection={<IconDeviceFloppy size={16} />}
                  onClick={() => savePreset.mutate()}
                  loading={savePreset.isPending}
                  disabled={presetName.trim() === ''}
                  data-testid="preset-save"
                >
                  {t('imports.mapping.savePreset')}
                </Button>
              </Group>
              <Group gap="xs">
                {changed && (
                  <Button
                    variant="subtle"
                    onClick={() => {
                      setDraft(initial);
                      setSheet(batch.sheet);
                    }}
                  >
                    {t('imports.mapping.reset')}
                  </Button>
                )}
                <Button
                  leftSection={<IconPlayerPlay size={16} />}
                  onClick={() => apply.mutate()}
                  loading={apply.isPending}
                  disabled={missing.length > 0}
                  data-testid="mapping-apply"
                >
                  {t('imports.mapping.apply')}
                </Button>
              </Group>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
