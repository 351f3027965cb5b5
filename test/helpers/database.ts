import crypto from 'node:crypto';
import pg from 'pg';
import { loadConfig, type AppConfig } from '../../src/server/platform/config.ts';
import { openDatabase, type DatabaseHandle } from '../../src/server/platform/db/connect.ts';
import { migrate } from '../../src/server/platform/db/migrate.ts';
import { ensureDeploymentRegions } from '../../src/server/features/regions/index.ts';

export interface TestDatabase {
  handle: DatabaseHandle;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite by default, or a throw-away
 * database on the PostgreSQL server named by DATABASE_URL (dropped afterwards).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  let databaseUrl: string | undefined;
  let dropName: string | undefined;
  if (serverUrl) {
    dropName = `tepat_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dropName}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${dropName}`;
    databaseUrl = url.toString();
  }
  const config = loadConfig(
    { ...process.env, TEPAT_DATA_DIR: 'memory://', TEPAT_LOG_LEVEL: 'silent' },
    { databaseUrl, dataDir: 'memory://', loginMaxAttempts: 1000 },
  );
  const handle = await openDatabase({ databaseUrl, dataDir: 'memory://', poolSize: 4 });
  await migrate(handle.pool);
  await ensureDeploymentRegions(handle.db, config.regionCode);
  return {
    handle,
    config,
    async close() {
      await handle.close();
      if (serverUrl && dropName) {
        const admin = new pg.Client({ connectionString: serverUrl });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${dropName} WITH (FORCE)`);
        await admin.end();
      }
    },
  };
}
