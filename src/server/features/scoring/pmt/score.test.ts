import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePmtModel, pmtModelSchema, type PmtModelInput } from './model.ts';
import { desilFromCutPoints, regionalCutPoints, scoreHousehold, scoreHouseholds } from './score.ts';
import { household, member } from './test-fixtures.ts';

const AS_OF = '2026-11-27';
const LN10 = Math.log(10);

const handModel: PmtModelInput = {
  id: 'hand',
  version: 1,
  name: 'hand-computed',
  description: { id: 'uji', en: 'test' },
  illustrative: true,
  createdAt: '2026-01-01T00:00:00Z',
  intercept: 14,
  features: [
    {
      spec: { name: 'size', kind: 'log_household_size' },
      coefficient: -0.5,
      label: { id: 'Jumlah anggota', en: 'Size' },
    },
    {
      spec: { name: 'children', kind: 'member_share', maxAge: 15 },
      coefficient: -0.2,
      label: { id: 'Anak', en: 'Children' },
    },
    {
      spec: { name: 'earth', kind: 'variable_code_in', variable: 'floor_material', codes: [8] },
      coefficient: -0.1,
      label: { id: 'Lantai tanah', en: 'Earth floor' },
    },
    {
      spec: { name: 'fridge', kind: 'asset', variable: 'asset_fridge' },
      coefficient: 0.1,
      label: { id: 'Kulkas', en: 'Fridge' },
    },
    {
      spec: { name: 'area', kind: 'log_variable_per_capita', variable: 'floor_area_m2' },
      coefficient: 0.2,
      reference: LN10,
      label: { id: 'Luas per orang', en: 'Area per person' },
    },
    {
      spec: { name: 'head_sma', kind: 'head_code_in', field: 'education', codes: [3] },
      coefficient: 0.15,
      label: { id: 'Kepala SMA', en: 'Head senior secondary' },
    },
    {
      spec: { name: 'barat', kind: 'district', code: '64.74.03' },
      coefficient: 0.05,
      label: { id: 'Bontang Barat', en: 'Bontang Barat' },
    },
  ],
  cutPoints: { mode: 'national', national: [6e5, 7e5, 8e5, 9e5, 1e6, 1.2e6, 1.5e6, 2e6, 3e6] },
};
const model = pmtModelSchema.parse(handModel);

// A: 4 active members (a deceased grandmother is ignored), 2 under 15, earth floor, 40 m², head primary school.
const a = household({ floor_material: 8, asset_fridge: false, floor_area_m2: 40 }, [
  member({ relationship: 1, birthDate: '1980-06-15', education: 1 }),
  member({ relationship: 2, sex: 2, birthDate: '1982-02-02' }),
  member({ relationship: 3, birthDate: '2015-03-01' }),
  member({ relationship: 3, sex: 2, birthDate: '2020-12-01' }),
  member({ relationship: 6, sex: 2, birthDate: '1940-01-01', status: 2 }),
]);
// B: a woman of 70 living alone in Bontang Barat, senior secondary, fridge, ceramic floor, 30 m².
const b = household(
  { floor_material: 2, asset_fridge: true, floor_area_m2: 30 },
  [member({ relationship: 1, sex: 2, birthDate: '1956-01-01', education: 3 })],
  { householdId: 2, districtCode: '64.74.03', villageCode: '64.74.03.1001' },
);
// C: two members with unknown ages and no dwelling data at all.
const c = household(
  { floor_material: null },
  [member({ relationship: 1 }), member({ relationship: 2, sex: 2 })],
  {
    householdId: 3,
  },
);

describe('scoreHousehold arithmetic (hand-computed)', () => {
  it('household A: 14 − 0.5·ln4 − 0.2·0.5 − 0.1 + 0.2·ln10 = 13.5673698', () => {
    const s = scoreHousehold(model, a, { asOf: AS_OF });
    expect(s.logPce).toBeCloseTo(13.5673698, 6);
    expect(s.predictedPce).toBeCloseTo(Math.exp(13.5673698), -1);
    expect(s.desil).toBe(3); // ≈ Rp 780,250: ≥ 700,000 and < 800,000
    const byName = Object.fromEntries(s.contributions.map((x) => [x.feature, x]));
    expect(byName.children?.value).toBe(0.5);
    expect(byName.earth?.contribution).toBeCloseTo(-0.1, 12);
    expect(byName.area?.contribution).toBeCloseTo(0, 12); // 10 m² per person is the reference
    expect(s.baseline).toBeCloseTo(14 + 0.2 * LN10, 12);
    const sum = s.baseline + s.contributions.reduce((t, x) => t + x.contribution, 0);
    expect(sum).toBeCloseTo(s.logPce, 12);
  });

  it('household B: 14 + 0.1 + 0.2·ln30 + 0.15 + 0.05 = 14.9802395', () => {
    const s = scoreHousehold(model, b, { asOf: AS_OF });
    expect(s.logPce).toBeCloseTo(14.9802395, 6);
    expect(s.desil).toBe(10); // ≈ Rp 3.2 million
  });

  it('household C: missing data take the reference value and are marked', () => {
    const s = scoreHousehold(model, c, { asOf: AS_OF });
    expect(s.logPce).toBeCloseTo(14 - 0.5 * Math.log(2) + 0.2 * LN10, 9);
    expect(s.desil).toBe(7); // ≈ Rp 1,347,746
    const missing = s.contributions.filter((x) => x.missing).map((x) => x.feature);
    expect(missing.sort()).toEqual(['area', 'earth', 'fridge', 'head_sma']);
  });

  it('computes ages at the given date (a birthday one day later changes the share)', () => {
    const onBirthday = household({}, [
      member({ relationship: 1, birthDate: '1990-01-01' }),
      member({ birthDate: '2011-11-28' }),
    ]);
    expect(scoreHousehold(model, onBirthday, { asOf: '2026-11-27' }).contributions[1]?.value).toBe(0.5);
    expect(scoreHousehold(model, onBirthday, { asOf: '2026-11-28' }).contributions[1]?.value).toBe(0);
  });
});

