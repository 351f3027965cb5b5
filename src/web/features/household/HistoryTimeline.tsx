import { Card, List, Text, Timeline, Title } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getHouseholdHistory } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageLoader } from '../../components/PageLoader.tsx';
import { describeChanges } from '../../lib/changes.ts';
import { labelChange } from '../../lib/changeLabels.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useDictionary, useLang } from '../../lib/hooks.ts';
import { translateCode } from '../../lib/translate.ts';

/** The change history of a household, newest first, with the fields each change touched. */
export function HistoryTimeline({ householdId }: { householdId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data: dictionary } = useDictionary();
  const query = useQuery({
    queryKey: ['household', householdId, 'history'],
    queryFn: () => getHouseholdHistory(householdId),
  });
  const items = [...(query.data ?? [])].sort((a, b) => b.at.localeCompare(a.at));

  return (
    <Card withBorder radius="md" data-testid="household-history">
      <Title order={3} size="h4" mb="sm">
        {t('history.title')}
      </Title>
      {query.isPending ? (
        <PageLoader minHeight={80} />
      ) : query.isError ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('history.empty')}
        </Text>
      ) : (
        <Timeline bulletSize={22} lineWidth={2} active={-1}>
          {items.map((item) => {
            const changes = describeChanges(item.before, item.after).map((c) =>
              labelChange(c, dictionary, lang, t),
            );
            return (
              <Timeline.Item
                key={item.id}
                bullet={<IconPencil size={12} aria-hidden />}
                title={translateCode(t, 'audit.actions', item.action)}
              >
                <Text size="xs" c="dimmed">
                  {t('history.byAt', { actor: item.actorName, at: formatDateTime(item.at, lang) })}
                </Text>
                {item.reason && (
                  <Text size="sm" mt={4}>
                    {t('history.reason', { reason: item.reason })}
                  </Text>
                )}
                {changes.length > 0 && (
                  <List size="xs" mt={4} spacing={2}>
                    {changes.slice(0, 12).map((change, i) => (
                      <List.Item key={i}>
                        {change.field && (
                          <Text span size="xs" fw={600}>
                            {change.field}:
                          </Text>
                        )}{' '}
                        {change.before} → {change.after}
                      </List.Item>
                    ))}
                    {changes.length > 12 && (
                      <List.Item>{t('history.moreChanges', { n: changes.length - 12 })}</List.Item>
                    )}
                  </List>
                )}
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
    </Card>
  );
}
