/**
 * The whole linkage run: prepare columns, block, estimate u (random pairs), m (EM per training
 * block) and λ (from the data), score candidate pairs and cluster them. Pure: records in, results out.
 */
import { LinkageError } from './errors.ts';
import {
  computeRuleKeys,
  countBlockPairs,
  generateCandidatePairs,
  sampleRandomPairs,
  seededRandom,
  totalComparablePairs,
  type BlockingRuleStats,
  type RuleKeys,
} from './blocking.ts';
import { clusterPairs } from './cluster.ts';
import { compileComparison, computeLevels, type CompiledComparison } from './comparisons.ts';
import { countPatterns, estimateLambda, initialM, runEm } from './em.ts';
import { levelWeights, pairContribution, scorePairs, type ModelParameters } from './predict.ts';
import { builtinRegistry, type LinkageRegistry } from './registry.ts';
import { normaliseBlockingRule, parseSettings, type BlockingRule, type LinkageSettings } from './settings.ts';
import { RecordTable, type InputRecord } from './table.ts';

/** Options of a linkage run. */
export interface LinkOptions {
  /** Transforms and predicates the settings may name; defaults to the engine's generic ones. */
  registry?: LinkageRegistry;
  /** Dataset index per record (0, 1, …) for link_only / link_and_dedupe. */
  sources?: ArrayLike<number>;
  /** A previously trained model: skips estimation so results are reproducible across runs. */
  model?: ModelParameters;
  /** Overrides settings.thresholds.accept. */
  acceptThreshold?: number;
  /** Overrides settings.thresholds.review. */
  reviewThreshold?: number;
  onProgress?: (message: string) => void;
}

/** One EM training session (one training blocking rule). */
export interface TrainingSession {
  rule: string;
  pairs: number;
  patterns: number;
  estimated: string[];
  iterations: number;
  converged: boolean;
  lambda: number;
}

/** The fitted model, with labelled levels for people and the raw arrays for reuse. */
export interface LinkageModel extends ModelParameters {
  lambdaSource: 'settings' | 'estimated' | 'model';
  /** Total EM iterations over all sessions. */
  iterations: number;
  sessions: TrainingSession[];
  comparisons: {
    name: string;
    levels: { label: string; kind: string; m: number; u: number; weight: number }[];
  }[];
}

/** Decision on a pair after clustering. */
export type PairStatus = 'match' | 'review' | 'non_match';
const STATUS: readonly PairStatus[] = ['non_match', 'review', 'match'];

/** One scored pair, materialised for output. */
export interface ScoredPair {
  leftId: string;
  rightId: string;
  matchWeight: number;
  probability: number;
  status: PairStatus;
  /** log2 Bayes factor of each comparison (0 when a value is missing). */
  contributions: Record<string, number>;
  /** The level each comparison fell in. */
  levels: Record<string, string>;
}

/** All candidate pairs, stored column-wise; use get(k) to materialise one. */
export class ScoredPairs {
  constructor(
    readonly ids: readonly string[],
    readonly comparisonNames: readonly string[],
    readonly levelLabels: readonly (readonly string[])[],
    readonly left: Int32Array,
    readonly right: Int32Array,
    readonly weight: Float64Array,
    readonly probability: Float64Array,
    readonly levels: readonly Uint8Array[],
    /** 0 non_match, 1 review, 2 match. */
    readonly statusCode: Uint8Array,
    private readonly contributionOf: (k: number, c: number) => number,
  ) {}

  /** Number of candidate pairs. */
  get length(): number {
    return this.left.length;
  }

  /** log2 Bayes factor of comparison c for pair k. */
  contribution(k: number, c: number): number {
    return this.contributionOf(k, c);
  }

  /** Status of pair k. */
  status(k: number): PairStatus {
    return STATUS[this.statusCode[k] ?? 0] ?? 'non_match';
  }

  /** Pair k as a plain object. */
  get(k: number): ScoredPair {
    const contributions: Record<string, number> = {};
    const levels: Record<string, string> = {};
    this.comparisonNames.forEach((name, c) => {
      contributions[name] = this.contributionOf(k, c);
      levels[name] = this.levelLabels[c]?.[this.levels[c]?.[k] ?? 0] ?? '';
    });
    return {
      leftId: this.ids[this.left[k] ?? 0] ?? '',
      rightId: this.ids[this.right[k] ?? 0] ?? '',
      matchWeight: this.weight[k] ?? 0,
      probability: this.probability[k] ?? 0,
      status: this.status(k),
      contributions,
      levels,
    };
  }
}

