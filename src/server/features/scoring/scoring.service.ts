/**
 * Ranking as users see it: a household's official desil next to the local estimate with its
 * explanation, the criteria category with its reasons, conflicts; lists, summaries, versions,
 * accuracy against known expenditure, and calibration from a survey.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { recordAudit, type Actor } from '../audit/index.ts';
import type { Scope } from '../access/scope.ts';
import {
  CATEGORY_LABELS,
  detectConflicts,
  type Conflict,
  evaluateCriteria,
  validateCriteriaRuleSet,
  type CriteriaCategory,
  type CriteriaRuleSet,
  type HelpProgram,
} from './criteria/index.ts';
import {
  calibrateModel,
  evaluateModel,
  explainScore,
  parseSurveyCsv,
  validatePmtModel,
  type PmtModel,
  type ScoringInput,
  type SurveyProblem,
} from './pmt/index.ts';
import { accuracyAgainstTruth, parseTruthExpenditureCsv, type AccuracyReport } from './scoring.accuracy.ts';
import { decodeStoredInputs, inputFromSource } from './scoring.inputs.ts';
import { desilLabel, presentModel, presentRuleSet } from './scoring.presenter.ts';
import {
  countCategoriesByVillage,
  countConflicts,
  countDesilMatrix,
  countScored,
  findActiveCriteria,
  findActiveScore,
  findActiveVersion,
  findLastFullRun,
  findLatestVersion,
  findOfficialDesilHistory,
  findRankedHousehold,
  findVersion,
  lastRunsByModel,
  listVersions,
  readScoringSource,
  searchConflicts,
  type ConflictFilters,
  type ConflictRow,
  type VersionRow,
} from './scoring.repository.ts';
import { estimateAll, todayIso } from './scoring.rescore.ts';
import { activateVersion, createVersion } from './scoring.versions.ts';

type Db = Kysely<Database>;

function storedModel(row: VersionRow): PmtModel {
  const r = validatePmtModel(row.body);
  if (!r.ok) throw new Error(`pmt_model ${row.id} is invalid: ${r.issues.join('; ')}`);
  return r.model;
}

function storedRuleSet(row: VersionRow): CriteriaRuleSet {
  const r = validateCriteriaRuleSet(row.body);
  if (!r.ok) throw new Error(`criteria_rule_set ${row.id} is invalid: ${r.issues.join('; ')}`);
  return r.ruleSet;
}

function modelRef(row: VersionRow, model: PmtModel) {
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    name: model.name,
    illustrative: model.illustrative,
  };
}

/** The criteria of one household in API form, reasons re-derived from the rule set with the stored inputs. */
function presentCriteria(
  ruleRow: VersionRow,
  ruleSet: CriteriaRuleSet,
  stored: {
    category: CriteriaCategory;
    fired_rules: string[];
    official_desil: number | null;
    estimated_desil: number | null;
    as_of: string;
    evaluated_at: Date;
  },
  input: ScoringInput,
) {
  const result = evaluateCriteria(
    ruleSet,
    { ...input, officialDesil: stored.official_desil, estimatedDesil: stored.estimated_desil },
    { asOf: stored.as_of },
  );
  const byId = new Map(ruleSet.rules.map((r) => [r.id, r]));
  const firedRules = stored.fired_rules.flatMap((id) => {
    const rule = byId.get(id);
    return rule ? [{ id, label: rule.label, effect: rule.effect.type }] : [];
  });
  const same =
    result.category === stored.category &&
    result.firedRules.map((r) => r.id).join(',') === stored.fired_rules.join(',');
  const programs = new Set<HelpProgram>();
  if (stored.category === 'bantuan_lain')
    for (const id of stored.fired_rules) {
      const effect = byId.get(id)?.effect;
      if (effect?.type === 'include_other_help') for (const p of effect.programs) programs.add(p);
    }
  return {
    ruleSet: {
      id: ruleRow.id,
      key: ruleRow.key,
      version: ruleRow.version,
      name: ruleSet.name,
      illustrative: ruleSet.illustrative,
      legalBasis: ruleSet.legalBasis ?? null,
    },
    category: stored.category,
    categoryLabel: CATEGORY_LABELS[stored.category],
    firedRules,
    // The stored result is the record; the wording comes from re-evaluating it, which agrees unless the
    // stored inputs were edited by hand. Then the rules that fired are listed as the reasons.
    reasons: same ? result.reasons : firedRules.map((r) => r.label),
    programs: [...programs],
    evaluatedAt: stored.evaluated_at,
  };
}

