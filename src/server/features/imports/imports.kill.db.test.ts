/**
 * Kills `tepat import` with SIGKILL in the middle of its commit transaction and checks that the
 * registry is exactly as before. On PostgreSQL the server rolls the transaction back; on PGlite
 * the data folder must recover at the next start (WAL replay) and its lock, left behind by the
 * dead process, must be taken over once stale.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../platform/config.ts';
import { openDatabase, type DatabaseHandle } from '../../platform/db/connect.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { AppError } from '../../platform/errors.ts';
import { generateDemoCity, writeKemensosStyleXlsx } from '../demo/index.ts';
import { ensureDeploymentRegions } from '../regions/index.ts';
import { fixture } from '../../../../test/fixtures/imports/regions.ts';
import { findBatch } from './imports.repository.ts';
import { importFile, registryCounts, registryFingerprint } from './imports.test-helpers.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-import-kill-'));
const dataDir = path.join(dir, 'data');
const serverUrl = process.env.DATABASE_URL;
let databaseUrl: string | undefined;
let dropName: string | undefined;

afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (serverUrl && dropName) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dropName} WITH (FORCE)`);
    await admin.end();
  }
});

// Opens the database of this test; a data folder locked by the killed process is retried until
// its lock is stale (2 s here instead of 15 s: the only other holder is dead).
async function open(): Promise<DatabaseHandle> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const handle = await openDatabase({ databaseUrl, dataDir, lockStaleMs: 2000 });
      await migrate(handle.pool);
      await ensureDeploymentRegions(handle.db, '64.74');
      return handle;
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'database_locked') || Date.now() > deadline)
        throw error;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

describe('killing an import mid-commit', () => {
  it('leaves the registry unchanged', { timeout: 180_000 }, async () => {
    if (serverUrl) {
      dropName = `tepat_kill_${process.pid}_${Date.now()}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${dropName}`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${dropName}`;
      databaseUrl = url.toString();
    }
    // A registry with a first release in it.
    let handle = await open();
    const baseline = await importFile(handle.db, fixture('kemensos-semicolon-cp1252.csv'), {
      releaseDate: '2025-08-15',
    });
    expect(baseline.commit?.counts.householdsCreated).toBe(2);
    const before = await registryCounts(handle.db);
    const fingerprint = await registryFingerprint(handle.db);
    await handle.close();

    // A file large enough for its commit to take a while.
    const big = path.join(dir, 'dtsen-besar.xlsx');
    await writeKemensosStyleXlsx(generateDemoCity({ households: serverUrl ? 6000 : 2500, seed: 3 }), big);

    const child = spawn(
      process.execPath,
      [
        path.join(PROJECT_ROOT, 'bin/tepat.mjs'),
        'import',
        big,
        '--source',
        'kemensos',
        '--release',
        '2025-09-01',
      ],
      {
        env: {
          ...process.env,
          TEPAT_DATA_DIR: dataDir,
          ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '' }),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    // The progress line of the commit is printed from inside the commit transaction.
    const killedAt = await new Promise<number>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (/committing: 0\//.test(output)) {
          setTimeout(
            () => {
              child.kill('SIGKILL');
              resolve(Date.now());
            },
            serverUrl ? 150 : 300,
          );
        }
      };
      child.stderr.on('data', onData);
      child.stdout.on('data', onData);
      void exited.then(() => reject(new Error(`import ended before its commit was killed:\n${output}`)));
    });
    const exit = await exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(killedAt).toBeGreaterThan(0);

    handle = await open();
    try {
      expect(await registryCounts(handle.db)).toEqual(before);
      expect(await registryFingerprint(handle.db)).toBe(fingerprint);
      // The killed batch was caught mid-commit: staged, never committed.
      const killed = await findBatch(handle.db, baseline.batchId + 1);
      expect(killed?.status).toBe('committing');
      expect(killed?.release_id).toBeNull();
      // The database works on: the same file commits now.
      const retry = await importFile(handle.db, fixture('kemensos-bom-tabs.csv'), {
        releaseDate: '2025-09-02',
      });
      expect(retry.commit?.alreadyImported).toBe(false);
      expect((await registryCounts(handle.db)).households).toBe(before.households + 2);
    } finally {
      await handle.close();
    }
  });
});
