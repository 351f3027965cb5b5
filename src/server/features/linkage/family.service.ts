/**
 * The family step of a deduplication run: after the person pairs are stored, every pair of active
 * family cards whose members are linked is scored (family.ts) and the pairs above the review
 * threshold are stored, in the run's transaction, so that one run produces both kinds of pairs.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { errors } from '../../platform/errors.ts';
import type { Scope } from '../access/scope.ts';
import { DEFAULT_FAMILY_SETTINGS, findFamilyPairs, type FamilyPair, type FamilySettings } from './family.ts';
import { readHouseholdFacts, readPersonLinks, upsertHouseholdPairs } from './family.repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** What the family step of a run reports (stats.households of the run). */
export interface FamilyStats {
  /** Pairs of family cards with at least one linked member. */
  candidatePairs: number;
  autoAccepted: number;
  review: number;
  dropped: number;
  stored: number;
  thresholds: FamilySettings;
  seconds: number;
}

/** The family thresholds of a run: the defaults with the run's overrides, checked. */
export function familySettings(overrides: { accept?: number; review?: number } = {}): FamilySettings {
  const accept = overrides.accept ?? DEFAULT_FAMILY_SETTINGS.accept;
  const review = overrides.review ?? DEFAULT_FAMILY_SETTINGS.review;
  for (const [value, name] of [
    [accept, 'keluarga terima / family accept'],
    [review, 'keluarga tinjau / family review'],
  ] as const)
    if (!(value > 0 && value <= 1))
      throw errors.invalid(
        `Ambang ${name} harus di antara 0 dan 1.`,
        `The ${name} threshold must lie between 0 and 1.`,
      );
  return { accept, review: Math.min(review, accept) };
}

/** Keeps the family pairs touching one of the households (incremental runs). */
export function familyPairsTouching(
  pairs: readonly FamilyPair[],
  householdIds: ReadonlySet<number>,
): FamilyPair[] {
  return pairs.filter((p) => householdIds.has(p.left) || householdIds.has(p.right));
}

/**
 * Scores the family pairs of a scope from the stored person pairs (every status but rejected) and
 * stores those above the review threshold; with householdIds only the pairs touching them.
 */
export async function storeFamilyPairs(
  db: Db,
  runId: number,
  scope: Scope,
  settings: FamilySettings,
  householdIds: readonly number[] | null,
): Promise<FamilyStats> {
  const t0 = performance.now();
  const links = await readPersonLinks(db, scope);
  const personIds = new Set<number>();
  for (const l of links) {
    personIds.add(l.left);
    personIds.add(l.right);
  }
  const householdsOfLinks = await householdIdsOf(db, [...personIds]);
  const facts = await readHouseholdFacts(db, householdsOfLinks);
  let pairs = findFamilyPairs(facts, links, settings);
  if (householdIds !== null) pairs = familyPairsTouching(pairs, new Set(householdIds));
  const kept = pairs.filter((p) => p.status !== 'dropped');
  await upsertHouseholdPairs(db, runId, kept);
  const autoAccepted = kept.filter((p) => p.status === 'auto_accepted').length;
  return {
    candidatePairs: pairs.length,
    autoAccepted,
    review: kept.length - autoAccepted,
    dropped: pairs.length - kept.length,
    stored: kept.length,
    thresholds: settings,
    seconds: Math.round(performance.now() - t0) / 1000,
  };
}

async function householdIdsOf(db: Db, personIds: readonly number[]): Promise<number[]> {
  if (personIds.length === 0) return [];
  const res = await sql<{ household_id: number }>`
    SELECT DISTINCT household_id FROM person WHERE id = ANY(${[...personIds]}::int[])`.execute(db);
  return res.rows.map((r) => r.household_id);
}
