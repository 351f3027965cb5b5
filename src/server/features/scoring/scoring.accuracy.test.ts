import { describe, expect, it } from 'vitest';
import {
  accuracyAgainstTruth,
  parseTruthExpenditureCsv,
  type EstimateForAccuracy,
} from './scoring.accuracy.ts';

const CUTS = [100, 200, 300, 400, 500, 600, 700, 800, 900];

function estimates(pces: number[]): EstimateForAccuracy[] {
  return pces.map((p, i) => ({ householdId: i + 1, predictedPce: p, persons: 1 }));
}

describe('accuracy against known expenditure', () => {
  it('reads the demo truth file', () => {
    const truth = parseTruthExpenditureCsv(
      'household_id,per_capita_monthly\n1,812345.5\n2,-3\nx,5\n3,1200000\n',
    );
    expect([...truth]).toEqual([
      [1, 812345.5],
      [3, 1200000],
    ]);
  });

  it('is perfect for a perfect estimate and reversed for a reversed one', () => {
    const pces = [50, 150, 250, 350, 450, 550, 650, 750, 850, 950];
    const truth = new Map(pces.map((p, i) => [i + 1, p]));
    const perfect = accuracyAgainstTruth(estimates(pces), truth, { nationalThresholds: CUTS });
    expect(perfect.spearman).toBeCloseTo(1, 12);
    expect(perfect.r2).toBeCloseTo(1, 12);
    expect(perfect.national).toMatchObject({
      inclusionError: 0,
      exclusionError: 0,
      exactDesil: 1,
      selected: 4,
    });
    expect(perfect.regional).toMatchObject({ inclusionError: 0, exclusionError: 0, exactDesil: 1 });
    const reversed = accuracyAgainstTruth(estimates([...pces].reverse()), truth, {
      nationalThresholds: CUTS,
    });
    expect(reversed.spearman).toBeCloseTo(-1, 12);
    expect(reversed.national.inclusionError).toBe(1);
    expect(reversed.national.exclusionError).toBe(1);
  });

  it('counts inclusion and exclusion errors at the quota as worked out by hand', () => {
    // True desil (national): 1, 2, 3, 4, 5, 6. Estimated: 1, 2, 5, 4, 3, 6.
    // Selected (est ≤ 4): households 1, 2, 4, 5 → household 5 is truly desil 5: inclusion 1/4.
    // Truly poor (true ≤ 4): 1, 2, 3, 4 → household 3 is missed: exclusion 1/4.
    const truth = new Map([50, 150, 250, 350, 450, 550].map((p, i) => [i + 1, p]));
    const report = accuracyAgainstTruth(
      [...estimates([60, 160, 460, 360, 260, 560]), { householdId: 99, predictedPce: 10, persons: 3 }],
      truth,
      { nationalThresholds: CUTS, quota: 4 },
    );
    expect(report.n).toBe(6);
    expect(report.withoutTruth).toBe(1);
    expect(report.national.inclusionError).toBeCloseTo(0.25, 12);
    expect(report.national.exclusionError).toBeCloseTo(0.25, 12);
    expect(report.national.exactDesil).toBeCloseTo(4 / 6, 12);
  });
});
