import { describe, expect, it } from 'vitest';
import { describeChanges, codeKey, displayValue } from './changes.ts';
import { formatDate, formatNumber, formatRtRw, openStreetMapUrl } from './format.ts';
import { indexRegions } from './hooks.ts';
import { desilColor, desilLabel, personCodeLabel } from './labels.ts';
import { landingPath, navItemsFor } from './navigation.ts';
import type { Dictionary } from '../api/types.ts';

describe('format', () => {
  it('groups digits per language', () => {
    expect(formatNumber(16384, 'id')).toBe('16.384');
    expect(formatNumber(16384, 'en')).toBe('16,384');
  });

  it('formats date-only strings without a time-zone shift', () => {
    expect(formatDate('1985-03-01', 'en')).toBe('1 Mar 1985');
    expect(formatDate('1985-03-01', 'id')).toMatch(/^1 Mar 1985$/);
    expect(formatDate(null, 'id')).toBe('');
    expect(formatDate('not a date', 'id')).toBe('not a date');
  });

  it('writes RT/RW and map links', () => {
    expect(formatRtRw('012', '003')).toBe('012/003');
    expect(formatRtRw(null, '003')).toBe('–/003');
    expect(formatRtRw(null, null)).toBe('');
    expect(openStreetMapUrl(0.1333, 117.5)).toBe(
      'https://www.openstreetmap.org/?mlat=0.133300&mlon=117.500000#map=18/0.133300/117.500000',
    );
  });
});

describe('labels', () => {
  it('gives the local desil labels', () => {
    expect(desilLabel(1, 'id')).toBe('Miskin ekstrem');
    expect(desilLabel(3, 'en')).toBe('Poor');
    expect(desilLabel(4, 'id')).toBe('Rentan miskin');
    expect(desilLabel(7, 'id')).toBe('');
    expect(desilColor(1)).toBe('red');
    expect(desilColor(9)).toBe('gray');
  });

  it('labels person codes from the served dictionary', () => {
    const dictionary = {
      personCodes: { sex: [{ code: 2, label: { id: 'Perempuan', en: 'Female' } }] },
    } as unknown as Dictionary;
    expect(personCodeLabel(dictionary, 'sex', 2, 'en')).toBe('Female');
    expect(personCodeLabel(dictionary, 'sex', 9, 'en')).toBe('9');
    expect(personCodeLabel(dictionary, 'sex', null, 'en')).toBe('');
    expect(personCodeLabel(undefined, 'sex', 2, 'id')).toBe('2');
  });
});

describe('navigation', () => {
  it('shows only the pages a role may open', () => {
    expect(navItemsFor(['registry.read']).map((i) => i.path)).toEqual(['/registri']);
    expect(
      navItemsFor(['registry.read', 'audit.read', 'users.manage', 'rt.manage']).map((i) => i.path),
    ).toEqual(['/registri', '/admin/pengguna', '/admin/rt-rw', '/admin/audit']);
  });

  it('lands on the requested page only when it is a local path', () => {
    expect(landingPath(['registry.read'], '/keluarga/7')).toBe('/keluarga/7');
    expect(landingPath(['registry.read'], '//evil.example')).toBe('/registri');
    expect(landingPath(['registry.read'], 'https://evil.example')).toBe('/registri');
    expect(landingPath(['audit.read'], null)).toBe('/admin/audit');
    expect(landingPath([], null)).toBe('/tanpa-akses');
  });
});

describe('changes', () => {
  it('lists changed fields, one level into nested objects', () => {
    const before = { address: 'Jl. A', rw: '1', variables: { asset_car: false, floor_area_m2: 36 } };
    const after = { address: 'Jl. B', rw: '1', variables: { asset_car: true, floor_area_m2: 36 } };
    expect(describeChanges(before, after)).toEqual([
      { field: 'address', before: 'Jl. A', after: 'Jl. B' },
      { field: 'variables.asset_car', before: 'false', after: 'true' },
    ]);
  });

  it('handles created and deleted records', () => {
    expect(describeChanges(null, { a: 1 })).toEqual([{ field: 'a', before: '—', after: '1' }]);
    expect(describeChanges(null, null)).toEqual([]);
    expect(displayValue(['x'])).toBe('["x"]');
    expect(codeKey('household.update')).toBe('household_update');
  });
});

describe('regions', () => {
  it('indexes kecamatan and kelurahan', () => {
    const index = indexRegions([
      { code: '64.74', name: 'Kota Bontang', level: 'regency', parentCode: null },
      { code: '64.74.02', name: 'Bontang Selatan', level: 'district', parentCode: '64.74' },
      { code: '64.74.01', name: 'Bontang Utara', level: 'district', parentCode: '64.74' },
      { code: '64.74.01.1003', name: 'Lok Tuan', level: 'village', parentCode: '64.74.01' },
      { code: '64.74.02.1001', name: 'Tanjung Laut', level: 'village', parentCode: '64.74.02' },
    ]);
    expect(index.districts.map((d) => d.name)).toEqual(['Bontang Selatan', 'Bontang Utara']);
    expect(index.villagesOf('64.74.01').map((v) => v.name)).toEqual(['Lok Tuan']);
    expect(index.villagesOf('')).toHaveLength(2);
    expect(index.parentOf('64.74.02.1001')).toBe('64.74.02');
    expect(index.nameOf('64.74.01.1003')).toBe('Lok Tuan');
  });
});

describe('change labels', () => {
  it('names fields and coded values in the user language', async () => {
    const { labelChange } = await import('./changeLabels.ts');
    const { HOUSEHOLD_VARIABLES, PERSON_CODES } = await import('../../shared/dictionary/dictionary.ts');
    const dictionary = {
      householdVariables: [...HOUSEHOLD_VARIABLES],
      personCodes: PERSON_CODES,
    } as unknown as Dictionary;
    const t = ((key: string) => `<${key}>`) as unknown as import('i18next').TFunction;
    expect(
      labelChange({ field: 'variables.floor_material', before: '8', after: '2' }, dictionary, 'en', t),
    ).toEqual({
      field: 'Widest floor material',
      before: 'Earth',
      after: 'Ceramic tiles',
    });
    expect(
      labelChange({ field: 'variables.asset_car', before: 'false', after: 'true' }, dictionary, 'id', t),
    ).toEqual({
      field: 'Mobil',
      before: '<common.no>',
      after: '<common.yes>',
    });
    expect(labelChange({ field: 'sex', before: '1', after: '2' }, dictionary, 'id', t)).toEqual({
      field: '<person.sex>',
      before: 'Laki-laki',
      after: 'Perempuan',
    });
    expect(labelChange({ field: 'address', before: 'a', after: 'b' }, dictionary, 'id', t).field).toBe(
      '<household.address>',
    );
    expect(labelChange({ field: 'unknownThing', before: 'a', after: 'b' }, dictionary, 'id', t).field).toBe(
      'unknownThing',
    );
  });
});
