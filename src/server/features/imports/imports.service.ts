/**
 * The import pipeline: an uploaded file becomes a batch; staging streams it through parse and
 * validate into import_row in modest chunks (so other requests interleave on PGlite's single
 * connection); the diff against the previous release is counted; the commit writes the registry in
 * one transaction. Staging never touches household or person, so a failed or killed staging leaves
 * the registry as it was; a killed commit is rolled back by the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { DICTIONARY_VERSION } from '../../../shared/dictionary/dictionary.ts';
import type { Database } from '../../platform/db/schema.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { recordAudit, type Actor } from '../audit/index.ts';
import {
  BONTANG_REGION_ALIASES,
  autoMap,
  createRegionMatcher,
  mappingSchema,
  missingRequired,
  openTable,
  parseMappingFile,
  resolveMapping,
  type Mapping,
  type OpenedTable,
  type RegionMatcher,
} from './parse/index.ts';
import {
  createRowProcessor,
  createValidationContext,
  writeRejectionReport,
  type RejectionRow,
  type RowFinding,
} from './validate/index.ts';
import { decodeCells, encodeCells } from './imports.cells.ts';
import {
  commitBeneficiaries,
  commitKemensos,
  committedHouseholdIds,
  registryIsEmpty,
  type CommitParams,
} from './imports.commit.repository.ts';
import { hashFile, removeStoredFile } from './imports.files.ts';
import {
  appendFindings,
  countRows,
  deleteRows,
  diffCounts,
  findBatch,
  findIdenticalRelease,
  firstRows,
  findPreset,
  findPreviousRelease,
  findRelease,
  insertBatch,
  insertRows,
  listBatches,
  listPresets,
  loadRegions,
  lockBatch,
  rejectedRowsPage,
  touchBatch,
  updateBatch,
  upsertPreset,
  type ImportSource,
  type StagingRow,
  type StagedHouseholdFields,
} from './imports.repository.ts';
import { createSummaryCounter, type ImportSummary } from './imports.summary.ts';
import type { ImportFollowUp } from './imports.followup.ts';

export type { ImportSource } from './imports.repository.ts';

/** Rows of a file kept with their raw cells and full record for the preview. */
export const PREVIEW_ROWS = 20;

/** What the pipeline needs from the configuration. */
export interface ImportSettings {
  regionCode: string;
  maxUploadBytes: number;
  dataDir: string;
}

/** The counts a batch keeps in import_batch.counts. */
export interface BatchCounts extends Partial<ImportSummary> {
  alreadyImported?: { releaseId: number; label: string } | null;
  previousRelease?: { id: number; label: string; releaseDate: string } | null;
  commit?: Record<string, number | boolean> | null;
  /** What happened after the commit: rescoring and the duplicate search (imports.followup.ts). */
  followUp?: ImportFollowUp | null;
}

const SOURCE_LABEL: Record<ImportSource, string> = {
  kemensos: 'Kemensos/DTSEN',
  beneficiaries: 'Daftar penerima manfaat',
};

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function conflict(code: string, id: string, en: string): AppError {
  return new AppError(code, 409, { id, en });
}

/**
 * Reads a mapping given as a preset name or as JSON text (a mapping file). The source of the
 * mapping must be the batch's.
 */
export async function resolveMappingInput(
  db: Kysely<Database>,
  source: ImportSource,
  input: string | undefined | null,
): Promise<Mapping | null> {
  const text = (input ?? '').trim();
  if (text === '') return null;
  let mapping: Mapping;
  if (text.startsWith('{')) {
    mapping = parseMappingFile(text);
  } else {
    const preset = await findPreset(db, source, text);
    if (!preset) {
      throw new AppError('mapping_preset_not_found', 400, {
        id: `Preset pemetaan kolom "${text}" tidak ada.`,
        en: `There is no column mapping preset named "${text}".`,
      });
    }
    mapping = mappingSchema.parse(preset.mapping);
  }
  if (mapping.source !== source) {
    throw new AppError('mapping_invalid', 400, {
      id: `Pemetaan kolom ini untuk sumber ${mapping.source}, bukan ${source}.`,
      en: `This column mapping is for source ${mapping.source}, not ${source}.`,
    });
  }
  return mapping;
}

