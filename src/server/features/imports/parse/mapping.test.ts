import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors.ts';
import { FIELDS, fieldsFor, isKnownHeader } from './fields.ts';
import { autoMap, columnKeys, detectLayout, mapRow, parseMappingFile, resolveMapping } from './mapping.ts';
import { compactKey } from './text.ts';

describe('field catalogue', () => {
  it('has no header synonym claimed by two fields of the same source', () => {
    for (const source of ['kemensos', 'beneficiaries'] as const) {
      const owner = new Map<string, string>();
      for (const field of fieldsFor(source)) {
        for (const synonym of field.synonyms) {
          const key = compactKey(synonym);
          const other = owner.get(key);
          expect(other === undefined || other === field.key, `${synonym}: ${other} and ${field.key}`).toBe(
            true,
          );
          owner.set(key, field.key);
        }
      }
    }
  });

  it('includes every household variable of the dictionary', () => {
    expect(FIELDS.filter((f) => f.variable).length).toBeGreaterThanOrEqual(30);
    expect(isKnownHeader('Jenis lantai terluas')).toBe(true);
    expect(isKnownHeader('TGL LAHIR (DD/MM/YYYY)')).toBe(true);
    expect(isKnownHeader('DATA DTSEN KOTA BONTANG')).toBe(false);
  });
});

