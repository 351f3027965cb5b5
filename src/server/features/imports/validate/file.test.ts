import { describe, expect, it } from 'vitest';
import { bontangMatcher } from '../../../../../test/fixtures/imports/regions.ts';
import { autoMap, mapRow, resolveMapping, type MappedRow } from '../parse/mapping.ts';
import { createFileChecker, createFillDown } from './file.ts';
import { createValidationContext, validateRow, type ValidatedRow } from './row.ts';

const regions = bontangMatcher();
const today = new Date('2025-09-01T00:00:00Z');
const personCtx = createValidationContext({ source: 'kemensos', layout: 'person', regions, today });

function row(kk: string, nik: string, patch: MappedRow = {}): ValidatedRow {
  return validateRow(
    {
      kk_number: kk,
      nik,
      name: 'ORANG',
      village: 'LOKTUAN',
      address: 'JL. A',
      desil: 2,
      relationship: 3,
      ...patch,
    },
    personCtx,
  );
}

const KK1 = '6474011503200001';
const KK2 = '6474011503200002';
const NIK_A = '6474011708800001';
const NIK_B = '6474014503850002';

describe('cross-row checks, person layout', () => {
  it('rejects the same NIK twice in the same KK, keeping the first row', () => {
    const checker = createFileChecker({ source: 'kemensos', layout: 'person' });
    expect(checker.check(2, row(KK1, NIK_A))).toEqual([]);
    const again = checker.check(5, row(KK1, NIK_A));
    expect(again.map((f) => f.code)).toEqual(['nik_duplicate_in_file']);
    expect(again[0]?.severity).toBe('error');
    expect(again[0]?.message.en).toContain('row 2');
  });

  it('warns about the same NIK in two KKs and keeps both', () => {
    const checker = createFileChecker({ source: 'kemensos', layout: 'person' });
    checker.check(2, row(KK1, NIK_A));
    const other = checker.check(9, row(KK2, NIK_A, { address: 'JL. B' }));
    expect(other.map((f) => [f.code, f.severity])).toEqual([['nik_in_two_kk', 'warning']]);
    expect(other[0]?.message.id).toContain(KK1);
    expect(checker.stats()).toMatchObject({ niks: 1, kks: 2 });
  });

  it('ignores rows already rejected, so they cannot make a correct row a duplicate', () => {
    const checker = createFileChecker({ source: 'kemensos', layout: 'person' });
    const bad = row(KK1, NIK_A, { village: 'SEMPAJA' });
    expect(bad.rejected).toBe(true);
    expect(checker.check(2, bad)).toEqual([]);
    expect(checker.check(3, row(KK1, NIK_A))).toEqual([]);
  });

  it('warns when family fields disagree within a KK, naming the fields', () => {
    const checker = createFileChecker({ source: 'kemensos', layout: 'person' });
    checker.check(2, row(KK1, NIK_A));
    const diff = checker.check(3, row(KK1, NIK_B, { address: 'JL. LAIN', desil: 3, sex: 'P' }));
    expect(diff.map((f) => f.code)).toEqual(['kk_inconsistent_family_fields']);
    expect(diff[0]?.message.id).toContain('Alamat, Desil');
    expect(diff[0]?.message.en).toContain('Address, Desil');
    // Blank family fields on a later row are not a disagreement.
    expect(checker.check(4, row(KK1, '6474011212100003', { address: null, desil: null }))).toEqual([]);
  });

  it('counts heads of family per KK', () => {
    const checker = createFileChecker({ source: 'kemensos', layout: 'person', checkHeads: true });
    checker.check(2, row(KK1, NIK_A, { relationship: 1 }));
    expect(checker.check(3, row(KK1, NIK_B, { relationship: 1, sex: 'P' })).map((f) => f.code)).toEqual([
      'kk_multiple_heads',
    ]);
    checker.check(4, row(KK2, '6474011212100003', { relationship: 3 }));
    const end = checker.finish();
    expect(end.rowFindings).toEqual([
      { rowNumber: 4, finding: expect.objectContaining({ code: 'kk_no_head' }) },
    ]);
  });

  it('flags a NIK column whose numbers mostly end in 0 (Excel truncation)', () => {
    const checker = createFileChecker({ source: 'kemensos', layout: 'person' });
    for (let i = 1; i <= 12; i++) {
      const serial = String(i * 10).padStart(4, '0');
      checker.check(i + 1, row(KK1, `647401170880${serial}`));
    }
    expect(checker.finish().fileFindings.map((f) => f.code)).toEqual(['id_column_truncated']);
  });

  it('keeps memory per distinct NIK small', () => {
    const checker = createFileChecker({ source: 'kemensos', layout: 'person' });
    const base = row(KK1, NIK_A);
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const nik = `6474011708${String(800000 + i).padStart(6, '0')}`;
      const kk = `64740115032${String(Math.floor(i / 4)).padStart(5, '0')}`;
      const r: ValidatedRow = {
        ...base,
        person: base.person && { ...base.person, nik },
        household: base.household && { ...base.household, kkNumber: kk },
      };
      checker.check(i + 2, r);
    }
    expect(checker.stats()).toMatchObject({ niks: n, kks: n / 4 });
  });
});

