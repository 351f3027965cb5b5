import { describe, expect, it } from 'vitest';
import { bontangMatcher } from '../../../../../test/fixtures/imports/regions.ts';
import type { ImportLayout, ImportSource } from '../parse/fields.ts';
import type { MappedRow } from '../parse/mapping.ts';
import { createValidationContext, validateRow, type ValidatedRow } from './row.ts';

const regions = bontangMatcher();
const today = new Date('2025-09-01T00:00:00Z');
const ctx = (source: ImportSource = 'kemensos', layout: ImportLayout = 'person') =>
  createValidationContext({ source, layout, regions, today });

const person: MappedRow = {
  kk_number: '6474011503200001',
  nik: '6474011708800001',
  name: 'ANDI MUNDÉ',
  birth_date: '17/08/1980',
  sex: 'L',
  relationship: 'KEPALA KELUARGA',
  address: 'JL. MAWAR  NO. 5',
  rt: '1',
  rw: 'RW 02',
  village: 'LOKTUAN',
  district: 'BONTANG UTARA',
  desil: '1',
};

const codes = (r: ValidatedRow) => r.findings.map((f) => f.code).sort();
const run = (patch: MappedRow, c = ctx()) => validateRow({ ...person, ...patch }, c);

describe('validateRow, Kemensos person layout', () => {
  it('normalises a clean row without findings', () => {
    const r = run({});
    expect(r.findings).toEqual([]);
    expect(r.rejected).toBe(false);
    expect(r.person).toMatchObject({
      nik: '6474011708800001',
      name: 'ANDI MUNDÉ',
      sex: 1,
      birthDate: '1980-08-17',
      relationship: 1,
    });
    expect(r.household).toMatchObject({
      kkNumber: '6474011503200001',
      address: 'JL. MAWAR NO. 5',
      rt: '001',
      rw: '002',
      villageCode: '64.74.01.1003',
      districtCode: '64.74.01',
      desil: 1,
    });
    expect(r.beneficiary).toBeNull();
  });

  it('rejects damaged and malformed NIKs with the NIK codes', () => {
    expect(codes(run({ nik: 6474011708800000 }))).toContain('nik_excel_damaged');
    expect(codes(run({ nik: '6,47401E+15' }))).toContain('nik_scientific_notation');
    expect(codes(run({ nik: '647401170880000' }))).toContain('nik_not_16_digits');
    const r = run({ nik: '6474011708800000' });
    expect(r.rejected).toBe(true);
    expect(r.person?.nik).toBeNull();
    expect(r.findings.find((f) => f.code === 'nik_excel_damaged')?.field).toBe('nik');
  });

  it('checks the NIK against the row own birth date and sex (warnings)', () => {
    const r = run({ birth_date: '18/08/1980', sex: 'P' });
    expect(codes(r)).toEqual(['nik_birthdate_mismatch', 'nik_sex_mismatch']);
    expect(r.rejected).toBe(false);
  });

  it('keeps a person without NIK in a Kemensos file, flagged', () => {
    const r = run({ nik: '-' });
    expect(codes(r)).toEqual(['nik_not_provided']);
    expect(r.rejected).toBe(false);
    expect(r.person?.nik).toBeNull();
  });

  it('rejects a row without KK number, name or kelurahan', () => {
    expect(codes(run({ kk_number: null }))).toEqual(['kk_missing']);
    expect(codes(run({ name: '  ' }))).toEqual(['required_missing']);
    const noVillage = run({ village: null });
    expect(codes(noVillage)).toEqual(['required_missing']);
    expect(noVillage.findings[0]?.field).toBe('village');
    expect(noVillage.findings[0]?.message.id).toContain('Kelurahan/desa wajib diisi');
    expect(noVillage.rejected).toBe(true);
  });

  it('rejects impossible birth dates and unknown sex', () => {
    expect(codes(run({ birth_date: '31/02/1980' }))).toContain('birth_date_invalid');
    expect(codes(run({ birth_date: '01/01/2030', nik: null }))).toEqual([
      'birth_date_in_future',
      'nik_not_provided',
    ]);
    expect(codes(run({ birth_date: '01/01/1890', nik: null }))).toEqual([
      'birth_date_implausible',
      'nik_not_provided',
    ]);
    expect(codes(run({ sex: 'X' }))).toEqual(['sex_invalid']);
    expect(run({ sex: 'X' }).rejected).toBe(true);
  });

  it('warns about a month-first date and keeps it', () => {
    const r = run({ birth_date: '08/17/1980' });
    expect(codes(r)).toEqual(['date_month_day_swapped']);
    expect(r.person?.birthDate).toBe('1980-08-17');
  });

  it('rejects a desil outside 1–10 and warns about unknown codes', () => {
    expect(codes(run({ desil: '11' }))).toEqual(['desil_invalid']);
    const r = run({ relationship: 'TETANGGA', marital: 'ENTAH' });
    expect(codes(r)).toEqual(['code_invalid', 'relationship_invalid']);
    expect(r.rejected).toBe(false);
    expect(r.person?.relationship).toBeNull();
  });

  it('warns about suspicious names and bad RT numbers', () => {
    expect(codes(run({ name: 'BUDI 2' }))).toEqual(['name_suspicious']);
    expect(codes(run({ rt: 'satu' }))).toEqual(['rt_rw_invalid']);
  });

  it('splits a combined RT/RW column', () => {
    const r = validateRow({ ...person, rt: null, rw: null, rt_rw: '004/001' }, ctx());
    expect(r.household).toMatchObject({ rt: '004', rw: '001' });
  });
});

