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
import { pairStatusColor, reviewActionOfKey, shortcutOf, type ReviewAction } from './linkageUi.ts';

const PAGE_SIZE = 25;

// The look of each decision button; merging looks like accepting, as it is the accept of the merge queue.
const DECISION_BUTTONS = {
  accept: { color: 'teal', icon: <IconCheck size={16} /> },
  reject: { color: 'red', icon: <IconX size={16} /> },
  skip: { color: 'gray', icon: <IconPlayerSkipForward size={16} /> },
  merge: { color: 'teal', icon: <IconCheck size={16} /> },
} as const;

/** A decision on a pair, as the API takes it. */
export type PairDecision = 'accept' | 'reject' | 'skip';

/** What the queue walks and how it looks: the same for person pairs and household pairs. */
export interface PairQueueProps<P extends { id: number; status: LinkagePairStatus }> {
  /** Which pairs the queue walks: review, skipped, or accepted ones waiting for a merge. */
  statuses: readonly LinkagePairStatus[];
  mode: 'review' | 'merge';
  villageCode: string | null;
  /** The first part of the list's query key. */
  queryKey: string;
  list: (query: {
    status: readonly LinkagePairStatus[];
    villageCode?: string | undefined;
    pageSize: number;
  }) => Promise<{ items: P[]; total: number }>;
  decide: (id: number, decision: PairDecision, reason?: string) => Promise<P>;
  /** Query keys refreshed, in order, after a decision or a merge. */
  refreshKeys: readonly string[];
  /** Where the queue's own texts (position, empty states) live. */
  texts: 'linkage.queue' | 'linkage.family.queue';
  testId: string;
  pairTestId: string;
  renderPair: (pair: P) => ReactNode;
  /** The merge dialog for the pair being merged (null: closed); onDone closes it and refreshes. */
  renderMerge: (pair: P | null, onDone: () => void) => ReactNode;
}

function isEditable(target: EventTarget | null): { tag: string | null; editable: boolean } {
  if (!(target instanceof HTMLElement)) return { tag: null, editable: false };
  // A radio or checkbox takes no typing (the Orang / Keluarga switch keeps the focus after a click):
  // shortcuts stay on. The merge dialog's checkboxes are safe: no shortcut acts while it is open.
  if (target instanceof HTMLInputElement && (target.type === 'radio' || target.type === 'checkbox'))
    return { tag: null, editable: false };
  return { tag: target.tagName, editable: target.isContentEditable };
}

/**
 * One candidate pair at a time, decided with buttons or the keyboard (A accept, R reject, S skip,
 * M merge, J/K next/previous). Accepting opens the merge dialog. The person and the family queues.
 */
export function PairQueue<P extends { id: number; status: LinkagePairStatus }>({
  statuses,
  mode,
  villageCode,
  queryKey,
  list,
  decide,
  refreshKeys,
  texts,
  testId,
  pairTestId,
  renderPair,
  renderMerge,
}: PairQueueProps<P>) {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const [index, setIndex] = useState(0);
  const [reason, setReason] = useState('');
  const [merging, setMerging] = useState<P | null>(null);
  // Phones have no keyboard shortcuts to show, and need the room for the labels.
  const isPhone = useMediaQuery('(max-width: 47.99em)');
  const query = useQuery({
    queryKey: [queryKey, statuses.join(','), villageCode],
    queryFn: () => list({ status: statuses, villageCode: villageCode ?? undefined, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const items = query.data?.items ?? [];
  const current = items[Math.min(index, Math.max(0, items.length - 1))] ?? null;

  const refresh = useCallback(async () => {
    for (const key of refreshKeys) await queryClient.invalidateQueries({ queryKey: [key] });
  }, [queryClient, refreshKeys]);

  const decision = useMutation({
    mutationFn: (input: { pair: P; decision: PairDecision }) =>
      decide(input.pair.id, input.decision, reason.trim() || undefined),
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
        title={t(mode === 'merge' ? `${texts}.emptyMergeTitle` : `${texts}.emptyTitle`)}
        description={t(mode === 'merge' ? `${texts}.emptyMerge` : `${texts}.empty`)}
        data-testid="queue-empty"
      />
    );
  }
  const position = Math.min(index, items.length - 1) + 1;
  const decisionButton = (action: 'accept' | 'reject' | 'skip' | 'merge') => {
    const look = DECISION_BUTTONS[action];
    return (
      <Button
        key={action}
        color={look.color}
        leftSection={look.icon}
        rightSection={isPhone ? undefined : <Kbd size="xs">{shortcutOf(action)}</Kbd>}
        aria-keyshortcuts={shortcutOf(action)}
        onClick={() => act(action)}
        loading={decision.isPending && decision.variables?.decision === action}
        data-testid={`decision-${action}`}
        flex={{ base: 1, xs: 'none' }}
      >
        {t(`linkage.actions.${action}`)}
      </Button>
    );
  };

  return (
    <Stack gap="sm" data-testid={testId}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs">
          <Text size="sm" fw={600} data-testid="queue-position" data-total={total}>
            {t(`${texts}.position`, {
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
        data-testid={pairTestId}
        data-pair-id={current.id}
      >
        {renderPair(current)}
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
        {(mode === 'review' ? (['accept', 'reject', 'skip'] as const) : (['merge', 'reject'] as const)).map(
          decisionButton,
        )}
      </Group>
      {!isPhone && (
        <Text size="xs" c="dimmed" data-testid="shortcut-help">
          {t(mode === 'review' ? 'linkage.queue.shortcuts' : 'linkage.queue.shortcutsMerge')}
        </Text>
      )}
      {renderMerge(merging, () => void closeMerge())}
    </Stack>
  );
}
