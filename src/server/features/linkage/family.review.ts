/**
 * The family review queue and its consequences: decisions on household pairs, and reversible merges of
 * two family cards. A family merge merges the linked members as persons (person_merge rows, the same
 * records and audit entries as a person merge) and moves the other members into the surviving card;
 * its undo restores both cards and every member exactly.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, HouseholdTable, LinkagePairStatus, PersonTable } from '../../platform/db/schema.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { diffFields, recordAudit, type Actor, type AuditEntry } from '../audit/index.ts';
import type { Scope } from '../access/scope.ts';
import { rescoreAfterChange } from '../scoring/index.ts';
import { alignMembers, type PersonLink } from './family.ts';
import {
  FAMILY_MERGE_FIELD_NAMES,
  completeFieldChoices,
  mergedHouseholdValues,
  presentHouseholdMerge,
  presentHouseholdPair,
  type FamilyMergeField,
} from './family.presenter.ts';
import {
  findHouseholdMerge,
  findHouseholdMerges,
  findHouseholdPair,
  findHouseholdPairs,
  findPairOfHouseholds,
  insertHouseholdMerge,
  lockActiveMembers,
  lockHouseholdInScope,
  lockHouseholdMerge,
  lockHouseholdPair,
  lockPersons,
  markHouseholdMergeUndone,
  movePerson,
  readMembers,
  setHouseholdPairStatus,
  writeHousehold,
  type HouseholdPairRow,
} from './family.repository.ts';
import {
  DECISION_STATUS,
  lockInIdOrder,
  mergePersonsIn,
  pairToMerge,
  refuseIfMerged,
  refuseIfUndone,
  requireReason,
  restore,
  personMergeUndoAudit,
  undoPersonMergeIn,
  type Decision,
  type PageRequest,
  type Snapshot,
} from './linkage.review.ts';
import { findPairOfPersons, lockMerge, writePerson } from './linkage.repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type { PageRequest };

/** Person pairs (not rejected) between active members of some households. */
async function linksAmong(db: Db, householdIds: readonly number[]): Promise<PersonLink[]> {
  if (householdIds.length === 0) return [];
  const res = await sql<{ id: number; l: number; r: number; probability: number; status: string }>`
    SELECT lp.id, lp.left_person_id AS l, lp.right_person_id AS r, lp.probability, lp.status
    FROM linkage_pair lp JOIN person l ON l.id = lp.left_person_id JOIN person r ON r.id = lp.right_person_id
    WHERE lp.status NOT IN ('rejected', 'merged') AND l.status = 1 AND r.status = 1
      AND l.household_id = ANY(${[...householdIds]}::int[]) AND r.household_id = ANY(${[...householdIds]}::int[])
      AND l.household_id <> r.household_id`.execute(db);
  return res.rows.map((r) => ({
    left: r.l,
    right: r.r,
    probability: r.probability,
    status: r.status,
    pairId: r.id,
  }));
}

async function presentRows(db: Db, rows: readonly HouseholdPairRow[]) {
  const ids = [...new Set(rows.flatMap((r) => [r.left.id, r.right.id]))];
  const [members, links] = await Promise.all([readMembers(db, ids), linksAmong(db, ids)]);
  return rows.map((row) => presentHouseholdPair(row, members, links));
}

/** A page of household pairs within the scope, both cards side by side, with counts per status. */
export async function listHouseholdPairs(
  db: Kysely<Database>,
  scope: Scope,
  filters: { statuses: readonly LinkagePairStatus[]; villageCode?: string | undefined },
  page: PageRequest,
) {
  const { rows, total, counts } = await findHouseholdPairs(db, scope, filters, page);
  return { items: await presentRows(db, rows), total, page: page.page, pageSize: page.pageSize, counts };
}

/** One household pair within the scope. */
export async function getHouseholdPair(db: Db, scope: Scope, id: number) {
  const row = await findHouseholdPair(db, scope, id);
  if (!row) throw errors.notFound();
  const [item] = await presentRows(db, [row]);
  if (!item) throw errors.notFound();
  return item;
}

