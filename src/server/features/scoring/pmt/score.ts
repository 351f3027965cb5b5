/**
 * PMT scoring: ln(per-capita expenditure) = intercept + Σ coefficient × feature, then desil from cut-points.
 * The same arithmetic serves one household (with contributions for explanations) and a million (a
 * compiled loop without per-feature allocations).
 */
import {
  buildHouseholdContext,
  compileFeatures,
  featureValues,
  parseAsOf,
  type AsOf,
  type CompiledFeatures,
  type HouseholdContext,
} from './features.ts';
import type { PmtModel } from './model.ts';
import type {
  Contribution,
  CutPointsUsed,
  HouseholdScore,
  HouseholdScoreDetail,
  ScoringInput,
} from './types.ts';

/** A model ready to score: compiled features and coefficients in typed arrays. */
export interface CompiledModel {
  model: PmtModel;
  compiled: CompiledFeatures;
  coefficients: Float64Array;
  references: Float64Array;
  /** intercept + Σ coefficient × reference. */
  baseline: number;
}

/** Compile a model once; reuse it across batches. */
export function compileModel(model: PmtModel): CompiledModel {
  const coefficients = Float64Array.from(model.features.map((f) => f.coefficient));
  const references = Float64Array.from(model.features.map((f) => f.reference));
  let baseline = model.intercept;
  for (let j = 0; j < coefficients.length; j++) baseline += (coefficients[j] ?? 0) * (references[j] ?? 0);
  return { model, compiled: compileFeatures(model), coefficients, references, baseline };
}

const emptyInput: ScoringInput = {
  householdId: 0,
  villageCode: '',
  districtCode: '',
  variables: {},
  members: [],
};

function asCompiled(model: PmtModel | CompiledModel): CompiledModel {
  return 'compiled' in model ? model : compileModel(model);
}

/** Desil 1–10 of a per-capita expenditure: 1 + the number of thresholds at or below it. */
export function desilFromCutPoints(pce: number, thresholds: readonly number[]): number {
  let desil = 1;
  for (const t of thresholds) if (pce >= t) desil++;
  return desil;
}

/**
 * Nine regional cut-points: weighted deciles of the given expenditures (weight = persons or 1), each
 * the midpoint between the last value below a tenth of the total weight and the first above it.
 */
export function regionalCutPoints(pces: ArrayLike<number>, weights?: ArrayLike<number>): number[] {
  const n = pces.length;
  if (n === 0) return [];
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (pces[a] ?? 0) - (pces[b] ?? 0));
  let total = 0;
  for (let i = 0; i < n; i++) total += weights ? (weights[i] ?? 0) : 1;
  const cuts: number[] = [];
  let k = 1;
  let cumulative = 0;
  let previous = pces[order[0] ?? 0] ?? 0;
  for (let r = 0; r < n && k <= 9; r++) {
    const i = order[r] ?? 0;
    const value = pces[i] ?? 0;
    while (k <= 9 && cumulative >= (k * total) / 10 - 1e-9 * total) {
      cuts.push(r === 0 ? value : (previous + value) / 2);
      k++;
    }
    cumulative += weights ? (weights[i] ?? 0) : 1;
    previous = value;
  }
  while (cuts.length < 9) cuts.push(previous);
  return cuts;
}

/** Predicted ln(PCE) of one household, writing feature values into `buf` and reusing `ctx`. */
function predict(
  cm: CompiledModel,
  input: ScoringInput,
  asOf: AsOf,
  buf: Float64Array,
  ctx: HouseholdContext,
): number {
  featureValues(cm.compiled, buildHouseholdContext(input, asOf, ctx), buf);
  let logPce = cm.model.intercept;
  const coefficients = cm.coefficients;
  for (let j = 0; j < buf.length; j++) logPce += (coefficients[j] ?? 0) * (buf[j] ?? 0);
  return logPce;
}

export interface ScoreOptions {
  /** Date at which ages are computed (`YYYY-MM-DD`); default today (UTC). Store it with the score. */
  asOf?: string | Date | AsOf;
  /** Thresholds to use instead of the model's national ones (e.g. from a regional run). */
  cutPoints?: readonly number[];
}

/** Score one household with every feature's contribution (for explanations and review). */
export function scoreHousehold(
  model: PmtModel | CompiledModel,
  input: ScoringInput,
  options: ScoreOptions = {},
): HouseholdScoreDetail {
  const cm = asCompiled(model);
  const asOf = parseAsOf(options.asOf);
  const n = cm.coefficients.length;
  const values = new Float64Array(n);
  const missing = new Uint8Array(n);
  featureValues(cm.compiled, buildHouseholdContext(input, asOf), values, missing);
  let logPce = cm.model.intercept;
  const contributions: Contribution[] = [];
  cm.model.features.forEach((f, j) => {
    const value = values[j] ?? 0;
    logPce += f.coefficient * value;
    contributions.push({
      feature: f.spec.name,
      label: f.label,
      value,
      reference: f.reference,
      coefficient: f.coefficient,
      contribution: f.coefficient * (value - f.reference),
      missing: missing[j] === 1,
    });
  });
  const predictedPce = Math.exp(logPce);
  const thresholds = options.cutPoints ?? cm.model.cutPoints.national;
  return {
    householdId: input.householdId,
    logPce,
    predictedPce,
    desil: desilFromCutPoints(predictedPce, thresholds),
    baseline: cm.baseline,
    contributions,
  };
}

export interface ScoreManyOptions {
  /** 'national' uses the model's cut-points; 'regional' ranks within `inputs`. Default: the model's mode. */
  mode?: 'national' | 'regional';
  asOf?: string | Date | AsOf;
}

/** Score many households; in regional mode desil are deciles of this set (the deployment region). */
export function scoreHouseholds(
  model: PmtModel | CompiledModel,
  inputs: readonly ScoringInput[],
  options: ScoreManyOptions = {},
): { scores: HouseholdScore[]; cutPoints: CutPointsUsed } {
  const cm = asCompiled(model);
  const asOf = parseAsOf(options.asOf);
  const mode = options.mode ?? cm.model.cutPoints.mode;
  const n = inputs.length;
  const buf = new Float64Array(cm.coefficients.length);
  const ctx: HouseholdContext = {
    input: inputs[0] ?? emptyInput,
    active: [],
    ages: [],
    size: 0,
    head: undefined,
    headAge: NaN,
  };
  const logs = new Float64Array(n);
  const pces = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const input = inputs[i];
    if (input === undefined) continue;
    const logPce = predict(cm, input, asOf, buf, ctx);
    logs[i] = logPce;
    pces[i] = Math.exp(logPce);
  }
  let thresholds: number[];
  if (mode === 'regional') {
    const byPersons = cm.model.cutPoints.regionalWeight === 'persons';
    const weights = byPersons
      ? Float64Array.from(inputs, (h) =>
          Math.max(
            1,
            h.members.reduce((s, m) => s + (m.status === 1 ? 1 : 0), 0),
          ),
        )
      : undefined;
    thresholds = regionalCutPoints(pces, weights);
  } else thresholds = [...cm.model.cutPoints.national];
  const scores: HouseholdScore[] = new Array<HouseholdScore>(n);
  for (let i = 0; i < n; i++) {
    const pce = pces[i] ?? 0;
    scores[i] = {
      householdId: inputs[i]?.householdId ?? 0,
      logPce: logs[i] ?? 0,
      predictedPce: pce,
      desil: desilFromCutPoints(pce, thresholds),
    };
  }
  return { scores, cutPoints: { mode, thresholds } };
}
