/**
 * Import benchmarks, end to end (stage + commit) into an empty registry:
 * - the 27,000-family demo city as a Kemensos-style XLSX (targets: < 30 s on PGlite, < 20 s on
 *   PostgreSQL); PGlite runs on a data folder on disk, as the app does;
 * - with BENCH_IMPORT_MILLION=1 and DATABASE_URL set: a 1,000,000-person CSV on PostgreSQL
 *   (targets: < 3 min, peak RSS < 1.5 GB).
 * Wall time depends on what else runs on the machine; CPU seconds (all threads, including PGlite's
 * worker) and the load average at the start are reported next to it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../src/server/platform/db/connect.ts';
import { migrate } from '../src/server/platform/db/migrate.ts';
import { SYSTEM_ACTOR } from '../src/server/features/audit/index.ts';
import { generateDemoCity, writeKemensosStyleXlsx } from '../src/server/features/demo/index.ts';
import { ensureDeploymentRegions } from '../src/server/features/regions/index.ts';
import { commitBatch, createBatch, stageBatch } from '../src/server/features/imports/index.ts';

interface BenchDatabase {
  handle: DatabaseHandle;
  dataDir: string;
  close(): Promise<void>;
}

async function openBenchDatabase(): Promise<BenchDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-bench-import-'));
  let databaseUrl: string | undefined;
  let dropName: string | undefined;
  if (serverUrl) {
    dropName = `tepat_bench_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dropName}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${dropName}`;
    databaseUrl = url.toString();
  }
  const handle = await openDatabase({ databaseUrl, dataDir });
  await migrate(handle.pool);
  await ensureDeploymentRegions(handle.db, '64.74');
  return {
    handle,
    dataDir,
    async close() {
      await handle.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (serverUrl && dropName) {
        const admin = new pg.Client({ connectionString: serverUrl });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${dropName} WITH (FORCE)`);
        await admin.end();
      }
    },
  };
}

/** Samples the resident set size while work runs, for the peak. */
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
        peakRssMb: Math.round(peak / 2 ** 20),
        // The kernel's high-water mark of the whole process (KiB), generation of the file included.
        maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      };
    },
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

async function importEndToEnd(file: string, source: 'kemensos') {
  const db = await openBenchDatabase();
  try {
    const settings = { regionCode: '64.74', maxUploadBytes: 4 * 2 ** 30, dataDir: db.dataDir };
    const load = os.loadavg()[0] ?? 0;
    const sampler = rssSampler();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const batchId = await createBatch(db.handle.db, SYSTEM_ACTOR, {
      source,
      fileName: path.basename(file),
      filePath: file,
      releaseDate: '2025-08-15',
    });
    const stage = await stageBatch(db.handle.db, batchId, {
      settings,
      chunkSize: db.handle.kind === 'pglite' ? 2000 : 5000,
    });
    const t1 = performance.now();
    const cpu1 = process.cpuUsage(cpu0);
    const commit = await commitBatch(db.handle.db, SYSTEM_ACTOR, batchId);
    const t2 = performance.now();
    const cpu2 = process.cpuUsage(cpu0);
    const memory = sampler.stop();
    return {
      database: db.handle.kind,
      loadAverageAtStart: round(load),
      fileMb: Math.round(fs.statSync(file).size / 2 ** 20),
      rowsRead: stage.summary?.rowsRead ?? 0,
      accepted: stage.summary?.accepted ?? 0,
      rejected: stage.summary?.rejected ?? 0,
      householdsCreated: commit.counts.householdsCreated ?? 0,
      personsCreated: commit.counts.personsCreated ?? 0,
      stageSeconds: round((t1 - t0) / 1000),
      commitSeconds: round((t2 - t1) / 1000),
      totalSeconds: round((t2 - t0) / 1000),
      stageCpuSeconds: round((cpu1.user + cpu1.system) / 1e6),
      totalCpuSeconds: round((cpu2.user + cpu2.system) / 1e6),
      ...memory,
    };
  } finally {
    await db.close();
  }
}

/** The 27,000-family demo XLSX (generated once into the temporary folder), imported end to end. */
export async function benchImport() {
  const households = Number(process.env.BENCH_HOUSEHOLDS ?? 27_000);
  const file = path.join(os.tmpdir(), `tepat-bench-demo-${households}-2025.xlsx`);
  let generateSeconds: number | null = null;
  if (!fs.existsSync(file)) {
    const t0 = performance.now();
    await writeKemensosStyleXlsx(generateDemoCity({ households, seed: 2025 }), `${file}.tmp`);
    fs.renameSync(`${file}.tmp`, file);
    generateSeconds = round((performance.now() - t0) / 1000);
  }
  const result = await importEndToEnd(file, 'kemensos');
  const million =
    process.env.BENCH_IMPORT_MILLION === '1' && process.env.DATABASE_URL ? await benchImportMillion() : null;
  return { demoXlsx: { households, generateSeconds, ...result }, millionCsv: million };
}

