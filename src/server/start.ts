import type { AppConfig } from './platform/config.ts';
import { openDatabase, type DatabaseHandle } from './platform/db/connect.ts';
import { migrate } from './platform/db/migrate.ts';
import { ensureDeploymentRegions } from './features/regions/index.ts';
import { ensureShippedScoringModels } from './features/scoring/index.ts';

/** Opens the configured database, applies migrations and makes sure the deployment regions exist. */
export async function prepareDatabase(config: AppConfig): Promise<DatabaseHandle & { migrations: string[] }> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const migrations = await migrate(handle.pool);
    await ensureDeploymentRegions(handle.db, config.regionCode);
    await ensureShippedScoringModels(handle.db);
    return Object.assign(handle, { migrations });
  } catch (error) {
    await handle.close();
    throw error;
  }
}
