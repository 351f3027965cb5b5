import type { FormEvent } from 'react';
import { NumberInput, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { updateHousehold, type HouseholdChanges } from '../../api/client.ts';
import type { HouseholdDetail, Language } from '../../api/types.ts';
import type { VariableDef } from '../../../shared/dictionary/dictionary.ts';
import { useDictionary, useLang } from '../../lib/hooks.ts';
import { labelOf } from '../../lib/labels.ts';
import { translateCode } from '../../lib/translate.ts';
import { EditDialog, EditFormEnd, MIN_REASON, useDraft, type Problems } from './EditParts.tsx';

type VariableValue = number | boolean | null;

/** The form's state: texts as typed, variables as the values they would be stored as. */
interface Draft {
  address: string;
  rt: string;
  rw: string;
  variables: Record<string, VariableValue>;
  reason: string;
}

const RT_RW = /^\d{1,3}$/;
const GROUPS = ['dwelling', 'assets', 'livestock'] as const;

function draftOf(household: HouseholdDetail): Draft {
  return {
    address: household.address,
    rt: household.rt ?? '',
    rw: household.rw ?? '',
    variables: Object.fromEntries(household.variables.map((v) => [v.key, v.value])),
    reason: '',
  };
}

/** Only what differs from the household as loaded; RT/RW compared as numbers ("3" is "003"). */
function changesOf(household: HouseholdDetail, draft: Draft): HouseholdChanges {
  const changes: HouseholdChanges = {};
  if (draft.address.trim() !== household.address) changes.address = draft.address.trim();
  const sameCode = (typed: string, stored: string | null) =>
    stored !== null && typed !== '' && Number(typed) === Number(stored);
  if (!sameCode(draft.rt, household.rt) && draft.rt !== '') changes.rt = draft.rt;
  if (!sameCode(draft.rw, household.rw) && draft.rw !== '') changes.rw = draft.rw;
  const variables: Record<string, VariableValue> = {};
  for (const v of household.variables) {
    const next = draft.variables[v.key] ?? null;
    if (next !== v.value) variables[v.key] = next;
  }
  if (Object.keys(variables).length > 0) changes.variables = variables;
  return changes;
}

/** The input of one dictionary variable: a list of its codes, yes/no, or a number within its bounds. */
function VariableInput({
  def,
  value,
  onChange,
  lang,
  t,
}: {
  def: VariableDef;
  value: VariableValue;
  onChange: (value: VariableValue) => void;
  lang: Language;
  t: TFunction;
}) {
  const label = labelOf(def.label, lang);
  const common = { label, size: 'sm' as const, 'data-variable': def.key };
  if (def.kind === 'code')
    return (
      <Select
        {...common}
        data={(def.codes ?? []).map((c) => ({ value: String(c.code), label: labelOf(c.label, lang) }))}
        value={typeof value === 'number' ? String(value) : null}
        onChange={(v) => onChange(v === null ? null : Number(v))}
        placeholder={t('variables.empty')}
        clearable
        comboboxProps={{ withinPortal: true }}
      />
    );
  if (def.kind === 'boolean')
    return (
      <Select
        {...common}
        data={[
          { value: 'true', label: t('common.yes') },
          { value: 'false', label: t('common.no') },
        ]}
        value={value === null ? null : String(value === true || value === 1)}
        onChange={(v) => onChange(v === null ? null : v === 'true')}
        placeholder={t('variables.empty')}
        clearable
        comboboxProps={{ withinPortal: true }}
      />
    );
  return (
    <NumberInput
      {...common}
      value={typeof value === 'number' ? value : ''}
      onChange={(v) => onChange(typeof v === 'number' ? v : v === '' ? null : Number(v))}
      min={def.min}
      max={def.max}
      allowNegative={false}
      placeholder={t('variables.empty')}
      suffix={def.unit ? ` ${translateCode(t, 'units', def.unit)}` : undefined}
    />
  );
}

function EditForm({ household, onDone }: { household: HouseholdDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const { data: dictionary } = useDictionary();
  const { draft, set, problems, setProblems } = useDraft(() => draftOf(household));
  const mutation = useMutation({
    mutationFn: (changes: HouseholdChanges) =>
      updateHousehold(household.id, { version: household.version, reason: draft.reason.trim(), changes }),
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: t('household.edit.saved') });
      // The edit rescored the household: its page, ranking and history all changed.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['household', String(household.id)] }),
        queryClient.invalidateQueries({ queryKey: ['household-ranking', String(household.id)] }),
      ]);
      onDone();
    },
  });

  const setVariable = (key: string, value: VariableValue) =>
    set('variables', { ...draft.variables, [key]: value });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: Problems = {};
    if (draft.rt !== '' && !RT_RW.test(draft.rt)) found.rt = t('household.edit.rtRwInvalid');
    if (draft.rw !== '' && !RT_RW.test(draft.rw)) found.rw = t('household.edit.rtRwInvalid');
    if (draft.reason.trim().length < MIN_REASON) found.reason = t('edit.reasonTooShort');
    const changes = changesOf(household, draft);
    if (Object.keys(changes).length === 0) found.form = t('edit.nothingChanged');
    setProblems(found);
    if (Object.keys(found).length === 0) mutation.mutate(changes);
  };

  const defs = new Map((dictionary?.householdVariables ?? []).map((d) => [d.key, d]));
  const groups = GROUPS.map((group) => ({
    group,
    items: household.variables.filter((v) => v.group === group && defs.has(v.key)),
  })).filter((g) => g.items.length > 0);

  return (
    <form onSubmit={onSubmit} noValidate data-testid="household-edit-form">
      <Stack gap="md">
        <Text size="sm">{t('household.edit.intro')}</Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label={t('household.address')}
            value={draft.address}
            onChange={(e) => set('address', e.currentTarget.value)}
            maxLength={300}
            data-testid="household-edit-address"
          />
          {(['rt', 'rw'] as const).map((field) => (
            <TextInput
              key={field}
              label={field.toUpperCase()}
              value={draft[field]}
              onChange={(e) => set(field, e.currentTarget.value)}
              error={problems[field]}
              inputMode="numeric"
              maxLength={3}
              data-testid={`household-edit-${field}`}
            />
          ))}
        </SimpleGrid>
        {groups.map(({ group, items }) => (
          <section key={group} aria-label={t(`variables.groups.${group}`)}>
            <Title order={4} size="h5" c="teal.8" mb={4}>
              {t(`variables.groups.${group}`)}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
              {items.map((v) => {
                const def = defs.get(v.key);
                return def ? (
                  <VariableInput
                    key={v.key}
                    def={def}
                    value={draft.variables[v.key] ?? null}
                    onChange={(value) => setVariable(v.key, value)}
                    lang={lang}
                    t={t}
                  />
                ) : null;
              })}
            </SimpleGrid>
          </section>
        ))}
        <EditFormEnd
          testId="household-edit"
          reason={draft.reason}
          onReason={(reason) => set('reason', reason)}
          problems={problems}
          save={mutation}
          onCancel={onDone}
        />
      </Stack>
    </form>
  );
}

/**
 * Changes a household's address, RT/RW and socio-economic variables with a reason: the server keeps the
 * before and after values in the audit log and rescores the household in the same transaction. A
 * change made meanwhile by someone else is refused (version), with the server's message.
 */
export function HouseholdEditModal({
  household,
  opened,
  onClose,
}: {
  household: HouseholdDetail;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <EditDialog opened={opened} onClose={onClose} title={t('household.edit.title')} testId="household-edit">
      <EditForm household={household} onDone={onClose} />
    </EditDialog>
  );
}
