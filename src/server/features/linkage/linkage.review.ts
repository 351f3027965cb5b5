/**
 * The review queue and its consequences: decisions on candidate pairs, reversible merges of two
 * person records, and the list of NIKs held in more than one active family card.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, LinkagePairStatus, PersonMergeTable, PersonTable } from '../../platform/db/schema.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { diffFields, recordAudit, type Actor, type AuditEntry } from '../audit/index.ts';
import type { Scope } from '../access/scope.ts';
import { rescoreAfterChange } from '../scoring/index.ts';
import {
  MERGE_FIELDS,
  MERGE_FIELD_NAMES,
  presentConflicts,
  presentMerge,
  presentPair,
  type MergeField,
} from './linkage.presenter.ts';
import {
  findMerge,
  findMerges,
  findNikConflicts,
  findPair,
  findPairOfPersons,
  findPairs,
  insertMerge,
  lockMerge,
  lockPair,
  lockPersonInScope,
  markMergeUndone,
  setPairStatus,
  writePerson,
} from './linkage.repository.ts';

/** A page request. */
export interface PageRequest {
  page: number;
  pageSize: number;
}

/** Statuses a list can ask for. */
export const PAIR_STATUSES = [
  'auto_accepted',
  'review',
  'accepted',
  'rejected',
  'skipped',
  'merged',
] as const;

/** A page of candidate pairs within the scope, both persons side by side, with counts per status. */
export async function listPairs(
  db: Kysely<Database>,
  scope: Scope,
  filters: { statuses: readonly LinkagePairStatus[]; villageCode?: string | undefined },
  page: PageRequest,
) {
  const { rows, total, counts } = await findPairs(db, scope, filters, page);
  return { items: rows.map(presentPair), total, page: page.page, pageSize: page.pageSize, counts };
}

/** One pair within the scope. */
export async function getPair(db: Kysely<Database>, scope: Scope, id: number) {
  const row = await findPair(db, scope, id);
  if (!row) throw errors.notFound();
  return presentPair(row);
}

/** The pair status each review decision sets, for person and household pairs alike. */
export const DECISION_STATUS = { accept: 'accepted', reject: 'rejected', skip: 'skipped' } as const;
export type Decision = keyof typeof DECISION_STATUS;

function notActive(): AppError {
  return new AppError('person_not_active', 409, {
    id: 'Salah satu orang sudah tidak aktif (digabung, meninggal atau pindah).',
    en: 'One of the persons is no longer active (merged, deceased or moved away).',
  });
}

/** The trimmed reason of a merge or undo, refused when shorter than 5 characters. */
export function requireReason(reason: string | undefined, what: { id: string; en: string }): string {
  const text = (reason ?? '').trim();
  if (text.length < 5)
    throw errors.invalid(
      `Tuliskan alasan ${what.id} (minimal 5 karakter).`,
      `Give a reason for the ${what.en} (at least 5 characters).`,
    );
  return text;
}

/** Refuses a decision on a pair that was merged: it is decided by undoing its merge. */
export function refuseIfMerged(status: LinkagePairStatus): void {
  if (status === 'merged')
    throw new AppError('pair_merged', 409, {
      id: 'Pasangan ini sudah digabung. Batalkan penggabungan terlebih dahulu.',
      en: 'This pair has been merged. Undo the merge first.',
    });
}

/** Refuses to undo a merge twice. */
export function refuseIfUndone(merge: { undone_at: Date | null }): void {
  if (merge.undone_at)
    throw new AppError('merge_already_undone', 409, {
      id: 'Penggabungan ini sudah dibatalkan.',
      en: 'This merge has already been undone.',
    });
}

/**
 * Locks the two records of a merge in id order, so two merges of the same records cannot deadlock.
 * Undefined when either is missing (or outside the scope the lock function applies).
 */
export async function lockInIdOrder<T extends { id: number }>(
  survivorId: number,
  mergedId: number,
  lock: (id: number) => Promise<T | undefined>,
): Promise<{ survivor: T; merged: T } | undefined> {
  const [firstId, secondId] = [survivorId, mergedId].sort((a, b) => a - b) as [number, number];
  const first = await lock(firstId);
  const second = await lock(secondId);
  if (!first || !second) return undefined;
  const survivor = first.id === survivorId ? first : second;
  return { survivor, merged: survivor === first ? second : first };
}

/**
 * The pair a merge closes: the requested one, locked and checked to join exactly these two records and
 * to be neither rejected nor merged; otherwise the records' own pair when it is not merged yet.
 */