/**
 * Everything the household page shows about ranking: the official desil as received (with its
 * history), the local estimate with its explanation, the criteria category with its reasons, and
 * the conflicts. Out-of-scope households answer 404; every view is audited.
 */
export async function getHouseholdRanking(db: Db, scope: Scope, actor: Actor, id: number) {
  const h = await findRankedHousehold(db, scope, id);
  if (!h) throw errors.notFound();
  const history = await findOfficialDesilHistory(db, id);
  const score = await findActiveScore(db, id);
  const criteria = await findActiveCriteria(db, id);
  const current = h.status === 1 ? await readScoringSource(db, id) : undefined;

  let estimate = null;
  let explanation = null;
  let conflicts: Conflict[] = [];
  if (score) {
    const modelRow = await findVersion(db, 'pmt', score.model_id);
    if (!modelRow) throw new Error(`pmt_model ${score.model_id} is missing`);
    const model = storedModel(modelRow);
    const input = decodeStoredInputs(id, score.inputs);
    const regional = score.mode === 'regional';
    explanation = explainScore(model, input, {
      asOf: score.as_of,
      mode: score.mode,
      ...(regional ? { cutPoints: score.thresholds } : {}),
    });
    conflicts = detectConflicts({ officialDesil: score.official_desil, estimatedDesil: score.desil, input });
    estimate = {
      desil: score.desil,
      label: desilLabel(score.desil),
      predictedPce: score.predicted_pce,
      logPce: score.log_pce,
      model: modelRef(modelRow, model),
      mode: score.mode,
      thresholds: score.thresholds,
      scoredAt: score.scored_at,
      asOf: score.as_of,
      stored: true,
      // The registry changed since (an edit, a new release): the page can say so until rescoring.
      stale: !current || current.hash !== score.input_hash || current.officialDesil !== score.official_desil,
    };
  } else if (current) {
    // Not scored yet (added since the last run): estimate it now, without storing anything.
    const modelRow = await findActiveVersion(db, 'pmt');
    if (modelRow) {
      const model = storedModel(modelRow);
      const input = inputFromSource(current);
      const last = model.cutPoints.mode === 'regional' ? await findLastFullRun(db, modelRow.id) : undefined;
      const regional = last?.mode === 'regional' && last.thresholds.length === 9;
      const asOf = todayIso();
      explanation = explainScore(model, input, {
        asOf,
        mode: regional ? 'regional' : 'national',
        ...(regional && last ? { cutPoints: last.thresholds } : {}),
      });
      conflicts = detectConflicts({
        officialDesil: current.officialDesil,
        estimatedDesil: explanation.desil,
        input,
      });
      estimate = {
        desil: explanation.desil,
        label: desilLabel(explanation.desil),
        predictedPce: explanation.predictedPce,
        logPce: explanation.logPce,
        model: modelRef(modelRow, model),
        mode: regional ? ('regional' as const) : ('national' as const),
        thresholds: regional && last ? last.thresholds : model.cutPoints.national,
        scoredAt: null,
        asOf,
        stored: false,
        stale: false,
      };
    }
  }

  let criteriaView = null;
  if (criteria) {
    const ruleRow = await findVersion(db, 'criteria', criteria.rule_set_id);
    if (ruleRow)
      criteriaView = presentCriteria(
        ruleRow,
        storedRuleSet(ruleRow),
        criteria,
        decodeStoredInputs(id, criteria.inputs),
      );
  }

  await recordAudit(db, actor, {
    action: 'view.household_ranking',
    targetType: 'household',
    targetId: id,
    householdId: id,
  });
  return {
    householdId: id,
    official: {
      desil: h.official_desil,
      label: desilLabel(h.official_desil),
      release:
        h.official_desil_release_id && h.release_label && h.release_date
          ? { id: h.official_desil_release_id, label: h.release_label, releaseDate: h.release_date }
          : null,
      history: history.map((d) => ({
        releaseId: d.release_id,
        label: d.label,
        releaseDate: d.release_date,
        desil: d.desil,
      })),
    },
    estimate,
    explanation,
    criteria: criteriaView,
    conflicts,
  };
}

