import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { PersonSummary } from '../../api/types.ts';
import { formatDate, formatRtRw } from '../../lib/format.ts';
import { useDictionary, useLang } from '../../lib/hooks.ts';
import { personCodeLabel } from '../../lib/labels.ts';
import { householdPath } from './paths.ts';

/** The persons of one result page; a row opens the person's household. */
export function PersonsTable({ items, busy }: { items: PersonSummary[]; busy: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { data: dictionary } = useDictionary();
  return (
    <Table.ScrollContainer minWidth={1100} type="native">
      <Table
        data-testid="persons-table"
        highlightOnHover
        striped
        verticalSpacing="xs"
        aria-busy={busy}
        style={{ opacity: busy ? 0.6 : 1, transition: 'opacity 150ms' }}
      >
        <Table.Thead>
          <Table.Tr style={{ whiteSpace: 'nowrap' }}>
            <Table.Th>{t('person.nik')}</Table.Th>
            <Table.Th>{t('person.name')}</Table.Th>
            <Table.Th>{t('person.sex')}</Table.Th>
            <Table.Th>{t('person.birthDate')}</Table.Th>
            <Table.Th>{t('person.short.relationship')}</Table.Th>
            <Table.Th>{t('household.kkNumber')}</Table.Th>
            <Table.Th>{t('household.address')}</Table.Th>
            <Table.Th>{t('household.village')}</Table.Th>
            <Table.Th>{t('person.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((p) => (
            <Table.Tr
              key={p.id}
              data-person-id={p.id}
              style={{ cursor: 'pointer' }}
              onClick={() => navigate(householdPath(p.householdId))}
            >
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {p.nik ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Anchor
                  component={Link}
                  to={householdPath(p.householdId)}
                  size="sm"
                  fw={500}
                  style={{ whiteSpace: 'nowrap' }}
                  onClick={(e) => e.stopPropagation()}
                >
                  {p.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{personCodeLabel(dictionary, 'sex', p.sex, lang)}</Table.Td>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {formatDate(p.birthDate, lang)}
                  {p.age !== null && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      {t('person.ageShort', { age: p.age })}
                    </Text>
                  )}
                </Text>
              </Table.Td>
              <Table.Td>{personCodeLabel(dictionary, 'relationship', p.relationship, lang)}</Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {p.kkNumber ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td maw={240}>
                <Text size="sm" lineClamp={2}>
                  {p.address}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {formatRtRw(p.rt, p.rw)}
                </Text>
              </Table.Td>
              <Table.Td>{p.villageName}</Table.Td>
              <Table.Td>{personCodeLabel(dictionary, 'status', p.status, lang)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
