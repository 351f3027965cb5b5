import path from 'node:path';
import type { Command } from 'commander';
import { sql } from 'kysely';
import { buildApp } from '../../server/app.ts';
import { loadConfig, type AppConfig } from '../../server/platform/config.ts';
import type { DatabaseHandle } from '../../server/platform/db/connect.ts';
import { prepareDatabase } from '../../server/start.ts';
import { DEMO_PASSWORD, ensureDemoAccounts } from '../../server/features/seed/demo-accounts.ts';
import { loadDemoCity } from '../../server/features/seed/demo-city.ts';
import { progressBar } from '../output.ts';

/** Loads the demo city into an empty registry and prints the demo logins (first start only). */
export async function seedDemoIfEmpty(handle: DatabaseHandle, config: AppConfig): Promise<void> {
  const counts = await sql<{ households: number; users: number }>`
    SELECT (SELECT count(*)::int FROM household) AS households, (SELECT count(*)::int FROM app_user) AS users`.execute(
    handle.db,
  );
  const row = counts.rows[0];
  if (!row || row.households > 0 || row.users > 0) return;
  console.log(`Memuat kota demo (${config.demoHouseholds} KK) / loading the demo city...`);
  const bar = progressBar();
  let started = false;
  const result = await loadDemoCity(handle, {
    households: config.demoHouseholds,
    seed: config.demoSeed,
    regionCode: config.regionCode,
    truthDir: path.join(config.dataDir, 'demo-truth'),
    onProgress: (_step, done, total) => {
      if (!started) {
        bar.start('Kota demo / demo city', total);
        started = true;
      }
      bar.update(done);
    },
  });
  bar.stop();
  console.log(
    `Kota demo dimuat / demo city loaded: ${result.households} KK, ${result.persons} jiwa, ${result.rtUnits} RT ` +
      `(generate ${result.generateMs} ms, load ${result.loadMs} ms). Ground truth: ${result.truthDir}`,
  );
  const accounts = await ensureDemoAccounts(handle.db, config.regionCode);
  console.log(`\nAkun demo / demo accounts (kata sandi / password: ${DEMO_PASSWORD}):`);
  for (const a of accounts) console.log(`  ${a.username.padEnd(20)} ${a.fullName}`);
}

/** `tepat serve`: migrate, seed the demo city on first start, serve the API and web app. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Jalankan server web / run the web server')
    .action(async () => {
      const config = loadConfig();
      const handle = await prepareDatabase(config);
      if (config.demo === 'auto') await seedDemoIfEmpty(handle, config);
      const app = await buildApp({ config, database: handle, logger: true });
      const shutdown = async () => {
        await app.close();
        await handle.close();
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      await app.listen({ port: config.port, host: config.host });
      const where = handle.kind === 'pglite' ? `PGlite ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
      console.log(`\nTepat berjalan di / running at http://localhost:${config.port}  [${where}]`);
    });
}
