import { createReadStream, createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import type { Command } from 'commander';
import { parse } from 'csv-parse';
import {
  evaluateClusters,
  linkRecords,
  type InputRecord,
  type LinkResult,
  type QualityReport,
} from '../../server/features/linkage/engine/index.ts';
import { LinkageError } from '../../server/features/linkage/engine/errors.ts';
import { indonesianRegistry } from '../../server/features/linkage/preset/indonesian.ts';

/** Options of `tepat link`, as parsed from the command line. */
export interface LinkCommandOptions {
  settings: string;
  input: string[];
  out: string;
  clusters: string;
  threshold?: number;
  reviewThreshold?: number;
  truth?: string;
  allPairs?: boolean;
  modelOut?: string;
}

/** The JSON summary printed after a run. */
export interface LinkCommandSummary {
  records: number;
  inputs: { file: string; records: number }[];
  candidatePairs: number;
  /** Candidate pairs each blocking rule added, and its largest block. */
  blocking: { rule: string; pairs: number; largestBlock: number }[];
  accepted: number;
  review: number;
  refusedByGuard: number;
  clusters: number;
  clustersWithSeveralRecords: number;
  pairsWritten: number;
  lambda: number;
  emIterations: number;
  seconds: number;
  stageSeconds: LinkResult['stats']['seconds'];
  /** Seconds outside the engine: reading the inputs, writing the outputs, evaluating against the truth. */
  ioSeconds: { readInput: number; writePairs: number; writeClusters: number; truth: number };
  warnings: string[];
  metrics?: QualityReport;
}

/** Reads a CSV file with a header row into records; the delimiter (, ; or tab) is detected. */
export async function readCsv(file: string): Promise<Record<string, string>[]> {
  const head = await readHead(file);
  const firstLine = head.split(/\r?\n/)[0] ?? '';
  const delimiter = [',', ';', '\t'].reduce((best, d) =>
    firstLine.split(d).length > firstLine.split(best).length ? d : best,
  );
  const parser = createReadStream(file).pipe(
    parse({
      columns: true,
      bom: true,
      delimiter,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    }),
  );
  const rows: Record<string, string>[] = [];
  for await (const row of parser) rows.push(row as Record<string, string>);
  return rows;
}

async function readHead(file: string): Promise<string> {
  const stream = createReadStream(file, { start: 0, end: 64 * 1024 - 1, encoding: 'utf8' });
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

/**
 * Escapes one text cell: a leading = + - @ (or tab/CR) gets a single quote so spreadsheets do not run
 * it as a formula, and cells with separators, quotes or line breaks are quoted.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  if (/[",\r\n]/.test(s) || s !== s.trim()) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** A small buffered CSV writer that respects stream back-pressure. */
export class CsvWriter {
  private readonly stream;
  private buffer: string[] = [];

  constructor(file: string) {
    this.stream = createWriteStream(file, { encoding: 'utf8' });
  }

  /** Queues one row. */
  async row(cells: readonly (string | number)[]): Promise<void> {
    this.buffer.push(cells.map(csvCell).join(','));
    if (this.buffer.length >= 5_000) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = `${this.buffer.join('\n')}\n`;
    this.buffer = [];
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

async function writePairs(file: string, result: LinkResult, minProbability: number): Promise<number> {
  const { pairs } = result;
  const names = pairs.comparisonNames;
  const writer = new CsvWriter(file);
  await writer.row([
    'record_id_l',
    'record_id_r',
    'match_weight',
    'match_probability',
    'status',
    ...names.map((n) => `bf_${n}`),
    ...names.map((n) => `level_${n}`),
  ]);
  const chosen: number[] = [];
  for (let k = 0; k < pairs.length; k++) if ((pairs.probability[k] ?? 0) >= minProbability) chosen.push(k);
  chosen.sort((a, b) => (pairs.weight[b] ?? 0) - (pairs.weight[a] ?? 0));
  for (const k of chosen) {
    await writer.row([
      pairs.ids[pairs.left[k] ?? 0] ?? '',
      pairs.ids[pairs.right[k] ?? 0] ?? '',
      round(pairs.weight[k] ?? 0, 4),
      round(pairs.probability[k] ?? 0, 6),
      pairs.status(k),
      ...names.map((_, c) => round(pairs.contribution(k, c), 4)),
      ...names.map((_, c) => pairs.levelLabels[c]?.[pairs.levels[c]?.[k] ?? 0] ?? ''),
    ]);
  }
  await writer.close();
  return chosen.length;
}

async function writeClusters(file: string, result: LinkResult): Promise<void> {
  const writer = new CsvWriter(file);
  await writer.row(['record_id', 'cluster_id']);
  for (const a of result.clusters.assignments()) await writer.row([a.recordId, a.clusterId]);
  await writer.close();
}

async function readTruth(file: string): Promise<{
  truth: { recordId: string; clusterId: string }[];
  defects: Map<string, string> | undefined;
}> {
  const rows = await readCsv(file);
  const first = rows[0];
  if (first && (!('record_id' in first) || !('cluster_id' in first))) {
    throw new LinkageError(
      `Berkas kebenaran ${file} harus berkolom record_id,cluster_id`,
      `Truth file ${file} must have columns record_id,cluster_id`,
    );
  }
  const defectColumn = first ? ['defect', 'defects', 'defect_type'].find((c) => c in first) : undefined;
  const truth = rows.map((r) => ({ recordId: r.record_id ?? '', clusterId: r.cluster_id ?? '' }));
  const defects = defectColumn
    ? new Map(rows.map((r) => [r.record_id ?? '', r[defectColumn] ?? '']))
    : undefined;
  return { truth, defects };
}

/** Runs `tepat link` with parsed options: reads CSVs, links, writes pairs and clusters, returns the summary. */
export async function runLinkCommand(options: LinkCommandOptions): Promise<LinkCommandSummary> {
  const started = performance.now();
  let settings: unknown;
  try {
    settings = JSON.parse(await readFile(options.settings, 'utf8'));
  } catch (error) {
    throw new LinkageError(
      `Berkas pengaturan ${options.settings} tidak dapat dibaca sebagai JSON: ${String(error)}`,
      `Settings file ${options.settings} cannot be read as JSON: ${String(error)}`,
    );
  }
  if (options.input.length === 0)
    throw new LinkageError('Beri minimal satu --input', 'Give at least one --input');
  const records: InputRecord[] = [];
  const sources: number[] = [];
  const inputs: LinkCommandSummary['inputs'] = [];
  for (const [s, file] of options.input.entries()) {
    const rows = await readCsv(file);
    inputs.push({ file, records: rows.length });
    for (const r of rows) {
      records.push(r);
      sources.push(s);
    }
  }
  const tRead = performance.now();
  const result = linkRecords(records, settings, {
    registry: indonesianRegistry,
    sources,
    acceptThreshold: options.threshold,
    reviewThreshold: options.reviewThreshold,
  });
  const review = Math.min(
    options.reviewThreshold ?? result.settings.thresholds.review,
    options.threshold ?? result.settings.thresholds.accept,
  );
  const tLink = performance.now();
  const pairsWritten = await writePairs(options.out, result, options.allPairs ? 0 : review);
  const tPairs = performance.now();
  await writeClusters(options.clusters, result);
  const tClusters = performance.now();
  if (options.modelOut) {
    const { comparisons, lambda, lambdaSource, m, u, iterations, sessions } = result.model;
    const model = { lambda, lambdaSource, m, u, iterations, sessions, comparisons };
    await writeFileText(options.modelOut, `${JSON.stringify(model, null, 2)}\n`);
  }
  let metrics: QualityReport | undefined;
  if (options.truth) {
    const { truth, defects } = await readTruth(options.truth);
    metrics = evaluateClusters(result.clusters.assignments(), truth, defects);
  }
  const tTruth = performance.now();
  const since = (from: number, to: number): number => round((to - from) / 1000, 3);
  const s = result.stats;
  return {
    records: s.records,
    inputs,
    candidatePairs: s.candidatePairs,
    blocking: s.blocking.map((b) => ({ rule: b.rule, pairs: b.pairs, largestBlock: b.largestBlock })),
    accepted: s.accepted,
    review: s.review,
    refusedByGuard: s.refusedByGuard,
    clusters: s.clusters,
    clustersWithSeveralRecords: s.clustersWithSeveralRecords,
    pairsWritten,
    lambda: result.model.lambda,
    emIterations: result.model.iterations,
    seconds: round((performance.now() - started) / 1000, 3),
    stageSeconds: s.seconds,
    ioSeconds: {
      readInput: since(started, tRead),
      writePairs: since(tLink, tPairs),
      writeClusters: since(tPairs, tClusters),
      truth: since(tClusters, tTruth),
    },
    warnings: s.warnings,
    ...(metrics ? { metrics } : {}),
  };
}

async function writeFileText(file: string, text: string): Promise<void> {
  const stream = createWriteStream(file, { encoding: 'utf8' });
  stream.end(text);
  await once(stream, 'finish');
}

function probabilityOption(value: string): number {
  const p = Number(value);
  if (!Number.isFinite(p) || p < 0 || p > 1) {
    throw new LinkageError(
      `Ambang harus antara 0 dan 1: ${value}`,
      `Threshold must be between 0 and 1: ${value}`,
    );
  }
  return p;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `tepat link`: record linkage / deduplication of CSV files with a settings file. */
export function registerLinkCommand(program: Command): void {
  program
    .command('link')
    .description('Tautkan atau deduplikasi rekaman CSV / link or deduplicate CSV records')
    .requiredOption('--settings <file>', 'berkas pengaturan JSON / settings JSON file')
    .requiredOption('--input <file>', 'berkas CSV masukan, bisa diulang / input CSV, repeatable', collect, [])
    .requiredOption('--out <file>', 'CSV pasangan / pairs CSV')
    .requiredOption('--clusters <file>', 'CSV klaster record_id,cluster_id / clusters CSV')
    .option('--threshold <p>', 'ambang terima / accept probability', probabilityOption)
    .option('--review-threshold <p>', 'ambang tinjau / review probability', probabilityOption)
    .option('--truth <file>', 'CSV kebenaran record_id,cluster_id[,defect] / ground truth CSV')
    .option('--all-pairs', 'tulis semua pasangan kandidat / write every candidate pair')
    .option('--model-out <file>', 'simpan model (m, u, λ) sebagai JSON / save the model as JSON')
    .action(async (o: LinkCommandOptions) => {
      const summary = await runLinkCommand(o);
      for (const w of summary.warnings) console.error(`Peringatan / warning: ${w}`);
      console.log(JSON.stringify(summary, null, 2));
    });
}
