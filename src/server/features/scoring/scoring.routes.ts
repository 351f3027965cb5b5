import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AppConfig } from '../../platform/config.ts';
import type { Database } from '../../platform/db/schema.ts';
import { actorOf, requirePermission } from '../../platform/http/auth.ts';
import { requestLanguage } from '../../platform/http/language.ts';
import { rescoreHouseholds } from './scoring.rescore.ts';
import {
  createModel,
  createRuleSet,
  getHouseholdRanking,
  getModel,
  getRankingSummary,
  getRuleSet,
  listConflicts,
  listModels,
  listRuleSets,
  measureAccuracy,
} from './scoring.service.ts';
import { activateVersion } from './scoring.versions.ts';
import { exportConflictsXlsx } from './scoring.xlsx.ts';

const bilingual = z.object({ id: z.string(), en: z.string() });
const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const mode = z.enum(['national', 'regional']);
const conflictCode = z.enum(['desil_gap', 'asn_tni_polri_member', 'owns_car', 'non_subsidised_power']);
const category = z.enum(['miskin_desil', 'bantuan_lain', 'tidak_layak']);

const factor = z.object({
  feature: z.string(),
  label: bilingual,
  contribution: z.number(),
  percent: z.number(),
  direction: z.enum(['up', 'down']),
  missing: z.boolean(),
  text: bilingual,
});
const explanation = z.object({
  householdId: z.number(),
  model: z.object({ id: z.string(), version: z.number(), illustrative: z.boolean() }),
  desil: z.number(),
  predictedPce: z.number(),
  logPce: z.number(),
  summary: bilingual,
  factorsUp: z.array(factor),
  factorsDown: z.array(factor),
  factors: z.array(factor),
  desilPosition: z.object({
    desil: z.number(),
    mode,
    lowerBound: z.number().nullable(),
    upperBound: z.number().nullable(),
    aboveLower: z.number().nullable(),
    belowUpper: z.number().nullable(),
    text: bilingual,
  }),
  arithmetic: z.object({
    baseline: z.number(),
    intercept: z.number(),
    terms: z.array(
      z.object({
        feature: z.string(),
        label: bilingual,
        coefficient: z.number(),
        value: z.number(),
        reference: z.number(),
        contribution: z.number(),
      }),
    ),
    text: bilingual,
  }),
  notes: z.array(bilingual),
});
const modelRef = z.object({
  id: z.number(),
  key: z.string(),
  version: z.number(),
  name: z.string(),
  illustrative: z.boolean(),
});
const conflict = z.object({ code: conflictCode, message: bilingual });
const householdRanking = z.object({
  householdId: z.number(),
  official: z.object({
    desil: z.number().nullable(),
    label: bilingual.nullable(),
    release: z.object({ id: z.number(), label: z.string(), releaseDate: z.string() }).nullable(),
    history: z.array(
      z.object({ releaseId: z.number(), label: z.string(), releaseDate: z.string(), desil: z.number() }),
    ),
  }),
  estimate: z
    .object({
      desil: z.number(),
      label: bilingual.nullable(),
      predictedPce: z.number(),
      logPce: z.number(),
      model: modelRef,
      mode,
      thresholds: z.array(z.number()),
      scoredAt: z.date().nullable(),
      asOf: z.string(),
      stored: z.boolean(),
      stale: z.boolean(),
    })
    .nullable(),
  explanation: explanation.nullable(),
  criteria: z
    .object({
      ruleSet: z.object({
        id: z.number(),
        key: z.string(),
        version: z.number(),
        name: z.string(),
        illustrative: z.boolean(),
        legalBasis: z.string().nullable(),
      }),
      category,
      categoryLabel: bilingual,
      firedRules: z.array(
        z.object({
          id: z.string(),
          label: bilingual,
          effect: z.enum(['exclude', 'include_other_help', 'flag']),
        }),
      ),
      reasons: z.array(bilingual),
      programs: z.array(z.enum(['APBD', 'TJSL', 'BAZNAS'])),
      evaluatedAt: z.date(),
    })
    .nullable(),
  conflicts: z.array(conflict),
});

