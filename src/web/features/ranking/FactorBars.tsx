import { Box, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RankingFactor } from '../../api/types.ts';
import { useLang } from '../../lib/hooks.ts';
import { labelOf } from '../../lib/labels.ts';
import { factorBarWidth, formatPercentEffect } from './rankingFormat.ts';

/** The top factors in one direction, each with its percentage effect and a small horizontal bar. */
export function FactorBars({
  title,
  factors,
  largest,
  color,
  testId,
}: {
  title: string;
  factors: RankingFactor[];
  /** The largest |contribution| among every bar shown together, so both lists share one scale. */
  largest: number;
  color: 'red' | 'teal';
  testId: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Box data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb={6}>
        {title}
      </Text>
      {factors.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('ranking.section.noFactors')}
        </Text>
      ) : (
        <Stack gap={8} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {factors.map((f) => (
            <li key={f.feature} data-feature={f.feature} title={labelOf(f.text, lang)}>
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <Text size="sm" lh={1.3}>
                  {labelOf(f.label, lang)}
                  {f.missing && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      ({t('ranking.section.missing')})
                    </Text>
                  )}
                </Text>
                <Text size="sm" fw={600} c={`${color}.8`} style={{ whiteSpace: 'nowrap' }}>
                  {formatPercentEffect(f.percent, lang)}
                </Text>
              </Group>
              <Box
                mt={3}
                h={6}
                bg="gray.1"
                style={{ borderRadius: 3, overflow: 'hidden' }}
                role="presentation"
              >
                <Box
                  h="100%"
                  bg={`${color}.6`}
                  style={{ width: `${factorBarWidth(f.contribution, largest)}%`, borderRadius: 3 }}
                />
              </Box>
            </li>
          ))}
        </Stack>
      )}
    </Box>
  );
}
