import { describe, expect, it } from 'vitest';
import { evaluateClusters } from './metrics.ts';

const as = (pairs: [string, string][]) => pairs.map(([recordId, clusterId]) => ({ recordId, clusterId }));

describe('evaluateClusters', () => {
  // Truth: {1,2,3} {4,5} {6}. Prediction: {1,2} {3} {4,5,6}.
  const truth = as([
    ['1', 'A'],
    ['2', 'A'],
    ['3', 'A'],
    ['4', 'B'],
    ['5', 'B'],
    ['6', 'C'],
  ]);
  const predicted = as([
    ['1', 'x'],
    ['2', 'x'],
    ['3', 'y'],
    ['4', 'z'],
    ['5', 'z'],
    ['6', 'z'],
  ]);

  it('computes pairwise precision, recall and F1 by hand', () => {
    const r = evaluateClusters(predicted, truth);
    // True pairs: 12 13 23 45 = 4. Predicted: 12 45 46 56 = 4. Both: 12 45 = 2.
    expect(r.pairwise.truePairs).toBe(4);
    expect(r.pairwise.predictedPairs).toBe(4);
    expect(r.pairwise.truePositives).toBe(2);
    expect(r.pairwise.precision).toBe(0.5);
    expect(r.pairwise.recall).toBe(0.5);
    expect(r.pairwise.f1).toBe(0.5);
  });

  it('computes B-cubed and the adjusted Rand index', () => {
    const r = evaluateClusters(predicted, truth);
    // B-cubed precision per record: 1,1,1,2/3,2/3,1/3 → 14/18; recall: 2/3,2/3,1/3,1,1,1 → 14/18.
    expect(r.bcubed.precision).toBeCloseTo(14 / 18, 10);
    expect(r.bcubed.recall).toBeCloseTo(14 / 18, 10);
    // ARI = (2 − 4·4/15) / (4 − 4·4/15).
    expect(r.adjustedRand).toBeCloseTo((2 - 16 / 15) / (4 - 16 / 15), 10);
    const perfect = evaluateClusters(truth, truth);
    expect(perfect.pairwise.f1).toBe(1);
    expect(perfect.adjustedRand).toBe(1);
  });

  it('reports per defect type and ignores records missing from the truth', () => {
    const defects = new Map([
      ['3', 'typo'],
      ['6', 'missing_nik;typo'],
    ]);
    const r = evaluateClusters([...predicted, { recordId: '99', clusterId: 'z' }], truth, defects);
    expect(r.records).toBe(6);
    expect(r.recordsMissingFromTruth).toBe(1);
    // typo: true pairs 13, 23 (both missed); predicted pairs 46, 56 (both wrong).
    expect(r.perDefect.typo).toMatchObject({ truePairs: 2, predictedPairs: 2, truePositives: 0, records: 2 });
    expect(r.perDefect.missing_nik).toMatchObject({
      truePairs: 0,
      predictedPairs: 2,
      recall: 1,
      precision: 0,
    });
    expect(r.perDefect.none).toMatchObject({ truePairs: 2, truePositives: 2, records: 4 });
  });
});
