/**
 * Linkage at the scale of issue #4. `linkage-scale`: about 100,000 persons (demo city, 30,000 family
 * cards) deduplicated end to end through the registry as the app does it (read, engine in a worker
 * thread, pairs stored), on PGlite or, with DATABASE_URL, PostgreSQL; target < 30 s on 2 cores.
 * `linkage-million` (with BENCH_LINKAGE_MILLION=1): 1,000,000 synthetic persons through `tepat link`
 * (CSV in, pairs.csv and clusters.csv out, `--truth` for the quality), run as a child process so its
 * memory is its own; target < 10 minutes and < 4 GB.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createTestDatabase } from '../test/helpers/database.ts';
import { loadDemoCity } from '../src/server/features/seed/demo-city.ts';
import { SYSTEM_ACTOR } from '../src/server/features/audit/index.ts';
import { registryQuality, runPersonDedupe } from '../src/server/features/linkage/index.ts';
import { generateSyntheticPersons } from '../src/server/features/linkage/preset/synthetic.ts';
import { CsvWriter, type LinkCommandSummary } from '../src/cli/commands/link.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MiB = 2 ** 20;
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const loadAverage = () => os.loadavg().map((x) => round(x, 2));

/**
 * Peak resident memory of this process: sampled every 250 ms, and the kernel's high-water mark
 * (resourceUsage().maxRSS, KiB), which also catches peaks between two samples.
 */
function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 250);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return {
        sampledPeakMiB: Math.round(peak / MiB),
        maxRssMiB: Math.round((process.resourceUsage().maxRSS * 1024) / MiB),
      };
    },
  };
}

/** ~100,000 persons deduplicated through the registry: stages, pairs per rule, decisions, memory, F1. */
export async function benchLinkageScale() {
  const households = Number(process.env.BENCH_LINKAGE_HOUSEHOLDS ?? 30_000);
  const seed = Number(process.env.BENCH_SEED ?? 2025);
  const truthDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-linkage-scale-'));
  const t = await createTestDatabase();
  try {
    const tLoad = performance.now();
    const load = await loadDemoCity(t.handle, {
      households,
      seed,
      regionCode: t.config.regionCode,
      truthDir,
    });
    const loadSeconds = (performance.now() - tLoad) / 1000;
    const loadBefore = loadAverage();
    const rssBeforeMiB = Math.round(process.memoryUsage().rss / MiB);
    const sampler = rssSampler();
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const run = await runPersonDedupe(t.handle.db, SYSTEM_ACTOR);
    const wall = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(cpu);
    const memory = sampler.stop();
    const loadAfter = loadAverage();
    if (run.status !== 'done' || !run.stats) throw new Error(`dedupe failed: ${run.error ?? 'unknown'}`);
    const counts = await sql<{ status: string; n: number }>`
      SELECT status, count(*)::int AS n FROM linkage_pair GROUP BY status ORDER BY status`.execute(
      t.handle.db,
    );
    const quality = await registryQuality(t.handle.db, { level: 'city', codes: [] }, truthDir);
    if (!quality.available) throw new Error('ground truth missing');
    const s = run.stats;
    return {
      database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
      households: load.households,
      persons: load.persons,
      demoLoadSeconds: round(loadSeconds),
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadAfter,
      wallSeconds: round(wall, 2),
      cpuSecondsAllThreads: round((used.user + used.system) / 1e6),
      seconds: s.seconds,
      records: s.records,
      candidatePairs: s.candidatePairs,
      blocking: s.blocking,
      autoAccepted: s.autoAccepted,
      review: s.review,
      dropped: s.dropped,
      stored: s.stored,
      pairsByStatus: Object.fromEntries(counts.rows.map((r) => [r.status, r.n])),
      rssBeforeRunMiB: rssBeforeMiB,
      ...memory,
      autoDecisions: {
        pairwise: quality.decisions.pairwise,
        bcubedF1: quality.decisions.bcubed.f1,
      },
      ifReviewAccepted: { pairwise: quality.ifReviewAccepted.pairwise },
      target: wall < 30 ? 'met (< 30 s)' : 'missed (< 30 s)',
    };
  } finally {
    await t.close();
    fs.rmSync(truthDir, { recursive: true, force: true });
  }
}

/** Writes the synthetic persons as the CLI's input CSV and the truth CSV; returns the timings. */
async function writeSyntheticCsv(dir: string, persons: number, seed: number) {
  const t0 = performance.now();
  const records = generateSyntheticPersons({ persons, seed });
  const t1 = performance.now();
  const input = new CsvWriter(path.join(dir, 'persons.csv'));
  const truth = new CsvWriter(path.join(dir, 'truth.csv'));
  const columns = [
    'record_id',
    'nik',
    'name',
    'birth_date',
    'sex',
    'birth_place',
    'kk_number',
    'village_code',
    'address',
  ] as const;
  await input.row(columns);
  await truth.row(['record_id', 'cluster_id', 'defect']);
  for (const r of records) {
    await input.row(columns.map((c) => r[c]));
    await truth.row([r.record_id, r.entity_id, r.defect]);
  }
  await input.close();
  await truth.close();
  const t2 = performance.now();
  return {
    records: records.length,
    generateSeconds: round((t1 - t0) / 1000),
    writeCsvSeconds: round((t2 - t1) / 1000),
    inputMiB: round(fs.statSync(path.join(dir, 'persons.csv')).size / MiB),
  };
}

