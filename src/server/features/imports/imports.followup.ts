/**
 * Follow-up steps of a committed Kemensos/DTSEN import: the households it created or changed are
 * rescored with the active model (every household after a first load), then a person deduplication
 * looks for duplicates involving them (incremental; a full run after a first load). They run after
 * the commit transaction, as part of the same job, and their outcome is kept on the batch
 * (counts.followUp). A failure is recorded there and in the server log, never thrown: the import is
 * committed whatever happens afterwards, and both steps can be repeated by hand (ranking rescore,
 * duplicate search).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../audit/index.ts';
import {
  dedupeRunsEnded,
  startPersonDedupe,
  type DedupeOptions,
  type DedupeSummary,
} from '../linkage/index.ts';
import { jobProgress } from '../linkage/linkage.jobs.ts';
import { rescoreAfterChange, type RescoreResult } from '../scoring/index.ts';
import { setFollowUp } from './imports.repository.ts';
import type { CommitResult } from './imports.service.ts';

/** State of one follow-up step. */
export type FollowUpStepStatus = 'pending' | 'running' | 'done' | 'skipped' | 'failed';

/** A failed step: a code and a message in both languages. */
export interface FollowUpError {
  code: string;
  message: { id: string; en: string };
}

/** The rescoring step. */
export interface ScoringFollowUp {
  status: FollowUpStepStatus;
  /** Why the step was skipped. */
  reason: 'no_active_model' | null;
  runId: number | null;
  model: { id: number; key: string; version: number } | null;
  /** Households scored, and how many of them got a new score (the rest were already right). */
  households: number;
  changed: number;
  durationMs: number;
  error: FollowUpError | null;
}

/** The duplicate-search step. */
export interface DedupeFollowUp {
  status: FollowUpStepStatus;
  runId: number | null;
  mode: 'full' | 'incremental';
  /** Candidate pairs stored: auto-accepted and for review. */
  stored: number;
  autoAccepted: number;
  review: number;
  seconds: number;
  error: FollowUpError | null;
}

/** What the follow-ups of a committed import did, as kept in import_batch.counts.followUp. */
export interface ImportFollowUp {
  /** `interrupted`: the process stopped before the steps finished (set when the server starts again). */
  state: 'running' | 'done' | 'failed' | 'interrupted';
  /** The registry was empty before the import: every household was scored, the search was a full run. */
  firstLoad: boolean;
  /** Households the import created or changed. */
  households: number;
  startedAt: string;
  finishedAt: string | null;
  scoring: ScoringFollowUp;
  dedupe: DedupeFollowUp;
}

/** Progress of the follow-ups, for the job's progress bar (the phases `scoring` and `dedupe`). */
export interface FollowUpProgress {
  phase: 'scoring' | 'dedupe';
  done: number;
  total: number | null;
}

/** The steps themselves; tests replace them (e.g. with one that fails). */
export interface FollowUpSteps {
  rescore(
    db: Kysely<Database>,
    householdIds: readonly number[] | 'all',
    actor: Actor,
    onProgress: (done: number, total: number) => void,
  ): Promise<RescoreResult | null>;
  dedupe(
    db: Kysely<Database>,
    actor: Actor,
    options: DedupeOptions,
    onProgress: (fraction: number) => void,
  ): Promise<DedupeSummary>;
}

/** Where failures are logged: pino's `log.error(object, message)` fits. */
export interface FollowUpLogger {
  error(details: Record<string, unknown>, message: string): void;
}

/** Options of runImportFollowUps. */
export interface FollowUpOptions {
  onProgress?: (progress: FollowUpProgress) => void;
  logger?: FollowUpLogger;
  /** Run the linkage engine on this thread (tests). */
  inline?: boolean;
  steps?: Partial<FollowUpSteps>;
}

const consoleLogger: FollowUpLogger = {
  error: (details, message) => console.error(message, details),
};

async function dedupeWithProgress(
  db: Kysely<Database>,
  actor: Actor,
  options: DedupeOptions,
  onProgress: (fraction: number) => void,
): Promise<DedupeSummary> {
  // A duplicate search someone started by hand is waited for, not counted as a failure of the import.
  let started: Awaited<ReturnType<typeof startPersonDedupe>> | undefined;
  while (!started) {
    await dedupeRunsEnded(db);
    try {
      started = await startPersonDedupe(db, actor, options);
    } catch (error) {
      // Another search began between the wait and the start: wait for that one too.
      if (!(error instanceof AppError && error.code === 'linkage_run_active')) throw error;
    }
  }
  const { runId, done } = started;
  // The run reports its progress in memory (linkage.jobs.ts); the import job mirrors it.
  const timer = setInterval(() => {
    const p = jobProgress(runId);
    if (p) onProgress(p.fraction);
  }, 500);
  try {
    return await done;
  } finally {
    clearInterval(timer);
  }
}

const DEFAULT_STEPS: FollowUpSteps = {
  rescore: (db, ids, actor, onProgress) => rescoreAfterChange(db, ids, actor, { onProgress }),
  dedupe: dedupeWithProgress,
};

