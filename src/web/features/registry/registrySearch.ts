/**
 * The registry page's search state, kept in the URL query string so that a search can be shared
 * and the back button returns to it. Pure functions: parse, change, serialise, and map to API queries.
 */
import type { HouseholdQuery, HouseholdSort, PersonQuery } from '../../api/types.ts';

export type RegistryTab = 'households' | 'persons';

export interface RegistrySearch {
  tab: RegistryTab;
  q: string;
  districtCode: string;
  villageCode: string;
  rw: string;
  rt: string;
  desil: number | null;
  sort: HouseholdSort | null;
  page: number;
  pageSize: number;
}

export const PAGE_SIZES = [10, 25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 25;
export const HOUSEHOLD_SORTS: readonly HouseholdSort[] = ['kk', 'name', 'desil', 'village'];

export const DEFAULT_SEARCH: RegistrySearch = {
  tab: 'households',
  q: '',
  districtCode: '',
  villageCode: '',
  rw: '',
  rt: '',
  desil: null,
  sort: null,
  page: 1,
  pageSize: DEFAULT_PAGE_SIZE,
};

const REGION_CODE = /^[0-9.]{1,20}$/;
const RT_RW = /^[0-9]{1,3}$/;

function positiveInt(text: string | null): number | null {
  if (!text || !/^[0-9]{1,6}$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 ? n : null;
}

/** Reads the search state from a query string, dropping values that are malformed. */
export function parseRegistrySearch(params: URLSearchParams): RegistrySearch {
  const tab = params.get('tab') === 'persons' ? 'persons' : 'households';
  const code = (key: string): string => {
    const value = params.get(key)?.trim() ?? '';
    return REGION_CODE.test(value) ? value : '';
  };
  const rtRw = (key: string): string => {
    const value = params.get(key)?.trim() ?? '';
    return RT_RW.test(value) ? value : '';
  };
  const desil = positiveInt(params.get('desil'));
  const pageSize = positiveInt(params.get('pageSize'));
  const sort = params.get('sort');
  return {
    tab,
    q: (params.get('q') ?? '').slice(0, 200),
    districtCode: code('districtCode'),
    villageCode: code('villageCode'),
    rw: rtRw('rw'),
    rt: rtRw('rt'),
    desil: desil !== null && desil <= 10 ? desil : null,
    sort: HOUSEHOLD_SORTS.find((s) => s === sort) ?? null,
    page: positiveInt(params.get('page')) ?? 1,
    pageSize: PAGE_SIZES.find((s) => s === pageSize) ?? DEFAULT_PAGE_SIZE,
  };
}

/** Writes the search state to a query string, leaving out defaults so URLs stay short. */
export function serializeRegistrySearch(search: RegistrySearch): URLSearchParams {
  const params = new URLSearchParams();
  if (search.tab !== 'households') params.set('tab', search.tab);
  const q = search.q.trim();
  if (q) params.set('q', q);
  if (search.districtCode) params.set('districtCode', search.districtCode);
  if (search.villageCode) params.set('villageCode', search.villageCode);
  if (search.rw) params.set('rw', search.rw);
  if (search.rt) params.set('rt', search.rt);
  if (search.desil !== null) params.set('desil', String(search.desil));
  if (search.sort) params.set('sort', search.sort);
  if (search.page > 1) params.set('page', String(search.page));
  if (search.pageSize !== DEFAULT_PAGE_SIZE) params.set('pageSize', String(search.pageSize));
  return params;
}

/**
 * Applies a change. Any change other than the page itself starts again at page 1 (the old page may not
 * exist in the new result); a new kecamatan clears a kelurahan that belonged to another one.
 */
export function changeSearch(
  search: RegistrySearch,
  patch: Partial<RegistrySearch>,
  villageParent?: (villageCode: string) => string | null,
): RegistrySearch {
  const next: RegistrySearch = { ...search, ...patch };
  const onlyPage = Object.keys(patch).every((key) => key === 'page');
  if (!onlyPage && patch.page === undefined) next.page = 1;
  if (patch.districtCode !== undefined && next.villageCode && villageParent) {
    const parent = villageParent(next.villageCode);
    if (next.districtCode && parent !== next.districtCode) next.villageCode = '';
  }
  if (patch.villageCode && villageParent) {
    const parent = villageParent(patch.villageCode);
    if (parent) next.districtCode = parent;
  }
  if (patch.villageCode !== undefined && patch.villageCode !== search.villageCode) {
    // RW and RT numbers only mean something inside one kelurahan.
    if (patch.rw === undefined) next.rw = '';
    if (patch.rt === undefined) next.rt = '';
  }
  return next;
}

/** True when any filter (not paging or sorting) is set. */
export function hasFilters(search: RegistrySearch): boolean {
  return Boolean(
    search.q.trim() ||
    search.districtCode ||
    search.villageCode ||
    search.rw ||
    search.rt ||
    search.desil !== null,
  );
}

/** The `/api/households` query for a search state. */
export function householdQueryOf(search: RegistrySearch): HouseholdQuery {
  return {
    q: search.q.trim() || undefined,
    districtCode: search.districtCode || undefined,
    villageCode: search.villageCode || undefined,
    rw: search.rw || undefined,
    rt: search.rt || undefined,
    desil: search.desil ?? undefined,
    sort: search.sort ?? undefined,
    page: search.page,
    pageSize: search.pageSize,
  };
}

/** The `/api/persons` query for a search state (the contract has no kecamatan or desil filter for persons). */
export function personQueryOf(search: RegistrySearch): PersonQuery {
  return {
    q: search.q.trim() || undefined,
    villageCode: search.villageCode || undefined,
    rw: search.rw || undefined,
    rt: search.rt || undefined,
    page: search.page,
    pageSize: search.pageSize,
  };
}
