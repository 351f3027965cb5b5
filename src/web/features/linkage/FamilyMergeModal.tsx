import { useState, type FormEvent } from 'react';
import {
  Alert,
  Button,
  Checkbox,
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
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { mergeHouseholds, type HouseholdMerge, type HouseholdPair } from './familyApi.ts';
import {
  FAMILY_MERGE_FIELDS,
  defaultFamilyChoices,
  defaultMemberMerges,
  familyFieldValue,
} from './familyUi.ts';

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
  const [reason, setReason] = useState<string>(() => t('linkage.family.merge.defaultReason'));
  const [reasonError, setReasonError] = useState<string | null>(null);
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
    setChoices(defaultFamilyChoices(pair.left, pair.right, next));
  };

  return (
    <form onSubmit={onSubmit} noValidate data-testid="family-merge-form">
      <Stack gap="sm">
        <Text size="sm">{t('linkage.family.merge.intro')}</Text>
        <Stack gap={4}>
          <Text size="sm" fw={600} id="family-merge-survivor-label">
            {t('linkage.family.merge.survivor')}
          </Text>
          <SegmentedControl
            aria-labelledby="family-merge-survivor-label"
            data-testid="family-merge-survivor"
            fullWidth
            value={survivor}
            onChange={onSurvivor}
            data={[
              {
                value: 'left',
                label: t('linkage.family.merge.keepSide', { side: t('linkage.left'), id: pair.left.id }),
              },
              {
                value: 'right',
                label: t('linkage.family.merge.keepSide', { side: t('linkage.right'), id: pair.right.id }),
              },
            ]}
          />
          <Text size="xs" c="dimmed">
            {t('linkage.family.merge.survivorHint')}
          </Text>
        </Stack>
        <Table.ScrollContainer minWidth={300} type="native">
          <Table
            verticalSpacing={4}
            horizontalSpacing="xs"
            fz="sm"
            layout="fixed"
            data-testid="family-merge-fields"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="30%">{t('linkage.field')}</Table.Th>
                <Table.Th>{t('linkage.left')}</Table.Th>
                <Table.Th>{t('linkage.right')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {FAMILY_MERGE_FIELDS.map((field) => {
                const a = familyFieldValue(pair.left, field);
                const b = familyFieldValue(pair.right, field);
                const label = t(`linkage.family.fields.${field}`);
                const same = field !== 'variables' && a === b;
                return (
                  <Table.Tr key={field} data-testid={`family-merge-field-${field}`}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {label}
                      </Text>
                    </Table.Td>
                    {same ? (
                      <Table.Td colSpan={2}>
                        <Text size="sm" c="dimmed">
                          {a ?? '—'} · {t('linkage.merge.same')}
                        </Text>
                      </Table.Td>
                    ) : (
                      (['left', 'right'] as const).map((sideName) => {
                        const value = (sideName === 'left' ? a : b) ?? '—';
                        return (
                          <Table.Td key={sideName} style={{ wordBreak: 'break-word' }}>
                            <Radio
                              name={`family-merge-${field}`}
                              value={sideName}
                              checked={choices[field] === sideName}
                              onChange={() => setChoices((c) => ({ ...c, [field]: sideName }))}
                              label={value}
                              aria-label={`${label}: ${value}`}
                              data-testid={`family-merge-choice-${field}-${sideName}`}
                            />
                          </Table.Td>
                        );
                      })
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
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
        <TextInput
          label={t('linkage.merge.reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={reasonError}
          required
          maxLength={1000}
          data-autofocus
          data-testid="family-merge-reason"
        />
        {mutation.isError && (
          <Alert color="red" role="alert">
            {errorMessage(mutation.error, t)}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} data-testid="family-merge-later">
            {t('linkage.merge.later')}
          </Button>
          <Button type="submit" loading={mutation.isPending} data-testid="family-merge-submit">
            {t('linkage.merge.submit')}
          </Button>
        </Group>
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
  const isPhone = useMediaQuery('(max-width: 47.99em)');
  return (
    <Modal
      opened={pair !== null}
      onClose={onClose}
      title={t('linkage.family.merge.title')}
      size="xl"
      fullScreen={isPhone}
      data-testid="family-merge-modal"
    >
      {pair && <FamilyMergeForm key={pair.id} pair={pair} onMerged={onMerged} onCancel={onClose} />}
    </Modal>
  );
}
