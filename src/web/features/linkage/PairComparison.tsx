import type { ReactNode } from 'react';
import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { LinkagePair, LinkagePairField, LinkagePairSide } from '../../api/types.ts';
import { formatDate, formatRtRw, localeOf } from '../../lib/format.ts';
import { useDictionary, useLang } from '../../lib/hooks.ts';
import { personCodeLabel } from '../../lib/labels.ts';
import { householdPath } from '../registry/paths.ts';
import { ScoreLine, SideBySideTable } from './ComparisonParts.tsx';
import { agreementColor, formatBits } from './linkageUi.ts';

const FIELD_ORDER = ['nik', 'name', 'birthDate', 'sex', 'birthPlace', 'village'];

function fieldLabelKey(key: string) {
  switch (key) {
    case 'nik':
      return 'person.nik' as const;
    case 'name':
      return 'person.name' as const;
    case 'birthDate':
      return 'person.birthDate' as const;
    case 'sex':
      return 'person.sex' as const;
    case 'birthPlace':
      return 'linkage.fields.birthPlace' as const;
    case 'village':
      return 'linkage.fields.village' as const;
    default:
      return null;
  }
}

/** Both persons of a candidate pair side by side: every compared field with its agreement and weight, then the households. */
export function PairComparison({ pair }: { pair: LinkagePair }) {
  const { t } = useTranslation();
  const lang = useLang();
  const locale = localeOf(lang);
  const { data: dictionary } = useDictionary();
  const fields = [...pair.fields].sort((a, b) => FIELD_ORDER.indexOf(a.key) - FIELD_ORDER.indexOf(b.key));

  const show = (f: LinkagePairField, value: string | null): string => {
    if (value === null || value === '') return '—';
    if (f.key === 'birthDate') return formatDate(value, lang);
    if (f.key === 'sex') return personCodeLabel(dictionary, 'sex', Number(value), lang) || value;
    return value;
  };
  const context: { key: string; label: string; value: (s: LinkagePairSide) => ReactNode }[] = [
    {
      key: 'kk',
      label: t('linkage.fields.kk'),
      value: (s) => (
        <Anchor component={Link} to={householdPath(s.householdId)} ff="monospace" size="sm">
          {s.kkNumber ?? t('linkage.noKk')}
        </Anchor>
      ),
    },
    { key: 'head', label: t('linkage.fields.head'), value: (s) => s.headName ?? '—' },
    {
      key: 'relationship',
      label: t('person.short.relationship'),
      value: (s) => personCodeLabel(dictionary, 'relationship', s.relationship, lang) || '—',
    },
    {
      key: 'address',
      label: t('linkage.fields.address'),
      value: (s) => [s.address, formatRtRw(s.rt, s.rw)].filter(Boolean).join(' · ') || '—',
    },
  ];

  return (
    <Stack gap="xs">
      <ScoreLine
        badge={t('linkage.weight', { bits: formatBits(pair.matchWeight, locale) })}
        badgeTestId="pair-weight"
        probability={pair.probability}
      />
      <SideBySideTable
        testId="pair-comparison"
        firstColumn={t('linkage.field')}
        leftId={pair.left.id}
        rightId={pair.right.id}
      >
        {fields.map((f) => {
          const labelKey = fieldLabelKey(f.key);
          return (
            <Table.Tr key={f.key} data-testid={`pair-field-${f.key}`} data-agreement={f.agreement}>
              <Table.Td>
                <Stack gap={2}>
                  <Text size="sm" fw={600}>
                    {labelKey ? t(labelKey) : f.comparison}
                  </Text>
                  <Group gap={4} wrap="wrap">
                    <Badge size="xs" tt="none" color={agreementColor(f.agreement)} title={f.level}>
                      {t(`linkage.agreement.${f.agreement}`)}
                    </Badge>
                    <Text size="xs" c={f.weight > 0 ? 'teal.8' : f.weight < 0 ? 'red.8' : 'dimmed'}>
                      {t('linkage.bits', { bits: formatBits(f.weight, locale) })}
                    </Text>
                  </Group>
                </Stack>
              </Table.Td>
              <Table.Td style={{ wordBreak: 'break-word' }} ff={f.key === 'nik' ? 'monospace' : undefined}>
                {show(f, f.left)}
              </Table.Td>
              <Table.Td style={{ wordBreak: 'break-word' }} ff={f.key === 'nik' ? 'monospace' : undefined}>
                {show(f, f.right)}
              </Table.Td>
            </Table.Tr>
          );
        })}
        {context.map((row) => (
          <Table.Tr key={row.key} data-testid={`pair-context-${row.key}`} bg="gray.0">
            <Table.Td>
              <Text size="sm" c="dimmed">
                {row.label}
              </Text>
            </Table.Td>
            <Table.Td style={{ wordBreak: 'break-word' }}>{row.value(pair.left)}</Table.Td>
            <Table.Td style={{ wordBreak: 'break-word' }}>{row.value(pair.right)}</Table.Td>
          </Table.Tr>
        ))}
      </SideBySideTable>
    </Stack>
  );
}