function stepError(step: 'scoring' | 'dedupe', error: unknown): FollowUpError {
  const detail =
    error instanceof AppError
      ? error.messages
      : { id: error instanceof Error ? error.message : String(error), en: '' };
  const en = detail.en || detail.id;
  const code = error instanceof AppError ? error.code : 'internal_error';
  return step === 'scoring'
    ? {
        code,
        message: {
          id:
            `Skor kesejahteraan keluarga dari impor ini belum dihitung ulang: ${detail.id}. ` +
            'Impor tetap tersimpan; jalankan "Nilai ulang semua keluarga" di menu Model PMT (atau `tepat pmt score`).',
          en:
            `The welfare scores of the households of this import were not recomputed: ${en}. ` +
            'The import is saved; run "Rescore every household" under PMT model (or `tepat pmt score`).',
        },
      }
    : {
        code,
        message: {
          id:
            `Pencarian data ganda setelah impor ini gagal: ${detail.id}. ` +
            'Impor tetap tersimpan; mulai pencarian lagi di menu Data ganda (atau `tepat dedupe`).',
          en:
            `The duplicate search after this import failed: ${en}. ` +
            'The import is saved; start the search again under Duplicates (or `tepat dedupe`).',
        },
      };
}

/**
 * Runs the follow-ups of a committed import (see the file comment) and records them on the batch.
 * Returns null when there is nothing to follow up: a file already imported, a beneficiary list, or a
 * release that changed no household. Never throws for a failing step.
 */
export async function runImportFollowUps(
  db: Kysely<Database>,
  actor: Actor,
  commit: CommitResult,
  options: FollowUpOptions = {},
): Promise<ImportFollowUp | null> {
  if (commit.alreadyImported || (!commit.firstLoad && commit.householdIds.length === 0)) return null;
  const steps: FollowUpSteps = { ...DEFAULT_STEPS, ...options.steps };
  const log = options.logger ?? consoleLogger;
  const report = options.onProgress ?? (() => undefined);
  const batchId = commit.batchId;
  const f: ImportFollowUp = {
    state: 'running',
    firstLoad: commit.firstLoad,
    households: commit.householdIds.length,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    scoring: {
      status: 'pending',
      reason: null,
      runId: null,
      model: null,
      households: 0,
      changed: 0,
      durationMs: 0,
      error: null,
    },
    dedupe: {
      status: 'pending',
      runId: null,
      mode: commit.firstLoad ? 'full' : 'incremental',
      stored: 0,
      autoAccepted: 0,
      review: 0,
      seconds: 0,
      error: null,
    },
  };
  const save = async (): Promise<void> => {
    try {
      await setFollowUp(db, batchId, f);
    } catch (error) {
      log.error({ err: error, batchId }, 'import follow-up: could not record its state on the batch');
    }
  };

  f.scoring.status = 'running';
  await save();
  report({ phase: 'scoring', done: 0, total: null });
  try {
    const ids = commit.firstLoad ? 'all' : commit.householdIds;
    const r = await steps.rescore(db, ids, actor, (done, total) => report({ phase: 'scoring', done, total }));
    if (r) {
      Object.assign(f.scoring, {
        status: 'done',
        runId: r.runId,
        model: r.model,
        households: r.households,
        changed: r.changed,
        durationMs: r.durationMs,
      });
    } else Object.assign(f.scoring, { status: 'skipped', reason: 'no_active_model' });
  } catch (error) {
    f.scoring.status = 'failed';
    f.scoring.error = stepError('scoring', error);
    log.error({ err: error, batchId }, 'import follow-up: rescoring failed');
  }

  f.dedupe.status = 'running';
  await save();
  report({ phase: 'dedupe', done: 0, total: 100 });
  try {
    const summary = await steps.dedupe(
      db,
      actor,
      {
        ...(commit.firstLoad ? {} : { householdIds: commit.householdIds }),
        ...(options.inline ? { inline: true } : {}),
      },
      (fraction) => report({ phase: 'dedupe', done: Math.round(fraction * 100), total: 100 }),
    );
    f.dedupe.runId = summary.runId;
    if (summary.status === 'failed' || !summary.stats) throw new Error(summary.error ?? 'failed');
    Object.assign(f.dedupe, {
      status: 'done',
      stored: summary.stats.stored,
      autoAccepted: summary.stats.autoAccepted,
      review: summary.stats.review,
      seconds: summary.stats.seconds.total ?? 0,
    });
  } catch (error) {
    f.dedupe.status = 'failed';
    f.dedupe.error = stepError('dedupe', error);
    log.error({ err: error, batchId, runId: f.dedupe.runId }, 'import follow-up: duplicate search failed');
  }

  f.state = f.scoring.status === 'failed' || f.dedupe.status === 'failed' ? 'failed' : 'done';
  f.finishedAt = new Date().toISOString();
  await save();
  return f;
}

/** The stored follow-up of a batch in a known shape, or null (none, or written by another version). */
export function followUpOf(value: unknown): ImportFollowUp | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Partial<ImportFollowUp>;
  if (typeof v.state !== 'string' || typeof v.scoring !== 'object' || typeof v.dedupe !== 'object')
    return null;
  return v as ImportFollowUp;
}