/**
 * VmRSS and VmHWM (the kernel's high-water mark) of a process in KiB, and its CPU seconds (user +
 * system, all threads), from /proc; null elsewhere.
 */
function procUsage(pid: number): { rss: number; hwm: number; cpuSeconds: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    // Fields 14 and 15 of /proc/<pid>/stat, after the parenthesised command name; in clock ticks (100/s).
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    return { rss: kib('VmRSS'), hwm: kib('VmHWM'), cpuSeconds: ticks / 100 };
  } catch {
    return null;
  }
}

/** Runs `tepat link` as a child process, sampling its memory every 250 ms. */
async function runCli(args: string[]) {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/tepat.mjs'), 'link', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const pid = child.pid ?? -1;
  let sampledPeak = 0;
  let hwm = 0;
  let cpuSeconds = 0;
  let peakAt = 0;
  const t0 = performance.now();
  const timer = setInterval(() => {
    const m = procUsage(pid);
    if (m) {
      if (m.rss > sampledPeak) peakAt = performance.now() - t0;
      sampledPeak = Math.max(sampledPeak, m.rss);
      hwm = Math.max(hwm, m.hwm);
      cpuSeconds = Math.max(cpuSeconds, m.cpuSeconds);
    }
  }, 250);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wall = (performance.now() - t0) / 1000;
  clearInterval(timer);
  if (code !== 0) throw new Error(`tepat link exited with ${String(code)}: ${stderr.slice(-2000)}`);
  const summary = JSON.parse(stdout) as LinkCommandSummary;
  return {
    wall,
    summary,
    cpuSeconds,
    sampledPeakMiB: Math.round(sampledPeak / 1024),
    peakAtSeconds: round(peakAt / 1000),
    maxRssMiB: Math.round(hwm / 1024),
  };
}

/**
 * 1,000,000 synthetic persons (BENCH_LINKAGE_PERSONS) through `tepat link` with the Indonesian preset:
 * generation and CSV writing timed apart, then the CLI end to end; only with BENCH_LINKAGE_MILLION=1.
 */
export async function benchLinkageMillion() {
  if (process.env.BENCH_LINKAGE_MILLION !== '1')
    return { skipped: 'set BENCH_LINKAGE_MILLION=1 (takes minutes)' };
  const persons = Number(process.env.BENCH_LINKAGE_PERSONS ?? 1_000_000);
  const seed = Number(process.env.BENCH_SEED ?? 2025);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-linkage-million-'));
  try {
    const generated = await writeSyntheticCsv(dir, persons, seed);
    const loadBefore = loadAverage();
    const file = (name: string) => path.join(dir, name);
    const cli = await runCli([
      '--settings',
      path.join(ROOT, 'src/server/features/linkage/preset/indonesian-person.settings.json'),
      '--input',
      file('persons.csv'),
      '--out',
      file('pairs.csv'),
      '--clusters',
      file('clusters.csv'),
      '--truth',
      file('truth.csv'),
    ]);
    const loadAfter = loadAverage();
    const s = cli.summary;
    const metrics = s.metrics;
    const within = cli.wall < 600 && cli.maxRssMiB < 4096;
    return {
      persons,
      ...generated,
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadAfter,
      wallSeconds: round(cli.wall),
      cpuSecondsUntilLastSample: round(cli.cpuSeconds),
      cliSeconds: s.seconds,
      ioSeconds: s.ioSeconds,
      engineSeconds: s.stageSeconds,
      records: s.records,
      candidatePairs: s.candidatePairs,
      blocking: s.blocking,
      accepted: s.accepted,
      review: s.review,
      refusedByGuard: s.refusedByGuard,
      pairsWritten: s.pairsWritten,
      clustersWithSeveralRecords: s.clustersWithSeveralRecords,
      emIterations: s.emIterations,
      sampledPeakMiB: cli.sampledPeakMiB,
      peakAtSeconds: cli.peakAtSeconds,
      maxRssMiB: cli.maxRssMiB,
      pairwise: metrics?.pairwise,
      bcubedF1: metrics?.bcubed.f1,
      perDefect: metrics?.perDefect,
      warnings: s.warnings,
      target: within ? 'met (< 600 s, < 4 GiB)' : 'missed (< 600 s, < 4 GiB)',
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
