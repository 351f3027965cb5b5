/**
 * The commit of a staged batch into the registry, as set-based SQL inside the caller's transaction:
 * the staged rows never travel back through Node, so a million persons commit in one pass of a few
 * statements on PostgreSQL and PGlite alike. Every statement runs on `trx`.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { Actor } from '../audit/index.ts';
import { dropForBulkLoad, restoreAfterBulkLoad } from '../registry/registry.bulk.ts';

type Trx = Transaction<Database>;

export interface CommitParams {
  batchId: number;
  releaseId: number;
  releaseDate: string;
  releaseLabel: string;
  fileName: string;
  sheet: string | null;
  dictionaryVersion: string;
  actor: Actor;
}

export interface KemensosCommitCounts {
  householdsCreated: number;
  householdsUpdated: number;
  householdsUnchanged: number;
  personsCreated: number;
  personsUpdated: number;
  personsUnchanged: number;
  desilRecorded: number;
}

export interface BeneficiaryCommitCounts {
  entries: number;
  linked: number;
}

async function count(trx: Trx, query: ReturnType<typeof sql>): Promise<number> {
  const res = await sql<{ n: number }>`SELECT (${query})::int AS n`.execute(trx);
  return res.rows[0]?.n ?? 0;
}

/**
 * Upserts the staged families and persons of a Kemensos/DTSEN file:
 * - a family matches the active household with the same KK number (lowest id if several), else a
 *   new household is created with an id reserved from its sequence;
 * - a person matches, within that household, the person with the same NIK, else one with the same
 *   name and birth date whose NIK is empty; otherwise a new person is created;
 * - values present in the file replace registry values; blank cells keep them;
 * - each release's official desil is kept in household_official_desil, and household.official_desil
 *   follows the newest release;
 * - provenance rows tie every household and person to the file, sheet, row and release;
 * - one audit row per changed household (before/after of its fields, members added or changed),
 *   inserted with INSERT … SELECT; created households are covered by the batch's summary audit row
 *   and their provenance rows.
 */