describe('validateRow, regions', () => {
  it.each([
    ['KEL. BERBAS TENGAH', 'BONTANG SELATAN', '64.74.02.1002'],
    ['Api-api', 'BONTANG UTARA', '64.74.01.1006'],
    ['6474011006', null, '64.74.01.1006'],
    ['64.74.02.1001', 'Bontang Selatan', '64.74.02.1001'],
  ])('%s (%s) → %s', (village, district, code) => {
    const r = run({ village, district, kk_number: '6474021503200002' });
    expect(r.household?.villageCode).toBe(code);
    expect(r.household?.districtCode).toBe(code.slice(0, 8));
    expect(r.findings).toEqual([]);
  });

  it('warns when a name had to be guessed', () => {
    const r = run({ village: 'BERBAS TGH?', district: 'BONTANG SELATAN' });
    expect(codes(r)).toEqual(['region_fuzzy_match']);
    expect(r.findings[0]?.message.en).toContain('Berbas Tengah');
    expect(r.household?.villageCode).toBe('64.74.02.1002');
  });

  it('rejects a kelurahan outside 64.74, by code or by name', () => {
    const byCode = run({ village: '64.72.01.1001', district: null });
    expect(codes(byCode)).toEqual(['region_outside_deployment']);
    expect(byCode.findings[0]?.message.id).toContain('Bontang');
    expect(byCode.rejected).toBe(true);
    expect(codes(run({ village: 'SEMPAJA', district: 'SAMARINDA UTARA' }))).toEqual([
      'region_unknown',
      'region_unknown',
    ]);
    expect(codes(run({ village: 'BERBAS', district: null }))).toEqual(['region_ambiguous']);
  });

  it('lets the kelurahan correct a wrong kecamatan, with a warning', () => {
    const r = run({ village: 'LOKTUAN', district: 'BONTANG SELATAN' });
    expect(codes(r)).toEqual(['region_district_mismatch']);
    expect(r.household?.districtCode).toBe('64.74.01');
    expect(r.rejected).toBe(false);
  });

  it('prefers the code when a name and code column disagree', () => {
    const r = run({ village: 'LOKTUAN', village_code: '6474011006' });
    expect(codes(r)).toEqual(['region_name_code_mismatch']);
    expect(r.household?.villageCode).toBe('64.74.01.1006');
  });

  it('rejects a regency or province column naming another region', () => {
    expect(codes(run({ regency: 'KOTA SAMARINDA' }))).toEqual(['region_outside_deployment']);
    expect(run({ regency: 'KOTA BONTANG', province: 'KALIMANTAN TIMUR' }).findings).toEqual([]);
    expect(codes(run({ province: 'JAWA BARAT' }))).toEqual(['region_outside_deployment']);
  });

  it('warns about a KK number issued outside the deployment', () => {
    expect(codes(run({ kk_number: '6472011503200001' }))).toEqual(['kk_outside_deployment']);
  });
});

