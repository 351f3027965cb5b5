/**
 * A simple in-process job runner for imports: staging and commits of large files run in the
 * background, one at a time, while the web app polls their progress. Jobs live in memory; the
 * batch status in the database is the durable state (an interrupted job is recognised by its
 * stale heartbeat, see recoverInterruptedBatches).
 */
import crypto from 'node:crypto';
import { AppError } from '../../platform/errors.ts';

export type JobKind = 'stage' | 'commit';
export type JobState = 'queued' | 'running' | 'done' | 'failed';

/** Progress of a job: a phase name and counters (rows read, bytes of the file, steps of a commit). */
export interface JobProgress {
  phase: string;
  /** Rows read so far (staging) or steps done (commit). */
  rows: number;
  done: number;
  /** Unknown (null) until the size of the work is known. */
  total: number | null;
}

export interface ImportJob {
  id: string;
  batchId: number;
  kind: JobKind;
  state: JobState;
  progress: JobProgress;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: { code: string; messages: { id: string; en: string } } | null;
}

/** What a running job may report. */
export type ProgressReporter = (update: Partial<JobProgress>) => void;

export interface JobRunner {
  /** Queues work for a batch; returns the job at once. */
  enqueue(batchId: number, kind: JobKind, work: (report: ProgressReporter) => Promise<unknown>): ImportJob;
  get(id: string): ImportJob | undefined;
  /** The newest job of a batch. */
  latestFor(batchId: number): ImportJob | undefined;
  /** Batches with a queued or running job (not to be taken for interrupted ones). */
  activeBatches(): number[];
  /** Resolves when every queued job has finished (tests, shutdown). */
  idle(): Promise<void>;
}

/** The error of a failed job, in both languages. */
export function jobError(error: unknown): NonNullable<ImportJob['error']> {
  if (error instanceof AppError) return { code: error.code, messages: error.messages };
  const text = error instanceof Error ? error.message : String(error);
  return {
    code: 'internal_error',
    messages: { id: `Impor gagal: ${text}`, en: `The import failed: ${text}` },
  };
}

/** Creates a runner that runs jobs one after another and keeps the last `keep` finished ones. */
export function createJobRunner(opts: { keep?: number } = {}): JobRunner {
  const keep = opts.keep ?? 200;
  const jobs = new Map<string, ImportJob>();
  let tail: Promise<void> = Promise.resolve();

  const prune = () => {
    const finished = [...jobs.values()].filter((j) => j.state === 'done' || j.state === 'failed');
    for (const j of finished.slice(0, Math.max(0, finished.length - keep))) jobs.delete(j.id);
  };

  return {
    enqueue(batchId, kind, work) {
      const job: ImportJob = {
        id: crypto.randomUUID(),
        batchId,
        kind,
        state: 'queued',
        progress: { phase: 'queued', rows: 0, done: 0, total: null },
        createdAt: new Date(),
        startedAt: null,
        finishedAt: null,
        error: null,
      };
      jobs.set(job.id, job);
      const report: ProgressReporter = (update) => {
        job.progress = { ...job.progress, ...update };
      };
      tail = tail.then(async () => {
        job.state = 'running';
        job.startedAt = new Date();
        try {
          await work(report);
          job.state = 'done';
          job.progress = { ...job.progress, phase: 'done' };
        } catch (error) {
          job.state = 'failed';
          job.error = jobError(error);
        } finally {
          job.finishedAt = new Date();
          prune();
        }
      });
      return job;
    },
    get: (id) => jobs.get(id),
    latestFor(batchId) {
      let latest: ImportJob | undefined;
      for (const j of jobs.values())
        if (j.batchId === batchId && (!latest || j.createdAt >= latest.createdAt)) latest = j;
      return latest;
    },
    activeBatches: () =>
      [...jobs.values()].filter((j) => j.state === 'queued' || j.state === 'running').map((j) => j.batchId),
    idle: () => tail,
  };
}
