import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { DEMO_PASSWORD, ensureDemoAccounts } from '../../src/server/features/seed/demo-accounts.ts';
import { loadDemoCity } from '../../src/server/features/seed/demo-city.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { TestClient } from './http.ts';

export { DEMO_PASSWORD };

export interface SeededApp extends TestDatabase {
  app: FastifyInstance;
  /** A client logged in as one of the demo accounts. */
  as(username: string): Promise<TestClient>;
}

/** A test database holding a small demo city and the demo accounts, with the HTTP app built on it. */
export async function createSeededApp(
  options: { households?: number; seed?: number; loginMaxAttempts?: number } = {},
): Promise<SeededApp> {
  const t = await createTestDatabase();
  await loadDemoCity(t.handle, {
    households: options.households ?? 400,
    seed: options.seed ?? 7,
    regionCode: t.config.regionCode,
    truthDir: null,
  });
  await ensureDemoAccounts(t.handle.db, t.config.regionCode);
  const config = { ...t.config, loginMaxAttempts: options.loginMaxAttempts ?? t.config.loginMaxAttempts };
  const app = await buildApp({ config, database: t.handle });
  return {
    ...t,
    config,
    app,
    async as(username: string) {
      const client = new TestClient(app);
      const res = await client.login(username, DEMO_PASSWORD);
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      return client;
    },
    async close() {
      await app.close();
      await t.close();
    },
  };
}
