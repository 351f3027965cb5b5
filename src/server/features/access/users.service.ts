import type { Kysely } from 'kysely';
import { recordAudit, diffFields, type Actor } from '../audit/index.ts';
import { AppError, errors } from '../../platform/errors.ts';
import type { Database } from '../../platform/db/schema.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { ROLES, permissionsOf, type Role } from './roles.ts';
import type { Scope } from './scope.ts';
import { deleteUserSessions, findUserById, findUserByUsername, type UserRow } from './users.repository.ts';

export interface NewUser {
  username: string;
  fullName: string;
  role: Role;
  scopeLevel: Scope['level'];
  scopeCodes: string[];
  password: string;
}

/** The session user as the API and the services see it. */
export interface SessionUser {
  id: number;
  username: string;
  fullName: string;
  role: Role;
  scope: Scope;
  language: 'id' | 'en';
}

/** Turns a stored user into a SessionUser. */
export function toSessionUser(row: UserRow): SessionUser {
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    role: (ROLES as readonly string[]).includes(row.role) ? (row.role as Role) : 'enumerator',
    scope: { level: row.scope_level, codes: row.scope_codes },
    language: row.language === 'en' ? 'en' : 'id',
  };
}

/** Checks username and password; a wrong pair and an unknown user give the same answer. */
export async function authenticate(
  db: Kysely<Database>,
  username: string,
  password: string,
): Promise<UserRow> {
  const user = await findUserByUsername(db, username);
  // Verify against a dummy hash for unknown users so timing does not reveal which usernames exist.
  const ok = await verifyPassword(user?.password_hash ?? (await dummyHash()), password);
  if (!user || !ok || !user.active) {
    throw new AppError('invalid_credentials', 401, {
      id: 'Nama pengguna atau kata sandi salah.',
      en: 'Wrong username or password.',
    });
  }
  return user;
}
let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hashPassword('tepat-dummy-password');
  return dummy;
}

async function assertScopeValid(db: Kysely<Database>, level: Scope['level'], codes: string[]): Promise<void> {
  if (level === 'city') return;
  if (codes.length === 0)
    throw errors.invalid('Wilayah tugas belum dipilih.', 'No region was chosen for the scope.');
  if (level === 'rt') {
    const keys = await db
      .selectFrom('rt_unit')
      .select(['village_code', 'rw', 'rt'])
      .where('active', '=', true)
      .execute();
    const known = new Set(keys.map((k) => `${k.village_code}/${k.rw}/${k.rt}`));
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length > 0)
      throw errors.invalid(`RT tidak dikenal: ${unknown.join(', ')}`, `Unknown RT: ${unknown.join(', ')}`);
    return;
  }
  const want = level === 'district' ? 'district' : 'village';
  const rows = await db
    .selectFrom('region')
    .select('code')
    .where('level', '=', want)
    .where('code', 'in', codes)
    .execute();
  if (rows.length !== new Set(codes).size) {
    const known = new Set(rows.map((r) => r.code));
    const unknown = codes.filter((c) => !known.has(c));
    throw errors.invalid(
      `Kode wilayah tidak dikenal: ${unknown.join(', ')}`,
      `Unknown region codes: ${unknown.join(', ')}`,
    );
  }
}

/** Creates an account (administrators only, checked by the route). */
export async function createUser(db: Kysely<Database>, actor: Actor, input: NewUser): Promise<UserRow> {
  const problem = passwordProblem(input.password);
  if (problem) throw new AppError('weak_password', 400, problem);
  await assertScopeValid(db, input.scopeLevel, input.scopeCodes);
  if (await findUserByUsername(db, input.username))
    throw errors.conflict('username_taken', 'Nama pengguna sudah dipakai.', 'The username is already taken.');
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('app_user')
      .values({
        username: input.username,
        full_name: input.fullName,
        password_hash: passwordHash,
        role: input.role,
        scope_level: input.scopeLevel,
        scope_codes: input.scopeCodes,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'user.create',
      targetType: 'user',
      targetId: row.id,
      after: {
        username: row.username,
        role: row.role,
        scopeLevel: row.scope_level,
        scopeCodes: row.scope_codes,
      },
    });
    return row;
  });
}

export interface UserChanges {
  fullName?: string | undefined;
  role?: Role | undefined;
  scopeLevel?: Scope['level'] | undefined;
  scopeCodes?: string[] | undefined;
  active?: boolean | undefined;
  language?: 'id' | 'en' | undefined;
}

/** Changes an account's name, role, scope, language or active flag; deactivation ends its sessions. */
export async function updateUser(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  changes: UserChanges,
): Promise<UserRow> {
  const current = await findUserById(db, id);
  if (!current) throw errors.notFound();
  const next = {
    full_name: changes.fullName ?? current.full_name,
    role: changes.role ?? current.role,
    scope_level: changes.scopeLevel ?? current.scope_level,
    scope_codes: changes.scopeCodes ?? current.scope_codes,
    active: changes.active ?? current.active,
    language: changes.language ?? current.language,
  };
  if (changes.scopeLevel || changes.scopeCodes)
    await assertScopeValid(db, next.scope_level, next.scope_codes);
  const diff = diffFields(current as unknown as Record<string, unknown>, next);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('app_user')
      .set({ ...next, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (Object.keys(diff.after).length > 0)
      await recordAudit(trx, actor, {
        action: 'user.update',
        targetType: 'user',
        targetId: id,
        before: diff.before,
        after: diff.after,
      });
    if (!next.active) await deleteUserSessions(trx, id);
    return row;
  });
}

/** Sets a new password and ends the account's sessions. */
export async function setPassword(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  password: string,
): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new AppError('weak_password', 400, problem);
  const user = await findUserById(db, id);
  if (!user) throw errors.notFound();
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set({ password_hash: hash, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await deleteUserSessions(trx, id);
    await recordAudit(trx, actor, { action: 'user.password_reset', targetType: 'user', targetId: id });
  });
}

/** What the web app needs to know about the logged-in user. */
export async function presentMe(db: Kysely<Database>, user: SessionUser) {
  const names =
    user.scope.level === 'city' || user.scope.level === 'rt'
      ? []
      : await db
          .selectFrom('region')
          .select(['code', 'name'])
          .where('code', 'in', [...user.scope.codes])
          .execute();
  let scopeLabel: string;
  if (user.scope.level === 'city') {
    const regency = await db
      .selectFrom('region')
      .select('name')
      .where('level', '=', 'regency')
      .executeTakeFirst();
    scopeLabel = regency?.name ?? 'Kota';
  } else if (user.scope.level === 'rt') {
    scopeLabel = user.scope.codes.map((c) => c.split('/').slice(1).join('/')).join(', ');
    scopeLabel = `RW/RT ${scopeLabel}`;
  } else scopeLabel = names.map((n) => n.name).join(', ');
  return {
    id: user.id,
    username: user.username,
    fullName: user.fullName,
    role: user.role,
    scopeLevel: user.scope.level,
    scopeCodes: [...user.scope.codes],
    scopeLabel,
    language: user.language,
    permissions: [...permissionsOf(user.role)],
  };
}