/** Registers a file (already on disk) as a new batch and audits the upload. */
export async function createBatch(
  db: Kysely<Database>,
  actor: Actor,
  input: {
    source: ImportSource;
    fileName: string;
    filePath: string;
    fileSize?: number;
    sha256?: string;
    releaseDate?: string | null;
    releaseLabel?: string | null;
    sheet?: string | null;
    mapping?: Mapping | null;
  },
): Promise<number> {
  let size = input.fileSize;
  let sha256 = input.sha256;
  if (size === undefined || sha256 === undefined) {
    if (!fs.existsSync(input.filePath)) {
      throw new AppError('file_unreadable', 400, {
        id: 'Berkas tidak ditemukan.',
        en: 'The file was not found.',
      });
    }
    const h = await hashFile(input.filePath);
    size = h.size;
    sha256 = h.sha256;
  }
  const releaseDate = input.releaseDate ?? today();
  const id = await insertBatch(db, {
    source: input.source,
    fileName: input.fileName,
    filePath: input.filePath,
    fileSize: size,
    sha256,
    releaseDate,
    releaseLabel: input.releaseLabel ?? null,
    sheet: input.sheet ?? null,
    mapping: input.mapping ?? null,
    createdBy: actor.id,
    createdByName: actor.name,
  });
  await recordAudit(db, actor, {
    action: 'import.upload',
    targetType: 'import_batch',
    targetId: id,
    after: { source: input.source, fileName: input.fileName, size, sha256, releaseDate },
  });
  return id;
}

async function regionMatcher(db: Kysely<Database>, regionCode: string): Promise<RegionMatcher> {
  const { regions, aliases } = await loadRegions(db);
  return createRegionMatcher({
    regions,
    aliases: [...aliases, ...BONTANG_REGION_ALIASES],
    deploymentCode: regionCode,
  });
}

function errorJson(error: unknown): { code: string; message: { id: string; en: string } } {
  if (error instanceof AppError) return { code: error.code, message: error.messages };
  const text = error instanceof Error ? error.message : String(error);
  return { code: 'internal_error', message: { id: `Galat: ${text}`, en: `Error: ${text}` } };
}

export interface StageOptions {
  settings: ImportSettings;
  /** Rows per insert statement; small on PGlite so that other requests get the connection between them. */
  chunkSize?: number;
  onProgress?: (p: { phase: string; rows: number; done: number; total: number | null }) => void;
  /** "Today" for age checks (tests). */
  today?: Date;
}

export interface StageResult {
  status: 'staged' | 'needs_mapping';
  summary: ImportSummary | null;
}

/**
 * Stages a batch: opens its file, proposes or applies the column mapping, streams every row
 * through mapping, validation and the cross-row checks into import_row, then counts the diff
 * against the previous release. Re-running it (after a mapping change) replaces the staged rows.
 * A file whose required columns are not mapped stops at `needs_mapping` with headers and preview.
 */
