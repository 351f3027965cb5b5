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

/**
 * Compares predicted clusters with true ones. defects maps a record id to its defect types (several
 * may be given as "a;b"); pairs of two records without a defect are counted under "none".
 */
export function evaluateClusters(
  predicted: readonly ClusterAssignment[],
  truth: readonly ClusterAssignment[],
  defects?: ReadonlyMap<string, string>,
): QualityReport {
  // Cluster ids become dense integers once, so the counting below works on typed arrays and numeric
  // keys: with a million records, string maps and concatenated keys cost more than the linking itself.
  const truthCodes = new Map<string, number>();
  const truthOf = new Map<string, number>();
  for (const t of truth) {
    let c = truthCodes.get(t.clusterId);
    if (c === undefined) {
      c = truthCodes.size;
      truthCodes.set(t.clusterId, c);
    }
    truthOf.set(t.recordId, c);
  }
  const predictedCodes = new Map<string, number>();
  const position = new Map<string, number>();
  const ids: string[] = [];
  const predictedList: number[] = [];
  const truthList: number[] = [];
  let missing = 0;
  for (const p of predicted) {
    const t = truthOf.get(p.recordId);
    if (t === undefined) {
      missing++;
      continue;
    }
    let c = predictedCodes.get(p.clusterId);
    if (c === undefined) {
      c = predictedCodes.size;
      predictedCodes.set(p.clusterId, c);
    }
    const at = position.get(p.recordId);
    if (at === undefined) {
      position.set(p.recordId, ids.length);
      ids.push(p.recordId);
      predictedList.push(c);
      truthList.push(t);
    } else {
      predictedList[at] = c;
    }
  }
  const n = ids.length;
  const predictedOf = Int32Array.from(predictedList);
  const trueOf = Int32Array.from(truthList);
  const truthClusters = truthCodes.size;

  // Contingency table between predicted and true clusters, one predicted cluster at a time (members
  // grouped by counting sort): overlap[i] is the size of the cell of record i.
  const predictedClusters = predictedCodes.size;
  const predSizes = new Int32Array(predictedClusters);
  const truthSizes = new Int32Array(truthClusters);
  for (let i = 0; i < n; i++) {
    const p = predictedOf[i] ?? 0;
    const t = trueOf[i] ?? 0;
    predSizes[p] = (predSizes[p] ?? 0) + 1;
    truthSizes[t] = (truthSizes[t] ?? 0) + 1;
  }
  const overlap = new Int32Array(n);
  const cellSize = new Int32Array(truthClusters);
  const byPrediction = groups(predictedOf, predictedClusters);
  let tp = 0;
  for (let c = 0; c < predictedClusters; c++) {
    const from = byPrediction.start[c] ?? 0;
    const to = byPrediction.start[c + 1] ?? 0;
    for (let x = from; x < to; x++) {
      const t = trueOf[byPrediction.order[x] ?? 0] ?? 0;
      cellSize[t] = (cellSize[t] ?? 0) + 1;
    }
    for (let x = from; x < to; x++) {
      const i = byPrediction.order[x] ?? 0;
      const t = trueOf[i] ?? 0;
      const size = cellSize[t] ?? 0;
      overlap[i] = size;
      // Each record adds (size − 1) / 2, so a cell of `size` records adds size·(size − 1)/2 pairs.
      tp += (size - 1) / 2;
    }
    for (let x = from; x < to; x++) cellSize[trueOf[byPrediction.order[x] ?? 0] ?? 0] = 0;
  }
  tp = Math.round(tp);
  let predictedPairs = 0;
  for (const v of predSizes) predictedPairs += pairsOf(v);
  let truePairs = 0;
  for (const v of truthSizes) truePairs += pairsOf(v);

  // B-cubed: per record, overlap of its predicted and true cluster.
  let bp = 0;
  let br = 0;
  for (let i = 0; i < n; i++) {
    const o = overlap[i] ?? 0;
    bp += o / (predSizes[predictedOf[i] ?? 0] || 1);
    br += o / (truthSizes[trueOf[i] ?? 0] || 1);
  }
  const bPrecision = n > 0 ? bp / n : 1;
  const bRecall = n > 0 ? br / n : 1;

  const all = pairsOf(n);
  const expected = all > 0 ? (predictedPairs * truePairs) / all : 0;
  const maxIndex = (predictedPairs + truePairs) / 2;
  const adjustedRand = maxIndex - expected === 0 ? 1 : (tp - expected) / (maxIndex - expected);

  return {
    records: n,
    recordsMissingFromTruth: missing,
    pairwise: scores(tp, predictedPairs, truePairs),
    bcubed: { precision: bPrecision, recall: bRecall, f1: f1(bPrecision, bRecall) },
    adjustedRand,
    perDefect: defects ? scoresPerDefect(ids, predictedOf, trueOf, truthClusters, defects) : {},
  };
}

