import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { loadConfig } from '../../server/platform/config.ts';
import type { Database } from '../../server/platform/db/schema.ts';
import { errors } from '../../server/platform/errors.ts';
import { prepareDatabase } from '../../server/start.ts';
import { SYSTEM_ACTOR, type Actor } from '../../server/features/audit/index.ts';
import { generateDemoCity } from '../../server/features/demo/index.ts';
import {
  calibrateFromSurvey,
  listModels,
  measureAccuracy,
  MODELS_DIR,
  rescoreHouseholds,
  type AccuracyReport,
} from '../../server/features/scoring/index.ts';
import {
  formatSurveyCsv,
  pmtModelFileName,
  serializePmtModel,
  type ModelAccuracy,
  type SurveyHousehold,
} from '../../server/features/scoring/pmt/index.ts';
import { progressBar } from '../output.ts';

const cliActor: Actor = { ...SYSTEM_ACTOR, name: 'cli' };

export interface CalibrateCommandOptions {
  /** Path of the survey CSV (format in models/pmt/README.md). */
  survey: string;
  /** Model key to start from; default the active model. */
  model?: string | undefined;
  quota?: number | undefined;
  ridge?: number | undefined;
  asOf?: string | undefined;
  activate?: boolean | undefined;
  /** Folder to write the new model file to (e.g. models/pmt); nothing is written without it. */
  out?: string | undefined;
  onProgress?: (done: number, total: number) => void;
}

/**
 * `tepat pmt calibrate` without the terminal: fits, stores (and activates when asked) a new model
 * version from a survey file, writes its JSON when `out` is given, and returns the report.
 */