const conflictFilters = z.object({
  type: conflictCode.optional(),
  districtCode: z.string().max(20).optional(),
  villageCode: z.string().max(20).optional(),
});
const conflictItem = z.object({
  householdId: z.number(),
  kkNumber: z.string().nullable(),
  headName: z.string().nullable(),
  villageCode: z.string(),
  villageName: z.string(),
  districtName: z.string(),
  rw: z.string(),
  rt: z.string(),
  officialDesil: z.number().nullable(),
  estimatedDesil: z.number(),
  predictedPce: z.number(),
  conflicts: z.array(conflict),
});

const versionBase = {
  id: z.number(),
  key: z.string(),
  version: z.number(),
  active: z.boolean(),
  note: z.string().nullable(),
  createdAt: z.date(),
  createdBy: z.string().nullable(),
  name: z.string(),
  description: bilingual,
  illustrative: z.boolean(),
};
const modelSummary = z.object({
  ...versionBase,
  mode,
  features: z.number(),
  basedOn: z.object({ id: z.string(), version: z.number() }).nullable(),
  calibration: z
    .object({
      r2: z.number(),
      spearman: z.number(),
      n: z.number(),
      quota: z.number(),
      inclusionError: z.number(),
      exclusionError: z.number(),
      surveyFile: z.string(),
      fittedAt: z.string().nullable(),
    })
    .nullable(),
  lastRun: z.object({ finishedAt: z.date(), households: z.number(), durationMs: z.number() }).nullable(),
});
const ruleSetSummary = z.object({
  ...versionBase,
  legalBasis: z.string().nullable(),
  quota: z.number(),
  rules: z.number(),
});
const rescoreResult = z.object({
  runId: z.number(),
  kind: z.enum(['all', 'subset']),
  model: z.object({ id: z.number(), key: z.string(), version: z.number() }),
  ruleSetId: z.number().nullable(),
  mode,
  thresholds: z.array(z.number()),
  asOf: z.string(),
  households: z.number(),
  changed: z.number(),
  removed: z.number(),
  durationMs: z.number(),
  computeMs: z.number(),
});
const createBody = z.object({
  /** The model or rule-set file, as JSON. */
  body: z.unknown(),
  note: z.string().max(1000).optional(),
  activate: z.boolean().default(false),
});
const created = z.object({
  id: z.number(),
  key: z.string(),
  version: z.number(),
  rescore: rescoreResult.nullable(),
});
const activateBody = z.object({ reason: z.string().max(1000).optional() }).default({});
const targeting = z.object({
  quota: z.number(),
  inclusionError: z.number(),
  exclusionError: z.number(),
  selected: z.number(),
  trulyPoor: z.number(),
  correctlySelected: z.number(),
  exactDesil: z.number(),
});

