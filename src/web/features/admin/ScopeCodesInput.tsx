import { useState } from 'react';
import { MultiSelect, Select, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { listRtUnits } from '../../api/client.ts';
import type { ScopeLevel } from '../../api/types.ts';
import { useRegions, type RegionIndex } from '../../lib/hooks.ts';
import { parseRtScope } from './userForm.ts';

/** A readable name for a scope code: a region name, or "Kelurahan RW x RT y" for an RT scope. */
export function scopeCodeLabel(
  code: string,
  regions: RegionIndex,
  rwRt: (rw: string, rt: string) => string,
): string {
  const rt = parseRtScope(code);
  if (rt) return `${regions.nameOf(rt.villageCode) ?? rt.villageCode} ${rwRt(rt.rw, rt.rt)}`;
  return regions.nameOf(code) ?? code;
}

interface ScopeCodesInputProps {
  level: ScopeLevel | null;
  value: string[];
  onChange: (codes: string[]) => void;
  error?: string;
}

/** Picks the regions a user may see: kecamatan, kelurahan, or RT units of a kelurahan, by scope level. */
export function ScopeCodesInput({ level, value, onChange, error }: ScopeCodesInputProps) {
  const { t } = useTranslation();
  const { index: regions } = useRegions();
  const [village, setVillage] = useState<string | null>(() => {
    const first = value[0];
    return first ? (parseRtScope(first)?.villageCode ?? null) : null;
  });
  const units = useQuery({
    queryKey: ['rt-units', village],
    queryFn: () => listRtUnits(village ?? undefined),
    enabled: level === 'rt' && village !== null,
  });
  const rwRt = (rw: string, rt: string) => t('rtUnits.rwRt', { rw, rt });

  if (level === null || level === 'city') return null;

  if (level === 'district' || level === 'village') {
    const options = level === 'district' ? regions.districts : regions.villages;
    const data = options.map((r) => ({ value: r.code, label: r.name }));
    for (const code of value)
      if (!data.some((d) => d.value === code)) data.push({ value: code, label: code });
    return (
      <MultiSelect
        label={level === 'district' ? t('users.scopeDistricts') : t('users.scopeVillages')}
        data={data}
        value={value}
        onChange={onChange}
        searchable
        clearable
        required
        error={error}
        nothingFoundMessage={t('common.nothingFound')}
      />
    );
  }

  const data = (units.data ?? [])
    .filter((u) => u.active)
    .map((u) => ({ value: `${u.villageCode}/${u.rw}/${u.rt}`, label: rwRt(u.rw, u.rt) }));
  for (const code of value) {
    if (!data.some((d) => d.value === code))
      data.push({ value: code, label: scopeCodeLabel(code, regions, rwRt) });
  }
  return (
    <Stack gap="xs">
      <Select
        label={t('users.scopeRtVillage')}
        data={regions.villages.map((r) => ({ value: r.code, label: r.name }))}
        value={village}
        onChange={setVillage}
        searchable
        nothingFoundMessage={t('common.nothingFound')}
      />
      <MultiSelect
        label={t('users.scopeRts')}
        data={data}
        value={value}
        onChange={onChange}
        searchable
        clearable
        required
        disabled={village === null && value.length === 0}
        error={error}
        nothingFoundMessage={units.isFetching ? t('common.loading') : t('users.noRtUnits')}
      />
    </Stack>
  );
}
