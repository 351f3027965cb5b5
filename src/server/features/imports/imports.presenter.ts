/** Batch rows to API shapes, so that columns (file paths, hashes) never leak as they are stored. */
import { fieldsFor, requiredFields, type ImportLayout, type ImportSource } from './parse/index.ts';
import { cellsForDisplay } from './imports.cells.ts';
import { followUpOf } from './imports.followup.ts';
import type { ImportJob } from './imports.jobs.ts';
import type { BatchRow, listBatches } from './imports.repository.ts';
import type { BatchCounts, getBatch } from './imports.service.ts';
import { emptyDiff, type ImportSummary } from './imports.summary.ts';

type Label = { id: string; en: string };

function errorOf(value: unknown): { code: string; message: Label } | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as { code?: unknown; message?: unknown };
  if (typeof v.code !== 'string' || typeof v.message !== 'object' || v.message === null) return null;
  const m = v.message as { id?: unknown; en?: unknown };
  return { code: v.code, message: { id: String(m.id ?? ''), en: String(m.en ?? '') } };
}

/** The summary part of stored counts, or null before validation finished. */
export function summaryOf(counts: unknown): ImportSummary | null {
  const c = (counts ?? {}) as BatchCounts;
  if (typeof c.rowsRead !== 'number') return null;
  return {
    rowsRead: c.rowsRead,
    accepted: c.accepted ?? 0,
    rejected: c.rejected ?? 0,
    rejectedByReason: c.rejectedByReason ?? {},
    warningsByCode: c.warningsByCode ?? {},
    families: c.families ?? 0,
    persons: c.persons ?? 0,
    // Rebuilt field by field: jsonb does not keep the order of keys.
    diff: c.diff ? { ...emptyDiff(), ...c.diff } : null,
  };
}

/** A job for the API. */
export function presentJob(job: ImportJob | undefined) {
  if (!job) return null;
  const { progress } = job;
  return {
    id: job.id,
    batchId: job.batchId,
    kind: job.kind,
    state: job.state,
    phase: progress.phase,
    rows: progress.rows,
    done: progress.done,
    total: progress.total,
    percent:
      job.state === 'done'
        ? 100
        : progress.total && progress.total > 0
          ? Math.min(99, Math.floor((progress.done / progress.total) * 100))
          : null,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    error: job.error ? { code: job.error.code, message: job.error.messages } : null,
  };
}

/** One line of the batch list. */
export function presentBatchListItem(row: Awaited<ReturnType<typeof listBatches>>['rows'][number]) {
  const counts = (row.counts ?? {}) as BatchCounts;
  return {
    id: row.id,
    source: row.source,
    layout: row.layout,
    fileName: row.file_name,
    fileSize: Number(row.file_size),
    sheet: row.sheet,
    releaseDate: row.release_date,
    releaseLabel: row.release_label,
    status: row.status,
    releaseId: row.release_id,
    releaseName: row.release_name,
    createdBy: row.created_by_name,
    createdAt: row.created_at,
    committedAt: row.committed_at,
    summary: summaryOf(row.counts),
    alreadyImported: counts.alreadyImported ?? null,
    error: errorOf(row.error),
    followUpState: followUpOf(counts.followUp)?.state ?? null,
  };
}

/** The fields a mapping can fill for a source, with their labels and whether they are required. */
export function mappingFields(source: ImportSource, layout: ImportLayout) {
  const required = requiredFields(source, layout);
  return fieldsFor(source).map((f) => {
    const group = required.find((g) => g.includes(f.key));
    return {
      key: f.key,
      label: f.label,
      kind: f.kind,
      level: f.level,
      required: group !== undefined,
      // Any one field of the group suffices (e.g. kelurahan by name or by code).
      requiredGroup: group ? [...group] : null,
    };
  });
}

/** The full review view of a batch. */
export function presentBatchDetail(data: Awaited<ReturnType<typeof getBatch>>, job: ImportJob | undefined) {
  const b: BatchRow = data.batch;
  const counts = (b.counts ?? {}) as BatchCounts;
  const followUp = followUpOf(counts.followUp);
  const storedPreview = Array.isArray(b.preview)
    ? (b.preview as { rowNumber: number; cells: unknown }[])
    : [];
  const stagedByRow = new Map(data.preview.map((r) => [r.row_number, r]));
  return {
    id: b.id,
    source: b.source,
    layout: b.layout,
    fileName: b.file_name,
    fileSize: Number(b.file_size),
    format: b.format,
    sheet: b.sheet,
    sheets: Array.isArray(b.sheets) ? (b.sheets as string[]) : [],
    headerRow: b.header_row,
    headers: Array.isArray(b.headers) ? (b.headers as string[]) : [],
    releaseDate: b.release_date,
    releaseLabel: b.release_label,
    status: b.status,
    createdBy: b.created_by_name,
    createdAt: b.created_at,
    committedAt: b.committed_at,
    releaseId: b.release_id,
    release: data.release
      ? { id: data.release.id, label: data.release.label, releaseDate: data.release.release_date }
      : null,
    mapping: b.mapping ?? null,
    autoMap: b.auto_map ?? null,
    fields: mappingFields(b.source, b.layout),
    preview: storedPreview.map((p) => {
      const staged = stagedByRow.get(p.rowNumber);
      return {
        rowNumber: p.rowNumber,
        cells: cellsForDisplay(p.cells),
        record: staged?.record ?? null,
        findings: Array.isArray(staged?.findings) ? (staged.findings as unknown[]) : [],
        rejected: staged?.rejected ?? false,
      };
    }),
    summary: summaryOf(b.counts),
    alreadyImported: counts.alreadyImported ?? null,
    previousRelease: counts.previousRelease ?? null,
    commit: counts.commit ?? null,
    followUp,
    followUpState: followUp?.state ?? null,
    fileFindings: Array.isArray(b.file_findings) ? (b.file_findings as unknown[]) : [],
    error: errorOf(b.error),
    job: presentJob(job),
  };
}
