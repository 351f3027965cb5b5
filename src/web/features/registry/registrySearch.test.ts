import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SEARCH,
  changeSearch,
  hasFilters,
  householdQueryOf,
  parseRegistrySearch,
  personQueryOf,
  serializeRegistrySearch,
} from './registrySearch.ts';

const parse = (query: string) => parseRegistrySearch(new URLSearchParams(query));
const parents: Record<string, string> = { '64.74.01.1003': '64.74.01', '64.74.02.1001': '64.74.02' };
const parentOf = (code: string) => parents[code] ?? null;

describe('registry search state', () => {
  it('gives defaults for an empty query string', () => {
    expect(parse('')).toEqual(DEFAULT_SEARCH);
    expect(serializeRegistrySearch(DEFAULT_SEARCH).toString()).toBe('');
  });

  it('round-trips a full search through the URL', () => {
    const search = {
      ...DEFAULT_SEARCH,
      tab: 'persons' as const,
      q: 'siti',
      districtCode: '64.74.01',
      villageCode: '64.74.01.1003',
      rw: '3',
      rt: '12',
      desil: 2,
      sort: 'desil' as const,
      page: 4,
      pageSize: 50,
    };
    expect(parse(serializeRegistrySearch(search).toString())).toEqual(search);
  });

  it('drops malformed values', () => {
    const s = parse('tab=x&desil=11&page=-2&pageSize=33&rw=abc&villageCode=<script>&sort=evil');
    expect(s).toEqual(DEFAULT_SEARCH);
  });

  it('goes back to page 1 when a filter changes, not when the page changes', () => {
    const onPage3 = { ...DEFAULT_SEARCH, page: 3 };
    expect(changeSearch(onPage3, { q: 'budi' }).page).toBe(1);
    expect(changeSearch(onPage3, { page: 5 }).page).toBe(5);
    expect(changeSearch(onPage3, { pageSize: 100 }).page).toBe(1);
  });

  it('clears a kelurahan that is not in the newly chosen kecamatan', () => {
    const s = { ...DEFAULT_SEARCH, districtCode: '64.74.01', villageCode: '64.74.01.1003' };
    expect(changeSearch(s, { districtCode: '64.74.02' }, parentOf).villageCode).toBe('');
    expect(changeSearch(s, { districtCode: '64.74.01' }, parentOf).villageCode).toBe('64.74.01.1003');
  });

  it('sets the kecamatan from a chosen kelurahan and clears RW/RT of the old one', () => {
    const s = { ...DEFAULT_SEARCH, rw: '1', rt: '2' };
    const next = changeSearch(s, { villageCode: '64.74.02.1001' }, parentOf);
    expect(next.districtCode).toBe('64.74.02');
    expect(next.rw).toBe('');
    expect(next.rt).toBe('');
  });

  it('maps to the API queries of each tab', () => {
    const s = { ...DEFAULT_SEARCH, q: ' 6474 ', districtCode: '64.74.01', desil: 1, rw: '2' };
    expect(householdQueryOf(s)).toEqual({
      q: '6474',
      districtCode: '64.74.01',
      villageCode: undefined,
      rw: '2',
      rt: undefined,
      desil: 1,
      sort: undefined,
      page: 1,
      pageSize: 25,
    });
    const p = personQueryOf(s);
    expect(p.q).toBe('6474');
    expect('desil' in p).toBe(false);
    expect(hasFilters(s)).toBe(true);
    expect(hasFilters(DEFAULT_SEARCH)).toBe(false);
  });
});
