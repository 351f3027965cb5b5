import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainScore, formatRupiah } from './explain.ts';
import { parsePmtModel } from './model.ts';
import { scoreHousehold } from './score.ts';
import { household, member } from './test-fixtures.ts';

const model = parsePmtModel(
  readFileSync(new URL('../../../../../models/pmt/default-v1.json', import.meta.url), 'utf8'),
);
const AS_OF = '2026-11-27';

// Two adults and one child, earth floor (the biggest single factor), a motorcycle, 27 m² (9 m² per person).
const input = household(
  { floor_material: 8, floor_area_m2: 27, asset_motorcycle: true, asset_car: false, power_va: 2 },
  [
    member({ relationship: 1, birthDate: '1980-01-01', education: 1, work: 1 }),
    member({ relationship: 2, sex: 2, birthDate: '1982-01-01', work: 0 }),
    member({ relationship: 3, birthDate: '2000-01-01' }),
  ],
);

describe('explainScore', () => {
  const e = explainScore(model, input, { asOf: AS_OF });

  it('names the biggest factor first, in both languages, with its percentage', () => {
    expect(e.factorsDown[0]?.feature).toBe('floor_earth');
    expect(e.factorsDown[0]?.text.id).toBe('Lantai tanah menurunkan perkiraan pengeluaran sebesar 12 %');
    expect(e.factorsDown[0]?.text.en).toBe('Earth floor: lowers the estimated expenditure by 12 %');
    expect(e.summary.id).toContain('lantai tanah (−12 %)');
    expect(e.summary.en).toContain('earth floor (−12 %)');
  });

  it('names factors that raise the estimate', () => {
    expect(e.factorsUp.map((f) => f.feature)).toContain('asset_motorcycle');
    expect(e.factorsUp[0]?.text.id).toMatch(/menaikkan perkiraan pengeluaran sebesar/);
  });

  it('shows arithmetic that adds up to the score', () => {
    const s = scoreHousehold(model, input, { asOf: AS_OF });
    const sum = e.arithmetic.baseline + e.arithmetic.terms.reduce((t, x) => t + x.contribution, 0);
    expect(sum).toBeCloseTo(s.logPce, 12);
    expect(e.arithmetic.text.id).toContain(
      `= ${formatRupiah(s.predictedPce, 'id')} per orang per bulan → desil ${s.desil}`,
    );
    expect(e.arithmetic.text.en).toContain('Earth floor: −0.1300 × (1.0000 − 0.0000) = − 0.1300');
  });

  it('places the estimate between its desil cut-points', () => {
    const p = e.desilPosition;
    expect(p.desil).toBe(e.desil);
    if (p.lowerBound !== null) expect(e.predictedPce).toBeGreaterThanOrEqual(p.lowerBound);
    if (p.upperBound !== null) expect(e.predictedPce).toBeLessThan(p.upperBound);
    expect((p.aboveLower ?? 0) + (p.belowUpper ?? 0)).toBeCloseTo(
      (p.upperBound ?? 0) - (p.lowerBound ?? 0),
      6,
    );
    expect(p.text.id).toContain(`desil ${e.desil} berlaku`);
  });

  it('warns that the model is illustrative and lists missing data once per variable', () => {
    expect(e.notes[0]?.id).toMatch(/ilustratif/);
    const missing = e.notes[1]?.id ?? '';
    expect(missing).toContain('Jenis atap terluas');
    expect(missing.match(/Jenis atap terluas/g)).toHaveLength(1);
    expect(missing).not.toContain('Mobil'); // asset_car was given (false)
  });

  it('formats rupiah per language', () => {
    expect(formatRupiah(1234567.4, 'id')).toBe('Rp 1.234.567');
    expect(formatRupiah(1234567.6, 'en')).toBe('Rp 1,234,568');
  });
});
