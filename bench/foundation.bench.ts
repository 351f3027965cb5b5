import { sql } from 'kysely';
import { createTestDatabase } from '../test/helpers/database.ts';
import { loadDemoCity } from '../src/server/features/seed/demo-city.ts';
import { listHouseholds, listPersons } from '../src/server/features/registry/registry.service.ts';
import { mulberry32 } from './random.ts';

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length));
  return Math.round((sorted[i] ?? 0) * 10) / 10;
}

/** Demo city generation + load time, then search latency over 1,000 random queries. */
export async function benchFoundation() {
  const households = Number(process.env.BENCH_HOUSEHOLDS ?? 27_000);
  const t = await createTestDatabase();
  try {
    const t0 = performance.now();
    const load = await loadDemoCity(t.handle, {
      households,
      seed: 2025,
      regionCode: t.config.regionCode,
      truthDir: null,
    });
    const loadSeconds = (performance.now() - t0) / 1000;

    const sample = await sql<{ nik: string | null; name: string; kk: string | null; village: string }>`
      SELECT p.nik, p.name, h.kk_number AS kk, h.village_code AS village FROM person p JOIN household h ON h.id = p.household_id
      ORDER BY p.id LIMIT 5000`.execute(t.handle.db);
    const rows = sample.rows;
    const rand = mulberry32(42);
    const pick = () => rows[Math.floor(rand() * rows.length)] ?? rows[0];
    const city = { level: 'city' as const, codes: [] };
    const timings: Record<string, number[]> = { nik: [], kk: [], name: [], nameTypo: [], village: [] };
    for (let i = 0; i < 1000; i++) {
      const r = pick();
      if (!r) break;
      const kind = (['nik', 'kk', 'name', 'nameTypo', 'village'] as const)[i % 5] ?? 'name';
      const start = performance.now();
      if (kind === 'nik')
        await listPersons(t.handle.db, city, { q: r.nik ?? r.name }, { page: 1, pageSize: 25 });
      else if (kind === 'kk')
        await listHouseholds(
          t.handle.db,
          city,
          { q: r.kk ?? r.name },
          { page: 1, pageSize: 25, sort: 'relevance' },
        );
      else if (kind === 'name')
        await listPersons(t.handle.db, city, { q: r.name }, { page: 1, pageSize: 25 });
      else if (kind === 'nameTypo') {
        const typo = r.name.length > 4 ? r.name.slice(0, 2) + r.name.slice(3) : r.name;
        await listHouseholds(t.handle.db, city, { q: typo }, { page: 1, pageSize: 25, sort: 'relevance' });
      } else
        await listHouseholds(
          t.handle.db,
          city,
          { villageCode: r.village },
          { page: 3, pageSize: 25, sort: 'kk' },
        );
      timings[kind]?.push(performance.now() - start);
    }
    const all = Object.values(timings)
      .flat()
      .sort((a, b) => a - b);
    const per = Object.fromEntries(
      Object.entries(timings).map(([k, v]) => {
        const s = [...v].sort((a, b) => a - b);
        return [k, { p50: percentile(s, 50), p95: percentile(s, 95) }];
      }),
    );
    return {
      households: load.households,
      persons: load.persons,
      generateMs: load.generateMs,
      loadMs: load.loadMs,
      demoTotalSeconds: Math.round(loadSeconds * 10) / 10,
      searchQueries: all.length,
      searchP50Ms: percentile(all, 50),
      searchP95Ms: percentile(all, 95),
      searchByKind: per,
    };
  } finally {
    await t.close();
  }
}
