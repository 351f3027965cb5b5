/**
 * Expectation–maximisation for the Fellegi–Sunter model on comparison patterns. Identical comparison
 * vectors are grouped first, so each iteration costs O(#patterns × #comparisons), not O(#pairs).
 * u is held fixed (estimated from random pairs, as Splink does); m and the match share λ are estimated.
 */

/** Identical comparison vectors with their counts. */
export interface PatternTable {
  /** Row-major: pattern p, comparison c at p * comparisons + c. */
  levels: Uint8Array;
  counts: Float64Array;
  patterns: number;
  comparisons: number;
}

/** Groups pairs by their comparison vector (only the comparisons with include[c] true). */
export function countPatterns(
  levels: readonly Uint8Array[],
  pairCount: number,
  levelCounts: readonly number[],
  include?: readonly boolean[],
): PatternTable {
  const comparisons = levels.length;
  const active: number[] = [];
  let radixProduct = 1;
  for (let c = 0; c < comparisons; c++) {
    if (include === undefined || include[c] === true) {
      active.push(c);
      radixProduct *= levelCounts[c] ?? 1;
    }
  }
  const numeric = radixProduct < 2 ** 52;
  const index = new Map<number | string, number>();
  const rows: number[] = [];
  const counts: number[] = [];
  for (let k = 0; k < pairCount; k++) {
    let key: number | string;
    if (numeric) {
      let v = 0;
      for (const c of active) v = v * (levelCounts[c] ?? 1) + (levels[c]?.[k] ?? 0);
      key = v;
    } else {
      let s = '';
      for (const c of active) s += String.fromCharCode(65 + (levels[c]?.[k] ?? 0));
      key = s;
    }
    const p = index.get(key);
    if (p === undefined) {
      index.set(key, counts.length);
      counts.push(1);
      for (let c = 0; c < comparisons; c++) rows.push(levels[c]?.[k] ?? 0);
    } else {
      counts[p] = (counts[p] ?? 0) + 1;
    }
  }
  return {
    levels: Uint8Array.from(rows),
    counts: Float64Array.from(counts),
    patterns: counts.length,
    comparisons,
  };
}

/** Per comparison, per level probabilities. */
export type LevelProbabilities = number[][];

/** Inputs of one EM run. */
export interface EmInput {
  table: PatternTable;
  /** Per comparison: which levels are the null level (neither agreement nor disagreement). */
  isNull: readonly (readonly boolean[])[];
  u: LevelProbabilities;
  mStart: LevelProbabilities;
  /** Which comparisons are estimated (the others are ignored in this session). */
  estimate: readonly boolean[];
  /** Levels whose m is fixed by settings. */
  fixedM?: readonly (readonly (number | undefined)[])[];
  lambdaStart: number;
  maxIterations: number;
  convergence: number;
}

/** Result of one EM run. */
export interface EmResult {
  m: LevelProbabilities;
  lambda: number;
  iterations: number;
  converged: boolean;
}

const FLOOR = 1e-6;

/** Runs EM until the largest change of any m or λ is below the convergence threshold. */
export function runEm(input: EmInput): EmResult {
  const { table, isNull, u, estimate, maxIterations, convergence } = input;
  const C = table.comparisons;
  const m = input.mStart.map((row) => row.slice());
  let lambda = input.lambdaStart;
  let iterations = 0;
  let converged = false;
  const ratio: number[][] = m.map((row) => row.map(() => 1));
  const acc: number[][] = m.map((row) => row.map(() => 0));
  for (let it = 0; it < maxIterations; it++) {
    iterations = it + 1;
    for (let c = 0; c < C; c++) {
      const mr = m[c] ?? [];
      const ur = u[c] ?? [];
      const rr = ratio[c] ?? [];
      for (let l = 0; l < mr.length; l++) {
        rr[l] = isNull[c]?.[l] || !estimate[c] ? 1 : (mr[l] ?? FLOOR) / Math.max(ur[l] ?? FLOOR, FLOOR);
      }
      acc[c]?.fill(0);
    }
    let matchTotal = 0;
    let total = 0;
    const odds = lambda / (1 - lambda);
    for (let p = 0; p < table.patterns; p++) {
      let bf = 1;
      const base = p * C;
      for (let c = 0; c < C; c++) bf *= ratio[c]?.[table.levels[base + c] ?? 0] ?? 1;
      const o = odds * bf;
      const post = Number.isFinite(o) ? o / (1 + o) : 1;
      const w = (table.counts[p] ?? 0) * post;
      matchTotal += w;
      total += table.counts[p] ?? 0;
      for (let c = 0; c < C; c++) {
        const row = acc[c];
        const l = table.levels[base + c] ?? 0;
        if (row) row[l] = (row[l] ?? 0) + w;
      }
    }
    let change = 0;
    const newLambda = Math.min(1 - FLOOR, Math.max(FLOOR, total > 0 ? matchTotal / total : lambda));
    change = Math.max(change, Math.abs(newLambda - lambda));
    lambda = newLambda;
    for (let c = 0; c < C; c++) {
      if (!estimate[c]) continue;
      const row = acc[c] ?? [];
      const mr = m[c] ?? [];
      const fixed = input.fixedM?.[c];
      let sum = 0;
      let fixedMass = 0;
      for (let l = 0; l < row.length; l++) {
        if (isNull[c]?.[l]) continue;
        const f = fixed?.[l];
        if (f !== undefined) fixedMass += f;
        else sum += row[l] ?? 0;
      }
      if (sum <= 0) continue;
      const free = Math.max(0, 1 - fixedMass);
      for (let l = 0; l < row.length; l++) {
        if (isNull[c]?.[l]) continue;
        const f = fixed?.[l];
        const next = f !== undefined ? f : Math.max(FLOOR, ((row[l] ?? 0) / sum) * free);
        change = Math.max(change, Math.abs(next - (mr[l] ?? 0)));
        mr[l] = next;
      }
    }
    if (change < convergence) {
      converged = true;
      break;
    }
  }
  return { m, lambda, iterations, converged };
}

/**
 * Starting m values: the first (strictest) non-null level gets most of the mass, halving for each
 * looser level, which puts EM in the basin where "match" means "agrees".
 */
export function initialM(isNull: readonly boolean[]): number[] {
  const out = isNull.map(() => 0);
  let weight = 1;
  let sum = 0;
  for (let l = 0; l < isNull.length; l++) {
    if (isNull[l]) continue;
    out[l] = weight;
    sum += weight;
    weight /= 3;
  }
  return out.map((v, l) => (isNull[l] ? 0 : v / sum));
}

/**
 * Estimates λ (the probability that two random records match) with m and u fixed: a fixed point over
 * the candidate patterns, taking pairs outside the blocks as non-matches.
 */
export function estimateLambda(
  table: PatternTable,
  logBayesFactor: Float64Array,
  totalPairs: number,
  maxIterations = 200,
): number {
  let lambda = Math.min(0.5, Math.max(1 / Math.max(totalPairs, 2), (table.patterns / totalPairs) * 0.01));
  for (let it = 0; it < maxIterations; it++) {
    const logOdds = Math.log2(lambda / (1 - lambda));
    let expected = 0;
    for (let p = 0; p < table.patterns; p++) {
      const w = logOdds + (logBayesFactor[p] ?? 0);
      expected += (table.counts[p] ?? 0) / (1 + 2 ** -w);
    }
    const next = Math.min(0.5, Math.max(1e-12, expected / totalPairs));
    if (Math.abs(next - lambda) <= lambda * 1e-6) {
      lambda = next;
      break;
    }
    lambda = next;
  }
  return lambda;
}
