/**
 * Quality of a clustering against ground truth: pairwise precision, recall and F1 (a pair is
 * "predicted" when both records share a predicted cluster), B-cubed, the adjusted Rand index, and the
 * pairwise figures per defect type when the truth says which defect a record carries.
 */

/** A record's cluster (predicted or true). */
export interface ClusterAssignment {
  recordId: string;
  clusterId: string;
}

/** Precision, recall and F1 with the counts behind them. */
export interface PairwiseScores {
  precision: number;
  recall: number;
  f1: number;
  truePositives: number;
  predictedPairs: number;
  truePairs: number;
}

/** The full quality report. */
export interface QualityReport {
  /** Records present in both the prediction and the truth (the others are ignored). */
  records: number;
  recordsMissingFromTruth: number;
  pairwise: PairwiseScores;
  bcubed: { precision: number; recall: number; f1: number };
  adjustedRand: number;
  /** Keyed by defect type; a pair counts for a defect when either record carries it, else for "none". */
  perDefect: Record<string, PairwiseScores & { records: number }>;
}

const pairsOf = (n: number): number => (n * (n - 1)) / 2;
const f1 = (p: number, r: number): number => (p + r > 0 ? (2 * p * r) / (p + r) : 0);

function scores(tp: number, predicted: number, truth: number): PairwiseScores {
  const precision = predicted > 0 ? tp / predicted : 1;
  const recall = truth > 0 ? tp / truth : 1;
  return {
    precision,
    recall,
    f1: f1(precision, recall),
    truePositives: tp,
    predictedPairs: predicted,
    truePairs: truth,
  };
}

function groups(ids: readonly string[], clusterOf: ReadonlyMap<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const id of ids) {
    const c = clusterOf.get(id);
    if (c === undefined) continue;
    const list = out.get(c);
    if (list) list.push(id);
    else out.set(c, [id]);
  }
  return out;
}

/**
 * Compares predicted clusters with true ones. defects maps a record id to its defect types (several
 * may be given as "a;b"); pairs of two records without a defect are counted under "none".
 */
export function evaluateClusters(
  predicted: readonly ClusterAssignment[],
  truth: readonly ClusterAssignment[],
  defects?: ReadonlyMap<string, string>,
): QualityReport {
  const truthOf = new Map(truth.map((t) => [t.recordId, t.clusterId]));
  const predictedOf = new Map<string, string>();
  let missing = 0;
  for (const p of predicted) {
    if (truthOf.has(p.recordId)) predictedOf.set(p.recordId, p.clusterId);
    else missing++;
  }
  const ids = [...predictedOf.keys()];
  const n = ids.length;

  // Contingency table between predicted and true clusters.
  const cells = new Map<string, number>();
  const predSizes = new Map<string, number>();
  const truthSizes = new Map<string, number>();
  for (const id of ids) {
    const p = predictedOf.get(id) ?? '';
    const t = truthOf.get(id) ?? '';
    const key = `${p}\u0000${t}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    predSizes.set(p, (predSizes.get(p) ?? 0) + 1);
    truthSizes.set(t, (truthSizes.get(t) ?? 0) + 1);
  }
  let tp = 0;
  for (const v of cells.values()) tp += pairsOf(v);
  let predictedPairs = 0;
  for (const v of predSizes.values()) predictedPairs += pairsOf(v);
  let truePairs = 0;
  for (const v of truthSizes.values()) truePairs += pairsOf(v);

  // B-cubed: per record, overlap of its predicted and true cluster.
  let bp = 0;
  let br = 0;
  for (const id of ids) {
    const p = predictedOf.get(id) ?? '';
    const t = truthOf.get(id) ?? '';
    const overlap = cells.get(`${p}\u0000${t}`) ?? 0;
    bp += overlap / (predSizes.get(p) ?? 1);
    br += overlap / (truthSizes.get(t) ?? 1);
  }
  const bPrecision = n > 0 ? bp / n : 1;
  const bRecall = n > 0 ? br / n : 1;

  const all = pairsOf(n);
  const expected = all > 0 ? (predictedPairs * truePairs) / all : 0;
  const maxIndex = (predictedPairs + truePairs) / 2;
  const adjustedRand = maxIndex - expected === 0 ? 1 : (tp - expected) / (maxIndex - expected);

  const perDefect: QualityReport['perDefect'] = {};
  if (defects) {
    const defectsOf = new Map<string, string[]>();
    for (const id of ids) {
      const raw = defects.get(id) ?? '';
      const list = raw
        .split(/[;|,]/)
        .map((d) => d.trim())
        .filter((d) => d.length > 0);
      defectsOf.set(id, list);
    }
    const tally = new Map<string, { tp: number; predicted: number; truth: number; records: number }>();
    const entry = (d: string): { tp: number; predicted: number; truth: number; records: number } => {
      let e = tally.get(d);
      if (!e) {
        e = { tp: 0, predicted: 0, truth: 0, records: 0 };
        tally.set(d, e);
      }
      return e;
    };
    for (const id of ids) {
      const list = defectsOf.get(id) ?? [];
      for (const d of list.length > 0 ? list : ['none']) entry(d).records++;
    }
    // A pair counts for every defect either record carries; a pair of two clean records for "none".
    const pairDefects = (a: string, b: string): Set<string> => {
      const set = new Set([...(defectsOf.get(a) ?? []), ...(defectsOf.get(b) ?? [])]);
      return set.size > 0 ? set : new Set(['none']);
    };
    for (const members of groups(ids, truthOf).values()) {
      for (let x = 0; x < members.length; x++) {
        for (let y = x + 1; y < members.length; y++) {
          const a = members[x] ?? '';
          const b = members[y] ?? '';
          const together = predictedOf.get(a) === predictedOf.get(b);
          for (const d of pairDefects(a, b)) {
            const e = entry(d);
            e.truth++;
            if (together) e.tp++;
          }
        }
      }
    }
    for (const members of groups(ids, predictedOf).values()) {
      for (let x = 0; x < members.length; x++) {
        for (let y = x + 1; y < members.length; y++) {
          const a = members[x] ?? '';
          const b = members[y] ?? '';
          for (const d of pairDefects(a, b)) entry(d).predicted++;
        }
      }
    }
    for (const [d, e] of [...tally.entries()].sort((x, y) => x[0].localeCompare(y[0]))) {
      perDefect[d] = { ...scores(e.tp, e.predicted, e.truth), records: e.records };
    }
  }

  return {
    records: n,
    recordsMissingFromTruth: missing,
    pairwise: scores(tp, predictedPairs, truePairs),
    bcubed: { precision: bPrecision, recall: bRecall, f1: f1(bPrecision, bRecall) },
    adjustedRand,
    perDefect,
  };
}