export async function pairToMerge<P extends { id: number; status: LinkagePairStatus }>(
  requestedId: number | undefined,
  ops: {
    lock: (id: number) => Promise<P | undefined>;
    joins: (pair: P) => boolean;
    find: () => Promise<P | undefined>;
    mismatch: () => AppError;
  },
): Promise<number | null> {
  if (requestedId === undefined) {
    const pair = await ops.find();
    return pair && pair.status !== 'merged' ? pair.id : null;
  }
  const pair = await ops.lock(requestedId);
  if (!pair || !ops.joins(pair)) throw ops.mismatch();
  if (pair.status === 'merged' || pair.status === 'rejected')
    throw new AppError('pair_not_mergeable', 409, {
      id: 'Pasangan ini sudah ditolak atau digabung.',
      en: 'This pair was already rejected or merged.',
    });
  return pair.id;
}

/**
 * Accepts, rejects or skips a pair. Both households must lie in the scope (404 otherwise, as for a
 * missing pair); a merged pair is decided by undoing its merge. Audited in both households' histories.
 */
export async function decidePair(
  db: Kysely<Database>,
  scope: Scope,
  actor: Actor,
  id: number,
  input: { decision: Decision; reason?: string | undefined },
) {
  const status = DECISION_STATUS[input.decision];
  const reason = input.reason?.trim() ? input.reason.trim() : null;
  await db.transaction().execute(async (trx) => {
    const visible = await findPair(trx, scope, id);
    const pair = visible ? await lockPair(trx, id) : undefined;
    if (!visible || !pair) throw errors.notFound();
    refuseIfMerged(pair.status);
    if (visible.left.person.status !== 1 || visible.right.person.status !== 1) throw notActive();
    if (pair.status === status) return;
    await setPairStatus(trx, id, status, actor, reason);
    const households = [...new Set([visible.left.person.household_id, visible.right.person.household_id])];
    await recordAudit(
      trx,
      actor,
      households.map((householdId): AuditEntry => ({
        action: 'linkage.pair.decision',
        targetType: 'linkage_pair',
        targetId: id,
        householdId,
        before: { status: pair.status },
        after: {
          status,
          leftPersonId: pair.left_person_id,
          rightPersonId: pair.right_person_id,
          matchWeight: pair.match_weight,
        },
        reason,
      })),
    );
  });
  return getPair(db, scope, id);
}

/** The input of a merge. */
export interface MergeInput {
  survivorId: number;
  mergedId: number;
  /** Per field, which record's value the survivor keeps: 'left' is the smaller person id. */
  fieldChoices: Partial<Record<MergeField, 'left' | 'right'>>;
  reason: string;
  pairId?: number | undefined;
}

/** The survivor's values after a merge: each chosen field from the chosen record, the rest its own. */
export function mergedValues(
  survivor: Selectable<PersonTable>,
  merged: Selectable<PersonTable>,
  choices: MergeInput['fieldChoices'],
): Selectable<PersonTable> {
  const left = survivor.id < merged.id ? survivor : merged;
  const right = left === survivor ? merged : survivor;
  const next: Selectable<PersonTable> = { ...survivor };
  for (const field of MERGE_FIELD_NAMES) {
    const choice = choices[field];
    if (!choice) continue;
    const column = MERGE_FIELDS[field];
    const source = choice === 'left' ? left : right;
    (next as unknown as Record<string, unknown>)[column] = source[column];
  }
  return next;
}

/**
 * Merges two locked, active person records in a transaction: the survivor takes the chosen values, the
 * other gets status 4 and merged_into, the merge row keeps both rows as they were, the pair (if any) is
 * marked merged, and person.merge / person.merged_into go to both histories. The one merge path of a
 * person merge and of the member merges of a family merge. Returns the merge id.
 */