export async function stageBatch(
  db: Kysely<Database>,
  batchId: number,
  opts: StageOptions,
): Promise<StageResult> {
  const batch = await findBatch(db, batchId);
  if (!batch) throw errors.notFound();
  if (!['staging', 'needs_mapping', 'staged', 'failed'].includes(batch.status)) {
    throw conflict(
      'import_not_editable',
      'Impor ini sudah disimpan atau dibuang; tidak dapat divalidasi ulang.',
      'This import was committed or discarded; it cannot be validated again.',
    );
  }
  if (!batch.file_path)
    throw conflict('import_file_missing', 'Berkas impor sudah dihapus.', 'The import file was removed.');
  const chunkSize = opts.chunkSize ?? 2000;
  const report = opts.onProgress ?? (() => undefined);
  await updateBatch(db, batchId, { status: 'staging', error: null });
  await deleteRows(db, batchId);
  const source = batch.source;
  let table: OpenedTable | null = null;
  try {
    report({ phase: 'reading', rows: 0, done: 0, total: null });
    const given = batch.mapping ? mappingSchema.parse(batch.mapping) : null;
    const sheetChoice = given?.sheet ?? batch.sheet ?? undefined;
    table = await openTable(batch.file_path, {
      sheet: typeof sheetChoice === 'string' && /^\d+$/.test(sheetChoice) ? Number(sheetChoice) : sheetChoice,
      maxBytes: opts.settings.maxUploadBytes,
      ...(given?.headerRow ? { headerRow: given.headerRow } : {}),
      previewRows: PREVIEW_ROWS,
    });
    const auto = autoMap(table.headers, source, {
      ...(given ? { layout: given.layout } : {}),
      previewRows: table.preview.map((r) => r.cells),
    });
    const mapping: Mapping = given ?? auto.mapping;
    await updateBatch(db, batchId, {
      format: table.format,
      sheet: table.sheet,
      sheets: table.sheets,
      headerRow: table.headerRowNumber,
      headers: table.headers,
      layout: mapping.layout,
      mapping,
      autoMap: {
        matches: auto.matches,
        unmatchedHeaders: auto.unmatchedHeaders,
        missingRequired: auto.missingRequired,
        layout: auto.layout,
      },
      preview: table.preview.map((r) => ({ rowNumber: r.rowNumber, cells: encodeCells(r.cells) })),
    });
    if (missingRequired(mapping).length > 0) {
      await table.close();
      await updateBatch(db, batchId, { status: 'needs_mapping', counts: {} });
      return { status: 'needs_mapping', summary: null };
    }
    let resolved;
    try {
      resolved = resolveMapping(mapping, table.headers);
    } catch (error) {
      await table.close();
      if (error instanceof AppError && error.code.startsWith('mapping_')) {
        await updateBatch(db, batchId, { status: 'needs_mapping', counts: {}, error: errorJson(error) });
        return { status: 'needs_mapping', summary: null };
      }
      throw error;
    }

    const context = createValidationContext({
      source,
      layout: mapping.layout,
      regions: await regionMatcher(db, opts.settings.regionCode),
      ...(opts.today ? { today: opts.today } : {}),
    });
    const processor = createRowProcessor({ resolved, context, fileFindings: table.fileFindings });
    const counter = createSummaryCounter(source);
    const seenKk = new Set<string>();
    let chunk: StagingRow[] = [];
    let index = 0;
    // The insert of one chunk runs in the database (PGlite's worker thread or the server) while the
    // next chunk is read and validated: at most one insert is in flight.
    let pending: Promise<void> | null = null;
    const flush = async () => {
      await pending;
      pending = insertRows(db, batchId, chunk);
      pending.catch(() => undefined);
      chunk = [];
      const progress = table?.progress() ?? { bytes: 0, total: 0 };
      report({ phase: 'validating', rows: index, done: progress.bytes, total: progress.total });
      // Other requests (the progress poll itself) get the event loop and the connection here.
      await yieldToEventLoop();
    };
    for await (const row of table.rows) {
      const { result } = processor.process(row);
      const kk = result.household?.kkNumber ?? result.beneficiary?.kkNumber ?? null;
      const nik = result.person?.nik ?? result.beneficiary?.nik ?? null;
      counter.add({ rejected: result.rejected, findings: result.findings, kkNumber: kk, nik });
      const preview = index < PREVIEW_ROWS;
      let record: unknown = null;
      let household: StagedHouseholdFields | null = null;
      if (!result.rejected || preview) {
        if (source === 'beneficiaries') record = { b: result.beneficiary };
        else {
          // Family fields are stored once per KK, in typed columns of its first accepted row.
          const first = kk !== null && !result.rejected && !seenKk.has(kk);
          if (first) seenKk.add(kk);
          if (first && result.household) household = result.household;
          if (preview) record = { h: result.household, p: result.person };
        }
      }
      chunk.push({
        rowNumber: row.rowNumber,
        kkNumber: kk,
        nik,
        cells: result.rejected || preview ? encodeCells(row.cells) : null,
        record,
        person: result.rejected ? null : result.person,
        household,
        findings: result.findings.length > 0 ? result.findings : null,
        rejected: result.rejected,
      });
      index++;
      if (chunk.length >= chunkSize) {
        await flush();
        if (index % (chunkSize * 10) === 0) await touchBatch(db, batchId);
      }
    }
    await flush();
    await pending;
    const end = processor.finish();
    const late = new Map<number, RowFinding[]>();
    for (const { rowNumber, finding } of end.lateFindings) {
      const list = late.get(rowNumber);
      if (list) list.push(finding);
      else late.set(rowNumber, [finding]);
    }
    await appendFindings(
      db,
      batchId,
      [...late].map(([rowNumber, findings]) => ({ rowNumber, findings })),
    );
    counter.addLate(end.lateFindings.map((x) => x.finding));
    counter.addLate(end.fileFindings);

    report({ phase: 'diff', rows: index, done: 0, total: null });
    const identical = await findIdenticalRelease(db, source, batch.file_sha256, batch.release_date);
    const previous = await findPreviousRelease(db, source, batch.release_date, null);
    const diff = await diffCounts(db, source, batchId, previous?.id ?? null);
    const summary = counter.result(diff);
    const counts: BatchCounts = {
      ...summary,
      alreadyImported: identical ? { releaseId: identical.id, label: identical.label } : null,
      previousRelease: previous
        ? { id: previous.id, label: previous.label, releaseDate: previous.release_date }
        : null,
      commit: null,
    };
    await updateBatch(db, batchId, { status: 'staged', counts, fileFindings: end.fileFindings, error: null });
    return { status: 'staged', summary };
  } catch (error) {
    await table?.close();
    await deleteRows(db, batchId).catch(() => undefined);
    await updateBatch(db, batchId, { status: 'failed', error: errorJson(error) }).catch(() => undefined);
    throw error;
  }
}

