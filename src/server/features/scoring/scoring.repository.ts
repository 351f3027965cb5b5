/** All SQL of ranking: model and rule-set versions, scoring runs, bulk score writes, scoped views. */
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { householdInScope, type Scope } from '../access/scope.ts';
import { SCORED_VARIABLES, sourceFacts, storedInputsText, type ScoringSourceRow } from './scoring.inputs.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A versioned configuration: a PMT model or a criteria rule set. */
export type VersionedKind = 'pmt' | 'criteria';

const TABLES = {
  pmt: { table: 'pmt_model', key: 'model_key' },
  criteria: { table: 'criteria_rule_set', key: 'rule_set_key' },
} as const;

export interface VersionRow {
  id: number;
  key: string;
  version: number;
  body: unknown;
  active: boolean;
  note: string | null;
  created_at: Date;
  created_by_name: string | null;
}

function versionSelect(kind: VersionedKind) {
  const t = TABLES[kind];
  return sql`
    SELECT v.id, v.${sql.ref(t.key)} AS key, v.version, v.body, v.active, v.note, v.created_at, u.full_name AS created_by_name
    FROM ${sql.table(t.table)} v LEFT JOIN app_user u ON u.id = v.created_by`;
}

/** Every version of one kind, newest first within a key. */
export async function listVersions(db: Db, kind: VersionedKind): Promise<VersionRow[]> {
  const res = await sql<VersionRow>`${versionSelect(kind)} ORDER BY v.active DESC, 2, v.version DESC`.execute(
    db,
  );
  return res.rows;
}

/** One version by id. */
export async function findVersion(db: Db, kind: VersionedKind, id: number): Promise<VersionRow | undefined> {
  const res = await sql<VersionRow>`${versionSelect(kind)} WHERE v.id = ${id}`.execute(db);
  return res.rows[0];
}

/** The active version of a kind, if any. */
export async function findActiveVersion(db: Db, kind: VersionedKind): Promise<VersionRow | undefined> {
  const res = await sql<VersionRow>`${versionSelect(kind)} WHERE v.active`.execute(db);
  return res.rows[0];
}

/** The latest version with a key. */
export async function findLatestVersion(
  db: Db,
  kind: VersionedKind,
  key: string,
): Promise<VersionRow | undefined> {
  const res = await sql<VersionRow>`${versionSelect(kind)} WHERE v.${sql.ref(TABLES[kind].key)} = ${key}
    ORDER BY v.version DESC LIMIT 1`.execute(db);
  return res.rows[0];
}

/** The highest version number used with a key (0 when none). */
export async function maxVersion(db: Db, kind: VersionedKind, key: string): Promise<number> {
  const t = TABLES[kind];
  const res = await sql<{ n: number | null }>`
    SELECT max(version)::int AS n FROM ${sql.table(t.table)} WHERE ${sql.ref(t.key)} = ${key}`.execute(db);
  return res.rows[0]?.n ?? 0;
}

