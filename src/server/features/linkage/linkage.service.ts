/**
 * Deduplication runs over the registry: read active persons in bulk, run the engine with the
 * Indonesian preset in a worker thread, store the pairs above the review threshold, report progress.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { recordAudit, type Actor } from '../audit/index.ts';
import type { Scope } from '../access/scope.ts';
import type { ModelParameters } from './engine/index.ts';
import { indonesianPersonSettings } from './preset/indonesian.ts';
import { engineFraction, jobProgress, runEngine, setJobProgress } from './linkage.jobs.ts';
import { presentRun } from './linkage.presenter.ts';
import {
  findLatestFullModel,
  findRun,
  findRuns,
  finishRun,
  insertRun,
  readPersonsForLinkage,
  upsertPairs,
  type LinkagePersonRow,
} from './linkage.repository.ts';
import type { JobPair, PersonLinkRecord } from './linkage.worker.ts';
import { familySettings, storeFamilyPairs, type FamilyStats } from './family.service.ts';

const CITY: Scope = { level: 'city', codes: [] };

/** Options of a person deduplication run. */
export interface DedupeOptions {
  /** The region read; the whole registry by default. */
  scope?: Scope;
  /** Incremental mode: keep only pairs touching these households (after an import). */
  householdIds?: readonly number[];
  /** Overrides of the preset's probability thresholds. */
  acceptThreshold?: number;
  reviewThreshold?: number;
  /** Overrides of the family (household) thresholds (family.ts, DEFAULT_FAMILY_SETTINGS). */
  familyAcceptThreshold?: number;
  familyReviewThreshold?: number;
  /** Run the engine on the calling thread instead of a worker (tests, benchmarks). */
  inline?: boolean;
}

/** What a finished run reports. */
export interface DedupeStats {
  records: number;
  candidatePairs: number;
  autoAccepted: number;
  review: number;
  dropped: number;
  stored: number;
  modelReused: boolean;
  thresholds: { accept: number; review: number };
  blocking: { rule: string; pairs: number; largestBlock: number }[];
  seconds: Record<string, number>;
  warnings: string[];
  /** The family (household) pairs found from the person links at the end of the run. */
  households?: FamilyStats;
}

/** The result of runPersonDedupe. */
export interface DedupeSummary {
  runId: number;
  status: 'done' | 'failed';
  stats: DedupeStats | null;
  error: string | null;
}

// One deduplication at a time per database: two runs would race on the same pairs. The entry is set
// before the run's row is written, so two starts at the same moment cannot both pass the check.
interface ActiveRun {
  /** Settles (never rejects) when the run has ended, however it ended. */
  ended: Promise<void>;
}
const activeRuns = new WeakMap<object, ActiveRun>();

/**
 * Resolves once no duplicate search started by this process runs on the database, whatever their
 * outcome (an import's follow-up waits for a search someone started by hand rather than failing).
 */
export async function dedupeRunsEnded(db: Kysely<Database>): Promise<void> {
  for (let run = activeRuns.get(db); run; run = activeRuns.get(db)) await run.ended;
}

/** Converts registry rows to the records the Indonesian preset reads. */
export function toLinkRecords(rows: readonly LinkagePersonRow[]): PersonLinkRecord[] {
  return rows.map((r) => ({
    record_id: String(r.id),
    nik: r.nik,
    name: r.name,
    birth_date: r.birth_date,
    sex: r.sex === null ? null : String(r.sex),
    birth_place: r.birth_place,
    kk_number: r.kk_number,
    village_code: r.village_code,
    address: r.address,
  }));
}

/** Keeps the pairs that touch one of the households (incremental mode). */
export function pairsTouching(
  pairs: readonly JobPair[],
  householdOf: ReadonlyMap<number, number>,
  householdIds: ReadonlySet<number>,
): JobPair[] {
  return pairs.filter(
    (p) =>
      householdIds.has(householdOf.get(p.left) ?? -1) || householdIds.has(householdOf.get(p.right) ?? -1),
  );
}

function isModel(value: unknown): value is ModelParameters {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.lambda === 'number' && Array.isArray(v.m) && Array.isArray(v.u);
}

function checkThreshold(value: number | undefined, name: string): void {
  if (value === undefined) return;
  if (!(value > 0 && value <= 1))
    throw errors.invalid(
      `Ambang ${name} harus di antara 0 dan 1.`,
      `The ${name} threshold must lie between 0 and 1.`,
    );
}

/**
 * Starts a person deduplication: creates the run row and returns at once; `done` settles when the
 * pairs are stored (or the run failed). Only one run per database at a time.
 */
export async function startPersonDedupe(
  db: Kysely<Database>,
  actor: Actor,
  options: DedupeOptions = {},
): Promise<{ runId: number; done: Promise<DedupeSummary> }> {
  checkThreshold(options.acceptThreshold, 'terima / accept');
  checkThreshold(options.reviewThreshold, 'tinjau / review');
  if (activeRuns.has(db))
    throw new AppError('linkage_run_active', 409, {
      id: 'Pencarian data ganda lain sedang berjalan. Tunggu sampai selesai.',
      en: 'Another duplicate search is running. Wait until it finishes.',
    });
  const family = familySettings({
    ...(options.familyAcceptThreshold !== undefined ? { accept: options.familyAcceptThreshold } : {}),
    ...(options.familyReviewThreshold !== undefined ? { review: options.familyReviewThreshold } : {}),
  });
  const scope = options.scope ?? CITY;
  const incremental = options.householdIds !== undefined;
  let ended = (): void => undefined;
  const active: ActiveRun = { ended: new Promise<void>((resolve) => (ended = resolve)) };
  activeRuns.set(db, active);
  const release = () => {
    if (activeRuns.get(db) === active) activeRuns.delete(db);
    ended();
  };
  const run = await insertRun(db, {
    kind: 'person',
    mode: incremental ? 'incremental' : 'full',
    scope,
    householdIds: incremental ? [...(options.householdIds ?? [])] : null,
    // The family step's thresholds ride along with the person settings, so a run explains both.
    settings: { ...indonesianPersonSettings, family },
    actorId: actor.id,
    actorName: actor.name,
  }).catch((error: unknown) => {
    release();
    throw error;
  });
  setJobProgress(run.id, { phase: 'reading', fraction: 0, message: 'reading records' });
  const done = executeRun(db, actor, run.id, scope, { ...options, family }).finally(release);
  return { runId: run.id, done };
}

