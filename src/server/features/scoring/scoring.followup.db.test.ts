import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/database.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { mergePersons, undoMerge } from '../linkage/index.ts';
import { loadDemoCity } from '../seed/demo-city.ts';

const CITY = { level: 'city' as const, codes: [] };
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  // Loads the shipped model and scores every household.
  await loadDemoCity(t.handle, { households: 60, seed: 3, regionCode: t.config.regionCode, truthDir: null });
});
afterAll(async () => {
  await t?.close();
});

/** The stored score of a household under the active model with the member count of its inputs. */
async function score(householdId: number): Promise<{ hash: string; members: number; run: number }> {
  const res = await sql<{ hash: string; members: number; run: number }>`
    SELECT sc.input_hash AS hash, json_array_length(i.inputs->'members') AS members, sc.run_id AS run
    FROM household_score sc JOIN household_input i ON i.household_id = sc.household_id AND i.hash = sc.input_hash
    WHERE sc.household_id = ${householdId} AND sc.model_id = (SELECT id FROM pmt_model WHERE active)`.execute(
    t.handle.db,
  );
  const row = res.rows[0];
  if (!row) throw new Error(`household ${householdId} has no score`);
  return row;
}

describe('a person merge and its undo', () => {
  it('rescore both households, in the same transaction as the merge and the undo', async () => {
    // Two members of different households with different work, so the survivor's facts change too.
    const pick = await sql<{ a: number; ha: number; b: number; hb: number }>`
      SELECT a.id AS a, a.household_id AS ha, b.id AS b, b.household_id AS hb
      FROM person a JOIN person b ON b.household_id > a.household_id AND b.work IS DISTINCT FROM a.work
      WHERE a.status = 1 AND b.status = 1 AND a.relationship <> 1 AND b.relationship <> 1
      ORDER BY a.id, b.id LIMIT 1`.execute(t.handle.db);
    const p = pick.rows[0];
    if (!p) throw new Error('no two members to merge');
    const [a0, b0] = [await score(p.ha), await score(p.hb)];

    const merge = await mergePersons(t.handle.db, CITY, SYSTEM_ACTOR, {
      survivorId: p.a,
      mergedId: p.b,
      // The survivor takes the merged record's work.
      fieldChoices: { work: p.b < p.a ? 'left' : 'right' },
      reason: 'Orang yang sama di dua KK',
    });
    const [a1, b1] = [await score(p.ha), await score(p.hb)];
    expect(a1.hash).not.toBe(a0.hash);
    expect(a1.members).toBe(a0.members);
    expect(b1.members).toBe(b0.members - 1);
    expect(a1.run).toBe(b1.run);
    const run = await sql<{ kind: string; households: number }>`
      SELECT kind, households FROM scoring_run WHERE id = ${a1.run}`.execute(t.handle.db);
    expect(run.rows[0]).toEqual({ kind: 'subset', households: 2 });

    await undoMerge(t.handle.db, CITY, SYSTEM_ACTOR, merge.id, { reason: 'Ternyata dua orang berbeda' });
    const [a2, b2] = [await score(p.ha), await score(p.hb)];
    expect(a2.hash).toBe(a0.hash);
    expect(b2.hash).toBe(b0.hash);
    expect(b2.members).toBe(b0.members);
    expect(a2.run).toBeGreaterThan(a1.run);
  });
});
