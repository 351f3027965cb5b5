import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';

export interface Actor {
  id: number | null;
  name: string;
  ip?: string | null;
}

/** The system itself, for work nobody started by hand (demo load, migrations). */
export const SYSTEM_ACTOR: Actor = { id: null, name: 'system' };

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | number | null;
  householdId?: number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** Appends entries to the audit log in the caller's transaction, so the record and its audit commit together. */
export async function recordAudit(
  db: Kysely<Database> | Transaction<Database>,
  actor: Actor,
  entries: AuditEntry | AuditEntry[],
): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(
      list.map((e) => ({
        actor_id: actor.id,
        actor_name: actor.name,
        action: e.action,
        target_type: e.targetType,
        target_id: e.targetId === undefined || e.targetId === null ? null : String(e.targetId),
        household_id: e.householdId ?? null,
        before: e.before === undefined ? null : JSON.stringify(e.before),
        after: e.after === undefined ? null : JSON.stringify(e.after),
        reason: e.reason ?? null,
        ip: actor.ip ?? null,
      })),
    )
    .execute();
}

/** Only the fields that differ between two versions of a record, for compact before/after values. */
export function diffFields<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}
