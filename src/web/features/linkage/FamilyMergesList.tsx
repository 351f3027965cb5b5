import { useState, type FormEvent } from 'react';
import { Alert, Anchor, Badge, Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  listHouseholdMerges,
  undoHouseholdMerge,
  type HouseholdMerge,
  type HouseholdRef,
} from './familyApi.ts';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { PageLoader } from '../../components/PageLoader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { useLang } from '../../lib/hooks.ts';
import { householdPath } from '../registry/paths.ts';

function HouseholdCell({ household }: { household: HouseholdRef }) {
  return (
    <Stack gap={0}>
      <Anchor component={Link} to={householdPath(household.id)} size="sm" ff="monospace">
        {household.kkNumber ?? `#${household.id}`}
      </Anchor>
      <Text size="xs">{household.headName ?? '—'}</Text>
      <Text size="xs" c="dimmed">
        {household.villageName}
      </Text>
    </Stack>
  );
}

function UndoModal({ merge, onClose }: { merge: HouseholdMerge | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (id: number) => undoHouseholdMerge(id, reason.trim()),
    onSuccess: async (m) => {
      notifications.show({ color: 'teal', message: t('linkage.family.merges.undone', { id: m.merged.id }) });
      setReason('');
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['household-merges'] });
      await queryClient.invalidateQueries({ queryKey: ['household-pairs'] });
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
      data-testid="family-undo-modal"
    >
      {merge && (
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="sm">
            <Text size="sm">{t('linkage.family.merges.undoText')}</Text>
            <TextInput
              label={t('linkage.merges.undoReason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={error}
              required
              maxLength={1000}
              data-autofocus
              data-testid="family-undo-reason"
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
                data-testid="family-undo-submit"
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

/** Family merges, newest first, each with the two cards, who merged them and why, and an undo button. */
export function FamilyMergesList() {
  const { t } = useTranslation();
  const lang = useLang();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [undoing, setUndoing] = useState<HouseholdMerge | null>(null);
  const query = useQuery({
    queryKey: ['household-merges', page, pageSize],
    queryFn: () => listHouseholdMerges({ page, pageSize }),
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
        totalText={t('linkage.family.merges.total', { total: formatNumber(data.total, lang) })}
      />
      {data.items.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="family-merges-empty">
          {t('linkage.family.merges.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720} type="native">
          <Table data-testid="family-merges-table" fz="sm" verticalSpacing="xs" striped>
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
                  data-testid="family-merge-row"
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
                    <HouseholdCell household={m.survivor} />
                  </Table.Td>
                  <Table.Td>
                    <HouseholdCell household={m.merged} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{m.reason}</Text>
                    <Text size="xs" c="dimmed">
                      {t('linkage.family.merges.summary', {
                        merged: m.personMergeIds.length,
                        moved: m.movedPersonIds.length,
                      })}
                    </Text>
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
                        data-testid="family-merge-undo"
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