/** A decision on a household pair. */
export type FamilyDecision = Decision;

function householdNotActive(): AppError {
  return new AppError('household_not_active', 409, {
    id: 'Salah satu keluarga sudah tidak aktif (digabung atau dihapus).',
    en: 'One of the family cards is no longer active (merged or removed).',
  });
}

function mergeChanged(): AppError {
  return new AppError('merge_changed', 409, {
    id: 'Data keluarga atau anggotanya sudah berubah setelah penggabungan. Batalkan perubahan atau penggabungan yang lebih baru terlebih dahulu.',
    en: 'A family card or one of its members changed after the merge. Undo the later change or merge first.',
  });
}

/**
 * Accepts, rejects or skips a household pair. Both cards must lie in the scope (404 otherwise); a
 * merged pair is decided by undoing its merge. Audited in both households' histories.
 */
export async function decideHouseholdPair(
  db: Kysely<Database>,
  scope: Scope,
  actor: Actor,
  id: number,
  input: { decision: FamilyDecision; reason?: string | undefined },
) {
  const status = DECISION_STATUS[input.decision];
  const reason = input.reason?.trim() ? input.reason.trim() : null;
  await db.transaction().execute(async (trx) => {
    const visible = await findHouseholdPair(trx, scope, id);
    const pair = visible ? await lockHouseholdPair(trx, id) : undefined;
    if (!visible || !pair) throw errors.notFound();
    refuseIfMerged(pair.status);
    if (visible.left.status !== 1 || visible.right.status !== 1) throw householdNotActive();
    if (pair.status === status) return;
    await setHouseholdPairStatus(trx, id, status, actor, reason);
    await recordAudit(
      trx,
      actor,
      [pair.left_household_id, pair.right_household_id].map((householdId): AuditEntry => ({
        action: 'linkage.household_pair.decision',
        targetType: 'household_pair',
        targetId: id,
        householdId,
        before: { status: pair.status },
        after: {
          status,
          leftHouseholdId: pair.left_household_id,
          rightHouseholdId: pair.right_household_id,
          score: pair.score,
        },
        reason,
      })),
    );
  });
  return getHouseholdPair(db, scope, id);
}

/** The input of a family merge. */
export interface FamilyMergeInput {
  survivorId: number;
  mergedId: number;
  /** Per household field, which card's value the survivor keeps: 'left' is the smaller household id. */
  fieldChoices: Partial<Record<FamilyMergeField, 'left' | 'right'>>;
  /**
   * Members merged as persons: `keep` on the surviving card, `merge` on the other. Absent: every member
   * linked to a survivor member by a person pair (one to one, strongest first).
   */
  memberMerges?: { keep: number; merge: number }[] | undefined;
  reason: string;
  pairId?: number | undefined;
}

/** Checks a member merge list against the two cards' active members: one to one, each on its side. */
function checkMemberMerges(
  pairs: readonly { keep: number; merge: number }[],
  survivorMembers: ReadonlyMap<number, Selectable<PersonTable>>,
  mergedMembers: ReadonlyMap<number, Selectable<PersonTable>>,
): void {
  const keeps = new Set<number>();
  const merges = new Set<number>();
  for (const p of pairs) {
    if (
      !survivorMembers.has(p.keep) ||
      !mergedMembers.has(p.merge) ||
      keeps.has(p.keep) ||
      merges.has(p.merge)
    )
      throw errors.invalid(
        'Pasangan anggota tidak cocok dengan anggota aktif kedua keluarga.',
        'The member pairs do not match the active members of the two family cards.',
      );
    keeps.add(p.keep);
    merges.add(p.merge);
  }
}

function householdData(row: Selectable<HouseholdTable>): Record<string, unknown> {
  const { version: _v, updated_at: _u, created_at: _c, ...rest } = row;
  return rest;
}

