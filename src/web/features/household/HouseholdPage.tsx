import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { IconArrowLeft, IconEdit, IconExternalLink, IconMapPin } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { getHousehold, isApiStatus } from '../../api/client.ts';
import type { HouseholdDetail, PersonDetail } from '../../api/types.ts';
import { DesilBadge } from '../../components/DesilBadge.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageLoader } from '../../components/PageLoader.tsx';
import { formatDate, formatDateTime, formatRtRw, openStreetMapUrl } from '../../lib/format.ts';
import { useLang } from '../../lib/hooks.ts';
import { HistoryTimeline } from './HistoryTimeline.tsx';
import { MembersTable } from './MembersTable.tsx';
import { VariablesSection } from './VariablesSection.tsx';
import { RankingSection } from '../ranking/RankingSection.tsx';
import { HouseholdEditModal } from './HouseholdEditModal.tsx';
import { PersonEditModal } from './PersonEditModal.tsx';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { can } from '../../lib/navigation.ts';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children || '—'}
      </Text>
    </div>
  );
}

function HeaderCard({ household, mayEdit }: { household: HouseholdDetail; mayEdit: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [editing, setEditing] = useState(false);
  const release = household.officialDesilRelease;
  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t('household.kkNumber')}
            </Text>
            <Title order={2} ff="monospace" data-testid="household-title" style={{ wordBreak: 'break-all' }}>
              {household.kkNumber ?? t('household.noKk')}
            </Title>
            <Text fw={500}>{household.headName ?? t('household.noHead')}</Text>
          </div>
          <Stack gap={4} align="flex-end">
            <DesilBadge desil={household.officialDesil} size="lg" data-testid="household-desil" />
            <Text size="xs" c="dimmed" ta="right">
              {release
                ? t('household.desilRelease', {
                    label: release.label,
                    date: formatDate(release.releaseDate, lang),
                  })
                : t('household.desilNoRelease')}
            </Text>
            {household.status !== 1 && (
              <Badge color="gray" variant="outline">
                {t(`householdStatus.${household.status}`, { defaultValue: String(household.status) })}
              </Badge>
            )}
          </Stack>
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="sm">
          <Field label={t('household.address')}>{household.address}</Field>
          <Field label={t('household.rtRw')}>{formatRtRw(household.rt, household.rw)}</Field>
          <Field label={t('household.village')}>{household.villageName}</Field>
          <Field label={t('household.district')}>{household.districtName}</Field>
          <Field label={t('household.members')}>{household.members.length}</Field>
          <Field label={t('household.dtsenId')}>{household.dtsenId}</Field>
        </SimpleGrid>
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Text size="xs" c="dimmed">
            {t('household.meta', {
              updated: formatDateTime(household.updatedAt, lang),
              version: household.version,
              dictionary: household.dictionaryVersion,
            })}
          </Text>
          {mayEdit && (
            <Button
              variant="light"
              size="xs"
              leftSection={<IconEdit size={16} aria-hidden />}
              onClick={() => setEditing(true)}
              data-testid="household-edit-open"
            >
              {t('household.edit.button')}
            </Button>
          )}
        </Group>
      </Stack>
      {mayEdit && (
        <HouseholdEditModal household={household} opened={editing} onClose={() => setEditing(false)} />
      )}
    </Card>
  );
}

function DesilHistoryCard({ household }: { household: HouseholdDetail }) {
  const { t } = useTranslation();
  const lang = useLang();
  const rows = [...household.desilHistory].sort((a, b) => b.releaseDate.localeCompare(a.releaseDate));
  return (
    <Card withBorder radius="md">
      <Title order={3} size="h4" mb="sm">
        {t('household.desilHistory')}
      </Title>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('household.desilHistoryEmpty')}
        </Text>
      ) : (
        <Table data-testid="desil-history" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('household.release')}</Table.Th>
              <Table.Th>{t('household.releaseDate')}</Table.Th>
              <Table.Th>{t('household.desil')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.releaseId}>
                <Table.Td>{row.label}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(row.releaseDate, lang)}</Table.Td>
                <Table.Td>
                  <DesilBadge desil={row.desil} size="sm" />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

function LocationCard({ household }: { household: HouseholdDetail }) {
  const { t } = useTranslation();
  const { lat, lng } = household;
  return (
    <Card withBorder radius="md">
      <Title order={3} size="h4" mb="sm">
        {t('household.location')}
      </Title>
      {lat !== null && lng !== null ? (
        <Group gap="sm" wrap="wrap">
          <IconMapPin size={18} aria-hidden />
          <Text size="sm" ff="monospace" data-testid="household-coordinates">
            {lat.toFixed(6)}, {lng.toFixed(6)}
          </Text>
          <Anchor href={openStreetMapUrl(lat, lng)} target="_blank" rel="noopener noreferrer" size="sm">
            <Group gap={4} component="span" wrap="nowrap">
              {t('household.openMap')}
              <IconExternalLink size={14} aria-hidden />
            </Group>
          </Anchor>
        </Group>
      ) : (
        <Text size="sm" c="dimmed">
          {t('household.noLocation')}
        </Text>
      )}
    </Card>
  );
}

/** The household page: header, members, socio-economic variables, desil history, location and change history. */
export function HouseholdPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const { me } = useAuth();
  // An active family is edited by those who may edit the registry (its header and each member).
  const mayEdit = (household: HouseholdDetail) =>
    household.status === 1 && can(me?.permissions, 'registry.edit');
  const [editingPerson, setEditingPerson] = useState<PersonDetail | null>(null);
  const query = useQuery({
    queryKey: ['household', id],
    queryFn: () => getHousehold(id),
    enabled: id !== '',
  });

  // Back returns to the search the user came from (its URL); a household opened from a link goes to the registry.
  const goBack = () => (location.key !== 'default' ? navigate(-1) : navigate('/registri'));

  return (
    <Stack gap="md">
      <Group>
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconArrowLeft size={16} aria-hidden />}
          onClick={goBack}
        >
          {t('household.back')}
        </Button>
      </Group>
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <ErrorAlert
          error={query.error}
          onRetry={isApiStatus(query.error, 404) ? undefined : () => void query.refetch()}
        />
      ) : (
        <>
          <HeaderCard household={query.data} mayEdit={mayEdit(query.data)} />
          <Card withBorder radius="md">
            <Title order={3} size="h4" mb="sm">
              {t('household.membersTitle')}
            </Title>
            <MembersTable
              members={query.data.members}
              onEdit={
                query.data.status === 1 && can(me?.permissions, 'registry.edit')
                  ? setEditingPerson
                  : undefined
              }
            />
          </Card>
          <PersonEditModal person={editingPerson} onClose={() => setEditingPerson(null)} />
          <RankingSection householdId={query.data.id} />
          <VariablesSection variables={query.data.variables} />
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <DesilHistoryCard household={query.data} />
            <LocationCard household={query.data} />
          </SimpleGrid>
          <HistoryTimeline householdId={id} />
        </>
      )}
    </Stack>
  );
}
