/** All SQL of family (household) deduplication: person links, household facts, pairs and merges, within a scope. */
import { sql, type Kysely, type Selectable, type SqlBool, type Transaction } from 'kysely';
import type {
  Database,
  HouseholdMergeTable,
  HouseholdTable,
  LinkagePairStatus,
  PersonTable,
} from '../../platform/db/schema.ts';
import { householdInScope, type Scope } from '../access/scope.ts';
import type { FamilyPair, FamilyReason, HouseholdFacts, LinkedMember, PersonLink } from './family.ts';
import { mergeListWhere, pageWindow, pairListWhere, pairScope, statusTotals } from './linkage.repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Every person pair not rejected between active persons of active households within the scope. */
export async function readPersonLinks(db: Db, scope: Scope): Promise<PersonLink[]> {
  const res = await sql<{ id: number; l: number; r: number; probability: number; status: string }>`
    SELECT lp.id, lp.left_person_id AS l, lp.right_person_id AS r, lp.probability, lp.status
    FROM linkage_pair lp
    JOIN person l ON l.id = lp.left_person_id JOIN household lh ON lh.id = l.household_id
    JOIN person r ON r.id = lp.right_person_id JOIN household rh ON rh.id = r.household_id
    WHERE lp.status <> 'rejected' AND l.status = 1 AND r.status = 1 AND lh.status = 1 AND rh.status = 1
      AND l.household_id <> r.household_id
      AND ${householdInScope(scope, 'lh')} AND ${householdInScope(scope, 'rh')}`.execute(db);
  return res.rows.map((r) => ({
    left: r.l,
    right: r.r,
    probability: r.probability,
    status: r.status,
    pairId: r.id,
  }));
}

/** The facts the family score reads of some active households, with their active members (head first). */
export async function readHouseholdFacts(
  db: Db,
  ids: readonly number[],
): Promise<Map<number, HouseholdFacts>> {
  const out = new Map<number, HouseholdFacts>();
  if (ids.length === 0) return out;
  const list = [...ids];
  const households = await sql<{
    id: number;
    kk_number: string | null;
    address: string;
    rw: string;
    rt: string;
    village_code: string;
  }>`
    SELECT h.id, h.kk_number, h.address, h.rw, h.rt, h.village_code FROM household h
    WHERE h.id = ANY(${list}::int[]) AND h.status = 1`.execute(db);
  const members = await sql<{ id: number; household_id: number; relationship: number | null }>`
    SELECT p.id, p.household_id, p.relationship FROM person p
    WHERE p.household_id = ANY(${list}::int[]) AND p.status = 1
    ORDER BY p.household_id, (p.relationship = 1) DESC, p.id`.execute(db);
  for (const r of households.rows)
    out.set(r.id, {
      id: r.id,
      kkNumber: r.kk_number,
      address: r.address,
      rw: r.rw,
      rt: r.rt,
      villageCode: r.village_code,
      memberIds: [],
      headId: null,
    });
  for (const m of members.rows) {
    const h = out.get(m.household_id);
    if (!h) continue;
    (h.memberIds as number[]).push(m.id);
    if (m.relationship === 1 && h.headId === null) h.headId = m.id;
  }
  return out;
}

const CHUNK = 2000;

/**
 * Stores family pairs. A pair found before keeps any human decision; only pending pairs (review,
 * auto-accepted) take the new score, reasons, members and status.
 */
export async function upsertHouseholdPairs(
  db: Db,
  runId: number,
  pairs: readonly FamilyPair[],
): Promise<void> {
  for (let i = 0; i < pairs.length; i += CHUNK) {
    const c = pairs.slice(i, i + CHUNK);
    await sql`
      INSERT INTO household_pair (run_id, left_household_id, right_household_id, score, probability, reasons,
        linked_members, status)
      SELECT ${runId}, l, r, sc, p, re::jsonb, lm::jsonb, s
      FROM unnest(${c.map((x) => x.left)}::int[], ${c.map((x) => x.right)}::int[], ${c.map((x) => x.score)}::float8[],
        ${c.map((x) => x.probability)}::float8[], ${c.map((x) => JSON.stringify(x.reasons))}::text[],
        ${c.map((x) => JSON.stringify(x.linkedMembers))}::text[], ${c.map((x) => x.status)}::text[])
        AS t(l, r, sc, p, re, lm, s)
      ON CONFLICT (left_household_id, right_household_id) DO UPDATE SET
        run_id = CASE WHEN household_pair.status IN ('review', 'auto_accepted') THEN excluded.run_id
          ELSE household_pair.run_id END,
        score = CASE WHEN household_pair.status IN ('review', 'auto_accepted') THEN excluded.score
          ELSE household_pair.score END,
        probability = CASE WHEN household_pair.status IN ('review', 'auto_accepted') THEN excluded.probability
          ELSE household_pair.probability END,
        reasons = CASE WHEN household_pair.status IN ('review', 'auto_accepted') THEN excluded.reasons
          ELSE household_pair.reasons END,
        linked_members = CASE WHEN household_pair.status IN ('review', 'auto_accepted')
          THEN excluded.linked_members ELSE household_pair.linked_members END,
        status = CASE WHEN household_pair.status IN ('review', 'auto_accepted') THEN excluded.status
          ELSE household_pair.status END,
        updated_at = now()`.execute(db);
  }
}

