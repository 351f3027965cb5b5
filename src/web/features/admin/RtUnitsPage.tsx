import { useState, type FormEvent } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createRtUnit, listRtUnits, setRtUnitActive } from '../../api/client.ts';
import type { RtUnit } from '../../api/types.ts';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { PageLoader } from '../../components/PageLoader.tsx';
import { formatNumber } from '../../lib/format.ts';
import { useLang, useRegions } from '../../lib/hooks.ts';
import { compareRtUnits, validateRtUnit, type RtUnitFormErrors } from './rtUnitForm.ts';

const digitsOnly = (text: string) => text.replace(/[^0-9]/g, '').slice(0, 3);

function AddRtUnitForm({ villageCode }: { villageCode: string | null }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { index: regions } = useRegions();
  const [village, setVillage] = useState<string | null>(villageCode);
  const [rw, setRw] = useState('');
  const [rt, setRt] = useState('');
  const [errors, setErrors] = useState<RtUnitFormErrors>({});
  const mutation = useMutation({
    mutationFn: (unit: { villageCode: string; rw: string; rt: string }) => createRtUnit(unit),
    onSuccess: async (item) => {
      await queryClient.invalidateQueries({ queryKey: ['rt-units'] });
      notifications.show({
        color: 'teal',
        message: t('rtUnits.added', { rw: item.rw, rt: item.rt, village: item.villageName }),
      });
      setRt('');
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateRtUnit({ villageCode: village, rw, rt });
    setErrors(found);
    if (Object.keys(found).length === 0 && village)
      mutation.mutate({ villageCode: village, rw: rw.trim(), rt: rt.trim() });
  };
  const err = (key: keyof RtUnitFormErrors) => {
    const found = errors[key];
    return found ? t(found) : undefined;
  };

  return (
    <Card withBorder radius="md">
      <form onSubmit={onSubmit} noValidate aria-label={t('rtUnits.addTitle')}>
        <Stack gap="sm">
          <Title order={3} size="h5">
            {t('rtUnits.addTitle')}
          </Title>
          {mutation.isError && (
            <Alert color="red" role="alert">
              {errorMessage(mutation.error, t)}
            </Alert>
          )}
          <Group align="flex-start" gap="sm" wrap="wrap">
            <Select
              label={t('registry.village')}
              data={regions.villages.map((v) => ({ value: v.code, label: v.name }))}
              value={village}
              onChange={setVillage}
              searchable
              required
              w={{ base: '100%', xs: 240 }}
              error={err('villageCode')}
              nothingFoundMessage={t('common.nothingFound')}
            />
            <TextInput
              label={t('registry.rw')}
              value={rw}
              onChange={(e) => setRw(digitsOnly(e.currentTarget.value))}
              inputMode="numeric"
              required
              w={100}
              error={err('rw')}
            />
            <TextInput
              label={t('registry.rt')}
              value={rt}
              onChange={(e) => setRt(digitsOnly(e.currentTarget.value))}
              inputMode="numeric"
              required
              w={100}
              error={err('rt')}
            />
            <Button
              type="submit"
              mt={25}
              leftSection={<IconPlus size={16} aria-hidden />}
              loading={mutation.isPending}
            >
              {t('rtUnits.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function ToggleButton({ unit }: { unit: RtUnit }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: () => setRtUnitActive(unit.id, !unit.active),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['rt-units'] }),
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error, t) }),
  });
  return (
    <Button
      size="compact-xs"
      variant="light"
      color={unit.active ? 'gray' : 'teal'}
      loading={mutation.isPending}
      onClick={() => mutation.mutate()}
    >
      {unit.active ? t('rtUnits.deactivate') : t('rtUnits.activate')}
    </Button>
  );
}

/** RT units per kelurahan: list, add, activate or deactivate. */
export function RtUnitsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { index: regions } = useRegions();
  const [villageCode, setVillageCode] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ['rt-units', villageCode],
    queryFn: () => listRtUnits(villageCode ?? undefined),
  });
  const units = [...(query.data ?? [])].sort(compareRtUnits);

  return (
    <Stack gap="md">
      <Title order={2}>{t('rtUnits.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('rtUnits.subtitle')}
      </Text>
      <AddRtUnitForm key={villageCode ?? 'all'} villageCode={villageCode} />
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Select
          label={t('rtUnits.filterVillage')}
          placeholder={t('common.all')}
          data={regions.villages.map((v) => ({ value: v.code, label: v.name }))}
          value={villageCode}
          onChange={setVillageCode}
          clearable
          searchable
          w={{ base: '100%', xs: 280 }}
          nothingFoundMessage={t('common.nothingFound')}
        />
        {query.data && (
          <Text size="sm" fw={600} data-testid="result-total" data-total={units.length}>
            {t('rtUnits.total', { total: formatNumber(units.length, lang) })}
          </Text>
        )}
      </Group>
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : units.length === 0 ? (
        <Text c="dimmed" ta="center" py="lg">
          {t('rtUnits.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560} type="native">
          <Table data-testid="rt-units-table" striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('registry.village')}</Table.Th>
                <Table.Th>{t('registry.rw')}</Table.Th>
                <Table.Th>{t('registry.rt')}</Table.Th>
                <Table.Th ta="right">{t('rtUnits.households')}</Table.Th>
                <Table.Th>{t('users.status')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {units.map((unit) => (
                <Table.Tr key={unit.id} data-rt-unit={`${unit.villageCode}/${unit.rw}/${unit.rt}`}>
                  <Table.Td>{unit.villageName}</Table.Td>
                  <Table.Td ff="monospace">{unit.rw}</Table.Td>
                  <Table.Td ff="monospace">{unit.rt}</Table.Td>
                  <Table.Td ta="right">{formatNumber(unit.households, lang)}</Table.Td>
                  <Table.Td>
                    <Badge color={unit.active ? 'teal' : 'gray'} variant="light">
                      {unit.active ? t('users.activeYes') : t('users.activeNo')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <ToggleButton unit={unit} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
