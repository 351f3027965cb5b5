import type { ReactNode } from 'react';
import { Anchor, Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDate, formatRtRw, localeOf } from '../../lib/format.ts';
import { useDictionary, useLang } from '../../lib/hooks.ts';
import { personCodeLabel } from '../../lib/labels.ts';
import { householdPath } from '../registry/paths.ts';
import type { FamilyMember, FamilySide, HouseholdPair } from './familyApi.ts';
import { memberLinkColor } from './familyUi.ts';
import { ScoreLine, SideBySideTable } from './ComparisonParts.tsx';
import { agreementColor, formatBits, formatProbability } from './linkageUi.ts';

function MemberCell({ member }: { member: FamilyMember | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data: dictionary } = useDictionary();
  if (!member)
    return (
      <Text size="xs" c="dimmed" fs="italic">
        {t('linkage.family.unlinked')}
      </Text>
    );
  return (
    <Stack gap={0}>
      <Text size="sm" fw={500} style={{ wordBreak: 'break-word' }}>
        {member.name}
      </Text>
      <Text size="xs" ff="monospace" c="dimmed">
        {member.nik ?? '—'}
      </Text>
      <Text size="xs" c="dimmed">
        {[
          formatDate(member.birthDate, lang),
          personCodeLabel(dictionary, 'relationship', member.relationship, lang),
        ]
          .filter(Boolean)
          .join(' · ')}
      </Text>
    </Stack>
  );
}

/** Two family cards side by side: the cards' fields, the members aligned by their person links, and the reasons of the score. */
export function FamilyComparison({ pair }: { pair: HouseholdPair }) {
  const { t } = useTranslation();
  const lang = useLang();
  const locale = localeOf(lang);
  const pct = (x: number) =>
    new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(x);

  const cardRows: { key: string; label: string; value: (s: FamilySide) => ReactNode }[] = [
    {
      key: 'kk',
      label: t('linkage.family.fields.kkNumber'),
      value: (s) => (
        <Anchor component={Link} to={householdPath(s.id)} ff="monospace" size="sm">
          {s.kkNumber ?? t('linkage.noKk')}
        </Anchor>
      ),
    },
    { key: 'head', label: t('linkage.fields.head'), value: (s) => s.headName ?? '—' },
    {
      key: 'address',
      label: t('linkage.fields.address'),
      value: (s) => [s.address, formatRtRw(s.rt, s.rw)].filter(Boolean).join(' · ') || '—',
    },
    { key: 'village', label: t('linkage.fields.village'), value: (s) => s.villageName },
    { key: 'dtsen', label: t('linkage.family.fields.dtsenId'), value: (s) => s.dtsenId ?? '—' },
    {
      key: 'members',
      label: t('linkage.family.members'),
      value: (s) => t('linkage.family.memberCount', { n: s.memberCount }),
    },
  ];

  const reasonValue = (r: HouseholdPair['reasons'][number]): string => {
    if (r.key === 'members' && typeof r.value === 'number') return pct(r.value);
    if (r.key === 'address' && typeof r.value === 'string')
      return t(`linkage.family.addressValue.${r.value as 'same' | 'similar' | 'different' | 'missing'}`);
    if (typeof r.value === 'boolean') return r.value ? t('linkage.family.yes') : t('linkage.family.no');
    return r.value === null ? '—' : String(r.value);
  };

  return (
    <Stack gap="xs">
      <ScoreLine
        badge={t('linkage.family.score', { bits: formatBits(pair.score, locale) })}
        badgeTestId="family-score"
        probability={pair.probability}
      />
      <SideBySideTable
        testId="family-cards"
        firstColumn={t('linkage.family.card')}
        leftId={pair.left.id}
        rightId={pair.right.id}
      >
        {cardRows.map((row) => (
          <Table.Tr key={row.key} data-testid={`family-card-${row.key}`}>
            <Table.Td>
              <Text size="sm" fw={600}>
                {row.label}
              </Text>
            </Table.Td>
            <Table.Td style={{ wordBreak: 'break-word' }}>{row.value(pair.left)}</Table.Td>
            <Table.Td style={{ wordBreak: 'break-word' }}>{row.value(pair.right)}</Table.Td>
          </Table.Tr>
        ))}
      </SideBySideTable>

      <Title order={3} size="h6">
        {t('linkage.family.members')}
      </Title>
      <Table.ScrollContainer minWidth={320} type="native">
        <Table
          data-testid="family-members"
          verticalSpacing={6}
          horizontalSpacing="xs"
          fz="sm"
          withColumnBorders
          layout="fixed"
        >
          <Table.Tbody>
            {pair.members.map((row, i) => (
              <Table.Tr
                key={`${row.left?.id ?? 'x'}-${row.right?.id ?? 'x'}-${i}`}
                data-testid="family-member-row"
                data-linked={row.left && row.right ? 'true' : 'false'}
                style={{ borderLeft: `4px solid var(--mantine-color-${memberLinkColor(row.probability)}-6)` }}
              >
                <Table.Td>
                  <MemberCell member={row.left} />
                </Table.Td>
                <Table.Td w={{ base: 84, sm: 150 }}>
                  {row.agreement ? (
                    <Stack gap={2} align="center">
                      <Badge size="xs" color={memberLinkColor(row.probability)} variant="filled">
                        {formatProbability(row.probability ?? 0, locale)}
                      </Badge>
                      <Group gap={2} justify="center" wrap="wrap">
                        {(['nik', 'name', 'birthDate'] as const).map((f) => (
                          <Badge
                            key={f}
                            size="xs"
                            tt="none"
                            variant="light"
                            color={agreementColor(row.agreement?.[f] ?? 'missing')}
                            title={`${t(f === 'nik' ? 'person.nik' : f === 'name' ? 'person.name' : 'person.birthDate')}: ${t(`linkage.agreement.${row.agreement?.[f] ?? 'missing'}`)}`}
                          >
                            {t(
                              f === 'nik' ? 'person.nik' : f === 'name' ? 'person.name' : 'person.birthDate',
                            )}
                          </Badge>
                        ))}
                      </Group>
                    </Stack>
                  ) : (
                    <Text size="xs" c="dimmed" ta="center">
                      —
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <MemberCell member={row.right} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <Title order={3} size="h6">
        {t('linkage.family.reasonsTitle')}
      </Title>
      <Table data-testid="family-reasons" fz="sm" verticalSpacing={2} horizontalSpacing="xs">
        <Table.Tbody>
          {pair.reasons.map((r) => (
            <Table.Tr key={r.key} data-reason={r.key}>
              <Table.Td>{t(`linkage.family.reasons.${r.key}`)}</Table.Td>
              <Table.Td c="dimmed">{reasonValue(r)}</Table.Td>
              <Table.Td
                ta="right"
                c={r.contribution > 0 ? 'teal.8' : r.contribution < 0 ? 'red.8' : 'dimmed'}
              >
                {t('linkage.bits', { bits: formatBits(r.contribution, locale) })}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