/** One side of a household pair: the card's fields shown beside it. */
export interface FamilySideRow {
  id: number;
  kk_number: string | null;
  address: string;
  rw: string;
  rt: string;
  village_code: string;
  village_name: string;
  district_code: string;
  dtsen_id: string | null;
  lat: number | null;
  lng: number | null;
  status: number;
  version: number;
  merged_into: number | null;
  official_desil: number | null;
  head_name: string | null;
  member_count: number;
}

/** A household pair with both sides, as read for the review queue. */
export interface HouseholdPairRow {
  id: number;
  run_id: number;
  score: number;
  probability: number;
  reasons: FamilyReason[];
  linked_members: LinkedMember[];
  status: LinkagePairStatus;
  decided_by_name: string | null;
  decided_at: Date | null;
  reason: string | null;
  left: FamilySideRow;
  right: FamilySideRow;
}

function side(alias: 'lh' | 'rh', village: 'lv' | 'rv') {
  const h = (c: string) => sql.ref(`${alias}.${c}`);
  return sql`jsonb_build_object(
    'id', ${h('id')}, 'kk_number', ${h('kk_number')}, 'address', ${h('address')}, 'rw', ${h('rw')},
    'rt', ${h('rt')}, 'village_code', ${h('village_code')}, 'village_name', ${sql.ref(`${village}.name`)},
    'district_code', ${h('district_code')}, 'dtsen_id', ${h('dtsen_id')}, 'lat', ${h('lat')}, 'lng', ${h('lng')},
    'status', ${h('status')}, 'version', ${h('version')}, 'merged_into', ${h('merged_into')},
    'official_desil', ${h('official_desil')},
    'head_name', (SELECT hp.name FROM person hp WHERE hp.household_id = ${h('id')}
      ORDER BY (hp.relationship = 1) DESC, hp.status, hp.id LIMIT 1),
    'member_count', (SELECT count(*)::int FROM person mp WHERE mp.household_id = ${h('id')} AND mp.status = 1))`;
}

const PAIR_SELECT = sql`
  SELECT hp.id, hp.run_id, hp.score, hp.probability, hp.reasons, hp.linked_members, hp.status,
    hp.decided_by_name, hp.decided_at, hp.reason, ${side('lh', 'lv')} AS left, ${side('rh', 'rv')} AS right`;
const PAIR_FROM = sql`
  FROM household_pair hp
  JOIN household lh ON lh.id = hp.left_household_id JOIN region lv ON lv.code = lh.village_code
  JOIN household rh ON rh.id = hp.right_household_id JOIN region rv ON rv.code = rh.village_code`;

// Pending pairs are shown only while both cards are active.
const PENDING_VISIBLE = sql<SqlBool>`(hp.status NOT IN ('review', 'skipped', 'auto_accepted', 'accepted')
  OR (lh.status = 1 AND rh.status = 1))`;

/** A page of household pairs within the scope (both cards), strongest first, with counts per status. */
export async function findHouseholdPairs(
  db: Db,
  scope: Scope,
  filters: { statuses: readonly LinkagePairStatus[]; villageCode?: string | undefined },
  page: { page: number; pageSize: number },
): Promise<{ rows: HouseholdPairRow[]; total: number; counts: Record<string, number> }> {
  const baseWhere = pairListWhere(scope, PENDING_VISIBLE, filters.villageCode);
  const statuses = [...filters.statuses];
  const rows = await sql<HouseholdPairRow>`${PAIR_SELECT} ${PAIR_FROM}
    WHERE ${baseWhere} AND hp.status = ANY(${statuses}::text[])
    ORDER BY hp.score DESC, hp.id
    ${pageWindow(page)}`.execute(db);
  const counts = await sql<{ status: string; n: number }>`
    SELECT hp.status, count(*)::int AS n ${PAIR_FROM} WHERE ${baseWhere} GROUP BY hp.status`.execute(db);
  return { rows: rows.rows, ...statusTotals(counts.rows, statuses) };
}