describe('validateRow, family layout and household variables', () => {
  const family: MappedRow = {
    kk_number: '6474021503200031',
    head_nik: '6474020909790031',
    head_name: 'AHMAD',
    member_count: 4,
    village: 'TANJUNG LAUT',
    desil: 1,
    tenure: 'Milik sendiri',
    floor_material: 'KAYU/PAPAN',
    floor_area_m2: '36,5',
    lighting: 'Listrik PLN dengan meteran',
    power_va: 900,
    asset_fridge: 'YA',
    asset_motorcycle: 'TIDAK',
    asset_car: 2,
  };

  it('reads the head of family and the variables', () => {
    const r = validateRow(family, ctx('kemensos', 'family'));
    expect(r.findings).toEqual([]);
    expect(r.person).toMatchObject({ nik: '6474020909790031', name: 'AHMAD' });
    expect(r.household).toMatchObject({ headNik: '6474020909790031', headName: 'AHMAD', memberCount: 4 });
    expect(r.household?.variables).toEqual({
      tenure: 1,
      floor_material: 5,
      floor_area_m2: 36.5,
      lighting: 1,
      power_va: 2,
      asset_fridge: true,
      asset_motorcycle: false,
      asset_car: false,
    });
  });

  it('warns about unreadable or implausible variables and empties them', () => {
    const r = validateRow(
      { ...family, floor_area_m2: '0', asset_car: 'MUNGKIN', tenure: 'ISTANA', power_va: 777 },
      ctx('kemensos', 'family'),
    );
    expect(codes(r)).toEqual(['boolean_invalid', 'code_invalid', 'code_invalid', 'number_out_of_range']);
    expect(r.rejected).toBe(false);
    expect(r.household?.variables).toMatchObject({
      floor_area_m2: null,
      asset_car: null,
      tenure: null,
      power_va: null,
    });
  });

  it('requires the name of the head of family', () => {
    expect(codes(validateRow({ ...family, head_name: null }, ctx('kemensos', 'family')))).toEqual([
      'required_missing',
    ]);
  });
});

describe('validateRow, beneficiary lists', () => {
  const entry: MappedRow = {
    nik: '6474011708800001',
    name: 'ANDI',
    programme: 'PKH',
    period: 'Agustus 2025',
    kk_number: '6474011503200001',
    address: 'JL. MAWAR',
    village: 'LOKTUAN',
  };

  it('normalises an entry', () => {
    const r = validateRow(entry, ctx('beneficiaries'));
    expect(r.findings).toEqual([]);
    expect(r.beneficiary).toMatchObject({
      nik: '6474011708800001',
      programme: 'PKH',
      period: '2025-08',
      kkNumber: '6474011503200001',
      villageCode: '64.74.01.1003',
    });
    expect(r.household).toBeNull();
  });

  it('requires NIK, programme and period', () => {
    const r = validateRow({ ...entry, nik: null, programme: null, period: null }, ctx('beneficiaries'));
    expect(codes(r)).toEqual(['nik_missing', 'required_missing', 'required_missing']);
    expect(r.rejected).toBe(true);
  });

  it('drops a damaged optional KK number with a warning only', () => {
    const r = validateRow({ ...entry, kk_number: 6474011503200000 }, ctx('beneficiaries'));
    expect(codes(r)).toEqual(['kk_excel_damaged']);
    expect(r.findings[0]?.severity).toBe('warning');
    expect(r.rejected).toBe(false);
    expect(r.beneficiary?.kkNumber).toBeNull();
  });

  it('does not require a region, but rejects an unknown one', () => {
    expect(validateRow({ ...entry, village: null }, ctx('beneficiaries')).findings).toEqual([]);
    expect(codes(validateRow({ ...entry, village: 'SEMPAJA' }, ctx('beneficiaries')))).toEqual([
      'region_unknown',
    ]);
  });
});
