import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../platform/db/schema.ts';
import { actorOf, requirePermission } from '../../platform/http/auth.ts';
import { FAMILY_REASON_KEYS } from './family.ts';
import { FAMILY_MERGE_FIELD_NAMES } from './family.presenter.ts';
import {
  decideHouseholdPair,
  getHouseholdPair,
  listHouseholdMerges,
  listHouseholdPairs,
  mergeHouseholds,
  undoHouseholdMerge,
} from './family.review.ts';
import { PAIR_STATUSES } from './linkage.review.ts';

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const paging = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
const status = z.enum(PAIR_STATUSES);
const agreement = z.enum(['exact', 'close', 'weak', 'different', 'missing']);

const familySide = z.object({
  id: z.number(),
  kkNumber: z.string().nullable(),
  address: z.string(),
  rw: z.string(),
  rt: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  districtCode: z.string(),
  dtsenId: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  status: z.number(),
  version: z.number(),
  mergedInto: z.number().nullable(),
  officialDesil: z.number().nullable(),
  headName: z.string().nullable(),
  memberCount: z.number(),
});
const member = z.object({
  id: z.number(),
  nik: z.string().nullable(),
  name: z.string(),
  sex: z.number().nullable(),
  birthDate: z.string().nullable(),
  relationship: z.number().nullable(),
});
const householdPair = z.object({
  id: z.number(),
  runId: z.number(),
  status,
  score: z.number(),
  probability: z.number(),
  decidedBy: z.string().nullable(),
  decidedAt: z.union([z.date(), z.string()]).nullable(),
  reason: z.string().nullable(),
  reasons: z.array(
    z.object({
      key: z.enum(FAMILY_REASON_KEYS),
      contribution: z.number(),
      value: z.union([z.string(), z.number(), z.boolean()]).nullable(),
    }),
  ),
  linkedMembers: z.number(),
  left: familySide,
  right: familySide,
  members: z.array(
    z.object({
      left: member.nullable(),
      right: member.nullable(),
      probability: z.number().nullable(),
      personPairId: z.number().nullable(),
      personPairStatus: z.string().nullable(),
      agreement: z
        .object({ nik: agreement, name: agreement, birthDate: agreement, sex: agreement })
        .nullable(),
    }),
  ),
});
const householdRef = z.object({
  id: z.number(),
  kkNumber: z.string().nullable(),
  headName: z.string().nullable(),
  villageName: z.string(),
});
const householdMerge = z.object({
  id: z.number(),
  pairId: z.number().nullable(),
  survivor: householdRef,
  merged: householdRef,
  fieldChoices: z.record(z.string(), z.enum(['left', 'right'])),
  personMergeIds: z.array(z.number()),
  movedPersonIds: z.array(z.number()),
  reason: z.string(),
  mergedBy: z.string(),
  mergedAt: z.date(),
  undoneBy: z.string().nullable(),
  undoneAt: z.date().nullable(),
  undoReason: z.string().nullable(),
});
const page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });

/** Family (household) deduplication: household pairs, decisions, merges of family cards and their undo. */
export async function familyRoutes(app: FastifyInstance, opts: { db: Kysely<Database> }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = opts;

  r.get(
    '/api/linkage/household-pairs',
    {
      schema: {
        tags: ['linkage'],
        querystring: paging.extend({
          status: z
            .string()
            .max(200)
            .default('review')
            .transform((s) => s.split(',').filter(Boolean))
            .pipe(z.array(status)),
          villageCode: z.string().max(20).optional(),
        }),
        response: { 200: page(householdPair).extend({ counts: z.record(z.string(), z.number()) }) },
      },
    },
    async (req) => {
      const user = requirePermission(req, 'linkage.review');
      const { page: p, pageSize, status: statuses, villageCode } = req.query;
      return listHouseholdPairs(db, user.scope, { statuses, villageCode }, { page: p, pageSize });
    },
  );

  r.get(
    '/api/linkage/household-pairs/:id',
    { schema: { tags: ['linkage'], params: idParams, response: { 200: householdPair } } },
    async (req) => {
      const user = requirePermission(req, 'linkage.review');
      return getHouseholdPair(db, user.scope, req.params.id);
    },
  );

  r.post(
    '/api/linkage/household-pairs/:id/decision',
    {
      schema: {
        tags: ['linkage'],
        params: idParams,
        body: z.object({
          decision: z.enum(['accept', 'reject', 'skip']),
          reason: z.string().max(1000).optional(),
        }),
        response: { 200: householdPair },
      },
    },
    async (req) => {
      const user = requirePermission(req, 'linkage.review');
      return decideHouseholdPair(db, user.scope, actorOf(req), req.params.id, req.body);
    },
  );

  r.get(
    '/api/linkage/household-merges',
    {
      schema: {
        tags: ['linkage'],
        querystring: paging.extend({ active: z.enum(['true', 'false']).optional() }),
        response: { 200: page(householdMerge) },
      },
    },
    async (req) => {
      const user = requirePermission(req, 'linkage.review');
      const { page: p, pageSize, active } = req.query;
      return listHouseholdMerges(
        db,
        user.scope,
        { active: active === undefined ? undefined : active === 'true' },
        { page: p, pageSize },
      );
    },
  );

  r.post(
    '/api/linkage/household-merges',
    {
      schema: {
        tags: ['linkage'],
        body: z.object({
          survivorId: z.number().int().positive(),
          mergedId: z.number().int().positive(),
          fieldChoices: z
            .partialRecord(
              z.enum(FAMILY_MERGE_FIELD_NAMES as [string, ...string[]]),
              z.enum(['left', 'right']),
            )
            .default({}),
          memberMerges: z
            .array(z.object({ keep: z.number().int().positive(), merge: z.number().int().positive() }))
            .max(100)
            .optional(),
          reason: z.string().max(1000),
          pairId: z.number().int().positive().optional(),
        }),
        response: { 201: householdMerge },
      },
    },
    async (req, reply) => {
      const user = requirePermission(req, 'linkage.review');
      const result = await mergeHouseholds(db, user.scope, actorOf(req), req.body);
      return reply.status(201).send(result);
    },
  );

  r.post(
    '/api/linkage/household-merges/:id/undo',
    {
      schema: {
        tags: ['linkage'],
        params: idParams,
        body: z.object({ reason: z.string().max(1000) }),
        response: { 200: householdMerge },
      },
    },
    async (req) => {
      const user = requirePermission(req, 'linkage.review');
      return undoHouseholdMerge(db, user.scope, actorOf(req), req.params.id, req.body);
    },
  );
}
