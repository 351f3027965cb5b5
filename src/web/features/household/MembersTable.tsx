import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PersonDetail } from '../../api/types.ts';
import { formatDate } from '../../lib/format.ts';
import { useDictionary, useLang } from '../../lib/hooks.ts';
import { personCodeLabel } from '../../lib/labels.ts';

const CODED_COLUMNS = [
  'relationship',
  'marital',
  'schooling',
  'education',
  'work',
  'disability',
  'chronicIllness',
  'healthInsurance',
  'status',
] as const;

/** The members of a household with every coded field labelled in the current language; NIK shown in full (the server audits the view). */
export function MembersTable({ members }: { members: PersonDetail[] }) {
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
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