/** Members of each cluster (record positions), grouped by counting sort on the cluster codes. */
function groups(codes: Int32Array, clusters: number): { order: Int32Array; start: Int32Array } {
  const start = new Int32Array(clusters + 1);
  for (const c of codes) start[c + 1] = (start[c + 1] ?? 0) + 1;
  for (let c = 0; c < clusters; c++) start[c + 1] = (start[c + 1] ?? 0) + (start[c] ?? 0);
  const fill = start.slice(0, clusters);
  const order = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] ?? 0;
    const at = fill[c] ?? 0;
    order[at] = i;
    fill[c] = at + 1;
  }
  return { order, start };
}

/**
 * Pairwise scores per defect type: a pair counts for every defect either record carries, a pair of two
 * clean records for "none".
 */
function scoresPerDefect(
  ids: readonly string[],
  predictedOf: Int32Array,
  trueOf: Int32Array,
  truthClusters: number,
  defects: ReadonlyMap<string, string>,
): QualityReport['perDefect'] {
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const indexOf = (d: string): number => {
    let k = nameIndex.get(d);
    if (k === undefined) {
      k = names.length;
      names.push(d);
      nameIndex.set(d, k);
    }
    return k;
  };
  const none = [indexOf('none')];
  // Per distinct text: the defects as written (a record counts once per mention) and without repeats.
  const parsed = new Map<string, { written: number[]; distinct: number[] }>();
  const records: number[] = [];
  const defectsOf: number[][] = ids.map((id) => {
    const raw = defects.get(id) ?? '';
    let entry = parsed.get(raw);
    if (!entry) {
      const written = raw
        .split(/[;|,]/)
        .map((d) => d.trim())
        .filter((d) => d.length > 0)
        .map(indexOf);
      entry =
        written.length > 0 ? { written, distinct: [...new Set(written)] } : { written: none, distinct: none };
      parsed.set(raw, entry);
    }
    for (const d of entry.written) records[d] = (records[d] ?? 0) + 1;
    return entry.distinct;
  });
  const truthCount: number[] = [];
  const predictedCount: number[] = [];
  const tpCount: number[] = [];
  // The defects of a pair: the union of both records' lists, where "none" counts only if both are clean.
  const forEachDefect = (a: number, b: number, visit: (d: number) => void): void => {
    const la = defectsOf[a] ?? none;
    const lb = defectsOf[b] ?? none;
    if (la === none && lb === none) {
      visit(none[0] ?? 0);
      return;
    }
    if (la !== none) for (const d of la) visit(d);
    if (lb !== none) for (const d of lb) if (la === none || !la.includes(d)) visit(d);
  };
  const byTruth = groups(trueOf, truthClusters);
  for (let c = 0; c < truthClusters; c++) {
    const from = byTruth.start[c] ?? 0;
    const to = byTruth.start[c + 1] ?? 0;
    for (let x = from; x < to; x++) {
      for (let y = x + 1; y < to; y++) {
        const a = byTruth.order[x] ?? 0;
        const b = byTruth.order[y] ?? 0;
        const together = predictedOf[a] === predictedOf[b];
        forEachDefect(a, b, (d) => {
          truthCount[d] = (truthCount[d] ?? 0) + 1;
          if (together) tpCount[d] = (tpCount[d] ?? 0) + 1;
        });
      }
    }
  }
  let predictedClusters = 0;
  for (const c of predictedOf) if (c + 1 > predictedClusters) predictedClusters = c + 1;
  const byPrediction = groups(predictedOf, predictedClusters);
  for (let c = 0; c < predictedClusters; c++) {
    const from = byPrediction.start[c] ?? 0;
    const to = byPrediction.start[c + 1] ?? 0;
    for (let x = from; x < to; x++) {
      for (let y = x + 1; y < to; y++) {
        forEachDefect(byPrediction.order[x] ?? 0, byPrediction.order[y] ?? 0, (d) => {
          predictedCount[d] = (predictedCount[d] ?? 0) + 1;
        });
      }
    }
  }
  const perDefect: QualityReport['perDefect'] = {};
  const seen = names
    .map((name, d) => ({ name, d }))
    .filter(({ d }) => (records[d] ?? 0) > 0 || (truthCount[d] ?? 0) > 0 || (predictedCount[d] ?? 0) > 0)
    .sort((x, y) => x.name.localeCompare(y.name));
  for (const { name, d } of seen) {
    perDefect[name] = {
      ...scores(tpCount[d] ?? 0, predictedCount[d] ?? 0, truthCount[d] ?? 0),
      records: records[d] ?? 0,
    };
  }
  return perDefect;
}
