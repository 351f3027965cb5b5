import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/server/platform/db/schema.ts';
import { familyQuality, type DedupeStats } from '../src/server/features/linkage/index.ts';

const CITY = { level: 'city' as const, codes: [] };

/**
 * The family section of a linkage benchmark, after a run on a database holding the demo city: the
 * family step's statistics, household pairs per status, and family-level pairwise precision, recall
 * and F1 against `truth-families.csv` (null when the truth is absent).
 */
export async function familySection(db: Kysely<Database>, truthDir: string, stats: DedupeStats | null) {
  const counts = await sql<{ status: string; n: number }>`
    SELECT status, count(*)::int AS n FROM household_pair GROUP BY status ORDER BY status`.execute(db);
  const quality = await familyQuality(db, CITY, truthDir);
  return {
    step: stats?.households ?? null,
    householdPairsByStatus: Object.fromEntries(counts.rows.map((r) => [r.status, r.n])),
    autoDecisions: quality?.decisions ?? null,
    ifReviewAccepted: quality?.ifReviewAccepted ?? null,
  };
}