describe('cross-row checks, family layout and beneficiaries', () => {
  it('rejects the same KK twice in a family file', () => {
    const ctx = createValidationContext({ source: 'kemensos', layout: 'family', regions, today });
    const checker = createFileChecker({ source: 'kemensos', layout: 'family' });
    const fam = (kk: string, nik: string) =>
      validateRow({ kk_number: kk, head_nik: nik, head_name: 'X Y', village: 'KANAAN' }, ctx);
    expect(checker.check(2, fam(KK1, NIK_A))).toEqual([]);
    expect(checker.check(3, fam(KK1, NIK_A)).map((f) => f.code)).toEqual(['kk_duplicate_in_file']);
    expect(checker.check(4, fam(KK2, NIK_A)).map((f) => f.code)).toEqual(['nik_in_two_kk']);
  });

  it('rejects the same beneficiary for the same programme and period', () => {
    const ctx = createValidationContext({ source: 'beneficiaries', layout: 'person', regions, today });
    const checker = createFileChecker({ source: 'beneficiaries', layout: 'person' });
    const entry = (programme: string, period: string) =>
      validateRow({ nik: NIK_A, name: 'ANDI', programme, period }, ctx);
    expect(checker.check(2, entry('PKH', 'Agustus 2025'))).toEqual([]);
    expect(checker.check(3, entry('PKH', '2025-08')).map((f) => f.code)).toEqual(['beneficiary_duplicate']);
    expect(checker.check(4, entry('PKH', '2025-09'))).toEqual([]);
    expect(checker.check(5, entry('BPNT', '2025-08'))).toEqual([]);
  });
});

describe('fill-down of merged family cells', () => {
  const headers = ['NO KK', 'NIK', 'NAMA', 'HUB KELUARGA', 'ALAMAT', 'KELURAHAN', 'DESIL'];
  const resolved = resolveMapping(autoMap(headers, 'kemensos', { layout: 'person' }).mapping, headers);

  it('fills blank family cells from the row above for members, not for a new head', () => {
    const fill = createFillDown(resolved);
    const rows = [
      [KK1, NIK_A, 'BUDI', 'KEPALA KELUARGA', 'JL. A', 'LOKTUAN', 1],
      [null, NIK_B, 'SRI', 'ISTRI', null, null, null],
      [KK1, '6474014901120023', 'PUTRI', 'ANAK', null, 'LOKTUAN', null],
      [null, '6474011708800009', 'BARU', 'KEPALA KELUARGA', null, null, null],
    ];
    const mapped = rows.map((cells) => mapRow(resolved, cells));
    const findings = mapped.map((m, i) => fill.apply(i + 2, m));
    expect(findings[0]).toBeNull();
    expect(findings[1]?.code).toBe('family_fields_filled_down');
    expect(findings[1]?.message.id).toContain('baris 2');
    expect(mapped[1]).toMatchObject({ kk_number: KK1, address: 'JL. A', village: 'LOKTUAN', desil: 1 });
    expect(mapped[2]).toMatchObject({ address: 'JL. A', desil: 1 });
    expect(findings[3]).toBeNull();
    expect(mapped[3]?.kk_number).toBeNull();
  });
});
