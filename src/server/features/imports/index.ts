/** Public surface of the import feature: staging, commit, diff, reports, jobs and the routes. */
export { importRoutes, type ImportRoutesOptions } from './imports.routes.ts';
export {
  createBatch,
  stageBatch,
  commitBatch,
  discardBatch,
  removeBatchFile,
  getBatch,
  setBatchMapping,
  resolveMappingInput,
  writeRejections,
  PREVIEW_ROWS,
  type ImportSettings,
  type BatchCounts,
  type StageOptions,
  type StageResult,
  type CommitResult,
  type ImportSource,
} from './imports.service.ts';
export { getDiffPage, writeDiffXlsx, DIFF_KINDS, DIFF_KIND_LABELS, type DiffKind } from './imports.diff.ts';
export {
  runImportFollowUps,
  followUpOf,
  type ImportFollowUp,
  type FollowUpOptions,
  type FollowUpProgress,
  type FollowUpSteps,
} from './imports.followup.ts';
export { createJobRunner, type JobRunner, type ImportJob, type JobProgress } from './imports.jobs.ts';
export { createSummaryCounter, emptyDiff, type ImportSummary, type DiffCounts } from './imports.summary.ts';
export { summaryOf } from './imports.presenter.ts';
export { importsDir, hashFile } from './imports.files.ts';
