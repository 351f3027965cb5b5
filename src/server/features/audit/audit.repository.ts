import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

export interface AuditQuery {
  actor?: string | undefined;
  action?: string | undefined;
  targetType?: string | undefined;
  page: number;
  pageSize: number;
}

/** A page of the audit log, newest first. */
export async function findAuditEntries(db: Kysely<Database>, q: AuditQuery) {
  let base = db.selectFrom('audit_log');
  if (q.actor) base = base.where('actor_name', 'ilike', `%${q.actor}%`);
  if (q.action) base = base.where('action', '=', q.action);
  if (q.targetType) base = base.where('target_type', '=', q.targetType);
  const [rows, total] = await Promise.all([
    base
      .selectAll()
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** The change history of a household and its members (views excluded), newest first. */
export async function findHouseholdHistory(db: Kysely<Database>, householdId: number) {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('household_id', '=', householdId)
    .where('action', 'not like', 'view%')
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
}
