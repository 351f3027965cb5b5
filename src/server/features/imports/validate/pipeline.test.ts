import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bontangMatcher, fixture } from '../../../../../test/fixtures/imports/regions.ts';
import { openTable } from '../parse/read.ts';
import { autoMap, parseMappingFile, resolveMapping, type Mapping } from '../parse/mapping.ts';
import { createRowProcessor, processRows, type ProcessedRow } from './pipeline.ts';
import { createValidationContext } from './row.ts';

const regions = bontangMatcher();
const today = new Date('2025-09-01T00:00:00Z');

async function importFile(name: string, mapping?: Mapping) {
  const table = await openTable(
    fixture(name),
    mapping ? { sheet: mapping.sheet, headerRow: mapping.headerRow } : {},
  );
  const auto = autoMap(table.headers, mapping?.source ?? 'kemensos', {
    previewRows: table.preview.map((r) => r.cells),
  });
  const chosen = mapping ?? auto.mapping;
  const resolved = resolveMapping(chosen, table.headers);
  const context = createValidationContext({ source: chosen.source, layout: chosen.layout, regions, today });
  const processor = createRowProcessor({ resolved, context, fileFindings: table.fileFindings });
  const rows: ProcessedRow[] = [];
  for await (const r of processRows(table.rows, processor)) rows.push(r);
  return { table, auto, rows, summary: processor.finish() };
}

const codesOf = (r: ProcessedRow | undefined) => (r ? r.result.findings.map((f) => f.code).sort() : []);

