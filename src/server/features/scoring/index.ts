/**
 * Public surface of ranking for other features: rescoring after an import, a verification or a merge,
 * loading the shipped model files, the routes, and the pure PMT and criteria code.
 */
export {
  rescoreHouseholds,
  estimateAll,
  todayIso,
  type RescoreOptions,
  type RescoreResult,
} from './scoring.rescore.ts';
export { rescoreAfterChange, type RescoreAfterChangeOptions } from './scoring.followup.ts';
export {
  ensureShippedScoringModels,
  createVersion,
  activateVersion,
  MODELS_DIR,
} from './scoring.versions.ts';
export {
  getHouseholdRanking,
  listConflicts,
  getRankingSummary,
  listModels,
  getModel,
  listRuleSets,
  getRuleSet,
  createModel,
  createRuleSet,
  measureAccuracy,
  calibrateFromSurvey,
  TRUTH_FILE,
  type CalibrateOptions,
} from './scoring.service.ts';
export { exportConflictsXlsx } from './scoring.xlsx.ts';
export { accuracyAgainstTruth, parseTruthExpenditureCsv, type AccuracyReport } from './scoring.accuracy.ts';
export { decodeStoredInputs, STORED_INPUTS_FORMAT, STORED_MEMBER_FIELDS } from './scoring.inputs.ts';
export { scoringRoutes } from './scoring.routes.ts';
