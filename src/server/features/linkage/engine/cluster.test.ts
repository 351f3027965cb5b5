import { describe, expect, it } from 'vitest';
import { clusterPairs } from './cluster.ts';

function run(
  n: number,
  edges: [number, number, number][],
  options = { minEdgeDensity: 0.5, cannotLinkBelow: 0.01, maxClusterSize: 0 },
) {
  const left = Int32Array.from(edges.map((e) => e[0]));
  const right = Int32Array.from(edges.map((e) => e[1]));
  const probability = Float64Array.from(edges.map((e) => e[2]));
  const weight = Float64Array.from(edges.map((e) => Math.log2(e[2] / (1 - e[2]))));
  return clusterPairs(n, left, right, weight, probability, 0.9, options);
}

describe('clusterPairs', () => {
  it('joins a well-connected group and keeps singletons', () => {
    const r = run(5, [
      [0, 1, 0.99],
      [1, 2, 0.98],
      [0, 2, 0.95],
      [3, 4, 0.2],
    ]);
    expect(r.clusterOf[0]).toBe(r.clusterOf[1]);
    expect(r.clusterOf[1]).toBe(r.clusterOf[2]);
    expect(r.clusterOf[3]).not.toBe(r.clusterOf[4]);
    expect(r.clusterCount).toBe(3);
    expect(r.refusedEdges.length).toBe(0);
  });

  it('does not let a chain of neighbour-only links grow into one entity', () => {
    // 0–1–2–3–4–5: every record links only to the next one.
    const chain: [number, number, number][] = [
      [0, 1, 0.99],
      [1, 2, 0.98],
      [2, 3, 0.97],
      [3, 4, 0.96],
      [4, 5, 0.95],
    ];
    const guarded = run(6, chain);
    const sizes = new Map<number, number>();
    for (const c of guarded.clusterOf) sizes.set(c, (sizes.get(c) ?? 0) + 1);
    expect(Math.max(...sizes.values())).toBeLessThanOrEqual(3);
    expect(guarded.refusedEdges.length).toBeGreaterThan(0);
    const unguarded = run(6, chain, { minEdgeDensity: 0, cannotLinkBelow: 0, maxClusterSize: 0 });
    expect(unguarded.clusterCount).toBe(1);
  });

  it('refuses a merge when two members were compared and judged different', () => {
    // 0 and 2 both look like 1 (e.g. 1 has no NIK), but 0 and 2 have different NIKs.
    const r = run(3, [
      [0, 1, 0.99],
      [1, 2, 0.97],
      [0, 2, 0.001],
    ]);
    expect(r.clusterOf[0]).toBe(r.clusterOf[1]);
    expect(r.clusterOf[2]).not.toBe(r.clusterOf[1]);
    expect(Array.from(r.refusedEdges)).toEqual([1]);
  });

  it('caps the cluster size when asked', () => {
    const r = run(
      3,
      [
        [0, 1, 0.99],
        [1, 2, 0.98],
        [0, 2, 0.97],
      ],
      { minEdgeDensity: 0.5, cannotLinkBelow: 0, maxClusterSize: 2 },
    );
    expect(r.clusterCount).toBe(2);
  });
});
