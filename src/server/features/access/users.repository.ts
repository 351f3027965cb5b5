import crypto from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { AppUserTable, Database } from '../../platform/db/schema.ts';

export type UserRow = Selectable<AppUserTable>;

/** A user by username (case-insensitive). */
export function findUserByUsername(db: Kysely<Database>, username: string) {
  return db
    .selectFrom('app_user')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst();
}

/** A user by id. */
export function findUserById(db: Kysely<Database>, id: number) {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

/** All users, by username. */
export function listUsers(db: Kysely<Database>) {
  return db.selectFrom('app_user').selectAll().orderBy('username').execute();
}

function tokenId(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Creates a session and returns the token for the cookie; only its hash is stored. */
export async function createSession(
  db: Kysely<Database>,
  userId: number,
  hours: number,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; expiresAt: Date }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + hours * 3_600_000);
  await db
    .insertInto('user_session')
    .values({
      id: tokenId(token),
      user_id: userId,
      expires_at: expiresAt,
      ip: meta.ip,
      user_agent: meta.userAgent,
    })
    .execute();
  return { token, expiresAt };
}

/** The active user of a session token, or undefined when unknown, expired or deactivated. */
export function findSessionUser(db: Kysely<Database>, token: string) {
  return db
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .selectAll('u')
    .where('s.id', '=', tokenId(token))
    .where('s.expires_at', '>', new Date())
    .where('u.active', '=', true)
    .executeTakeFirst();
}

/** Ends a session. */
export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('user_session').where('id', '=', tokenId(token)).execute();
}

/** Ends every session of a user (after a password reset or deactivation). */
export async function deleteUserSessions(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('user_session').where('user_id', '=', userId).execute();
}
