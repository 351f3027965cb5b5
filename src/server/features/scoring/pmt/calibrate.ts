/**
 * Calibration: refit a model's coefficients by weighted least squares on a survey with observed
 * per-capita expenditure, and measure how well it ranks and targets. The feature specs and cut-points
 * stay as they are (they are configuration); only the intercept and coefficients change.
 */
import { Matrix, QrDecomposition, solve } from 'ml-matrix';
import { featureMatrix, parseAsOf, type AsOf } from './features.ts';
import type { PmtCalibration, PmtModel } from './model.ts';
import { rSquared, spearman, targetingErrors, type TargetingErrors } from './metrics.ts';
import { desilFromCutPoints, regionalCutPoints, scoreHouseholds } from './score.ts';
import type { SurveyHousehold } from './survey.ts';

export interface WlsOptions {
  /** Added to the diagonal of XᵀWX (weights normalised to mean 1) for every column but `unpenalised`. */
  ridge?: number;
  /** Column left out of the ridge penalty, usually the intercept. Default 0. */
  unpenalised?: number;
  /** A column whose share of variance not explained by earlier columns is below this is dropped. */
  tolerance?: number;
}

export interface WlsResult {
  /** One per column of X; 0 for dropped columns. */
  coefficients: number[];
  /** Columns dropped as constant (all zero) or collinear with earlier columns. */
  singularColumns: number[];
}

/**
 * Weighted least squares: minimise Σ wᵢ (yᵢ − xᵢ·b)² (+ ridge Σ bⱼ²). Collinear columns are found by
 * a pivot-free Cholesky pass on XᵀWX and dropped; the rest is solved by QR of √W·X (ml-matrix).
 */
export function weightedLeastSquares(
  x: readonly ArrayLike<number>[],
  y: ArrayLike<number>,
  weights?: ArrayLike<number>,
  options: WlsOptions = {},
): WlsResult {
  const n = x.length;
  const p = x[0]?.length ?? 0;
  if (y.length !== n) throw new Error('weightedLeastSquares: y length differs from X rows');
  if (n === 0 || p === 0) return { coefficients: new Array<number>(p).fill(0), singularColumns: [] };
  const ridge = options.ridge ?? 0;
  const unpenalised = options.unpenalised ?? 0;
  const tolerance = options.tolerance ?? 1e-9;

  let weightSum = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? (weights[i] ?? 0) : 1;
    if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`weightedLeastSquares: bad weight at row ${i}`);
    weightSum += w;
  }
  if (weightSum <= 0) throw new Error('weightedLeastSquares: weights sum to 0');
  const sqrtW = new Float64Array(n);
  for (let i = 0; i < n; i++) sqrtW[i] = Math.sqrt(((weights ? (weights[i] ?? 0) : 1) * n) / weightSum);

  // XᵀWX, to find columns that carry no information beyond earlier ones.
  const gram = Array.from({ length: p }, () => new Float64Array(p));
  for (let i = 0; i < n; i++) {
    const row = x[i];
    if (row === undefined) continue;
    const w = (sqrtW[i] ?? 0) ** 2;
    if (w === 0) continue;
    for (let a = 0; a < p; a++) {
      const wa = w * (row[a] ?? 0);
      if (wa === 0) continue;
      const g = gram[a];
      if (g === undefined) continue;
      for (let b = a; b < p; b++) g[b] = (g[b] ?? 0) + wa * (row[b] ?? 0);
    }
  }
  const gramAt = (a: number, b: number): number => (a <= b ? gram[a]?.[b] : gram[b]?.[a]) ?? 0;
  const kept: number[] = [];
  const singularColumns: number[] = [];
  const lower = Array.from({ length: p }, () => new Float64Array(p));
  for (let j = 0; j < p; j++) {
    const diagonal = gramAt(j, j);
    const lj = lower[j] ?? new Float64Array(p);
    let residual = diagonal;
    for (const k of kept) {
      const lk = lower[k] ?? new Float64Array(p);
      let s = gramAt(j, k);
      for (const m of kept) {
        if (m >= k) break;
        s -= (lj[m] ?? 0) * (lk[m] ?? 0);
      }
      const v = s / (lk[k] ?? 1);
      lj[k] = v;
      residual -= v * v;
    }
    if (!(diagonal > 0) || residual <= tolerance * diagonal) {
      singularColumns.push(j);
      lj.fill(0);
      continue;
    }
    lj[j] = Math.sqrt(residual);
    kept.push(j);
  }

  const penalised = ridge > 0 ? kept.filter((j) => j !== unpenalised) : [];
  const rows = n + penalised.length;
  const a = new Matrix(rows, kept.length);
  const b = new Matrix(rows, 1);
  for (let i = 0; i < n; i++) {
    const row = x[i];
    const s = sqrtW[i] ?? 0;
    kept.forEach((j, c) => a.set(i, c, s * (row?.[j] ?? 0)));
    b.set(i, 0, s * (y[i] ?? 0));
  }
  // Ridge as extra rows √λ·eⱼ with target 0 keeps the problem in QR form.
  penalised.forEach((j, r) => a.set(n + r, kept.indexOf(j), Math.sqrt(ridge)));

  const qr = new QrDecomposition(a);
  const solution = qr.isFullRank() ? qr.solve(b) : solve(a, b, true);
  const coefficients = new Array<number>(p).fill(0);
  kept.forEach((j, c) => {
    coefficients[j] = solution.get(c, 0);
  });
  return { coefficients, singularColumns };
}