export async function calibrateCommand(
  db: Kysely<Database>,
  o: CalibrateCommandOptions,
  actor: Actor = cliActor,
) {
  if (!fs.existsSync(o.survey))
    throw errors.invalid(`Berkas survei tidak ada: ${o.survey}`, `Survey file not found: ${o.survey}`);
  const result = await calibrateFromSurvey(db, actor, {
    surveyText: fs.readFileSync(o.survey, 'utf8'),
    surveyFile: o.survey,
    modelKey: o.model,
    quota: o.quota,
    ridge: o.ridge,
    asOf: o.asOf,
    activate: o.activate,
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  let file: string | null = null;
  if (o.out) {
    fs.mkdirSync(o.out, { recursive: true });
    file = path.join(o.out, pmtModelFileName(result.model));
    fs.writeFileSync(file, serializePmtModel(result.model));
  }
  return { ...result, file };
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const num = (v: number) => v.toFixed(3);

function accuracyLine(label: string, a: ModelAccuracy): string {
  return `  ${label.padEnd(34)} R² ${num(a.r2)}  Spearman ${num(a.spearman)}  inklusi/inclusion ${pct(
    a.targeting.inclusionError,
  )}  eksklusi/exclusion ${pct(a.targeting.exclusionError)}`;
}

/** The calibration report as lines of text for a terminal. */
export function formatCalibration(r: Awaited<ReturnType<typeof calibrateCommand>>): string[] {
  const lines = [
    `Model baru / new model: ${r.model.id} v${r.model.version} (id ${r.modelId}), dari / from ${r.basedOn.key} v${r.basedOn.version}`,
    `Survei / survey: ${r.households} keluarga / households, ${r.problems.filter((p) => p.severity === 'error').length} galat / errors, ${r.problems.filter((p) => p.severity === 'warning').length} peringatan / warnings`,
    `Dalam sampel, kuota desil 1–${r.report.after.targeting.quota} / in-sample, quota desil 1–${r.report.after.targeting.quota}:`,
    accuracyLine(`sebelum / before (${r.report.before.mode})`, r.report.before),
    accuracyLine(`sesudah / after (${r.report.after.mode})`, r.report.after),
    accuracyLine('sebelum / before (regional)', r.regional.before),
    accuracyLine('sesudah / after (regional)', r.regional.after),
  ];
  if (r.report.singularFeatures.length > 0)
    lines.push(`Fitur dibuang (kolinear) / dropped features: ${r.report.singularFeatures.join(', ')}`);
  lines.push(
    r.activated
      ? `Aktif; ${r.rescore?.households ?? 0} keluarga diberi skor ulang dalam ${r.rescore?.durationMs ?? 0} ms / active; households rescored`
      : 'Belum aktif / not active: tepat pmt calibrate --activate, or POST /api/ranking/models/:id/activate',
  );
  if (r.file) lines.push(`Berkas model / model file: ${r.file}`);
  return lines;
}

/**
 * A survey CSV from the demo generator: its households with their hidden per-capita expenditure as
 * if observed in the field, so calibration can be tried on demo data. Use another seed than the
 * loaded demo city for an honest test.
 */
export function exportDemoSurvey(o: { households: number; seed: number; regionCode?: string }): string {
  const city = generateDemoCity({
    households: o.households,
    seed: o.seed,
    // A field survey visits families, not registry records: no family card entered twice.
    defectRates: { duplicate_family: 0 },
    ...(o.regionCode ? { regionCode: o.regionCode } : {}),
  });
  const truth = new Map(city.truth.expenditure.map((e) => [e.householdId, e.perCapitaMonthly]));
  const members = new Map<number, SurveyHousehold['input']['members']>();
  for (const p of city.persons) {
    const list = members.get(p.householdId) ?? [];
    list.push({
      sex: p.sex,
      birthDate: p.birthDate,
      relationship: p.relationship,
      education: p.education,
      work: p.work,
      schooling: p.schooling,
      disability: p.disability,
      chronicIllness: p.chronicIllness,
      healthInsurance: p.healthInsurance,
      status: p.status,
    });
    members.set(p.householdId, list);
  }
  const sample: SurveyHousehold[] = city.households.flatMap((h) => {
    const pce = truth.get(h.id);
    return pce === undefined
      ? []
      : [
          {
            input: {
              householdId: h.id,
              villageCode: h.villageCode,
              districtCode: h.districtCode,
              variables: h.variables,
              members: members.get(h.id) ?? [],
            },
            perCapitaExpenditure: Math.round(pce),
            weight: 1,
          },
        ];
  });
  return formatSurveyCsv(sample);
}

/** Accuracy of the active model, or of every stored version, against the demo city's hidden expenditure. */
export async function accuracyCommand(
  db: Kysely<Database>,
  o: { truthDir: string; all?: boolean; quota?: number },
) {
  const ids = o.all ? (await listModels(db)).items.map((m) => m.id) : [undefined];
  const results: Awaited<ReturnType<typeof measureAccuracy>>[] = [];
  for (const modelId of ids)
    results.push(
      await measureAccuracy(db, { truthDir: o.truthDir, modelId, ...(o.quota ? { quota: o.quota } : {}) }),
    );
  return results;
}

function formatAccuracy(model: { key: string; version: number; id: number }, r: AccuracyReport): string {
  return [
    `${model.key} v${model.version} (id ${model.id}): n ${r.n}, Spearman ${num(r.spearman)}, R² ${num(r.r2)}`,
    `  desil 1–${r.quota}, batas nasional / national cut-points: inklusi/inclusion ${pct(r.national.inclusionError)}, eksklusi/exclusion ${pct(r.national.exclusionError)}, tepat desil / exact desil ${pct(r.national.exactDesil)}`,
    `  desil 1–${r.quota}, peringkat wilayah / regional ranking: inklusi/inclusion ${pct(r.regional.inclusionError)}, eksklusi/exclusion ${pct(r.regional.exclusionError)}, tepat desil / exact desil ${pct(r.regional.exactDesil)}`,
  ].join('\n');
}

const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw errors.invalid(`Bukan bilangan bulat: ${v}`, `Not an integer: ${v}`);
  return n;
};

/** `tepat pmt calibrate|score|accuracy|export-survey`: the proxy-means model from the command line. */
export function registerPmtCommand(program: Command): void {
  const pmt = program.command('pmt').description('Model PMT dan peringkat / proxy-means model and ranking');

  pmt
    .command('calibrate')
    .description('Kalibrasi model dengan survei / fit a new model version on a survey')
    .requiredOption('--survey <file>', 'CSV survei / survey CSV (models/pmt/README.md)')
    .option('--model <key>', 'model awal / model to start from (default: aktif / active)')
    .option('--quota <n>', 'kuota desil / desil quota for the errors', int, 4)
    .option('--ridge <lambda>', 'penalti ridge / ridge penalty', Number)
    .option('--as-of <date>', 'tanggal umur / date for ages (YYYY-MM-DD), default today')
    .option('--activate', 'aktifkan dan skor ulang / activate and rescore', false)
    .option(
      '--out <dir>',
      `tulis berkas model / write the model file (e.g. ${path.relative(process.cwd(), path.join(MODELS_DIR, 'pmt'))})`,
    )
    .option('--json', 'keluaran JSON / JSON output', false)
    .action(
      async (o: {
        survey: string;
        model?: string;
        quota: number;
        ridge?: number;
        asOf?: string;
        activate: boolean;
        out?: string;
        json: boolean;
      }) => {
        const handle = await prepareDatabase(loadConfig());
        const bar = progressBar();
        let started = false;
        try {
          const result = await calibrateCommand(handle.db, {
            ...o,
            onProgress: (done, total) => {
              if (!started) {
                bar.start('Skor ulang / rescoring', total);
                started = true;
              }
              bar.update(done);
            },
          });
          if (started) bar.stop();
          if (o.json)
            console.log(
              JSON.stringify(
                {
                  modelId: result.modelId,
                  model: { id: result.model.id, version: result.model.version },
                  basedOn: result.basedOn,
                  households: result.households,
                  before: result.report.before,
                  after: result.report.after,
                  regional: result.regional,
                  singularFeatures: result.report.singularFeatures,
                  activated: result.activated,
                  rescore: result.rescore,
                  file: result.file,
                  problems: result.problems,
                },
                null,
                2,
              ),
            );
          else console.log(formatCalibration(result).join('\n'));
        } finally {
          await handle.close();
        }
      },
    );

  pmt
    .command('score')
    .description('Skor ulang semua keluarga / rescore every household with the active model')
    .option('--as-of <date>', 'tanggal umur / date for ages (YYYY-MM-DD), default today')
    .action(async (o: { asOf?: string }) => {
      const handle = await prepareDatabase(loadConfig());
      const bar = progressBar();
      let started = false;
      try {
        const result = await rescoreHouseholds(handle.db, {
          actor: cliActor,
          ...(o.asOf ? { asOf: o.asOf } : {}),
          onProgress: (done, total) => {
            if (!started) {
              bar.start('Skor / scoring', total);
              started = true;
            }
            bar.update(done);
          },
        });
        if (started) bar.stop();
        console.log(
          `${result.households} keluarga diberi skor / households scored with ${result.model.key} v${result.model.version} ` +
            `(${result.mode}) in ${result.durationMs} ms (JavaScript ${result.computeMs} ms); ` +
            `${result.changed} berubah / changed, ${result.removed} dihapus / removed`,
        );
      } finally {
        await handle.close();
      }
    });

  pmt
    .command('accuracy')
    .description('Akurasi terhadap pengeluaran sebenarnya kota demo / accuracy against the demo truth')
    .option('--truth-dir <dir>', 'folder ground truth (default: <data>/demo-truth)')
    .option('--all', 'semua versi model / every model version', false)
    .option('--quota <n>', 'kuota desil / desil quota', int, 4)
    .option('--json', 'keluaran JSON / JSON output', false)
    .action(async (o: { truthDir?: string; all: boolean; quota: number; json: boolean }) => {
      const config = loadConfig();
      const handle = await prepareDatabase(config);
      try {
        const results = await accuracyCommand(handle.db, {
          truthDir: o.truthDir ?? path.join(config.dataDir, 'demo-truth'),
          all: o.all,
          quota: o.quota,
        });
        if (o.json) console.log(JSON.stringify(results, null, 2));
        else for (const r of results) console.log(formatAccuracy(r.model, r.report));
      } finally {
        await handle.close();
      }
    });

  pmt
    .command('export-survey')
    .description('Survei contoh dari kota demo / a sample survey CSV from the demo generator')
    .requiredOption('--out <file>', 'berkas CSV / CSV file')
    .option('--households <n>', 'jumlah keluarga / households', int, 3000)
    .option('--seed <s>', 'benih acak / random seed (use another than the loaded demo city)', int, 4242)
    .action((o: { out: string; households: number; seed: number }) => {
      const config = loadConfig();
      const text = exportDemoSurvey({
        households: o.households,
        seed: o.seed,
        regionCode: config.regionCode,
      });
      fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
      fs.writeFileSync(o.out, text);
      console.log(
        `${o.households} keluarga ditulis ke / households written to ${o.out}. ` +
          `Lalu / then: tepat pmt calibrate --survey ${o.out}`,
      );
    });
}
