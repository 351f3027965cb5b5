import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, HouseholdVariablesJson } from '../../platform/db/schema.ts';

export interface BulkHousehold {
  id: number;
  kkNumber: string | null;
  address: string;
  rw: string;
  rt: string;
  villageCode: string;
  districtCode: string;
  lat: number | null;
  lng: number | null;
  dtsenId: string | null;
  variables: HouseholdVariablesJson;
  dictionaryVersion: string;
  officialDesil: number | null;
  officialDesilReleaseId: number | null;
}

export interface BulkPerson {
  id: number;
  householdId: number;
  nik: string | null;
  name: string;
  sex: number | null;
  birthDate: string | null;
  birthPlace: string | null;
  relationship: number | null;
  marital: number | null;
  schooling: number | null;
  education: number | null;
  work: number | null;
  disability: number | null;
  chronicIllness: number | null;
  healthInsurance: number | null;
  status: number;
}

type Db = Kysely<Database> | Transaction<Database>;

/** Reserves `n` consecutive-or-not ids from a table's identity sequence, for rows built before insert. */
export async function reserveIds(db: Db, table: 'household' | 'person', n: number): Promise<number[]> {
  if (n === 0) return [];
  const seq = `${table}_id_seq`;
  const res = await sql<{
    id: number;
  }>`SELECT nextval(${seq}::regclass)::int AS id FROM generate_series(1, ${n})`.execute(db);
  return res.rows.map((r) => r.id);
}

/** Moves an identity sequence past the highest id, after rows were inserted with explicit ids. */
export async function syncSequence(db: Db, table: 'household' | 'person'): Promise<void> {
  await sql`SELECT setval(${`${table}_id_seq`}::regclass, GREATEST((SELECT max(id) FROM ${sql.table(table)}), 1))`.execute(
    db,
  );
}

const CHUNK = 5000;

const BULK_TABLES = ['household', 'person', 'household_official_desil', 'record_provenance'];

/**
 * Drops what makes a bulk load of the registry tables slow and returns the statements that create it
 * again: the indexes that back no constraint (search, trigram, foreign-key lookups), built once at the
 * end instead of row by row, and the foreign keys, checked once by a join when they are added back
 * instead of by a lookup per inserted row (in PGlite the per-row checks were half the cost of an
 * insert). This is PostgreSQL's own advice for populating a database. Inside the loading transaction,
 * so a failure or a kill restores everything; the tables stay locked until it ends.
 */
export async function dropForBulkLoad(trx: Transaction<Database>): Promise<string[]> {
  const indexes = await sql<{ name: string; definition: string }>`
    SELECT quote_ident(i.schemaname) || '.' || quote_ident(i.indexname) AS name, i.indexdef AS definition
    FROM pg_indexes i
    WHERE i.schemaname = current_schema() AND i.tablename = ANY(${BULK_TABLES}::text[])
      AND NOT EXISTS (
        SELECT 1 FROM pg_constraint c
        WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`.execute(
    trx,
  );
  const foreignKeys = await sql<{ drop: string; add: string }>`
    SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS drop,
      format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) AS add
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
    WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace
      AND t.relname = ANY(${BULK_TABLES}::text[])
    ORDER BY c.conname`.execute(trx);
  for (const index of indexes.rows) await sql.raw(`DROP INDEX ${index.name}`).execute(trx);
  for (const fk of foreignKeys.rows) await sql.raw(fk.drop).execute(trx);
  // Indexes first: the foreign keys' checks then run against complete tables.
  return [...indexes.rows.map((r) => r.definition), ...foreignKeys.rows.map((r) => r.add)];
}

/** Creates again what dropForBulkLoad dropped (indexes, then foreign keys, each checked once). */
export async function restoreAfterBulkLoad(
  trx: Transaction<Database>,
  definitions: readonly string[],
): Promise<void> {
  for (const definition of definitions) await sql.raw(definition).execute(trx);
}

/**
 * Inserts households in chunks through `unnest` of typed arrays: one statement per 5,000 rows, the
 * same SQL on PGlite and PostgreSQL, several times faster than row-by-row inserts.
 */
export async function bulkInsertHouseholds(db: Db, rows: readonly BulkHousehold[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const c = rows.slice(i, i + CHUNK);
    await sql`
      INSERT INTO household (id, kk_number, address, rw, rt, village_code, district_code, lat, lng, dtsen_id,
        variables, dictionary_version, official_desil, official_desil_release_id)
      SELECT id, kk, address, rw, rt, village, district, lat, lng, dtsen, vars::jsonb, dict, desil, rel
      FROM unnest(${c.map((r) => r.id)}::int[], ${c.map((r) => r.kkNumber)}::text[], ${c.map((r) => r.address)}::text[],
        ${c.map((r) => r.rw)}::text[], ${c.map((r) => r.rt)}::text[], ${c.map((r) => r.villageCode)}::text[],
        ${c.map((r) => r.districtCode)}::text[], ${c.map((r) => r.lat)}::float8[], ${c.map((r) => r.lng)}::float8[],
        ${c.map((r) => r.dtsenId)}::text[], ${c.map((r) => JSON.stringify(r.variables))}::text[],
        ${c.map((r) => r.dictionaryVersion)}::text[], ${c.map((r) => r.officialDesil)}::int[],
        ${c.map((r) => r.officialDesilReleaseId)}::int[])
        AS t(id, kk, address, rw, rt, village, district, lat, lng, dtsen, vars, dict, desil, rel)`.execute(
      db,
    );
    const withDesil = c.filter((r) => r.officialDesil !== null && r.officialDesilReleaseId !== null);
    if (withDesil.length > 0)
      await sql`
        INSERT INTO household_official_desil (household_id, release_id, desil)
        SELECT * FROM unnest(${withDesil.map((r) => r.id)}::int[], ${withDesil.map((r) => r.officialDesilReleaseId)}::int[],
          ${withDesil.map((r) => r.officialDesil)}::int[])`.execute(db);
  }
}

/** Inserts persons in chunks through `unnest` (see bulkInsertHouseholds). */
export async function bulkInsertPersons(db: Db, rows: readonly BulkPerson[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const c = rows.slice(i, i + CHUNK);
    await sql`
      INSERT INTO person (id, household_id, nik, name, sex, birth_date, birth_place, relationship, marital, schooling,
        education, work, disability, chronic_illness, health_insurance, status)
      SELECT * FROM unnest(${c.map((r) => r.id)}::int[], ${c.map((r) => r.householdId)}::int[], ${c.map((r) => r.nik)}::text[],
        ${c.map((r) => r.name)}::text[], ${c.map((r) => r.sex)}::int[], ${c.map((r) => r.birthDate)}::date[],
        ${c.map((r) => r.birthPlace)}::text[], ${c.map((r) => r.relationship)}::int[], ${c.map((r) => r.marital)}::int[],
        ${c.map((r) => r.schooling)}::int[], ${c.map((r) => r.education)}::int[], ${c.map((r) => r.work)}::int[],
        ${c.map((r) => r.disability)}::int[], ${c.map((r) => r.chronicIllness)}::int[],
        ${c.map((r) => r.healthInsurance)}::int[], ${c.map((r) => r.status)}::int[])`.execute(db);
  }
}
