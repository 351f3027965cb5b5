/** Pure helpers of the import screens: mapping table rows, field assignment, required groups, progress. */
import type {
  ImportAutoMap,
  ImportBatchDetail,
  ImportDiffCounts,
  ImportDiffKind,
  ImportField,
  ImportJob,
  ImportMapping,
  ImportStatus,
} from '../../api/types.ts';

/** The names by which a mapping refers to each column: the header, or `HEADER#n` for repeats (as the server does). */
export function columnKeys(headers: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return headers.map((h) => {
    const n = (seen.get(h) ?? 0) + 1;
    seen.set(h, n);
    return n === 1 ? h : `${h}#${n}`;
  });
}

/** How a column came to its field: matched by name, by a near name, chosen by the user, or unused. */
export type MappingOrigin = 'synonym' | 'fuzzy' | 'manual' | 'none';

export interface MappingRow {
  /** 0-based column index in the file. */
  column: number;
  header: string;
  /** The key the mapping uses for this column. */
  key: string;
  field: string | null;
  origin: MappingOrigin;
  /** 0–1 for automatic matches, null otherwise. */
  confidence: number | null;
}

/** One row per non-empty header of the file with the field it feeds and how sure the automatic match was. */
export function mappingRows(
  headers: readonly string[],
  mapping: Pick<ImportMapping, 'columns'> | null,
  autoMap: Pick<ImportAutoMap, 'matches'> | null,
): MappingRow[] {
  const keys = columnKeys(headers);
  const fieldByKey = new Map<string, string>();
  for (const [field, header] of Object.entries(mapping?.columns ?? {})) fieldByKey.set(header, field);
  const rows: MappingRow[] = [];
  headers.forEach((header, column) => {
    if (header.trim() === '') return;
    const key = keys[column] ?? header;
    const field = fieldByKey.get(key) ?? null;
    const auto = autoMap?.matches.find((m) => m.column === column && m.field === field);
    rows.push({
      column,
      header,
      key,
      field,
      origin: field === null ? 'none' : auto ? auto.how : 'manual',
      confidence: auto ? auto.confidence : null,
    });
  });
  return rows;
}

/**
 * Points a column at a field (or at nothing). A field feeds one column only, so a column that
 * fed the field before loses it; other columns keep theirs.
 */
export function assignField(
  columns: Readonly<Record<string, string>>,
  key: string,
  field: string | null,
): Record<string, string> {
  const next: Record<string, string> = {};
  for (const [f, header] of Object.entries(columns)) {
    if (header === key || f === field) continue;
    next[f] = header;
  }
  if (field) next[field] = key;
  return next;
}

/** Required field groups no column (nor default) fills; any one field of a group would do. */
export function missingRequiredGroups(
  fields: readonly ImportField[],
  mapping: Pick<ImportMapping, 'columns' | 'defaults'> | null,
): string[][] {
  const filled = new Set([...Object.keys(mapping?.columns ?? {}), ...Object.keys(mapping?.defaults ?? {})]);
  const seen = new Set<string>();
  const groups: string[][] = [];
  for (const f of fields) {
    const group = f.requiredGroup ?? (f.required ? [f.key] : null);
    if (!group) continue;
    const id = [...group].sort().join('|');
    if (seen.has(id)) continue;
    seen.add(id);
    if (!group.some((k) => filled.has(k))) groups.push([...group]);
  }
  return groups;
}

