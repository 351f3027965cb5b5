/** Small shared hooks: the current language and the reference data every page needs. */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getDictionary, getRegions } from '../api/client.ts';
import type { Language, Region } from '../api/types.ts';
import { normalizeLanguage } from '../i18n/index.ts';

/** The interface language, re-rendering when it changes. */
export function useLang(): Language {
  const { i18n } = useTranslation();
  return normalizeLanguage(i18n.resolvedLanguage ?? i18n.language);
}

/** The data dictionary served by the API (labels of person codes), cached for the session. */
export function useDictionary() {
  return useQuery({ queryKey: ['dictionary'], queryFn: getDictionary, staleTime: Infinity });
}

export interface RegionIndex {
  districts: Region[];
  villages: Region[];
  /** Kelurahan of a kecamatan, or all kelurahan when no kecamatan is given. */
  villagesOf: (districtCode: string | null | undefined) => Region[];
  parentOf: (villageCode: string) => string | null;
  nameOf: (code: string) => string | null;
}

/** Builds lookups over the region list (pure). */
export function indexRegions(regions: readonly Region[]): RegionIndex {
  const byName = (a: Region, b: Region) => a.name.localeCompare(b.name, 'id');
  const districts = regions.filter((r) => r.level === 'district').sort(byName);
  const villages = regions.filter((r) => r.level === 'village').sort(byName);
  const byCode = new Map(regions.map((r) => [r.code, r]));
  return {
    districts,
    villages,
    villagesOf: (districtCode) =>
      districtCode ? villages.filter((v) => v.parentCode === districtCode) : villages,
    parentOf: (villageCode) => byCode.get(villageCode)?.parentCode ?? null,
    nameOf: (code) => byCode.get(code)?.name ?? null,
  };
}

/** The kecamatan and kelurahan within the user's scope, with lookups. */
export function useRegions() {
  const query = useQuery({ queryKey: ['regions'], queryFn: getRegions, staleTime: 60 * 60 * 1000 });
  const index = useMemo(() => indexRegions(query.data ?? []), [query.data]);
  return { ...query, index };
}
