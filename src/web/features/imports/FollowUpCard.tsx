import { Alert, Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatNumber } from '../../lib/format.ts';
import { useLang } from '../../lib/hooks.ts';
import { followUpLine, type ImportFollowUp } from './importsUi.ts';
import { pick } from './labels.ts';

/**
 * What happened after the commit: the families of the import rescored and the duplicate search for
 * them, or why a step did not run. A failed step never undoes the import, and the card says so.
 */
export function FollowUpCard({ followUp }: { followUp: ImportFollowUp }) {
  const { t } = useTranslation();
  const lang = useLang();
  const n = (value: number) => formatNumber(value, lang);
  const { scoring, dedupe } = followUp;
  const scoringLine = followUpLine(scoring);
  const dedupeLine = followUpLine(dedupe);
  const trouble = followUp.state === 'failed' || followUp.state === 'interrupted';
  return (
    <Paper
      withBorder
      radius="md"
      p={{ base: 'sm', sm: 'md' }}
      data-testid="follow-up-card"
      data-state={followUp.state}
    >
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('imports.followUp.title')}
        </Title>
        {scoringLine === 'done' && scoring.model && (
          <Text size="sm" data-testid="follow-up-scoring">
            {t('imports.followUp.scoringDone', {
              households: n(scoring.households),
              changed: n(scoring.changed),
              model: `${scoring.model.key} v${scoring.model.version}`,
            })}
          </Text>
        )}
        {scoringLine === 'skipped' && (
          <Text size="sm" c="dimmed" data-testid="follow-up-scoring">
            {t('imports.followUp.scoringSkipped')}
          </Text>
        )}
        {scoringLine === 'failed' && (
          <Alert color="red" data-testid="follow-up-scoring-error">
            {pick(scoring.error?.message, lang)}
          </Alert>
        )}
        {scoringLine === 'notRun' && (
          <Text size="sm" c="orange.8" data-testid="follow-up-scoring">
            {t('imports.followUp.scoringNotRun')}
          </Text>
        )}
        {dedupeLine === 'done' && (
          <Text size="sm" data-testid="follow-up-dedupe">
            {t('imports.followUp.dedupeDone', {
              mode: t(
                dedupe.mode === 'full' ? 'imports.followUp.modeFull' : 'imports.followUp.modeIncremental',
              ),
              stored: n(dedupe.stored),
              autoAccepted: n(dedupe.autoAccepted),
              review: n(dedupe.review),
            })}{' '}
            {dedupe.stored > 0 && (
              <Anchor component={Link} to="/data-ganda" size="sm" data-testid="follow-up-open-linkage">
                {t('imports.followUp.openLinkage')}
              </Anchor>
            )}
          </Text>
        )}
        {dedupeLine === 'failed' && (
          <Alert color="red" data-testid="follow-up-dedupe-error">
            {pick(dedupe.error?.message, lang)}
          </Alert>
        )}
        {(dedupeLine === 'notRun' || dedupeLine === 'skipped') && (
          <Text size="sm" c="orange.8" data-testid="follow-up-dedupe">
            {t('imports.followUp.dedupeNotRun')}
          </Text>
        )}
        {trouble && (
          <Alert
            color="orange"
            title={t(
              followUp.state === 'interrupted'
                ? 'imports.followUp.interruptedTitle'
                : 'imports.followUp.failedTitle',
            )}
            data-testid="follow-up-trouble"
          >
            {t(followUp.state === 'interrupted' ? 'imports.followUp.interrupted' : 'imports.followUp.failed')}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
