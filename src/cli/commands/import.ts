import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../server/platform/config.ts';
import { AppError } from '../../server/platform/errors.ts';
import { prepareDatabase } from '../../server/start.ts';
import type { Actor } from '../../server/features/audit/index.ts';
import { generateDemoCity, truthToCsv, writeKemensosStyleXlsx } from '../../server/features/demo/index.ts';
import {
  commitBatch,
  createBatch,
  discardBatch,
  getBatch,
  resolveMappingInput,
  runImportFollowUps,
  stageBatch,
  summaryOf,
  writeRejections,
  type ImportFollowUp,
  type ImportSource,
  type ImportSummary,
} from '../../server/features/imports/index.ts';
import { progressBar, type Progress } from '../output.ts';

/** Options of `tepat import`, as parsed from the command line. */
export interface ImportCommandOptions {
  source: string;
  mapping?: string;
  release?: string;
  sheet?: string;
  label?: string;
  dryRun?: boolean;
  report?: string;
  json?: boolean;
}

/** What `tepat import --json` prints: the summary, and what became of the file. */
export type ImportCommandOutput = ImportSummary & {
  status: 'committed' | 'already_imported' | 'dry_run';
  /** Rescoring and duplicate search after the commit; null when there was nothing to follow up. */
  followUp: ImportFollowUp | null;
};

const COMMIT_STEPS = ['commit', 'households', 'persons', 'provenance', 'audit'];

function cliActor(): Actor {
  let user = 'cli';
  try {
    user = os.userInfo().username;
  } catch {
    // Containers without a passwd entry have no user name.
  }
  return { id: null, name: `cli:${user}` };
}

function fail(code: string, id: string, en: string): never {
  throw new AppError(code, 400, { id, en });
}

function printSummary(s: ImportSummary): void {
  const lines = [
    `Baris dibaca / rows read: ${s.rowsRead}`,
    `Diterima / accepted: ${s.accepted}`,
    `Ditolak / rejected: ${s.rejected}`,
    ...Object.entries(s.rejectedByReason)
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => `  ${code}: ${n}`),
    `Peringatan / warnings:`,
    ...Object.entries(s.warningsByCode)
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => `  ${code}: ${n}`),
    `Keluarga / families: ${s.families}`,
    `Orang / persons: ${s.persons}`,
  ];
  if (s.diff) {
    const d = s.diff;
    lines.push(
      `Perbedaan dengan rilis sebelumnya / diff against the previous release${d.previousReleaseId === null ? ' (rilis pertama / first release)' : ` (#${d.previousReleaseId})`}:`,
      `  keluarga baru / new families: ${d.newFamilies}; tidak ada lagi / gone: ${d.goneFamilies}`,
      `  orang baru / new persons: ${d.newPersons}; tidak ada lagi / gone: ${d.gonePersons}; pindah KK / moved: ${d.movedPersons}`,
      `  desil berubah / desil changed: ${d.desilChanged}; NIK aktif di KK lain / NIK conflicts: ${d.nikConflicts}`,
    );
    if (d.notInRegistry > 0)
      lines.push(`  NIK tidak ada di registri / not in the registry: ${d.notInRegistry}`);
  }
  console.error(lines.join('\n'));
}

const FOLLOW_UP_LABELS = {
  scoring: 'Menghitung ulang skor / rescoring',
  dedupe: 'Mencari data ganda / searching for duplicates',
};

/** What the follow-ups did, one line each; a failed step with its reason in both languages. */
function printFollowUp(f: ImportFollowUp): void {
  const s = f.scoring;
  const lines: string[] = [];
  if (s.status === 'done' && s.model)
    lines.push(
      `Skor dihitung ulang / rescored: ${s.households} keluarga / households (${s.changed} berubah / changed), model ${s.model.key} v${s.model.version}, run #${s.runId ?? '?'}`,
    );
  else if (s.status === 'skipped')
    lines.push('Skor tidak dihitung: belum ada model PMT aktif. / Not scored: no PMT model is active.');
  else if (s.error)
    lines.push(`Galat penilaian / scoring error: ${s.error.message.id}\n  ${s.error.message.en}`);
  const d = f.dedupe;
  const mode = d.mode === 'full' ? 'penuh / full' : 'inkremental / incremental';
  if (d.status === 'done')
    lines.push(
      `Data ganda / duplicates (run #${d.runId ?? '?'}, ${mode}): ${d.stored} pasangan / pairs, ${d.autoAccepted} siap digabung / ready to merge, ${d.review} perlu ditinjau / to review`,
    );
  else if (d.error)
    lines.push(
      `Galat pencarian data ganda / duplicate search error: ${d.error.message.id}\n  ${d.error.message.en}`,
    );
  if (f.state === 'failed')
    lines.push(
      'Impor tetap tersimpan; ulangi langkah yang gagal. / The import stays committed; repeat the failed step.',
    );
  console.error(lines.join('\n'));
}

