/** Public surface of the proxy-means test: model file, scoring, explanation, calibration, metrics. */
export type * from './types.ts';
export {
  pmtModelSchema,
  parsePmtModel,
  validatePmtModel,
  serializePmtModel,
  pmtModelFileName,
  PmtModelError,
  MEMBER_CODE_FIELDS,
  type PmtModel,
  type PmtModelInput,
  type PmtFeature,
  type PmtCalibration,
  type FeatureSpec,
  type FeatureKind,
} from './model.ts';
export {
  ageAt,
  parseAsOf,
  buildHouseholdContext,
  compileFeature,
  compileFeatures,
  featureMatrix,
  featureValues,
  type AsOf,
  type HouseholdContext,
} from './features.ts';
export {
  compileModel,
  scoreHousehold,
  scoreHouseholds,
  desilFromCutPoints,
  regionalCutPoints,
  type CompiledModel,
  type ScoreOptions,
  type ScoreManyOptions,
} from './score.ts';
export {
  explainScore,
  formatRupiah,
  type Explanation,
  type ExplainedFactor,
  type ExplainOptions,
} from './explain.ts';
export {
  weightedLeastSquares,
  evaluateModel,
  calibrateModel,
  type WlsOptions,
  type WlsResult,
  type ModelAccuracy,
  type CalibrationOptions,
  type CalibrationReport,
} from './calibrate.ts';
export { formatJson } from './format-json.ts';
export { spearman, pearson, ranks, rSquared, targetingErrors, type TargetingErrors } from './metrics.ts';
export {
  parseSurveyCsv,
  formatSurveyCsv,
  SURVEY_COLUMNS,
  type SurveyHousehold,
  type SurveyProblem,
} from './survey.ts';
