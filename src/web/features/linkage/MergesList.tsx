import { useState, type FormEvent } from 'react';
import { Alert, Anchor, Badge, Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { listPersonMerges, undoPersonMerge } from '../../api/client.ts';
import type { LinkagePersonRef, PersonMerge } from '../../api/types.ts';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { PageLoader } from '../../components/PageLoader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { useLang } from '../../lib/hooks.ts';
import { householdPath } from '../registry/paths.ts';

function PersonCell({ person }: { person: LinkagePersonRef }) {
  return (
    <Stack gap={0}>
      <Text size="sm" fw={500}>
        {person.name}
      </Text>
      <Anchor component={Link} to={householdPath(person.householdId)} size="xs" ff="monospace">
        {person.kkNumber ?? `#${person.householdId}`}
      </Anchor>
      <Text size="xs" c="dimmed">
        {person.villageName}
      </Text>
    </Stack>
  );
}

function UndoModal({ merge, onClose }: { merge: PersonMerge | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (id: number) => undoPersonMerge(id, reason.trim()),
    onSuccess: async (m) => {
      notifications.show({ color: 'teal', message: t('linkage.merges.undone', { name: m.merged.name }) });
      setReason('');
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['linkage-merges'] });
      await queryClient.invalidateQueries({ queryKey: ['linkage-pairs'] });
      await queryClient.invalidateQueries({ queryKey: ['linkage-conflicts'] });
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
      data-testid="undo-modal"
    >
      {merge && (
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="sm">
            <Text size="sm">
              {t('linkage.merges.undoText', { kept: merge.survivor.name, merged: merge.merged.name })}
            </Text>
            <TextInput
              label={t('linkage.merges.undoReason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={error}
              required
              maxLength={1000}
              data-autofocus
              data-testid="undo-reason"
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
              <Button type="submit" color="orange" loading={mutation.isPending} data-testid="undo-submit">
                {t('linkage.merges.undo')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

/** Merges, newest first, each with the two records, who merged them and why, and an undo button. */
export function MergesList() {
  const { t } = useTranslation();
  const lang = useLang();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [undoing, setUndoing] = useState<PersonMerge | null>(null);
  const query = useQuery({
    queryKey: ['linkage-merges', page, pageSize],
    queryFn: () => listPersonMerges({ page, pageSize }),
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
        totalText={t('linkage.merges.total', { total: formatNumber(data.total, lang) })}
      />
      {data.items.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="merges-empty">
          {t('linkage.merges.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720} type="native">
          <Table data-testid="merges-table" fz="sm" verticalSpacing="xs" striped>
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
                  data-testid="merge-row"
                  data-merge-id={m.id}
                  data-undone={m.undoneAt ? 'true' : 'false'}
                >
                  <Table.Td>
                    <Text size="sm">{formatDateTime(m.mergedAt, lang)}</Text>
                    <Text size="xs" c="dimmed">
                      {m.mergedBy}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <PersonCell person={m.survivor} />
                  </Table.Td>
                  <Table.Td>
                    <PersonCell person={m.merged} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{m.reason}</Text>
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
                        data-testid="merge-undo"
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
      <UndoModal merge={undoing} onClose={() => setUndoing(null)} />
    </Stack>
  );
}
