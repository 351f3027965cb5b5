/**
 * Accuracy of stored or in-memory estimates against a known per-capita expenditure (the demo
 * generator's hidden truth, or a field survey): rank correlation, R² and the inclusion and exclusion
 * errors at a desil quota, with national and with regional cut-points. Pure, so it is tested alone.
 */
import { parse } from 'csv-parse/sync';
import {
  desilFromCutPoints,
  rSquared,
  regionalCutPoints,
  spearman,
  targetingErrors,
  type TargetingErrors,
} from './pmt/index.ts';

/** One estimate to judge: predicted expenditure and the persons it stands for (regional deciles). */
export interface EstimateForAccuracy {
  householdId: number;
  predictedPce: number;
  persons: number;
}

export interface TargetingReport extends TargetingErrors {
  /** Share of households whose estimated desil equals their true desil. */
  exactDesil: number;
}

export interface AccuracyReport {
  /** Households with both an estimate and a true expenditure. */
  n: number;
  /** Estimates without a true expenditure (not in the truth file). */
  withoutTruth: number;
  spearman: number;
  /** R² of ln(predicted) against ln(true) expenditure. */
  r2: number;
  quota: number;
  /** True and estimated desil both from the model's national cut-points. */
  national: TargetingReport;
  /** True and estimated desil both as deciles within the scored region, weighted by persons. */
  regional: TargetingReport;
}

/** Reads `truth-expenditure.csv` (`household_id,per_capita_monthly`) into a map. */
export function parseTruthExpenditureCsv(text: string): Map<number, number> {
  const rows = parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: true });
  const truth = new Map<number, number>();
  for (const row of rows as Record<string, string | undefined>[]) {
    const id = Number(row.household_id);
    const pce = Number(row.per_capita_monthly);
    if (Number.isSafeInteger(id) && Number.isFinite(pce) && pce > 0) truth.set(id, pce);
  }
  return truth;
}

function targeting(predicted: number[], truth: number[], quota: number): TargetingReport {
  const errors = targetingErrors(predicted, truth, quota);
  let same = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === truth[i]) same++;
  return { ...errors, exactDesil: predicted.length > 0 ? same / predicted.length : 0 };
}

/** Compare estimates with true expenditure; households missing on either side are left out. */
export function accuracyAgainstTruth(
  estimates: readonly EstimateForAccuracy[],
  truth: ReadonlyMap<number, number>,
  options: { nationalThresholds: readonly number[]; quota?: number },
): AccuracyReport {
  const quota = options.quota ?? 4;
  const predicted: number[] = [];
  const observed: number[] = [];
  const persons: number[] = [];
  for (const e of estimates) {
    const t = truth.get(e.householdId);
    if (t === undefined || !(e.predictedPce > 0)) continue;
    predicted.push(e.predictedPce);
    observed.push(t);
    persons.push(Math.max(1, e.persons));
  }
  const national = options.nationalThresholds;
  const predictedCuts = regionalCutPoints(predicted, persons);
  const trueCuts = regionalCutPoints(observed, persons);
  const rank = spearman(predicted, observed);
  const r2 = rSquared(
    observed.map((v) => Math.log(v)),
    predicted.map((v) => Math.log(v)),
  );
  return {
    n: predicted.length,
    withoutTruth: estimates.length - predicted.length,
    spearman: Number.isNaN(rank) ? 0 : rank,
    r2: Number.isNaN(r2) ? 0 : r2,
    quota,
    national: targeting(
      predicted.map((v) => desilFromCutPoints(v, national)),
      observed.map((v) => desilFromCutPoints(v, national)),
      quota,
    ),
    regional: targeting(
      predicted.map((v) => desilFromCutPoints(v, predictedCuts)),
      observed.map((v) => desilFromCutPoints(v, trueCuts)),
      quota,
    ),
  };
}