/**
 * Runs one import from the command line: stage, print the summary, write the rejection report,
 * commit unless --dry-run, then rescore and search for duplicates. Returns what --json prints.
 */
export async function runImport(file: string, o: ImportCommandOptions): Promise<ImportCommandOutput> {
  if (o.source !== 'kemensos' && o.source !== 'beneficiaries') {
    fail(
      'invalid_input',
      `--source harus kemensos atau beneficiaries, bukan "${o.source}".`,
      `--source must be kemensos or beneficiaries, not "${o.source}".`,
    );
  }
  const source: ImportSource = o.source;
  if (o.release !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(o.release)) {
    fail('invalid_input', '--release harus bertanggal YYYY-MM-DD.', '--release must be a date YYYY-MM-DD.');
  }
  const filePath = path.resolve(file);
  try {
    if (!fs.statSync(filePath).isFile()) throw new Error('not a file');
    fs.accessSync(filePath, fs.constants.R_OK);
  } catch {
    fail('file_unreadable', `Berkas ${file} tidak dapat dibaca.`, `The file ${file} cannot be read.`);
  }
  let mappingText: string | undefined;
  if (o.mapping) {
    try {
      mappingText = fs.readFileSync(o.mapping, 'utf8');
    } catch {
      fail(
        'mapping_invalid',
        `Berkas pemetaan ${o.mapping} tidak dapat dibaca.`,
        `The mapping file ${o.mapping} cannot be read.`,
      );
    }
  }

  const config = loadConfig();
  const handle = await prepareDatabase(config);
  const settings = {
    regionCode: config.regionCode,
    maxUploadBytes: config.maxUploadBytes,
    dataDir: config.dataDir,
  };
  const actor = cliActor();
  let bar: Progress | null = null;
  try {
    const mapping = await resolveMappingInput(handle.db, source, mappingText);
    const batchId = await createBatch(handle.db, actor, {
      source,
      fileName: path.basename(filePath),
      filePath,
      releaseDate: o.release ?? null,
      releaseLabel: o.label ?? null,
      sheet: o.sheet ?? null,
      mapping,
    });
    bar = progressBar();
    let started = false;
    const stage = await stageBatch(handle.db, batchId, {
      settings,
      chunkSize: handle.kind === 'pglite' ? 2000 : 5000,
      onProgress: (p) => {
        if (p.phase !== 'validating' || !p.total) return;
        if (!started) {
          bar?.start('Membaca dan memeriksa / reading and checking', p.total);
          started = true;
        }
        bar?.update(p.done);
      },
    });
    if (started) bar.stop();
    if (stage.status === 'needs_mapping' || !stage.summary) {
      const { batch } = await getBatch(handle.db, batchId);
      const headers = Array.isArray(batch.headers) ? (batch.headers as string[]) : [];
      console.error(`Kolom di berkas / columns in the file: ${headers.join(' | ')}`);
      console.error(`Pemetaan yang diusulkan / proposed mapping: ${JSON.stringify(batch.mapping)}`);
      const err = (batch.error ?? null) as { code?: string; message?: { id: string; en: string } } | null;
      if (err?.code && err.message) throw new AppError(err.code, 400, err.message);
      throw new AppError('mapping_required_missing', 400, {
        id: 'Kolom wajib belum dipetakan. Tulis berkas pemetaan (lihat docs/import.md) dan pakai --mapping.',
        en: 'Required columns are not mapped. Write a mapping file (see docs/import.md) and pass --mapping.',
      });
    }
    const summary = stage.summary;
    if (!o.json) printSummary(summary);

    if (o.report) {
      const format = o.report.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
      const written = await writeRejections(handle.db, actor, batchId, format, o.report);
      console.error(`Laporan penolakan / rejection report: ${o.report} (${written.rows} baris / rows)`);
    }

    let status: ImportCommandOutput['status'];
    let followUp: ImportFollowUp | null = null;
    if (o.dryRun) {
      await discardBatch(handle.db, actor, batchId, settings);
      status = 'dry_run';
      if (!o.json) console.error('Uji coba: registri tidak diubah. / Dry run: the registry was not changed.');
    } else {
      let committing = false;
      const result = await commitBatch(handle.db, actor, batchId, (phase) => {
        if (!committing) {
          bar?.start('Menyimpan ke registri / committing', COMMIT_STEPS.length);
          committing = true;
        }
        bar?.update(Math.max(0, COMMIT_STEPS.indexOf(phase)));
      });
      if (committing) {
        bar.update(COMMIT_STEPS.length);
        bar.stop();
      }
      status = result.alreadyImported ? 'already_imported' : 'committed';
      if (!o.json) {
        console.error(
          result.alreadyImported
            ? `Berkas ini sudah pernah diimpor (rilis #${result.releaseId}); registri tidak berubah. / This file was already imported (release #${result.releaseId}); the registry is unchanged.`
            : `Disimpan sebagai rilis #${result.releaseId} / committed as release #${result.releaseId}: ${JSON.stringify(result.counts)}`,
        );
      }
      const shown = { phase: '' };
      followUp = await runImportFollowUps(handle.db, actor, result, {
        onProgress: (p) => {
          if (p.total === null) return;
          if (p.phase !== shown.phase) {
            if (shown.phase) bar?.stop();
            shown.phase = p.phase;
            bar?.start(FOLLOW_UP_LABELS[p.phase], p.total);
          }
          bar?.update(p.done);
        },
        logger: { error: () => undefined },
      });
      if (shown.phase) bar.stop();
      if (followUp && !o.json) printFollowUp(followUp);
    }
    const { batch } = await getBatch(handle.db, batchId);
    const final = summaryOf(batch.counts) ?? summary;
    return { ...final, status, followUp };
  } finally {
    await handle.close();
  }
}

