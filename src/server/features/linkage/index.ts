/**
 * Public surface of the linkage feature in the registry: person and family deduplication runs (full,
 * or incremental after an import), the review queues, reversible merges, NIK conflicts and quality.
 * The pure engine and the Indonesian preset live in engine/ and preset/.
 */
export { linkageRoutes } from './linkage.routes.ts';
export {
  getRun,
  listRuns,
  runPersonDedupe,
  startPersonDedupe,
  dedupeRunsEnded,
  type DedupeOptions,
  type DedupeStats,
  type DedupeSummary,
} from './linkage.service.ts';
export {
  decidePair,
  getPair,
  listMerges,
  listNikConflicts,
  listPairs,
  mergePersons,
  undoMerge,
  type Decision,
  type MergeInput,
} from './linkage.review.ts';
export {
  registryQuality,
  readTruth,
  readFamilyTruth,
  familyQuality,
  clustersFromLinks,
} from './linkage.quality.ts';
export { computeDedupe, type DedupeJobInput, type DedupeJobResult } from './linkage.worker.ts';
export {
  decideHouseholdPair,
  getHouseholdPair,
  listHouseholdMerges,
  listHouseholdPairs,
  mergeHouseholds,
  undoHouseholdMerge,
  type FamilyDecision,
  type FamilyMergeInput,
} from './family.review.ts';
export {
  DEFAULT_FAMILY_SETTINGS,
  findFamilyPairs,
  scoreFamilyPair,
  type FamilyPair,
  type FamilySettings,
} from './family.ts';
export { storeFamilyPairs, type FamilyStats } from './family.service.ts';
