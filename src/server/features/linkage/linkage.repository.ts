/** All SQL of the linkage feature: runs, candidate pairs, merges and NIK conflicts, always within a scope. */
import { sql, type Expression, type Kysely, type Selectable, type SqlBool, type Transaction } from 'kysely';
import type {
  Database,
  LinkagePairStatus,
  LinkageRunTable,
  PersonMergeTable,
  PersonTable,
} from '../../platform/db/schema.ts';
import { householdInScope, type Scope } from '../access/scope.ts';
import type { FieldContribution, JobPair } from './linkage.worker.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** An active person with the household fields the Indonesian preset compares or blocks on. */
export interface LinkagePersonRow {
  id: number;
  household_id: number;
  nik: string | null;
  name: string;
  birth_date: string | null;
  sex: number | null;
  birth_place: string | null;
  kk_number: string | null;
  village_code: string;
  address: string;
}

/** Every active person of active households within a scope, in one query. */
export async function readPersonsForLinkage(db: Db, scope: Scope): Promise<LinkagePersonRow[]> {
  const res = await sql<LinkagePersonRow>`
    SELECT p.id, p.household_id, p.nik, p.name, p.birth_date, p.sex, p.birth_place, h.kk_number, h.village_code,
      h.address
    FROM person p JOIN household h ON h.id = p.household_id
    WHERE p.status = 1 AND h.status = 1 AND ${householdInScope(scope, 'h')}
    ORDER BY p.id`.execute(db);
  return res.rows;
}

