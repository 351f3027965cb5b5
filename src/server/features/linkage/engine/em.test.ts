import { describe, expect, it } from 'vitest';
import { seededRandom } from './blocking.ts';
import { countPatterns, estimateLambda, initialM, runEm } from './em.ts';

/** Draws a level index from a probability row. */
function draw(row: readonly number[], r: number): number {
  let acc = 0;
  for (let l = 0; l < row.length; l++) {
    acc += row[l] ?? 0;
    if (r < acc) return l;
  }
  return row.length - 1;
}

describe('EM on a synthetic Fellegi–Sunter mixture', () => {
  // Level 0 is the null level (m = u = 0 over non-null levels), then agree / close / else.
  const trueM = [
    [0, 0.9, 0.07, 0.03],
    [0, 0.8, 0.15, 0.05],
    [0, 0.85, 0.1, 0.05],
    [0, 0.7, 0.2, 0.1],
  ];
  const trueU = [
    [0, 0.02, 0.08, 0.9],
    [0, 0.05, 0.15, 0.8],
    [0, 0.01, 0.04, 0.95],
    [0, 0.1, 0.2, 0.7],
  ];
  const lambda = 0.15;
  const pairs = 60_000;
  const nullShare = 0.1;

  function sample(seed: number): Uint8Array[] {
    const random = seededRandom(seed);
    const levels = trueM.map(() => new Uint8Array(pairs));
    for (let k = 0; k < pairs; k++) {
      const match = random() < lambda;
      trueM.forEach((mRow, c) => {
        const row = match ? mRow : (trueU[c] ?? []);
        const lv = levels[c];
        if (lv) lv[k] = random() < nullShare ? 0 : draw(row, random());
      });
    }
    return levels;
  }

  it('recovers m and λ with u fixed, on pattern counts', () => {
    const levels = sample(7);
    const table = countPatterns(
      levels,
      pairs,
      trueM.map((r) => r.length),
    );
    // Four comparisons of four levels: at most 4^4 distinct vectors, whatever the number of pairs.
    expect(table.patterns).toBeLessThanOrEqual(256);
    expect(Array.from(table.counts).reduce((a, b) => a + b, 0)).toBe(pairs);
    const isNull = trueM.map((r) => r.map((_, l) => l === 0));
    const result = runEm({
      table,
      isNull,
      u: trueU,
      mStart: isNull.map(initialM),
      estimate: trueM.map(() => true),
      lambdaStart: 0.3,
      maxIterations: 200,
      convergence: 1e-7,
    });
    expect(result.converged).toBe(true);
    expect(result.lambda).toBeCloseTo(lambda, 1);
    expect(Math.abs(result.lambda - lambda)).toBeLessThan(0.01);
    trueM.forEach((row, c) => {
      row.forEach((m, l) => {
        if (l === 0) return;
        expect(Math.abs((result.m[c]?.[l] ?? 0) - m)).toBeLessThan(0.03);
      });
    });
  });

  it('leaves comparisons that are not estimated untouched', () => {
    const levels = sample(11);
    const table = countPatterns(
      levels,
      pairs,
      trueM.map((r) => r.length),
      [true, true, true, false],
    );
    const isNull = trueM.map((r) => r.map((_, l) => l === 0));
    const start = isNull.map(initialM);
    const result = runEm({
      table,
      isNull,
      u: trueU,
      mStart: start,
      estimate: [true, true, true, false],
      lambdaStart: 0.3,
      maxIterations: 200,
      convergence: 1e-7,
    });
    expect(result.m[3]).toEqual(start[3]);
    expect(Math.abs((result.m[0]?.[1] ?? 0) - 0.9)).toBeLessThan(0.03);
  });

  it('estimates λ over all pairs from candidate patterns', () => {
    // 100 candidate pairs with overwhelming evidence among 1e6 pairs, plus 1,000 clear non-matches.
    const table = {
      levels: new Uint8Array([0, 1]),
      counts: new Float64Array([100, 1000]),
      patterns: 2,
      comparisons: 1,
    };
    const lambda = estimateLambda(table, new Float64Array([40, -40]), 1_000_000);
    expect(lambda).toBeCloseTo(100 / 1_000_000, 8);
  });
});
