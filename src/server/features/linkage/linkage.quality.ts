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
import { readFamilyState } from './family.repository.ts';

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

/** Reads `truth-families.csv` (pairs of household ids that are the same family), or null when absent. */
export function readFamilyTruth(dir: string): Link[] | null {
  const file = path.join(dir, 'truth-families.csv');
  if (!fs.existsSync(file)) return null;
  const rows = parse(fs.readFileSync(file, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    bom: true,
  }) as Record<string, string>[];
  return rows
    .map((r) => ({ a: Number(r.household_id), b: Number(r.other_household_id) }))
    .filter((l) => Number.isInteger(l.a) && Number.isInteger(l.b) && l.a > 0 && l.b > 0);
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
    families: await familyQuality(db, scope, truthDir),
  };
}

/**
 * Family-level pairwise precision, recall and F1 of the household decisions (auto-accepted, accepted
 * and merged household pairs, and household merges) against `truth-families.csv`, and the same with
 * every pending household review pair accepted; null when that truth file is absent.
 */
export async function familyQuality(db: Kysely<Database>, scope: Scope, truthDir: string) {
  const truthPairs = readFamilyTruth(truthDir);
  if (!truthPairs) return null;
  const state = await readFamilyState(db, scope);
  const ids = state.households.map((h) => h.id);
  const truth = clustersFromLinks(ids, truthPairs);
  const merges: Link[] = state.households
    .filter((h) => h.merged_into !== null)
    .map((h) => ({ a: h.id, b: h.merged_into ?? h.id }));
  const linked = state.pairs.filter((p) => LINKED.includes(p.status)).map((p) => ({ a: p.l, b: p.r }));
  const review = state.pairs
    .filter((p) => PENDING_REVIEW.includes(p.status))
    .map((p) => ({ a: p.l, b: p.r }));
  const scores = (links: Link[]) => summary(evaluateClusters(clustersFromLinks(ids, links), truth)).pairwise;
  return {
    households: ids.length,
    pendingReview: review.length,
    decisions: scores([...merges, ...linked]),
    ifReviewAccepted: scores([...merges, ...linked, ...review]),
  };
}
