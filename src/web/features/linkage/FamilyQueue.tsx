import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Card, EmptyState, Group, Kbd, Stack, Text, TextInput } from '@mantine/core';
import {
  IconArrowLeft,
  IconArrowRight,
  IconCheck,
  IconChecks,
  IconPlayerSkipForward,
  IconX,
} from '@tabler/icons-react';
import { useMediaQuery } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { LinkagePairStatus } from '../../api/types.ts';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { PageLoader } from '../../components/PageLoader.tsx';
import { formatNumber } from '../../lib/format.ts';
import { useLang } from '../../lib/hooks.ts';
import { FamilyComparison } from './FamilyComparison.tsx';
import { FamilyMergeModal } from './FamilyMergeModal.tsx';
import { decideHouseholdPair, listHouseholdPairs, type HouseholdPair } from './familyApi.ts';
import { pairStatusColor, reviewActionOfKey, shortcutOf, type ReviewAction } from './linkageUi.ts';

const PAGE_SIZE = 25;

interface FamilyQueueProps {
  /** Which pairs the queue walks: review, skipped, or accepted ones waiting for a merge. */
  statuses: readonly LinkagePairStatus[];
  mode: 'review' | 'merge';
  villageCode: string | null;
}

function isEditable(target: EventTarget | null): { tag: string | null; editable: boolean } {
  if (!(target instanceof HTMLElement)) return { tag: null, editable: false };
  // A radio or checkbox (the Orang / Keluarga switch) takes no typing: shortcuts stay on.
  if (target instanceof HTMLInputElement && (target.type === 'radio' || target.type === 'checkbox'))
    return { tag: null, editable: false };
  return { tag: target.tagName, editable: target.isContentEditable };
}

/**
 * One candidate pair of family cards at a time, decided with buttons or the keyboard (A accept,
 * R reject, S skip, M merge, J/K next/previous), as the person queue. Accepting opens the merge dialog.
 */
