import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../platform/db/schema.ts';
import { requirePermission } from '../../platform/http/auth.ts';
import { findAuditEntries } from './audit.repository.ts';

/** The audit log for auditors and administrators. */
export async function auditRoutes(app: FastifyInstance, opts: { db: Kysely<Database> }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        querystring: z.object({
          actor: z.string().max(100).optional(),
          action: z.string().max(100).optional(),
          targetType: z.string().max(100).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
    },
    async (req) => {
      requirePermission(req, 'audit.read');
      const { rows, total } = await findAuditEntries(opts.db, req.query);
      return {
        items: rows.map((r) => ({
          id: Number(r.id),
          at: r.at,
          actorName: r.actor_name,
          action: r.action,
          targetType: r.target_type,
          targetId: r.target_id,
          householdId: r.household_id,
          before: r.before,
          after: r.after,
          reason: r.reason,
          ip: r.ip,
        })),
        total,
        page: req.query.page,
        pageSize: req.query.pageSize,
      };
    },
  );
}
