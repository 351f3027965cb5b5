import { describe, expect, it } from 'vitest';
import { bontangMatcher, bontangRegions } from '../../../../../test/fixtures/imports/regions.ts';
import { createRegionMatcher, toDottedCode, type RegionMatch } from './regions.ts';

const codeOf = (m: RegionMatch) => (m.status === 'matched' ? m.code : m.status);

describe('region matcher (Kota Bontang)', () => {
  const matcher = bontangMatcher();
  const village = (raw: string | number, parentCode?: string) =>
    matcher.match(raw, { level: 'village', parentCode: parentCode ?? null });

  it('loads the 15 kelurahan and 3 kecamatan of 64.74', () => {
    const regions = bontangRegions();
    expect(regions.filter((r) => r.level === 'village')).toHaveLength(15);
    expect(regions.filter((r) => r.level === 'district')).toHaveLength(3);
    expect(matcher.deploymentCode).toBe('64.74');
  });

  it.each([
    ['Lok Tuan', '64.74.01.1003'],
    ['LOKTUAN', '64.74.01.1003'],
    ['loktuan', '64.74.01.1003'],
    ['KEL. LOKTUAN', '64.74.01.1003'],
    ['KEL. BERBAS TENGAH', '64.74.02.1002'],
    ['Kelurahan Berbas Tengah', '64.74.02.1002'],
    ['BEREBAS TENGAH', '64.74.02.1002'],
    ['BEREBAS PANTAI', '64.74.02.1003'],
    ['Api-api', '64.74.01.1006'],
    ['APIAPI', '64.74.01.1006'],
    ['Api Api', '64.74.01.1006'],
    ['API-API', '64.74.01.1006'],
    ['Tanjung Laut Indah', '64.74.02.1006'],
    ['Tanjung Laut', '64.74.02.1001'],
  ])('%s → %s by name or alias', (input, code) => {
    const m = village(input);
    expect(codeOf(m)).toBe(code);
    if (m.status === 'matched') expect(['name', 'alias']).toContain(m.how);
  });

  it.each([
    ['BERBAS TGH?', '64.74.02.1002'],
    ['TG LAUT', '64.74.02.1001'],
    ['TJG LAUT INDAH', '64.74.02.1006'],
    ['GN TELIHAN', '64.74.03.1002'],
    ['GN. ELAI', '64.74.01.1005'],
    ['BTG BARU', '64.74.01.1002'],
  ])('%s → %s by abbreviation', (input, code) => {
    const m = village(input);
    expect(codeOf(m)).toBe(code);
    expect(m.status === 'matched' && m.how).toBe('abbreviation');
  });

  it('tolerates typos and reports the distance', () => {
    const m = village('LOK TAUN');
    expect(codeOf(m)).toBe('64.74.01.1003');
    expect(m.status === 'matched' && m.how).toBe('fuzzy');
    expect(m.status === 'matched' && m.distance).toBe(1);
    expect(codeOf(village('Gunung Telihan'))).toBe('64.74.03.1002');
    expect(codeOf(village('Belimbbing'))).toBe('64.74.03.1001');
  });

  it('reports ambiguity instead of guessing', () => {
    const m = village('BERBAS');
    expect(m.status).toBe('ambiguous');
    if (m.status === 'ambiguous')
      expect(m.candidates.map((c) => c.code).sort()).toEqual(['64.74.02.1002', '64.74.02.1003']);
    expect(village('BONTANG').status).toBe('ambiguous');
  });

  it('recognises dotted, undotted and numeric codes', () => {
    expect(codeOf(village('6474011003'))).toBe('64.74.01.1003');
    expect(codeOf(village('64.74.01.1003'))).toBe('64.74.01.1003');
    expect(codeOf(village(6474011003))).toBe('64.74.01.1003');
    expect(codeOf(village('1003', '64.74.01'))).toBe('64.74.01.1003');
    expect(codeOf(village('6474011003 - LOK TUAN'))).toBe('64.74.01.1003');
    expect(codeOf(matcher.match('647402', { level: 'district' }))).toBe('64.74.02');
    expect(codeOf(matcher.match('64.74', { level: 'regency' }))).toBe('64.74');
  });

  it('flags codes outside the deployment and unknown names', () => {
    expect(village('64.72.01.1001')).toEqual({ status: 'outside', code: '64.72.01.1001' });
    expect(village('6472011001').status).toBe('outside');
    expect(village('SEMPAJA').status).toBe('unknown');
    expect(village('64.74.01.1099').status).toBe('unknown');
    expect(village('').status).toBe('empty');
    expect(matcher.match('SAMARINDA', { level: 'regency' }).status).toBe('unknown');
    expect(matcher.match('64.72', { level: 'regency' }).status).toBe('outside');
  });

  it('matches kecamatan, regency and province names with prefixes', () => {
    expect(codeOf(matcher.match('KEC. BONTANG UTARA', { level: 'district' }))).toBe('64.74.01');
    expect(codeOf(matcher.match('Bontang Selatan', { level: 'district' }))).toBe('64.74.02');
    expect(codeOf(matcher.match('BTG BARAT', { level: 'district' }))).toBe('64.74.03');
    expect(codeOf(matcher.match('KOTA BONTANG', { level: 'regency' }))).toBe('64.74');
    expect(codeOf(matcher.match('Bontang', { level: 'regency' }))).toBe('64.74');
    expect(codeOf(matcher.match('KALIMANTAN TIMUR', { level: 'province' }))).toBe('64');
    expect(codeOf(matcher.match('Prov. Kaltim', { level: 'province' }))).toBe('64');
  });

  it('prefers the kecamatan given when a name is ambiguous', () => {
    const regions = [
      { code: '64.74', name: 'Kota Contoh', level: 'regency' as const, parentCode: '64' },
      { code: '64.74.01', name: 'Utara', level: 'district' as const, parentCode: '64.74' },
      { code: '64.74.02', name: 'Selatan', level: 'district' as const, parentCode: '64.74' },
      { code: '64.74.01.1001', name: 'Sidomulyo', level: 'village' as const, parentCode: '64.74.01' },
      { code: '64.74.02.1001', name: 'Sidomulyo', level: 'village' as const, parentCode: '64.74.02' },
    ];
    const m = createRegionMatcher({ regions });
    expect(m.match('SIDOMULYO', { level: 'village' }).status).toBe('ambiguous');
    expect(codeOf(m.match('SIDOMULYO', { level: 'village', parentCode: '64.74.02' }))).toBe('64.74.02.1001');
    expect(m.deploymentCode).toBe('64.74');
    // Asked again (remembered results), per kecamatan and level.
    expect(codeOf(m.match('SIDOMULYO', { level: 'village', parentCode: '64.74.01' }))).toBe('64.74.01.1001');
    expect(codeOf(m.match('SIDOMULYO', { level: 'village', parentCode: '64.74.02' }))).toBe('64.74.02.1001');
    expect(m.match('SIDOMULYO', { level: 'village' }).status).toBe('ambiguous');
    expect(m.match('SIDOMULYO', { level: 'district' }).status).toBe('unknown');
    expect(codeOf(m.match('1001', { level: 'village', parentCode: '64.74.02' }))).toBe('64.74.02.1001');
    expect(codeOf(m.match(1001, { level: 'village', parentCode: '64.74.01' }))).toBe('64.74.01.1001');
    expect(m.match(null, { level: 'village' }).status).toBe('empty');
  });

  it('converts codes to the dotted form', () => {
    expect(toDottedCode('6474011003')).toBe('64.74.01.1003');
    expect(toDottedCode('647401')).toBe('64.74.01');
    expect(toDottedCode('6474')).toBe('64.74');
    expect(toDottedCode('64.74.01')).toBe('64.74.01');
    expect(toDottedCode('64741')).toBeNull();
  });
});
