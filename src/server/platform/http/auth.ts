import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { errors } from '../errors.ts';
import { findSessionUser } from '../../features/access/users.repository.ts';
import { toSessionUser, type SessionUser } from '../../features/access/users.service.ts';
import { can, type Permission } from '../../features/access/roles.ts';
import type { Actor } from '../../features/audit/index.ts';

export const SESSION_COOKIE = 'tepat_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

/** Reads the session cookie on every request and puts the user (or null) on the request. */
export const authPlugin = fp(async (app: FastifyInstance, opts: { db: Kysely<Database> }) => {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const row = await findSessionUser(opts.db, token);
    request.user = row ? toSessionUser(row) : null;
  });
});

/** The logged-in user, or a 401. */
export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw errors.unauthenticated();
  return request.user;
}

/** The logged-in user holding a permission, or a 401/403. */
export function requirePermission(request: FastifyRequest, permission: Permission): SessionUser {
  const user = requireUser(request);
  if (!can(user.role, permission)) throw errors.forbidden();
  return user;
}

/** The audit actor of a request. */
export function actorOf(request: FastifyRequest): Actor {
  const user = request.user;
  return { id: user?.id ?? null, name: user?.username ?? 'anonymous', ip: request.ip };
}