/** Counts by code as rows, largest first, then by code. */
export function countRows(counts: Readonly<Record<string, number>> | null | undefined): {
  code: string;
  count: number;
}[] {
  return Object.entries(counts ?? {})
    .filter(([, n]) => n > 0)
    .map(([code, count]) => ({ code, count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** Whether a batch is busy in the background (being read, validated or committed). */
export function isBusy(status: ImportStatus, job: Pick<ImportJob, 'state'> | null | undefined): boolean {
  if (job && (job.state === 'queued' || job.state === 'running')) return true;
  return status === 'staging' || status === 'committing';
}

/** Progress 0–100 of a job, or null while its size is unknown (indeterminate bar). */
export function jobPercent(
  job: Pick<ImportJob, 'state' | 'percent' | 'done' | 'total'> | null | undefined,
): number | null {
  if (!job) return null;
  if (job.state === 'done') return 100;
  if (job.percent !== null) return job.percent;
  if (job.total && job.total > 0) return Math.min(99, Math.floor((job.done / job.total) * 100));
  return null;
}

export const JOB_PHASES = [
  'queued',
  'reading',
  'validating',
  'diff',
  'commit',
  'households',
  'persons',
  'provenance',
  'audit',
  'scoring',
  'dedupe',
  'done',
] as const;
export type JobPhase = (typeof JOB_PHASES)[number];

/** A known phase name, or 'reading' for one the interface does not know yet. */
export function phaseOf(phase: string | null | undefined): JobPhase {
  return JOB_PHASES.find((p) => p === phase) ?? 'reading';
}

/** Which counter of the diff counts each diff kind feeds, in display order. */
export const DIFF_COUNT_OF: Record<ImportDiffKind, keyof Omit<ImportDiffCounts, 'previousReleaseId'>> = {
  new_family: 'newFamilies',
  gone_family: 'goneFamilies',
  new_person: 'newPersons',
  gone_person: 'gonePersons',
  moved_person: 'movedPersons',
  desil_changed: 'desilChanged',
  nik_conflict: 'nikConflicts',
  not_in_registry: 'notInRegistry',
};

/** Which actions a batch allows in its state. */
export function batchActions(batch: Pick<ImportBatchDetail, 'status' | 'job'>): {
  editMapping: boolean;
  commit: boolean;
  discard: boolean;
} {
  const busy = isBusy(batch.status, batch.job);
  return {
    editMapping: !busy && ['needs_mapping', 'staged', 'failed'].includes(batch.status),
    commit: !busy && batch.status === 'staged',
    discard: !busy && ['needs_mapping', 'staged', 'failed'].includes(batch.status),
  };
}

/** Status badge colours. */
export const STATUS_COLORS: Record<ImportStatus, string> = {
  staging: 'blue',
  needs_mapping: 'orange',
  staged: 'teal',
  committing: 'blue',
  committed: 'green',
  failed: 'red',
  discarded: 'gray',
};

/** A file size such as `8,0 KB` or `27,4 MB`. */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value)} ${units[unit] ?? 'B'}`;
}

/** A follow-up step's failure, as the server reports it. */
export interface ImportFollowUpError {
  code: string;
  message: { id: string; en: string };
}

/**
 * What happened after a commit (`followUp` of GET /api/imports/:id): rescoring the families the import
 * created or changed, and the duplicate search for them. Kept here until it moves to api/types.ts.
 */
export interface ImportFollowUp {
  state: 'running' | 'done' | 'failed' | 'interrupted';
  firstLoad: boolean;
  households: number;
  startedAt: string;
  finishedAt: string | null;
  scoring: {
    status: 'pending' | 'running' | 'done' | 'skipped' | 'failed';
    reason: 'no_active_model' | null;
    runId: number | null;
    model: { id: number; key: string; version: number } | null;
    households: number;
    changed: number;
    durationMs: number;
    error: ImportFollowUpError | null;
  };
  dedupe: {
    status: 'pending' | 'running' | 'done' | 'skipped' | 'failed';
    runId: number | null;
    mode: 'full' | 'incremental';
    stored: number;
    autoAccepted: number;
    review: number;
    seconds: number;
    error: ImportFollowUpError | null;
  };
}

/** The follow-up of a batch, or null (not committed, nothing to follow up, or an older server). */
export function followUpOf(batch: ImportBatchDetail): ImportFollowUp | null {
  const value = (batch as ImportBatchDetail & { followUp?: ImportFollowUp | null }).followUp;
  return value && typeof value === 'object' && typeof value.state === 'string' ? value : null;
}

/** How a follow-up step is shown: its result, skipped, failed with its message, or not run (interrupted). */
export type FollowUpLine = 'done' | 'skipped' | 'failed' | 'notRun';

/** The line of a step once the follow-ups have stopped running. */
export function followUpLine(step: ImportFollowUp['scoring'] | ImportFollowUp['dedupe']): FollowUpLine {
  if (step.status === 'done') return 'done';
  if (step.status === 'skipped') return 'skipped';
  if (step.status === 'failed') return 'failed';
  return 'notRun';
}
