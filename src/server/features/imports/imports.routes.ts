import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AppConfig } from '../../platform/config.ts';
import type { DatabaseKind } from '../../platform/db/connect.ts';
import type { Database } from '../../platform/db/schema.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { actorOf, requirePermission } from '../../platform/http/auth.ts';
import { assertFileSize } from './parse/index.ts';
import { DIFF_KINDS, getDiffPage, writeDiffXlsx } from './imports.diff.ts';
import { importsDir, removeStoredFile, storeUpload } from './imports.files.ts';
import { runImportFollowUps, type FollowUpOptions } from './imports.followup.ts';
import { createJobRunner, type JobRunner } from './imports.jobs.ts';
import {
  mappingFields,
  presentBatchDetail,
  presentBatchListItem,
  presentJob,
  summaryOf,
} from './imports.presenter.ts';
import { recoverInterruptedBatches } from './imports.repository.ts';
import {
  commitBatch,
  createBatch,
  discardBatch,
  getBatch,
  getPresets,
  listImportBatches,
  removeBatchFile,
  resolveMappingInput,
  savePreset,
  setBatchMapping,
  stageBatch,
  writeRejections,
  type ImportSettings,
} from './imports.service.ts';

const label = z.object({ id: z.string(), en: z.string() });
const source = z.enum(['kemensos', 'beneficiaries']);
const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const counts = z.record(z.string(), z.number());
const diffCounts = z.object({
  previousReleaseId: z.number().nullable(),
  newFamilies: z.number(),
  goneFamilies: z.number(),
  newPersons: z.number(),
  gonePersons: z.number(),
  movedPersons: z.number(),
  desilChanged: z.number(),
  nikConflicts: z.number(),
  notInRegistry: z.number(),
});
const summary = z.object({
  rowsRead: z.number(),
  accepted: z.number(),
  rejected: z.number(),
  rejectedByReason: counts,
  warningsByCode: counts,
  families: z.number(),
  persons: z.number(),
  diff: diffCounts.nullable(),
});
const job = z.object({
  id: z.string(),
  batchId: z.number(),
  kind: z.enum(['stage', 'commit']),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  phase: z.string(),
  rows: z.number(),
  done: z.number(),
  total: z.number().nullable(),
  percent: z.number().nullable(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  error: z.object({ code: z.string(), message: label }).nullable(),
});
const status = z.enum([
  'staging',
  'needs_mapping',
  'staged',
  'committing',
  'committed',
  'failed',
  'discarded',
]);
const errorShape = z.object({ code: z.string(), message: label }).nullable();
const stepStatus = z.enum(['pending', 'running', 'done', 'skipped', 'failed']);
const followUp = z.object({
  state: z.enum(['running', 'done', 'failed', 'interrupted']),
  firstLoad: z.boolean(),
  households: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  scoring: z.object({
    status: stepStatus,
    reason: z.enum(['no_active_model']).nullable(),
    runId: z.number().nullable(),
    model: z.object({ id: z.number(), key: z.string(), version: z.number() }).nullable(),
    households: z.number(),
    changed: z.number(),
    durationMs: z.number(),
    error: errorShape,
  }),
  dedupe: z.object({
    status: stepStatus,
    runId: z.number().nullable(),
    mode: z.enum(['full', 'incremental']),
    stored: z.number(),
    autoAccepted: z.number(),
    review: z.number(),
    seconds: z.number(),
    error: errorShape,
  }),
});
const alreadyImported = z.object({ releaseId: z.number(), label: z.string() }).nullable();
const listItem = z.object({
  id: z.number(),
  source,
  layout: z.enum(['person', 'family']),
  fileName: z.string(),
  fileSize: z.number(),
  sheet: z.string().nullable(),
  releaseDate: z.string(),
  releaseLabel: z.string().nullable(),
  status,
  releaseId: z.number().nullable(),
  releaseName: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.date(),
  committedAt: z.date().nullable(),
  summary: summary.nullable(),
  alreadyImported,
  error: errorShape,
  /** State of the steps after the commit (rescoring, duplicate search); null before a commit. */
  followUpState: followUp.shape.state.nullable(),
});
const field = z.object({
  key: z.string(),
  label,
  kind: z.string(),
  level: z.string(),
  required: z.boolean(),
  requiredGroup: z.array(z.string()).nullable(),
});
const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const detail = listItem.omit({ releaseName: true }).extend({
  format: z.string().nullable(),
  sheets: z.array(z.string()),
  headerRow: z.number().nullable(),
  headers: z.array(z.string()),
  release: z.object({ id: z.number(), label: z.string(), releaseDate: z.string() }).nullable(),
  mapping: z.unknown(),
  autoMap: z.unknown(),
  fields: z.array(field),
  preview: z.array(
    z.object({
      rowNumber: z.number(),
      cells: z.array(cell),
      record: z.unknown(),
      findings: z.array(z.unknown()),
      rejected: z.boolean(),
    }),
  ),
  previousRelease: z.object({ id: z.number(), label: z.string(), releaseDate: z.string() }).nullable(),
  commit: z.record(z.string(), z.union([z.number(), z.boolean()])).nullable(),
  followUp: followUp.nullable(),
  fileFindings: z.array(z.unknown()),
  job: job.nullable(),
});
const accepted = z.object({ batchId: z.number(), jobId: z.string() });
const preset = z.object({
  id: z.number(),
  name: z.string(),
  source,
  mapping: z.unknown(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

function presentPreset(row: {
  id: number;
  name: string;
  source: 'kemensos' | 'beneficiaries';
  mapping: unknown;
  created_at: Date;
  updated_at: Date;
}) {
  return {
    id: row.id,
    name: row.name,
    source: row.source,
    mapping: row.mapping,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// Files the API writes for download: created in a private temporary folder, removed once sent.
async function sendTempFile(
  reply: FastifyReply,
  contentType: string,
  write: (filePath: string) => Promise<{ fileName: string }>,
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-dl-'));
  const file = path.join(dir, crypto.randomBytes(6).toString('hex'));
  try {
    const { fileName } = await write(file);
    const stream = fs.createReadStream(file);
    stream.on('close', () => fs.rmSync(dir, { recursive: true, force: true }));
    return reply
      .header('content-type', contentType)
      .header('content-disposition', `attachment; filename="${fileName.replace(/"/g, '')}"`)
      .send(stream);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ImportRoutesOptions {
  db: Kysely<Database>;
  config: AppConfig;
  kind: DatabaseKind;
  /** A runner shared with the caller (tests); one is created otherwise. */
  runner?: JobRunner;
  /** Settings of the follow-ups after a commit (tests: inline engine, replaced steps). */
  followUp?: Pick<FollowUpOptions, 'inline' | 'steps'>;
}

/**
 * Import API: upload, review (status, progress, mapping, preview, summary), mapping changes,
 * commit, discard, rejection report, diff and mapping presets. Uploading and committing need
 * `imports.run`; reading needs `imports.read`.
 */
export async function importRoutes(app: FastifyInstance, opts: ImportRoutesOptions) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = opts;
  const runner = opts.runner ?? createJobRunner();
  const settings: ImportSettings = {
    regionCode: config.regionCode,
    maxUploadBytes: config.maxUploadBytes,
    dataDir: config.dataDir,
  };
  // PGlite serves one connection: small chunks let page loads and polls interleave with staging.
  const chunkSize = opts.kind === 'pglite' ? 1000 : 5000;
  app.addHook('onClose', async () => {
    await runner.idle();
  });
  // Batches a crashed process left half-done: staging ones fail, committing ones return to staged.
  // Checked at start and, at most once a minute, when the list is read.
  // PGlite's data folder is locked to this process, so any other unfinished batch is dead at once;
  // on PostgreSQL a command-line import may be running elsewhere: only a quiet one counts.
  const staleSeconds = opts.kind === 'pglite' ? 0 : 600;
  let recoveredAt = Date.now();
  await recoverInterruptedBatches(db, staleSeconds, runner.activeBatches());
  const recover = async () => {
    if (Date.now() - recoveredAt < 60_000) return;
    recoveredAt = Date.now();
    await recoverInterruptedBatches(db, staleSeconds, runner.activeBatches());
  };

  const stageJob = (batchId: number) =>
    runner.enqueue(batchId, 'stage', (report) =>
      stageBatch(db, batchId, { settings, chunkSize, onProgress: (p) => report(p) }),
    );

  r.get(
    '/api/imports',
    {
      schema: {
        tags: ['imports'],
        querystring: z.object({
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(25),
        }),
        response: {
          200: z.object({
            items: z.array(listItem),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (req) => {
      requirePermission(req, 'imports.read');
      await recover();
      const { rows, total } = await listImportBatches(db, req.query);
      return {
        items: rows.map(presentBatchListItem),
        total,
        page: req.query.page,
        pageSize: req.query.pageSize,
      };
    },
  );

  r.post(
    '/api/imports',
    { schema: { tags: ['imports'], consumes: ['multipart/form-data'], response: { 202: accepted } } },
    async (req, reply) => {
      requirePermission(req, 'imports.run');
      if (!req.isMultipart()) {
        throw errors.invalid(
          'Kirim berkas sebagai multipart/form-data (kolom "file").',
          'Send the file as multipart/form-data (field "file").',
        );
      }
      const fields: Record<string, string> = {};
      let stored: { path: string; size: number; sha256: string; name: string } | null = null;
      const dir = importsDir(config.dataDir);
      try {
        for await (const part of req.parts()) {
          if (part.type === 'file') {
            if (stored || part.fieldname !== 'file') {
              part.file.resume();
              continue;
            }
            const file = part.file;
            const saved = await storeUpload(
              file,
              dir,
              part.filename,
              config.maxUploadBytes,
              () => file.truncated,
            );
            stored = { ...saved, name: part.filename || 'berkas' };
          } else if (typeof part.value === 'string') {
            fields[part.fieldname] = part.value;
          }
        }
      } catch (error) {
        if (stored) removeStoredFile(stored.path, config.dataDir);
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
          assertFileSize(config.maxUploadBytes + 1, config.maxUploadBytes);
        throw error;
      }
      if (!stored) {
        throw errors.invalid(
          'Pilih berkas XLSX atau CSV untuk diimpor.',
          'Choose an XLSX or CSV file to import.',
        );
      }
      try {
        const input = z
          .object({
            source,
            releaseDate: z.iso.date().optional(),
            releaseLabel: z.string().max(200).optional(),
            sheet: z.string().max(100).optional(),
            mapping: z.string().max(200_000).optional(),
          })
          .safeParse(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== '')));
        if (!input.success) {
          const list = input.error.issues.map((i) => i.path.join('.')).join(', ');
          throw errors.invalid(`Isian tidak valid: ${list}.`, `Invalid input: ${list}.`);
        }
        const mapping = await resolveMappingInput(db, input.data.source, input.data.mapping);
        const batchId = await createBatch(db, actorOf(req), {
          source: input.data.source,
          fileName: path.basename(stored.name),
          filePath: stored.path,
          fileSize: stored.size,
          sha256: stored.sha256,
          releaseDate: input.data.releaseDate ?? null,
          releaseLabel: input.data.releaseLabel ?? null,
          sheet: input.data.sheet ?? null,
          mapping,
        });
        const started = stageJob(batchId);
        return reply.status(202).send({ batchId, jobId: started.id });
      } catch (error) {
        removeStoredFile(stored.path, config.dataDir);
        throw error;
      }
    },
  );

  r.get(
    '/api/imports/fields',
    {
      schema: {
        tags: ['imports'],
        querystring: z.object({ source, layout: z.enum(['person', 'family']).default('person') }),
        response: { 200: z.object({ items: z.array(field) }) },
      },
    },
    async (req) => {
      requirePermission(req, 'imports.read');
      return { items: mappingFields(req.query.source, req.query.layout) };
    },
  );

  r.get(
    '/api/imports/presets',
    {
      schema: {
        tags: ['imports'],
        querystring: z.object({ source: source.optional() }),
        response: { 200: z.object({ items: z.array(preset) }) },
      },
    },
    async (req) => {
      requirePermission(req, 'imports.read');
      return { items: (await getPresets(db, req.query.source)).map(presentPreset) };
    },
  );

  r.post(
    '/api/imports/presets',
    {
      schema: {
        tags: ['imports'],
        body: z.object({ name: z.string().trim().min(1).max(100), mapping: z.unknown() }),
        response: { 200: z.object({ item: preset }) },
      },
    },
    async (req) => {
      requirePermission(req, 'imports.run');
      return { item: presentPreset(await savePreset(db, actorOf(req), req.body)) };
    },
  );

  r.get(
    '/api/imports/jobs/:jobId',
    {
      schema: {
        tags: ['imports'],
        params: z.object({ jobId: z.string().max(64) }),
        response: { 200: job },
      },
    },
    async (req) => {
      requirePermission(req, 'imports.read');
      const found = presentJob(runner.get(req.params.jobId));
      if (!found) throw errors.notFound();
      return found;
    },
  );

  r.get(
    '/api/imports/:id',
    { schema: { tags: ['imports'], params: idParams, response: { 200: detail } } },
    async (req) => {
      requirePermission(req, 'imports.read');
      const data = await getBatch(db, req.params.id);
      return presentBatchDetail(data, runner.latestFor(req.params.id));
    },
  );

  r.put(
    '/api/imports/:id/mapping',
    {
      schema: {
        tags: ['imports'],
        params: idParams,
        body: z.object({ mapping: z.unknown(), sheet: z.string().max(100).nullable().optional() }),
        response: { 202: accepted },
      },
    },
    async (req, reply) => {
      requirePermission(req, 'imports.run');
      const running = runner.latestFor(req.params.id);
      if (running && (running.state === 'queued' || running.state === 'running')) {
        throw new AppError('import_busy', 409, {
          id: 'Impor ini sedang diproses; tunggu sampai selesai.',
          en: 'This import is being processed; wait until it has finished.',
        });
      }
      await setBatchMapping(db, actorOf(req), req.params.id, req.body);
      const started = stageJob(req.params.id);
      return reply.status(202).send({ batchId: req.params.id, jobId: started.id });
    },
  );

  r.post(
    '/api/imports/:id/commit',
    { schema: { tags: ['imports'], params: idParams, response: { 202: accepted } } },
    async (req, reply) => {
      requirePermission(req, 'imports.run');
      const actor = actorOf(req);
      const data = await getBatch(db, req.params.id);
      if (data.batch.status !== 'staged') {
        throw new AppError('import_not_staged', 409, {
          id: 'Impor ini belum siap disimpan atau sudah disimpan.',
          en: 'This import is not ready to commit, or was already committed.',
        });
      }
      const started = runner.enqueue(req.params.id, 'commit', async (report) => {
        const steps = ['commit', 'households', 'persons', 'provenance', 'audit'];
        report({
          phase: 'commit',
          done: 0,
          total: steps.length,
          rows: summaryOf(data.batch.counts)?.rowsRead ?? 0,
        });
        const result = await commitBatch(db, actor, req.params.id, (phase) => {
          report({ phase, done: Math.max(0, steps.indexOf(phase)) });
        });
        await removeBatchFile(db, req.params.id, settings);
        report({ done: steps.length });
        // Rescoring and the duplicate search, after the commit: they record their own failures.
        await runImportFollowUps(db, actor, result, {
          ...opts.followUp,
          logger: app.log,
          onProgress: (p) => report(p),
        });
      });
      return reply.status(202).send({ batchId: req.params.id, jobId: started.id });
    },
  );

  r.post(
    '/api/imports/:id/discard',
    { schema: { tags: ['imports'], params: idParams, response: { 200: z.object({ ok: z.literal(true) }) } } },
    async (req) => {
      requirePermission(req, 'imports.run');
      await discardBatch(db, actorOf(req), req.params.id, settings);
      return { ok: true as const };
    },
  );

  for (const format of ['xlsx', 'csv'] as const) {
    r.get(
      `/api/imports/:id/rejections.${format}`,
      { schema: { tags: ['imports'], params: idParams } },
      async (req, reply) => {
        requirePermission(req, 'imports.read');
        return sendTempFile(reply, format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8', (file) =>
          writeRejections(db, actorOf(req), req.params.id, format, file),
        );
      },
    );
  }

  r.get(
    '/api/imports/:id/diff',
    {
      schema: {
        tags: ['imports'],
        params: idParams,
        querystring: z.object({
          kind: z.enum(DIFF_KINDS).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: {
          200: z.object({
            counts: diffCounts.nullable(),
            items: z.array(
              z.object({
                kind: z.enum(DIFF_KINDS),
                kkNumber: z.string().nullable(),
                nik: z.string().nullable(),
                name: z.string().nullable(),
                before: z.string().nullable(),
                after: z.string().nullable(),
              }),
            ),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (req) => {
      requirePermission(req, 'imports.read');
      return getDiffPage(db, req.params.id, req.query);
    },
  );

  r.get(
    '/api/imports/:id/diff.xlsx',
    { schema: { tags: ['imports'], params: idParams } },
    async (req, reply) => {
      requirePermission(req, 'imports.read');
      return sendTempFile(reply, XLSX_TYPE, async (file) => {
        await writeDiffXlsx(db, actorOf(req), req.params.id, file);
        return { fileName: `perbedaan-impor-${req.params.id}.xlsx` };
      });
    },
  );
}
