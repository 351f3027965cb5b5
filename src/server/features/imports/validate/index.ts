/** Row and file validation, the pipeline and the rejection report: the public surface of `imports/validate`. */
export {
  validateRow,
  createValidationContext,
  type ValidatedRow,
  type ValidationContext,
  type StagedHousehold,
  type StagedPerson,
  type StagedBeneficiary,
} from './row.ts';
export {
  createFileChecker,
  createFillDown,
  type FileChecker,
  type FileCheckerOptions,
  type FileCheckerResult,
  type FillDown,
} from './file.ts';
export {
  createRowProcessor,
  processRows,
  type RowProcessor,
  type ProcessedRow,
  type ImportSummary,
} from './pipeline.ts';
export {
  writeRejectionReport,
  REPORT_COLUMNS,
  type RejectionRow,
  type RejectionReportOptions,
} from './report.ts';
export {
  REASONS,
  EXTERNAL_REASONS,
  reason,
  hasError,
  type ReasonCode,
  type ReasonParams,
  type RowFinding,
  type Severity,
} from './reasons.ts';
