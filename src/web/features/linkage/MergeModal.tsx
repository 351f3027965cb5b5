import { useState, type FormEvent } from 'react';
import { Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../components/FormDialog.tsx';
import { mergePersons } from '../../api/client.ts';
import type { LinkagePair, MergeFieldName, PersonMerge } from '../../api/types.ts';
import { formatDate } from '../../lib/format.ts';
import { useDictionary, useLang } from '../../lib/hooks.ts';
import { personCodeLabel } from '../../lib/labels.ts';
import { MERGE_FIELDS, defaultFieldChoices, mergeValue } from './linkageUi.ts';
import { FieldChoiceTable, MergeFormEnd, SurvivorPicker, useMergeReason } from './MergeParts.tsx';

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
  const { reason, setReason, reasonError, check } = useMergeReason(() => t('linkage.merge.defaultReason'));
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
    if (check()) mutation.mutate();
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
        <SurvivorPicker
          idPrefix="merge"
          label={t('linkage.merge.survivor')}
          hint={t('linkage.merge.survivorHint')}
          leftLabel={t('linkage.merge.keepSide', { side: t('linkage.left'), id: pair.left.id })}
          rightLabel={t('linkage.merge.keepSide', { side: t('linkage.right'), id: pair.right.id })}
          value={survivor}
          onChange={onSurvivor}
        />
        <FieldChoiceTable
          idPrefix="merge"
          rows={MERGE_FIELDS.map((field) => {
            const a = mergeValue(pair.left, field);
            const b = mergeValue(pair.right, field);
            return {
              field,
              label: t(labelKey(field)),
              left: show(field, a),
              right: show(field, b),
              same: a === b,
            };
          })}
          choices={choices}
          onChoose={(field, side) => setChoices((c) => ({ ...c, [field]: side }))}
        />
        <MergeFormEnd
          idPrefix="merge"
          reason={reason}
          onReason={setReason}
          reasonError={reasonError}
          error={mutation.isError ? mutation.error : null}
          pending={mutation.isPending}
          onCancel={onCancel}
        />
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
  return (
    <FormDialog
      opened={pair !== null}
      onClose={onClose}
      title={t('linkage.merge.title')}
      testId="merge-modal"
    >
      {pair && <MergeForm key={pair.id} pair={pair} onMerged={onMerged} onCancel={onClose} />}
    </FormDialog>
  );
}