/** Replaces the column mapping of a staged batch (the caller stages it again) and audits it. */
export async function setBatchMapping(
  db: Kysely<Database>,
  actor: Actor,
  batchId: number,
  input: { mapping: unknown; sheet?: string | null | undefined },
): Promise<Mapping> {
  const batch = await findBatch(db, batchId);
  if (!batch) throw errors.notFound();
  if (!['needs_mapping', 'staged', 'failed'].includes(batch.status)) {
    throw conflict(
      'import_not_editable',
      'Pemetaan kolom hanya dapat diubah sebelum impor disimpan, dan tidak selama impor sedang dibaca.',
      'The column mapping can be changed only before the import is committed, and not while it is being read.',
    );
  }
  const parsed = mappingSchema.safeParse(input.mapping);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new AppError('mapping_invalid', 400, {
      id: `Pemetaan kolom tidak sah: ${detail}`,
      en: `The column mapping is invalid: ${detail}`,
    });
  }
  const mapping = parsed.data;
  if (mapping.source !== batch.source) {
    throw new AppError('mapping_invalid', 400, {
      id: `Pemetaan kolom ini untuk sumber ${mapping.source}, bukan ${batch.source}.`,
      en: `This column mapping is for source ${mapping.source}, not ${batch.source}.`,
    });
  }
  const sheet = input.sheet !== undefined ? input.sheet : batch.sheet;
  await updateBatch(db, batchId, { mapping, sheet, status: 'staging', error: null });
  await recordAudit(db, actor, {
    action: 'import.mapping',
    targetType: 'import_batch',
    targetId: batchId,
    before: batch.mapping,
    after: mapping,
  });
  return mapping;
}

export interface CommitResult {
  batchId: number;
  releaseId: number;
  alreadyImported: boolean;
  counts: Record<string, number>;
  /** Households the commit created or changed (to rescore and deduplicate); empty for beneficiary lists. */
  householdIds: number[];
  /** The registry held no active household before this commit. */
  firstLoad: boolean;
}

/**
 * Commits a staged batch in one transaction: the release, households, persons, official desil,
 * provenance and audit rows, or the beneficiary entries. The same file with the same source and
 * release date again changes nothing ("already imported"). `onStep` reports the phases; its
 * first call happens inside the transaction. The result names the households created or changed,
 * for runImportFollowUps (rescoring, duplicate search), which the caller runs after it.
 */