export async function mergePersonsIn(
  trx: Transaction<Database>,
  actor: Actor,
  survivor: Selectable<PersonTable>,
  merged: Selectable<PersonTable>,
  input: {
    fieldChoices: MergeInput['fieldChoices'];
    pairId: number | null;
    reason: string;
    /** The reason stored on the merge row, when it says more than the audited reason. */
    mergeReason?: string | undefined;
  },
): Promise<number> {
  const { pairId, reason } = input;
  const survivorNext = {
    ...mergedValues(survivor, merged, input.fieldChoices),
    version: survivor.version + 1,
  };
  const mergedNext = { ...merged, status: 4, merged_into: survivor.id, version: merged.version + 1 };
  await writePerson(trx, survivorNext);
  await writePerson(trx, mergedNext);
  const choices: Record<string, 'left' | 'right'> = {};
  for (const field of MERGE_FIELD_NAMES) {
    const c = input.fieldChoices[field];
    if (c) choices[field] = c;
  }
  const row = await insertMerge(trx, {
    pairId,
    survivorId: survivor.id,
    mergedId: merged.id,
    fieldChoices: choices,
    before: { survivor, merged },
    survivorVersion: survivorNext.version,
    mergedVersion: mergedNext.version,
    reason: input.mergeReason ?? reason,
    actorId: actor.id,
    actorName: actor.name,
  });
  if (pairId !== null) await setPairStatus(trx, pairId, 'merged', actor, reason);
  const { version: _sv, updated_at: _su, ...survivorFields } = survivorNext;
  const diff = diffFields(survivor as unknown as Record<string, unknown>, survivorFields);
  await recordAudit(trx, actor, [
    {
      action: 'person.merge',
      targetType: 'person',
      targetId: survivor.id,
      householdId: survivor.household_id,
      before: diff.before,
      after: { ...diff.after, mergedPersonId: merged.id, mergeId: row.id },
      reason,
    },
    {
      action: 'person.merged_into',
      targetType: 'person',
      targetId: merged.id,
      householdId: merged.household_id,
      before: { status: merged.status, merged_into: merged.merged_into },
      after: { status: 4, merged_into: survivor.id, mergeId: row.id },
      reason,
    },
  ]);
  return row.id;
}

/**
 * Merges two person records: the survivor keeps the chosen field values, the merged record gets
 * status 4 (merged) and merged_into = survivor, and both rows as they were are kept for undo. The
 * audit entries carry each household's id so both families' histories show the merge.
 */
export async function mergePersons(db: Kysely<Database>, scope: Scope, actor: Actor, input: MergeInput) {
  const reason = requireReason(input.reason, { id: 'penggabungan', en: 'merge' });
  if (input.survivorId === input.mergedId)
    throw errors.invalid('Pilih dua orang yang berbeda.', 'Choose two different persons.');
  const mergeId = await db.transaction().execute(async (trx) => {
    const locked = await lockInIdOrder(input.survivorId, input.mergedId, (id) =>
      lockPersonInScope(trx, scope, id),
    );
    if (!locked) throw errors.notFound();
    const { survivor, merged } = locked;
    if (survivor.status !== 1 || merged.status !== 1) throw notActive();
    const pairId = await pairToMerge(input.pairId, {
      lock: (id) => lockPair(trx, id),
      joins: (pair) =>
        pair.left_person_id === Math.min(survivor.id, merged.id) &&
        pair.right_person_id === Math.max(survivor.id, merged.id),
      find: () => findPairOfPersons(trx, survivor.id, merged.id),
      mismatch: () =>
        errors.invalid(
          'Pasangan tidak cocok dengan kedua orang ini.',
          'The pair does not match these two persons.',
        ),
    });
    const id = await mergePersonsIn(trx, actor, survivor, merged, {
      fieldChoices: input.fieldChoices,
      pairId,
      reason,
    });
    // Both families' members changed: rescored in this transaction, like a registry edit.
    await rescoreAfterChange(trx, [survivor.household_id, merged.household_id], actor);
    return id;
  });
  return getMerge(db, scope, mergeId);
}

/** One merge within the scope. */
export async function getMerge(db: Kysely<Database>, scope: Scope, id: number) {
  const row = await findMerge(db, scope, id);
  if (!row) throw errors.notFound();
  return presentMerge(row);
}

/** A page of merges within the scope, newest first. */
export async function listMerges(
  db: Kysely<Database>,
  scope: Scope,
  filters: { active?: boolean | undefined },
  page: PageRequest,
) {
  const { rows, total } = await findMerges(db, scope, filters, page);
  return { items: rows.map(presentMerge), total, page: page.page, pageSize: page.pageSize };
}

/** A row as stored in a merge snapshot (timestamps as ISO text). */
export type Snapshot<T> = Omit<T, 'created_at' | 'updated_at'> & {
  created_at: string | Date;
  updated_at: string | Date;
};

/** A row back as its snapshot had it, with the current timestamps and the next version. */
export function restore<T extends { created_at: Date; updated_at: Date; version: number }>(
  snapshot: Snapshot<T>,
  current: T,
): T {
  // The version moves on, so an edit based on the merged state cannot overwrite the restored record.
  return {
    ...snapshot,
    created_at: current.created_at,
    updated_at: current.updated_at,
    version: current.version + 1,
  } as T;
}

