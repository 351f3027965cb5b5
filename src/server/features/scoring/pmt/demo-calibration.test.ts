/**
 * Calibration on the synthetic demo city: fit on one half, judge on the other half against the
 * hidden per-capita expenditure the generator keeps as truth.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoCity } from '../../demo/generate-demo-city.ts';
import { calibrateModel, evaluateModel } from './calibrate.ts';
import { parsePmtModel, type PmtModel } from './model.ts';
import type { SurveyHousehold } from './survey.ts';
import type { ScoringMember } from './types.ts';

const defaultModel = parsePmtModel(
  readFileSync(new URL('../../../../../models/pmt/default-v1.json', import.meta.url), 'utf8'),
);

function demoSample(households: number, seed: number): { sample: SurveyHousehold[]; asOf: string } {
  const city = generateDemoCity({ households, seed });
  const members = new Map<number, ScoringMember[]>();
  for (const p of city.persons) {
    const list = members.get(p.householdId) ?? [];
    list.push({
      sex: p.sex === 1 || p.sex === 2 ? p.sex : null,
      birthDate: p.birthDate,
      relationship: p.relationship,
      education: p.education,
      work: p.work,
      schooling: p.schooling,
      disability: p.disability,
      chronicIllness: p.chronicIllness,
      healthInsurance: p.healthInsurance,
      status: p.status,
    });
    members.set(p.householdId, list);
  }
  const truth = new Map(city.truth.expenditure.map((e) => [e.householdId, e.perCapitaMonthly]));
  const sample = city.households.map((h) => ({
    input: {
      householdId: h.id,
      villageCode: h.villageCode,
      districtCode: h.districtCode,
      variables: h.variables,
      members: members.get(h.id) ?? [],
    },
    perCapitaExpenditure: truth.get(h.id) ?? NaN,
    weight: 1,
  }));
  return { sample, asOf: city.options.referenceDate };
}

describe('calibration on the demo city (2,000 households, seed 42)', () => {
  let train: SurveyHousehold[] = [];
  let holdout: SurveyHousehold[] = [];
  let asOf = '';
  let calibrated: PmtModel;

  beforeAll(() => {
    const demo = demoSample(2_000, 42);
    asOf = demo.asOf;
    expect(demo.sample.every((s) => s.perCapitaExpenditure > 0)).toBe(true);
    train = demo.sample.filter((_, i) => i % 2 === 0);
    holdout = demo.sample.filter((_, i) => i % 2 === 1);
    calibrated = calibrateModel(defaultModel, train, {
      asOf,
      surveyFile: 'demo-seed-42.csv',
      createdAt: '2026-11-27T00:00:00.000Z',
      illustrative: true,
    }).model;
  });

  it('improves rank correlation on the held-out half over the default model', () => {
    const before = evaluateModel(defaultModel, holdout, { asOf, mode: 'regional' });
    const after = evaluateModel(calibrated, holdout, { asOf, mode: 'regional' });
    expect(after.spearman).toBeGreaterThan(before.spearman + 0.01);
    expect(after.r2).toBeGreaterThan(before.r2);
  });

  it('keeps targeting errors at desil 1–4 of the region no worse in total', () => {
    const before = evaluateModel(defaultModel, holdout, { asOf, mode: 'regional' }).targeting;
    const after = evaluateModel(calibrated, holdout, { asOf, mode: 'regional' }).targeting;
    expect(after.inclusionError + after.exclusionError).toBeLessThanOrEqual(
      before.inclusionError + before.exclusionError + 0.02,
    );
  });

  it('records the calibration in the new model version', () => {
    expect(calibrated.version).toBe(defaultModel.version + 1);
    expect(calibrated.basedOn).toEqual({ id: defaultModel.id, version: defaultModel.version });
    expect(calibrated.calibration?.n).toBe(train.length);
    expect(calibrated.calibration?.spearman).toBeGreaterThan(calibrated.calibration?.before?.spearman ?? 1);
  });
});
