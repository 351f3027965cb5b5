/**
 * Ranking benchmarks: rescoring the 27,000-household demo city on PGlite (target < 5 s), and, with
 * BENCH_SCORING_MILLION=1 and DATABASE_URL, 1,000,000 households on PostgreSQL (target < 60 s), made by
 * cloning demo households with generate_series.
 */
import os from 'node:os';
import { sql, type Kysely } from 'kysely';
import { createTestDatabase } from '../test/helpers/database.ts';
import { openDatabase, type DatabaseHandle } from '../src/server/platform/db/connect.ts';
import { migrate } from '../src/server/platform/db/migrate.ts';
import type { Database } from '../src/server/platform/db/schema.ts';
import { ensureDeploymentRegions } from '../src/server/features/regions/index.ts';
import { loadDemoCity } from '../src/server/features/seed/demo-city.ts';
import { SYSTEM_ACTOR } from '../src/server/features/audit/index.ts';
import { activateVersion, createVersion, rescoreHouseholds } from '../src/server/features/scoring/index.ts';
import { validatePmtModel, type PmtModel } from '../src/server/features/scoring/pmt/index.ts';
import { mulberry32 } from './random.ts';

const seconds = (ms: number) => Math.round(ms / 10) / 100;
const AS_OF = '2026-11-27';

/**
 * Wall-clock and CPU seconds of a step. The machine is shared, so wall-clock time depends on the other
 * work; with PGlite the database runs in a worker thread of this process, so the process CPU time is
 * the whole work and tells what an idle machine would take (less with two cores working in parallel).
 */
async function timed<T>(step: () => Promise<T>): Promise<{ result: T; seconds: number; cpuSeconds: number }> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const result = await step();
  const used = process.cpuUsage(cpu);
  return {
    result,
    seconds: seconds(performance.now() - t0),
    cpuSeconds: seconds((used.user + used.system) / 1000),
  };
}

async function activeModel(db: Kysely<Database>): Promise<PmtModel> {
  const row = await db
    .selectFrom('pmt_model')
    .select('body')
    .where('active', '=', true)
    .executeTakeFirstOrThrow();
  const parsed = validatePmtModel(row.body);
  if (!parsed.ok) throw new Error(parsed.issues.join('; '));
  return parsed.model;
}

/** A new version of the active model whose every score differs, activated (and so rescored). */
async function activateShiftedVersion(db: Kysely<Database>, shift: number, mode?: 'regional') {
  const model = await activeModel(db);
  const body: PmtModel = {
    ...model,
    intercept: model.intercept + shift,
    ...(mode ? { cutPoints: { ...model.cutPoints, mode } } : {}),
  };
  const created = await createVersion(db, SYSTEM_ACTOR, 'pmt', { body, note: 'benchmark' });
  const t = await timed(() => activateVersion(db, SYSTEM_ACTOR, 'pmt', created.id, { asOf: AS_OF }));
  return { seconds: t.seconds, cpuSeconds: t.cpuSeconds, jsMs: t.result.rescore?.computeMs ?? 0 };
}

async function countsOf(db: Kysely<Database>) {
  const r = await sql<{ households: number; persons: number }>`
    SELECT (SELECT count(*)::int FROM household WHERE status = 1) AS households,
      (SELECT count(*)::int FROM person WHERE status = 1) AS persons`.execute(db);
  return r.rows[0];
}

async function benchPglite() {
  const households = Number(process.env.BENCH_HOUSEHOLDS ?? 27_000);
  // Always PGlite (in memory), whatever DATABASE_URL says: the target is for the embedded database.
  const handle: DatabaseHandle = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrate(handle.pool);
    await ensureDeploymentRegions(handle.db, '64.74');
    const load = await loadDemoCity(handle, { households, seed: 2025, regionCode: '64.74', truthDir: null });
    const db = handle.db;
    const same = await timed(() => rescoreHouseholds(db, { asOf: AS_OF }));
    const newVersion = await activateShiftedVersion(db, 0.1);
    const rand = mulberry32(7);
    const ids = Array.from({ length: 100 }, () => 1 + Math.floor(rand() * households));
    const subset = await timed(() => rescoreHouseholds(db, { householdIds: ids, asOf: AS_OF }));
    const regional = await activateShiftedVersion(db, 0.1, 'regional');
    return {
      database: 'pglite',
      ...(await countsOf(db)),
      firstScoringWithDemoLoadSeconds: seconds(load.scoreMs),
      rescoreAllSameModel: {
        seconds: same.seconds,
        cpuSeconds: same.cpuSeconds,
        jsMs: same.result.computeMs,
      },
      rescoreAllNewVersion: newVersion,
      rescore100: { seconds: subset.seconds, cpuSeconds: subset.cpuSeconds },
      rescoreAllRegionalNewVersion: regional,
      targetSeconds: 5,
    };
  } finally {
    await handle.close();
  }
}