/**
 * Merges two family cards: the survivor keeps the chosen household fields; members linked to survivor
 * members are merged as persons; the other active members move to the survivor; the other card gets
 * status 3 and merged_into. Everything as it was is kept for undo; audited in both histories.
 */
export async function mergeHouseholds(
  db: Kysely<Database>,
  scope: Scope,
  actor: Actor,
  input: FamilyMergeInput,
) {
  const reason = requireReason(input.reason, { id: 'penggabungan', en: 'merge' });
  if (input.survivorId === input.mergedId)
    throw errors.invalid('Pilih dua keluarga yang berbeda.', 'Choose two different family cards.');
  const mergeId = await db.transaction().execute(async (trx) => {
    const locked = await lockInIdOrder(input.survivorId, input.mergedId, (id) =>
      lockHouseholdInScope(trx, scope, id),
    );
    if (!locked) throw errors.notFound();
    const { survivor, merged } = locked;
    if (survivor.status !== 1 || merged.status !== 1) throw householdNotActive();
    const pairId = await pairToMerge(input.pairId, {
      lock: (id) => lockHouseholdPair(trx, id),
      joins: (pair) =>
        pair.left_household_id === Math.min(survivor.id, merged.id) &&
        pair.right_household_id === Math.max(survivor.id, merged.id),
      find: () => findPairOfHouseholds(trx, survivor.id, merged.id),
      mismatch: () =>
        errors.invalid(
          'Pasangan tidak cocok dengan kedua keluarga ini.',
          'The pair does not match these two family cards.',
        ),
    });
    // Members are locked in household id order too, for the same reason.
    const survivorFirst = survivor.id < merged.id;
    const lowMembers = await lockActiveMembers(trx, survivorFirst ? survivor.id : merged.id);
    const highMembers = await lockActiveMembers(trx, survivorFirst ? merged.id : survivor.id);
    const survivorMembers = new Map(
      (survivorFirst ? lowMembers : highMembers).map((p) => [p.id, p] as const),
    );
    const mergedMembers = new Map((survivorFirst ? highMembers : lowMembers).map((p) => [p.id, p] as const));
    let memberMerges = input.memberMerges;
    if (!memberMerges) {
      const links = await linksAmong(trx, [survivor.id, merged.id]);
      memberMerges = alignMembers(
        links.map((l) => (survivorMembers.has(l.left) ? l : { ...l, left: l.right, right: l.left })),
      )
        .filter((m) => survivorMembers.has(m.left) && mergedMembers.has(m.right))
        .map((m) => ({ keep: m.left, merge: m.right }));
    }
    checkMemberMerges(memberMerges, survivorMembers, mergedMembers);

    const note = `keluarga #${merged.id} → #${survivor.id}`;
    const personMergeIds: number[] = [];
    for (const m of [...memberMerges].sort((a, b) => a.merge - b.merge)) {
      const keep = survivorMembers.get(m.keep);
      const gone = mergedMembers.get(m.merge);
      if (!keep || !gone) continue;
      const personPair = await findPairOfPersons(trx, keep.id, gone.id);
      personMergeIds.push(
        await mergePersonsIn(trx, actor, keep, gone, {
          fieldChoices: completeFieldChoices(keep, gone),
          pairId: personPair && personPair.status !== 'merged' ? personPair.id : null,
          reason,
          mergeReason: `${reason} (${note})`,
        }),
      );
    }
    const mergedAway = new Set(memberMerges.map((m) => m.merge));
    const moving = [...mergedMembers.values()].filter((p) => !mergedAway.has(p.id));
    const movedVersions: Record<string, number> = {};
    for (const p of moving) movedVersions[String(p.id)] = await movePerson(trx, p.id, survivor.id);

    const survivorNext = {
      ...mergedHouseholdValues(survivor, merged, input.fieldChoices),
      version: survivor.version + 1,
    };
    const mergedNext = { ...merged, status: 3, merged_into: survivor.id, version: merged.version + 1 };
    await writeHousehold(trx, survivorNext);
    await writeHousehold(trx, mergedNext);
    const choices: Record<string, 'left' | 'right'> = {};
    for (const field of FAMILY_MERGE_FIELD_NAMES) {
      const c = input.fieldChoices[field];
      if (c) choices[field] = c;
    }
    const row = await insertHouseholdMerge(trx, {
      pairId,
      survivorId: survivor.id,
      mergedId: merged.id,
      fieldChoices: choices,
      before: { survivor, merged, moved: moving },
      personMergeIds,
      movedPersonIds: moving.map((p) => p.id),
      survivorVersion: survivorNext.version,
      mergedVersion: mergedNext.version,
      movedVersions,
      reason,
      actorId: actor.id,
      actorName: actor.name,
    });
    if (pairId !== null) await setHouseholdPairStatus(trx, pairId, 'merged', actor, reason);
    const diff = diffFields(householdData(survivor), householdData(survivorNext));
    await recordAudit(trx, actor, [
      {
        action: 'household.merge',
        targetType: 'household',
        targetId: survivor.id,
        householdId: survivor.id,
        before: diff.before,
        after: {
          ...diff.after,
          mergedHouseholdId: merged.id,
          householdMergeId: row.id,
          personMergeIds,
          movedPersonIds: moving.map((p) => p.id),
        },
        reason,
      },
      {
        action: 'household.merged_into',
        targetType: 'household',
        targetId: merged.id,
        householdId: merged.id,
        before: { status: merged.status, merged_into: merged.merged_into },
        after: { status: 3, merged_into: survivor.id, householdMergeId: row.id },
        reason,
      },
      ...moving.map((p): AuditEntry => ({
        action: 'person.household_move',
        targetType: 'person',
        targetId: p.id,
        householdId: survivor.id,
        before: { household_id: merged.id },
        after: { household_id: survivor.id, householdMergeId: row.id },
        reason,
      })),
    ]);
    // Both cards' members changed: rescored in this transaction, as a person merge is.
    await rescoreAfterChange(trx, [survivor.id, merged.id], actor);
    return row.id;
  });
  return getHouseholdMerge(db, scope, mergeId);
}

