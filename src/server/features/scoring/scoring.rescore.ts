/**
 * Bulk scoring: every active household (or a list of them) scored with the active PMT model and
 * evaluated with the active criteria rule set, in chunks of 2,000 households by id range: five reads
 * per chunk sent together, a compiled scoring loop, and one write statement per chunk (an upsert per
 * table), the database reading and writing while this thread scores.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../audit/index.ts';
import {
  compileRuleSet,
  conflictCodes,
  evaluateCategory,
  validateCriteriaRuleSet,
  type CompiledRuleSet,
  type CriteriaContext,
  type CriteriaRuleSet,
} from './criteria/index.ts';
import {
  buildHouseholdContext,
  compileModel,
  desilFromCutPoints,
  featureValues,
  parseAsOf,
  regionalCutPoints,
  validatePmtModel,
  type AsOf,
  type CompiledModel,
  type HouseholdContext,
  type PmtModel,
  type ScoringInput,
} from './pmt/index.ts';
import { inputFromSource, type ScoringSourceRow } from './scoring.inputs.ts';
import type { EstimateForAccuracy } from './scoring.accuracy.ts';
import {
  deleteInactive,
  deleteUnusedInputs,
  findActiveVersion,
  findLastFullRun,
  finishRun,
  insertRun,
  lockScoring,
  readScoringChunk,
  findScorable,
  type ChunkScope,
  type ScorableHouseholds,
  writeScoringChunk,
  type CriteriaWrite,
  type ScoreWrite,
} from './scoring.repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

// Smaller chunks overlap reads, scoring and writes better at the start and end of a run: 2,000 rescored
// the demo city in 2.8–4.2 s on PGlite, 5,000 in 4.2–5.0 s (docs/benchmarks.md, Ranking).
const CHUNK = 2000;
/**
 * Rows scored between two turns of the event loop: the database's replies are read and its next queued
 * query sent meanwhile (the pg client sends one query at a time), so it works while this thread scores.
 */
const YIELD_EVERY = 500;