/** How well a model ranks and targets a sample with observed expenditure. */
export interface ModelAccuracy {
  n: number;
  mode: 'national' | 'regional';
  /** R² of predicted vs observed ln(per-capita expenditure), survey-weighted. */
  r2: number;
  /** Spearman rank correlation of predicted vs observed per-capita expenditure, survey-weighted. */
  spearman: number;
  targeting: TargetingErrors;
  /** Share of households whose predicted desil equals the desil of their observed expenditure. */
  exactDesil: number;
}

/**
 * Evaluate a model on households with known expenditure. True desil come from the same cut-points as
 * predicted desil: the model's national ones, or deciles of observed expenditure within the sample.
 */
export function evaluateModel(
  model: PmtModel,
  sample: readonly SurveyHousehold[],
  options: { quota?: number; mode?: 'national' | 'regional'; asOf?: string | Date | AsOf } = {},
): ModelAccuracy {
  const quota = options.quota ?? 4;
  const mode = options.mode ?? model.cutPoints.mode;
  const inputs = sample.map((s) => s.input);
  const weights = Float64Array.from(sample, (s) => s.weight);
  const observed = Float64Array.from(sample, (s) => s.perCapitaExpenditure);
  const scored = scoreHouseholds(model, inputs, { mode: 'national', asOf: options.asOf ?? new Date() });
  const predicted = Float64Array.from(scored.scores, (s) => s.predictedPce);
  let predictedThresholds = model.cutPoints.national;
  let trueThresholds = model.cutPoints.national;
  if (mode === 'regional') {
    const decileWeights =
      model.cutPoints.regionalWeight === 'persons'
        ? Float64Array.from(
            sample,
            (s) => s.weight * Math.max(1, s.input.members.filter((m) => m.status === 1).length),
          )
        : weights;
    predictedThresholds = regionalCutPoints(predicted, decileWeights);
    trueThresholds = regionalCutPoints(observed, decileWeights);
  }
  const predictedDesil = Float64Array.from(predicted, (v) => desilFromCutPoints(v, predictedThresholds));
  const trueDesil = Float64Array.from(observed, (v) => desilFromCutPoints(v, trueThresholds));
  const rankCorrelation = spearman(predicted, observed, weights);
  let same = 0;
  let total = 0;
  for (let i = 0; i < sample.length; i++) {
    const w = weights[i] ?? 0;
    total += w;
    if (predictedDesil[i] === trueDesil[i]) same += w;
  }
  return {
    n: sample.length,
    mode,
    r2: rSquared(
      observed.map((v) => Math.log(v)),
      scored.scores.map((s) => s.logPce),
      weights,
    ),
    // A constant prediction has no rank information: report 0 rather than an undefined correlation.
    spearman: Number.isNaN(rankCorrelation) ? 0 : rankCorrelation,
    targeting: targetingErrors(predictedDesil, trueDesil, quota, weights),
    exactDesil: total > 0 ? same / total : 0,
  };
}

