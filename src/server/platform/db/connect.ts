import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import { AppError } from '../errors.ts';
import type { Database } from './schema.ts';

// DATE stays an ISO string (no time-zone shifts); int8 and numeric become numbers (counts, sums).
pg.types.setTypeParser(1082, (v) => v);
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  pool: pg.Pool;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  /** Folder of the embedded database; `memory://` for a throw-away one (tests). */
  dataDir: string;
  poolSize?: number;
  /**
   * Age after which the lock of a data folder counts as left behind by a dead process (default
   * 15 s; the holder refreshes it every half of that). Lower only where no live holder can exist.
   */
  lockStaleMs?: number;
}

/** Opens PostgreSQL through DATABASE_URL, else the embedded PGlite in `dataDir` (in a worker, behind a lock). */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    pool.on('error', ignoreIdleClientError);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, pool, kind: 'postgres', close: () => db.destroy() };
  }
  return openPglite(options.dataDir, options.lockStaleMs ?? 15_000);
}

async function openPglite(dataDir: string, lockStaleMs: number): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith('memory://');
  let release: (() => Promise<void>) | undefined;
  let pgliteDir = dataDir;
  if (!inMemory) {
    fs.mkdirSync(dataDir, { recursive: true });
    pgliteDir = path.join(dataDir, 'pgdata');
    try {
      release = await lockfile.lock(dataDir, {
        lockfilePath: path.join(dataDir, 'tepat.lock'),
        stale: lockStaleMs,
      });
    } catch {
      throw new AppError('database_locked', 503, {
        id: `Folder data ${dataDir} sedang dipakai proses Tepat lain. Hentikan proses itu dulu, atau pakai TEPAT_DATA_DIR lain.`,
        en: `The data folder ${dataDir} is in use by another Tepat process. Stop that process first, or use another TEPAT_DATA_DIR.`,
      });
    }
  }
  // A short private folder: Unix socket paths are limited to about 100 characters.
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-'));
  const socketPath = path.join(socketDir, '.s.PGSQL.5432');
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
    workerData: { dataDir: pgliteDir, socketPath },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once('message', (m: { type: string; message?: string }) =>
        m.type === 'ready' ? resolve() : reject(new Error(`PGlite failed to start: ${m.message ?? m.type}`)),
      );
      worker.once('error', reject);
    });
  } catch (error) {
    await worker.terminate();
    await release?.();
    throw error;
  }
  // PGlite serves one connection: a pool of one serialises queries and keeps transactions whole.
  const pool = new pg.Pool({ host: socketDir, port: 5432, user: 'postgres', database: 'postgres', max: 1 });
  pool.on('error', ignoreIdleClientError);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    db,
    pool,
    kind: 'pglite',
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 10_000);
        worker.on('message', (m: { type: string }) => {
          if (m.type === 'closed') {
            clearTimeout(timer);
            resolve();
          }
        });
        worker.postMessage({ type: 'close' });
      });
      await worker.terminate();
      fs.rmSync(socketDir, { recursive: true, force: true });
      await release?.();
    },
  };
}

// An idle pooled connection that drops (server restart, shutdown) must not crash the process;
// the next query opens a new one or reports the error where it happens.
function ignoreIdleClientError(error: Error): void {
  if (process.env.TEPAT_DEBUG) console.error('idle database connection closed:', error.message);
}