/** Entities found: cluster index per record, and cluster ids (the first record's id of each cluster). */
export interface Clusters {
  recordIds: readonly string[];
  clusterOf: Int32Array;
  clusterIds: string[];
  count: number;
  /** One { recordId, clusterId } per input record, singletons included. */
  assignments(): { recordId: string; clusterId: string }[];
}

/** Counts and timings of a run. */
export interface LinkStats {
  records: number;
  candidatePairs: number;
  blocking: BlockingRuleStats[];
  uSamplePairs: number;
  totalComparablePairs: number;
  accepted: number;
  review: number;
  refusedByGuard: number;
  clusters: number;
  clustersWithSeveralRecords: number;
  seconds: {
    total: number;
    prepare: number;
    blocking: number;
    training: number;
    scoring: number;
    clustering: number;
  };
  warnings: string[];
}

/** Result of linkRecords. */
export interface LinkResult {
  pairs: ScoredPairs;
  clusters: Clusters;
  model: LinkageModel;
  stats: LinkStats;
  settings: LinkageSettings;
}

const now = (): number => performance.now();

/** Links or deduplicates records according to settings; see docs/linkage-settings.md. */
export function linkRecords(
  records: readonly InputRecord[],
  settingsInput: unknown,
  options: LinkOptions = {},
): LinkResult {
  const t0 = now();
  const settings = parseSettings(settingsInput);
  const registry = options.registry ?? builtinRegistry;
  const warnings: string[] = [];
  const warn = (message: string): void => {
    warnings.push(message);
  };
  const progress = options.onProgress ?? ((): void => undefined);
  const random = seededRandom(settings.seed);
  const linkType = settings.link_type;

  const table = new RecordTable(records, settings.unique_id_column, options.sources);
  if (linkType === 'link_only' && new Set(table.source).size < 2) {
    throw new LinkageError(
      'link_only memerlukan rekaman dari minimal dua dataset',
      'link_only needs records from at least two datasets',
    );
  }
  progress(`preparing ${table.size} records`);
  const comparisons = settings.comparisons.map((c) => compileComparison(c, table, registry));
  const levelCounts = comparisons.map((c) => c.levelLabels.length);
  const rules = settings.blocking_rules.map((r) => normaliseBlockingRule(r, settings.max_block_size));
  const keyCache = new Map<string, RuleKeys>();
  const keysFor = (rule: BlockingRule): RuleKeys => {
    const cacheKey = `${rule.keys.join('\u0000')}\u0001${rule.maxBlockSize}`;
    let k = keyCache.get(cacheKey);
    if (!k) {
      k = computeRuleKeys(table, rule, registry);
      keyCache.set(cacheKey, k);
    }
    return k;
  };
  const ruleKeys = rules.map(keysFor);
  const t1 = now();

  progress('blocking');
  const { pairs, stats: blockingStats } = generateCandidatePairs(ruleKeys, {
    linkType,
    source: table.source,
    onWarning: warn,
  });
  const candidateLevels = computeLevels(comparisons, pairs.left, pairs.right, pairs.length);
  const t2 = now();

  progress(`training on ${pairs.length} candidate pairs`);
  const totalPairs = totalComparablePairs(linkType, table.source);
  let model: LinkageModel;
  let uSamplePairs = 0;
  if (options.model) {
    checkModelShape(options.model, comparisons);
    model = describeModel(comparisons, options.model, 'model', 0, []);
  } else {
    const u = estimateU(comparisons, table, settings, random);
    uSamplePairs = u.samplePairs;
    const trainingRules = (settings.em_training_blocks ?? settings.blocking_rules).map((r) =>
      normaliseBlockingRule(r, settings.max_block_size),
    );
    const { m, sessions } = trainM(
      comparisons,
      levelCounts,
      table,
      trainingRules,
      keysFor,
      u.u,
      settings,
      random,
      warn,
    );
    let lambda: number;
    let lambdaSource: LinkageModel['lambdaSource'];
    if (settings.probability_two_random_records_match !== undefined) {
      lambda = settings.probability_two_random_records_match;
      lambdaSource = 'settings';
    } else {
      const patterns = countPatterns(candidateLevels, pairs.length, levelCounts);
      const weights = levelWeights(comparisons, { m, u: u.u });
      const logBf = new Float64Array(patterns.patterns);
      for (let p = 0; p < patterns.patterns; p++) {
        let s = 0;
        for (let c = 0; c < patterns.comparisons; c++)
          s += weights[c]?.[patterns.levels[p * patterns.comparisons + c] ?? 0] ?? 0;
        logBf[p] = s;
      }
      lambda = estimateLambda(patterns, logBf, Math.max(1, totalPairs));
      lambdaSource = 'estimated';
    }
    const iterations = sessions.reduce((s, x) => s + x.iterations, 0);
    model = describeModel(comparisons, { lambda, m, u: u.u }, lambdaSource, iterations, sessions);
  }
  const t3 = now();

  progress('scoring');
  const { weight, probability } = scorePairs(comparisons, candidateLevels, pairs.left, pairs.length, model);
  const t4 = now();

  progress('clustering');
  const accept = options.acceptThreshold ?? settings.thresholds.accept;
  const review = Math.min(options.reviewThreshold ?? settings.thresholds.review, accept);
  const clustered = clusterPairs(table.size, pairs.left, pairs.right, weight, probability, accept, {
    minEdgeDensity: settings.clustering.min_edge_density,
    cannotLinkBelow: settings.clustering.cannot_link_below,
    maxClusterSize: settings.clustering.max_cluster_size,
  });
  const statusCode = new Uint8Array(pairs.length);
  let accepted = 0;
  let reviewCount = 0;
  for (let k = 0; k < pairs.length; k++) {
    const p = probability[k] ?? 0;
    const together = clustered.clusterOf[pairs.left[k] ?? 0] === clustered.clusterOf[pairs.right[k] ?? 0];
    if (p >= accept && together) {
      statusCode[k] = 2;
      accepted++;
    } else if (p >= review) {
      statusCode[k] = 1;
      reviewCount++;
    }
  }
  const clusterIds = new Array<string>(clustered.clusterCount).fill('');
  const clusterSizes = new Int32Array(clustered.clusterCount);
  for (let i = 0; i < table.size; i++) {
    const c = clustered.clusterOf[i] ?? 0;
    if (clusterIds[c] === '') clusterIds[c] = table.ids[i] ?? '';
    clusterSizes[c] = (clusterSizes[c] ?? 0) + 1;
  }
  let several = 0;
  for (const s of clusterSizes) if (s > 1) several++;
  const t5 = now();

  const weights = levelWeights(comparisons, model);
  const contributionOf = (k: number, c: number): number => {
    const comp = comparisons[c];
    if (!comp) return 0;
    return pairContribution(comp, c, candidateLevels[c]?.[k] ?? 0, pairs.left[k] ?? 0, weights, model);
  };
  const ids = table.ids;
  const clusterOf = clustered.clusterOf;
  return {
    pairs: new ScoredPairs(
      ids,
      comparisons.map((c) => c.name),
      comparisons.map((c) => c.levelLabels),
      pairs.left,
      pairs.right,
      weight,
      probability,
      candidateLevels,
      statusCode,
      contributionOf,
    ),
    clusters: {
      recordIds: ids,
      clusterOf,
      clusterIds,
      count: clustered.clusterCount,
      assignments: () =>
        ids.map((id, i) => ({ recordId: id, clusterId: clusterIds[clusterOf[i] ?? 0] ?? id })),
    },
    model,
    stats: {
      records: table.size,
      candidatePairs: pairs.length,
      blocking: blockingStats,
      uSamplePairs,
      totalComparablePairs: totalPairs,
      accepted,
      review: reviewCount,
      refusedByGuard: clustered.refusedEdges.length,
      clusters: clustered.clusterCount,
      clustersWithSeveralRecords: several,
      seconds: {
        total: (t5 - t0) / 1000,
        prepare: (t1 - t0) / 1000,
        blocking: (t2 - t1) / 1000,
        training: (t3 - t2) / 1000,
        scoring: (t4 - t3) / 1000,
        clustering: (t5 - t4) / 1000,
      },
      warnings,
    },
    settings,
  };
}

