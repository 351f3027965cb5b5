/**
 * Blocking: candidate pairs are records that share a computed key. Keys are interned to integers and
 * records grouped by counting sort. Rules are combined by OR without duplicates the way Splink does
 * it: rule r emits a pair only if no earlier rule would have emitted it.
 */
import type { LinkageRegistry } from './registry.ts';
import type { BlockingRule } from './settings.ts';
import { expressionColumns, parseExpression, type RecordTable } from './table.ts';

export type LinkType = 'dedupe_only' | 'link_only' | 'link_and_dedupe';

/** A growable list of record-index pairs (left < right). */
export class PairList {
  left: Int32Array;
  right: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
  }

  /** Appends a pair. */
  push(a: number, b: number): void {
    if (this.length === this.left.length) {
      const size = this.left.length * 2;
      const l = new Int32Array(size);
      const r = new Int32Array(size);
      l.set(this.left);
      r.set(this.right);
      this.left = l;
      this.right = r;
    }
    this.left[this.length] = a;
    this.right[this.length] = b;
    this.length++;
  }

  /** Shrinks the buffers to the used length. */
  trim(): void {
    this.left = this.left.slice(0, this.length);
    this.right = this.right.slice(0, this.length);
  }
}

/** Per-rule blocking statistics. */
export interface BlockingRuleStats {
  rule: string;
  /** Pairs this rule added (not already produced by an earlier rule). */
  pairs: number;
  blocks: number;
  largestBlock: number;
  skippedBlocks: number;
  skippedRecords: number;
}

/** Record key codes of one blocking rule (-1 when any key part is missing). */
export interface RuleKeys {
  rule: BlockingRule;
  codes: Int32Array;
  distinct: number;
  columns: string[];
}

/** Computes the key code of every record for a rule. */
export function computeRuleKeys(table: RecordTable, rule: BlockingRule, registry: LinkageRegistry): RuleKeys {
  const exprs = rule.keys.map((k) => parseExpression(k, registry));
  const columns = [...new Set(exprs.flatMap(expressionColumns))];
  const n = table.size;
  let codes: Int32Array | null = null;
  let distinct = 0;
  for (const expr of exprs) {
    const part = table.codes([expr], registry);
    if (codes === null) {
      codes = part.codes;
      distinct = part.distinct;
      continue;
    }
    // Combine with the previous parts numerically, then re-densify so products stay below 2^53.
    const radix = part.distinct + 1;
    const map = new Map<number, number>();
    const next = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const a = codes[i] ?? -1;
      const b = part.codes[i] ?? -1;
      if (a < 0 || b < 0) {
        next[i] = -1;
        continue;
      }
      const combined = a * radix + b;
      let c = map.get(combined);
      if (c === undefined) {
        c = map.size;
        map.set(combined, c);
      }
      next[i] = c;
    }
    codes = next;
    distinct = map.size;
  }
  return { rule, codes: codes ?? new Int32Array(n).fill(-1), distinct, columns };
}

interface Blocks {
  order: Int32Array;
  start: Int32Array;
}

function groupByCode(keys: RuleKeys): Blocks {
  const { codes, distinct } = keys;
  const start = new Int32Array(distinct + 1);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] ?? -1;
    if (c >= 0) start[c + 1] = (start[c + 1] ?? 0) + 1;
  }
  for (let c = 0; c < distinct; c++) start[c + 1] = (start[c + 1] ?? 0) + (start[c] ?? 0);
  const fill = start.slice(0, distinct);
  const order = new Int32Array(start[distinct] ?? 0);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] ?? -1;
    if (c >= 0) {
      const at = fill[c] ?? 0;
      order[at] = i;
      fill[c] = at + 1;
    }
  }
  return { order, start };
}

/** Options of candidate generation. */
export interface BlockingOptions {
  linkType: LinkType;
  /** Record source index, used to keep only cross-source pairs for link_only. */
  source: Uint8Array;
  /** Keep each pair with this probability (EM training subsampling); 1 keeps all. */
  keepProbability?: number;
  random?: () => number;
  onWarning?: (message: string) => void;
}

function pairAllowed(linkType: LinkType, source: Uint8Array, a: number, b: number): boolean {
  return linkType !== 'link_only' || source[a] !== source[b];
}

/**
 * Candidate pairs from rules combined by OR, each pair once: a pair found by rule r is dropped when
 * an earlier rule gives both records the same key.
 */