describe('cut-points', () => {
  it('maps expenditure to desil with thresholds belonging to the upper desil', () => {
    const t = [10, 20, 30, 40, 50, 60, 70, 80, 90];
    expect(desilFromCutPoints(9.99, t)).toBe(1);
    expect(desilFromCutPoints(10, t)).toBe(2);
    expect(desilFromCutPoints(89, t)).toBe(9);
    expect(desilFromCutPoints(1e9, t)).toBe(10);
  });

  it('puts regional cut-points midway between deciles', () => {
    expect(regionalCutPoints([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toEqual([
      1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5,
    ]);
    // Weighted by persons: the poorest household holds 30 % of the people, so the next one starts desil 4.
    const weighted = regionalCutPoints([1, 2, 3, 4, 5, 6, 7, 8], [3, 1, 1, 1, 1, 1, 1, 1]);
    expect(weighted.slice(0, 4)).toEqual([1.5, 1.5, 1.5, 2.5]);
    expect(desilFromCutPoints(2, weighted)).toBe(4);
  });
});

describe('scoreHouseholds', () => {
  it('gives the same national result as scoring one by one', () => {
    const { scores, cutPoints } = scoreHouseholds(model, [a, b, c], { asOf: AS_OF });
    expect(cutPoints.mode).toBe('national');
    [a, b, c].forEach((h, i) => {
      const one = scoreHousehold(model, h, { asOf: AS_OF });
      expect(scores[i]?.logPce).toBeCloseTo(one.logPce, 12);
      expect(scores[i]?.desil).toBe(one.desil);
    });
  });

  it('ranks within the set in regional mode', () => {
    const many = Array.from({ length: 20 }, (_, i) =>
      household({ floor_area_m2: 10 + i * 5 }, [member({ relationship: 1 })], { householdId: i + 1 }),
    );
    const { scores, cutPoints } = scoreHouseholds(model, many, { mode: 'regional', asOf: AS_OF });
    expect(cutPoints.mode).toBe('regional');
    const counts = new Array<number>(11).fill(0);
    for (const s of scores) counts[s.desil] = (counts[s.desil] ?? 0) + 1;
    expect(counts.slice(1)).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    expect(scores[0]?.desil).toBe(1);
    expect(scores[19]?.desil).toBe(10);
  });
});

describe('the shipped default model', () => {
  const text = readFileSync(new URL('../../../../../models/pmt/default-v1.json', import.meta.url), 'utf8');
  const shipped = parsePmtModel(text);

  it('is valid, illustrative, and puts its reference household at Rp 900,000', () => {
    expect(shipped.illustrative).toBe(true);
    const ref = household({ floor_area_m2: 36 }, [
      member({ relationship: 1, birthDate: '1985-01-01' }),
      member({ relationship: 2, sex: 2, birthDate: '1987-01-01' }),
      member({ relationship: 4, birthDate: '1990-01-01' }),
      member({ relationship: 4, birthDate: '1991-01-01' }),
    ]);
    const s = scoreHousehold(shipped, ref, { asOf: AS_OF });
    expect(s.predictedPce).toBeCloseTo(900_000, -1);
    expect(Math.exp(s.baseline)).toBeCloseTo(900_000, -1);
  });

  it('ranks a deprived household below a well-off one', () => {
    const poor = household(
      {
        floor_material: 8,
        wall_material: 6,
        toilet_facility: 4,
        lighting: 4,
        cooking_fuel: 9,
        floor_area_m2: 18,
      },
      [
        member({ relationship: 1, birthDate: '1975-01-01', education: 0, work: 7 }),
        member({ relationship: 2, sex: 2, birthDate: '1978-01-01' }),
        ...[2012, 2015, 2018, 2021].map((y) => member({ relationship: 3, birthDate: `${y}-05-05` })),
      ],
    );
    const rich = household(
      {
        floor_material: 2,
        power_va: 4,
        asset_car: true,
        asset_ac: true,
        asset_fridge: true,
        floor_area_m2: 120,
      },
      [
        member({ relationship: 1, birthDate: '1975-01-01', education: 5, work: 5 }),
        member({ relationship: 2, sex: 2 }),
      ],
    );
    const p = scoreHousehold(shipped, poor, { asOf: AS_OF });
    const r = scoreHousehold(shipped, rich, { asOf: AS_OF });
    expect(p.desil).toBe(1);
    expect(r.desil).toBe(10);
  });
});