function presentConflictRow(r: ConflictRow) {
  const input = decodeStoredInputs(r.household_id, r.inputs);
  const codes = new Set(r.conflicts);
  const found = detectConflicts({ officialDesil: r.official_desil, estimatedDesil: r.desil, input });
  return {
    householdId: r.household_id,
    kkNumber: r.kk_number,
    headName: r.head_name,
    villageCode: r.village_code,
    villageName: r.village_name,
    districtName: r.district_name,
    rw: r.rw,
    rt: r.rt,
    officialDesil: r.official_desil,
    estimatedDesil: r.desil,
    predictedPce: r.predicted_pce,
    conflicts: found.filter((c) => codes.has(c.code)),
  };
}

/** One page of households whose official desil, estimate and field facts disagree, within the scope. */
export async function listConflicts(
  db: Db,
  scope: Scope,
  filters: ConflictFilters,
  page: { page: number; pageSize: number },
) {
  const { rows, total } = await searchConflicts(db, scope, filters, page);
  return { items: rows.map(presentConflictRow), total, page: page.page, pageSize: page.pageSize };
}

/** Every conflict row within the scope matching the filters, page by page (for exports). */
export async function* allConflicts(db: Db, scope: Scope, filters: ConflictFilters) {
  const pageSize = 2000;
  for (let page = 1; ; page++) {
    const { rows } = await searchConflicts(db, scope, filters, { page, pageSize });
    for (const r of rows) yield presentConflictRow(r);
    if (rows.length < pageSize) return;
  }
}

const CATEGORIES: CriteriaCategory[] = ['miskin_desil', 'bantuan_lain', 'tidak_layak'];

/**
 * Counts within the scope: official × estimated desil (a 10×10 matrix, plus a row for households
 * without an official desil), conflicts by type, and criteria categories per kelurahan.
 */
export async function getRankingSummary(db: Db, scope: Scope) {
  const [modelRow, ruleRow] = [await findActiveVersion(db, 'pmt'), await findActiveVersion(db, 'criteria')];
  const cells = await countDesilMatrix(db, scope);
  const matrix = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  const withoutOfficial = new Array<number>(10).fill(0);
  for (const c of cells) {
    const e = c.estimated - 1;
    if (e < 0 || e > 9) continue;
    if (c.official === null) withoutOfficial[e] = (withoutOfficial[e] ?? 0) + c.n;
    else {
      const row = matrix[c.official - 1];
      if (row) row[e] = (row[e] ?? 0) + c.n;
    }
  }
  const conflictCounts = { desil_gap: 0, asn_tni_polri_member: 0, owns_car: 0, non_subsidised_power: 0 };
  for (const c of await countConflicts(db, scope))
    if (c.code in conflictCounts) conflictCounts[c.code as keyof typeof conflictCounts] = c.n;
  const villages = new Map<
    string,
    { villageCode: string; villageName: string; counts: Record<CriteriaCategory, number> }
  >();
  for (const r of await countCategoriesByVillage(db, scope)) {
    const v = villages.get(r.village_code) ?? {
      villageCode: r.village_code,
      villageName: r.village_name,
      counts: { miskin_desil: 0, bantuan_lain: 0, tidak_layak: 0 },
    };
    if ((CATEGORIES as string[]).includes(r.category)) v.counts[r.category as CriteriaCategory] = r.n;
    villages.set(r.village_code, v);
  }
  const scored = await countScored(db, scope);
  return {
    model: modelRow ? modelRef(modelRow, storedModel(modelRow)) : null,
    ruleSet: ruleRow ? { id: ruleRow.id, key: ruleRow.key, version: ruleRow.version } : null,
    households: scored.total,
    scored: scored.scored,
    matrix,
    withoutOfficial,
    conflicts: conflictCounts,
    categories: CATEGORIES.map((c) => ({ category: c, label: CATEGORY_LABELS[c] })),
    categoriesByVillage: [...villages.values()],
  };
}