export async function commitBatch(
  db: Kysely<Database>,
  actor: Actor,
  batchId: number,
  onStep: (phase: string) => void | Promise<void> = () => undefined,
): Promise<CommitResult> {
  const batch = await findBatch(db, batchId);
  if (!batch) throw errors.notFound();
  if (batch.status !== 'staged') {
    throw conflict(
      'import_not_staged',
      batch.status === 'committed'
        ? 'Impor ini sudah disimpan.'
        : 'Impor ini belum siap disimpan: tunggu validasi selesai atau lengkapi pemetaan kolom.',
      batch.status === 'committed'
        ? 'This import was already committed.'
        : 'This import is not ready to commit: wait for validation to finish or complete the column mapping.',
    );
  }
  await updateBatch(db, batchId, { status: 'committing', error: null });
  try {
    const result = await db.transaction().execute(async (trx) => {
      // One commit at a time, also across processes sharing a PostgreSQL server.
      await sql`SELECT pg_advisory_xact_lock(7411001)`.execute(trx);
      const locked = await lockBatch(trx, batchId);
      if (!locked || locked.status !== 'committing') {
        throw conflict('import_not_staged', 'Impor ini sedang diproses.', 'This import is being processed.');
      }
      await onStep('commit');
      const previousCounts = (locked.counts ?? {}) as BatchCounts;
      if ((await countRows(trx, batchId)) !== (previousCounts.rowsRead ?? -1)) {
        throw new AppError('import_staging_lost', 409, {
          id: 'Data hasil validasi berkas ini hilang (aplikasi atau basis data mati tidak wajar). Validasi ulang berkasnya, lalu simpan.',
          en: 'The validated rows of this file are gone (the application or database stopped abnormally). Validate the file again, then commit.',
        });
      }
      const identical = await findIdenticalRelease(
        trx,
        locked.source,
        locked.file_sha256,
        locked.release_date,
      );
      if (identical) {
        await recordAudit(trx, actor, {
          action: 'import.already_imported',
          targetType: 'import_batch',
          targetId: batchId,
          after: { releaseId: identical.id, fileName: locked.file_name, sha256: locked.file_sha256 },
        });
        await updateBatch(trx, batchId, {
          status: 'committed',
          releaseId: identical.id,
          committedAt: new Date(),
          counts: {
            ...previousCounts,
            alreadyImported: { releaseId: identical.id, label: identical.label },
            commit: { alreadyImported: true },
          },
        });
        return {
          batchId,
          releaseId: identical.id,
          alreadyImported: true,
          counts: {},
          householdIds: [],
          firstLoad: false,
        };
      }
      const label =
        locked.release_label ?? `${SOURCE_LABEL[locked.source]} ${locked.release_date} (${locked.file_name})`;
      const release = await trx
        .insertInto('source_release')
        .values({
          source: locked.source,
          release_date: locked.release_date,
          label,
          file_name: locked.file_name,
          file_sha256: locked.file_sha256,
          created_by: actor.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const params: CommitParams = {
        batchId,
        releaseId: release.id,
        releaseDate: locked.release_date,
        releaseLabel: label,
        fileName: locked.file_name,
        sheet: locked.sheet,
        dictionaryVersion: DICTIONARY_VERSION,
        actor,
      };
      const kemensos = locked.source === 'kemensos';
      const firstLoad = kemensos && (await registryIsEmpty(trx));
      const counts: Record<string, number> = kemensos
        ? { ...(await commitKemensos(trx, params, onStep)) }
        : { ...(await commitBeneficiaries(trx, params)) };
      const householdIds = kemensos ? await committedHouseholdIds(trx) : [];
      await recordAudit(trx, actor, {
        action: 'import.commit',
        targetType: 'import_batch',
        targetId: batchId,
        after: {
          releaseId: release.id,
          source: locked.source,
          fileName: locked.file_name,
          sha256: locked.file_sha256,
          releaseDate: locked.release_date,
          rowsRead: previousCounts.rowsRead ?? null,
          accepted: previousCounts.accepted ?? null,
          rejected: previousCounts.rejected ?? null,
          ...counts,
        },
        reason: label,
      });
      await updateBatch(trx, batchId, {
        status: 'committed',
        releaseId: release.id,
        committedAt: new Date(),
        counts: { ...previousCounts, commit: counts },
      });
      return { batchId, releaseId: release.id, alreadyImported: false, counts, householdIds, firstLoad };
    });
    if (
      !result.alreadyImported &&
      (result.counts.householdsCreated ?? 0) + (result.counts.personsCreated ?? 0) > 1000
    ) {
      // Fresh statistics after a large load, so registry searches keep their plans.
      await sql`ANALYZE household, person`.execute(db);
    }
    return result;
  } catch (error) {
    await updateBatch(db, batchId, { status: 'staged', error: errorJson(error) }).catch(() => undefined);
    throw error;
  }
}

/** Discards a batch that was not committed: its staged rows and stored file are removed. */
export async function discardBatch(
  db: Kysely<Database>,
  actor: Actor,
  batchId: number,
  settings: Pick<ImportSettings, 'dataDir'>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const batch = await lockBatch(trx, batchId);
    if (!batch) throw errors.notFound();
    if (['committing', 'committed', 'staging'].includes(batch.status)) {
      throw conflict(
        'import_not_discardable',
        'Impor yang sedang diproses atau sudah disimpan tidak dapat dibuang.',
        'An import that is being processed or was committed cannot be discarded.',
      );
    }
    await deleteRows(trx, batchId);
    await updateBatch(trx, batchId, { status: 'discarded', filePath: null });
    await recordAudit(trx, actor, {
      action: 'import.discard',
      targetType: 'import_batch',
      targetId: batchId,
      before: { status: batch.status, fileName: batch.file_name },
    });
    removeStoredFile(batch.file_path, settings.dataDir);
  });
}

