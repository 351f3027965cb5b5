import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AppConfig } from '../../platform/config.ts';
import type { Database } from '../../platform/db/schema.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { SESSION_COOKIE, actorOf, requirePermission, requireUser } from '../../platform/http/auth.ts';
import { recordAudit } from '../audit/index.ts';
import { ROLES } from './roles.ts';
import { createSession, deleteSession, findUserById, listUsers } from './users.repository.ts';
import {
  authenticate,
  createUser,
  presentMe,
  setPassword,
  toSessionUser,
  updateUser,
} from './users.service.ts';

const me = z.object({
  id: z.number(),
  username: z.string(),
  fullName: z.string(),
  role: z.enum(ROLES),
  scopeLevel: z.enum(['city', 'district', 'village', 'rt']),
  scopeCodes: z.array(z.string()),
  scopeLabel: z.string(),
  language: z.enum(['id', 'en']),
  permissions: z.array(z.string()),
});
const adminUser = z.object({
  id: z.number(),
  username: z.string(),
  fullName: z.string(),
  role: z.string(),
  scopeLevel: z.enum(['city', 'district', 'village', 'rt']),
  scopeCodes: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.date(),
});
const scopeLevel = z.enum(['city', 'district', 'village', 'rt']);
const idParams = z.object({ id: z.coerce.number().int().positive() });

function presentAdminUser(u: Awaited<ReturnType<typeof listUsers>>[number]) {
  return {
    id: u.id,
    username: u.username,
    fullName: u.full_name,
    role: u.role,
    scopeLevel: u.scope_level,
    scopeCodes: u.scope_codes,
    active: u.active,
    createdAt: u.created_at,
  };
}

/** Login, logout, the current user, and account administration. */
export async function accessRoutes(app: FastifyInstance, opts: { db: Kysely<Database>; config: AppConfig }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = opts;

  r.get(
    '/api/auth/csrf',
    { schema: { tags: ['auth'], response: { 200: z.object({ token: z.string() }) } } },
    async (_req, reply) => ({ token: reply.generateCsrf() }),
  );

  r.post(
    '/api/auth/login',
    {
      config: {
        rateLimit: {
          max: config.loginMaxAttempts,
          timeWindow: '15 minutes',
          keyGenerator: (req) => {
            const body = req.body as { username?: unknown } | undefined;
            return `${req.ip}|${typeof body?.username === 'string' ? body.username.toLowerCase() : ''}`;
          },
        },
      },
      schema: {
        tags: ['auth'],
        body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
        response: { 200: z.object({ user: me }) },
      },
    },
    async (req, reply) => {
      const row = await authenticate(db, req.body.username, req.body.password).catch(
        async (error: unknown) => {
          await recordAudit(
            db,
            { id: null, name: req.body.username, ip: req.ip },
            {
              action: 'auth.login_failed',
              targetType: 'user',
            },
          );
          throw error;
        },
      );
      const session = await createSession(db, row.id, config.sessionHours, {
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
      });
      await recordAudit(
        db,
        { id: row.id, name: row.username, ip: req.ip },
        {
          action: 'auth.login',
          targetType: 'user',
          targetId: row.id,
        },
      );
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: config.secureCookies,
        expires: session.expiresAt,
      });
      const user = toSessionUser(row);
      req.user = user;
      return { user: await presentMe(db, user) };
    },
  );

  r.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], response: { 200: z.object({ ok: z.literal(true) }) } } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) {
        await deleteSession(db, token);
        if (req.user)
          await recordAudit(db, actorOf(req), {
            action: 'auth.logout',
            targetType: 'user',
            targetId: req.user.id,
          });
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  r.get(
    '/api/auth/me',
    { schema: { tags: ['auth'], response: { 200: z.object({ user: me }) } } },
    async (req) => ({
      user: await presentMe(db, requireUser(req)),
    }),
  );

  r.patch(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        body: z.object({ language: z.enum(['id', 'en']) }),
        response: { 200: z.object({ user: me }) },
      },
    },
    async (req) => {
      const user = requireUser(req);
      const row = await updateUser(db, actorOf(req), user.id, { language: req.body.language });
      return { user: await presentMe(db, toSessionUser(row)) };
    },
  );

  r.get(
    '/api/admin/users',
    { schema: { tags: ['admin'], response: { 200: z.object({ items: z.array(adminUser) }) } } },
    async (req) => {
      requirePermission(req, 'users.manage');
      return { items: (await listUsers(db)).map(presentAdminUser) };
    },
  );

  r.post(
    '/api/admin/users',
    {
      schema: {
        tags: ['admin'],
        body: z.object({
          username: z
            .string()
            .min(3)
            .max(60)
            .regex(/^[a-z0-9._-]+$/i),
          fullName: z.string().min(1).max(200),
          role: z.enum(ROLES),
          scopeLevel,
          scopeCodes: z.array(z.string()).default([]),
          password: z.string().min(1).max(200),
        }),
        response: { 200: z.object({ user: adminUser }) },
      },
    },
    async (req) => {
      requirePermission(req, 'users.manage');
      return { user: presentAdminUser(await createUser(db, actorOf(req), req.body)) };
    },
  );

  r.patch(
    '/api/admin/users/:id',
    {
      schema: {
        tags: ['admin'],
        params: idParams,
        body: z.object({
          fullName: z.string().min(1).max(200).optional(),
          role: z.enum(ROLES).optional(),
          scopeLevel: scopeLevel.optional(),
          scopeCodes: z.array(z.string()).optional(),
          active: z.boolean().optional(),
        }),
        response: { 200: z.object({ user: adminUser }) },
      },
    },
    async (req) => {
      const admin = requirePermission(req, 'users.manage');
      if (req.params.id === admin.id && req.body.active === false)
        throw new AppError('cannot_deactivate_self', 400, {
          id: 'Anda tidak dapat menonaktifkan akun sendiri.',
          en: 'You cannot deactivate your own account.',
        });
      return { user: presentAdminUser(await updateUser(db, actorOf(req), req.params.id, req.body)) };
    },
  );

  r.post(
    '/api/admin/users/:id/password',
    {
      schema: {
        tags: ['admin'],
        params: idParams,
        body: z.object({ password: z.string().min(1).max(200) }),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      requirePermission(req, 'users.manage');
      if (!(await findUserById(db, req.params.id))) throw errors.notFound();
      await setPassword(db, actorOf(req), req.params.id, req.body.password);
      return { ok: true as const };
    },
  );
}