function estimateU(
  comparisons: readonly CompiledComparison[],
  table: RecordTable,
  settings: LinkageSettings,
  random: () => number,
): { u: number[][]; samplePairs: number } {
  const sample = sampleRandomPairs(settings.link_type, table.source, settings.u_sample_size, random);
  const levels = computeLevels(comparisons, sample.left, sample.right, sample.length);
  const u = comparisons.map((comp, c) => {
    const counts = comp.isNull.map(() => 0);
    const lv = levels[c];
    if (lv) for (let k = 0; k < sample.length; k++) counts[lv[k] ?? 0] = (counts[lv[k] ?? 0] ?? 0) + 1;
    let nonNull = 0;
    let nonNullLevels = 0;
    comp.isNull.forEach((isNull, l) => {
      if (!isNull) {
        nonNull += counts[l] ?? 0;
        nonNullLevels++;
      }
    });
    // A half pseudo-count keeps levels never seen among random pairs (e.g. equal NIK) finite.
    return comp.isNull.map((isNull, l) =>
      isNull ? 0 : (comp.fixedU[l] ?? ((counts[l] ?? 0) + 0.5) / (nonNull + 0.5 * nonNullLevels)),
    );
  });
  return { u, samplePairs: sample.length };
}

function trainM(
  comparisons: readonly CompiledComparison[],
  levelCounts: readonly number[],
  table: RecordTable,
  rules: readonly BlockingRule[],
  keysFor: (rule: BlockingRule) => RuleKeys,
  u: number[][],
  settings: LinkageSettings,
  random: () => number,
  warn: (message: string) => void,
): { m: number[][]; sessions: TrainingSession[] } {
  const isNull = comparisons.map((c) => c.isNull);
  const start = comparisons.map((c) => c.isNull.map((_, l) => c.fixedM[l] ?? initialM(c.isNull)[l] ?? 0));
  const sums = comparisons.map((c) => c.isNull.map(() => 0));
  const estimatedCount = comparisons.map(() => 0);
  const sessions: TrainingSession[] = [];
  for (const rule of rules) {
    const keys = keysFor(rule);
    const estimate = comparisons.map((c) => !c.columns.some((col) => keys.columns.includes(col)));
    if (!estimate.some(Boolean)) {
      warn(`EM training rule "${rule.name}" constrains every comparison; skipped`);
      continue;
    }
    const total = countBlockPairs(keys);
    const keep = total > settings.max_training_pairs ? settings.max_training_pairs / total : 1;
    const { pairs } = generateCandidatePairs([keys], {
      linkType: settings.link_type,
      source: table.source,
      keepProbability: keep,
      random,
    });
    if (pairs.length === 0) {
      warn(`EM training rule "${rule.name}" produced no pairs; skipped`);
      continue;
    }
    const levels = computeLevels(comparisons, pairs.left, pairs.right, pairs.length, estimate);
    const patterns = countPatterns(levels, pairs.length, levelCounts, estimate);
    const result = runEm({
      table: patterns,
      isNull,
      u,
      mStart: start,
      estimate,
      fixedM: comparisons.map((c) => c.fixedM),
      lambdaStart: 0.3,
      maxIterations: settings.max_iterations,
      convergence: settings.em_convergence,
    });
    comparisons.forEach((_, c) => {
      if (!estimate[c]) return;
      estimatedCount[c] = (estimatedCount[c] ?? 0) + 1;
      const row = sums[c];
      result.m[c]?.forEach((v, l) => {
        if (row) row[l] = (row[l] ?? 0) + v;
      });
    });
    sessions.push({
      rule: rule.name,
      pairs: pairs.length,
      patterns: patterns.patterns,
      estimated: comparisons.filter((_, c) => estimate[c]).map((c) => c.name),
      iterations: result.iterations,
      converged: result.converged,
      lambda: result.lambda,
    });
  }
  const m = comparisons.map((comp, c) => {
    const n = estimatedCount[c] ?? 0;
    if (n === 0) {
      warn(`m of comparison "${comp.name}" was not estimated by any training rule; starting values used`);
      return start[c] ?? [];
    }
    return (sums[c] ?? []).map((v) => v / n);
  });
  return { m, sessions };
}