/** Every model version, the active one first. */
export async function listModels(db: Db) {
  const runs = new Map((await lastRunsByModel(db)).map((r) => [r.model_id, r]));
  return {
    items: (await listVersions(db, 'pmt')).map((r) => presentModel(r, storedModel(r), runs.get(r.id))),
  };
}

/** One model version with its full body (the model file). */
export async function getModel(db: Db, id: number) {
  const row = await findVersion(db, 'pmt', id);
  if (!row) throw errors.notFound();
  const model = storedModel(row);
  const runs = new Map((await lastRunsByModel(db)).map((r) => [r.model_id, r]));
  return { ...presentModel(row, model, runs.get(row.id)), body: model };
}

/** Every criteria rule-set version, the active one first. */
export async function listRuleSets(db: Db) {
  return { items: (await listVersions(db, 'criteria')).map((r) => presentRuleSet(r, storedRuleSet(r))) };
}

/** One rule-set version with its full body. */
export async function getRuleSet(db: Db, id: number) {
  const row = await findVersion(db, 'criteria', id);
  if (!row) throw errors.notFound();
  const ruleSet = storedRuleSet(row);
  return { ...presentRuleSet(row, ruleSet), body: ruleSet };
}

/** Stores a new model version (validated) and optionally activates it, which rescores everything. */
export async function createModel(
  db: Db,
  actor: Actor,
  input: { body: unknown; note?: string | undefined; activate?: boolean | undefined },
) {
  return db.transaction().execute(async (trx) => {
    const created = await createVersion(trx, actor, 'pmt', { body: input.body, note: input.note });
    const activation = input.activate ? await activateVersion(trx, actor, 'pmt', created.id) : null;
    return {
      id: created.id,
      key: created.key,
      version: created.version,
      rescore: activation?.rescore ?? null,
    };
  });
}

/** Stores a new rule-set version (validated) and optionally activates it. */
export async function createRuleSet(
  db: Db,
  actor: Actor,
  input: { body: unknown; note?: string | undefined; activate?: boolean | undefined },
) {
  return db.transaction().execute(async (trx) => {
    const created = await createVersion(trx, actor, 'criteria', { body: input.body, note: input.note });
    const activation = input.activate ? await activateVersion(trx, actor, 'criteria', created.id) : null;
    return {
      id: created.id,
      key: created.key,
      version: created.version,
      rescore: activation?.rescore ?? null,
    };
  });
}

export const TRUTH_FILE = 'truth-expenditure.csv';

function noGroundTruth(file: string): AppError {
  return new AppError('no_ground_truth', 404, {
    id: `Data pengeluaran sebenarnya (${file}) tidak ada. Laporan akurasi hanya tersedia untuk kota demo.`,
    en: `The true expenditure (${file}) is not available. The accuracy report exists only for the demo city.`,
  });
}

/**
 * Accuracy of a model (default the active one) on the current registry against the demo generator's
 * hidden expenditure: nothing is stored, so any version can be compared with any other.
 */
