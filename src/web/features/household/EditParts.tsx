import { useState } from 'react';
import { Button, Group, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormDialog, type FormDialogProps } from '../../components/FormDialog.tsx';

/** The shortest reason a change of the registry is accepted with (the server checks the same). */
export const MIN_REASON = 5;

/** Problems shown on an edit form, by field ('form' for the form as a whole). */
export type Problems = Partial<Record<string, string>>;

/** An edit form's draft and its problems; changing a field clears the problem shown for it. */
export function useDraft<D extends { reason: string }>(initial: () => D) {
  const [draft, setDraft] = useState<D>(initial);
  const [problems, setProblems] = useState<Problems>({});
  const set = <K extends keyof D & string>(key: K, value: D[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setProblems((p) => (p[key] ? { ...p, [key]: undefined } : p));
  };
  return { draft, set, problems, setProblems };
}

/** The dialog of an edit form; the form is mounted only while open, so it starts from the record as it is. */
export function EditDialog({ opened, children, ...dialog }: FormDialogProps) {
  return (
    <FormDialog opened={opened} {...dialog}>
      {opened && children}
    </FormDialog>
  );
}

/**
 * The end of an edit form: the required reason, the form's own problem (nothing changed), the server's
 * error (in the user's language: a stale version, an invalid NIK), and cancel / save.
 */
export function EditFormEnd({
  testId,
  reason,
  onReason,
  problems,
  save,
  onCancel,
}: {
  testId: string;
  reason: string;
  onReason: (reason: string) => void;
  problems: Problems;
  /** The save request: its error (null when none) and whether it is under way. */
  save: { error: unknown; isPending: boolean };
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Textarea
        label={t('edit.reason')}
        description={t('edit.reasonHint')}
        value={reason}
        onChange={(e) => onReason(e.currentTarget.value)}
        error={problems.reason}
        required
        maxLength={1000}
        autosize
        minRows={2}
        data-testid={`${testId}-reason`}
      />
      {problems.form && (
        <Text size="sm" c="red" role="alert">
          {problems.form}
        </Text>
      )}
      {save.error !== null && save.error !== undefined && <ErrorAlert error={save.error} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel} disabled={save.isPending}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" loading={save.isPending} data-testid={`${testId}-save`}>
          {t('common.save')}
        </Button>
      </Group>
    </>
  );
}
