import { useState, type FormEvent } from 'react';
import { Checkbox, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../components/FormDialog.tsx';
import { mergeHouseholds, type HouseholdMerge, type HouseholdPair } from './familyApi.ts';
import {
  FAMILY_MERGE_FIELDS,
  defaultFamilyChoices,
  defaultMemberMerges,
  familyFieldValue,
} from './familyUi.ts';
import { FieldChoiceTable, MergeFormEnd, SurvivorPicker, useMergeReason } from './MergeParts.tsx';

interface FormProps {
  pair: HouseholdPair;
  onMerged: (merge: HouseholdMerge) => void;
  onCancel: () => void;
}

function FamilyMergeForm({ pair, onMerged, onCancel }: FormProps) {
  const { t } = useTranslation();
  const [survivor, setSurvivor] = useState<'left' | 'right'>('left');
  const [choices, setChoices] = useState(() => defaultFamilyChoices(pair.left, pair.right, 'left'));
  const linked = pair.members.filter((m) => m.left && m.right);
  const [unticked, setUnticked] = useState<Set<string>>(() => new Set());
  const { reason, setReason, reasonError, check } = useMergeReason(() =>
    t('linkage.family.merge.defaultReason'),
  );
  const rowKey = (row: (typeof linked)[number]) => `${row.left?.id ?? 0}-${row.right?.id ?? 0}`;

  const mutation = useMutation({
    mutationFn: () => {
      const memberMerges = defaultMemberMerges(pair, survivor).filter((m) => {
        const [l, r] = survivor === 'left' ? [m.keep, m.merge] : [m.merge, m.keep];
        return !unticked.has(`${l}-${r}`);
      });
      return mergeHouseholds({
        survivorId: survivor === 'left' ? pair.left.id : pair.right.id,
        mergedId: survivor === 'left' ? pair.right.id : pair.left.id,
        pairId: pair.id,
        fieldChoices: choices,
        memberMerges,
        reason: reason.trim(),
      });
    },
    onSuccess: (merge) => {
      notifications.show({
        color: 'teal',
        message: t('linkage.family.merge.done', { kept: merge.survivor.id, merged: merge.merged.id }),
      });
      onMerged(merge);
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (check()) mutation.mutate();
  };

  const onSurvivor = (value: string) => {
    const next = value === 'right' ? 'right' : 'left';
    setSurvivor(next);
    setChoices(defaultFamilyChoices(pair.left, pair.right, next));
  };

  return (
    <form onSubmit={onSubmit} noValidate data-testid="family-merge-form">
      <Stack gap="sm">
        <Text size="sm">{t('linkage.family.merge.intro')}</Text>
        <SurvivorPicker
          idPrefix="family-merge"
          label={t('linkage.family.merge.survivor')}
          hint={t('linkage.family.merge.survivorHint')}
          leftLabel={t('linkage.family.merge.keepSide', { side: t('linkage.left'), id: pair.left.id })}
          rightLabel={t('linkage.family.merge.keepSide', { side: t('linkage.right'), id: pair.right.id })}
          value={survivor}
          onChange={onSurvivor}
        />
        <FieldChoiceTable
          idPrefix="family-merge"
          rows={FAMILY_MERGE_FIELDS.map((field) => {
            const a = familyFieldValue(pair.left, field);
            const b = familyFieldValue(pair.right, field);
            return {
              field,
              label: t(`linkage.family.fields.${field}`),
              left: a ?? '—',
              right: b ?? '—',
              same: field !== 'variables' && a === b,
            };
          })}
          choices={choices}
          onChoose={(field, side) => setChoices((c) => ({ ...c, [field]: side }))}
        />
        <Stack gap={4} data-testid="family-merge-members">
          <Text size="sm" fw={600}>
            {t('linkage.family.merge.membersTitle')}
          </Text>
          {linked.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('linkage.family.merge.noLinkedMembers')}
            </Text>
          ) : (
            linked.map((row) => {
              const k = rowKey(row);
              return (
                <Checkbox
                  key={k}
                  checked={!unticked.has(k)}
                  onChange={(e) => {
                    const checked = e.currentTarget.checked;
                    setUnticked((prev) => {
                      const next = new Set(prev);
                      if (checked) next.delete(k);
                      else next.add(k);
                      return next;
                    });
                  }}
                  label={`${row.left?.name ?? ''} ↔ ${row.right?.name ?? ''}`}
                  data-testid="family-merge-member"
                />
              );
            })
          )}
          <Text size="xs" c="dimmed">
            {t('linkage.family.merge.membersHint')}
          </Text>
        </Stack>
        <MergeFormEnd
          idPrefix="family-merge"
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

/** The family merge dialog: which card survives, field by field which value it keeps, which members are the same persons, and why. */
export function FamilyMergeModal({
  pair,
  onClose,
  onMerged,
}: {
  pair: HouseholdPair | null;
  onClose: () => void;
  onMerged: (merge: HouseholdMerge) => void;
}) {
  const { t } = useTranslation();
  return (
    <FormDialog
      opened={pair !== null}
      onClose={onClose}
      title={t('linkage.family.merge.title')}
      testId="family-merge-modal"
    >
      {pair && <FamilyMergeForm key={pair.id} pair={pair} onMerged={onMerged} onCancel={onClose} />}
    </FormDialog>
  );
}