/**
 * `tepat import <file> --source kemensos|beneficiaries`: imports an extract or a beneficiary list
 * from the command line, and `tepat demo-xlsx`: writes the demo city as a Kemensos-style XLSX.
 */
export function registerImportCommand(program: Command): void {
  program
    .command('import <file>')
    .description('Impor berkas XLSX/CSV ke registri / import an XLSX/CSV file into the registry')
    .requiredOption('--source <source>', 'kemensos | beneficiaries')
    .option('--mapping <file>', 'berkas pemetaan kolom JSON / column mapping file (JSON)')
    .option('--release <date>', 'tanggal rilis / release date YYYY-MM-DD (default: hari ini / today)')
    .option('--sheet <sheet>', 'lembar kerja XLSX (nama atau nomor) / XLSX sheet (name or number)')
    .option('--label <label>', 'nama rilis / release label')
    .option('--dry-run', 'periksa saja, jangan simpan / check only, do not commit')
    .option(
      '--report <file>',
      'tulis laporan penolakan (.xlsx atau .csv) / write the rejection report (.xlsx or .csv)',
    )
    .option('--json', 'cetak ringkasan sebagai JSON / print the summary as JSON')
    .action(async (file: string, o: ImportCommandOptions) => {
      const output = await runImport(file, o);
      if (o.json) console.log(JSON.stringify(output, null, 2));
    });

  program
    .command('demo-xlsx')
    .description(
      'Tulis kota demo sebagai XLSX gaya Kemensos beserta cacatnya / write the demo city as a Kemensos-style XLSX with its defects',
    )
    .requiredOption('--out <file>', 'berkas .xlsx / output .xlsx file')
    .option('--households <n>', 'jumlah KK / number of family cards', '27000')
    .option('--seed <s>', 'benih acak / random seed', '2025')
    .action(async (o: { out: string; households: string; seed: string }) => {
      const households = Number(o.households);
      const seed = Number(o.seed);
      if (!Number.isInteger(households) || households < 1 || !Number.isInteger(seed)) {
        fail(
          'invalid_input',
          '--households dan --seed harus bilangan bulat.',
          '--households and --seed must be whole numbers.',
        );
      }
      const config = loadConfig();
      const city = generateDemoCity({ households, seed, regionCode: config.regionCode });
      const out = path.resolve(o.out);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      await writeKemensosStyleXlsx(city, out);
      const base = out.replace(/\.xlsx$/i, '');
      const written = [out];
      for (const [name, text] of Object.entries(truthToCsv(city))) {
        const file = `${base}-truth-${name}.csv`;
        fs.writeFileSync(file, text);
        written.push(file);
      }
      console.log(
        JSON.stringify(
          {
            households: city.households.length,
            persons: city.persons.length,
            defects: city.truth.defects.length,
            files: written,
          },
          null,
          2,
        ),
      );
    });
}
