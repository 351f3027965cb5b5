/**
 * Public surface of the linkage feature in the registry: person deduplication runs (full, or
 * incremental after an import), the review queue, reversible merges, NIK conflicts and quality.
 * The pure engine and the Indonesian preset live in engine/ and preset/.
 */
export { linkageRoutes } from './linkage.routes.ts';
export {
  getRun,
  listRuns,
  runPersonDedupe,
  startPersonDedupe,
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
export { registryQuality, readTruth, clustersFromLinks } from './linkage.quality.ts';
export { computeDedupe, type DedupeJobInput, type DedupeJobResult } from './linkage.worker.ts';