export async function commitKemensos(
  trx: Trx,
  p: CommitParams,
  step: (phase: string) => void | Promise<void>,
): Promise<KemensosCommitCounts> {
  const { batchId, releaseId, releaseDate } = p;

  await step('households');
  // Families with their household: the active one with the same KK, else a new id from the sequence
  // (COALESCE calls nextval only for families without a match).
  await sql`
    CREATE TEMP TABLE imp_fam ON COMMIT DROP AS
    SELECT s.*, COALESCE(m.id, nextval(pg_get_serial_sequence('household', 'id')))::int AS household_id,
      m.id IS NULL AS is_new
    FROM (
      SELECT DISTINCT ON (r.kk_number)
        r.kk_number AS kk, r.row_number AS first_row, r.h_address AS address, r.h_rt AS rt, r.h_rw AS rw,
        r.h_village_code AS village_code, r.h_district_code AS district_code, r.h_desil AS desil,
        r.h_dtsen_id AS dtsen_id, COALESCE(jsonb_strip_nulls(r.h_variables::jsonb), '{}'::jsonb) AS variables
      FROM import_row r
      WHERE r.batch_id = ${batchId} AND NOT r.rejected AND r.kk_number IS NOT NULL AND r.h_present
      ORDER BY r.kk_number, r.row_number) s
    LEFT JOIN (
      SELECT DISTINCT ON (h.kk_number) h.id, h.kk_number
      FROM household h
      WHERE h.status = 1 AND h.kk_number IS NOT NULL
      ORDER BY h.kk_number, h.id) m ON m.kk_number = s.kk`.execute(trx);
  await sql`CREATE INDEX ON imp_fam (kk)`.execute(trx);
  await sql`CREATE INDEX ON imp_fam (household_id)`.execute(trx);
  const householdsExisting = await count(trx, sql`SELECT count(*) FROM imp_fam WHERE NOT is_new`);
  const householdsNew = await count(trx, sql`SELECT count(*) FROM imp_fam WHERE is_new`);
  // A first load (or one that more than doubles the registry) inserts faster without the secondary
  // indexes and foreign keys, rebuilt and checked in one pass at the end of the same transaction.
  const registered = await count(trx, sql`SELECT count(*) FROM household`);
  const dropped = householdsNew >= 5000 && householdsNew >= registered ? await dropForBulkLoad(trx) : [];

  // Changes of existing households: values from the file replace, blanks keep; official desil
  // follows the newest release only.
  await sql`
    CREATE TEMP TABLE imp_hchg ON COMMIT DROP AS
    SELECT x.id, x.new_fields, x.new_vars, x.desil_newest, b.before, a.after, vb.before AS vbefore, va.after AS vafter
    FROM (
      SELECT h.id,
        jsonb_build_object('address', h.address, 'rt', h.rt, 'rw', h.rw, 'village_code', h.village_code,
          'district_code', h.district_code, 'dtsen_id', h.dtsen_id, 'official_desil', h.official_desil) AS old_fields,
        jsonb_build_object('address', COALESCE(f.address, h.address), 'rt', COALESCE(f.rt, h.rt),
          'rw', COALESCE(f.rw, h.rw), 'village_code', COALESCE(f.village_code, h.village_code),
          'district_code', COALESCE(f.district_code, h.district_code), 'dtsen_id', COALESCE(f.dtsen_id, h.dtsen_id),
          'official_desil', CASE WHEN f.desil IS NOT NULL AND (r.release_date IS NULL OR r.release_date <= ${releaseDate}::date)
            THEN f.desil ELSE h.official_desil END) AS new_fields,
        h.variables AS old_vars,
        h.variables || f.variables AS new_vars,
        (f.desil IS NOT NULL AND (r.release_date IS NULL OR r.release_date <= ${releaseDate}::date)) AS desil_newest
      FROM imp_fam f
      JOIN household h ON h.id = f.household_id
      LEFT JOIN source_release r ON r.id = h.official_desil_release_id
      WHERE NOT f.is_new) x
    CROSS JOIN LATERAL (SELECT jsonb_object_agg(o.key, o.value) AS before FROM jsonb_each(x.old_fields) o
      WHERE o.value IS DISTINCT FROM x.new_fields->o.key) b
    CROSS JOIN LATERAL (SELECT jsonb_object_agg(n.key, n.value) AS after FROM jsonb_each(x.new_fields) n
      WHERE n.value IS DISTINCT FROM x.old_fields->n.key) a
    CROSS JOIN LATERAL (SELECT jsonb_object_agg(n.key, COALESCE(x.old_vars->n.key, 'null'::jsonb)) AS before
      FROM jsonb_each(x.new_vars) n WHERE n.value IS DISTINCT FROM x.old_vars->n.key) vb
    CROSS JOIN LATERAL (SELECT jsonb_object_agg(n.key, n.value) AS after
      FROM jsonb_each(x.new_vars) n WHERE n.value IS DISTINCT FROM x.old_vars->n.key) va`.execute(trx);

  await sql`
    UPDATE household h SET
      address = c.new_fields->>'address',
      rt = c.new_fields->>'rt',
      rw = c.new_fields->>'rw',
      village_code = c.new_fields->>'village_code',
      district_code = c.new_fields->>'district_code',
      dtsen_id = c.new_fields->>'dtsen_id',
      official_desil = (c.new_fields->>'official_desil')::smallint,
      official_desil_release_id = CASE WHEN c.desil_newest THEN ${releaseId}::int ELSE h.official_desil_release_id END,
      variables = c.new_vars,
      version = h.version + CASE WHEN c.after IS NOT NULL OR c.vafter IS NOT NULL THEN 1 ELSE 0 END,
      updated_at = CASE WHEN c.after IS NOT NULL OR c.vafter IS NOT NULL THEN now() ELSE h.updated_at END
    FROM imp_hchg c
    WHERE h.id = c.id AND (c.after IS NOT NULL OR c.vafter IS NOT NULL OR c.desil_newest)`.execute(trx);

  await sql`
    INSERT INTO household (id, kk_number, address, rw, rt, village_code, district_code, dtsen_id, variables,
      dictionary_version, official_desil, official_desil_release_id)
    SELECT household_id, kk, COALESCE(address, ''), COALESCE(rw, ''), COALESCE(rt, ''), village_code, district_code,
      dtsen_id, variables, ${p.dictionaryVersion}, desil, CASE WHEN desil IS NULL THEN NULL ELSE ${releaseId}::int END
    FROM imp_fam WHERE is_new`.execute(trx);

  await sql`
    INSERT INTO household_official_desil (household_id, release_id, desil)
    SELECT household_id, ${releaseId}::int, desil FROM imp_fam WHERE desil IS NOT NULL
    ON CONFLICT DO NOTHING`.execute(trx);

  await step('persons');
  // Persons of new households are new: their ids are drawn at once; the others are matched below.
  await sql`
    CREATE TEMP TABLE imp_per ON COMMIT DROP AS
    SELECT r.row_number, f.household_id, f.is_new AS new_household, r.nik, upper(r.p_name) AS name,
      r.p_sex AS sex, r.p_birth_date AS birth_date, r.p_birth_place AS birth_place, r.p_relationship AS relationship,
      r.p_marital AS marital, r.p_schooling AS schooling, r.p_education AS education, r.p_work AS work,
      r.p_disability AS disability, r.p_chronic_illness AS chronic_illness, r.p_health_insurance AS health_insurance,
      CASE WHEN f.is_new THEN nextval(pg_get_serial_sequence('person', 'id'))::int END AS person_id,
      f.is_new AS is_new
    FROM import_row r
    JOIN imp_fam f ON f.kk = r.kk_number
    WHERE r.batch_id = ${batchId} AND NOT r.rejected AND r.p_name IS NOT NULL`.execute(trx);

  if (householdsExisting > 0) {
    await sql`CREATE INDEX ON imp_per (row_number)`.execute(trx);
    await sql`CREATE INDEX ON imp_per (household_id)`.execute(trx);
    await sql`CREATE INDEX ON imp_per (person_id)`.execute(trx);
    await sql`ANALYZE imp_per`.execute(trx);
    // Matching within existing households: by NIK, then NIK-less rows by name and birth date, then
    // rows with a NIK to registry persons still without one (the NIK is completed). Ranks pair the
    // n-th staged row with the n-th registry person of the same key, so duplicates pair one to one.
    const existing = sql`(SELECT household_id FROM imp_fam WHERE NOT is_new)`;
    await sql`
      WITH s AS (
        SELECT row_number, household_id, nik,
          row_number() OVER (PARTITION BY household_id, nik ORDER BY row_number) AS rk
        FROM imp_per WHERE NOT new_household AND nik IS NOT NULL),
      e AS (
        SELECT id, household_id, nik, row_number() OVER (PARTITION BY household_id, nik ORDER BY id) AS rk
        FROM person WHERE household_id IN ${existing} AND nik IS NOT NULL AND status <> 4)
      UPDATE imp_per ip SET person_id = e.id
      FROM s JOIN e ON e.household_id = s.household_id AND e.nik = s.nik AND e.rk = s.rk
      WHERE ip.row_number = s.row_number`.execute(trx);
    for (const stagedWithNik of [false, true]) {
      await sql`
        WITH s AS (
          SELECT row_number, household_id, name, birth_date,
            row_number() OVER (PARTITION BY household_id, name, birth_date ORDER BY row_number) AS rk
          FROM imp_per
          WHERE NOT new_household AND person_id IS NULL AND (nik IS NOT NULL) = ${stagedWithNik}),
        e AS (
          SELECT p.id, p.household_id, upper(p.name) AS name, p.birth_date,
            row_number() OVER (PARTITION BY p.household_id, upper(p.name), p.birth_date ORDER BY p.id) AS rk
          FROM person p
          WHERE p.household_id IN ${existing} AND p.nik IS NULL AND p.status <> 4
            AND NOT EXISTS (SELECT 1 FROM imp_per x WHERE x.person_id = p.id))
        UPDATE imp_per ip SET person_id = e.id
        FROM s JOIN e ON e.household_id = s.household_id AND e.name = s.name
          AND e.birth_date IS NOT DISTINCT FROM s.birth_date AND e.rk = s.rk
        WHERE ip.row_number = s.row_number`.execute(trx);
    }
    await sql`
      UPDATE imp_per SET person_id = nextval(pg_get_serial_sequence('person', 'id')), is_new = true
      WHERE person_id IS NULL`.execute(trx);
  }

  await sql`
    CREATE TEMP TABLE imp_pchg ON COMMIT DROP AS
    SELECT x.id, x.household_id, x.new_fields, b.before, a.after
    FROM (
      SELECT p.id, p.household_id,
        jsonb_build_object('nik', p.nik, 'name', p.name, 'sex', p.sex, 'birth_date', p.birth_date,
          'birth_place', p.birth_place, 'relationship', p.relationship, 'marital', p.marital,
          'schooling', p.schooling, 'education', p.education, 'work', p.work, 'disability', p.disability,
          'chronic_illness', p.chronic_illness, 'health_insurance', p.health_insurance) AS old_fields,
        jsonb_build_object('nik', COALESCE(s.nik, p.nik), 'name', s.name, 'sex', COALESCE(s.sex, p.sex),
          'birth_date', COALESCE(s.birth_date, p.birth_date), 'birth_place', COALESCE(s.birth_place, p.birth_place),
          'relationship', COALESCE(s.relationship, p.relationship), 'marital', COALESCE(s.marital, p.marital),
          'schooling', COALESCE(s.schooling, p.schooling), 'education', COALESCE(s.education, p.education),
          'work', COALESCE(s.work, p.work), 'disability', COALESCE(s.disability, p.disability),
          'chronic_illness', COALESCE(s.chronic_illness, p.chronic_illness),
          'health_insurance', COALESCE(s.health_insurance, p.health_insurance)) AS new_fields
      FROM imp_per s JOIN person p ON p.id = s.person_id
      WHERE NOT s.is_new) x
    CROSS JOIN LATERAL (SELECT jsonb_object_agg(o.key, o.value) AS before FROM jsonb_each(x.old_fields) o
      WHERE o.value IS DISTINCT FROM x.new_fields->o.key) b
    CROSS JOIN LATERAL (SELECT jsonb_object_agg(n.key, n.value) AS after FROM jsonb_each(x.new_fields) n
      WHERE n.value IS DISTINCT FROM x.old_fields->n.key) a
    WHERE a.after IS NOT NULL`.execute(trx);

  await sql`
    UPDATE person p SET
      nik = c.new_fields->>'nik',
      name = c.new_fields->>'name',
      sex = (c.new_fields->>'sex')::smallint,
      birth_date = (c.new_fields->>'birth_date')::date,
      birth_place = c.new_fields->>'birth_place',
      relationship = (c.new_fields->>'relationship')::smallint,
      marital = (c.new_fields->>'marital')::smallint,
      schooling = (c.new_fields->>'schooling')::smallint,
      education = (c.new_fields->>'education')::smallint,
      work = (c.new_fields->>'work')::smallint,
      disability = (c.new_fields->>'disability')::smallint,
      chronic_illness = (c.new_fields->>'chronic_illness')::smallint,
      health_insurance = (c.new_fields->>'health_insurance')::smallint,
      version = p.version + 1,
      updated_at = now()
    FROM imp_pchg c WHERE p.id = c.id`.execute(trx);

  await sql`
    INSERT INTO person (id, household_id, nik, name, sex, birth_date, birth_place, relationship, marital, schooling,
      education, work, disability, chronic_illness, health_insurance)
    SELECT person_id, household_id, nik, name, sex, birth_date, birth_place, relationship, marital, schooling,
      education, work, disability, chronic_illness, health_insurance
    FROM imp_per WHERE is_new`.execute(trx);

  await step('provenance');
  await sql`
    INSERT INTO record_provenance (entity_type, entity_id, release_id, file_name, sheet, row_number)
    SELECT 'household', household_id, ${releaseId}::int, ${p.fileName}::text, ${p.sheet}::text, first_row FROM imp_fam
    UNION ALL
    SELECT 'person', person_id, ${releaseId}::int, ${p.fileName}::text, ${p.sheet}::text, row_number FROM imp_per`.execute(
    trx,
  );

  await restoreAfterBulkLoad(trx, dropped);

  await step('audit');
  const actorId = p.actor.id;
  const actorName = p.actor.name;
  const ip = p.actor.ip ?? null;
  await sql`
    WITH pm AS (
      SELECT household_id, jsonb_object_agg(id::text, before) AS before, jsonb_object_agg(id::text, after) AS after
      FROM imp_pchg GROUP BY household_id),
    added AS (
      SELECT household_id, jsonb_agg(jsonb_build_object('id', person_id, 'nik', nik, 'name', name) ORDER BY row_number) AS list
      FROM imp_per WHERE is_new AND NOT new_household GROUP BY household_id),
    changed AS (
      SELECT f.household_id, c.before, c.after, c.vbefore, c.vafter, pm.before AS mbefore, pm.after AS mafter,
        added.list AS added
      FROM imp_fam f
      LEFT JOIN imp_hchg c ON c.id = f.household_id
      LEFT JOIN pm ON pm.household_id = f.household_id
      LEFT JOIN added ON added.household_id = f.household_id
      WHERE NOT f.is_new
        AND (c.after IS NOT NULL OR c.vafter IS NOT NULL OR pm.household_id IS NOT NULL OR added.household_id IS NOT NULL))
    INSERT INTO audit_log (actor_id, actor_name, action, target_type, target_id, household_id, before, after, reason, ip)
    SELECT ${actorId}::int, ${actorName}::text, 'import.household.update', 'household', household_id::text, household_id,
      COALESCE(before, '{}'::jsonb)
        || CASE WHEN vbefore IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('variables', vbefore) END
        || CASE WHEN mbefore IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('members', mbefore) END,
      COALESCE(after, '{}'::jsonb)
        || CASE WHEN vafter IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('variables', vafter) END
        || CASE WHEN mafter IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('members', mafter) END
        || CASE WHEN added IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('membersAdded', added) END
        || jsonb_build_object('release_id', ${releaseId}::int, 'import_batch', ${batchId}::int),
      ${p.releaseLabel}::text, ${ip}::text
    FROM changed`.execute(trx);

  // Existing households the file changed: fields, variables, members changed or added. Set-based
  // unions, not one correlated EXISTS per family (the temporary tables have no statistics).
  await sql`
    CREATE TEMP TABLE imp_changed ON COMMIT DROP AS
    SELECT id AS household_id FROM imp_hchg WHERE after IS NOT NULL OR vafter IS NOT NULL
    UNION SELECT household_id FROM imp_pchg
    UNION SELECT household_id FROM imp_per WHERE is_new AND NOT new_household`.execute(trx);
  const householdsCreated = await count(trx, sql`SELECT count(*) FROM imp_fam WHERE is_new`);
  const householdsUpdated = await count(trx, sql`SELECT count(*) FROM imp_changed`);
  const personsCreated = await count(trx, sql`SELECT count(*) FROM imp_per WHERE is_new`);
  const personsExisting = await count(trx, sql`SELECT count(*) FROM imp_per WHERE NOT is_new`);
  const personsUpdated = await count(trx, sql`SELECT count(*) FROM imp_pchg`);
  const desilRecorded = await count(trx, sql`SELECT count(*) FROM imp_fam WHERE desil IS NOT NULL`);
  return {
    householdsCreated,
    householdsUpdated,
    householdsUnchanged: householdsExisting - householdsUpdated,
    personsCreated,
    personsUpdated,
    personsUnchanged: personsExisting - personsUpdated,
    desilRecorded,
  };
}