/** Whether a key/version pair is stored. */
export async function versionExists(
  db: Db,
  kind: VersionedKind,
  key: string,
  version: number,
): Promise<boolean> {
  const t = TABLES[kind];
  const res = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM ${sql.table(t.table)} WHERE ${sql.ref(t.key)} = ${key} AND version = ${version}`.execute(
    db,
  );
  return (res.rows[0]?.n ?? 0) > 0;
}

/** Stores a new version (inactive) and returns its id. */
export async function insertVersion(
  db: Db,
  kind: VersionedKind,
  v: { key: string; version: number; body: unknown; note: string | null; createdBy: number | null },
): Promise<number> {
  const t = TABLES[kind];
  const res = await sql<{ id: number }>`
    INSERT INTO ${sql.table(t.table)} (${sql.ref(t.key)}, version, body, note, created_by)
    VALUES (${v.key}, ${v.version}, ${JSON.stringify(v.body)}::jsonb, ${v.note}, ${v.createdBy})
    RETURNING id`.execute(db);
  const id = res.rows[0]?.id;
  if (id === undefined) throw new Error(`insert into ${t.table} returned no id`);
  return id;
}

/** Makes one version the active one of its kind (the unique index allows one). */
export async function setActiveVersion(db: Db, kind: VersionedKind, id: number): Promise<void> {
  const t = TABLES[kind];
  await sql`UPDATE ${sql.table(t.table)} SET active = false WHERE active AND id <> ${id}`.execute(db);
  await sql`UPDATE ${sql.table(t.table)} SET active = true WHERE id = ${id}`.execute(db);
}

/**
 * Serialises scoring runs across connections and processes (server and command line on PostgreSQL),
 * and turns JIT compilation off for the run: the chunk queries are short, and PostgreSQL compiling
 * them anew each time cost about 0.1 s per chunk.
 */
export async function lockScoring(db: Transaction<Database>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('tepat.scoring'))`.execute(db);
  await sql`SET LOCAL jit = off`.execute(db);
}

export interface RunRow {
  id: number;
  model_id: number;
  rule_set_id: number | null;
  kind: 'all' | 'subset';
  mode: 'national' | 'regional';
  thresholds: number[];
  as_of: string;
  households: number;
  actor_name: string;
  started_at: Date;
  finished_at: Date | null;
  duration_ms: number | null;
}