export interface RescoreOptions {
  /** Only these households (after an edit, import or merge); default every active household. */
  householdIds?: readonly number[];
  /** Who started it, recorded with the run and in the audit log. Default: the system. */
  actor?: Actor;
  /** Date at which member ages are computed (`YYYY-MM-DD`); default today (UTC). Stored with each score. */
  asOf?: string;
  chunkSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface RescoreResult {
  runId: number;
  kind: 'all' | 'subset';
  model: { id: number; key: string; version: number };
  ruleSetId: number | null;
  mode: 'national' | 'regional';
  thresholds: number[];
  asOf: string;
  households: number;
  /** Scores written because they are new or differ from the stored ones (the rest were already right). */
  changed: number;
  /** Households whose stored score or criteria result was removed because they are no longer active. */
  removed: number;
  durationMs: number;
  /** Time spent scoring in JavaScript; the rest of durationMs is the database (partly overlapped). */
  computeMs: number;
}

/** Today's date in UTC as `YYYY-MM-DD`. */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

function noActiveModel(): AppError {
  return new AppError('no_active_model', 409, {
    id: 'Belum ada model PMT yang aktif. Aktifkan satu versi model terlebih dahulu.',
    en: 'No PMT model is active. Activate a model version first.',
  });
}

function invalidStored(what: { id: string; en: string }, issues: string[]): AppError {
  return new AppError('invalid_stored_config', 500, {
    id: `${what.id} yang tersimpan tidak valid: ${issues.join('; ')}`,
    en: `The stored ${what.en} is invalid: ${issues.join('; ')}`,
  });
}

/** The active model and rule set, validated. */
export async function loadActiveConfig(db: Db): Promise<{
  modelRow: { id: number; key: string; version: number };
  model: PmtModel;
  ruleSetRow: { id: number } | null;
  ruleSet: CriteriaRuleSet | null;
}> {
  const modelRow = await findActiveVersion(db, 'pmt');
  if (!modelRow) throw noActiveModel();
  const m = validatePmtModel(modelRow.body);
  if (!m.ok) throw invalidStored({ id: 'Model PMT', en: 'PMT model' }, m.issues);
  const ruleRow = await findActiveVersion(db, 'criteria');
  let ruleSet: CriteriaRuleSet | null = null;
  if (ruleRow) {
    const r = validateCriteriaRuleSet(ruleRow.body);
    if (!r.ok) throw invalidStored({ id: 'Aturan kriteria', en: 'criteria rule set' }, r.issues);
    ruleSet = r.ruleSet;
  }
  return {
    modelRow: { id: modelRow.id, key: modelRow.key, version: modelRow.version },
    model: m.model,
    ruleSetRow: ruleRow ? { id: ruleRow.id } : null,
    ruleSet,
  };
}

/** Reusable buffers for the scoring loop of one model. */
interface Scorer {
  cm: CompiledModel;
  asOf: AsOf;
  buf: Float64Array;
  ctx: HouseholdContext | undefined;
}

function makeScorer(model: PmtModel, asOf: string): Scorer {
  const cm = compileModel(model);
  return { cm, asOf: parseAsOf(asOf), buf: new Float64Array(cm.coefficients.length), ctx: undefined };
}

/**
 * ln(PCE) of one household, summed in the same order as scoreHousehold so that an explanation
 * recomputed later from the stored inputs (pmt/explain.ts) gives exactly the stored number.
 */
function predictLogPce(s: Scorer, input: ScoringInput): number {
  s.ctx = buildHouseholdContext(input, s.asOf, s.ctx);
  featureValues(s.cm.compiled, s.ctx, s.buf);
  const { coefficients } = s.cm;
  let logPce = s.cm.model.intercept;
  for (let j = 0; j < s.buf.length; j++) logPce += (coefficients[j] ?? 0) * (s.buf[j] ?? 0);
  return logPce;
}

type ChunkReader = (scope: ChunkScope) => Promise<ScoringSourceRow[]>;

const ignore = (): void => undefined;
/** Lets queued database requests go out before a synchronous scoring loop holds the thread. */
const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Chunks of households, by id range (every active household) or by slices of an id list. A chunk's
 * queries are all sent at once and the next chunk's are sent before this one is handed over, so the
 * database (a worker thread for PGlite, a server process for PostgreSQL) reads while this thread
 * scores. Ranges rather than "the next N after id x": the queries of a chunk need not wait for its
 * household ids.
 */
async function* chunks(
  read: ChunkReader,
  households: { ids: readonly number[] } | ScorableHouseholds,
  size: number,
): AsyncGenerator<ScoringSourceRow[]> {
  const scopes: ChunkScope[] = [];
  if ('ids' in households) {
    const sorted = [...new Set(households.ids)].sort((a, b) => a - b);
    for (let i = 0; i < sorted.length; i += size) scopes.push({ ids: sorted.slice(i, i + size) });
  } else {
    const range = households.range;
    if (range)
      for (let from = range.min; from <= range.max; from += size)
        scopes.push({ fromId: from, toId: Math.min(from + size - 1, range.max) });
  }
  let index = 0;
  const next = (): Promise<ScoringSourceRow[]> | null => {
    const scope = scopes[index++];
    if (!scope) return null;
    const pending = read(scope);
    pending.catch(ignore);
    return pending;
  };
  let pending = next();
  while (pending) {
    const rows = await pending;
    pending = next();
    if (rows.length > 0) {
      await yieldToIo();
      yield rows;
    }
  }
}

/** Regional thresholds: a first pass over every active household predicting expenditure only. */
async function regionalThresholds(db: Db, model: PmtModel, asOf: string, size: number): Promise<number[]> {
  const scorer = makeScorer(model, asOf);
  const pces: number[] = [];
  const weights: number[] = [];
  const byPersons = model.cutPoints.regionalWeight === 'persons';
  const read: ChunkReader = (scope) => readScoringChunk(db, scope);
  for await (const rows of chunks(read, await findScorable(db), size))
    for (const row of rows) {
      const input = inputFromSource(row);
      pces.push(Math.exp(predictLogPce(scorer, input)));
      weights.push(byPersons ? Math.max(1, input.members.length) : 1);
    }
  return regionalCutPoints(pces, weights);
}

/**
 * Scores households with the active model and evaluates the active criteria, storing the inputs,
 * score, conflicts and category of each. Runs in the caller's transaction when given
 * one (model activation), else in its own; concurrent runs wait for each other.
 */
export async function rescoreHouseholds(db: Db, options: RescoreOptions = {}): Promise<RescoreResult> {
  if (db.isTransaction) return rescoreIn(db as Transaction<Database>, options);
  return db.transaction().execute((trx) => rescoreIn(trx, options));
}

async function rescoreIn(trx: Transaction<Database>, o: RescoreOptions): Promise<RescoreResult> {
  const started = performance.now();
  const actor = o.actor ?? SYSTEM_ACTOR;
  const size = o.chunkSize ?? CHUNK;
  const asOf = o.asOf ?? todayIso();
  await lockScoring(trx);
  const { modelRow, model, ruleSetRow, ruleSet } = await loadActiveConfig(trx);
  let ids = o.householdIds;
  const mode = model.cutPoints.mode;
  let thresholds: number[] = [...model.cutPoints.national];
  if (mode === 'regional') {
    const last = ids ? await findLastFullRun(trx, modelRow.id) : undefined;
    if (ids && last && last.mode === 'regional' && last.thresholds.length === 9) thresholds = last.thresholds;
    else {
      // Regional deciles need the whole region: without a full run to borrow from, score everyone.
      ids = undefined;
      thresholds = await regionalThresholds(trx, model, asOf, size);
    }
  }
  const kind = ids ? 'subset' : 'all';
  const runId = await insertRun(trx, {
    modelId: modelRow.id,
    ruleSetId: ruleSetRow?.id ?? null,
    kind,
    mode,
    thresholds,
    asOf,
    actorName: actor.name,
  });
  const scorable = await findScorable(trx, ids);
  const total = scorable.count;
  const scorer = makeScorer(model, asOf);
  const rules: CompiledRuleSet | null = ruleSet ? compileRuleSet(ruleSet) : null;
  // One criteria context refilled for every household (no object per household in the loop).
  const criteriaCtx: CriteriaContext | null = rules
    ? {
        input: {
          householdId: 0,
          villageCode: '',
          districtCode: '',
          variables: {},
          members: [],
          officialDesil: null,
          estimatedDesil: null,
        },
        active: [],
        ages: [],
      }
    : null;
  const now = new Date();
  let computeMs = 0;
  let done = 0;
  o.onProgress?.(0, total);
  const stored = { modelId: modelRow.id, ruleSetId: ruleSetRow?.id ?? null };
  const read: ChunkReader = (scope) => readScoringChunk(trx, scope, stored);
  // Regional thresholds move with every full run, and each stored score points at its run's thresholds.
  const keepUnchanged = mode === 'national';
  let changed = 0;
  // Households whose stored score or criteria result moves to new inputs: their former inputs may
  // have lost their last reference.
  const movedInputs: number[] = [];
  const write = async (rows: ScoringSourceRow[], allScores: ScoreWrite[], allCriteria: CriteriaWrite[]) => {
    await writeScoringChunk(trx, {
      rows,
      score: { modelId: modelRow.id, runId, scoredAt: now, asOf, always: !keepUnchanged },
      scores: allScores,
      criteria: ruleSetRow ? { ruleSetId: ruleSetRow.id, runId, evaluatedAt: now, asOf } : null,
      criteriaRows: allCriteria,
    });
    done += rows.length;
    changed += allScores.length;
    o.onProgress?.(done, total);
  };
  // The write of one chunk runs while the next is scored; at most one write is outstanding.
  let writing: Promise<void> = Promise.resolve();
  for await (const rows of chunks(read, ids ? { ids } : scorable, size)) {
    const scores: ScoreWrite[] = [];
    const criteria: CriteriaWrite[] = [];
    let t1 = performance.now();
    for (let i = 0; i < rows.length; i++) {
      if (i > 0 && i % YIELD_EVERY === 0) {
        computeMs += performance.now() - t1;
        await yieldToIo();
        t1 = performance.now();
      }
      const row = rows[i];
      if (!row) continue;
      const input = inputFromSource(row);
      const logPce = predictLogPce(scorer, input);
      const predictedPce = Math.exp(logPce);
      const desil = desilFromCutPoints(predictedPce, thresholds);
      const conflicts = conflictCodes({
        officialDesil: row.officialDesil,
        estimatedDesil: desil,
        input,
      }).join(',');
      const s = row.storedScore;
      const c = row.storedCriteria;
      if ((s !== null && s.inputHash !== row.hash) || (c !== null && c.inputHash !== row.hash))
        movedInputs.push(row.id);
      // Same facts, same model, same result: the stored row (and its as_of) still reproduces it exactly.
      const sameScore =
        keepUnchanged &&
        s !== null &&
        s.inputHash === row.hash &&
        s.logPce === logPce &&
        s.desil === desil &&
        s.officialDesil === row.officialDesil &&
        s.conflicts === conflicts;
      if (!sameScore)
        scores.push({
          householdId: row.id,
          inputHash: row.hash,
          logPce,
          predictedPce,
          desil,
          officialDesil: row.officialDesil,
          conflicts,
        });
      if (!rules || !criteriaCtx) continue;
      // The rules read the members and ages the model just computed (scorer.ctx), and the two desils.
      const ci = criteriaCtx.input;
      ci.householdId = input.householdId;
      ci.villageCode = input.villageCode;
      ci.districtCode = input.districtCode;
      ci.variables = input.variables;
      ci.members = input.members;
      ci.officialDesil = row.officialDesil;
      ci.estimatedDesil = desil;
      criteriaCtx.active = scorer.ctx?.active ?? [];
      criteriaCtx.ages = scorer.ctx?.ages ?? [];
      const result = evaluateCategory(rules, criteriaCtx);
      const fired = result.firedRuleIds.join(',');
      const sameCriteria =
        c !== null &&
        c.inputHash === row.hash &&
        c.category === result.category &&
        c.firedRules === fired &&
        c.officialDesil === row.officialDesil &&
        c.estimatedDesil === desil;
      if (!sameCriteria)
        criteria.push({
          householdId: row.id,
          inputHash: row.hash,
          category: result.category,
          firedRules: JSON.stringify(result.firedRuleIds),
          officialDesil: row.officialDesil,
          estimatedDesil: desil,
        });
    }
    computeMs += performance.now() - t1;
    await writing;
    writing = write(rows, scores, criteria);
    writing.catch(ignore);
  }
  await writing;
  const removedIds = await deleteInactive(trx, modelRow.id, ruleSetRow?.id ?? null, ids);
  const removed = removedIds.length;
  await deleteUnusedInputs(trx, [...movedInputs, ...removedIds]);
  const durationMs = Math.round(performance.now() - started);
  await finishRun(trx, runId, { households: done, durationMs, thresholds });
  await recordAudit(trx, actor, {
    action: 'ranking.rescore',
    targetType: 'scoring_run',
    targetId: runId,
    after: {
      kind,
      households: done,
      changed,
      removed,
      modelId: modelRow.id,
      ruleSetId: ruleSetRow?.id ?? null,
      asOf,
    },
  });
  return {
    runId,
    kind,
    model: modelRow,
    ruleSetId: ruleSetRow?.id ?? null,
    mode,
    thresholds,
    asOf,
    households: done,
    changed,
    removed,
    durationMs,
    computeMs: Math.round(computeMs),
  };
}

/**
 * Predicted expenditure of every active household under any model, without storing anything: for
 * accuracy reports comparing model versions on the current registry.
 */
export async function estimateAll(
  db: Db,
  model: PmtModel,
  options: { asOf?: string; chunkSize?: number } = {},
): Promise<EstimateForAccuracy[]> {
  const asOf = options.asOf ?? todayIso();
  const scorer = makeScorer(model, asOf);
  const out: EstimateForAccuracy[] = [];
  const read: ChunkReader = (scope) => readScoringChunk(db, scope);
  for await (const rows of chunks(read, await findScorable(db), options.chunkSize ?? CHUNK))
    for (const row of rows) {
      const input = inputFromSource(row);
      out.push({
        householdId: row.id,
        predictedPce: Math.exp(predictLogPce(scorer, input)),
        persons: input.members.length,
      });
    }
  return out;
}
