/**
 * Scoring of candidate pairs: match weight = log2 prior odds + Σ log2 Bayes factors, probability =
 * 2^w / (1 + 2^w). Each comparison's contribution is its log2 Bayes factor, with the term-frequency
 * adjustment on exact levels: the agreed value's frequency replaces u, so MUHAMMAD weighs less.
 */
import type { CompiledComparison } from './comparisons.ts';

/** Fitted Fellegi–Sunter parameters, per comparison and level. */
export interface ModelParameters {
  lambda: number;
  m: number[][];
  u: number[][];
}

const FLOOR = 1e-9;

/** log2(m/u) per comparison level; 0 for null levels. */
export function levelWeights(
  comparisons: readonly CompiledComparison[],
  params: Pick<ModelParameters, 'm' | 'u'>,
): number[][] {
  return comparisons.map((comp, c) =>
    comp.isNull.map((isNull, l) => {
      if (isNull) return 0;
      const m = params.m[c]?.[l] ?? FLOOR;
      const u = params.u[c]?.[l] ?? FLOOR;
      return Math.log2(Math.max(m, FLOOR) / Math.max(u, FLOOR));
    }),
  );
}

/** Contribution (log2 Bayes factor) of comparison c for pair k, including the TF adjustment. */
export function pairContribution(
  comparison: CompiledComparison,
  c: number,
  level: number,
  leftRecord: number,
  weights: readonly (readonly number[])[],
  params: Pick<ModelParameters, 'u'>,
): number {
  const base = weights[c]?.[level] ?? 0;
  const codes = comparison.tfCodes[level];
  const freq = comparison.tfFrequency[level];
  if (!codes || !freq) return base;
  const code = codes[leftRecord] ?? -1;
  if (code < 0) return base;
  const tf = Math.max(freq[code] ?? 0, comparison.tfMinimum, FLOOR);
  const u = Math.max(params.u[c]?.[level] ?? FLOOR, FLOOR);
  return base + Math.log2(u / tf);
}

/** Match weights and probabilities of all pairs. */
export function scorePairs(
  comparisons: readonly CompiledComparison[],
  levels: readonly Uint8Array[],
  left: Int32Array,
  count: number,
  params: ModelParameters,
): { weight: Float64Array; probability: Float64Array } {
  const weights = levelWeights(comparisons, params);
  const prior = Math.log2(params.lambda / (1 - params.lambda));
  const weight = new Float64Array(count).fill(prior);
  for (let c = 0; c < comparisons.length; c++) {
    const comp = comparisons[c];
    const lv = levels[c];
    const w = weights[c];
    if (!comp || !lv || !w) continue;
    const hasTf = comp.tfCodes.some((x) => x !== null);
    for (let k = 0; k < count; k++) {
      const l = lv[k] ?? 0;
      weight[k] =
        (weight[k] ?? 0) +
        (hasTf ? pairContribution(comp, c, l, left[k] ?? 0, weights, params) : (w[l] ?? 0));
    }
  }
  const probability = new Float64Array(count);
  for (let k = 0; k < count; k++) probability[k] = 1 / (1 + 2 ** -(weight[k] ?? 0));
  return { weight, probability };
}