/** One household pair with both cards in the scope, or undefined. */
export async function findHouseholdPair(
  db: Db,
  scope: Scope,
  id: number,
): Promise<HouseholdPairRow | undefined> {
  const res = await sql<HouseholdPairRow>`${PAIR_SELECT} ${PAIR_FROM}
    WHERE hp.id = ${id} AND ${pairScope(scope)}`.execute(db);
  return res.rows[0];
}

/** The pair of two households, if one was found. */
export function findPairOfHouseholds(db: Db, a: number, b: number) {
  return db
    .selectFrom('household_pair')
    .selectAll()
    .where('left_household_id', '=', Math.min(a, b))
    .where('right_household_id', '=', Math.max(a, b))
    .executeTakeFirst();
}

/** Locks a household pair row for a decision. */
export function lockHouseholdPair(db: Db, id: number) {
  return db.selectFrom('household_pair').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Sets the status of a household pair with who decided, when and why. */
export async function setHouseholdPairStatus(
  db: Db,
  id: number,
  status: LinkagePairStatus,
  actor: { id: number | null; name: string } | null,
  reason: string | null,
): Promise<void> {
  await db
    .updateTable('household_pair')
    .set({
      status,
      decided_by: actor?.id ?? null,
      decided_by_name: actor?.name ?? null,
      decided_at: actor ? new Date() : null,
      reason,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

/** A member of a family card as shown next to the other card's members. */
export interface FamilyMemberRow {
  id: number;
  household_id: number;
  nik: string | null;
  name: string;
  sex: number | null;
  birth_date: string | null;
  relationship: number | null;
  status: number;
}

/** The active members of some households, head first. */
export async function readMembers(db: Db, householdIds: readonly number[]): Promise<FamilyMemberRow[]> {
  if (householdIds.length === 0) return [];
  const res = await sql<FamilyMemberRow>`
    SELECT p.id, p.household_id, p.nik, p.name, p.sex, p.birth_date::text AS birth_date, p.relationship, p.status
    FROM person p WHERE p.household_id = ANY(${[...householdIds]}::int[]) AND p.status = 1
    ORDER BY p.household_id, (p.relationship = 1) DESC, p.relationship, p.birth_date, p.id`.execute(db);
  return res.rows;
}

/** A household row locked for update when it lies within the scope. */
export async function lockHouseholdInScope(db: Db, scope: Scope, id: number) {
  const res = await sql<Selectable<HouseholdTable>>`
    SELECT h.* FROM household h WHERE h.id = ${id} AND ${householdInScope(scope, 'h')}
    FOR UPDATE OF h`.execute(db);
  return res.rows[0];
}

/** Writes a household row back with all its data columns (used by merges and their undo). */
export async function writeHousehold(db: Db, row: Selectable<HouseholdTable>): Promise<void> {
  const { id, created_at: _created, variables, external_ids, ...rest } = row;
  await db
    .updateTable('household')
    .set({
      ...rest,
      variables: JSON.stringify(variables),
      external_ids: JSON.stringify(external_ids),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

/** Active persons of a household, locked, in id order. */
export async function lockActiveMembers(db: Db, householdId: number) {
  const res = await sql<Selectable<PersonTable>>`
    SELECT * FROM person WHERE household_id = ${householdId} AND status = 1 ORDER BY id FOR UPDATE`.execute(
    db,
  );
  return res.rows;
}

/** Persons by id, locked, in id order. */
export async function lockPersons(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  const res = await sql<Selectable<PersonTable>>`
    SELECT * FROM person WHERE id = ANY(${[...ids]}::int[]) ORDER BY id FOR UPDATE`.execute(db);
  return res.rows;
}

/** Moves a person to another household (a member of a merged family card), version moving on. */
export async function movePerson(db: Db, id: number, householdId: number): Promise<number> {
  const row = await db
    .updateTable('person')
    .set((eb) => ({ household_id: householdId, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

/** Stores a household merge. */
export function insertHouseholdMerge(
  db: Db,
  values: {
    pairId: number | null;
    survivorId: number;
    mergedId: number;
    fieldChoices: Record<string, 'left' | 'right'>;
    before: unknown;
    personMergeIds: number[];
    movedPersonIds: number[];
    survivorVersion: number;
    mergedVersion: number;
    movedVersions: Record<string, number>;
    reason: string;
    actorId: number | null;
    actorName: string;
  },
) {
  return db
    .insertInto('household_merge')
    .values({
      pair_id: values.pairId,
      survivor_id: values.survivorId,
      merged_id: values.mergedId,
      field_choices: JSON.stringify(values.fieldChoices),
      before: JSON.stringify(values.before),
      person_merge_ids: values.personMergeIds,
      moved_person_ids: values.movedPersonIds,
      survivor_version: values.survivorVersion,
      merged_version: values.mergedVersion,
      moved_versions: JSON.stringify(values.movedVersions),
      reason: values.reason,
      merged_by: values.actorId,
      merged_by_name: values.actorName,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A household merge row locked for undo. */
export function lockHouseholdMerge(db: Db, id: number) {
  return db.selectFrom('household_merge').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Marks a household merge undone. */
export async function markHouseholdMergeUndone(
  db: Db,
  id: number,
  actor: { id: number | null; name: string },
  reason: string,
): Promise<void> {
  await db
    .updateTable('household_merge')
    .set({ undone_by: actor.id, undone_by_name: actor.name, undone_at: new Date(), undo_reason: reason })
    .where('id', '=', id)
    .execute();
}

/** A household merge with both cards' numbers, places and heads, as listed. */
export interface HouseholdMergeRow extends Selectable<HouseholdMergeTable> {
  survivor_kk_number: string | null;
  survivor_village_name: string;
  survivor_head_name: string | null;
  merged_kk_number: string | null;
  merged_village_name: string;
  merged_head_name: string | null;
}

const headOf = (alias: string) =>
  sql`(SELECT p.name FROM person p WHERE p.household_id = ${sql.ref(`${alias}.id`)}
    ORDER BY (p.relationship = 1) DESC, p.status, p.id LIMIT 1)`;

const MERGE_SELECT = sql`
  SELECT m.*, sh.kk_number AS survivor_kk_number, sv.name AS survivor_village_name,
    ${headOf('sh')} AS survivor_head_name, dh.kk_number AS merged_kk_number, dv.name AS merged_village_name,
    ${headOf('dh')} AS merged_head_name
  FROM household_merge m
  JOIN household sh ON sh.id = m.survivor_id JOIN region sv ON sv.code = sh.village_code
  JOIN household dh ON dh.id = m.merged_id JOIN region dv ON dv.code = dh.village_code`;

/** A page of household merges with both cards in scope, newest first. */
export async function findHouseholdMerges(
  db: Db,
  scope: Scope,
  filters: { active?: boolean | undefined },
  page: { page: number; pageSize: number },
): Promise<{ rows: HouseholdMergeRow[]; total: number }> {
  const where = mergeListWhere(scope, filters);
  const rows = await sql<HouseholdMergeRow>`${MERGE_SELECT} WHERE ${where} ORDER BY m.id DESC
    ${pageWindow(page)}`.execute(db);
  const total = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM household_merge m
    JOIN household sh ON sh.id = m.survivor_id JOIN household dh ON dh.id = m.merged_id
    WHERE ${where}`.execute(db);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

/** One household merge with both cards in scope. */
export async function findHouseholdMerge(
  db: Db,
  scope: Scope,
  id: number,
): Promise<HouseholdMergeRow | undefined> {
  const res = await sql<HouseholdMergeRow>`${MERGE_SELECT}
    WHERE m.id = ${id} AND ${householdInScope(scope, 'sh')} AND ${householdInScope(scope, 'dh')}`.execute(db);
  return res.rows[0];
}

/** Household ids with their merge target and the household pairs with a status, for quality metrics. */
export async function readFamilyState(db: Db, scope: Scope) {
  const households = await sql<{ id: number; merged_into: number | null }>`
    SELECT h.id, h.merged_into FROM household h WHERE ${householdInScope(scope, 'h')}`.execute(db);
  const pairs = await sql<{ l: number; r: number; status: LinkagePairStatus }>`
    SELECT hp.left_household_id AS l, hp.right_household_id AS r, hp.status ${PAIR_FROM}
    WHERE ${pairScope(scope)}`.execute(db);
  return { households: households.rows, pairs: pairs.rows };
}
