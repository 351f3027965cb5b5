/**
 * The CPU part of a registry deduplication: person records in, the pairs worth storing out. Pure (no
 * database), so it runs in a worker thread for the server and inline for tests and benchmarks.
 */
import { linkRecords, type ModelParameters } from './engine/index.ts';
import { indonesianPersonSettings, indonesianRegistry } from './preset/indonesian.ts';

/** One active person as the Indonesian preset reads it (see preset/indonesian.ts). */
export type PersonLinkRecord = {
  record_id: string;
  nik: string | null;
  name: string;
  birth_date: string | null;
  sex: string | null;
  birth_place: string | null;
  kk_number: string | null;
  village_code: string;
  address: string;
};

/** What a job needs: the records, optionally a model to reuse and thresholds overriding the settings. */
export interface DedupeJobInput {
  records: PersonLinkRecord[];
  /** Settings in the engine's format; the Indonesian person preset when absent. */
  settings?: unknown;
  model?: ModelParameters;
  acceptThreshold?: number;
  reviewThreshold?: number;
}

/** The level a comparison fell in for one pair, and what it added to the match weight (bits). */
export interface FieldContribution {
  level: string;
  kind: string;
  weight: number;
}

/** A pair above the review threshold, ready to store (left < right as person ids). */
export interface JobPair {
  left: number;
  right: number;
  weight: number;
  probability: number;
  status: 'auto_accepted' | 'review';
  fields: Record<string, FieldContribution>;
}

/** The estimated model as stored with the run: reusable parameters plus labelled weights for people. */
export interface StoredModel extends ModelParameters {
  lambdaSource: string;
  iterations: number;
  comparisons: {
    name: string;
    levels: { label: string; kind: string; m: number; u: number; weight: number }[];
  }[];
}

/** The outcome of a job. */
export interface DedupeJobResult {
  pairs: JobPair[];
  model: StoredModel;
  acceptThreshold: number;
  reviewThreshold: number;
  stats: {
    records: number;
    candidatePairs: number;
    accepted: number;
    review: number;
    refusedByGuard: number;
    clusters: number;
    clustersWithSeveralRecords: number;
    blocking: { rule: string; pairs: number; largestBlock: number }[];
    seconds: Record<string, number>;
    warnings: string[];
  };
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Runs the engine with the Indonesian preset and keeps the pairs at or above the review threshold. */
export function computeDedupe(
  input: DedupeJobInput,
  onProgress?: (message: string) => void,
): DedupeJobResult {
  const settings = input.settings ?? indonesianPersonSettings;
  const result = linkRecords(input.records, settings, {
    registry: indonesianRegistry,
    ...(input.model ? { model: input.model } : {}),
    ...(input.acceptThreshold !== undefined ? { acceptThreshold: input.acceptThreshold } : {}),
    ...(input.reviewThreshold !== undefined ? { reviewThreshold: input.reviewThreshold } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  const accept = input.acceptThreshold ?? result.settings.thresholds.accept;
  const review = Math.min(input.reviewThreshold ?? result.settings.thresholds.review, accept);
  const { pairs, model } = result;
  const kinds = model.comparisons.map((c) => c.levels.map((l) => l.kind));
  const out: JobPair[] = [];
  for (let k = 0; k < pairs.length; k++) {
    const status = pairs.status(k);
    if (status === 'non_match') continue;
    const a = Number(pairs.ids[pairs.left[k] ?? 0]);
    const b = Number(pairs.ids[pairs.right[k] ?? 0]);
    if (!Number.isInteger(a) || !Number.isInteger(b) || a === b) continue;
    const fields: Record<string, FieldContribution> = {};
    pairs.comparisonNames.forEach((name, c) => {
      const level = pairs.levels[c]?.[k] ?? 0;
      fields[name] = {
        level: pairs.levelLabels[c]?.[level] ?? '',
        kind: kinds[c]?.[level] ?? 'else',
        weight: round(pairs.contribution(k, c), 3),
      };
    });
    out.push({
      left: Math.min(a, b),
      right: Math.max(a, b),
      weight: round(pairs.weight[k] ?? 0, 4),
      probability: pairs.probability[k] ?? 0,
      status: status === 'match' ? 'auto_accepted' : 'review',
      fields,
    });
  }
  const s = result.stats;
  return {
    pairs: out,
    model: {
      lambda: model.lambda,
      m: model.m,
      u: model.u,
      lambdaSource: model.lambdaSource,
      iterations: model.iterations,
      comparisons: model.comparisons,
    },
    acceptThreshold: accept,
    reviewThreshold: review,
    stats: {
      records: s.records,
      candidatePairs: s.candidatePairs,
      accepted: s.accepted,
      review: s.review,
      refusedByGuard: s.refusedByGuard,
      clusters: s.clusters,
      clustersWithSeveralRecords: s.clustersWithSeveralRecords,
      blocking: s.blocking.map((b) => ({ rule: b.rule, pairs: b.pairs, largestBlock: b.largestBlock })),
      seconds: Object.fromEntries(Object.entries(s.seconds).map(([k, v]) => [k, round(v, 3)])),
      warnings: s.warnings,
    },
  };
}
