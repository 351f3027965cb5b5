/**
 * Accuracy measures for a welfare ranking: rank correlation and the two targeting errors that
 * Dinsos-PM must keep low (domain.md §1): inclusion (ineligible selected) and exclusion (poor missed).
 */

/**
 * Mid-ranks (1-based, ties share the average rank). With weights, a value's rank is the weight below
 * it plus half its own tied weight, so unit weights give the usual ranks shifted by ½.
 */
export function ranks(values: ArrayLike<number>, weights?: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
  const out = new Float64Array(n);
  let below = 0;
  let r = 0;
  while (r < n) {
    let end = r;
    let tied = 0;
    const v = values[order[r] ?? 0];
    while (end < n && values[order[end] ?? 0] === v) {
      tied += weights ? (weights[order[end] ?? 0] ?? 0) : 1;
      end++;
    }
    const rank = weights ? below + tied / 2 : (r + 1 + end) / 2;
    for (let k = r; k < end; k++) out[order[k] ?? 0] = rank;
    below += tied;
    r = end;
  }
  return out;
}

/** Pearson correlation, optionally weighted; NaN when a side has no variance. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>, weights?: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new Error('pearson: length mismatch');
  let sw = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? (weights[i] ?? 0) : 1;
    sw += w;
    mx += w * (x[i] ?? 0);
    my += w * (y[i] ?? 0);
  }
  if (sw <= 0) return NaN;
  mx /= sw;
  my /= sw;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? (weights[i] ?? 0) : 1;
    const dx = (x[i] ?? 0) - mx;
    const dy = (y[i] ?? 0) - my;
    sxy += w * dx * dy;
    sxx += w * dx * dx;
    syy += w * dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** Spearman rank correlation (Pearson on mid-ranks), optionally with survey weights. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>, weights?: ArrayLike<number>): number {
  return pearson(ranks(x, weights), ranks(y, weights), weights);
}

/** Weighted coefficient of determination of predictions against observations. */
export function rSquared(
  observed: ArrayLike<number>,
  predicted: ArrayLike<number>,
  weights?: ArrayLike<number>,
): number {
  const n = observed.length;
  let sw = 0;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? (weights[i] ?? 0) : 1;
    sw += w;
    mean += w * (observed[i] ?? 0);
  }
  mean /= sw;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? (weights[i] ?? 0) : 1;
    const o = observed[i] ?? 0;
    ssRes += w * (o - (predicted[i] ?? 0)) ** 2;
    ssTot += w * (o - mean) ** 2;
  }
  return ssTot > 0 ? 1 - ssRes / ssTot : NaN;
}

export interface TargetingErrors {
  quota: number;
  /** Share of the selected (predicted desil ≤ quota) who are not truly in desil ≤ quota. */
  inclusionError: number;
  /** Share of the truly poor (true desil ≤ quota) who are not selected. */
  exclusionError: number;
  /** Weighted counts behind the two shares. */
  selected: number;
  trulyPoor: number;
  correctlySelected: number;
}

/** Inclusion and exclusion errors at a desil quota (e.g. 4 for desil 1–4). */
export function targetingErrors(
  predictedDesil: ArrayLike<number>,
  trueDesil: ArrayLike<number>,
  quota: number,
  weights?: ArrayLike<number>,
): TargetingErrors {
  let selected = 0;
  let trulyPoor = 0;
  let both = 0;
  for (let i = 0; i < predictedDesil.length; i++) {
    const w = weights ? (weights[i] ?? 0) : 1;
    const s = (predictedDesil[i] ?? 11) <= quota;
    const p = (trueDesil[i] ?? 11) <= quota;
    if (s) selected += w;
    if (p) trulyPoor += w;
    if (s && p) both += w;
  }
  return {
    quota,
    inclusionError: selected > 0 ? 1 - both / selected : 0,
    exclusionError: trulyPoor > 0 ? 1 - both / trulyPoor : 0,
    selected,
    trulyPoor,
    correctlySelected: both,
  };
}