export interface CalibrationOptions {
  /** Desil quota for inclusion/exclusion errors (4 = desil 1–4). */
  quota?: number;
  /** Ridge guard (see WlsOptions); 0 = plain WLS. */
  ridge?: number;
  /** File name recorded in the calibration block. */
  surveyFile?: string;
  /** Date at which member ages are computed. */
  asOf?: string | Date | AsOf;
  /** Timestamp written as createdAt / fittedAt; default now. */
  createdAt?: string;
  /** Whether the new version is illustrative (e.g. fitted on demo data). Default false. */
  illustrative?: boolean;
}

export interface CalibrationReport {
  before: ModelAccuracy;
  after: ModelAccuracy;
  singularFeatures: string[];
}

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/** Fit a new version of `model` on a survey sample; metrics are in-sample for both versions. */
export function calibrateModel(
  model: PmtModel,
  sample: readonly SurveyHousehold[],
  options: CalibrationOptions = {},
): { model: PmtModel; report: CalibrationReport } {
  if (sample.length <= model.features.length + 1)
    throw new Error(
      `calibration needs more households (${sample.length}) than coefficients (${model.features.length + 1})`,
    );
  const quota = options.quota ?? 4;
  const asOf = options.asOf ?? new Date();
  const createdAt = options.createdAt ?? new Date().toISOString();
  const surveyFile = options.surveyFile ?? 'survey.csv';
  const ridge = options.ridge ?? 0;

  const features = featureMatrix(
    model,
    sample.map((s) => s.input),
    parseAsOf(asOf),
  );
  const x = features.map((row) => {
    const withIntercept = new Float64Array(row.length + 1);
    withIntercept[0] = 1;
    withIntercept.set(row, 1);
    return withIntercept;
  });
  const y = Float64Array.from(sample, (s) => Math.log(s.perCapitaExpenditure));
  const fit = weightedLeastSquares(
    x,
    y,
    sample.map((s) => s.weight),
    { ridge, unpenalised: 0 },
  );
  const singularFeatures = fit.singularColumns
    .filter((c) => c > 0)
    .map((c) => model.features[c - 1]?.spec.name ?? String(c));
  if (fit.singularColumns.includes(0)) throw new Error('calibration: the intercept column is singular');

  const draft: PmtModel = {
    ...model,
    version: model.version + 1,
    basedOn: { id: model.id, version: model.version },
    createdAt,
    illustrative: options.illustrative ?? false,
    description: {
      id: `Dikalibrasi dengan kuadrat terkecil berbobot pada ${surveyFile} (n = ${sample.length}) dari ${model.id} versi ${model.version}.`,
      en: `Calibrated by weighted least squares on ${surveyFile} (n = ${sample.length}) from ${model.id} version ${model.version}.`,
    },
    intercept: round6(fit.coefficients[0] ?? 0),
    features: model.features.map((f, j) => ({ ...f, coefficient: round6(fit.coefficients[j + 1] ?? 0) })),
  };
  const before = evaluateModel(model, sample, { quota, asOf });
  const after = evaluateModel(draft, sample, { quota, asOf });
  const calibration: PmtCalibration = {
    r2: after.r2,
    spearman: after.spearman,
    n: sample.length,
    quota,
    inclusionError: after.targeting.inclusionError,
    exclusionError: after.targeting.exclusionError,
    surveyFile,
    singularFeatures,
    ridge,
    fittedAt: createdAt,
    before: {
      r2: before.r2,
      spearman: before.spearman,
      inclusionError: before.targeting.inclusionError,
      exclusionError: before.targeting.exclusionError,
    },
  };
  return { model: { ...draft, calibration }, report: { before, after, singularFeatures } };
}
