import { Badge, Box, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CriteriaRuleSetBody, PmtModelBody } from '../../api/types.ts';
import { formatNumber } from '../../lib/format.ts';
import { useLang } from '../../lib/hooks.ts';
import { labelOf } from '../../lib/labels.ts';
import { conditionText, featureSpecText, formatDecimal, formatRupiah } from './rankingFormat.ts';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Narrows a stored model body to the parts shown, or null when it does not look like a model. */
export function asModelBody(body: unknown): PmtModelBody | null {
  if (!isRecord(body) || !Array.isArray(body.features) || !isRecord(body.cutPoints)) return null;
  return body as unknown as PmtModelBody;
}

/** Narrows a stored rule-set body to the parts shown, or null when it does not look like a rule set. */
export function asRuleSetBody(body: unknown): CriteriaRuleSetBody | null {
  if (!isRecord(body) || !Array.isArray(body.rules)) return null;
  return body as unknown as CriteriaRuleSetBody;
}

/** A model's intercept, coefficients and desil cut-points as tables. */
export function ModelBodyView({ model }: { model: PmtModelBody }) {
  const { t } = useTranslation();
  const lang = useLang();
  const cuts = model.cutPoints.national;
  return (
    <Stack gap="md" data-testid="model-detail">
      <Text size="sm">
        {t('ranking.models.intercept')}: <b>{formatDecimal(model.intercept, lang, 4)}</b>
      </Text>
      <Box>
        <Title order={4} size="h5" mb={4}>
          {t('ranking.models.coefficients')}
        </Title>
        <Table.ScrollContainer minWidth={640} type="native">
          <Table fz="sm" verticalSpacing={4} striped data-testid="model-coefficients">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('ranking.models.feature')}</Table.Th>
                <Table.Th>{t('ranking.models.kind')}</Table.Th>
                <Table.Th ta="right">{t('ranking.models.coefficient')}</Table.Th>
                <Table.Th ta="right">{t('ranking.models.reference')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {model.features.map((f) => (
                <Table.Tr key={f.spec.name} data-feature={f.spec.name}>
                  <Table.Td>
                    <Text size="sm">{labelOf(f.label, lang)}</Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {f.spec.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace">
                      {f.spec.kind}
                    </Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {featureSpecText(f.spec)}
                    </Text>
                  </Table.Td>
                  <Table.Td
                    ta="right"
                    ff="monospace"
                    c={f.coefficient < 0 ? 'red.8' : f.coefficient > 0 ? 'teal.8' : undefined}
                  >
                    {formatDecimal(f.coefficient, lang, 4)}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {formatDecimal(f.reference ?? 0, lang, 4)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Box>
      <Box>
        <Title order={4} size="h5" mb={4}>
          {t('ranking.models.cutPoints')}
        </Title>
        <Text size="xs" c="dimmed" mb={4}>
          {t(model.cutPoints.mode === 'regional' ? 'ranking.modes.regional' : 'ranking.modes.national')}
          {model.cutPoints.source ? ` · ${labelOf(model.cutPoints.source, lang)}` : ''}
        </Text>
        <Table.ScrollContainer minWidth={360} type="native">
          <Table fz="sm" verticalSpacing={2} withTableBorder data-testid="model-cutpoints">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('ranking.models.desil')}</Table.Th>
                <Table.Th ta="right">{t('ranking.models.from')}</Table.Th>
                <Table.Th ta="right">{t('ranking.models.below')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {Array.from({ length: 10 }, (_, i) => {
                const lower = i === 0 ? null : (cuts[i - 1] ?? null);
                const upper = i === 9 ? null : (cuts[i] ?? null);
                return (
                  <Table.Tr key={i}>
                    <Table.Td>{i + 1}</Table.Td>
                    <Table.Td ta="right">{lower === null ? '—' : formatRupiah(lower, lang)}</Table.Td>
                    <Table.Td ta="right">{upper === null ? '—' : formatRupiah(upper, lang)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Box>
      {model.notes && model.notes.length > 0 && (
        <Stack gap={2}>
          {model.notes.map((note) => (
            <Text key={note} size="xs" c="dimmed">
              {note}
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

/** A rule set's rules: label, formula, effect and whether each is enabled. */
export function RuleSetBodyView({ ruleSet }: { ruleSet: CriteriaRuleSetBody }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Stack gap="sm" data-testid="ruleset-detail">
      <Text size="sm">
        {t('ranking.models.quota', { quota: ruleSet.quota })}
        {ruleSet.legalBasis ? ` · ${ruleSet.legalBasis}` : ''}
      </Text>
      <Table.ScrollContainer minWidth={640} type="native">
        <Table fz="sm" verticalSpacing={6} striped data-testid="ruleset-rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('ranking.models.rule')}</Table.Th>
              <Table.Th>{t('ranking.models.condition')}</Table.Th>
              <Table.Th>{t('ranking.models.effect')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ruleSet.rules.map((rule) => (
              <Table.Tr key={rule.id} data-rule-id={rule.id} opacity={rule.enabled === false ? 0.55 : 1}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {labelOf(rule.label, lang)}
                  </Text>
                  {rule.description && (
                    <Text size="xs" c="dimmed">
                      {labelOf(rule.description, lang)}
                    </Text>
                  )}
                  <Text size="xs" c="dimmed" ff="monospace">
                    {rule.id}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace" style={{ wordBreak: 'break-word' }}>
                    {conditionText(rule.condition)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="wrap">
                    <Badge
                      size="sm"
                      variant="light"
                      color={
                        rule.effect.type === 'exclude'
                          ? 'gray'
                          : rule.effect.type === 'flag'
                            ? 'blue'
                            : 'orange'
                      }
                    >
                      {t(`ranking.effects.${rule.effect.type}`)}
                    </Badge>
                    {(rule.effect.programs ?? []).map((p) => (
                      <Badge key={p} size="xs" variant="outline" color="orange">
                        {p}
                      </Badge>
                    ))}
                    {rule.enabled === false && (
                      <Badge size="xs" variant="outline" color="gray">
                        {t('ranking.models.disabled')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed">
        {t('ranking.models.rulesCount', { n: formatNumber(ruleSet.rules.length, lang) })}
      </Text>
    </Stack>
  );
}
