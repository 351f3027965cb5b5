import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { DICTIONARY_VERSION } from '../../../shared/dictionary/dictionary.ts';
import type { DatabaseHandle } from '../../platform/db/connect.ts';
import { recordAudit, SYSTEM_ACTOR } from '../audit/index.ts';
import { generateDemoCity, truthToCsv } from '../demo/index.ts';
import {
  bulkInsertHouseholds,
  bulkInsertPersons,
  dropForBulkLoad,
  restoreAfterBulkLoad,
  syncSequence,
} from '../registry/registry.bulk.ts';
import { ensureShippedScoringModels, rescoreHouseholds } from '../scoring/index.ts';

export interface LoadDemoOptions {
  households: number;
  seed: number;
  regionCode: string;
  /** Where the ground truth is written, apart from the registry. */
  truthDir: string | null;
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface LoadDemoResult {
  households: number;
  persons: number;
  rtUnits: number;
  generateMs: number;
  loadMs: number;
  /** Scoring every household with the active PMT model and criteria, after the load. */
  scoreMs: number;
  truthDir: string | null;
}

/**
 * Generates the synthetic demo city and loads it into an empty registry in one transaction, as the
 * release "Demo DTSEN". The hidden expenditure and the injected defects go to `truthDir` as CSV, never
 * into the registry.
 */
export async function loadDemoCity(handle: DatabaseHandle, o: LoadDemoOptions): Promise<LoadDemoResult> {
  const t0 = performance.now();
  const city = generateDemoCity({ households: o.households, seed: o.seed, regionCode: o.regionCode });
  const t1 = performance.now();
  const total = city.households.length + city.persons.length;
  o.onProgress?.('generate', 0, total);
  await handle.db.transaction().execute(async (trx) => {
    const existing = await sql<{ n: number }>`SELECT count(*)::int AS n FROM household`.execute(trx);
    if ((existing.rows[0]?.n ?? 0) > 0)
      throw new Error('The registry is not empty: the demo city loads only into an empty one.');
    await trx
      .insertInto('rt_unit')
      .values(city.rtUnits.map((u) => ({ village_code: u.villageCode, rw: u.rw, rt: u.rt })))
      .onConflict((oc) => oc.columns(['village_code', 'rw', 'rt']).doNothing())
      .execute();
    const release = await trx
      .insertInto('source_release')
      .values({
        source: 'demo',
        release_date: '2025-08-15',
        label: `Demo DTSEN (seed ${o.seed})`,
        file_name: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const dropped = await dropForBulkLoad(trx);
    const chunk = 5000;
    for (let i = 0; i < city.households.length; i += chunk) {
      await bulkInsertHouseholds(
        trx,
        city.households.slice(i, i + chunk).map((h) => ({
          id: h.id,
          kkNumber: h.kkNumber,
          address: h.address,
          rw: h.rw,
          rt: h.rt,
          villageCode: h.villageCode,
          districtCode: h.districtCode,
          lat: h.lat,
          lng: h.lng,
          dtsenId: h.dtsenId,
          variables: h.variables,
          dictionaryVersion: DICTIONARY_VERSION,
          officialDesil: h.officialDesil,
          officialDesilReleaseId: release.id,
        })),
      );
      o.onProgress?.('households', Math.min(i + chunk, city.households.length), total);
    }
    for (let i = 0; i < city.persons.length; i += chunk) {
      await bulkInsertPersons(
        trx,
        city.persons.slice(i, i + chunk).map((p) => ({
          id: p.id,
          householdId: p.householdId,
          nik: p.nik,
          name: p.name,
          sex: p.sex,
          birthDate: p.birthDate,
          birthPlace: p.birthPlace,
          relationship: p.relationship,
          marital: p.marital,
          schooling: p.schooling,
          education: p.education,
          work: p.work,
          disability: p.disability,
          chronicIllness: p.chronicIllness,
          healthInsurance: p.healthInsurance,
          status: p.status,
        })),
      );
      o.onProgress?.('persons', city.households.length + Math.min(i + chunk, city.persons.length), total);
    }
    await restoreAfterBulkLoad(trx, dropped);
    await syncSequence(trx, 'household');
    await syncSequence(trx, 'person');
    await recordAudit(trx, SYSTEM_ACTOR, {
      action: 'demo.load',
      targetType: 'source_release',
      targetId: release.id,
      after: { households: city.households.length, persons: city.persons.length, seed: o.seed },
      reason: 'Kota demo sintetis / synthetic demo city',
    });
  });
  await sql`ANALYZE`.execute(handle.db);
  const t2 = performance.now();
  // The demo shows estimates from the first page: score with the shipped model right away.
  await ensureShippedScoringModels(handle.db);
  await rescoreHouseholds(handle.db);
  const t3 = performance.now();
  if (o.truthDir) {
    fs.mkdirSync(o.truthDir, { recursive: true });
    const csv = truthToCsv(city);
    for (const [name, text] of Object.entries(csv))
      fs.writeFileSync(path.join(o.truthDir, `truth-${name}.csv`), text);
  }
  return {
    households: city.households.length,
    persons: city.persons.length,
    rtUnits: city.rtUnits.length,
    generateMs: Math.round(t1 - t0),
    loadMs: Math.round(t2 - t1),
    scoreMs: Math.round(t3 - t2),
    truthDir: o.truthDir,
  };
}
