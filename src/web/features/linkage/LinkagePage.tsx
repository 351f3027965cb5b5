import { Badge, Group, SegmentedControl, Select, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { listLinkagePairs } from '../../api/client.ts';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { formatNumber } from '../../lib/format.ts';
import { useLang, useRegions } from '../../lib/hooks.ts';
import { can } from '../../lib/navigation.ts';
import { ConflictsList } from './ConflictsList.tsx';
import { FamilyMergesList } from './FamilyMergesList.tsx';
import { FamilyQueue } from './FamilyQueue.tsx';
import { listHouseholdPairs } from './familyApi.ts';
import { MergesList } from './MergesList.tsx';
import { QualityPanel } from './QualityPanel.tsx';
import { ReviewQueue } from './ReviewQueue.tsx';
import { RunsPanel } from './RunsPanel.tsx';

const TABS = ['review', 'accepted', 'skipped', 'merges', 'conflicts', 'quality'] as const;
type Tab = (typeof TABS)[number];
/** What the page deduplicates: persons, or family cards (households). */
type Kind = 'persons' | 'families';

/**
 * "Data ganda": deduplication runs, and for persons or family cards (switch Orang / Keluarga) the review
 * queue, merges with undo; NIK conflicts and quality.
 */
export function LinkagePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: Tab = TABS.find((x) => x === tabParam) ?? 'review';
  const villageCode = params.get('kelurahan');
  const kind: Kind = params.get('kind') === 'families' ? 'families' : 'persons';
  const { index: regions } = useRegions();
  const counts = useQuery({
    queryKey: ['linkage-pairs', 'counts', villageCode],
    queryFn: () =>
      listLinkagePairs({ status: ['review'], villageCode: villageCode ?? undefined, pageSize: 1 }),
  });
  const familyCounts = useQuery({
    queryKey: ['household-pairs', 'counts', villageCode],
    queryFn: () =>
      listHouseholdPairs({ status: ['review'], villageCode: villageCode ?? undefined, pageSize: 1 }),
  });
  const c = (kind === 'families' ? familyCounts.data?.counts : counts.data?.counts) ?? {};
  const pending = (x: Partial<Record<string, number>> | undefined) => x?.review ?? 0;
  const count = (n: number | undefined) =>
    n ? (
      <Badge size="sm" variant="light" circle={n < 10}>
        {formatNumber(n, lang)}
      </Badge>
    ) : null;

  const set = (patch: { tab?: Tab; kelurahan?: string | null; kind?: Kind }) => {
    const next = new URLSearchParams(params);
    if (patch.tab) next.set('tab', patch.tab);
    if (patch.kind === 'families') next.set('kind', 'families');
    else if (patch.kind === 'persons') next.delete('kind');
    if (patch.kelurahan !== undefined) {
      if (patch.kelurahan) next.set('kelurahan', patch.kelurahan);
      else next.delete('kelurahan');
    }
    setParams(next, { replace: true });
  };

  return (
    <Stack gap="md" data-testid="linkage-page">
      <Stack gap={4}>
        <Title order={1} size="h2">
          {t('linkage.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('linkage.intro')}
        </Text>
      </Stack>
      <RunsPanel canRun={can(me?.permissions, 'linkage.run')} />
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Stack gap={4} w={{ base: '100%', xs: 'auto' }}>
          <Text size="sm" fw={500} id="linkage-kind-label">
            {t('linkage.kind.label')}
          </Text>
          <SegmentedControl
            aria-labelledby="linkage-kind-label"
            value={kind}
            onChange={(v) =>
              set({
                kind: v === 'families' ? 'families' : 'persons',
                ...(v === 'families' && tab === 'conflicts' ? { tab: 'review' as const } : {}),
              })
            }
            data={[
              {
                value: 'persons',
                label: (
                  <Group gap={6} wrap="nowrap" justify="center" data-testid="kind-persons-label">
                    {t('linkage.kind.persons')}
                    {count(pending(counts.data?.counts))}
                  </Group>
                ),
              },
              {
                value: 'families',
                label: (
                  <Group gap={6} wrap="nowrap" justify="center" data-testid="kind-families-label">
                    {t('linkage.kind.families')}
                    {count(pending(familyCounts.data?.counts))}
                  </Group>
                ),
              },
            ]}
            data-testid="linkage-kind"
          />
        </Stack>
        <Select
          label={t('linkage.villageFilter')}
          placeholder={t('common.all')}
          data={regions.villages.map((v) => ({ value: v.code, label: v.name }))}
          value={villageCode}
          onChange={(v) => set({ kelurahan: v })}
          clearable
          searchable
          w={{ base: '100%', xs: 260 }}
          data-testid="linkage-village"
        />
      </Group>
      <Tabs
        value={tab}
        onChange={(v) => set({ tab: TABS.find((x) => x === v) ?? 'review' })}
        keepMounted={false}
      >
        <Tabs.List style={{ flexWrap: 'wrap' }}>
          <Tabs.Tab value="review" rightSection={count(c.review)} data-testid="tab-review">
            {t('linkage.tabs.review')}
          </Tabs.Tab>
          <Tabs.Tab
            value="accepted"
            rightSection={count((c.accepted ?? 0) + (c.auto_accepted ?? 0))}
            data-testid="tab-accepted"
          >
            {t('linkage.tabs.accepted')}
          </Tabs.Tab>
          <Tabs.Tab value="skipped" rightSection={count(c.skipped)} data-testid="tab-skipped">
            {t('linkage.tabs.skipped')}
          </Tabs.Tab>
          <Tabs.Tab value="merges" data-testid="tab-merges">
            {t('linkage.tabs.merges')}
          </Tabs.Tab>
          {kind === 'persons' && (
            <Tabs.Tab value="conflicts" data-testid="tab-conflicts">
              {t('linkage.tabs.conflicts')}
            </Tabs.Tab>
          )}
          <Tabs.Tab value="quality" data-testid="tab-quality">
            {t('linkage.tabs.quality')}
          </Tabs.Tab>
        </Tabs.List>
        {kind === 'persons' ? (
          <>
            <Tabs.Panel value="review" pt="md">
              <ReviewQueue statuses={['review']} mode="review" villageCode={villageCode} />
            </Tabs.Panel>
            <Tabs.Panel value="accepted" pt="md">
              <ReviewQueue statuses={['accepted', 'auto_accepted']} mode="merge" villageCode={villageCode} />
            </Tabs.Panel>
            <Tabs.Panel value="skipped" pt="md">
              <ReviewQueue statuses={['skipped']} mode="review" villageCode={villageCode} />
            </Tabs.Panel>
            <Tabs.Panel value="merges" pt="md">
              <MergesList />
            </Tabs.Panel>
          </>
        ) : (
          <>
            <Tabs.Panel value="review" pt="md">
              <FamilyQueue statuses={['review']} mode="review" villageCode={villageCode} />
            </Tabs.Panel>
            <Tabs.Panel value="accepted" pt="md">
              <FamilyQueue statuses={['accepted', 'auto_accepted']} mode="merge" villageCode={villageCode} />
            </Tabs.Panel>
            <Tabs.Panel value="skipped" pt="md">
              <FamilyQueue statuses={['skipped']} mode="review" villageCode={villageCode} />
            </Tabs.Panel>
            <Tabs.Panel value="merges" pt="md">
              <FamilyMergesList />
            </Tabs.Panel>
          </>
        )}
        <Tabs.Panel value="conflicts" pt="md">
          <ConflictsList villageCode={villageCode} />
        </Tabs.Panel>
        <Tabs.Panel value="quality" pt="md">
          <QualityPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