/** Creates a run row in state running. */
export async function insertRun(
  db: Db,
  values: {
    kind: 'person' | 'household';
    mode: 'full' | 'incremental';
    scope: Scope;
    householdIds: number[] | null;
    settings: unknown;
    actorId: number | null;
    actorName: string;
  },
): Promise<Selectable<LinkageRunTable>> {
  return db
    .insertInto('linkage_run')
    .values({
      kind: values.kind,
      mode: values.mode,
      scope: JSON.stringify(values.scope),
      household_ids: values.householdIds,
      settings: JSON.stringify(values.settings),
      started_by: values.actorId,
      started_by_name: values.actorName,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Marks a run done or failed with its model and statistics. */
export async function finishRun(
  db: Db,
  id: number,
  values: { status: 'done' | 'failed'; model?: unknown; stats?: unknown; error?: string | null },
): Promise<void> {
  await db
    .updateTable('linkage_run')
    .set({
      status: values.status,
      model: values.model === undefined ? null : JSON.stringify(values.model),
      stats: values.stats === undefined ? null : JSON.stringify(values.stats),
      error: values.error ?? null,
      finished_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

/** One run. */
export function findRun(db: Db, id: number) {
  return db.selectFrom('linkage_run').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The latest runs, newest first. */
export function findRuns(db: Db, limit: number) {
  return db.selectFrom('linkage_run').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

/** The model of the latest successful full person run, reused by incremental runs. */
export async function findLatestFullModel(db: Db): Promise<unknown> {
  const row = await db
    .selectFrom('linkage_run')
    .select(['model'])
    .where('kind', '=', 'person')
    .where('mode', '=', 'full')
    .where('status', '=', 'done')
    .where('model', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.model ?? null;
}

const CHUNK = 5000;

/**
 * Stores pairs in chunks through unnest. A pair found before keeps any human decision; only pending
 * pairs (review, auto-accepted) take the new weights and status.
 */
export async function upsertPairs(db: Db, runId: number, pairs: readonly JobPair[]): Promise<void> {
  for (let i = 0; i < pairs.length; i += CHUNK) {
    const c = pairs.slice(i, i + CHUNK);
    await sql`
      INSERT INTO linkage_pair (run_id, left_person_id, right_person_id, match_weight, probability, fields, status)
      SELECT ${runId}, l, r, w, p, f::jsonb, s
      FROM unnest(${c.map((x) => x.left)}::int[], ${c.map((x) => x.right)}::int[], ${c.map((x) => x.weight)}::float8[],
        ${c.map((x) => x.probability)}::float8[], ${c.map((x) => JSON.stringify(x.fields))}::text[],
        ${c.map((x) => x.status)}::text[]) AS t(l, r, w, p, f, s)
      ON CONFLICT (left_person_id, right_person_id) DO UPDATE SET
        run_id = excluded.run_id,
        match_weight = excluded.match_weight,
        probability = excluded.probability,
        fields = excluded.fields,
        status = CASE WHEN linkage_pair.status IN ('review', 'auto_accepted') THEN excluded.status
          ELSE linkage_pair.status END`.execute(db);
  }
}

/** A person row as JSON (to_jsonb), as read for pairs and merges. */
export type PersonJson = Omit<Selectable<PersonTable>, 'created_at' | 'updated_at'> & {
  created_at: string;
  updated_at: string;
};

/** One side of a pair: the person and the household fields shown beside it. */
export interface PairSideRow {
  person: PersonJson;
  kk_number: string | null;
  address: string;
  rw: string;
  rt: string;
  village_code: string;
  village_name: string;
  household_status: number;
  head_name: string | null;
}

/** A pair with both sides, as read for the review queue. */
export interface PairRow {
  id: number;
  run_id: number;
  match_weight: number;
  probability: number;
  fields: Record<string, FieldContribution>;
  status: LinkagePairStatus;
  decided_by_name: string | null;
  decided_at: Date | null;
  reason: string | null;
  left: PairSideRow;
  right: PairSideRow;
}

/** Pending statuses: the pair is only shown while both persons are still active. */
const PENDING: readonly LinkagePairStatus[] = ['review', 'skipped', 'auto_accepted', 'accepted'];

function side(alias: 'l' | 'r') {
  const p = sql.ref(alias);
  const h = sql.ref(`${alias}h`);
  return sql`jsonb_build_object(
      'person', to_jsonb(${p}),
      'kk_number', ${sql.ref(`${alias}h.kk_number`)}, 'address', ${sql.ref(`${alias}h.address`)},
      'rw', ${sql.ref(`${alias}h.rw`)}, 'rt', ${sql.ref(`${alias}h.rt`)},
      'village_code', ${sql.ref(`${alias}h.village_code`)}, 'village_name', ${sql.ref(`${alias}v.name`)},
      'household_status', ${sql.ref(`${alias}h.status`)},
      'head_name', (SELECT hp.name FROM person hp WHERE hp.household_id = ${h}.id
        ORDER BY (hp.relationship = 1) DESC, hp.status, hp.id LIMIT 1))`;
}

const PAIR_FROM = sql`
  FROM linkage_pair lp
  JOIN person l ON l.id = lp.left_person_id
  JOIN household lh ON lh.id = l.household_id
  JOIN region lv ON lv.code = lh.village_code
  JOIN person r ON r.id = lp.right_person_id
  JOIN household rh ON rh.id = r.household_id
  JOIN region rv ON rv.code = rh.village_code`;

/** Both households of a pair (aliases lh and rh) lie within the scope. */
export function pairScope(scope: Scope): Expression<SqlBool> {
  return sql<SqlBool>`${householdInScope(scope, 'lh')} AND ${householdInScope(scope, 'rh')}`;
}

/**
 * The WHERE of a pair list before its status filter: both households (lh, rh) in the scope, the
 * pending-visibility rule, and either household in the village when one is asked for.
 */
export function pairListWhere(
  scope: Scope,
  pendingVisible: Expression<SqlBool>,
  villageCode: string | undefined,
): Expression<SqlBool> {
  const base: Expression<SqlBool>[] = [pairScope(scope), pendingVisible];
  if (villageCode)
    base.push(sql<SqlBool>`(lh.village_code = ${villageCode} OR rh.village_code = ${villageCode})`);
  return sql.join(base, sql` AND `) as Expression<SqlBool>;
}

/** The LIMIT and OFFSET of a page. */
export function pageWindow(page: { page: number; pageSize: number }) {
  return sql`LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`;
}

/** Counts per status as a record, and the total of the statuses listed. */
export function statusTotals(
  rows: readonly { status: string; n: number }[],
  statuses: readonly string[],
): { total: number; counts: Record<string, number> } {
  const counts = Object.fromEntries(rows.map((c) => [c.status, c.n]));
  return { total: statuses.reduce((s, st) => s + (counts[st] ?? 0), 0), counts };
}

/** The WHERE of a merge list: both sides' households (sh, dh) in the scope, and active or undone (m). */
export function mergeListWhere(scope: Scope, filters: { active?: boolean | undefined }): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [householdInScope(scope, 'sh'), householdInScope(scope, 'dh')];
  if (filters.active === true) parts.push(sql<SqlBool>`m.undone_at IS NULL`);
  if (filters.active === false) parts.push(sql<SqlBool>`m.undone_at IS NOT NULL`);
  return sql.join(parts, sql` AND `) as Expression<SqlBool>;
}

function pendingVisible(): Expression<SqlBool> {
  return sql<SqlBool>`(lp.status NOT IN ('review', 'skipped', 'auto_accepted', 'accepted')
    OR (l.status = 1 AND r.status = 1 AND lh.status = 1 AND rh.status = 1))`;
}

/** Filters of the pair list. */
export interface PairFilters {
  statuses: readonly LinkagePairStatus[];
  villageCode?: string | undefined;
}

/** A page of pairs within the scope (both persons' households), most likely first, with counts per status. */
export async function findPairs(
  db: Db,
  scope: Scope,
  filters: PairFilters,
  page: { page: number; pageSize: number },
): Promise<{ rows: PairRow[]; total: number; counts: Record<string, number> }> {
  const baseWhere = pairListWhere(scope, pendingVisible(), filters.villageCode);
  const statuses = filters.statuses.length > 0 ? [...filters.statuses] : [...PENDING];
  const where = sql`${baseWhere} AND lp.status = ANY(${statuses}::text[])`;
  const rows = await sql<PairRow>`
    SELECT lp.id, lp.run_id, lp.match_weight, lp.probability, lp.fields, lp.status, lp.decided_by_name,
      lp.decided_at, lp.reason, ${side('l')} AS left, ${side('r')} AS right
    ${PAIR_FROM}
    WHERE ${where}
    ORDER BY lp.match_weight DESC, lp.id
    ${pageWindow(page)}`.execute(db);
  const counts = await sql<{ status: string; n: number }>`
    SELECT lp.status, count(*)::int AS n ${PAIR_FROM} WHERE ${baseWhere} GROUP BY lp.status`.execute(db);
  return { rows: rows.rows, ...statusTotals(counts.rows, statuses) };
}

/** One pair within the scope (both households in scope), or undefined. */
export async function findPair(db: Db, scope: Scope, id: number): Promise<PairRow | undefined> {
  const res = await sql<PairRow>`
    SELECT lp.id, lp.run_id, lp.match_weight, lp.probability, lp.fields, lp.status, lp.decided_by_name,
      lp.decided_at, lp.reason, ${side('l')} AS left, ${side('r')} AS right
    ${PAIR_FROM}
    WHERE lp.id = ${id} AND ${pairScope(scope)}`.execute(db);
  return res.rows[0];
}

/** Locks a pair row for a decision. */
export function lockPair(db: Db, id: number) {
  return db.selectFrom('linkage_pair').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The pair of two persons, if one was found. */
export function findPairOfPersons(db: Db, a: number, b: number) {
  return db
    .selectFrom('linkage_pair')
    .selectAll()
    .where('left_person_id', '=', Math.min(a, b))
    .where('right_person_id', '=', Math.max(a, b))
    .executeTakeFirst();
}

/** Sets the status of a pair with who decided, when and why. */
export async function setPairStatus(
  db: Db,
  id: number,
  status: LinkagePairStatus,
  actor: { id: number | null; name: string } | null,
  reason: string | null,
): Promise<void> {
  await db
    .updateTable('linkage_pair')
    .set({
      status,
      decided_by: actor?.id ?? null,
      decided_by_name: actor?.name ?? null,
      decided_at: actor ? new Date() : null,
      reason,
    })
    .where('id', '=', id)
    .execute();
}

/** A person row locked for update when its household lies within the scope. */
export async function lockPersonInScope(db: Db, scope: Scope, id: number) {
  const res = await sql<Selectable<PersonTable>>`
    SELECT p.* FROM person p JOIN household h ON h.id = p.household_id
    WHERE p.id = ${id} AND ${householdInScope(scope, 'h')}
    FOR UPDATE OF p`.execute(db);
  return res.rows[0];
}

/** Writes a person row back with all its data columns (used by merges and their undo). */
export async function writePerson(db: Db, row: Selectable<PersonTable>): Promise<void> {
  const { id, created_at: _created, ...rest } = row;
  await db
    .updateTable('person')
    .set({ ...rest, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** Stores a merge. */
export function insertMerge(
  db: Db,
  values: {
    pairId: number | null;
    survivorId: number;
    mergedId: number;
    fieldChoices: Record<string, 'left' | 'right'>;
    before: unknown;
    survivorVersion: number;
    mergedVersion: number;
    reason: string;
    actorId: number | null;
    actorName: string;
  },
) {
  return db
    .insertInto('person_merge')
    .values({
      pair_id: values.pairId,
      survivor_id: values.survivorId,
      merged_id: values.mergedId,
      field_choices: JSON.stringify(values.fieldChoices),
      before: JSON.stringify(values.before),
      survivor_version: values.survivorVersion,
      merged_version: values.mergedVersion,
      reason: values.reason,
      merged_by: values.actorId,
      merged_by_name: values.actorName,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A merge row locked for undo. */
export function lockMerge(db: Db, id: number) {
  return db.selectFrom('person_merge').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Marks a merge undone. */
export async function markMergeUndone(
  db: Db,
  id: number,
  actor: { id: number | null; name: string },
  reason: string,
): Promise<void> {
  await db
    .updateTable('person_merge')
    .set({ undone_by: actor.id, undone_by_name: actor.name, undone_at: new Date(), undo_reason: reason })
    .where('id', '=', id)
    .execute();
}

/** A merge with the names and households of both persons, as listed. */
export interface MergeRow extends Selectable<PersonMergeTable> {
  survivor_name: string;
  survivor_household_id: number;
  survivor_kk_number: string | null;
  survivor_village_name: string;
  merged_name: string;
  merged_household_id: number;
  merged_kk_number: string | null;
  merged_village_name: string;
}

const MERGE_SELECT = sql`
  SELECT m.*, s.name AS survivor_name, s.household_id AS survivor_household_id, sh.kk_number AS survivor_kk_number,
    sv.name AS survivor_village_name, d.name AS merged_name, d.household_id AS merged_household_id,
    dh.kk_number AS merged_kk_number, dv.name AS merged_village_name
  FROM person_merge m
  JOIN person s ON s.id = m.survivor_id JOIN household sh ON sh.id = s.household_id
  JOIN region sv ON sv.code = sh.village_code
  JOIN person d ON d.id = m.merged_id JOIN household dh ON dh.id = d.household_id
  JOIN region dv ON dv.code = dh.village_code`;

/** A page of merges where both households are in scope, newest first. */
export async function findMerges(
  db: Db,
  scope: Scope,
  filters: { active?: boolean | undefined },
  page: { page: number; pageSize: number },
): Promise<{ rows: MergeRow[]; total: number }> {
  const where = mergeListWhere(scope, filters);
  const rows = await sql<MergeRow>`${MERGE_SELECT} WHERE ${where} ORDER BY m.id DESC
    ${pageWindow(page)}`.execute(db);
  const total = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM person_merge m
    JOIN person s ON s.id = m.survivor_id JOIN household sh ON sh.id = s.household_id
    JOIN person d ON d.id = m.merged_id JOIN household dh ON dh.id = d.household_id
    WHERE ${where}`.execute(db);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

/** One merge within the scope. */
export async function findMerge(db: Db, scope: Scope, id: number): Promise<MergeRow | undefined> {
  const res = await sql<MergeRow>`${MERGE_SELECT}
    WHERE m.id = ${id} AND ${householdInScope(scope, 'sh')} AND ${householdInScope(scope, 'dh')}`.execute(db);
  return res.rows[0];
}

/** One holder of a conflicting NIK. */
export interface ConflictPersonRow {
  nik: string;
  household_count: number;
  person_id: number;
  name: string;
  birth_date: string | null;
  relationship: number | null;
  household_id: number;
  kk_number: string | null;
  address: string;
  village_code: string;
  village_name: string;
  in_scope: boolean;
  pair_id: number | null;
  pair_status: LinkagePairStatus | null;
}

/**
 * A page of NIKs held in more than one active family card, where at least one of the households lies
 * in the scope. Holders outside the scope are returned without personal details (in_scope false).
 */
export async function findNikConflicts(
  db: Db,
  scope: Scope,
  filters: { villageCode?: string | undefined },
  page: { page: number; pageSize: number },
): Promise<{ rows: ConflictPersonRow[]; total: number }> {
  const villageFilter = filters.villageCode
    ? sql<SqlBool>`AND EXISTS (SELECT 1 FROM household vh WHERE vh.id = ANY(c.household_ids)
        AND vh.village_code = ${filters.villageCode})`
    : sql``;
  const visible = sql`
    SELECT c.* FROM nik_conflict c
    WHERE EXISTS (SELECT 1 FROM household h WHERE h.id = ANY(c.household_ids) AND ${householdInScope(scope, 'h')})
    ${villageFilter}`;
  const total = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${visible}) v`.execute(db);
  const rows = await sql<ConflictPersonRow>`
    WITH pagec AS (${visible} ORDER BY c.nik LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize})
    SELECT c.nik, c.household_count, p.id AS person_id, p.name, p.birth_date, p.relationship, h.id AS household_id,
      h.kk_number, h.address, h.village_code, v.name AS village_name, ${householdInScope(scope, 'h')} AS in_scope,
      lp.id AS pair_id, lp.status AS pair_status
    FROM pagec c
    JOIN person p ON p.id = ANY(c.person_ids)
    JOIN household h ON h.id = p.household_id
    JOIN region v ON v.code = h.village_code
    LEFT JOIN LATERAL (
      SELECT x.id, x.status FROM linkage_pair x
      WHERE (x.left_person_id = p.id OR x.right_person_id = p.id)
        AND (x.left_person_id = ANY(c.person_ids) AND x.right_person_id = ANY(c.person_ids))
      ORDER BY x.id LIMIT 1
    ) lp ON true
    ORDER BY c.nik, p.id`.execute(db);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

/** Person ids with their merge target and the pairs with a status, within a scope, for quality metrics. */
export async function readLinkState(db: Db, scope: Scope) {
  const persons = await sql<{ id: number; merged_into: number | null }>`
    SELECT p.id, p.merged_into FROM person p JOIN household h ON h.id = p.household_id
    WHERE ${householdInScope(scope, 'h')}`.execute(db);
  const pairs = await sql<{ left_person_id: number; right_person_id: number; status: LinkagePairStatus }>`
    SELECT lp.left_person_id, lp.right_person_id, lp.status ${PAIR_FROM} WHERE ${pairScope(scope)}`.execute(
    db,
  );
  return { persons: persons.rows, pairs: pairs.rows };
}