describe('autoMap', () => {
  it.each([
    ['NIK', 'nik'],
    ['NO_NIK', 'nik'],
    ['Nomor Induk Kependudukan', 'nik'],
    ['NO KK', 'kk_number'],
    ['NOKK', 'kk_number'],
    ['No. KK', 'kk_number'],
    ['Nomor Kartu Keluarga', 'kk_number'],
    ['NAMA', 'name'],
    ['NAMA LENGKAP', 'name'],
    ['TGL LAHIR', 'birth_date'],
    ['TANGGAL_LAHIR', 'birth_date'],
    ['Tgl. Lahir (dd/mm/yyyy)', 'birth_date'],
    ['JENIS KELAMIN', 'sex'],
    ['JK', 'sex'],
    ['JENIS KELAMIN (L/P)', 'sex'],
    ['HUB KELUARGA', 'relationship'],
    ['SHDK', 'relationship'],
    ['ALAMAT', 'address'],
    ['RT', 'rt'],
    ['RW', 'rw'],
    ['RT/RW', 'rt_rw'],
    ['KELURAHAN', 'village'],
    ['DESA', 'village'],
    ['Desa/Kelurahan', 'village'],
    ['KECAMATAN', 'district'],
    ['DESIL', 'desil'],
    ['Status kepemilikan bangunan', 'tenure'],
    ['JENIS LANTAI', 'floor_material'],
    ['Luas lantai (m2)', 'floor_area_m2'],
    ['Lemari es/kulkas', 'asset_fridge'],
    ['Memiliki Sepeda Motor', 'asset_motorcycle'],
    ['Daya terpasang', 'power_va'],
  ])('maps %s to %s', (header, field) => {
    const result = autoMap(['KOLOM LAIN', header], 'kemensos', { layout: 'person' });
    expect(result.mapping.columns[field]).toBe(header);
    expect(result.matches.find((m) => m.field === field)?.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('matches a header with a typo at lower confidence, and leaves unknown ones unmatched', () => {
    const result = autoMap(['KELURAHN', 'TANGAL LAHIR', 'NO URUT', 'KETERANGAN'], 'kemensos', {
      layout: 'person',
    });
    expect(result.mapping.columns.village).toBe('KELURAHN');
    expect(result.mapping.columns.birth_date).toBe('TANGAL LAHIR');
    expect(result.matches.every((m) => m.how === 'fuzzy' && m.confidence < 0.9)).toBe(true);
    expect(result.unmatchedHeaders.map((h) => h.header)).toEqual(['NO URUT', 'KETERANGAN']);
  });

  it('uses each column and each field once, exact matches first', () => {
    const result = autoMap(['NAMA', 'NAMA LENGKAP', 'NIK', 'NIK KEPALA KELUARGA'], 'kemensos', {
      layout: 'person',
    });
    expect(result.mapping.columns.name).toBe('NAMA');
    expect(result.mapping.columns.nik).toBe('NIK');
    expect(result.mapping.columns.head_nik).toBe('NIK KEPALA KELUARGA');
    expect(result.unmatchedHeaders.map((h) => h.header)).toEqual(['NAMA LENGKAP']);
  });

  it('reports required fields that no column fills', () => {
    const result = autoMap(['NIK', 'NAMA'], 'kemensos', { layout: 'person' });
    expect(result.missingRequired).toEqual([['kk_number'], ['village', 'village_code']]);
    const beneficiaries = autoMap(['NIK', 'NAMA', 'PROGRAM', 'PERIODE', 'NO KK', 'ALAMAT'], 'beneficiaries');
    expect(beneficiaries.missingRequired).toEqual([]);
    expect(beneficiaries.mapping.columns.programme).toBe('PROGRAM');
    // Household variables belong to Kemensos files only.
    expect(autoMap(['Mobil'], 'beneficiaries').matches).toEqual([]);
  });

  it('names repeated headers HEADER#n', () => {
    expect(columnKeys(['NAMA', 'NIK', 'NAMA'])).toEqual(['NAMA', 'NIK', 'NAMA#2']);
  });
});

describe('layout detection', () => {
  const headers = (...h: string[]) => autoMap(h, 'kemensos').layout.layout;

  it('sees one row per person with a relationship column', () => {
    expect(headers('NO KK', 'NIK', 'NAMA', 'HUB KELUARGA', 'KELURAHAN')).toBe('person');
  });

  it('sees one row per family with head-of-family columns and no NIK column', () => {
    expect(headers('NO KK', 'NIK KEPALA KELUARGA', 'NAMA KEPALA KELUARGA', 'KELURAHAN')).toBe('family');
    expect(headers('NO KK', 'NAMA KK', 'JUMLAH ART', 'KELURAHAN')).toBe('family');
  });

  it('looks at repeated KK numbers in the preview when headers do not tell', () => {
    const matches = [
      { field: 'kk_number', column: 0 },
      { field: 'nik', column: 1 },
    ];
    const repeated = ['1', '1', '2', '2', '2'].map((kk) => [kk, 'x']);
    const distinct = ['1', '2', '3', '4', '5'].map((kk) => [kk, 'x']);
    expect(detectLayout(matches, repeated).layout).toBe('person');
    expect(detectLayout(matches, distinct).layout).toBe('family');
    expect(detectLayout(matches).layout).toBe('person');
  });
});

describe('mapping files', () => {
  it('parses a valid mapping file and applies defaults', () => {
    const mapping = parseMappingFile(
      JSON.stringify({
        source: 'beneficiaries',
        columns: { nik: 'NIK', name: 'NAMA' },
        defaults: { programme: 'PKH', period: '2025-08' },
      }),
    );
    expect(mapping.layout).toBe('person');
    const resolved = resolveMapping(mapping, ['NAMA', 'NIK']);
    expect(mapRow(resolved, ['BUDI', '6474011708800001'])).toEqual({
      name: 'BUDI',
      nik: '6474011708800001',
      programme: 'PKH',
      period: '2025-08',
    });
  });

  it('rejects unknown fields and malformed JSON with bilingual messages', () => {
    const bad = () =>
      parseMappingFile(JSON.stringify({ source: 'kemensos', columns: { shoe_size: 'SEPATU' } }));
    expect(bad).toThrow(AppError);
    try {
      bad();
    } catch (error) {
      expect((error as AppError).code).toBe('mapping_invalid');
      expect((error as AppError).messages.id).toContain('shoe_size');
    }
    expect(() => parseMappingFile('{not json')).toThrow(/JSON/);
  });

  it('fails when a mapped header is missing or a required field is unmapped', () => {
    const mapping = parseMappingFile(
      JSON.stringify({
        source: 'kemensos',
        columns: { kk_number: 'NO KK', name: 'NAMA', village: 'KELURAHAN' },
      }),
    );
    expect(() => resolveMapping(mapping, ['NO KK', 'NAMA'])).toThrow(
      expect.objectContaining({ code: 'mapping_column_not_found' }),
    );
    const partial = parseMappingFile(JSON.stringify({ source: 'kemensos', columns: { name: 'NAMA' } }));
    expect(() => resolveMapping(partial, ['NAMA'])).toThrow(
      expect.objectContaining({ code: 'mapping_required_missing' }),
    );
  });

  it('matches mapped headers loosely and applies value maps', () => {
    const mapping = parseMappingFile(
      JSON.stringify({
        source: 'kemensos',
        columns: { kk_number: 'No. KK', name: 'NAMA', village: 'KELURAHAN', relationship: 'SHDK' },
        valueMaps: { relationship: { '9': 8, 'Kep. Keluarga': 1 } },
      }),
    );
    const resolved = resolveMapping(mapping, ['NO KK', 'NAMA', 'KELURAHAN', 'SHDK']);
    expect(mapRow(resolved, ['1', 'A', 'LOKTUAN', '9']).relationship).toBe(8);
    expect(mapRow(resolved, ['1', 'A', 'LOKTUAN', 'KEP. KELUARGA']).relationship).toBe(1);
    expect(mapRow(resolved, ['1', 'A', 'LOKTUAN', '3']).relationship).toBe('3');
  });
});
