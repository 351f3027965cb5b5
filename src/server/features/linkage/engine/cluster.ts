/**
 * Clustering of accepted pairs into entities, guarded against chains through weak links.
 *
 * Method: accepted edges (probability ≥ accept) are processed strongest first (highest match weight)
 * with union–find. Joining two groups A and B (other than two single records) must pass three checks:
 * 1. density: the accepted edges between A and B are at least min_edge_density × |A|·|B| (a chain
 *    A–B–C–D, where only neighbours link, fails when its ends would meet);
 * 2. cannot-link: no compared pair between A and B scored below cannot_link_below (two records that
 *    were compared and judged different never end up in one entity through a third);
 * 3. size: |A| + |B| ≤ max_cluster_size when a cap is set.
 * An edge that fails is kept apart and reported for review.
 */

/** Clustering options (from settings.clustering). */
export interface ClusterOptions {
  minEdgeDensity: number;
  cannotLinkBelow: number;
  maxClusterSize: number;
}

/** Per-record cluster index plus which accepted edges the guard refused. */
export interface ClusterResult {
  /** Cluster index of each record, 0..clusterCount-1, numbered by first record. */
  clusterOf: Int32Array;
  clusterCount: number;
  /** Pair indices of accepted edges that were not used to join (guard refusals). */
  refusedEdges: Int32Array;
}

function buildAdjacency(
  n: number,
  left: Int32Array,
  right: Int32Array,
  edges: Int32Array,
): {
  start: Int32Array;
  neighbours: Int32Array;
} {
  const start = new Int32Array(n + 1);
  for (const e of edges) {
    const a = left[e] ?? 0;
    const b = right[e] ?? 0;
    start[a + 1] = (start[a + 1] ?? 0) + 1;
    start[b + 1] = (start[b + 1] ?? 0) + 1;
  }
  for (let i = 0; i < n; i++) start[i + 1] = (start[i + 1] ?? 0) + (start[i] ?? 0);
  const fill = start.slice(0, n);
  const neighbours = new Int32Array(start[n] ?? 0);
  for (const e of edges) {
    const a = left[e] ?? 0;
    const b = right[e] ?? 0;
    const fa = fill[a] ?? 0;
    neighbours[fa] = b;
    fill[a] = fa + 1;
    const fb = fill[b] ?? 0;
    neighbours[fb] = a;
    fill[b] = fb + 1;
  }
  return { start, neighbours };
}

/** Clusters records from scored pairs. */
export function clusterPairs(
  n: number,
  left: Int32Array,
  right: Int32Array,
  weight: Float64Array,
  probability: Float64Array,
  accept: number,
  options: ClusterOptions,
): ClusterResult {
  const count = probability.length;
  const acceptedList: number[] = [];
  const touched = new Uint8Array(n);
  for (let k = 0; k < count; k++) {
    if ((probability[k] ?? 0) >= accept) {
      acceptedList.push(k);
      touched[left[k] ?? 0] = 1;
      touched[right[k] ?? 0] = 1;
    }
  }
  const accepted = Int32Array.from(acceptedList);
  const negativeList: number[] = [];
  if (options.cannotLinkBelow > 0) {
    for (let k = 0; k < count; k++) {
      const a = left[k] ?? 0;
      const b = right[k] ?? 0;
      if ((probability[k] ?? 1) < options.cannotLinkBelow && touched[a] === 1 && touched[b] === 1) {
        negativeList.push(k);
      }
    }
  }
  const positive = buildAdjacency(n, left, right, accepted);
  const negative = buildAdjacency(n, left, right, Int32Array.from(negativeList));

  const order = Array.from(accepted).sort((x, y) => (weight[y] ?? 0) - (weight[x] ?? 0));

  const parent = new Int32Array(n);
  const size = new Int32Array(n).fill(1);
  for (let i = 0; i < n; i++) parent[i] = i;
  // Members of each root, so a merge check can walk the smaller group.
  const members = new Map<number, number[]>();
  const find = (x: number): number => {
    let r = x;
    while ((parent[r] ?? r) !== r) r = parent[r] ?? r;
    let y = x;
    while ((parent[y] ?? y) !== r) {
      const next = parent[y] ?? y;
      parent[y] = r;
      y = next;
    }
    return r;
  };
  const membersOf = (root: number): number[] => members.get(root) ?? [root];

  const refused: number[] = [];
  for (const e of order) {
    const ra = find(left[e] ?? 0);
    const rb = find(right[e] ?? 0);
    if (ra === rb) continue;
    const sa = size[ra] ?? 1;
    const sb = size[rb] ?? 1;
    const small = sa <= sb ? ra : rb;
    const big = small === ra ? rb : ra;
    const smallMembers = membersOf(small);
    let ok = true;
    if (options.maxClusterSize > 0 && sa + sb > options.maxClusterSize) ok = false;
    if (ok && sa + sb > 2) {
      let cross = 0;
      for (const x of smallMembers) {
        const to = positive.start[x + 1] ?? 0;
        for (let q = positive.start[x] ?? 0; q < to; q++) {
          if (find(positive.neighbours[q] ?? 0) === big) cross++;
        }
      }
      if (cross < options.minEdgeDensity * sa * sb) ok = false;
    }
    if (ok && negative.neighbours.length > 0) {
      outer: for (const x of smallMembers) {
        const to = negative.start[x + 1] ?? 0;
        for (let q = negative.start[x] ?? 0; q < to; q++) {
          if (find(negative.neighbours[q] ?? 0) === big) {
            ok = false;
            break outer;
          }
        }
      }
    }
    if (!ok) {
      refused.push(e);
      continue;
    }
    parent[small] = big;
    size[big] = sa + sb;
    const bigMembers = membersOf(big);
    for (const x of smallMembers) bigMembers.push(x);
    members.set(big, bigMembers);
    members.delete(small);
  }

  const clusterOf = new Int32Array(n).fill(-1);
  const rootCluster = new Map<number, number>();
  let clusterCount = 0;
  for (let i = 0; i < n; i++) {
    const r = find(i);
    let c = rootCluster.get(r);
    if (c === undefined) {
      c = clusterCount++;
      rootCluster.set(r, c);
    }
    clusterOf[i] = c;
  }
  return { clusterOf, clusterCount, refusedEdges: Int32Array.from(refused) };
}
