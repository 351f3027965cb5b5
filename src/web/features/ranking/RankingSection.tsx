import { useState } from 'react';
import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Code,
  Collapse,
  Group,
  List,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconCalculator, IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getHouseholdRanking } from '../../api/client.ts';
import type { HouseholdRanking, RankingExplanation } from '../../api/types.ts';
import { DesilBadge } from '../../components/DesilBadge.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageLoader } from '../../components/PageLoader.tsx';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useLang } from '../../lib/hooks.ts';
import { labelOf } from '../../lib/labels.ts';
import { ConflictBadge } from './ConflictBadge.tsx';
import { FactorBars } from './FactorBars.tsx';
import { categoryColor, formatRupiah } from './rankingFormat.ts';

function Heading({ children }: { children: string }) {
  return (
    <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb={4}>
      {children}
    </Text>
  );
}

function OfficialBlock({ official }: { official: HouseholdRanking['official'] }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Box data-testid="official-desil">
      <Heading>{t('ranking.section.official')}</Heading>
      <DesilBadge desil={official.desil} size="lg" />
      <Text size="xs" c="dimmed" mt={4}>
        {official.release
          ? t('ranking.section.officialRelease', {
              label: official.release.label,
              date: formatDate(official.release.releaseDate, lang),
            })
          : t('ranking.section.officialNone')}
      </Text>
    </Box>
  );
}

function EstimateBlock({ estimate }: { estimate: HouseholdRanking['estimate'] }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!estimate) {
    return (
      <Box>
        <Heading>{t('ranking.section.estimate')}</Heading>
        <Text size="sm" c="dimmed">
          {t('ranking.section.estimateNone')}
        </Text>
      </Box>
    );
  }
  return (
    <Box>
      <Heading>{t('ranking.section.estimate')}</Heading>
      <Group gap="xs" wrap="wrap">
        <DesilBadge
          desil={estimate.desil}
          size="lg"
          variant="outline"
          data-testid="estimated-desil"
          data-desil={estimate.desil}
        />
        {estimate.model.illustrative && (
          <Badge size="sm" color="gray" variant="light" tt="none">
            {t('ranking.illustrative')}
          </Badge>
        )}
      </Group>
      <Text size="sm" fw={600} mt={4} data-testid="estimated-pce">
        {t('ranking.section.estimatePce', { amount: formatRupiah(estimate.predictedPce, lang) })}
      </Text>
      <Text size="xs" c="dimmed">
        {t('ranking.section.estimateModel', { name: estimate.model.name, version: estimate.model.version })}
        {' · '}
        {t(estimate.mode === 'regional' ? 'ranking.modes.regional' : 'ranking.modes.national')}
      </Text>
      <Text size="xs" c="dimmed">
        {estimate.scoredAt
          ? t('ranking.section.scoredAt', { date: formatDateTime(estimate.scoredAt, lang) })
          : t('ranking.section.notStored')}
      </Text>
      {estimate.stale && (
        <Text size="xs" c="orange.8" mt={4}>
          {t('ranking.section.stale')}
        </Text>
      )}
    </Box>
  );
}

function ExplanationBlock({ explanation }: { explanation: RankingExplanation }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [open, setOpen] = useState(false);
  const largest = Math.max(
    0,
    ...explanation.factorsUp.map((f) => Math.abs(f.contribution)),
    ...explanation.factorsDown.map((f) => Math.abs(f.contribution)),
  );
  return (
    <Stack gap="sm" data-testid="ranking-explanation">
      <Title order={4} size="h5">
        {t('ranking.section.explanationTitle')}
      </Title>
      <Text size="sm" data-testid="ranking-summary">
        {labelOf(explanation.summary, lang)}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <FactorBars
          title={t('ranking.section.factorsDown')}
          factors={explanation.factorsDown}
          largest={largest}
          color="red"
          testId="factors-down"
        />
        <FactorBars
          title={t('ranking.section.factorsUp')}
          factors={explanation.factorsUp}
          largest={largest}
          color="teal"
          testId="factors-up"
        />
      </SimpleGrid>
      <Text size="sm" c="dimmed">
        {labelOf(explanation.desilPosition.text, lang)}
      </Text>
      {explanation.notes.map((note) => (
        <Text key={note.id} size="xs" c="dimmed" fs="italic">
          {labelOf(note, lang)}
        </Text>
      ))}
      <Box>
        <Button
          variant="subtle"
          size="xs"
          px={0}
          leftSection={<IconCalculator size={16} aria-hidden />}
          rightSection={
            open ? <IconChevronUp size={14} aria-hidden /> : <IconChevronDown size={14} aria-hidden />
          }
          aria-expanded={open}
          aria-controls="ranking-arithmetic"
          onClick={() => setOpen((o) => !o)}
          data-testid="toggle-arithmetic"
        >
          {open ? t('ranking.section.hideArithmetic') : t('ranking.section.showArithmetic')}
        </Button>
        <Collapse expanded={open} id="ranking-arithmetic">
          <Code
            block
            mt="xs"
            data-testid="ranking-arithmetic"
            style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontSize: 12 }}
          >
            {labelOf(explanation.arithmetic.text, lang)}
          </Code>
        </Collapse>
      </Box>
    </Stack>
  );
}