/**
 * Removes the stored upload of a committed batch: it cannot be validated again, and the release
 * keeps the file's name and SHA-256. Files imported in place (command line) are left alone.
 */
export async function removeBatchFile(
  db: Kysely<Database>,
  batchId: number,
  settings: Pick<ImportSettings, 'dataDir'>,
): Promise<void> {
  const batch = await findBatch(db, batchId);
  if (!batch?.file_path || batch.status !== 'committed') return;
  removeStoredFile(batch.file_path, settings.dataDir);
  await updateBatch(db, batchId, { filePath: null });
}

/** A batch with everything the review screen shows, except the job (the routes add it). */
export async function getBatch(db: Kysely<Database>, batchId: number) {
  const batch = await findBatch(db, batchId);
  if (!batch) throw errors.notFound();
  const preview = await firstRows(db, batchId, PREVIEW_ROWS);
  const release = batch.release_id ? await findRelease(db, batch.release_id) : undefined;
  return { batch, preview, release: release ?? null };
}

/** Batches, newest first. */
export function listImportBatches(db: Kysely<Database>, page: { page: number; pageSize: number }) {
  return listBatches(db, { limit: page.pageSize, offset: (page.page - 1) * page.pageSize });
}

async function* rejectedRows(db: Kysely<Database>, batchId: number): AsyncGenerator<RejectionRow> {
  let after = 0;
  for (;;) {
    const page = await rejectedRowsPage(db, batchId, after, 2000);
    if (page.length === 0) return;
    for (const r of page) {
      yield {
        rowNumber: r.row_number,
        cells: decodeCells(r.cells),
        findings: Array.isArray(r.findings) ? (r.findings as RowFinding[]) : [],
      };
      after = r.row_number;
    }
  }
}

/**
 * Writes the rejection report of a batch (XLSX or CSV): the original columns under their original
 * headers, then BARIS_FILE and the reasons. Viewing rejected rows means viewing personal data, so
 * the download is audited.
 */
export async function writeRejections(
  db: Kysely<Database>,
  actor: Actor | null,
  batchId: number,
  format: 'xlsx' | 'csv',
  filePath: string,
): Promise<{ rows: number; fileName: string }> {
  const batch = await findBatch(db, batchId);
  if (!batch) throw errors.notFound();
  const headers = Array.isArray(batch.headers) ? (batch.headers as string[]) : [];
  const result = await writeRejectionReport({ headers, rows: rejectedRows(db, batchId), format, filePath });
  if (actor) {
    await recordAudit(db, actor, {
      action: 'import.rejections.download',
      targetType: 'import_batch',
      targetId: batchId,
      after: { format, rows: result.rows },
    });
  }
  const base = path.parse(batch.file_name).name.replace(/[^\w.-]+/g, '_') || 'impor';
  return { rows: result.rows, fileName: `ditolak-${base}.${format}` };
}

/** Mapping presets of a source (or all). */
export async function getPresets(db: Kysely<Database>, source?: ImportSource) {
  return listPresets(db, source);
}

/** Saves a named mapping preset and audits it. */
export async function savePreset(
  db: Kysely<Database>,
  actor: Actor,
  input: { name: string; mapping: unknown },
) {
  const parsed = mappingSchema.safeParse(input.mapping);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new AppError('mapping_invalid', 400, {
      id: `Pemetaan kolom tidak sah: ${detail}`,
      en: `The column mapping is invalid: ${detail}`,
    });
  }
  const mapping = { ...parsed.data, name: input.name };
  return db.transaction().execute(async (trx) => {
    const row = await upsertPreset(trx, {
      name: input.name,
      source: mapping.source,
      mapping,
      createdBy: actor.id,
    });
    await recordAudit(trx, actor, {
      action: 'import.preset.save',
      targetType: 'import_mapping_preset',
      targetId: row.id,
      after: mapping,
    });
    return row;
  });
}