export function FamilyQueue({ statuses, mode, villageCode }: FamilyQueueProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const [index, setIndex] = useState(0);
  const [reason, setReason] = useState('');
  const [merging, setMerging] = useState<HouseholdPair | null>(null);
  // Phones have no keyboard shortcuts to show, and need the room for the labels.
  const isPhone = useMediaQuery('(max-width: 47.99em)');
  const query = useQuery({
    queryKey: ['household-pairs', statuses.join(','), villageCode],
    queryFn: () =>
      listHouseholdPairs({ status: statuses, villageCode: villageCode ?? undefined, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const items = query.data?.items ?? [];
  const current = items[Math.min(index, Math.max(0, items.length - 1))] ?? null;

  const refresh = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: ['household-pairs'] });
    await queryClient.invalidateQueries({ queryKey: ['household-merges'] });
    await queryClient.invalidateQueries({ queryKey: ['linkage-pairs'] });
    await queryClient.invalidateQueries({ queryKey: ['linkage-merges'] });
  }, [queryClient]);

  const decision = useMutation({
    mutationFn: (input: { pair: HouseholdPair; decision: 'accept' | 'reject' | 'skip' }) =>
      decideHouseholdPair(input.pair.id, input.decision, reason.trim() || undefined),
    onSuccess: async (pair, input) => {
      setReason('');
      if (input.decision === 'accept') setMerging(pair);
      else await refresh();
    },
  });

  const act = useCallback(
    (action: ReviewAction) => {
      if (!current || decision.isPending || merging) return;
      if (action === 'next') setIndex((i) => Math.min(i + 1, Math.max(0, items.length - 1)));
      else if (action === 'previous') setIndex((i) => Math.max(0, i - 1));
      else if (action === 'merge') {
        if (mode === 'merge') setMerging(current);
      } else if (action === 'accept') {
        if (mode === 'review') decision.mutate({ pair: current, decision: 'accept' });
      } else if (action === 'skip') {
        if (mode === 'review') decision.mutate({ pair: current, decision: 'skip' });
      } else decision.mutate({ pair: current, decision: 'reject' });
    },
    [current, decision, merging, items.length, mode],
  );

  // Latest handler in a ref so the window listener is registered once.
  const actRef = useRef(act);
  useEffect(() => {
    actRef.current = act;
  }, [act]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = isEditable(event.target);
      const action = reviewActionOfKey({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        targetTag: target.tag,
        targetEditable: target.editable,
      });
      if (!action) return;
      event.preventDefault();
      actRef.current(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const closeMerge = async () => {
    setMerging(null);
    await refresh();
  };

  if (query.isPending) return <PageLoader />;
  if (query.isError && !query.data)
    return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const total = query.data?.total ?? 0;
  if (!current) {
    return (
      <EmptyState
        icon={<IconChecks />}
        title={t(
          mode === 'merge' ? 'linkage.family.queue.emptyMergeTitle' : 'linkage.family.queue.emptyTitle',
        )}
        description={t(mode === 'merge' ? 'linkage.family.queue.emptyMerge' : 'linkage.family.queue.empty')}
        data-testid="queue-empty"
      />
    );
  }
  const position = Math.min(index, items.length - 1) + 1;
  const button = (
    action: ReviewAction,
    label: string,
    color: string,
    icon: ReactNode,
    onClick: () => void,
    testId: string,
  ) => (
    <Button
      color={color}
      leftSection={icon}
      rightSection={isPhone ? undefined : <Kbd size="xs">{shortcutOf(action)}</Kbd>}
      aria-keyshortcuts={shortcutOf(action)}
      onClick={onClick}
      loading={decision.isPending && decision.variables?.decision === action}
      data-testid={testId}
      flex={{ base: 1, xs: 'none' }}
    >
      {label}
    </Button>
  );

  return (
    <Stack gap="sm" data-testid="family-queue">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs">
          <Text size="sm" fw={600} data-testid="queue-position" data-total={total}>
            {t('linkage.family.queue.position', {
              position: formatNumber(position, lang),
              total: formatNumber(total, lang),
            })}
          </Text>
          <Badge color={pairStatusColor(current.status)} variant="light">
            {t(`linkage.status.${current.status}`)}
          </Badge>
        </Group>
        <Group gap={4}>
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconArrowLeft size={14} />}
            rightSection={<Kbd size="xs">K</Kbd>}
            aria-keyshortcuts="K"
            onClick={() => act('previous')}
            disabled={position <= 1}
          >
            {t('linkage.queue.previous')}
          </Button>
          <Button
            variant="subtle"
            size="xs"
            rightSection={
              <Group gap={4} wrap="nowrap">
                <IconArrowRight size={14} />
                <Kbd size="xs">J</Kbd>
              </Group>
            }
            aria-keyshortcuts="J"
            onClick={() => act('next')}
            disabled={position >= items.length}
          >
            {t('linkage.queue.next')}
          </Button>
        </Group>
      </Group>
      <Card
        withBorder
        radius="md"
        p={{ base: 'xs', sm: 'md' }}
        data-testid="family-pair"
        data-pair-id={current.id}
      >
        <FamilyComparison pair={current} />
      </Card>
      {decision.isError && (
        <Alert color="red" role="alert">
          {errorMessage(decision.error, t)}
        </Alert>
      )}
      <TextInput
        label={t('linkage.queue.note')}
        placeholder={t('linkage.queue.notePlaceholder')}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        maxLength={1000}
        data-testid="decision-reason"
      />
      <Group gap="sm" wrap="wrap">
        {mode === 'review' ? (
          <>
            {button(
              'accept',
              t('linkage.actions.accept'),
              'teal',
              <IconCheck size={16} />,
              () => act('accept'),
              'decision-accept',
            )}
            {button(
              'reject',
              t('linkage.actions.reject'),
              'red',
              <IconX size={16} />,
              () => act('reject'),
              'decision-reject',
            )}
            {button(
              'skip',
              t('linkage.actions.skip'),
              'gray',
              <IconPlayerSkipForward size={16} />,
              () => act('skip'),
              'decision-skip',
            )}
          </>
        ) : (
          <>
            {button(
              'merge',
              t('linkage.actions.merge'),
              'teal',
              <IconCheck size={16} />,
              () => act('merge'),
              'decision-merge',
            )}
            {button(
              'reject',
              t('linkage.actions.reject'),
              'red',
              <IconX size={16} />,
              () => act('reject'),
              'decision-reject',
            )}
          </>
        )}
      </Group>
      {!isPhone && (
        <Text size="xs" c="dimmed" data-testid="shortcut-help">
          {t(mode === 'review' ? 'linkage.queue.shortcuts' : 'linkage.queue.shortcutsMerge')}
        </Text>
      )}
      <FamilyMergeModal pair={merging} onClose={() => void closeMerge()} onMerged={() => void closeMerge()} />
    </Stack>
  );
}
