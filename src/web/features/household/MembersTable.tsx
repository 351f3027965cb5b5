import { ActionIcon, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconEdit } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { PersonDetail } from '../../api/types.ts';
import { formatDate } from '../../lib/format.ts';
import { useDictionary, useLang } from '../../lib/hooks.ts';
import { personCodeLabel } from '../../lib/labels.ts';
import { PERSON_CODE_FIELDS } from '../../lib/personFields.ts';

const CODED_COLUMNS = [...PERSON_CODE_FIELDS, 'status'] as const;

/** Merged records are changed through their merge (undo), not by hand. */
const MERGED = 4;

/**
 * The members of a household with every coded field labelled in the current language; NIK shown in full
 * (the server audits the view). With `onEdit`, each member not merged away has an edit button.
 */
export function MembersTable({
  members,
  onEdit,
}: {
  members: PersonDetail[];
  onEdit?: (member: PersonDetail) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data: dictionary } = useDictionary();
  const sorted = [...members].sort((a, b) => (a.relationship ?? 99) - (b.relationship ?? 99));
  if (sorted.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="members-table">
        {t('household.noMembers')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={900} type="native">
      <Table
        data-testid="members-table"
        striped
        verticalSpacing="xs"
        fz="sm"
        style={{ whiteSpace: 'nowrap' }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('person.nik')}</Table.Th>
            <Table.Th>{t('person.name')}</Table.Th>
            <Table.Th>{t('person.sex')}</Table.Th>
            <Table.Th>{t('person.birth')}</Table.Th>
            {CODED_COLUMNS.map((column) => (
              <Table.Th key={column} title={t(`person.${column}`)}>
                {t(`person.short.${column}`)}
              </Table.Th>
            ))}
            {onEdit && (
              <Table.Th>
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((m) => (
            <Table.Tr key={m.id} data-person-id={m.id} c={m.status !== 1 ? 'dimmed' : undefined}>
              <Table.Td ff="monospace">{m.nik ?? '—'}</Table.Td>
              <Table.Td fw={500}>{m.name}</Table.Td>
              <Table.Td>{personCodeLabel(dictionary, 'sex', m.sex, lang)}</Table.Td>
              <Table.Td>
                {[m.birthPlace, formatDate(m.birthDate, lang)].filter(Boolean).join(', ') || '—'}
                {m.age !== null && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    {t('person.ageShort', { age: m.age })}
                  </Text>
                )}
              </Table.Td>
              {CODED_COLUMNS.map((column) => (
                <Table.Td key={column}>
                  {personCodeLabel(dictionary, column, m[column], lang) || '—'}
                </Table.Td>
              ))}
              {onEdit && (
                <Table.Td>
                  {m.status !== MERGED && (
                    <ActionIcon
                      variant="subtle"
                      aria-label={t('person.edit.action', { name: m.name })}
                      title={t('person.edit.action', { name: m.name })}
                      onClick={() => onEdit(m)}
                      data-testid="person-edit-open"
                    >
                      <IconEdit size={18} aria-hidden />
                    </ActionIcon>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
