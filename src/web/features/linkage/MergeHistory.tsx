import { useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { PageLoader } from '../../components/PageLoader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { useLang } from '../../lib/hooks.ts';
import type { MergeTrail } from '../../api/types.ts';

/** What a merge list shows of every merge, person or family. */
export interface MergeEntry<R> extends MergeTrail {
  id: number;
  survivor: R;
  merged: R;
}

/** How a merge list reads, undoes and shows its merges. */
export interface MergeHistoryProps<R, M extends MergeEntry<R>> {
  /** The first part of the list's query key. */
  queryKey: string;
  list: (query: { page: number; pageSize: number }) => Promise<{ items: M[]; total: number }>;
  undo: (id: number, reason: string) => Promise<M>;
  /** Query keys refreshed, in order, after an undo. */
  refreshKeys: readonly string[];
  /** Where the list's own texts (total, none) live. */
  texts: 'linkage.merges' | 'linkage.family.merges';
  /** Prefix of the test ids: '' for persons, 'family-' for family cards. */
  testIdPrefix: '' | 'family-';
  renderRecord: (record: R) => ReactNode;
  /** A line under the reason, if any. */
  renderDetail?: (merge: M) => ReactNode;
  undoText: (merge: M) => string;
  undoneMessage: (merge: M) => string;
}

function UndoModal<R, M extends MergeEntry<R>>({
  merge,
  onClose,
  undo,
  refreshKeys,
  testIdPrefix,
  undoText,
  undoneMessage,
}: Pick<MergeHistoryProps<R, M>, 'undo' | 'refreshKeys' | 'testIdPrefix' | 'undoText' | 'undoneMessage'> & {
  merge: M | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (id: number) => undo(id, reason.trim()),
    onSuccess: async (m) => {
      notifications.show({ color: 'teal', message: undoneMessage(m) });
      setReason('');
      onClose();
      for (const key of refreshKeys) await queryClient.invalidateQueries({ queryKey: [key] });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!merge) return;
    if (reason.trim().length < 5) {
      setError(t('linkage.reasonTooShort'));
      return;
    }
    setError(null);
    mutation.mutate(merge.id);
  };
  return (
    <Modal
      opened={merge !== null}
      onClose={onClose}
      title={t('linkage.merges.undoTitle')}
      data-testid={`${testIdPrefix}undo-modal`}
    >
      {merge && (
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="sm">
            <Text size="sm">{undoText(merge)}</Text>
            <TextInput
              label={t('linkage.merges.undoReason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={error}
              required
              maxLength={1000}
              data-autofocus
              data-testid={`${testIdPrefix}undo-reason`}
            />
            {mutation.isError && (
              <Alert color="red" role="alert">
                {errorMessage(mutation.error, t)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button
                type="submit"
                color="orange"
                loading={mutation.isPending}
                data-testid={`${testIdPrefix}undo-submit`}
              >
                {t('linkage.merges.undo')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

/**
 * Merges, newest first, each with the two records, who merged them and why, and an undo button: the
 * person and the family merge lists.
 */
export function MergeHistory<R, M extends MergeEntry<R>>(props: MergeHistoryProps<R, M>) {
  const { queryKey, list, texts, testIdPrefix, renderRecord, renderDetail } = props;
  const { t } = useTranslation();
  const lang = useLang();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [undoing, setUndoing] = useState<M | null>(null);
  const query = useQuery({
    queryKey: [queryKey, page, pageSize],
    queryFn: () => list({ page, pageSize }),
    placeholderData: keepPreviousData,
  });
  if (query.isPending) return <PageLoader />;
  if (query.isError && !query.data)
    return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const data = query.data;
  if (!data) return null;
  return (
    <Stack gap="sm">
      <Pager
        total={data.total}
        page={page}
        pageSize={pageSize}
        pageSizes={[20, 50, 100]}
        onPageChange={setPage}
        onPageSizeChange={(size) => {
          setPageSize(size);
          setPage(1);
        }}
        totalText={t(`${texts}.total`, { total: formatNumber(data.total, lang) })}
      />
      {data.items.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid={`${testIdPrefix}merges-empty`}>
          {t(`${texts}.none`)}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720} type="native">
          <Table data-testid={`${testIdPrefix}merges-table`} fz="sm" verticalSpacing="xs" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('linkage.merges.when')}</Table.Th>
                <Table.Th>{t('linkage.merges.kept')}</Table.Th>
                <Table.Th>{t('linkage.merges.merged')}</Table.Th>
                <Table.Th>{t('linkage.merges.reason')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((m) => (
                <Table.Tr
                  key={m.id}
                  data-testid={`${testIdPrefix}merge-row`}
                  data-merge-id={m.id}
                  data-undone={m.undoneAt ? 'true' : 'false'}
                >
                  <Table.Td>
                    <Text size="sm">{formatDateTime(m.mergedAt, lang)}</Text>
                    <Text size="xs" c="dimmed">
                      {m.mergedBy}
                    </Text>
                  </Table.Td>
                  <Table.Td>{renderRecord(m.survivor)}</Table.Td>
                  <Table.Td>{renderRecord(m.merged)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{m.reason}</Text>
                    {renderDetail?.(m)}
                    {m.undoneAt && (
                      <Text size="xs" c="orange.8">
                        {t('linkage.merges.undoneBy', {
                          actor: m.undoneBy ?? '',
                          at: formatDateTime(m.undoneAt, lang),
                          reason: m.undoReason ?? '',
                        })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {m.undoneAt ? (
                      <Badge color="orange" variant="light">
                        {t('linkage.merges.undoneBadge')}
                      </Badge>
                    ) : (
                      <Button
                        size="xs"
                        variant="light"
                        color="orange"
                        leftSection={<IconArrowBackUp size={14} />}
                        onClick={() => setUndoing(m)}
                        data-testid={`${testIdPrefix}merge-undo`}
                      >
                        {t('linkage.merges.undo')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <UndoModal<R, M>
        merge={undoing}
        onClose={() => setUndoing(null)}
        undo={props.undo}
        refreshKeys={props.refreshKeys}
        testIdPrefix={testIdPrefix}
        undoText={props.undoText}
        undoneMessage={props.undoneMessage}
      />
    </Stack>
  );
}
