import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../platform/db/schema.ts';
import { actorOf, requirePermission } from '../../platform/http/auth.ts';
import {
  exportHouseholdsCsv,
  getHouseholdDetail,
  getHouseholdHistory,
  listHouseholds,
  listPersons,
  updateHousehold,
  updatePerson,
} from './registry.service.ts';

const filters = z.object({
  q: z.string().max(200).optional(),
  districtCode: z.string().max(20).optional(),
  villageCode: z.string().max(20).optional(),
  rw: z
    .string()
    .regex(/^\d{1,3}$/)
    .optional(),
  rt: z
    .string()
    .regex(/^\d{1,3}$/)
    .optional(),
  desil: z.coerce.number().int().min(1).max(10).optional(),
  status: z.coerce.number().int().min(1).max(3).optional(),
});
const paging = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});
const label = z.object({ id: z.string(), en: z.string() });

const householdSummary = z.object({
  id: z.number(),
  kkNumber: z.string().nullable(),
  headName: z.string().nullable(),
  headNik: z.string().nullable(),
  address: z.string(),
  rw: z.string(),
  rt: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  districtName: z.string(),
  memberCount: z.number(),
  officialDesil: z.number().nullable(),
  status: z.number(),
});
const personSummary = z.object({
  id: z.number(),
  nik: z.string().nullable(),
  name: z.string(),
  sex: z.number().nullable(),
  birthDate: z.string().nullable(),
  age: z.number().nullable(),
  relationship: z.number().nullable(),
  householdId: z.number(),
  kkNumber: z.string().nullable(),
  address: z.string(),
  villageName: z.string(),
  rw: z.string(),
  rt: z.string(),
  status: z.number(),
});
const personDetail = z.object({
  id: z.number(),
  nik: z.string().nullable(),
  name: z.string(),
  sex: z.number().nullable(),
  birthDate: z.string().nullable(),
  age: z.number().nullable(),
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
});
const householdDetail = householdSummary.extend({
  districtCode: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  dtsenId: z.string().nullable(),
  externalIds: z.record(z.string(), z.string()),
  dictionaryVersion: z.string(),
  variables: z.array(
    z.object({
      key: z.string(),
      group: z.string(),
      label,
      value: z.union([z.number(), z.boolean(), z.null()]),
      valueLabel: label.nullable(),
      unit: z.string().nullable(),
    }),
  ),
  officialDesilRelease: z.object({ id: z.number(), label: z.string(), releaseDate: z.string() }).nullable(),
  desilHistory: z.array(
    z.object({ releaseId: z.number(), label: z.string(), releaseDate: z.string(), desil: z.number() }),
  ),
  members: z.array(personDetail),
  createdAt: z.date(),
  updatedAt: z.date(),
  version: z.number(),
});
const historyEntry = z.object({
  id: z.number(),
  at: z.date(),
  actorName: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string().nullable(),
});
const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** Registry search, household detail, history and export; every query filtered by the user's scope. */
export async function registryRoutes(app: FastifyInstance, opts: { db: Kysely<Database> }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = opts;

  r.get(
    '/api/households',
    {
      schema: {
        tags: ['registry'],
        querystring: filters.merge(paging).extend({
          sort: z.enum(['kk', 'name', 'desil', 'village', 'relevance']).default('relevance'),
        }),
        response: {
          200: z.object({
            items: z.array(householdSummary),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (req) => {
      const user = requirePermission(req, 'registry.read');
      const { page, pageSize, sort, ...f } = req.query;
      return listHouseholds(db, user.scope, f, { page, pageSize, sort });
    },
  );

  r.get(
    '/api/persons',
    {
      schema: {
        tags: ['registry'],
        querystring: filters.omit({ desil: true }).merge(paging),
        response: {
          200: z.object({
            items: z.array(personSummary),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (req) => {
      const user = requirePermission(req, 'registry.read');
      const { page, pageSize, ...f } = req.query;
      return listPersons(db, user.scope, f, { page, pageSize });
    },
  );

  r.get(
    '/api/households/export.csv',
    { schema: { tags: ['registry'], querystring: filters } },
    async (req, reply) => {
      const user = requirePermission(req, 'registry.export');
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="keluarga-${new Date().toISOString().slice(0, 10)}.csv"`,
        );
      return reply.send(ReadableFrom(exportHouseholdsCsv(db, user.scope, actorOf(req), req.query)));
    },
  );

  r.get(
    '/api/households/:id',
    { schema: { tags: ['registry'], params: idParams, response: { 200: householdDetail } } },
    async (req) => {
      const user = requirePermission(req, 'registry.read');
      return getHouseholdDetail(db, user.scope, actorOf(req), req.params.id);
    },
  );

  r.get(
    '/api/households/:id/history',
    {
      schema: {
        tags: ['registry'],
        params: idParams,
        response: { 200: z.object({ items: z.array(historyEntry) }) },
      },
    },
    async (req) => {
      const user = requirePermission(req, 'registry.read');
      return getHouseholdHistory(db, user.scope, req.params.id);
    },
  );
}

const code = z.number().int().min(0).max(99).nullable();
const updateResult = z.object({ changed: z.boolean(), version: z.number() });

/** Edits with a reason and an expected version; before/after values go to the audit log. */
export async function registryEditRoutes(app: FastifyInstance, opts: { db: Kysely<Database> }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = opts;
  r.patch(
    '/api/households/:id',
    {
      schema: {
        tags: ['registry'],
        params: idParams,
        body: z.object({
          version: z.number().int(),
          reason: z.string().max(1000),
          changes: z.object({
            address: z.string().max(300).optional(),
            rw: z
              .string()
              .regex(/^\d{1,3}$/)
              .optional(),
            rt: z
              .string()
              .regex(/^\d{1,3}$/)
              .optional(),
            lat: z.number().min(-11).max(6).nullable().optional(),
            lng: z.number().min(94).max(142).nullable().optional(),
            variables: z.record(z.string(), z.union([z.number(), z.boolean(), z.null()])).optional(),
          }),
        }),
        response: { 200: updateResult },
      },
    },
    async (req) => {
      const user = requirePermission(req, 'registry.edit');
      return updateHousehold(db, user.scope, actorOf(req), req.params.id, req.body);
    },
  );
  r.patch(
    '/api/persons/:id',
    {
      schema: {
        tags: ['registry'],
        params: idParams,
        body: z.object({
          version: z.number().int(),
          reason: z.string().max(1000),
          changes: z.object({
            name: z.string().min(1).max(200).optional(),
            nik: z.string().max(20).nullable().optional(),
            sex: z
              .union([z.literal(1), z.literal(2)])
              .nullable()
              .optional(),
            birthDate: z.iso.date().nullable().optional(),
            birthPlace: z.string().max(100).nullable().optional(),
            relationship: code.optional(),
            marital: code.optional(),
            schooling: code.optional(),
            education: code.optional(),
            work: code.optional(),
            disability: code.optional(),
            chronicIllness: code.optional(),
            healthInsurance: code.optional(),
            status: z.number().int().min(1).max(4).optional(),
          }),
        }),
        response: { 200: updateResult },
      },
    },
    async (req) => {
      const user = requirePermission(req, 'registry.edit');
      return updatePerson(db, user.scope, actorOf(req), req.params.id, req.body);
    },
  );
}

async function* encode(source: AsyncGenerator<string>) {
  for await (const chunk of source) yield Buffer.from(chunk, 'utf8');
}
function ReadableFrom(source: AsyncGenerator<string>): Readable {
  return Readable.from(encode(source));
}