/**
 * Clones the loaded demo households and persons `copies` times with generate_series, copy after copy
 * and household after household, so that a household's members lie together as an import leaves them.
 */
export async function cloneHouseholds(db: Kysely<Database>, copies: number) {
  const max = await sql<{ h: number; p: number }>`
    SELECT (SELECT max(id) FROM household)::int AS h, (SELECT max(id) FROM person)::int AS p`.execute(db);
  const h = max.rows[0]?.h ?? 0;
  const p = max.rows[0]?.p ?? 0;
  await sql`
    INSERT INTO household (id, kk_number, address, rw, rt, village_code, district_code, lat, lng, dtsen_id, variables,
      dictionary_version, official_desil, official_desil_release_id, status)
    SELECT x.id + k * ${h}, x.kk_number, x.address, x.rw, x.rt, x.village_code, x.district_code, x.lat, x.lng,
      x.dtsen_id, x.variables, x.dictionary_version, x.official_desil, x.official_desil_release_id, x.status
    FROM generate_series(1, ${copies}) k CROSS JOIN household x WHERE x.id <= ${h}
    ORDER BY k, x.id`.execute(db);
  await sql`
    INSERT INTO person (id, household_id, nik, name, sex, birth_date, birth_place, relationship, marital, schooling,
      education, work, disability, chronic_illness, health_insurance, status)
    SELECT x.id + k * ${p}, x.household_id + k * ${h}, x.nik, x.name, x.sex, x.birth_date, x.birth_place, x.relationship,
      x.marital, x.schooling, x.education, x.work, x.disability, x.chronic_illness, x.health_insurance, x.status
    FROM generate_series(1, ${copies}) k CROSS JOIN person x WHERE x.id <= ${p}
    ORDER BY k, x.household_id, x.id`.execute(db);
  await sql`SELECT setval('household_id_seq', (SELECT max(id) FROM household))`.execute(db);
  await sql`SELECT setval('person_id_seq', (SELECT max(id) FROM person))`.execute(db);
  await sql`ANALYZE`.execute(db);
}

async function benchPostgresMillion() {
  const t = await createTestDatabase();
  try {
    const base = 25_000;
    await loadDemoCity(t.handle, {
      households: base,
      seed: 2025,
      regionCode: t.config.regionCode,
      truthDir: null,
    });
    const db = t.handle.db;
    const clone = await timed(() => cloneHouseholds(db, 1_000_000 / base - 1));
    const first = await timed(() => rescoreHouseholds(db, { asOf: AS_OF }));
    const same = await timed(() => rescoreHouseholds(db, { asOf: AS_OF }));
    const newVersion = await activateShiftedVersion(db, 0.1);
    // With PostgreSQL the database works in its own processes: cpuSeconds count this process only.
    return {
      database: 'postgres',
      ...(await countsOf(db)),
      cloneSeconds: clone.seconds,
      firstScoring: {
        seconds: first.seconds,
        nodeCpuSeconds: first.cpuSeconds,
        jsMs: first.result.computeMs,
      },
      rescoreAllSameModel: {
        seconds: same.seconds,
        nodeCpuSeconds: same.cpuSeconds,
        jsMs: same.result.computeMs,
      },
      rescoreAllNewVersion: {
        seconds: newVersion.seconds,
        nodeCpuSeconds: newVersion.cpuSeconds,
        jsMs: newVersion.jsMs,
      },
      targetSeconds: 60,
    };
  } finally {
    await t.close();
  }
}

/** The ranking benchmarks, with the load of the machine before and after (it is shared). */
export async function benchScoring() {
  const loadBefore = os.loadavg()[0];
  const pglite = await benchPglite();
  const million =
    process.env.BENCH_SCORING_MILLION === '1' && process.env.DATABASE_URL
      ? await benchPostgresMillion()
      : null;
  return { loadAverageBefore: loadBefore, pglite, million, loadAverageAfter: os.loadavg()[0] };
}