describe('import pipeline over the fixtures', () => {
  it('semicolon / Windows-1252 file: three rejections, the rest accepted', async () => {
    const { auto, rows, summary } = await importFile('kemensos-semicolon-cp1252.csv');
    expect(auto.layout.layout).toBe('person');
    expect(auto.missingRequired).toEqual([]);
    expect(summary).toMatchObject({ rows: 8, rejected: 3, accepted: 5 });
    expect(summary.fileFindings.map((f) => f.code)).toEqual(['encoding_fallback']);
    const byRow = new Map(rows.map((r) => [r.rowNumber, r]));
    expect(byRow.get(2)?.result.person?.name).toBe('ANDI MUNDÉ');
    expect(byRow.get(4)?.result.person?.birthDate).toBe('2010-12-12');
    expect(byRow.get(6)?.result.household?.villageCode).toBe('64.74.02.1002');
    expect(byRow.get(6)?.result.person?.birthDate).toBe('1999-08-03');
    expect(codesOf(byRow.get(7))).toContain('nik_not_16_digits');
    expect(codesOf(byRow.get(8))).toEqual(['region_unknown', 'region_unknown']);
    expect(codesOf(byRow.get(9))).toEqual(['desil_invalid']);
  });

  it('BOM / tab file: duplicates, a NIK in two KKs, a code outside 64.74', async () => {
    const { rows, summary } = await importFile('kemensos-bom-tabs.csv');
    const byRow = new Map(rows.map((r) => [r.rowNumber, r]));
    expect(byRow.get(2)?.result.household).toMatchObject({
      villageCode: '64.74.01.1006',
      rt: '004',
      rw: '001',
      desil: 4,
    });
    expect(byRow.get(2)?.result.person).toMatchObject({ sex: 2, relationship: 1, birthDate: '1960-04-21' });
    expect(codesOf(byRow.get(5))).toEqual(['nik_duplicate_in_file']);
    expect(byRow.get(5)?.result.rejected).toBe(true);
    expect(codesOf(byRow.get(6))).toEqual(['nik_in_two_kk']);
    expect(byRow.get(6)?.result.rejected).toBe(false);
    expect(codesOf(byRow.get(7))).toEqual(['region_outside_deployment']);
    expect(summary).toMatchObject({ rows: 6, rejected: 2, withWarnings: 1 });
    expect(summary.byCode).toMatchObject({
      nik_duplicate_in_file: 1,
      nik_in_two_kk: 1,
      region_outside_deployment: 1,
    });
  });

  it('XLSX with title rows, merged cells, formulas and numeric NIKs, through a mapping file', async () => {
    const mapping = parseMappingFile(fs.readFileSync(fixture('mapping-title-rows.json'), 'utf8'));
    const { rows, summary } = await importFile('kemensos-title-rows.xlsx', mapping);
    const byRow = new Map(rows.map((r) => [r.rowNumber, r]));
    expect(byRow.get(5)?.result.person).toMatchObject({
      nik: '6474011708800021',
      birthDate: '1980-08-17',
      sex: 1,
    });
    expect(byRow.get(5)?.result.household).toMatchObject({
      villageCode: '64.74.01.1003',
      rt: '005',
      desil: 1,
    });
    // Row 6: merged family cells filled from row 5, but the NIK was damaged by Excel.
    expect(codesOf(byRow.get(6))).toEqual(['family_fields_filled_down', 'nik_excel_damaged']);
    expect(byRow.get(6)?.result.rejected).toBe(true);
    // Row 7: formula name, month-name date, family filled down.
    expect(byRow.get(7)?.result.person).toMatchObject({ name: 'PUTRI AYU', birthDate: '2012-01-09' });
    expect(byRow.get(7)?.result.household?.kkNumber).toBe('6474011503200021');
    expect(codesOf(byRow.get(7))).toEqual(['family_fields_filled_down']);
    // Rows 8 and 10: abbreviated kelurahan, numeric relationship codes, serial date.
    expect(byRow.get(8)?.result.household?.villageCode).toBe('64.74.03.1002');
    expect(byRow.get(10)?.result.person).toMatchObject({ birthDate: '1970-10-10', relationship: 2 });
    expect(summary).toMatchObject({ rows: 5, rejected: 1 });
  });

  it('family-layout XLSX: layout detected, variables read, repeated KK rejected', async () => {
    const { auto, rows, summary } = await importFile('kemensos-family.xlsx');
    expect(auto.layout.layout).toBe('family');
    expect(auto.unmatchedHeaders).toEqual([]);
    const [first, second, third, fourth] = rows;
    expect(first?.result.household?.variables).toMatchObject({
      tenure: 1,
      floor_material: 5,
      floor_area_m2: 36.5,
      power_va: 2,
      asset_fridge: true,
      asset_car: false,
    });
    expect(second?.result.household?.variables).toMatchObject({
      tenure: 2,
      floor_material: 8,
      power_va: 1,
      asset_fridge: true,
      asset_motorcycle: false,
    });
    expect(third?.result.household?.variables).toMatchObject({
      floor_area_m2: 1200,
      lighting: 3,
      power_va: 5,
      asset_car: true,
    });
    expect(third?.result.findings).toEqual([]);
    expect(codesOf(fourth)).toEqual(['kk_duplicate_in_file']);
    expect(summary).toMatchObject({ rows: 4, rejected: 1 });
  });

  it('beneficiary list: periods normalised, a missing NIK and a repeated entry rejected', async () => {
    const table = await openTable(fixture('beneficiaries.csv'));
    const auto = autoMap(table.headers, 'beneficiaries');
    expect(auto.missingRequired).toEqual([]);
    await table.close();
    const { rows, summary } = await importFile('beneficiaries.csv', auto.mapping);
    const byRow = new Map(rows.map((r) => [r.rowNumber, r]));
    expect(byRow.get(2)?.result.beneficiary).toMatchObject({
      programme: 'PKH',
      period: '2025-08',
      villageCode: '64.74.01.1003',
    });
    expect(codesOf(byRow.get(4))).toEqual(['beneficiary_duplicate']);
    expect(codesOf(byRow.get(5))).toEqual(['nik_missing']);
    expect(byRow.get(6)?.result.beneficiary?.period).toBe('2025-Q3');
    expect(summary).toMatchObject({ rows: 5, rejected: 2 });
  });
});