export function generateCandidatePairs(
  allKeys: readonly RuleKeys[],
  options: BlockingOptions,
): { pairs: PairList; stats: BlockingRuleStats[] } {
  const pairs = new PairList(1 << 16);
  const stats: BlockingRuleStats[] = [];
  const keep = options.keepProbability ?? 1;
  const random = options.random ?? Math.random;
  const { linkType, source } = options;
  for (let r = 0; r < allKeys.length; r++) {
    const keys = allKeys[r];
    if (!keys) continue;
    const earlier = allKeys.slice(0, r).map((k) => k.codes);
    const { order, start } = groupByCode(keys);
    const s: BlockingRuleStats = {
      rule: keys.rule.name,
      pairs: 0,
      blocks: 0,
      largestBlock: 0,
      skippedBlocks: 0,
      skippedRecords: 0,
    };
    const max = keys.rule.maxBlockSize;
    for (let c = 0; c < keys.distinct; c++) {
      const from = start[c] ?? 0;
      const to = start[c + 1] ?? 0;
      const size = to - from;
      if (size < 2) continue;
      if (size > max) {
        s.skippedBlocks++;
        s.skippedRecords += size;
        continue;
      }
      s.blocks++;
      if (size > s.largestBlock) s.largestBlock = size;
      for (let x = from; x < to; x++) {
        const a = order[x] ?? 0;
        for (let y = x + 1; y < to; y++) {
          const b = order[y] ?? 0;
          if (!pairAllowed(linkType, source, a, b)) continue;
          let seen = false;
          for (const prev of earlier) {
            const pa = prev[a] ?? -1;
            if (pa >= 0 && pa === prev[b]) {
              seen = true;
              break;
            }
          }
          if (seen) continue;
          if (keep < 1 && random() >= keep) continue;
          pairs.push(a, b);
          s.pairs++;
        }
      }
    }
    if (s.skippedBlocks > 0) {
      options.onWarning?.(
        `Blocking rule "${s.rule}": ${s.skippedBlocks} block(s) larger than ${max} records skipped ` +
          `(${s.skippedRecords} records); add a key to the rule or raise max_block_size`,
      );
    }
    stats.push(s);
  }
  pairs.trim();
  return { pairs, stats };
}

/** Number of pairs a rule's blocks would produce (before link-type filtering), capped blocks excluded. */
export function countBlockPairs(keys: RuleKeys): number {
  const counts = new Float64Array(keys.distinct);
  for (let i = 0; i < keys.codes.length; i++) {
    const c = keys.codes[i] ?? -1;
    if (c >= 0) counts[c] = (counts[c] ?? 0) + 1;
  }
  let total = 0;
  for (let c = 0; c < keys.distinct; c++) {
    const size = counts[c] ?? 0;
    if (size >= 2 && size <= keys.rule.maxBlockSize) total += (size * (size - 1)) / 2;
  }
  return total;
}

/** Total number of record pairs the link type compares (the denominator of the prior). */
export function totalComparablePairs(linkType: LinkType, source: Uint8Array): number {
  const n = source.length;
  if (linkType !== 'link_only') return (n * (n - 1)) / 2;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) counts.set(source[i] ?? 0, (counts.get(source[i] ?? 0) ?? 0) + 1);
  let sameSource = 0;
  for (const c of counts.values()) sameSource += (c * (c - 1)) / 2;
  return (n * (n - 1)) / 2 - sameSource;
}

/**
 * Uniformly random record pairs for estimating u. When the sample would cover most of the pairs,
 * every pair is enumerated instead.
 */
export function sampleRandomPairs(
  linkType: LinkType,
  source: Uint8Array,
  sampleSize: number,
  random: () => number,
): PairList {
  const n = source.length;
  const total = totalComparablePairs(linkType, source);
  const pairs = new PairList(Math.max(16, Math.min(sampleSize, total)));
  if (total <= sampleSize) {
    for (let a = 0; a < n; a++) {
      for (let b = a + 1; b < n; b++) if (pairAllowed(linkType, source, a, b)) pairs.push(a, b);
    }
    pairs.trim();
    return pairs;
  }
  let guard = 0;
  while (pairs.length < sampleSize && guard < sampleSize * 50) {
    guard++;
    const a = Math.floor(random() * n);
    const b = Math.floor(random() * n);
    if (a === b || !pairAllowed(linkType, source, a, b)) continue;
    if (a < b) pairs.push(a, b);
    else pairs.push(b, a);
  }
  pairs.trim();
  return pairs;
}

/** A small, fast, seedable pseudo-random generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = t;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