/** Ranking: household estimate and explanation, conflicts, summary, model and rule-set versions, accuracy. */
export async function scoringRoutes(app: FastifyInstance, opts: { db: Kysely<Database>; config: AppConfig }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = opts;

  r.get(
    '/api/households/:id/ranking',
    { schema: { tags: ['ranking'], params: idParams, response: { 200: householdRanking } } },
    async (req) => {
      const user = requirePermission(req, 'ranking.read');
      return getHouseholdRanking(db, user.scope, actorOf(req), req.params.id);
    },
  );

  r.get(
    '/api/ranking/conflicts',
    {
      schema: {
        tags: ['ranking'],
        querystring: conflictFilters.extend({
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(25),
        }),
        response: {
          200: z.object({
            items: z.array(conflictItem),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (req) => {
      const user = requirePermission(req, 'ranking.read');
      const { page, pageSize, ...filters } = req.query;
      return listConflicts(db, user.scope, filters, { page, pageSize });
    },
  );

  r.get(
    '/api/ranking/conflicts.xlsx',
    { schema: { tags: ['ranking'], querystring: conflictFilters } },
    async (req, reply) => {
      requirePermission(req, 'ranking.read');
      const user = requirePermission(req, 'registry.export');
      const { buffer } = await exportConflictsXlsx(
        db,
        user.scope,
        actorOf(req),
        req.query,
        requestLanguage(req),
      );
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="konflik-desil-${new Date().toISOString().slice(0, 10)}.xlsx"`,
        )
        .send(buffer);
    },
  );

  r.get(
    '/api/ranking/summary',
    {
      schema: {
        tags: ['ranking'],
        response: {
          200: z.object({
            model: modelRef.nullable(),
            ruleSet: z.object({ id: z.number(), key: z.string(), version: z.number() }).nullable(),
            households: z.number(),
            scored: z.number(),
            matrix: z.array(z.array(z.number())),
            withoutOfficial: z.array(z.number()),
            conflicts: z.object({
              desil_gap: z.number(),
              asn_tni_polri_member: z.number(),
              owns_car: z.number(),
              non_subsidised_power: z.number(),
            }),
            categories: z.array(z.object({ category, label: bilingual })),
            categoriesByVillage: z.array(
              z.object({
                villageCode: z.string(),
                villageName: z.string(),
                counts: z.object({
                  miskin_desil: z.number(),
                  bantuan_lain: z.number(),
                  tidak_layak: z.number(),
                }),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const user = requirePermission(req, 'ranking.read');
      return getRankingSummary(db, user.scope);
    },
  );

  r.get(
    '/api/ranking/models',
    { schema: { tags: ['ranking'], response: { 200: z.object({ items: z.array(modelSummary) }) } } },
    async (req) => {
      requirePermission(req, 'ranking.read');
      return listModels(db);
    },
  );

  r.get(
    '/api/ranking/models/:id',
    {
      schema: {
        tags: ['ranking'],
        params: idParams,
        response: { 200: modelSummary.extend({ body: z.unknown() }) },
      },
    },
    async (req) => {
      requirePermission(req, 'ranking.read');
      return getModel(db, req.params.id);
    },
  );

  r.post(
    '/api/ranking/models',
    { schema: { tags: ['ranking'], body: createBody, response: { 200: created } } },
    async (req) => {
      requirePermission(req, 'ranking.manage');
      return createModel(db, actorOf(req), req.body);
    },
  );

  r.post(
    '/api/ranking/models/:id/activate',
    { schema: { tags: ['ranking'], params: idParams, body: activateBody, response: { 200: created } } },
    async (req) => {
      requirePermission(req, 'ranking.manage');
      return activateVersion(db, actorOf(req), 'pmt', req.params.id, { reason: req.body.reason });
    },
  );

  r.get(
    '/api/ranking/criteria',
    { schema: { tags: ['ranking'], response: { 200: z.object({ items: z.array(ruleSetSummary) }) } } },
    async (req) => {
      requirePermission(req, 'ranking.read');
      return listRuleSets(db);
    },
  );

  r.get(
    '/api/ranking/criteria/:id',
    {
      schema: {
        tags: ['ranking'],
        params: idParams,
        response: { 200: ruleSetSummary.extend({ body: z.unknown() }) },
      },
    },
    async (req) => {
      requirePermission(req, 'ranking.read');
      return getRuleSet(db, req.params.id);
    },
  );

  r.post(
    '/api/ranking/criteria',
    { schema: { tags: ['ranking'], body: createBody, response: { 200: created } } },
    async (req) => {
      requirePermission(req, 'ranking.manage');
      return createRuleSet(db, actorOf(req), req.body);
    },
  );

  r.post(
    '/api/ranking/criteria/:id/activate',
    { schema: { tags: ['ranking'], params: idParams, body: activateBody, response: { 200: created } } },
    async (req) => {
      requirePermission(req, 'ranking.manage');
      return activateVersion(db, actorOf(req), 'criteria', req.params.id, { reason: req.body.reason });
    },
  );

  r.post(
    '/api/ranking/rescore',
    { schema: { tags: ['ranking'], response: { 200: rescoreResult } } },
    async (req) => {
      requirePermission(req, 'ranking.manage');
      return rescoreHouseholds(db, { actor: actorOf(req) });
    },
  );

  r.get(
    '/api/ranking/accuracy',
    {
      schema: {
        tags: ['ranking'],
        querystring: z.object({
          modelId: z.coerce.number().int().positive().optional(),
          quota: z.coerce.number().int().min(1).max(9).default(4),
        }),
        response: {
          200: z.object({
            model: modelRef,
            report: z.object({
              n: z.number(),
              withoutTruth: z.number(),
              spearman: z.number(),
              r2: z.number(),
              quota: z.number(),
              national: targeting,
              regional: targeting,
            }),
          }),
        },
      },
    },
    async (req) => {
      requirePermission(req, 'ranking.evaluate');
      const { model, report } = await measureAccuracy(db, {
        truthDir: path.join(config.dataDir, 'demo-truth'),
        modelId: req.query.modelId,
        quota: req.query.quota,
      });
      return { model, report };
    },
  );
}
