import type { FormEvent } from 'react';
import { Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { updatePerson, type PersonChanges } from '../../api/client.ts';
import type { PersonDetail } from '../../api/types.ts';
import { useDictionary, useLang } from '../../lib/hooks.ts';
import { labelOf } from '../../lib/labels.ts';
import { PERSON_CODE_FIELDS } from '../../lib/personFields.ts';
import { EditDialog, EditFormEnd, MIN_REASON, useDraft, type Problems } from './EditParts.tsx';

/** The coded fields of a person, each chosen from its list in the data dictionary. */
const CODED = ['sex', ...PERSON_CODE_FIELDS] as const;
type CodedField = (typeof CODED)[number];

/** Statuses a person can be given by hand: active, deceased, moved away (merged is set by a merge only). */
const SETTABLE_STATUS = new Set([1, 2, 3]);

interface Draft {
  name: string;
  nik: string;
  birthDate: string;
  birthPlace: string;
  codes: Record<CodedField, number | null>;
  status: number;
  reason: string;
}

function draftOf(p: PersonDetail): Draft {
  return {
    name: p.name,
    nik: p.nik ?? '',
    birthDate: p.birthDate ?? '',
    birthPlace: p.birthPlace ?? '',
    codes: Object.fromEntries(CODED.map((f) => [f, p[f]])) as Record<CodedField, number | null>,
    status: p.status,
    reason: '',
  };
}

/** Only what differs from the person as loaded (names compared as the server stores them: upper case). */
function personChangesOf(p: PersonDetail, d: Draft): PersonChanges {
  const changes: PersonChanges = {};
  const name = d.name.trim().toUpperCase();
  if (name !== p.name) changes.name = name;
  const nik = d.nik.trim() === '' ? null : d.nik.trim();
  if (nik !== p.nik) changes.nik = nik;
  const birthDate = d.birthDate === '' ? null : d.birthDate;
  if (birthDate !== p.birthDate) changes.birthDate = birthDate;
  const birthPlace = d.birthPlace.trim() === '' ? null : d.birthPlace.trim();
  if (birthPlace !== p.birthPlace) changes.birthPlace = birthPlace;
  for (const field of CODED) if (d.codes[field] !== p[field]) changes[field] = d.codes[field];
  if (d.status !== p.status) changes.status = d.status;
  return changes;
}

function PersonForm({ person, onDone }: { person: PersonDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const { data: dictionary } = useDictionary();
  const { draft, set, problems, setProblems } = useDraft(() => draftOf(person));
  const mutation = useMutation({
    mutationFn: (changes: PersonChanges) =>
      updatePerson(person.id, { version: person.version, reason: draft.reason.trim(), changes }),
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: t('person.edit.saved', { name: person.name }) });
      // The edit rescored the family: its page, ranking and history all changed.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['household'] }),
        queryClient.invalidateQueries({ queryKey: ['household-ranking'] }),
      ]);
      onDone();
    },
  });

  const codesOf = (field: CodedField | 'status') =>
    (dictionary?.personCodes[field] ?? [])
      .filter((c) => field !== 'status' || SETTABLE_STATUS.has(c.code))
      .map((c) => ({ value: String(c.code), label: labelOf(c.label, lang) }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: Problems = {};
    if (draft.name.trim() === '') found.name = t('person.edit.nameRequired');
    if (draft.nik.trim() !== '' && !/^\d{16}$/.test(draft.nik.trim()))
      found.nik = t('person.edit.nikInvalid');
    if (draft.reason.trim().length < MIN_REASON) found.reason = t('edit.reasonTooShort');
    const changes = personChangesOf(person, draft);
    if (Object.keys(changes).length === 0) found.form = t('edit.nothingChanged');
    setProblems(found);
    if (Object.keys(found).length === 0) mutation.mutate(changes);
  };

  return (
    <form onSubmit={onSubmit} noValidate data-testid="person-edit-form">
      <Stack gap="md">
        <Text size="sm">{t('person.edit.intro')}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('person.name')}
            value={draft.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={problems.name}
            required
            maxLength={200}
            data-testid="person-edit-name"
          />
          <TextInput
            label={t('person.nik')}
            value={draft.nik}
            onChange={(e) => set('nik', e.currentTarget.value)}
            error={problems.nik}
            inputMode="numeric"
            maxLength={16}
            styles={{ input: { fontFamily: 'monospace' } }}
            data-testid="person-edit-nik"
          />
          <TextInput
            label={t('person.birthDate')}
            type="date"
            value={draft.birthDate}
            onChange={(e) => set('birthDate', e.currentTarget.value)}
            data-testid="person-edit-birth-date"
          />
          <TextInput
            label={t('person.birthPlace')}
            value={draft.birthPlace}
            onChange={(e) => set('birthPlace', e.currentTarget.value)}
            maxLength={100}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
          {CODED.map((field) => (
            <Select
              key={field}
              label={t(`person.${field}`)}
              data={codesOf(field)}
              value={draft.codes[field] === null ? null : String(draft.codes[field])}
              onChange={(v) => set('codes', { ...draft.codes, [field]: v === null ? null : Number(v) })}
              placeholder={t('variables.empty')}
              clearable
              comboboxProps={{ withinPortal: true }}
              data-field={field}
            />
          ))}
          <Select
            label={t('person.status')}
            description={t('person.edit.statusHint')}
            data={codesOf('status')}
            value={String(draft.status)}
            onChange={(v) => v !== null && set('status', Number(v))}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            data-testid="person-edit-status"
          />
        </SimpleGrid>
        <EditFormEnd
          testId="person-edit"
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
 * Changes a member's identity, coded fields or status (deceased, moved away) with a reason: the server
 * checks the NIK, keeps the values before and after in the audit log and rescores the family in the
 * same transaction; a change made meanwhile by someone else is refused (version).
 */
export function PersonEditModal({ person, onClose }: { person: PersonDetail | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <EditDialog
      opened={person !== null}
      onClose={onClose}
      title={t('person.edit.title', { name: person?.name ?? '' })}
      testId="person-edit"
    >
      {person && <PersonForm person={person} onDone={onClose} />}
    </EditDialog>
  );
}
