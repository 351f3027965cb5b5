import { useState, type FormEvent } from 'react';
import {
  Alert,
  Anchor,
  Button,
  FileInput,
  Group,
  Paper,
  Progress,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconArrowLeft, IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { listImportPresets, uploadImport } from '../../api/client.ts';
import type { ImportSource } from '../../api/types.ts';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { importPath } from './paths.ts';

const SOURCES: readonly ImportSource[] = ['kemensos', 'beneficiaries'];

/** Step 1 of an import: source, release date, optional sheet and preset, and the file, uploaded with progress. */
export function NewImportPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [source, setSource] = useState<ImportSource>('kemensos');
  const [releaseDate, setReleaseDate] = useState('');
  const [releaseLabel, setReleaseLabel] = useState('');
  const [sheet, setSheet] = useState('');
  const [preset, setPreset] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const presets = useQuery({
    queryKey: ['import-presets', source],
    queryFn: () => listImportPresets(source),
  });

  const upload = useMutation({
    mutationFn: (chosen: File) =>
      uploadImport(
        {
          file: chosen,
          source,
          releaseDate: releaseDate || undefined,
          releaseLabel: releaseLabel.trim() || undefined,
          sheet: sheet.trim() || undefined,
          mapping: preset ?? undefined,
        },
        setProgress,
      ),
    onSuccess: (started) => {
      void queryClient.invalidateQueries({ queryKey: ['imports'] });
      navigate(importPath(started.batchId));
    },
    onSettled: () => setProgress(null),
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setFileError(t('imports.upload.fileRequired'));
      return;
    }
    upload.mutate(file);
  };

  return (
    <Stack gap="md" maw={760} data-testid="import-new-page">
      <Anchor component={Link} to="/impor" size="sm">
        <Group gap={4} wrap="nowrap">
          <IconArrowLeft size={14} aria-hidden />
          {t('imports.upload.back')}
        </Group>
      </Anchor>
      <Stack gap={4}>
        <Title order={1} size="h2">
          {t('imports.upload.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('imports.upload.intro')}
        </Text>
      </Stack>
      <Paper withBorder radius="md" p={{ base: 'sm', sm: 'lg' }}>
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="md">
            <Radio.Group
              label={t('imports.upload.source')}
              value={source}
              onChange={(v) => {
                setSource(SOURCES.find((s) => s === v) ?? 'kemensos');
                setPreset(null);
              }}
              data-testid="import-source"
            >
              <Group gap="lg" mt={6} wrap="wrap">
                {SOURCES.map((s) => (
                  <Radio
                    key={s}
                    value={s}
                    label={t(`imports.sources.${s}`)}
                    data-testid={`import-source-${s}`}
                  />
                ))}
              </Group>
            </Radio.Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput
                type="date"
                label={t('imports.upload.releaseDate')}
                description={t('imports.upload.releaseDateHint')}
                value={releaseDate}
                onChange={(e) => setReleaseDate(e.currentTarget.value)}
                data-testid="import-release-date"
              />
              <TextInput
                label={t('imports.upload.releaseLabel')}
                value={releaseLabel}
                maxLength={200}
                onChange={(e) => setReleaseLabel(e.currentTarget.value)}
                data-testid="import-release-label"
              />
              <TextInput
                label={t('imports.upload.sheet')}
                description={t('imports.upload.sheetHint')}
                value={sheet}
                maxLength={100}
                onChange={(e) => setSheet(e.currentTarget.value)}
                data-testid="import-sheet"
              />
              <Select
                label={t('imports.upload.preset')}
                description={t('imports.upload.presetHint')}
                data={(presets.data ?? []).map((p) => ({ value: p.name, label: p.name }))}
                value={preset}
                onChange={setPreset}
                clearable
                disabled={(presets.data ?? []).length === 0}
                data-testid="import-preset"
              />
            </SimpleGrid>
            <FileInput
              label={t('imports.upload.file')}
              description={t('imports.upload.fileHint')}
              placeholder={t('imports.upload.filePlaceholder')}
              accept=".xlsx,.csv,.txt,.tsv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
              leftSection={<IconFileSpreadsheet size={16} aria-hidden />}
              value={file}
              onChange={(f) => {
                setFile(f);
                setFileError(null);
              }}
              error={fileError}
              clearable
              withAsterisk
              data-testid="import-file"
            />
            {progress !== null && (
              <Stack gap={4}>
                <Progress value={Math.round(progress * 100)} animated data-testid="upload-progress" />
                <Text size="xs" c="dimmed">
                  {t('imports.upload.uploading', { percent: Math.round(progress * 100) })}
                </Text>
              </Stack>
            )}
            {upload.isError && (
              <Alert color="red" role="alert" data-testid="upload-error">
                {errorMessage(upload.error, t)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button
                type="submit"
                leftSection={<IconUpload size={16} />}
                loading={upload.isPending}
                data-testid="import-submit"
              >
                {t('imports.upload.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