/** Inserts the staged entries of a beneficiary list, each linked to the active person with its NIK. */
export async function commitBeneficiaries(trx: Trx, p: CommitParams): Promise<BeneficiaryCommitCounts> {
  await sql`
    INSERT INTO programme_beneficiary (programme, period, person_id, nik, name, kk_number, address, village_code,
      amount, release_id, row_number)
    SELECT b.programme, b.period, m.id, b.nik, upper(b.name), b."kkNumber", b.address, b."villageCode", b.amount,
      ${p.releaseId}::int, r.row_number
    FROM import_row r
    CROSS JOIN LATERAL json_to_record(r.record->'b') AS b(programme text, period text, nik text, name text,
      "kkNumber" text, address text, "villageCode" text, amount numeric)
    LEFT JOIN LATERAL (
      SELECT p.id FROM person p JOIN household h ON h.id = p.household_id
      WHERE p.nik = b.nik AND p.status = 1 AND h.status = 1 ORDER BY p.id LIMIT 1) m ON true
    WHERE r.batch_id = ${p.batchId} AND NOT r.rejected AND r.record->'b' IS NOT NULL`.execute(trx);
  const res = await sql<{ entries: number; linked: number }>`
    SELECT count(*)::int AS entries, count(person_id)::int AS linked
    FROM programme_beneficiary WHERE release_id = ${p.releaseId}`.execute(trx);
  return { entries: res.rows[0]?.entries ?? 0, linked: res.rows[0]?.linked ?? 0 };
}

/**
 * The households the Kemensos commit just created or changed (fields, variables, official desil,
 * members changed or added), read from its temporary tables: the ones to rescore and deduplicate
 * afterwards. Call inside the commit transaction, after commitKemensos.
 */
export async function committedHouseholdIds(trx: Trx): Promise<number[]> {
  const res = await sql<{ id: number }>`
    SELECT household_id AS id FROM imp_fam WHERE is_new
    UNION SELECT household_id FROM imp_changed
    ORDER BY 1`.execute(trx);
  return res.rows.map((r) => r.id);
}

/** Whether the registry holds no active household (before a commit: a first load). */
export async function registryIsEmpty(trx: Trx): Promise<boolean> {
  const res = await sql<{ empty: boolean }>`
    SELECT NOT EXISTS (SELECT 1 FROM household WHERE status = 1) AS empty`.execute(trx);
  return res.rows[0]?.empty ?? true;
}
