import { describe, expect, it } from 'vitest';
import { calibrateModel, evaluateModel, weightedLeastSquares } from './calibrate.ts';
import { pmtModelSchema, type PmtModelInput } from './model.ts';
import type { SurveyHousehold } from './survey.ts';
import { household, member } from './test-fixtures.ts';

/** Deterministic pseudo-random numbers (LCG) so the tests never depend on Math.random. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function design(n: number, rand: () => number): Float64Array[] {
  return Array.from({ length: n }, () =>
    Float64Array.from([1, rand() * 10, rand() < 0.4 ? 1 : 0, rand() * 3 - 1]),
  );
}

describe('weightedLeastSquares', () => {
  const rand = lcg(7);
  const x = design(60, rand);
  const b = [1.5, -0.2, 0.35, 4];
  const y = x.map((row) => row.reduce((s, v, j) => s + v * (b[j] ?? 0), 0));

  it('recovers exact coefficients when y = X·b', () => {
    const fit = weightedLeastSquares(x, y);
    fit.coefficients.forEach((c, j) => expect(Math.abs(c - (b[j] ?? 0))).toBeLessThan(1e-9));
    expect(fit.singularColumns).toEqual([]);
  });

  it('recovers them with arbitrary positive weights too', () => {
    const w = x.map(() => 0.1 + rand() * 5);
    const fit = weightedLeastSquares(x, y, w);
    fit.coefficients.forEach((c, j) => expect(Math.abs(c - (b[j] ?? 0))).toBeLessThan(1e-9));
  });

  it('equals ordinary least squares on rows repeated by their integer weight', () => {
    const noisy = y.map((v) => v + (rand() - 0.5) * 2);
    const w = x.map(() => 1 + Math.floor(rand() * 4));
    const xr: Float64Array[] = [];
    const yr: number[] = [];
    w.forEach((k, i) => {
      for (let j = 0; j < k; j++) {
        xr.push(x[i] ?? new Float64Array(4));
        yr.push(noisy[i] ?? 0);
      }
    });
    const weighted = weightedLeastSquares(x, noisy, w).coefficients;
    const repeated = weightedLeastSquares(xr, yr).coefficients;
    weighted.forEach((c, j) => expect(c).toBeCloseTo(repeated[j] ?? NaN, 9));
    // And the noise really moved the fit away from b (the test can fail).
    expect(Math.max(...weighted.map((c, j) => Math.abs(c - (b[j] ?? 0))))).toBeGreaterThan(1e-3);
  });

  it('reports and drops constant and collinear columns, still fitting exactly', () => {
    const wide = x.map((row) => Float64Array.from([...row, 0, 2 * (row[1] ?? 0) - (row[3] ?? 0)]));
    const fit = weightedLeastSquares(wide, y);
    expect(fit.singularColumns).toEqual([4, 5]);
    expect(fit.coefficients[4]).toBe(0);
    expect(fit.coefficients[5]).toBe(0);
    fit.coefficients.slice(0, 4).forEach((c, j) => expect(Math.abs(c - (b[j] ?? 0))).toBeLessThan(1e-9));
  });

  it('shrinks penalised coefficients with a ridge guard but not the intercept column', () => {
    const plain = weightedLeastSquares(x, y).coefficients;
    const ridged = weightedLeastSquares(x, y, undefined, { ridge: 50 }).coefficients;
    const norm = (c: number[]): number => Math.hypot(...c.slice(1));
    expect(norm(ridged)).toBeLessThan(norm(plain));
  });
});

const tinyModel: PmtModelInput = {
  id: 'tiny',
  version: 1,
  name: 'tiny',
  description: { id: 'uji', en: 'test' },
  illustrative: true,
  createdAt: '2026-01-01T00:00:00Z',
  intercept: 13,
  features: [
    {
      spec: { name: 'size', kind: 'log_household_size' },
      coefficient: 0,
      label: { id: 'Ukuran', en: 'Size' },
    },
    {
      spec: { name: 'earth', kind: 'variable_code_in', variable: 'floor_material', codes: [8] },
      coefficient: 0,
      label: { id: 'Lantai tanah', en: 'Earth floor' },
    },
    {
      spec: { name: 'car', kind: 'asset', variable: 'asset_car' },
      coefficient: -0.1,
      label: { id: 'Mobil', en: 'Car' },
    },
    {
      spec: { name: 'barat', kind: 'district', code: '64.74.03' },
      coefficient: 0.3,
      label: { id: 'Barat', en: 'Barat' },
    },
  ],
  cutPoints: { mode: 'national', national: [5e5, 6e5, 7e5, 8e5, 9e5, 1e6, 1.2e6, 1.5e6, 2e6] },
};

function synthetic(n: number, seed: number): SurveyHousehold[] {
  const rand = lcg(seed);
  return Array.from({ length: n }, (_, i) => {
    const size = 1 + Math.floor(rand() * 6);
    const earth = rand() < 0.2;
    const car = rand() < 0.15;
    const log =
      14 - 0.4 * Math.log(size) - 0.2 * (earth ? 1 : 0) + 0.5 * (car ? 1 : 0) + (rand() - 0.5) * 0.3;
    return {
      input: household(
        { floor_material: earth ? 8 : 2, asset_car: car },
        Array.from({ length: size }, (_, k) => member({ relationship: k === 0 ? 1 : 3 })),
        { householdId: i + 1 },
      ),
      perCapitaExpenditure: Math.exp(log),
      weight: 1 + (i % 3),
    };
  });
}

describe('calibrateModel', () => {
  const model = pmtModelSchema.parse(tinyModel);
  const sample = synthetic(400, 11);

  it('fits the true signs, reports the unidentified district, and improves the ranking', () => {
    const { model: fitted, report } = calibrateModel(model, sample, {
      asOf: '2026-11-27',
      createdAt: '2026-11-27T10:00:00Z',
      surveyFile: 'synthetic.csv',
    });
    const coef = Object.fromEntries(fitted.features.map((f) => [f.spec.name, f.coefficient]));
    expect(coef.size).toBeCloseTo(-0.4, 1);
    expect(coef.earth).toBeCloseTo(-0.2, 1);
    expect(coef.car).toBeCloseTo(0.5, 1);
    expect(coef.barat).toBe(0);
    expect(report.singularFeatures).toEqual(['barat']);
    expect(fitted.version).toBe(2);
    expect(fitted.basedOn).toEqual({ id: 'tiny', version: 1 });
    expect(fitted.calibration?.n).toBe(400);
    expect(fitted.calibration?.surveyFile).toBe('synthetic.csv');
    expect(report.after.spearman).toBeGreaterThan(report.before.spearman + 0.3);
    expect(fitted.calibration?.before?.spearman).toBeCloseTo(report.before.spearman, 12);
    expect(report.after.r2).toBeGreaterThan(0.8);
    // The saved file must still validate.
    expect(pmtModelSchema.safeParse(fitted).success).toBe(true);
  });

  it('evaluates in regional mode against deciles of observed expenditure', () => {
    const { model: fitted } = calibrateModel(model, sample, { asOf: '2026-11-27' });
    const regional = evaluateModel(fitted, sample, { mode: 'regional', asOf: '2026-11-27' });
    expect(regional.mode).toBe('regional');
    // About 40 % of people are selected when the quota is desil 1–4 of the region.
    expect(regional.targeting.inclusionError).toBeLessThan(0.35);
    expect(regional.targeting.exclusionError).toBeLessThan(0.35);
  });

  it('refuses a sample smaller than the number of coefficients', () => {
    expect(() => calibrateModel(model, sample.slice(0, 3))).toThrow(/more households/);
  });
});