function snapshotOf(before: unknown): {
  survivor: Snapshot<Selectable<PersonTable>>;
  merged: Snapshot<Selectable<PersonTable>>;
} {
  const b = before as {
    survivor?: Snapshot<Selectable<PersonTable>>;
    merged?: Snapshot<Selectable<PersonTable>>;
  } | null;
  if (!b?.survivor || !b.merged) throw new Error('merge snapshot is incomplete');
  return { survivor: b.survivor, merged: b.merged };
}

/**
 * Undoes a person merge in a transaction, once the caller has locked and checked both records: both get
 * back every value they had before it, the merge is marked undone and its pair returns to review. The one
 * undo path of a person merge and of the member merges of a family merge; the caller audits.
 */
export async function undoPersonMergeIn(
  trx: Transaction<Database>,
  actor: Actor,
  merge: Selectable<PersonMergeTable>,
  current: { survivor: Selectable<PersonTable>; merged: Selectable<PersonTable> },
  reason: string,
): Promise<{ survivorBack: Selectable<PersonTable>; mergedBack: Selectable<PersonTable> }> {
  const snap = snapshotOf(merge.before);
  const survivorBack = restore(snap.survivor, current.survivor);
  const mergedBack = restore(snap.merged, current.merged);
  await writePerson(trx, survivorBack);
  await writePerson(trx, mergedBack);
  await markMergeUndone(trx, merge.id, actor, reason);
  if (merge.pair_id !== null) await setPairStatus(trx, merge.pair_id, 'review', null, null);
  return { survivorBack, mergedBack };
}

/**
 * Undoes a merge: both records get back every value they had before it, exactly, and the pair returns
 * to the review queue. Refused once either record changed after the merge (undo later merges first).
 */
export async function undoMerge(
  db: Kysely<Database>,
  scope: Scope,
  actor: Actor,
  id: number,
  input: { reason: string },
) {
  const reason = requireReason(input.reason, { id: 'pembatalan', en: 'undo' });
  await db.transaction().execute(async (trx) => {
    const visible = await findMerge(trx, scope, id);
    const merge = visible ? await lockMerge(trx, id) : undefined;
    if (!visible || !merge) throw errors.notFound();
    refuseIfUndone(merge);
    const locked = await lockInIdOrder(merge.survivor_id, merge.merged_id, (pid) =>
      lockPersonInScope(trx, scope, pid),
    );
    if (!locked) throw errors.notFound();
    const { survivor, merged } = locked;
    if (survivor.version !== merge.survivor_version || merged.version !== merge.merged_version)
      throw new AppError('merge_changed', 409, {
        id: 'Data salah satu orang sudah berubah setelah penggabungan. Batalkan perubahan atau penggabungan yang lebih baru terlebih dahulu.',
        en: 'One of the records changed after the merge. Undo the later change or merge first.',
      });
    const back = await undoPersonMergeIn(trx, actor, merge, locked, reason);
    await recordAudit(trx, actor, personMergeUndoAudit(id, locked, back, reason));
    await rescoreAfterChange(trx, [survivor.household_id, merged.household_id], actor);
  });
  return getMerge(db, scope, id);
}

/**
 * The audit entries of an undone person merge, one per record with every field it got back (before and
 * after), whether the undo was asked for on its own or as part of a family merge's undo.
 */
export function personMergeUndoAudit(
  mergeId: number,
  current: { survivor: Selectable<PersonTable>; merged: Selectable<PersonTable> },
  back: { survivorBack: Selectable<PersonTable>; mergedBack: Selectable<PersonTable> },
  reason: string,
): AuditEntry[] {
  return [
    [current.survivor, back.survivorBack],
    [current.merged, back.mergedBack],
  ].map(([now, restored]): AuditEntry => {
    if (!now || !restored) throw new Error('person merge undo without both records');
    const diff = diffFields(stripMeta(now), stripMeta(restored));
    return {
      action: 'person.merge_undo',
      targetType: 'person',
      targetId: now.id,
      householdId: now.household_id,
      before: diff.before,
      after: { ...diff.after, mergeId },
      reason,
    };
  });
}

function stripMeta(row: Selectable<PersonTable>): Record<string, unknown> {
  const { version: _v, updated_at: _u, created_at: _c, ...rest } = row;
  return rest;
}

/** A page of NIKs held in more than one active family card, touching the scope. */
export async function listNikConflicts(
  db: Kysely<Database>,
  scope: Scope,
  filters: { villageCode?: string | undefined },
  page: PageRequest,
) {
  const { rows, total } = await findNikConflicts(db, scope, filters, page);
  return { items: presentConflicts(rows), total, page: page.page, pageSize: page.pageSize };
}
