/** The pieces the person and the family pair comparisons share. */
import type { ReactNode } from 'react';
import { Badge, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { localeOf } from '../../lib/format.ts';
import { useLang } from '../../lib/hooks.ts';
import { formatProbability } from './linkageUi.ts';

/** The score of a pair as a badge, then its probability. */
export function ScoreLine({
  badge,
  badgeTestId,
  probability,
}: {
  badge: string;
  badgeTestId: string;
  probability: number;
}) {
  const { t } = useTranslation();
  const locale = localeOf(useLang());
  return (
    <Group gap="xs" wrap="wrap">
      <Badge variant="light" size="lg" data-testid={badgeTestId}>
        {badge}
      </Badge>
      <Text size="sm" c="dimmed">
        {t('linkage.probability', { value: formatProbability(probability, locale) })}
      </Text>
    </Group>
  );
}

/** A table with a label column and the left and right records, headed by their ids. */
export function SideBySideTable({
  testId,
  firstColumn,
  leftId,
  rightId,
  children,
}: {
  testId: string;
  firstColumn: string;
  leftId: number;
  rightId: number;
  /** The rows. */
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={320} type="native">
      <Table
        data-testid={testId}
        verticalSpacing={6}
        horizontalSpacing="xs"
        fz="sm"
        withColumnBorders
        layout="fixed"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="28%">{firstColumn}</Table.Th>
            <Table.Th>
              {t('linkage.left')}{' '}
              <Text span size="xs" c="dimmed">
                #{leftId}
              </Text>
            </Table.Th>
            <Table.Th>
              {t('linkage.right')}{' '}
              <Text span size="xs" c="dimmed">
                #{rightId}
              </Text>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
