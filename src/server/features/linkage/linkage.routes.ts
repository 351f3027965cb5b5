import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AppConfig } from '../../platform/config.ts';
import type { Database } from '../../platform/db/schema.ts';
import { actorOf, requirePermission } from '../../platform/http/auth.ts';
import { MERGE_FIELD_NAMES } from './linkage.presenter.ts';
import { registryQuality } from './linkage.quality.ts';
import {
  decidePair,
  getPair,
  listMerges,
  listNikConflicts,
  listPairs,
  mergePersons,
  undoMerge,
} from './linkage.review.ts';
import { getRun, listRuns, startPersonDedupe } from './linkage.service.ts';
import { familyRoutes } from './family.routes.ts';
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
  paging,
  undoBody,
  villageCode,
} from './linkage.schemas.ts';

const side = z.object({
  id: z.number(),
  householdId: z.number(),
  nik: z.string().nullable(),
  name: z.string(),
  sex: z.number().nullable(),
  birthDate: z.string().nullable(),
  birthPlace: z.string().nullable(),
  relationship: z.number().nullable(),
  marital: z.number().nullable(),
  schooling: z.number().nullable(),
  education: z.number().nullable(),
  work: z.number().nullable(),
  disability: z.number().nullable(),
  chronicIllness: z.number().nullable(),
  healthInsurance: z.number().nullable(),
  status: z.number(),
  version: z.number(),
  kkNumber: z.string().nullable(),
  address: z.string(),
  rw: z.string(),
  rt: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  headName: z.string().nullable(),
});
const pair = z.object({
  id: z.number(),
  runId: z.number(),
  status: pairStatus,
  matchWeight: z.number(),
  probability: z.number(),
  ...decisionTrail,
  left: side,
  right: side,
  fields: z.array(
    z.object({
      key: z.string(),
      comparison: z.string(),
      left: z.string().nullable(),
      right: z.string().nullable(),
      level: z.string(),
      agreement: z.enum(['exact', 'close', 'weak', 'different', 'missing']),
      weight: z.number(),
    }),
  ),
});
const run = z.object({
  id: z.number(),
  kind: z.enum(['person', 'household']),
  mode: z.enum(['full', 'incremental']),
  status: z.enum(['running', 'done', 'failed', 'interrupted']),
  householdCount: z.number().nullable(),
  progress: z
    .object({
      phase: z.enum(['reading', 'linking', 'storing', 'done', 'failed']),
      fraction: z.number(),
      message: z.string(),
    })
    .nullable(),
  stats: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().nullable(),
  startedBy: z.string(),
  startedAt: z.date(),
  finishedAt: z.date().nullable(),
});
const personRef = z.object({
  id: z.number(),
  name: z.string(),
  householdId: z.number(),
  kkNumber: z.string().nullable(),
  villageName: z.string(),
});
const merge = z.object({
  id: z.number(),
  pairId: z.number().nullable(),
  survivor: personRef,
  merged: personRef,
  fieldChoices: z.record(z.string(), fieldChoice),
  ...mergeTrail,
});
const conflict = z.object({
  nik: z.string(),
  householdCount: z.number(),
  holders: z.array(
    z.object({
      personId: z.number(),
      name: z.string(),
      birthDate: z.string().nullable(),
      relationship: z.number().nullable(),
      householdId: z.number(),
      kkNumber: z.string().nullable(),
      address: z.string(),
      villageCode: z.string(),
      villageName: z.string(),
    }),
  ),
  outsideScope: z.number(),
  pairId: z.number().nullable(),
  pairStatus: z.string().nullable(),
});
const scores = z.object({
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  truePositives: z.number(),
  predictedPairs: z.number(),
  truePairs: z.number(),
});
const qualityBlock = z.object({
  records: z.number(),
  pairwise: scores,
  bcubed: z.object({ precision: z.number(), recall: z.number(), f1: z.number() }),
  perDefect: z.array(scores.extend({ defect: z.string(), records: z.number() })),
});

