import { useState, type FormEvent } from 'react';
import {
  Alert,
  Button,
  Group,
  Modal,
  Radio,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { mergePersons } from '../../api/client.ts';
import type { LinkagePair, MergeFieldName, PersonMerge } from '../../api/types.ts';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { formatDate } from '../../lib/format.ts';
import { useDictionary, useLang } from '../../lib/hooks.ts';
import { personCodeLabel } from '../../lib/labels.ts';
import { MERGE_FIELDS, defaultFieldChoices, mergeValue } from './linkageUi.ts';

const CODED = new Set<MergeFieldName>([
  'sex',
  'marital',
  'schooling',
  'education',
  'work',
  'disability',
  'chronicIllness',
  'healthInsurance',
]);

function labelKey(field: MergeFieldName) {
  switch (field) {
    case 'nik':
      return 'person.nik' as const;
    case 'name':
      return 'person.name' as const;
    case 'sex':
      return 'person.sex' as const;
    case 'birthDate':
      return 'person.birthDate' as const;
    case 'birthPlace':
      return 'linkage.fields.birthPlace' as const;
    default:
      return `person.short.${field}` as const;
  }
}

interface MergeFormProps {
  pair: LinkagePair;
  onMerged: (merge: PersonMerge) => void;
  onCancel: () => void;
}

function MergeForm({ pair, onMerged, onCancel }: MergeFormProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data: dictionary } = useDictionary();
  const [survivor, setSurvivor] = useState<'left' | 'right'>('left');
  const [choices, setChoices] = useState(() => defaultFieldChoices(pair.left, pair.right, 'left'));
  const [reason, setReason] = useState<string>(() => t('linkage.merge.defaultReason'));
  const [reasonError, setReasonError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: () =>
      mergePersons({
        survivorId: survivor === 'left' ? pair.left.id : pair.right.id,
        mergedId: survivor === 'left' ? pair.right.id : pair.left.id,
        pairId: pair.id,
        fieldChoices: choices,
        reason: reason.trim(),
      }),
    onSuccess: (merge) => {
      notifications.show({
        color: 'teal',
        message: t('linkage.merge.done', { kept: merge.survivor.name, merged: merge.merged.name }),
      });
      onMerged(merge);
    },
  });

  const show = (field: MergeFieldName, value: string | number | null): string => {
    if (value === null || value === '') return '—';
    if (field === 'birthDate' && typeof value === 'string') return formatDate(value, lang);
    if (CODED.has(field) && typeof value === 'number')
      return personCodeLabel(dictionary, field, value, lang) || String(value);
    return String(value);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim().length < 5) {
      setReasonError(t('linkage.reasonTooShort'));
      return;
    }
    setReasonError(null);
    mutation.mutate();
  };

  const onSurvivor = (value: string) => {
    const next = value === 'right' ? 'right' : 'left';
    setSurvivor(next);
    setChoices(defaultFieldChoices(pair.left, pair.right, next));
  };

  return (
    <form onSubmit={onSubmit} noValidate data-testid="merge-form">
      <Stack gap="sm">
        <Text size="sm">{t('linkage.merge.intro')}</Text>
        <Stack gap={4}>
          <Text size="sm" fw={600} id="merge-survivor-label">
            {t('linkage.merge.survivor')}
          </Text>
          <SegmentedControl
            aria-labelledby="merge-survivor-label"
            data-testid="merge-survivor"
            fullWidth
            value={survivor}
            onChange={onSurvivor}
            data={[
              {
                value: 'left',
                label: t('linkage.merge.keepSide', { side: t('linkage.left'), id: pair.left.id }),
              },
              {
                value: 'right',
                label: t('linkage.merge.keepSide', { side: t('linkage.right'), id: pair.right.id }),
              },
            ]}
          />
          <Text size="xs" c="dimmed">
            {t('linkage.merge.survivorHint')}
          </Text>
        </Stack>
        <Table.ScrollContainer minWidth={300} type="native">
          <Table verticalSpacing={4} horizontalSpacing="xs" fz="sm" layout="fixed" data-testid="merge-fields">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="30%">{t('linkage.field')}</Table.Th>
                <Table.Th>{t('linkage.left')}</Table.Th>
                <Table.Th>{t('linkage.right')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {MERGE_FIELDS.map((field) => {
                const a = mergeValue(pair.left, field);
                const b = mergeValue(pair.right, field);
                const same = a === b;
                const label = t(labelKey(field));
                return (
                  <Table.Tr key={field} data-testid={`merge-field-${field}`}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {label}
                      </Text>
                    </Table.Td>
                    {same ? (
                      <Table.Td colSpan={2}>
                        <Text size="sm" c="dimmed">
                          {show(field, a)} · {t('linkage.merge.same')}
                        </Text>
                      </Table.Td>
                    ) : (
                      (['left', 'right'] as const).map((sideName) => (
                        <Table.Td key={sideName} style={{ wordBreak: 'break-word' }}>
                          <Radio
                            name={`merge-${field}`}
                            value={sideName}
                            checked={choices[field] === sideName}
                            onChange={() => setChoices((c) => ({ ...c, [field]: sideName }))}
                            label={show(field, sideName === 'left' ? a : b)}
                            aria-label={`${label}: ${show(field, sideName === 'left' ? a : b)}`}
                            data-testid={`merge-choice-${field}-${sideName}`}
                          />
                        </Table.Td>
                      ))
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <TextInput
          label={t('linkage.merge.reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={reasonError}
          required
          maxLength={1000}
          data-autofocus
          data-testid="merge-reason"
        />
        {mutation.isError && (
          <Alert color="red" role="alert">
            {errorMessage(mutation.error, t)}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} data-testid="merge-later">
            {t('linkage.merge.later')}
          </Button>
          <Button type="submit" loading={mutation.isPending} data-testid="merge-submit">
            {t('linkage.merge.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The merge dialog: which record survives, field by field which value it keeps, and why. */
export function MergeModal({
  pair,
  onClose,
  onMerged,
}: {
  pair: LinkagePair | null;
  onClose: () => void;
  onMerged: (merge: PersonMerge) => void;
}) {
  const { t } = useTranslation();
  const isPhone = useMediaQuery('(max-width: 47.99em)');
  return (
    <Modal
      opened={pair !== null}
      onClose={onClose}
      title={t('linkage.merge.title')}
      size="xl"
      fullScreen={isPhone}
      data-testid="merge-modal"
    >
      {pair && <MergeForm key={pair.id} pair={pair} onMerged={onMerged} onCancel={onClose} />}
    </Modal>
  );
}
