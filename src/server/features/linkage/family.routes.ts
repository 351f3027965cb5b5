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
import {
  activeFilter,
  decisionBody,
  decisionTrail,
  fieldChoice,
  fieldChoices,
  idParams,
  mergeIds,
  mergeReason,
  mergeListQuery,
  mergeTrail,
  page,
  pairListQuery,
  pairPage,
  pairStatus,
  undoBody,
} from './linkage.schemas.ts';

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
  status: pairStatus,
  score: z.number(),
  probability: z.number(),
  ...decisionTrail,
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
  fieldChoices: z.record(z.string(), fieldChoice),
  personMergeIds: z.array(z.number()),
  movedPersonIds: z.array(z.number()),
  ...mergeTrail,
});

/** Family (household) deduplication: household pairs, decisions, merges of family cards and their undo. */
export async function familyRoutes(app: FastifyInstance, opts: { db: Kysely<Database> }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = opts;

  r.get(
    '/api/linkage/household-pairs',
    {
      schema: {
        tags: ['linkage'],
        querystring: pairListQuery,
        response: { 200: pairPage(householdPair) },
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
        body: decisionBody,
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
        querystring: mergeListQuery,
        response: { 200: page(householdMerge) },
      },
    },
    async (req) => {
      const user = requirePermission(req, 'linkage.review');
      const { page: p, pageSize, active } = req.query;
      return listHouseholdMerges(db, user.scope, activeFilter(active), { page: p, pageSize });
    },
  );

  r.post(
    '/api/linkage/household-merges',
    {
      schema: {
        tags: ['linkage'],
        body: z.object({
          ...mergeIds,
          fieldChoices: fieldChoices(FAMILY_MERGE_FIELD_NAMES),
          memberMerges: z
            .array(z.object({ keep: z.number().int().positive(), merge: z.number().int().positive() }))
            .max(100)
            .optional(),
          ...mergeReason,
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
        body: undoBody,
        response: { 200: householdMerge },
      },
    },
    async (req) => {
      const user = requirePermission(req, 'linkage.review');
      return undoHouseholdMerge(db, user.scope, actorOf(req), req.params.id, req.body);
    },
  );
}