/** One household merge within the scope. */
export async function getHouseholdMerge(db: Db, scope: Scope, id: number) {
  const row = await findHouseholdMerge(db, scope, id);
  if (!row) throw errors.notFound();
  return presentHouseholdMerge(row);
}

/** A page of household merges within the scope, newest first. */
export async function listHouseholdMerges(
  db: Kysely<Database>,
  scope: Scope,
  filters: { active?: boolean | undefined },
  page: PageRequest,
) {
  const { rows, total } = await findHouseholdMerges(db, scope, filters, page);
  return { items: rows.map(presentHouseholdMerge), total, page: page.page, pageSize: page.pageSize };
}

interface HouseholdSnapshot {
  survivor: Snapshot<Selectable<HouseholdTable>>;
  merged: Snapshot<Selectable<HouseholdTable>>;
  moved: Snapshot<Selectable<PersonTable>>[];
}

function householdSnapshotOf(before: unknown): HouseholdSnapshot {
  const b = before as Partial<HouseholdSnapshot> | null;
  if (!b?.survivor || !b.merged || !Array.isArray(b.moved))
    throw new Error('household merge snapshot is incomplete');
  return { survivor: b.survivor, merged: b.merged, moved: b.moved };
}

/** Undoes one person merge made by a family merge, refusing when either record changed after it. */
async function undoMemberMergeIn(
  trx: Transaction<Database>,
  actor: Actor,
  personMergeId: number,
  reason: string,
): Promise<void> {
  const merge = await lockMerge(trx, personMergeId);
  if (!merge || merge.undone_at) throw mergeChanged();
  const persons = await lockPersons(trx, [merge.survivor_id, merge.merged_id]);
  const survivor = persons.find((p) => p.id === merge.survivor_id);
  const merged = persons.find((p) => p.id === merge.merged_id);
  if (!survivor || !merged) throw errors.notFound();
  if (survivor.version !== merge.survivor_version || merged.version !== merge.merged_version)
    throw mergeChanged();
  const back = await undoPersonMergeIn(trx, actor, merge, { survivor, merged }, reason);
  await recordAudit(trx, actor, personMergeUndoAudit(personMergeId, { survivor, merged }, back, reason));
}

