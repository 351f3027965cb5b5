import { describe, expect, it } from 'vitest';
import { pearson, ranks, rSquared, spearman, targetingErrors } from './metrics.ts';

describe('ranks', () => {
  it('gives tied values the average rank', () => {
    expect(Array.from(ranks([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1]);
  });
});

describe('spearman', () => {
  it('matches 1 − 6Σd²/(n(n²−1)) without ties', () => {
    // d = 0, −1, 1, −1, 1 → Σd² = 4 → 1 − 24/120 = 0.8
    expect(spearman([1, 2, 3, 4, 5], [1, 3, 2, 5, 4])).toBeCloseTo(0.8, 12);
  });

  it('handles ties with mid-ranks (hand-computed 4.5 / √22.5)', () => {
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(4.5 / Math.sqrt(22.5), 12);
  });

  it('treats an integer weight like repeating the observation', () => {
    const x = [3, 1, 4, 1.5, 5, 9, 2.6];
    const y = [2, 7, 1, 8, 2.8, 1.8, 2.9];
    const w = [1, 3, 1, 2, 1, 1, 2];
    const xr: number[] = [];
    const yr: number[] = [];
    w.forEach((k, i) => {
      for (let j = 0; j < k; j++) {
        xr.push(x[i] ?? 0);
        yr.push(y[i] ?? 0);
      }
    });
    expect(spearman(x, y, w)).toBeCloseTo(spearman(xr, yr), 12);
  });

  it('is −1 for reversed order', () => {
    expect(spearman([1, 2, 3], [30, 20, 10])).toBeCloseTo(-1, 12);
  });
});

describe('pearson and R²', () => {
  it('is NaN without variance', () => {
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
  });
  it('R² is 1 for a perfect fit and 1 − SSres/SStot otherwise', () => {
    expect(rSquared([1, 2, 3], [1, 2, 3])).toBe(1);
    // mean 2, SStot 2, SSres 0.25+0+0.25 = 0.5 → 0.75
    expect(rSquared([1, 2, 3], [1.5, 2, 2.5])).toBeCloseTo(0.75, 12);
  });
});

describe('targetingErrors', () => {
  it('counts inclusion among the selected and exclusion among the truly poor', () => {
    // selected (pred ≤ 4): 0, 1, 3; truly poor (true ≤ 4): 0, 2, 3; both: 0, 3
    const r = targetingErrors([1, 2, 5, 3, 6], [1, 5, 2, 3, 7], 4);
    expect(r.selected).toBe(3);
    expect(r.trulyPoor).toBe(3);
    expect(r.inclusionError).toBeCloseTo(1 / 3, 12);
    expect(r.exclusionError).toBeCloseTo(1 / 3, 12);
  });

  it('weights households', () => {
    const r = targetingErrors([1, 2, 5], [1, 5, 2], 4, [3, 1, 1]);
    expect(r.inclusionError).toBeCloseTo(1 / 4, 12);
    expect(r.exclusionError).toBeCloseTo(1 / 4, 12);
  });
});