const VILLAGES: readonly [string, string][] = [
  ['BONTANG UTARA', 'LOK TUAN'],
  ['BONTANG UTARA', 'LOKTUAN'],
  ['BONTANG UTARA', 'Api-api'],
  ['BONTANG UTARA', 'GUNTUNG'],
  ['BONTANG UTARA', 'BONTANG KUALA'],
  ['BONTANG SELATAN', 'KEL. BERBAS TENGAH'],
  ['BONTANG SELATAN', 'TANJUNG LAUT'],
  ['BONTANG SELATAN', 'Berbas Pantai'],
  ['BONTANG SELATAN', 'SATIMPO'],
  ['BONTANG BARAT', 'KANAAN'],
  ['BONTANG BARAT', 'GUNUNG TELIHAN'],
  ['BONTANG BARAT', 'BELIMBING'],
];
const SYLLABLES = [
  'SU',
  'MI',
  'AH',
  'RA',
  'DI',
  'AN',
  'TO',
  'NI',
  'WA',
  'TI',
  'YU',
  'SRI',
  'BU',
  'DEWI',
  'JO',
  'KO',
];
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const word = (n: number) =>
  `${SYLLABLES[n % 16]}${SYLLABLES[Math.floor(n / 16) % 16]}${SYLLABLES[Math.floor(n / 256) % 16]}`;

/**
 * Writes a CSV of `persons` rows, four persons per family card, with valid NIK and KK numbers that
 * agree with birth dates and sex, in the semicolon layout of Excel on Indonesian Windows.
 */
export async function writeMillionCsv(file: string, persons: number): Promise<void> {
  const out = fs.createWriteStream(file);
  const serials = new Map<string, number>();
  out.write(
    'NO KK;NIK;NAMA;TGL LAHIR;JK;HUB KELUARGA;ALAMAT;RT;RW;KELURAHAN;KECAMATAN;DESIL;JENIS LANTAI;LUAS LANTAI;MOBIL\n',
  );
  let chunk = '';
  for (let i = 0; i < persons; i++) {
    const fam = Math.floor(i / 4);
    const member = i % 4;
    const female = member === 1 || member === 3;
    // A multiplicative hash spreads birth dates, so no NIK prefix runs out of its 9,999 serials.
    const h = Math.imul(i + 1, 2654435761) >>> 0;
    const day = (h % 28) + 1;
    const month = ((h >>> 8) % 12) + 1;
    const year = member < 2 ? 1950 + ((h >>> 16) % 36) : 1990 + ((h >>> 16) % 34);
    const kec = `6474${pad((fam % 3) + 1, 2)}`;
    const kk = `${kec}${pad(Math.floor(fam / 9999) % 1_000_000, 6)}${pad((fam % 9999) + 1, 4)}`;
    const prefix = `${kec}${pad(female ? day + 40 : day, 2)}${pad(month, 2)}${pad(year % 100, 2)}`;
    const serial = (serials.get(prefix) ?? 0) + 1;
    serials.set(prefix, serial);
    const [district, village] = VILLAGES[fam % VILLAGES.length] ?? VILLAGES[0] ?? ['', ''];
    const relation = member === 0 ? 'KEPALA KELUARGA' : member === 1 ? 'ISTRI' : 'ANAK';
    chunk += `${kk};${prefix}${pad(serial, 4)};${word(i)} ${word(fam + 7)};${pad(day, 2)}/${pad(month, 2)}/${year};${
      female ? 'P' : 'L'
    };${relation};JL. ${word(fam % 500)} NO ${fam % 300};${(fam % 30) + 1};${(fam % 9) + 1};${village};${district};${
      (fam % 10) + 1
    };${fam % 2 === 0 ? 'Keramik' : 'KAYU/PAPAN'};${(fam % 80) + 20},5;${fam % 7 === 0 ? 'YA' : 'TIDAK'}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((r) => out.once('finish', () => r()));
}

/** The 1,000,000-person CSV on PostgreSQL (BENCH_IMPORT_MILLION=1). */
export async function benchImportMillion() {
  const persons = Number(process.env.BENCH_IMPORT_PERSONS ?? 1_000_000);
  const file = path.join(os.tmpdir(), `tepat-bench-persons-${persons}.csv`);
  if (!fs.existsSync(file)) await writeMillionCsv(file, persons);
  return { persons, ...(await importEndToEnd(file, 'kemensos')) };
}