/**
 * Undoes a family merge: every member merge is undone, moved members go back, and both cards get back
 * every value they had, exactly; the pair returns to review. Refused once a card or a member touched by
 * the merge changed after it.
 */
export async function undoHouseholdMerge(
  db: Kysely<Database>,
  scope: Scope,
  actor: Actor,
  id: number,
  input: { reason: string },
) {
  const reason = requireReason(input.reason, { id: 'pembatalan', en: 'undo' });
  await db.transaction().execute(async (trx) => {
    const visible = await findHouseholdMerge(trx, scope, id);
    const merge = visible ? await lockHouseholdMerge(trx, id) : undefined;
    if (!visible || !merge) throw errors.notFound();
    refuseIfUndone(merge);
    const locked = await lockInIdOrder(merge.survivor_id, merge.merged_id, (hid) =>
      lockHouseholdInScope(trx, scope, hid),
    );
    if (!locked) throw errors.notFound();
    const { survivor, merged } = locked;
    if (survivor.version !== merge.survivor_version || merged.version !== merge.merged_version)
      throw mergeChanged();
    const moved = await lockPersons(trx, merge.moved_person_ids);
    const versions = merge.moved_versions;
    for (const p of moved)
      if (p.household_id !== survivor.id || p.version !== versions[String(p.id)]) throw mergeChanged();
    if (moved.length !== merge.moved_person_ids.length) throw mergeChanged();

    for (const personMergeId of [...merge.person_merge_ids].reverse())
      await undoMemberMergeIn(trx, actor, personMergeId, reason);
    const snap = householdSnapshotOf(merge.before);
    const movedBack: AuditEntry[] = [];
    for (const p of moved) {
      const before = snap.moved.find((s) => s.id === p.id);
      if (!before) throw new Error(`household merge snapshot misses person ${p.id}`);
      const restored = restore(before, p);
      await writePerson(trx, restored);
      movedBack.push({
        action: 'person.household_move',
        targetType: 'person',
        targetId: p.id,
        householdId: restored.household_id,
        before: { household_id: p.household_id },
        after: { household_id: restored.household_id, householdMergeId: id, undo: true },
        reason,
      });
    }
    const survivorBack = restore(snap.survivor, survivor);
    const mergedBack = restore(snap.merged, merged);
    await writeHousehold(trx, survivorBack);
    await writeHousehold(trx, mergedBack);
    await markHouseholdMergeUndone(trx, id, actor, reason);
    if (merge.pair_id !== null) await setHouseholdPairStatus(trx, merge.pair_id, 'review', null, null);
    const sDiff = diffFields(householdData(survivor), householdData(survivorBack));
    const mDiff = diffFields(householdData(merged), householdData(mergedBack));
    await recordAudit(trx, actor, [
      {
        action: 'household.merge_undo',
        targetType: 'household',
        targetId: survivor.id,
        householdId: survivor.id,
        before: sDiff.before,
        after: { ...sDiff.after, householdMergeId: id, movedBackPersonIds: merge.moved_person_ids },
        reason,
      },
      {
        action: 'household.merge_undo',
        targetType: 'household',
        targetId: merged.id,
        householdId: merged.id,
        before: mDiff.before,
        after: { ...mDiff.after, householdMergeId: id },
        reason,
      },
      ...movedBack,
    ]);
    await rescoreAfterChange(trx, [survivor.id, merged.id], actor);
  });
  return getHouseholdMerge(db, scope, id);
}
