/** The pieces the person and the family merge dialogs share. */
import { useState } from 'react';
import { Alert, Button, Group, Radio, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../components/ErrorAlert.tsx';

/** Test and element ids of a merge dialog start with this: 'merge' for persons, 'family-merge' for cards. */
export type MergeIdPrefix = 'merge' | 'family-merge';

/** The reason of a merge with its check (at least 5 characters), starting from a default text. */
export function useMergeReason(initial: () => string) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<string>(initial);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const check = (): boolean => {
    if (reason.trim().length < 5) {
      setReasonError(t('linkage.reasonTooShort'));
      return false;
    }
    setReasonError(null);
    return true;
  };
  return { reason, setReason, reasonError, check };
}

/** Which record survives a merge: a two-way switch with its label and hint. */
export function SurvivorPicker({
  idPrefix,
  label,
  hint,
  leftLabel,
  rightLabel,
  value,
  onChange,
}: {
  idPrefix: MergeIdPrefix;
  label: string;
  hint: string;
  leftLabel: string;
  rightLabel: string;
  value: 'left' | 'right';
  onChange: (value: string) => void;
}) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600} id={`${idPrefix}-survivor-label`}>
        {label}
      </Text>
      <SegmentedControl
        aria-labelledby={`${idPrefix}-survivor-label`}
        data-testid={`${idPrefix}-survivor`}
        fullWidth
        value={value}
        onChange={onChange}
        data={[
          { value: 'left', label: leftLabel },
          { value: 'right', label: rightLabel },
        ]}
      />
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Stack>
  );
}

/** One field of a merge as shown: its label, both values as text, and whether they are the same. */
export interface FieldChoiceRow<F extends string> {
  field: F;
  label: string;
  left: string;
  right: string;
  same: boolean;
}

/** Field by field, which record's value the survivor keeps; a field both records share needs no choice. */
export function FieldChoiceTable<F extends string>({
  idPrefix,
  rows,
  choices,
  onChoose,
}: {
  idPrefix: MergeIdPrefix;
  rows: readonly FieldChoiceRow<F>[];
  choices: Partial<Record<F, 'left' | 'right'>>;
  onChoose: (field: F, side: 'left' | 'right') => void;
}) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={300} type="native">
      <Table
        verticalSpacing={4}
        horizontalSpacing="xs"
        fz="sm"
        layout="fixed"
        data-testid={`${idPrefix}-fields`}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="30%">{t('linkage.field')}</Table.Th>
            <Table.Th>{t('linkage.left')}</Table.Th>
            <Table.Th>{t('linkage.right')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.field} data-testid={`${idPrefix}-field-${row.field}`}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {row.label}
                </Text>
              </Table.Td>
              {row.same ? (
                <Table.Td colSpan={2}>
                  <Text size="sm" c="dimmed">
                    {row.left} · {t('linkage.merge.same')}
                  </Text>
                </Table.Td>
              ) : (
                (['left', 'right'] as const).map((sideName) => {
                  const value = sideName === 'left' ? row.left : row.right;
                  return (
                    <Table.Td key={sideName} style={{ wordBreak: 'break-word' }}>
                      <Radio
                        name={`${idPrefix}-${row.field}`}
                        value={sideName}
                        checked={choices[row.field] === sideName}
                        onChange={() => onChoose(row.field, sideName)}
                        label={value}
                        aria-label={`${row.label}: ${value}`}
                        data-testid={`${idPrefix}-choice-${row.field}-${sideName}`}
                      />
                    </Table.Td>
                  );
                })
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The end of a merge form: the reason, the error of the last try, and the later / merge buttons. */
export function MergeFormEnd({
  idPrefix,
  reason,
  onReason,
  reasonError,
  error,
  pending,
  onCancel,
}: {
  idPrefix: MergeIdPrefix;
  reason: string;
  onReason: (reason: string) => void;
  reasonError: string | null;
  /** The error of the last merge request, null when none. */
  error: unknown;
  pending: boolean;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput
        label={t('linkage.merge.reason')}
        value={reason}
        onChange={(e) => onReason(e.currentTarget.value)}
        error={reasonError}
        required
        maxLength={1000}
        data-autofocus
        data-testid={`${idPrefix}-reason`}
      />
      {error !== null && (
        <Alert color="red" role="alert">
          {errorMessage(error, t)}
        </Alert>
      )}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onCancel} data-testid={`${idPrefix}-later`}>
          {t('linkage.merge.later')}
        </Button>
        <Button type="submit" loading={pending} data-testid={`${idPrefix}-submit`}>
          {t('linkage.merge.submit')}
        </Button>
      </Group>
    </>
  );
}
