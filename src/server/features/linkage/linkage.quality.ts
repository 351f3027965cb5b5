/**
 * Quality of the registry's deduplication against ground truth (the demo generator's): the
 * registry's decisions become clusters, which the engine's metrics compare with the true entities.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { Database, LinkagePairStatus } from '../../platform/db/schema.ts';
import type { Scope } from '../access/scope.ts';
import { evaluateClusters, type ClusterAssignment, type QualityReport } from './engine/index.ts';
import { readLinkState } from './linkage.repository.ts';

/** Ground truth: the true entity of each person id, and each person's defect types ("a;b"). */
export interface Truth {
  entities: ClusterAssignment[];
  defects: Map<string, string>;
}

/** Reads `truth-entities.csv` and `truth-defects.csv` from a folder, or null when they are absent. */
export function readTruth(dir: string): Truth | null {
  const entitiesFile = path.join(dir, 'truth-entities.csv');
  const defectsFile = path.join(dir, 'truth-defects.csv');
  if (!fs.existsSync(entitiesFile)) return null;
  const entityRows = parse(fs.readFileSync(entitiesFile, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    bom: true,
  }) as Record<string, string>[];
  const entities = entityRows
    .filter((r) => r.record_id && r.cluster_id)
    .map((r) => ({ recordId: r.record_id ?? '', clusterId: r.cluster_id ?? '' }));
  const defects = new Map<string, string>();
  if (fs.existsSync(defectsFile)) {
    const rows = parse(fs.readFileSync(defectsFile, 'utf8'), {
      columns: true,
      skip_empty_lines: true,
      bom: true,
      relax_quotes: true,
    }) as Record<string, string>[];
    for (const r of rows) {
      const id = r.person_id;
      const type = r.type;
      if (!id || !type) continue;
      const had = defects.get(id);
      defects.set(id, had ? `${had};${type}` : type);
    }
  }
  return { entities, defects };
}

/** Links between person ids: a merge (merged → survivor) or a pair with a status. */
export interface Link {
  a: number;
  b: number;
}

/** Clusters of person ids from links (union–find); every id gets one, singletons included. */
export function clustersFromLinks(ids: readonly number[], links: readonly Link[]): ClusterAssignment[] {
  const parent = new Map<number, number>();
  for (const id of ids) parent.set(id, id);
  const find = (x: number): number => {
    let root = x;
    while ((parent.get(root) ?? root) !== root) root = parent.get(root) ?? root;
    let cur = x;
    while (cur !== root) {
      const next = parent.get(cur) ?? root;
      parent.set(cur, root);
      cur = next;
    }
    return root;
  };
  for (const { a, b } of links) {
    if (!parent.has(a) || !parent.has(b)) continue;
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  return ids.map((id) => ({ recordId: String(id), clusterId: String(find(id)) }));
}

const LINKED: readonly LinkagePairStatus[] = ['auto_accepted', 'accepted', 'merged'];
const PENDING_REVIEW: readonly LinkagePairStatus[] = ['review', 'skipped'];

function summary(report: QualityReport) {
  const round = (x: number) => Math.round(x * 10000) / 10000;
  const scores = (s: QualityReport['pairwise']) => ({
    precision: round(s.precision),
    recall: round(s.recall),
    f1: round(s.f1),
    truePositives: s.truePositives,
    predictedPairs: s.predictedPairs,
    truePairs: s.truePairs,
  });
  return {
    records: report.records,
    pairwise: scores(report.pairwise),
    bcubed: {
      precision: round(report.bcubed.precision),
      recall: round(report.bcubed.recall),
      f1: round(report.bcubed.f1),
    },
    perDefect: Object.entries(report.perDefect).map(([defect, s]) => ({
      defect,
      records: s.records,
      ...scores(s),
    })),
  };
}

/**
 * Pairwise precision, recall and F1, overall and per defect type, of the registry's current
 * decisions (auto-accepted, accepted and merged pairs) and of the same with every pending review
 * pair accepted; `available` is false when no ground truth is installed.
 */
export async function registryQuality(db: Kysely<Database>, scope: Scope, truthDir: string) {
  const truth = readTruth(truthDir);
  if (!truth) return { available: false as const };
  const state = await readLinkState(db, scope);
  const ids = state.persons.map((p) => p.id);
  const merges: Link[] = state.persons
    .filter((p) => p.merged_into !== null)
    .map((p) => ({ a: p.id, b: p.merged_into ?? p.id }));
  const linked = state.pairs
    .filter((p) => LINKED.includes(p.status))
    .map((p) => ({ a: p.left_person_id, b: p.right_person_id }));
  const review = state.pairs
    .filter((p) => PENDING_REVIEW.includes(p.status))
    .map((p) => ({ a: p.left_person_id, b: p.right_person_id }));
  const decided = evaluateClusters(
    clustersFromLinks(ids, [...merges, ...linked]),
    truth.entities,
    truth.defects,
  );
  const withReview = evaluateClusters(
    clustersFromLinks(ids, [...merges, ...linked, ...review]),
    truth.entities,
    truth.defects,
  );
  return {
    available: true as const,
    pendingReview: review.length,
    decisions: summary(decided),
    ifReviewAccepted: summary(withReview),
  };
}