export async function measureAccuracy(
  db: Db,
  options: { truthDir: string; modelId?: number | undefined; quota?: number; asOf?: string },
): Promise<{ model: ReturnType<typeof modelRef>; truthFile: string; report: AccuracyReport }> {
  const file = path.join(options.truthDir, TRUTH_FILE);
  if (!fs.existsSync(file)) throw noGroundTruth(file);
  const row = options.modelId
    ? await findVersion(db, 'pmt', options.modelId)
    : await findActiveVersion(db, 'pmt');
  if (!row) throw errors.notFound();
  const model = storedModel(row);
  const truth = parseTruthExpenditureCsv(fs.readFileSync(file, 'utf8'));
  const estimates = await estimateAll(db, model, options.asOf ? { asOf: options.asOf } : {});
  return {
    model: modelRef(row, model),
    truthFile: file,
    report: accuracyAgainstTruth(estimates, truth, {
      nationalThresholds: model.cutPoints.national,
      ...(options.quota ? { quota: options.quota } : {}),
    }),
  };
}

export interface CalibrateOptions {
  surveyText: string;
  surveyFile: string;
  /** Model id (key) to start from: the active version if it has this key, else its latest. Default the active model. */
  modelKey?: string | undefined;
  quota?: number | undefined;
  ridge?: number | undefined;
  /** Date at which survey ages are computed; default today. */
  asOf?: string | undefined;
  activate?: boolean | undefined;
  note?: string | undefined;
  onProgress?: (done: number, total: number) => void;
}

function surveyUnusable(problems: SurveyProblem[]): AppError {
  const first = problems.filter((p) => p.severity === 'error').slice(0, 5);
  return new AppError(
    'invalid_survey',
    400,
    {
      id: `Survei tidak dapat dipakai: ${first.map((p) => `baris ${p.line}: ${p.message.id}`).join('; ') || 'tidak ada keluarga'}`,
      en: `The survey cannot be used: ${first.map((p) => `line ${p.line}: ${p.message.en}`).join('; ') || 'no households'}`,
    },
    problems,
  );
}

/**
 * Fits a new version of a model by weighted least squares on a survey with observed per-capita
 * expenditure, stores it (and activates it when asked), and reports in-sample accuracy before and
 * after, with national and with regional cut-points.
 */
export async function calibrateFromSurvey(db: Db, actor: Actor, o: CalibrateOptions) {
  const asOf = o.asOf ?? todayIso();
  const { households, problems } = parseSurveyCsv(o.surveyText, { asOf });
  const active = await findActiveVersion(db, 'pmt');
  const baseRow =
    !o.modelKey || active?.key === o.modelKey ? active : await findLatestVersion(db, 'pmt', o.modelKey);
  if (!baseRow) throw errors.notFound();
  const base = storedModel(baseRow);
  if (households.length <= base.features.length + 1) throw surveyUnusable(problems);
  const quota = o.quota ?? 4;
  const { model, report } = calibrateModel(base, households, {
    quota,
    asOf,
    surveyFile: path.basename(o.surveyFile),
    ...(o.ridge !== undefined ? { ridge: o.ridge } : {}),
  });
  const regional = {
    before: evaluateModel(base, households, { quota, asOf, mode: 'regional' }),
    after: evaluateModel(model, households, { quota, asOf, mode: 'regional' }),
  };
  const result = await db.transaction().execute(async (trx) => {
    const created = await createVersion(trx, actor, 'pmt', {
      body: model,
      note: o.note ?? `Kalibrasi / calibration: ${path.basename(o.surveyFile)} (n = ${households.length})`,
    });
    const activation = o.activate
      ? await activateVersion(trx, actor, 'pmt', created.id, o.onProgress ? { onProgress: o.onProgress } : {})
      : null;
    return { created, activation };
  });
  const stored = result.created.body as PmtModel;
  return {
    modelId: result.created.id,
    model: stored,
    basedOn: { id: baseRow.id, key: baseRow.key, version: baseRow.version },
    households: households.length,
    problems,
    report,
    regional,
    activated: result.activation !== null,
    rescore: result.activation?.rescore ?? null,
  };
}
