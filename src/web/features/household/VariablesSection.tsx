import { Card, SimpleGrid, Table, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { HouseholdVariable, Language } from '../../api/types.ts';
import { formatNumber } from '../../lib/format.ts';
import { useLang } from '../../lib/hooks.ts';
import { labelOf } from '../../lib/labels.ts';
import { translateCode } from '../../lib/translate.ts';

const GROUPS = ['dwelling', 'assets', 'livestock'] as const;

/** The display text of one variable's value: its code label, yes/no, or a number with its unit. */
function valueText(variable: HouseholdVariable, lang: Language, t: TFunction): string {
  if (variable.value === null) return t('variables.empty');
  if (variable.valueLabel) return labelOf(variable.valueLabel, lang);
  if (typeof variable.value === 'boolean') return variable.value ? t('common.yes') : t('common.no');
  const number = formatNumber(variable.value, lang);
  return variable.unit ? `${number} ${translateCode(t, 'units', variable.unit)}` : number;
}

/** The household's socio-economic variables grouped as dwelling, assets and livestock. */
export function VariablesSection({ variables }: { variables: HouseholdVariable[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const known = new Set<string>(GROUPS);
  const others = variables.filter((v) => !known.has(v.group));
  const groups = [
    ...GROUPS.map((group) => ({
      key: group,
      title: t(`variables.groups.${group}`),
      items: variables.filter((v) => v.group === group),
    })),
    ...(others.length ? [{ key: 'other', title: t('variables.groups.other'), items: others }] : []),
  ].filter((g) => g.items.length > 0);

  return (
    <Card withBorder radius="md" data-testid="household-variables">
      <Title order={3} size="h4" mb="sm">
        {t('variables.title')}
      </Title>
      {groups.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('variables.none')}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="lg">
          {groups.map((group) => (
            <section key={group.key} aria-label={group.title}>
              <Title order={4} size="h5" c="teal.8" mb={4}>
                {group.title}
              </Title>
              <Table verticalSpacing={4} fz="sm" withRowBorders>
                <Table.Tbody>
                  {group.items.map((v) => (
                    <Table.Tr key={v.key} data-variable={v.key}>
                      <Table.Td c="dimmed" w="55%">
                        {labelOf(v.label, lang)}
                      </Table.Td>
                      <Table.Td
                        fw={v.value === null ? undefined : 500}
                        c={v.value === null ? 'dimmed' : undefined}
                      >
                        {valueText(v, lang, t)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </section>
          ))}
        </SimpleGrid>
      )}
    </Card>
  );
}
