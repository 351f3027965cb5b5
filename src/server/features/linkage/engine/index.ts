/**
 * Public surface of the record-linkage engine: a pure module (no database, no I/O) that blocks,
 * estimates a Fellegi–Sunter model without labels, scores pairs and clusters them into entities.
 */
export {
  linkRecords,
  ScoredPairs,
  type Clusters,
  type LinkageModel,
  type LinkOptions,
  type LinkResult,
  type LinkStats,
  type PairStatus,
  type ScoredPair,
  type TrainingSession,
} from './link.ts';
export {
  parseSettings,
  settingsSchema,
  type ComparisonSettings,
  type LevelSettings,
  type LinkageSettings,
  type LinkageSettingsInput,
} from './settings.ts';
export {
  builtinRegistry,
  builtinTransforms,
  mergeRegistries,
  type LinkageRegistry,
  type PairPredicate,
  type Transform,
} from './registry.ts';
export {
  evaluateClusters,
  type ClusterAssignment,
  type PairwiseScores,
  type QualityReport,
} from './metrics.ts';
export {
  damerauLevenshtein,
  hammingDistance,
  isAdjacentTransposition,
  jaro,
  jaroWinkler,
  levenshtein,
  levenshteinBounded,
  parseDate,
  tokenSetSimilarity,
} from './comparators.ts';
export type { ModelParameters } from './predict.ts';
export { LinkageError } from './errors.ts';
export type { InputRecord } from './table.ts';
export type { BlockingRuleStats } from './blocking.ts';
