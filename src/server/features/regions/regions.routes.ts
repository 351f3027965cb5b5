import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  DICTIONARY_CHANGELOG,
  DICTIONARY_VERSION,
  HOUSEHOLD_VARIABLES,
  PERSON_CODES,
} from '../../../shared/dictionary/dictionary.ts';
import type { AppConfig } from '../../platform/config.ts';
import type { Database } from '../../platform/db/schema.ts';
import { actorOf, requirePermission, requireUser } from '../../platform/http/auth.ts';
import { createRtUnit, listRegions, listRtUnits, setRtUnitActive } from './regions.service.ts';

const rtUnit = z.object({
  id: z.number(),
  villageCode: z.string(),
  villageName: z.string(),
  rw: z.string(),
  rt: z.string(),
  active: z.boolean(),
  households: z.number(),
});

/** Regions of the deployment, RT units, and the data dictionary. */
export async function regionRoutes(app: FastifyInstance, opts: { db: Kysely<Database>; config: AppConfig }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = opts;

  r.get(
    '/api/regions',
    {
      schema: {
        tags: ['regions'],
        response: {
          200: z.object({
            items: z.array(
              z.object({
                code: z.string(),
                name: z.string(),
                level: z.string(),
                parentCode: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await listRegions(db, config.regionCode, requireUser(req).scope) }),
  );

  r.get('/api/dictionary', { schema: { tags: ['regions'] } }, async (req) => {
    requireUser(req);
    return {
      version: DICTIONARY_VERSION,
      changelog: DICTIONARY_CHANGELOG,
      householdVariables: HOUSEHOLD_VARIABLES,
      personCodes: PERSON_CODES,
    };
  });

  r.get(
    '/api/rt-units',
    {
      schema: {
        tags: ['regions'],
        querystring: z.object({ villageCode: z.string().optional() }),
        response: { 200: z.object({ items: z.array(rtUnit) }) },
      },
    },
    async (req) => {
      const user = requirePermission(req, 'registry.read');
      return { items: await listRtUnits(db, user.scope, req.query.villageCode) };
    },
  );

  r.post(
    '/api/rt-units',
    {
      schema: {
        tags: ['regions'],
        body: z.object({ villageCode: z.string(), rw: z.string().max(3), rt: z.string().max(3) }),
      },
    },
    async (req) => {
      requirePermission(req, 'rt.manage');
      const row = await createRtUnit(db, actorOf(req), req.body);
      return {
        item: { id: row.id, villageCode: row.village_code, rw: row.rw, rt: row.rt, active: row.active },
      };
    },
  );

  r.patch(
    '/api/rt-units/:id',
    {
      schema: {
        tags: ['regions'],
        params: z.object({ id: z.coerce.number().int().positive() }),
        body: z.object({ active: z.boolean() }),
      },
    },
    async (req) => {
      requirePermission(req, 'rt.manage');
      const row = await setRtUnitActive(db, actorOf(req), req.params.id, req.body.active);
      return {
        item: { id: row.id, villageCode: row.village_code, rw: row.rw, rt: row.rt, active: row.active },
      };
    },
  );
}
