import { useCallback, useMemo, useState } from 'react';
import {
  Badge,
  Button,
  Collapse,
  EmptyState,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import {
  IconAdjustments,
  IconDownload,
  IconFilterOff,
  IconHome,
  IconSearch,
  IconUser,
} from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { householdsExportUrl, listHouseholds, listPersons } from '../../api/client.ts';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { DebouncedTextInput } from '../../components/DebouncedTextInput.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageLoader } from '../../components/PageLoader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { formatNumber } from '../../lib/format.ts';
import { useLang, useRegions } from '../../lib/hooks.ts';
import { desilLabel } from '../../lib/labels.ts';
import { can } from '../../lib/navigation.ts';
import { HouseholdsTable } from './HouseholdsTable.tsx';
import { PersonsTable } from './PersonsTable.tsx';
import {
  DEFAULT_SEARCH,
  HOUSEHOLD_SORTS,
  PAGE_SIZES,
  changeSearch,
  hasFilters,
  householdQueryOf,
  parseRegistrySearch,
  personQueryOf,
  serializeRegistrySearch,
  type RegistrySearch,
  type RegistryTab,
} from './registrySearch.ts';

const DIGIT = /[0-9]/;

/** The registry: search and filter households and persons, server-paginated, with the state in the URL. */
export function RegistryPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseRegistrySearch(params), [params]);
  const { index: regions } = useRegions();
  // On a phone the filters fold away so that the results start on the first screen.
  const isPhone = useMediaQuery('(max-width: 47.99em)', undefined, { getInitialValueInEffect: false });
  const activeFilters = [
    search.districtCode,
    search.villageCode,
    search.rw,
    search.rt,
    search.desil,
    search.sort,
  ].filter((value) => value !== null && value !== '').length;
  const [filtersOpen, setFiltersOpen] = useState(activeFilters > 0);

  const update = useCallback(
    (patch: Partial<RegistrySearch>, options: { replace?: boolean } = {}) => {
      const next = changeSearch(search, patch, regions.parentOf);
      setParams(serializeRegistrySearch(next), { replace: options.replace ?? false });
    },
    [search, regions, setParams],
  );

  const householdQuery = householdQueryOf(search);
  const households = useQuery({
    queryKey: ['households', householdQuery],
    queryFn: () => listHouseholds(householdQuery),
    placeholderData: keepPreviousData,
    enabled: search.tab === 'households',
  });
  const personQuery = personQueryOf(search);
  const persons = useQuery({
    queryKey: ['persons', personQuery],
    queryFn: () => listPersons(personQuery),
    placeholderData: keepPreviousData,
    enabled: search.tab === 'persons',
  });

  const active = search.tab === 'households' ? households : persons;
  const villages = regions.villagesOf(search.districtCode);

  const desilOptions = Array.from({ length: 10 }, (_, i) => {
    const desil = i + 1;
    const label = desilLabel(desil, lang);
    return {
      value: String(desil),
      label: label ? t('desil.optionWithLabel', { desil, label }) : t('desil.option', { desil }),
    };
  });

  const results = (() => {
    if (active.isPending) return <PageLoader />;
    if (active.isError && !active.data)
      return <ErrorAlert error={active.error} onRetry={() => void active.refetch()} />;
    const page = active.data;
    if (!page) return null;
    const noun = search.tab === 'households' ? 'registry.totalHouseholds' : 'registry.totalPersons';
    const pager = (
      <Pager
        total={page.total}
        page={search.page}
        pageSize={search.pageSize}
        pageSizes={PAGE_SIZES}
        onPageChange={(p) => update({ page: p })}
        onPageSizeChange={(size) => update({ pageSize: size })}
        totalText={t(noun, { total: formatNumber(page.total, lang) })}
      />
    );
    if (page.items.length === 0) {
      return (
        <Stack>
          {pager}
          <EmptyState
            icon={<IconSearch />}
            title={t('registry.emptyTitle')}
            description={hasFilters(search) ? t('registry.emptyFiltered') : t('registry.emptyAll')}
            data-testid="registry-empty"
          >
            {hasFilters(search) && (
              <EmptyState.Actions>
                <Button
                  variant="light"
                  leftSection={<IconFilterOff size={16} />}
                  onClick={() => update({ ...DEFAULT_SEARCH, tab: search.tab, pageSize: search.pageSize })}
                >
                  {t('registry.clearFilters')}
                </Button>
              </EmptyState.Actions>
            )}
          </EmptyState>
        </Stack>
      );
    }
    return (
      <Stack gap="sm">
        {active.isError && <ErrorAlert error={active.error} onRetry={() => void active.refetch()} />}
        {search.tab === 'households' && households.data ? (
          <HouseholdsTable items={households.data.items} busy={households.isPlaceholderData} />
        ) : persons.data ? (
          <PersonsTable items={persons.data.items} busy={persons.isPlaceholderData} />
        ) : null}
        {pager}
      </Stack>
    );
  })();

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2}>{t('registry.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('registry.subtitle')}
          </Text>
        </div>
        {search.tab === 'households' && can(me?.permissions, 'registry.export') && (
          <Button
            component="a"
            href={householdsExportUrl(householdQuery)}
            download
            variant="light"
            leftSection={<IconDownload size={16} aria-hidden />}
            data-testid="export-csv"
          >
            {t('registry.exportCsv')}
          </Button>
        )}
      </Group>

      <Paper withBorder p={{ base: 'sm', sm: 'md' }} radius="md">
        <Stack gap="sm">
          <DebouncedTextInput
            data-testid="search-input"
            label={t('registry.searchLabel')}
            placeholder={t('registry.searchPlaceholder')}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search.q}
            onCommit={(q) => update({ q }, { replace: true })}
            inputMode="search"
            enterKeyHint="search"
            autoComplete="off"
          />
          {isPhone && (
            <Button
              variant="light"
              size="xs"
              leftSection={<IconAdjustments size={16} aria-hidden />}
              rightSection={
                activeFilters > 0 ? (
                  <Badge size="xs" circle>
                    {activeFilters}
                  </Badge>
                ) : undefined
              }
              aria-expanded={filtersOpen}
              aria-controls="registry-filters"
              onClick={() => setFiltersOpen((open) => !open)}
              w="fit-content"
            >
              {t('registry.filters')}
            </Button>
          )}
          <Collapse expanded={!isPhone || filtersOpen} id="registry-filters">
            <SimpleGrid cols={{ base: 2, sm: 3, lg: search.tab === 'households' ? 6 : 5 }} spacing="sm">
              <Select
                label={t('registry.district')}
                placeholder={t('common.all')}
                data={regions.districts.map((d) => ({ value: d.code, label: d.name }))}
                value={search.districtCode || null}
                onChange={(value) => update({ districtCode: value ?? '' })}
                clearable
                searchable
                nothingFoundMessage={t('common.nothingFound')}
              />
              <Select
                label={t('registry.village')}
                placeholder={t('common.all')}
                data={villages.map((v) => ({ value: v.code, label: v.name }))}
                value={search.villageCode || null}
                onChange={(value) => update({ villageCode: value ?? '' })}
                clearable
                searchable
                nothingFoundMessage={t('common.nothingFound')}
              />
              <DebouncedTextInput
                label={t('registry.rw')}
                placeholder={t('common.all')}
                value={search.rw}
                allow={DIGIT}
                maxLength={3}
                inputMode="numeric"
                onCommit={(rw) => update({ rw }, { replace: true })}
              />
              <DebouncedTextInput
                label={t('registry.rt')}
                placeholder={t('common.all')}
                value={search.rt}
                allow={DIGIT}
                maxLength={3}
                inputMode="numeric"
                onCommit={(rt) => update({ rt }, { replace: true })}
              />
              {search.tab === 'households' && (
                <Select
                  label={t('registry.desil')}
                  placeholder={t('common.all')}
                  data={desilOptions}
                  value={search.desil === null ? null : String(search.desil)}
                  onChange={(value) => update({ desil: value ? Number(value) : null })}
                  clearable
                />
              )}
              {search.tab === 'households' && (
                <Select
                  label={t('registry.sort')}
                  placeholder={t('registry.sortDefault')}
                  data={HOUSEHOLD_SORTS.map((s) => ({ value: s, label: t(`registry.sortBy.${s}`) }))}
                  value={search.sort}
                  onChange={(value) => update({ sort: HOUSEHOLD_SORTS.find((s) => s === value) ?? null })}
                  clearable
                />
              )}
            </SimpleGrid>
          </Collapse>
          {search.tab === 'persons' && search.districtCode && !search.villageCode && (
            <Text size="xs" c="dimmed">
              {t('registry.personsDistrictHint')}
            </Text>
          )}
        </Stack>
      </Paper>

      <Tabs
        value={search.tab}
        onChange={(value) =>
          update({ tab: (value === 'persons' ? 'persons' : 'households') satisfies RegistryTab })
        }
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="households" leftSection={<IconHome size={16} aria-hidden />}>
            {t('registry.tabHouseholds')}
          </Tabs.Tab>
          <Tabs.Tab value="persons" leftSection={<IconUser size={16} aria-hidden />}>
            {t('registry.tabPersons')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="households" pt="md">
          {search.tab === 'households' && results}
        </Tabs.Panel>
        <Tabs.Panel value="persons" pt="md">
          {search.tab === 'persons' && results}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
