import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestDatabase } from '../test/helpers/database.ts';
import { loadDemoCity } from '../src/server/features/seed/demo-city.ts';
import { SYSTEM_ACTOR } from '../src/server/features/audit/index.ts';
import { registryQuality, runPersonDedupe } from '../src/server/features/linkage/index.ts';
import { familySection } from './linkage-family.ts';

const CITY = { level: 'city' as const, codes: [] };

/**
 * Person deduplication end to end on the demo city (27,000 family cards, about 90,000 persons by
 * default): read from the database, engine in a worker thread, pairs stored; then pairwise precision,
 * recall and F1 per defect type of the automatic decisions against the generator's ground truth.
 */
export async function benchLinkage() {
  const households = Number(process.env.BENCH_HOUSEHOLDS ?? 27_000);
  const seed = Number(process.env.BENCH_SEED ?? 2025);
  const truthDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-linkage-bench-'));
  const t = await createTestDatabase();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  try {
    const load = await loadDemoCity(t.handle, {
      households,
      seed,
      regionCode: t.config.regionCode,
      truthDir,
    });
    const load1 = os.loadavg()[0] ?? 0;
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    const run = await runPersonDedupe(t.handle.db, SYSTEM_ACTOR);
    const wall = (performance.now() - t0) / 1000;
    if (run.status !== 'done' || !run.stats) throw new Error(`dedupe failed: ${run.error ?? 'unknown'}`);
    // After an import: pairs touching the last 500 households only, with the full run's model reused.
    const recent = await sql<{ id: number }>`SELECT id FROM household ORDER BY id DESC LIMIT 500`.execute(
      t.handle.db,
    );
    const t1 = performance.now();
    const incremental = await runPersonDedupe(t.handle.db, SYSTEM_ACTOR, {
      householdIds: recent.rows.map((r) => r.id),
    });
    const incrementalWall = (performance.now() - t1) / 1000;
    const counts = await sql<{ status: string; n: number }>`
      SELECT status, count(*)::int AS n FROM linkage_pair GROUP BY status ORDER BY status`.execute(
      t.handle.db,
    );
    const quality = await registryQuality(t.handle.db, CITY, truthDir);
    const family = await familySection(t.handle.db, truthDir, run.stats);
    if (!quality.available) throw new Error('ground truth missing');
    const round = (x: number) => Math.round(x * 10000) / 10000;
    const perDefect = (block: typeof quality.decisions) =>
      Object.fromEntries(
        block.perDefect
          .filter((d) => d.truePairs > 0 || d.predictedPairs > 0)
          .map((d) => [
            d.defect,
            {
              truePairs: d.truePairs,
              predictedPairs: d.predictedPairs,
              precision: round(d.precision),
              recall: round(d.recall),
              f1: round(d.f1),
            },
          ]),
      );
    return {
      households: load.households,
      persons: load.persons,
      loadAverageAtStart: Math.round(load1 * 10) / 10,
      wallSeconds: Math.round(wall * 10) / 10,
      seconds: run.stats.seconds,
      records: run.stats.records,
      candidatePairs: run.stats.candidatePairs,
      autoAccepted: run.stats.autoAccepted,
      review: run.stats.review,
      dropped: run.stats.dropped,
      blocking: run.stats.blocking,
      family,
      incremental500Households: {
        wallSeconds: Math.round(incrementalWall * 10) / 10,
        modelReused: incremental.stats?.modelReused ?? false,
        stored: incremental.stats?.stored ?? 0,
        seconds: incremental.stats?.seconds ?? {},
      },
      pairsByStatus: Object.fromEntries(counts.rows.map((r) => [r.status, r.n])),
      peakRssMiB: Math.round(peakRss / 2 ** 20),
      rssBeforeRunMiB: Math.round(rssBefore / 2 ** 20),
      autoDecisions: {
        pairwise: quality.decisions.pairwise,
        bcubedF1: quality.decisions.bcubed.f1,
        perDefect: perDefect(quality.decisions),
      },
      ifReviewAccepted: {
        pairwise: quality.ifReviewAccepted.pairwise,
        perDefect: perDefect(quality.ifReviewAccepted),
      },
    };
  } finally {
    clearInterval(sampler);
    await t.close();
    fs.rmSync(truthDir, { recursive: true, force: true });
  }
}
