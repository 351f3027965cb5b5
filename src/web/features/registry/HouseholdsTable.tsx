import { Anchor, Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { HouseholdSummary } from '../../api/types.ts';
import { DesilBadge } from '../../components/DesilBadge.tsx';
import { formatRtRw } from '../../lib/format.ts';
import { householdPath } from './paths.ts';

/** The households of one result page; a row opens the household page. */
export function HouseholdsTable({ items, busy }: { items: HouseholdSummary[]; busy: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Table.ScrollContainer minWidth={960} type="native">
      <Table
        data-testid="households-table"
        highlightOnHover
        striped
        verticalSpacing="xs"
        aria-busy={busy}
        style={{ opacity: busy ? 0.6 : 1, transition: 'opacity 150ms' }}
      >
        <Table.Thead>
          <Table.Tr style={{ whiteSpace: 'nowrap' }}>
            <Table.Th>{t('household.kkNumber')}</Table.Th>
            <Table.Th>{t('household.head')}</Table.Th>
            <Table.Th>{t('household.address')}</Table.Th>
            <Table.Th>{t('household.rtRw')}</Table.Th>
            <Table.Th>{t('household.village')}</Table.Th>
            <Table.Th ta="right">{t('household.members')}</Table.Th>
            <Table.Th>{t('household.desil')}</Table.Th>
            <Table.Th>{t('household.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((h) => (
            <Table.Tr
              key={h.id}
              data-household-id={h.id}
              style={{ cursor: 'pointer' }}
              onClick={() => navigate(householdPath(h.id))}
            >
              <Table.Td>
                <Anchor
                  component={Link}
                  to={householdPath(h.id)}
                  ff="monospace"
                  size="sm"
                  onClick={(e) => e.stopPropagation()}
                >
                  {h.kkNumber ?? t('household.noKk')}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {h.headName ?? '—'}
                </Text>
                {h.headNik && (
                  <Text size="xs" c="dimmed" ff="monospace">
                    {h.headNik}
                  </Text>
                )}
              </Table.Td>
              <Table.Td maw={260}>
                <Text size="sm" lineClamp={2}>
                  {h.address}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {formatRtRw(h.rt, h.rw) || '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{h.villageName}</Text>
                <Text size="xs" c="dimmed">
                  {h.districtName}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{h.memberCount}</Table.Td>
              <Table.Td>
                <DesilBadge desil={h.officialDesil} size="sm" />
              </Table.Td>
              <Table.Td>
                <Badge size="sm" variant="dot" miw="max-content" color={h.status === 1 ? 'teal' : 'gray'}>
                  {t(`householdStatus.${h.status}`, { defaultValue: String(h.status) })}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