/** Deduplication runs, the review queue, merges and their undo, NIK conflicts and quality against truth. */
export async function linkageRoutes(app: FastifyInstance, opts: { db: Kysely<Database>; config: AppConfig }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = opts;
  await familyRoutes(app, { db });

  r.get(
    '/api/linkage/runs',
    { schema: { tags: ['linkage'], response: { 200: z.object({ items: z.array(run) }) } } },
    async (req) => {
      requirePermission(req, 'linkage.review');
      return listRuns(db);
    },
  );

  r.post(
    '/api/linkage/runs',
    {
      schema: {
        tags: ['linkage'],
        body: z
          .object({
            householdIds: z.array(z.number().int().positive()).max(100_000).optional(),
            acceptThreshold: z.number().gt(0).max(1).optional(),
            reviewThreshold: z.number().gt(0).max(1).optional(),
            familyAcceptThreshold: z.number().gt(0).max(1).optional(),
            familyReviewThreshold: z.number().gt(0).max(1).optional(),
          })
          .default({}),
        response: { 202: run },
      },
    },
    async (req, reply) => {
      const user = requirePermission(req, 'linkage.run');
      const { runId, done } = await startPersonDedupe(db, actorOf(req), {
        scope: user.scope,
        ...(req.body.householdIds ? { householdIds: req.body.householdIds } : {}),
        ...(req.body.acceptThreshold !== undefined ? { acceptThreshold: req.body.acceptThreshold } : {}),
        ...(req.body.reviewThreshold !== undefined ? { reviewThreshold: req.body.reviewThreshold } : {}),
        ...(req.body.familyAcceptThreshold !== undefined
          ? { familyAcceptThreshold: req.body.familyAcceptThreshold }
          : {}),
        ...(req.body.familyReviewThreshold !== undefined
          ? { familyReviewThreshold: req.body.familyReviewThreshold }
          : {}),
      });
      // The run reports its own failure in its row; nothing to await here.
      done.catch((error: unknown) => req.log.error(error));
      return reply.status(202).send(await getRun(db, runId));
    },
  );

  r.get(
    '/api/linkage/runs/:id',
    { schema: { tags: ['linkage'], params: idParams, response: { 200: run } } },
    async (req) => {
      requirePermission(req, 'linkage.review');
      return getRun(db, req.params.id);
    },
  );

  r.get(
    '/api/linkage/pairs',
    {
      schema: {
        tags: ['linkage'],
        querystring: pairListQuery,
        response: { 200: pairPage(pair) },
      },
    },
    async (req) => {
      const user = requirePermission(req, 'linkage.review');
      const { page: p, pageSize, status: statuses, villageCode: v } = req.query;
      return listPairs(db, user.scope, { statuses, villageCode: v }, { page: p, pageSize });
    },
  );

  r.get(
    '/api/linkage/pairs/:id',
    { schema: { tags: ['linkage'], params: idParams, response: { 200: pair } } },
    async (req) => {
      const user = requirePermission(req, 'linkage.review');
      return getPair(db, user.scope, req.params.id);
    },
  );

  r.post(
    '/api/linkage/pairs/:id/decision',
    {
      schema: {
        tags: ['linkage'],
        params: idParams,
        body: decisionBody,
        response: { 200: pair },
      },
    },
    async (req) => {
      const user = requirePermission(req, 'linkage.review');
      return decidePair(db, user.scope, actorOf(req), req.params.id, req.body);
    },
  );

  r.get(
    '/api/linkage/merges',
    {
      schema: {
        tags: ['linkage'],
        querystring: mergeListQuery,
        response: { 200: page(merge) },
      },
    },
    async (req) => {
      const user = requirePermission(req, 'linkage.review');
      const { page: p, pageSize, active } = req.query;
      return listMerges(db, user.scope, activeFilter(active), { page: p, pageSize });
    },
  );

  r.post(
    '/api/linkage/merges',
    {
      schema: {
        tags: ['linkage'],
        body: z.object({ ...mergeIds, fieldChoices: fieldChoices(MERGE_FIELD_NAMES), ...mergeReason }),
        response: { 201: merge },
      },
    },
    async (req, reply) => {
      const user = requirePermission(req, 'linkage.review');
      const result = await mergePersons(db, user.scope, actorOf(req), req.body);
      return reply.status(201).send(result);
    },
  );

  r.post(
    '/api/linkage/merges/:id/undo',
    {
      schema: {
        tags: ['linkage'],
        params: idParams,
        body: undoBody,
        response: { 200: merge },
      },
    },
    async (req) => {
      const user = requirePermission(req, 'linkage.review');
      return undoMerge(db, user.scope, actorOf(req), req.params.id, req.body);
    },
  );

  r.get(
    '/api/linkage/conflicts',
    {
      schema: {
        tags: ['linkage'],
        querystring: paging.extend({ villageCode }),
        response: { 200: page(conflict) },
      },
    },
    async (req) => {
      const user = requirePermission(req, 'linkage.review');
      const { page: p, pageSize, villageCode: v } = req.query;
      return listNikConflicts(db, user.scope, { villageCode: v }, { page: p, pageSize });
    },
  );

  r.get(
    '/api/linkage/quality',
    {
      schema: {
        tags: ['linkage'],
        response: {
          200: z.union([
            z.object({ available: z.literal(false) }),
            z.object({
              available: z.literal(true),
              pendingReview: z.number(),
              decisions: qualityBlock,
              ifReviewAccepted: qualityBlock,
              families: z
                .object({
                  households: z.number(),
                  pendingReview: z.number(),
                  decisions: scores,
                  ifReviewAccepted: scores,
                })
                .nullable(),
            }),
          ]),
        },
      },
    },
    async (req) => {
      const user = requirePermission(req, 'linkage.review');
      if (config.dataDir.startsWith('memory://')) return { available: false as const };
      return registryQuality(db, user.scope, path.join(config.dataDir, 'demo-truth'));
    },
  );
}
