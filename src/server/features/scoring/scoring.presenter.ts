/** Rows of ranking tables as API shapes, so that column names never leak. */
import { DESIL_LABELS } from '../../../shared/dictionary/dictionary.ts';
import type { CriteriaRuleSet } from './criteria/index.ts';
import type { PmtModel } from './pmt/index.ts';
import type { VersionRow } from './scoring.repository.ts';

/** The local label of a desil (D1 miskin ekstrem … D4 rentan miskin), null above 4 or when unknown. */
export function desilLabel(desil: number | null | undefined): { id: string; en: string } | null {
  return desil === null || desil === undefined ? null : (DESIL_LABELS[desil] ?? null);
}

interface LastRun {
  finished_at: Date;
  households: number;
  duration_ms: number;
}

function versionBase(row: VersionRow) {
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    active: row.active,
    note: row.note,
    createdAt: row.created_at,
    createdBy: row.created_by_name,
  };
}

/** A PMT model version for lists: identity, description, calibration metrics and its last full scoring. */
export function presentModel(row: VersionRow, model: PmtModel, lastRun: LastRun | undefined) {
  const c = model.calibration;
  return {
    ...versionBase(row),
    name: model.name,
    description: model.description,
    illustrative: model.illustrative,
    mode: model.cutPoints.mode,
    features: model.features.length,
    basedOn: model.basedOn ?? null,
    calibration: c
      ? {
          r2: c.r2,
          spearman: c.spearman,
          n: c.n,
          quota: c.quota,
          inclusionError: c.inclusionError,
          exclusionError: c.exclusionError,
          surveyFile: c.surveyFile,
          fittedAt: c.fittedAt ?? null,
        }
      : null,
    lastRun: lastRun
      ? { finishedAt: lastRun.finished_at, households: lastRun.households, durationMs: lastRun.duration_ms }
      : null,
  };
}

/** A criteria rule-set version for lists. */
export function presentRuleSet(row: VersionRow, ruleSet: CriteriaRuleSet) {
  return {
    ...versionBase(row),
    name: ruleSet.name,
    description: ruleSet.description,
    illustrative: ruleSet.illustrative,
    legalBasis: ruleSet.legalBasis ?? null,
    quota: ruleSet.quota,
    rules: ruleSet.rules.length,
  };
}