function CriteriaBlock({ criteria }: { criteria: HouseholdRanking['criteria'] }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!criteria) {
    return (
      <Box>
        <Title order={4} size="h5" mb={4}>
          {t('ranking.section.criteriaTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('ranking.section.criteriaNone')}
        </Text>
      </Box>
    );
  }
  return (
    <Stack gap="xs">
      <Title order={4} size="h5">
        {t('ranking.section.criteriaTitle')}
      </Title>
      <Group gap="xs" wrap="wrap">
        <Badge
          size="lg"
          color={categoryColor(criteria.category)}
          variant={criteria.category === 'tidak_layak' ? 'outline' : 'filled'}
          tt="none"
          maw="100%"
          style={{ height: 'auto', minHeight: 'var(--badge-height)', whiteSpace: 'normal' }}
          data-testid="criteria-category"
          data-category={criteria.category}
        >
          {labelOf(criteria.categoryLabel, lang)}
        </Badge>
        {criteria.programs.map((p) => (
          <Badge key={p} size="sm" variant="light" color="orange">
            {p}
          </Badge>
        ))}
      </Group>
      {criteria.reasons.length > 0 && (
        <List size="sm" spacing={2} data-testid="criteria-reasons">
          {criteria.reasons.map((r) => (
            <List.Item key={r.id}>{labelOf(r, lang)}</List.Item>
          ))}
        </List>
      )}
      <Box>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb={4}>
          {t('ranking.section.firedRules')}
        </Text>
        {criteria.firedRules.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('ranking.section.noFiredRules')}
          </Text>
        ) : (
          <Stack gap={4} data-testid="fired-rules">
            {criteria.firedRules.map((rule) => (
              <Group key={rule.id} gap="xs" wrap="nowrap" align="flex-start" data-rule-id={rule.id}>
                <Badge
                  size="xs"
                  variant="light"
                  color={rule.effect === 'exclude' ? 'gray' : rule.effect === 'flag' ? 'blue' : 'orange'}
                  miw="max-content"
                  mt={3}
                >
                  {t(`ranking.effects.${rule.effect}`)}
                </Badge>
                <Text size="sm">{labelOf(rule.label, lang)}</Text>
              </Group>
            ))}
          </Stack>
        )}
      </Box>
      <Text size="xs" c="dimmed">
        {t('ranking.section.ruleSet', { name: criteria.ruleSet.name, version: criteria.ruleSet.version })}
        {criteria.ruleSet.legalBasis ? ` · ${criteria.ruleSet.legalBasis}` : ''}
      </Text>
    </Stack>
  );
}

function ConflictAlerts({ ranking }: { ranking: HouseholdRanking }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (ranking.conflicts.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="ranking-no-conflicts">
        {t('ranking.section.noConflicts')}
      </Text>
    );
  }
  return (
    <Stack gap="xs" data-testid="ranking-conflicts">
      {ranking.conflicts.map((c) => (
        <Alert
          key={c.code}
          color={c.code === 'desil_gap' ? 'violet' : 'red'}
          variant="light"
          icon={<IconAlertTriangle size={18} aria-hidden />}
          title={<ConflictBadge code={c.code} />}
          p="xs"
          data-conflict={c.code}
        >
          <Text size="sm">{labelOf(c.message, lang)}</Text>
        </Alert>
      ))}
    </Stack>
  );
}

/** The household page's welfare ranking card: official desil, local estimate with its explanation, criteria and conflicts. */
export function RankingSection({ householdId }: { householdId: number | string }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['household-ranking', String(householdId)],
    queryFn: () => getHouseholdRanking(householdId),
    enabled: String(householdId) !== '',
  });

  return (
    <Card withBorder radius="md" data-testid="ranking-section">
      <Title order={3} size="h4" mb="sm">
        {t('ranking.section.title')}
      </Title>
      {query.isPending ? (
        <PageLoader minHeight={120} />
      ) : query.isError ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <OfficialBlock official={query.data.official} />
            <EstimateBlock estimate={query.data.estimate} />
          </SimpleGrid>
          <ConflictAlerts ranking={query.data} />
          {query.data.explanation && <ExplanationBlock explanation={query.data.explanation} />}
          <CriteriaBlock criteria={query.data.criteria} />
        </Stack>
      )}
    </Card>
  );
}