/**
 * Runs a person deduplication to the end: the whole registry (or a scope), or with householdIds only
 * the pairs involving those households, reusing the model of the last full run.
 */
export async function runPersonDedupe(
  db: Kysely<Database>,
  actor: Actor,
  options: DedupeOptions = {},
): Promise<DedupeSummary> {
  const { done } = await startPersonDedupe(db, actor, options);
  return done;
}

async function executeRun(
  db: Kysely<Database>,
  actor: Actor,
  runId: number,
  scope: Scope,
  options: DedupeOptions & { family: ReturnType<typeof familySettings> },
): Promise<DedupeSummary> {
  const t0 = performance.now();
  try {
    const rows = await readPersonsForLinkage(db, scope);
    const t1 = performance.now();
    const incremental = options.householdIds !== undefined;
    const stored = incremental ? await findLatestFullModel(db) : null;
    const model = isModel(stored) ? { lambda: stored.lambda, m: stored.m, u: stored.u } : undefined;
    setJobProgress(runId, { phase: 'linking', fraction: 0.05, message: `${rows.length} records` });
    const runOnce = (withModel: ModelParameters | undefined) =>
      runEngine(
        {
          records: toLinkRecords(rows),
          settings: indonesianPersonSettings,
          ...(withModel ? { model: withModel } : {}),
          ...(options.acceptThreshold !== undefined ? { acceptThreshold: options.acceptThreshold } : {}),
          ...(options.reviewThreshold !== undefined ? { reviewThreshold: options.reviewThreshold } : {}),
        },
        (message) =>
          setJobProgress(runId, {
            phase: 'linking',
            fraction: 0.05 + 0.8 * engineFraction(message),
            message,
          }),
        { inline: options.inline ?? false },
      );
    let modelReused = model !== undefined;
    let result;
    try {
      result = await runOnce(model);
    } catch (error) {
      // A model from older settings no longer fits: estimate a new one.
      if (!model) throw error;
      modelReused = false;
      result = await runOnce(undefined);
    }
    const t2 = performance.now();
    let pairs = result.pairs;
    if (incremental) {
      const householdOf = new Map(rows.map((r) => [r.id, r.household_id]));
      pairs = pairsTouching(pairs, householdOf, new Set(options.householdIds));
    }
    setJobProgress(runId, { phase: 'storing', fraction: 0.9, message: `storing ${pairs.length} pairs` });
    const autoAccepted = pairs.filter((p) => p.status === 'auto_accepted').length;
    const s = result.stats;
    const stats: DedupeStats = {
      records: s.records,
      candidatePairs: s.candidatePairs,
      autoAccepted,
      review: pairs.length - autoAccepted,
      dropped: s.candidatePairs - s.accepted - s.review,
      stored: pairs.length,
      modelReused,
      thresholds: { accept: result.acceptThreshold, review: result.reviewThreshold },
      blocking: s.blocking,
      seconds: {},
      warnings: s.warnings,
    };
    await db.transaction().execute(async (trx) => {
      await upsertPairs(trx, runId, pairs);
      setJobProgress(runId, { phase: 'storing', fraction: 0.95, message: 'family pairs' });
      stats.households = await storeFamilyPairs(
        trx,
        runId,
        scope,
        options.family,
        incremental ? [...(options.householdIds ?? [])] : null,
      );
      const t3 = performance.now();
      stats.seconds = {
        read: round((t1 - t0) / 1000),
        engine: round((t2 - t1) / 1000),
        store: round((t3 - t2) / 1000),
        total: round((t3 - t0) / 1000),
        ...Object.fromEntries(Object.entries(s.seconds).map(([k, v]) => [`engine_${k}`, v])),
      };
      await finishRun(trx, runId, { status: 'done', model: result.model, stats });
      await recordAudit(trx, actor, {
        action: 'linkage.run',
        targetType: 'linkage_run',
        targetId: runId,
        after: {
          mode: incremental ? 'incremental' : 'full',
          records: stats.records,
          candidatePairs: stats.candidatePairs,
          autoAccepted: stats.autoAccepted,
          review: stats.review,
          dropped: stats.dropped,
          households: stats.households,
        },
      });
    });
    setJobProgress(runId, { phase: 'done', fraction: 1, message: 'done' });
    return { runId, status: 'done', stats, error: null };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    try {
      await finishRun(db, runId, { status: 'failed', error: message.slice(0, 2000) });
    } catch {
      // The database itself is gone (shutdown): the run stays "running" and shows as interrupted.
    }
    setJobProgress(runId, { phase: 'failed', fraction: 1, message });
    return { runId, status: 'failed', stats: null, error: message };
  }
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** The latest runs with their state. */
export async function listRuns(db: Kysely<Database>) {
  const rows = await findRuns(db, 20);
  return { items: rows.map((r) => presentRun(r, jobProgress(r.id))) };
}

/** One run with its state and, while it runs in this process, its progress. */
export async function getRun(db: Kysely<Database>, id: number) {
  const row = await findRun(db, id);
  if (!row) throw errors.notFound();
  return presentRun(row, jobProgress(row.id));
}
