/**
 * In-process jobs of the linkage feature: the engine runs in a worker thread so that a long
 * deduplication never blocks the HTTP event loop, and its progress is kept in memory for polling.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { computeDedupe, type DedupeJobInput, type DedupeJobResult } from './linkage.worker.ts';

/** Where a running job is: a phase, a rough share done (0–1) and the engine's last message. */
export interface JobProgress {
  phase: 'reading' | 'linking' | 'storing' | 'done' | 'failed';
  fraction: number;
  message: string;
}

const progressByRun = new Map<number, JobProgress>();

/** Progress of a run started in this process, or null when this process does not know it. */
export function jobProgress(runId: number): JobProgress | null {
  return progressByRun.get(runId) ?? null;
}

/** Records the progress of a run. */
export function setJobProgress(runId: number, progress: JobProgress): void {
  progressByRun.set(runId, progress);
  // Finished jobs are kept a while for the last poll, then forgotten.
  if (progress.phase === 'done' || progress.phase === 'failed')
    setTimeout(() => progressByRun.delete(runId), 10 * 60 * 1000).unref();
}

/** Rough position of the engine's progress messages within the linking phase. */
export function engineFraction(message: string): number {
  if (message.startsWith('preparing')) return 0.05;
  if (message.startsWith('blocking')) return 0.2;
  if (message.startsWith('training')) return 0.3;
  if (message.startsWith('scoring')) return 0.75;
  if (message.startsWith('clustering')) return 0.8;
  return 0.1;
}

// Worker threads do not inherit the tsx loader of the main thread, so the worker imports the
// TypeScript job module through tsx's API explicitly.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const loaded = await import(workerData.tsxApi);
  const api = typeof loaded.tsImport === 'function' ? loaded : loaded.default;
  const job = await api.tsImport(workerData.module, workerData.module);
  const result = job.computeDedupe(workerData.input, (message) => parentPort.postMessage({ type: 'progress', message }));
  parentPort.postMessage({ type: 'result', result });
})().catch((error) => parentPort.postMessage({ type: 'error', message: error && error.stack ? error.stack : String(error) }));
`;

function tsxApiUrl(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const cjs = require.resolve('tsx/esm/api');
    const esm = cjs.replace(/index\.cjs$/, 'index.mjs');
    return pathToFileURL(fs.existsSync(esm) ? esm : cjs).href;
  } catch {
    return null;
  }
}

/**
 * Runs the engine in a worker thread (or inline when asked, or when no worker can be started) and
 * reports the engine's progress messages.
 */
export async function runEngine(
  input: DedupeJobInput,
  onProgress: (message: string) => void,
  options: { inline?: boolean } = {},
): Promise<DedupeJobResult> {
  const tsxApi = options.inline ? null : tsxApiUrl();
  const module = new URL('./linkage.worker.ts', import.meta.url);
  if (!tsxApi || module.protocol !== 'file:' || !fs.existsSync(fileURLToPath(module))) {
    // Let the caller's progress poll see something before the synchronous work starts.
    await new Promise((resolve) => setImmediate(resolve));
    return computeDedupe(input, onProgress);
  }
  return new Promise<DedupeJobResult>((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { tsxApi, module: module.href, input },
    });
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (msg: { type: string; message?: string; result?: DedupeJobResult }) => {
      if (msg.type === 'progress' && msg.message) onProgress(msg.message);
      else if (msg.type === 'result' && msg.result) {
        const result = msg.result;
        finish(() => resolve(result));
      } else if (msg.type === 'error')
        finish(() => reject(new Error(msg.message ?? 'linkage worker failed')));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => {
      if (!settled) finish(() => reject(new Error(`linkage worker exited with code ${code}`)));
    });
  });
}