function checkModelShape(model: ModelParameters, comparisons: readonly CompiledComparison[]): void {
  const ok =
    model.m.length === comparisons.length &&
    model.u.length === comparisons.length &&
    comparisons.every(
      (c, i) => model.m[i]?.length === c.levelLabels.length && model.u[i]?.length === c.levelLabels.length,
    ) &&
    model.lambda > 0 &&
    model.lambda < 1;
  if (!ok) {
    throw new LinkageError(
      'Model yang diberikan tidak cocok dengan perbandingan dan tingkat pada pengaturan',
      'The given model does not match the comparisons and levels of the settings',
    );
  }
}

function describeModel(
  comparisons: readonly CompiledComparison[],
  params: ModelParameters,
  lambdaSource: LinkageModel['lambdaSource'],
  iterations: number,
  sessions: TrainingSession[],
): LinkageModel {
  const weights = levelWeights(comparisons, params);
  return {
    lambda: params.lambda,
    m: params.m,
    u: params.u,
    lambdaSource,
    iterations,
    sessions,
    comparisons: comparisons.map((comp, c) => ({
      name: comp.name,
      levels: comp.levelLabels.map((label, l) => ({
        label,
        kind: comp.levelKinds[l] ?? 'else',
        m: params.m[c]?.[l] ?? 0,
        u: params.u[c]?.[l] ?? 0,
        weight: weights[c]?.[l] ?? 0,
      })),
    })),
  };
}