/** Opens a scoring run and returns its id. */
export async function insertRun(
  db: Db,
  r: {
    modelId: number;
    ruleSetId: number | null;
    kind: 'all' | 'subset';
    mode: 'national' | 'regional';
    thresholds: readonly number[];
    asOf: string;
    actorName: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('scoring_run')
    .values({
      model_id: r.modelId,
      rule_set_id: r.ruleSetId,
      kind: r.kind,
      mode: r.mode,
      thresholds: [...r.thresholds],
      as_of: r.asOf,
      actor_name: r.actorName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Closes a run with what it did; regional thresholds are known only at the end of a full pass. */
export async function finishRun(
  db: Db,
  id: number,
  r: { households: number; durationMs: number; thresholds: readonly number[] },
): Promise<void> {
  await db
    .updateTable('scoring_run')
    .set({
      households: r.households,
      duration_ms: r.durationMs,
      finished_at: new Date(),
      thresholds: [...r.thresholds],
    })
    .where('id', '=', id)
    .execute();
}

/** The latest finished full run of a model (for its regional thresholds). */
export async function findLastFullRun(db: Db, modelId: number): Promise<RunRow | undefined> {
  return db
    .selectFrom('scoring_run')
    .selectAll()
    .where('model_id', '=', modelId)
    .where('kind', '=', 'all')
    .where('finished_at', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A run by id. */
export async function findRun(db: Db, id: number): Promise<RunRow | undefined> {
  return db.selectFrom('scoring_run').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A row of the chunk read: a household's own columns, its scored variables as one JSON text. */
interface HouseholdFactsRow {
  id: number;
  official_desil: number | null;
  village_code: string;
  district_code: string;
  variables: string;
}

/**
 * The household's SCORED_VARIABLES values as a JSON array in that order (null when absent), built by
 * the database as the text JSON.stringify gives for the same values (scoring.inputs.ts,
 * variablesTextOf): a short text instead of the whole variables object parsed for every household.
 */
const VARIABLES_ARRAY = sql.raw(
  `'[' || ${SCORED_VARIABLES.map((key) => {
    if (!/^[a-z0-9_]+$/.test(key)) throw new Error(`unexpected variable key ${key}`);
    return `coalesce((variables->'${key}')::text, 'null')`;
  }).join(` || ',' || `)} || ']'`,
);

/**
 * An active member's scored fields as a JSON array (STORED_MEMBER_FIELDS order), built by the database
 * as exactly the text JSON.stringify gives for the same values: numbers and null as they print, the
 * birth date as a quoted `YYYY-MM-DD`. The members of a household are aggregated into one JSON text, so
 * the scoring thread reads one string per household instead of a row object per person, and hashes it
 * as it is (scoring.inputs.ts, factsHash).
 */
const MEMBER_ARRAY = sql.raw(
  `'[' || coalesce(sex::text, 'null') || ',' || coalesce('"' || to_char(birth_date, 'YYYY-MM-DD') || '"', 'null')` +
    ['relationship', 'education', 'work', 'schooling', 'disability', 'chronic_illness', 'health_insurance']
      .map((c) => ` || ',' || coalesce(${c}::text, 'null')`)
      .join('') +
    ` || ']'`,
);

/** The households a run scores: their number, and the lowest and highest id (undefined when none). */
export interface ScorableHouseholds {
  count: number;
  range: { min: number; max: number } | undefined;
}

/** Active households to score: all (one scan for the count and the id range), or those among `ids`. */
export async function findScorable(db: Db, ids?: readonly number[]): Promise<ScorableHouseholds> {
  const only = ids ? sql`AND id = ANY(${[...ids]}::int[])` : sql``;
  const res = await sql<{ n: number; min: number | null; max: number | null }>`
    SELECT count(*)::int AS n, min(id) AS min, max(id) AS max FROM household WHERE status = 1 ${only}`.execute(
    db,
  );
  const r = res.rows[0];
  return {
    count: r?.n ?? 0,
    range: r && r.min !== null && r.max !== null ? { min: r.min, max: r.max } : undefined,
  };
}

/** A chunk of households to score: an id range (bounds included) or a list of ids. */
export type ChunkScope = { fromId: number; toId: number } | { ids: readonly number[] };

/**
 * The active households of a chunk: their facts in compact form, the hash of those facts, and
 * whether household_input already holds them. With `stored`, also what is stored for them under that
 * model and rule set, so that unchanged rows need no write. The five reads are sent together.
 *
 * Range reads put together here: the members aggregated per household into one JSON text by a
 * GROUP BY over a range (a row object per person cost the scoring thread more than the scoring), the
 * scored variables as one short JSON text, the facts hashed in this thread. Not one query with a
 * subquery per household, jsonb building and md5: in PGlite (WebAssembly) that cost six times the CPU.
 */
export async function readScoringChunk(
  db: Db,
  scope: ChunkScope,
  stored?: { modelId: number; ruleSetId: number | null },
): Promise<ScoringSourceRow[]> {
  const range = (column: string) =>
    'ids' in scope
      ? sql`${sql.ref(column)} = ANY(${[...scope.ids]}::int[])`
      : sql`${sql.ref(column)} BETWEEN ${scope.fromId} AND ${scope.toId}`;
  const [households, members, known, scores, criteria] = await Promise.all([
    sql<HouseholdFactsRow>`
      SELECT id, official_desil, village_code, district_code, ${VARIABLES_ARRAY} AS variables FROM household
      WHERE status = 1 AND ${range('id')} ORDER BY id`.execute(db),
    sql<{ household_id: number; members: string }>`
      SELECT household_id, '[' || string_agg(${MEMBER_ARRAY}, ',' ORDER BY id) || ']' AS members
      FROM person WHERE status = 1 AND ${range('household_id')} GROUP BY household_id`.execute(db),
    sql<{ household_id: number; hash: string }>`
      SELECT household_id, hash FROM household_input WHERE ${range('household_id')}`.execute(db),
    stored
      ? sql<{
          household_id: number;
          input_hash: string;
          log_pce: number;
          desil: number;
          official_desil: number | null;
          conflicts: string;
        }>`
          SELECT household_id, input_hash, log_pce, desil, official_desil, array_to_string(conflicts, ',') AS conflicts
          FROM household_score WHERE model_id = ${stored.modelId} AND ${range('household_id')}`.execute(db)
      : undefined,
    stored && stored.ruleSetId !== null
      ? sql<{
          household_id: number;
          input_hash: string;
          category: string;
          fired_rules: unknown;
          official_desil: number | null;
          estimated_desil: number | null;
        }>`
          SELECT household_id, input_hash, category, fired_rules, official_desil, estimated_desil
          FROM household_criteria WHERE rule_set_id = ${stored.ruleSetId} AND ${range('household_id')}`.execute(
          db,
        )
      : undefined,
  ]);
  const membersOf = new Map<number, string>();
  for (const m of members.rows) membersOf.set(m.household_id, m.members);
  // Hashes already stored per household, comma-separated (32 hex digits each; usually one).
  const knownOf = new Map<number, string>();
  for (const r of known.rows) {
    const before = knownOf.get(r.household_id);
    knownOf.set(r.household_id, before === undefined ? r.hash : `${before},${r.hash}`);
  }
  const scoreOf = new Map(scores?.rows.map((r) => [r.household_id, r]));
  const criteriaOf = new Map(criteria?.rows.map((r) => [r.household_id, r]));
  return households.rows.map((h) => {
    const row = sourceFacts(
      {
        id: h.id,
        officialDesil: h.official_desil,
        villageCode: h.village_code,
        districtCode: h.district_code,
        variablesText: h.variables,
      },
      membersOf.get(h.id) ?? '[]',
    );
    const knownHashes = knownOf.get(h.id);
    row.known = knownHashes !== undefined && knownHashes.includes(row.hash);
    const s = scoreOf.get(h.id);
    if (s)
      row.storedScore = {
        inputHash: s.input_hash,
        logPce: s.log_pce,
        desil: s.desil,
        officialDesil: s.official_desil,
        conflicts: s.conflicts,
      };
    const c = criteriaOf.get(h.id);
    if (c)
      row.storedCriteria = {
        inputHash: c.input_hash,
        category: c.category,
        firedRules: Array.isArray(c.fired_rules) ? c.fired_rules.join(',') : '',
        officialDesil: c.official_desil,
        estimatedDesil: c.estimated_desil,
      };
    return row;
  });
}

export interface ScoreWrite {
  householdId: number;
  inputHash: string;
  logPce: number;
  predictedPce: number;
  desil: number;
  officialDesil: number | null;
  /** Conflict codes joined by commas ('' for none). */
  conflicts: string;
}

export interface CriteriaWrite {
  householdId: number;
  inputHash: string;
  category: string;
  /** JSON array of fired rule ids. */
  firedRules: string;
  officialDesil: number | null;
  estimatedDesil: number | null;
}

/** What one chunk of a run writes, and under which model, rule set and run. */
export interface ChunkWrite {
  /** The households read; the inputs of those not yet in household_input are stored. */
  rows: readonly ScoringSourceRow[];
  score: { modelId: number; runId: number; scoredAt: Date; asOf: string; always: boolean };
  scores: readonly ScoreWrite[];
  criteria: { ruleSetId: number; runId: number; evaluatedAt: Date; asOf: string } | null;
  criteriaRows: readonly CriteriaWrite[];
}

/**
 * Writes a chunk in one statement (one data-modifying CTE per table), so the database has the whole
 * write queued rather than three statements each waiting for this thread. Each table gets one JSON text
 * turned into typed columns by json_to_recordset (in PGlite a third cheaper than unnest over array
 * parameters, measured for the import, docs/benchmarks.md).
 *
 * - Inputs: exactly the facts that were read and scored, so a stored score always has the inputs it was
 *   computed from. (A household edited while a run reads it keeps a score of its earlier facts until the
 *   edit's own rescoring; the stored hash shows it as out of date meanwhile.)
 * - Scores and criteria results are upserted; a row whose result, inputs and desils did not change is
 *   left as it is (no new row version to write), unless `score.always` (regional runs: the thresholds
 *   of the run may differ).
 */
export async function writeScoringChunk(db: Db, w: ChunkWrite): Promise<void> {
  const parts: RawBuilder<unknown>[] = [];
  const fresh = w.rows.filter((r) => !r.known);
  if (fresh.length > 0) {
    const payload = `[${fresh
      .map((r) => `{"household_id":${r.id},"hash":"${r.hash}","inputs":${storedInputsText(r)}}`)
      .join(',')}]`;
    parts.push(sql`
      INSERT INTO household_input (household_id, hash, inputs)
      SELECT x.household_id, x.hash, x.inputs
      FROM json_to_recordset(${payload}::json) AS x(household_id int, hash text, inputs json)
      ON CONFLICT DO NOTHING`);
  }
  if (w.scores.length > 0) {
    const o = w.score;
    const unchanged = o.always
      ? sql``
      : sql`WHERE (household_score.input_hash, household_score.log_pce, household_score.desil,
          household_score.official_desil, household_score.conflicts)
        IS DISTINCT FROM (EXCLUDED.input_hash, EXCLUDED.log_pce, EXCLUDED.desil, EXCLUDED.official_desil,
          EXCLUDED.conflicts)`;
    const payload = `[${w.scores
      .map(
        (r) =>
          `{"h":${r.householdId},"x":"${r.inputHash}","l":${r.logPce},"p":${r.predictedPce},"d":${r.desil},` +
          `"o":${r.officialDesil ?? 'null'},"c":${JSON.stringify(r.conflicts)}}`,
      )
      .join(',')}]`;
    parts.push(sql`
      INSERT INTO household_score (household_id, model_id, run_id, scored_at, as_of, input_hash, log_pce,
        predicted_pce, desil, official_desil, conflicts)
      SELECT t.h, ${o.modelId}::int, ${o.runId}::int, ${o.scoredAt}::timestamptz, ${o.asOf}::date, t.x, t.l, t.p,
        t.d, t.o, string_to_array(t.c, ',')
      FROM json_to_recordset(${payload}::json) AS t(h int, x text, l float8, p float8, d int, o int, c text)
      ON CONFLICT (household_id, model_id) DO UPDATE SET
        run_id = EXCLUDED.run_id, scored_at = EXCLUDED.scored_at, as_of = EXCLUDED.as_of,
        input_hash = EXCLUDED.input_hash, log_pce = EXCLUDED.log_pce, predicted_pce = EXCLUDED.predicted_pce,
        desil = EXCLUDED.desil, official_desil = EXCLUDED.official_desil, conflicts = EXCLUDED.conflicts
      ${unchanged}`);
  }
  if (w.criteria && w.criteriaRows.length > 0) {
    const o = w.criteria;
    const payload = `[${w.criteriaRows
      .map(
        (r) =>
          `{"h":${r.householdId},"x":"${r.inputHash}","c":"${r.category}","f":${r.firedRules},` +
          `"o":${r.officialDesil ?? 'null'},"e":${r.estimatedDesil ?? 'null'}}`,
      )
      .join(',')}]`;
    parts.push(sql`
      INSERT INTO household_criteria (household_id, rule_set_id, run_id, evaluated_at, as_of, input_hash, category,
        fired_rules, official_desil, estimated_desil)
      SELECT t.h, ${o.ruleSetId}::int, ${o.runId}::int, ${o.evaluatedAt}::timestamptz, ${o.asOf}::date, t.x, t.c,
        t.f, t.o, t.e
      FROM json_to_recordset(${payload}::json) AS t(h int, x text, c text, f jsonb, o int, e int)
      ON CONFLICT (household_id, rule_set_id) DO UPDATE SET
        run_id = EXCLUDED.run_id, evaluated_at = EXCLUDED.evaluated_at, as_of = EXCLUDED.as_of,
        input_hash = EXCLUDED.input_hash, category = EXCLUDED.category, fired_rules = EXCLUDED.fired_rules,
        official_desil = EXCLUDED.official_desil, estimated_desil = EXCLUDED.estimated_desil
      WHERE (household_criteria.input_hash, household_criteria.category, household_criteria.fired_rules,
          household_criteria.official_desil, household_criteria.estimated_desil)
        IS DISTINCT FROM (EXCLUDED.input_hash, EXCLUDED.category, EXCLUDED.fired_rules, EXCLUDED.official_desil,
          EXCLUDED.estimated_desil)`);
  }
  // The last write is the statement; those before it run as data-modifying CTEs of it.
  const last = parts.pop();
  if (!last) return;
  const ctes = parts.map((part, i) => sql`${sql.raw(`w${i}`)} AS (${part})`);
  await (ctes.length > 0 ? sql`WITH ${sql.join(ctes)} ${last}` : last).execute(db);
}

/**
 * Removes this model's and rule set's rows of households that are no longer active (all of them, or
 * those among `ids`), and returns the households whose rows were removed.
 */
export async function deleteInactive(
  db: Db,
  modelId: number,
  ruleSetId: number | null,
  ids?: readonly number[],
): Promise<number[]> {
  // The inactive households come from household_inactive_idx (migration 0007), not a scan of them all.
  const inactive = ids
    ? sql`SELECT id FROM household WHERE status <> 1 AND id = ANY(${[...ids]}::int[])`
    : sql`SELECT id FROM household WHERE status <> 1`;
  const scores = await sql<{ household_id: number }>`
    DELETE FROM household_score s USING (${inactive}) h
    WHERE s.household_id = h.id AND s.model_id = ${modelId} RETURNING s.household_id`.execute(db);
  const criteria =
    ruleSetId === null
      ? { rows: [] }
      : await sql<{ household_id: number }>`
          DELETE FROM household_criteria c USING (${inactive}) h
          WHERE c.household_id = h.id AND c.rule_set_id = ${ruleSetId} RETURNING c.household_id`.execute(db);
  return [...new Set([...scores.rows, ...criteria.rows].map((r) => r.household_id))];
}

/**
 * Inputs of these households that no stored score or criteria result refers to any more (replaced by
 * newer facts everywhere). A run passes the households whose stored rows it moved to other inputs or
 * removed: only their inputs can have lost their last reference.
 */
export async function deleteUnusedInputs(db: Db, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const res = await sql`
    DELETE FROM household_input hi
    WHERE hi.household_id = ANY(${[...ids]}::int[])
      AND NOT EXISTS (SELECT 1 FROM household_score s WHERE s.household_id = hi.household_id AND s.input_hash = hi.hash)
      AND NOT EXISTS (
        SELECT 1 FROM household_criteria c WHERE c.household_id = hi.household_id AND c.input_hash = hi.hash)`.execute(
    db,
  );
  return Number(res.numAffectedRows ?? 0);
}

/** A household within the scope with its current official desil and release. */
export async function findRankedHousehold(db: Db, scope: Scope, id: number) {
  return db
    .selectFrom('household as h')
    .leftJoin('source_release as r', 'r.id', 'h.official_desil_release_id')
    .select([
      'h.id',
      'h.status',
      'h.official_desil',
      'h.official_desil_release_id',
      'r.label as release_label',
      'r.release_date as release_date',
    ])
    .where('h.id', '=', id)
    .where(householdInScope(scope, 'h'))
    .executeTakeFirst();
}

/** Every official desil a household received, newest release first. */
export function findOfficialDesilHistory(db: Db, householdId: number) {
  return db
    .selectFrom('household_official_desil as o')
    .innerJoin('source_release as r', 'r.id', 'o.release_id')
    .select(['o.release_id', 'r.label', 'r.release_date', 'o.desil'])
    .where('o.household_id', '=', householdId)
    .orderBy('r.release_date', 'desc')
    .execute();
}

/** The household's score under the active model, with the model and the run that produced it. */
export async function findActiveScore(db: Db, householdId: number) {
  const res = await sql<{
    model_id: number;
    run_id: number;
    scored_at: Date;
    as_of: string;
    input_hash: string;
    inputs: unknown;
    log_pce: number;
    predicted_pce: number;
    desil: number;
    official_desil: number | null;
    conflicts: string[];
    mode: 'national' | 'regional';
    thresholds: number[];
  }>`
    SELECT s.model_id, s.run_id, s.scored_at, s.as_of, s.input_hash, i.inputs, s.log_pce, s.predicted_pce, s.desil,
      s.official_desil, s.conflicts, r.mode, r.thresholds
    FROM household_score s
    JOIN pmt_model m ON m.id = s.model_id AND m.active
    JOIN household_input i ON i.household_id = s.household_id AND i.hash = s.input_hash
    JOIN scoring_run r ON r.id = s.run_id
    WHERE s.household_id = ${householdId}`.execute(db);
  return res.rows[0];
}

/** The household's criteria result under the active rule set, with the inputs it was evaluated on. */
export async function findActiveCriteria(db: Db, householdId: number) {
  const res = await sql<{
    rule_set_id: number;
    run_id: number;
    evaluated_at: Date;
    as_of: string;
    inputs: unknown;
    category: 'miskin_desil' | 'bantuan_lain' | 'tidak_layak';
    fired_rules: string[];
    official_desil: number | null;
    estimated_desil: number | null;
  }>`
    SELECT c.rule_set_id, c.run_id, c.evaluated_at, c.as_of, i.inputs, c.category, c.fired_rules, c.official_desil,
      c.estimated_desil
    FROM household_criteria c
    JOIN criteria_rule_set rs ON rs.id = c.rule_set_id AND rs.active
    JOIN household_input i ON i.household_id = c.household_id AND i.hash = c.input_hash
    WHERE c.household_id = ${householdId}`.execute(db);
  return res.rows[0];
}

/** One active household's current facts, read the same way as for scoring (for staleness checks). */
export async function readScoringSource(db: Db, householdId: number): Promise<ScoringSourceRow | undefined> {
  const rows = await readScoringChunk(db, { ids: [householdId] });
  return rows[0];
}

export type ConflictType = 'desil_gap' | 'asn_tni_polri_member' | 'owns_car' | 'non_subsidised_power';

export interface ConflictFilters {
  type?: ConflictType | undefined;
  districtCode?: string | undefined;
  villageCode?: string | undefined;
}

function conflictWhere(scope: Scope, f: ConflictFilters): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [householdInScope(scope, 'h'), sql<SqlBool>`h.status = 1`];
  parts.push(
    f.type ? sql<SqlBool>`${f.type}::text = ANY(s.conflicts)` : sql<SqlBool>`cardinality(s.conflicts) > 0`,
  );
  if (f.districtCode) parts.push(sql<SqlBool>`h.district_code = ${f.districtCode}`);
  if (f.villageCode) parts.push(sql<SqlBool>`h.village_code = ${f.villageCode}`);
  return sql.join(parts, sql` AND `) as unknown as Expression<SqlBool>;
}

export interface ConflictRow {
  household_id: number;
  kk_number: string | null;
  head_name: string | null;
  village_code: string;
  village_name: string;
  district_name: string;
  rw: string;
  rt: string;
  official_desil: number | null;
  desil: number;
  predicted_pce: number;
  conflicts: string[];
  inputs: unknown;
}

/** A page of households with conflicts under the active model, within the scope. */
export async function searchConflicts(
  db: Db,
  scope: Scope,
  filters: ConflictFilters,
  page: { page: number; pageSize: number },
): Promise<{ rows: ConflictRow[]; total: number }> {
  const where = conflictWhere(scope, filters);
  const rows = await sql<ConflictRow>`
    SELECT h.id AS household_id, h.kk_number, head.name AS head_name, h.village_code, v.name AS village_name,
      d.name AS district_name, h.rw, h.rt, s.official_desil, s.desil, s.predicted_pce, s.conflicts, i.inputs
    FROM household_score s
    JOIN pmt_model m ON m.id = s.model_id AND m.active
    JOIN household_input i ON i.household_id = s.household_id AND i.hash = s.input_hash
    JOIN household h ON h.id = s.household_id
    JOIN region v ON v.code = h.village_code
    JOIN region d ON d.code = h.district_code
    LEFT JOIN LATERAL (
      SELECT p.name FROM person p WHERE p.household_id = h.id
      ORDER BY (p.relationship = 1) DESC, p.status, p.id LIMIT 1
    ) head ON true
    WHERE ${where}
    ORDER BY h.village_code, h.rw, h.rt, h.id
    LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`.execute(db);
  const total = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM household_score s
    JOIN pmt_model m ON m.id = s.model_id AND m.active
    JOIN household h ON h.id = s.household_id
    WHERE ${where}`.execute(db);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

/** Households by official × estimated desil under the active model, within the scope. */
export async function countDesilMatrix(db: Db, scope: Scope) {
  const res = await sql<{ official: number | null; estimated: number; n: number }>`
    SELECT s.official_desil AS official, s.desil AS estimated, count(*)::int AS n
    FROM household_score s
    JOIN pmt_model m ON m.id = s.model_id AND m.active
    JOIN household h ON h.id = s.household_id
    WHERE h.status = 1 AND ${householdInScope(scope, 'h')}
    GROUP BY 1, 2`.execute(db);
  return res.rows;
}

/** Conflict counts by code under the active model, within the scope. */
export async function countConflicts(db: Db, scope: Scope) {
  const res = await sql<{ code: string; n: number }>`
    SELECT c.code, count(*)::int AS n
    FROM household_score s
    JOIN pmt_model m ON m.id = s.model_id AND m.active
    JOIN household h ON h.id = s.household_id
    CROSS JOIN LATERAL unnest(s.conflicts) AS c(code)
    WHERE h.status = 1 AND ${householdInScope(scope, 'h')}
    GROUP BY 1`.execute(db);
  return res.rows;
}

/** Active households within the scope and how many of them have a score under the active model. */
export async function countScored(db: Db, scope: Scope) {
  const res = await sql<{ total: number; scored: number }>`
    SELECT count(*)::int AS total, count(s.household_id)::int AS scored
    FROM household h
    LEFT JOIN household_score s ON s.household_id = h.id AND s.model_id = (SELECT id FROM pmt_model WHERE active)
    WHERE h.status = 1 AND ${householdInScope(scope, 'h')}`.execute(db);
  return res.rows[0] ?? { total: 0, scored: 0 };
}

/** Criteria categories per kelurahan under the active rule set, within the scope. */
export async function countCategoriesByVillage(db: Db, scope: Scope) {
  const res = await sql<{ village_code: string; village_name: string; category: string; n: number }>`
    SELECT h.village_code, v.name AS village_name, c.category, count(*)::int AS n
    FROM household_criteria c
    JOIN criteria_rule_set rs ON rs.id = c.rule_set_id AND rs.active
    JOIN household h ON h.id = c.household_id
    JOIN region v ON v.code = h.village_code
    WHERE h.status = 1 AND ${householdInScope(scope, 'h')}
    GROUP BY 1, 2, 3
    ORDER BY 1`.execute(db);
  return res.rows;
}

/** Latest full run of each model, for the model list. */
export async function lastRunsByModel(db: Db) {
  const res = await sql<{ model_id: number; finished_at: Date; households: number; duration_ms: number }>`
    SELECT DISTINCT ON (model_id) model_id, finished_at, households, duration_ms
    FROM scoring_run WHERE kind = 'all' AND finished_at IS NOT NULL
    ORDER BY model_id, id DESC`.execute(db);
  return res.rows;
}
