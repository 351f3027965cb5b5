/**
 * Response and request shapes of the HTTP API, as written in docs/dev/api-contract.md.
 * Kept in the web app until the server publishes shared contracts in src/shared.
 */
import type { Label, VariableDef } from '../../shared/dictionary/dictionary.ts';

export type Language = 'id' | 'en';

export const ROLES = [
  'admin',
  'operator',
  'verifier',
  'enumerator',
  'lurah',
  'camat',
  'bps_analyst',
  'planner',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const SCOPE_LEVELS = ['city', 'district', 'village', 'rt'] as const;
export type ScopeLevel = (typeof SCOPE_LEVELS)[number];

export type Permission =
  | 'registry.read'
  | 'registry.export'
  | 'registry.edit'
  | 'users.manage'
  | 'rt.manage'
  | 'audit.read'
  | 'linkage.review'
  | 'linkage.run'
  | 'ranking.read'
  | 'ranking.manage'
  | 'ranking.evaluate'
  | 'imports.read'
  | 'imports.run';

export interface Me {
  id: number;
  username: string;
  fullName: string;
  role: Role;
  scopeLevel: ScopeLevel;
  scopeCodes: string[];
  scopeLabel: string;
  language: Language;
  permissions: string[];
}

export interface Health {
  status: 'ok';
  database: 'pglite' | 'postgres';
  version: string;
  households: number;
}

export interface Region {
  code: string;
  name: string;
  level: 'regency' | 'district' | 'village';
  parentCode: string | null;
}

export interface CodeItem {
  code: number;
  label: Label;
}

export interface Dictionary {
  version: string;
  changelog: { version: string; date: string; note: string }[];
  householdVariables: VariableDef[];
  personCodes: Record<string, CodeItem[]>;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** 1 active, 2 inactive (removed with a reason), 3 merged into another household. */
export type HouseholdStatus = 1 | 2 | 3;

export interface HouseholdSummary {
  id: number;
  kkNumber: string | null;
  headName: string | null;
  headNik: string | null;
  address: string;
  rw: string | null;
  rt: string | null;
  villageCode: string;
  villageName: string;
  districtName: string;
  memberCount: number;
  officialDesil: number | null;
  status: HouseholdStatus;
}

export type HouseholdSort = 'kk' | 'name' | 'desil' | 'village';

export interface HouseholdQuery {
  q?: string;
  districtCode?: string;
  villageCode?: string;
  rw?: string;
  rt?: string;
  desil?: number;
  status?: HouseholdStatus;
  page?: number;
  pageSize?: number;
  sort?: HouseholdSort;
}

export interface PersonSummary {
  id: number;
  nik: string | null;
  name: string;
  sex: 1 | 2 | null;
  birthDate: string | null;
  age: number | null;
  relationship: number | null;
  householdId: number;
  kkNumber: string | null;
  address: string;
  villageName: string;
  rw: string | null;
  rt: string | null;
  status: number;
}

export interface PersonQuery {
  q?: string;
  villageCode?: string;
  rw?: string;
  rt?: string;
  page?: number;
  pageSize?: number;
}

export interface PersonDetail {
  id: number;
  nik: string | null;
  name: string;
  sex: number | null;
  birthDate: string | null;
  age: number | null;
  birthPlace: string | null;
  relationship: number | null;
  marital: number | null;
  schooling: number | null;
  education: number | null;
  work: number | null;
  disability: number | null;
  chronicIllness: number | null;
  healthInsurance: number | null;
  status: number;
  /** Sent back with a change, so that a change made meanwhile by someone else is refused. */
  version: number;
}

export interface HouseholdVariable {
  key: string;
  group: string;
  label: Label;
  value: number | boolean | null;
  valueLabel: Label | null;
  unit: string | null;
}

export interface HouseholdDetail extends HouseholdSummary {
  districtCode: string;
  lat: number | null;
  lng: number | null;
  dtsenId: string | null;
  externalIds: Record<string, string>;
  dictionaryVersion: string;
  variables: HouseholdVariable[];
  officialDesilRelease: { id: number; label: string; releaseDate: string } | null;
  desilHistory: { releaseId: number; label: string; releaseDate: string; desil: number | null }[];
  members: PersonDetail[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface AuditEntry {
  id: number | string;
  at: string;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  targetType?: string;
  page?: number;
  pageSize?: number;
}

export interface AdminUser {
  id: number;
  username: string;
  fullName: string;
  role: Role;
  scopeLevel: ScopeLevel;
  scopeCodes: string[];
  active: boolean;
  createdAt: string;
}

export interface NewUser {
  username: string;
  fullName: string;
  role: Role;
  scopeLevel: ScopeLevel;
  scopeCodes: string[];
  password: string;
}

export interface UserPatch {
  fullName?: string;
  role?: Role;
  scopeLevel?: ScopeLevel;
  scopeCodes?: string[];
  active?: boolean;
}

export interface RtUnit {
  id: number;
  villageCode: string;
  villageName: string;
  rw: string;
  rt: string;
  active: boolean;
  households: number;
}

// Linkage (docs/dev/api-contract.md, "## Linkage").

export type LinkagePairStatus = 'auto_accepted' | 'review' | 'accepted' | 'rejected' | 'skipped' | 'merged';
export type LinkageAgreement = 'exact' | 'close' | 'weak' | 'different' | 'missing';

/** One person of a candidate pair, with the household fields shown beside it. */
export interface LinkagePairSide {
  id: number;
  householdId: number;
  nik: string | null;
  name: string;
  sex: number | null;
  birthDate: string | null;
  birthPlace: string | null;
  relationship: number | null;
  marital: number | null;
  schooling: number | null;
  education: number | null;
  work: number | null;
  disability: number | null;
  chronicIllness: number | null;
  healthInsurance: number | null;
  status: number;
  version: number;
  kkNumber: string | null;
  address: string;
  rw: string;
  rt: string;
  villageCode: string;
  villageName: string;
  headName: string | null;
}

export interface LinkagePairField {
  key: string;
  comparison: string;
  left: string | null;
  right: string | null;
  level: string;
  agreement: LinkageAgreement;
  /** Contribution to the match weight in bits. */
  weight: number;
}

export interface LinkagePair {
  id: number;
  runId: number;
  status: LinkagePairStatus;
  matchWeight: number;
  probability: number;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  left: LinkagePairSide;
  right: LinkagePairSide;
  fields: LinkagePairField[];
}

export interface LinkagePairPage extends Page<LinkagePair> {
  counts: Partial<Record<LinkagePairStatus, number>>;
}

export interface LinkageRunStats {
  records?: number;
  candidatePairs?: number;
  autoAccepted?: number;
  review?: number;
  dropped?: number;
  stored?: number;
  seconds?: Record<string, number>;
}

export interface LinkageRun {
  id: number;
  kind: 'person' | 'household';
  mode: 'full' | 'incremental';
  status: 'running' | 'done' | 'failed' | 'interrupted';
  householdCount: number | null;
  progress: { phase: string; fraction: number; message: string } | null;
  stats: LinkageRunStats | null;
  error: string | null;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface LinkagePersonRef {
  id: number;
  name: string;
  householdId: number;
  kkNumber: string | null;
  villageName: string;
}

export type MergeFieldName =
  | 'nik'
  | 'name'
  | 'sex'
  | 'birthDate'
  | 'birthPlace'
  | 'marital'
  | 'schooling'
  | 'education'
  | 'work'
  | 'disability'
  | 'chronicIllness'
  | 'healthInsurance';

/** Who merged and undid a merge, when and why: the fields every merge (person or family) ends with. */
export interface MergeTrail {
  reason: string;
  mergedBy: string;
  mergedAt: string;
  undoneBy: string | null;
  undoneAt: string | null;
  undoReason: string | null;
}

export interface PersonMerge extends MergeTrail {
  id: number;
  pairId: number | null;
  survivor: LinkagePersonRef;
  merged: LinkagePersonRef;
  fieldChoices: Partial<Record<MergeFieldName, 'left' | 'right'>>;
}

export interface MergeRequest {
  survivorId: number;
  mergedId: number;
  pairId?: number;
  /** 'left' is the person with the smaller id. */
  fieldChoices: Partial<Record<MergeFieldName, 'left' | 'right'>>;
  reason: string;
}

export interface NikConflict {
  nik: string;
  householdCount: number;
  holders: {
    personId: number;
    name: string;
    birthDate: string | null;
    relationship: number | null;
    householdId: number;
    kkNumber: string | null;
    address: string;
    villageCode: string;
    villageName: string;
  }[];
  outsideScope: number;
  pairId: number | null;
  pairStatus: LinkagePairStatus | null;
}

export interface LinkageScores {
  precision: number;
  recall: number;
  f1: number;
  truePositives: number;
  predictedPairs: number;
  truePairs: number;
}

export interface LinkageQualityBlock {
  records: number;
  pairwise: LinkageScores;
  bcubed: { precision: number; recall: number; f1: number };
  perDefect: (LinkageScores & { defect: string; records: number })[];
}

export type LinkageQuality =
  | { available: false }
  | {
      available: true;
      pendingReview: number;
      decisions: LinkageQualityBlock;
      ifReviewAccepted: LinkageQualityBlock;
    };

// Ranking (src/server/features/scoring/scoring.routes.ts; docs/dev/api-contract.md, "## Ranking").

export type RankingMode = 'national' | 'regional';
export type RankingConflictCode = 'desil_gap' | 'asn_tni_polri_member' | 'owns_car' | 'non_subsidised_power';
export type CriteriaCategory = 'miskin_desil' | 'bantuan_lain' | 'tidak_layak';
export type HelpProgram = 'APBD' | 'TJSL' | 'BAZNAS';
export type CriteriaRuleEffect = 'exclude' | 'include_other_help' | 'flag';

/** One variable's share of a household's estimate. */
export interface RankingFactor {
  feature: string;
  label: Label;
  /** Contribution to ln(per-capita expenditure) against the reference household. */
  contribution: number;
  /** The same contribution as a percentage change of the estimate. */
  percent: number;
  direction: 'up' | 'down';
  missing: boolean;
  text: Label;
}

export interface RankingExplanation {
  householdId: number;
  model: { id: string; version: number; illustrative: boolean };
  desil: number;
  predictedPce: number;
  logPce: number;
  summary: Label;
  factorsUp: RankingFactor[];
  factorsDown: RankingFactor[];
  factors: RankingFactor[];
  desilPosition: {
    desil: number;
    mode: RankingMode;
    lowerBound: number | null;
    upperBound: number | null;
    aboveLower: number | null;
    belowUpper: number | null;
    text: Label;
  };
  arithmetic: {
    baseline: number;
    intercept: number;
    terms: {
      feature: string;
      label: Label;
      coefficient: number;
      value: number;
      reference: number;
      contribution: number;
    }[];
    text: Label;
  };
  notes: Label[];
}

export interface RankingModelRef {
  id: number;
  key: string;
  version: number;
  name: string;
  illustrative: boolean;
}

export interface RankingConflict {
  code: RankingConflictCode;
  message: Label;
}

export interface HouseholdRanking {
  householdId: number;
  official: {
    desil: number | null;
    label: Label | null;
    release: { id: number; label: string; releaseDate: string } | null;
    history: { releaseId: number; label: string; releaseDate: string; desil: number }[];
  };
  estimate: {
    desil: number;
    label: Label | null;
    predictedPce: number;
    logPce: number;
    model: RankingModelRef;
    mode: RankingMode;
    thresholds: number[];
    scoredAt: string | null;
    asOf: string;
    stored: boolean;
    stale: boolean;
  } | null;
  explanation: RankingExplanation | null;
  criteria: {
    ruleSet: {
      id: number;
      key: string;
      version: number;
      name: string;
      illustrative: boolean;
      legalBasis: string | null;
    };
    category: CriteriaCategory;
    categoryLabel: Label;
    firedRules: { id: string; label: Label; effect: CriteriaRuleEffect }[];
    reasons: Label[];
    programs: HelpProgram[];
    evaluatedAt: string;
  } | null;
  conflicts: RankingConflict[];
}

export interface RankingConflictQuery {
  type?: RankingConflictCode;
  districtCode?: string;
  villageCode?: string;
  page?: number;
  pageSize?: number;
}

export interface RankingConflictItem {
  householdId: number;
  kkNumber: string | null;
  headName: string | null;
  villageCode: string;
  villageName: string;
  districtName: string;
  rw: string;
  rt: string;
  officialDesil: number | null;
  estimatedDesil: number;
  predictedPce: number;
  conflicts: RankingConflict[];
}

export interface RankingSummary {
  model: RankingModelRef | null;
  ruleSet: { id: number; key: string; version: number } | null;
  households: number;
  scored: number;
  /** matrix[official - 1][estimated - 1]: households with that official and estimated desil. */
  matrix: number[][];
  /** Households without an official desil, by estimated desil. */
  withoutOfficial: number[];
  conflicts: Record<RankingConflictCode, number>;
  categories: { category: CriteriaCategory; label: Label }[];
  categoriesByVillage: {
    villageCode: string;
    villageName: string;
    counts: Record<CriteriaCategory, number>;
  }[];
}

interface RankingVersionBase {
  id: number;
  key: string;
  version: number;
  active: boolean;
  note: string | null;
  createdAt: string;
  createdBy: string | null;
  name: string;
  description: Label;
  illustrative: boolean;
}

export interface PmtModelSummary extends RankingVersionBase {
  mode: RankingMode;
  features: number;
  basedOn: { id: string; version: number } | null;
  calibration: {
    r2: number;
    spearman: number;
    n: number;
    quota: number;
    inclusionError: number;
    exclusionError: number;
    surveyFile: string;
    fittedAt: string | null;
  } | null;
  lastRun: { finishedAt: string; households: number; durationMs: number } | null;
}

/** A model file as the server stores it (only the parts the app shows are typed). */
export interface PmtModelBody {
  id: string;
  version: number;
  name: string;
  intercept: number;
  features: {
    spec: { name: string; kind: string; [key: string]: unknown };
    coefficient: number;
    reference: number;
    label: Label;
  }[];
  cutPoints: { mode: RankingMode; national: number[]; regionalWeight?: string; source?: Label };
  notes?: string[];
}

export interface PmtModelDetail extends PmtModelSummary {
  body: unknown;
}

export interface CriteriaRuleSetSummary extends RankingVersionBase {
  legalBasis: string | null;
  quota: number;
  rules: number;
}

/** A rule-set file as the server stores it (only the parts the app shows are typed). */
export interface CriteriaRuleSetBody {
  id: string;
  version: number;
  name: string;
  quota: number;
  legalBasis?: string;
  rules: {
    id: string;
    label: Label;
    description?: Label;
    enabled?: boolean;
    condition: unknown;
    effect: { type: CriteriaRuleEffect; programs?: HelpProgram[] };
  }[];
}

export interface CriteriaRuleSetDetail extends CriteriaRuleSetSummary {
  body: unknown;
}

export interface RescoreResult {
  runId: number;
  kind: 'all' | 'subset';
  model: { id: number; key: string; version: number };
  ruleSetId: number | null;
  mode: RankingMode;
  thresholds: number[];
  asOf: string;
  households: number;
  removed: number;
  durationMs: number;
  computeMs: number;
}

export interface RankingVersionCreated {
  id: number;
  key: string;
  version: number;
  rescore: RescoreResult | null;
}

export interface RankingTargeting {
  quota: number;
  inclusionError: number;
  exclusionError: number;
  selected: number;
  trulyPoor: number;
  correctlySelected: number;
  exactDesil: number;
}

export interface RankingAccuracy {
  model: RankingModelRef;
  report: {
    n: number;
    withoutTruth: number;
    spearman: number;
    r2: number;
    quota: number;
    national: RankingTargeting;
    regional: RankingTargeting;
  };
}

// ---------------------------------------------------------------------------------------------
// Import (src/server/features/imports/imports.routes.ts)

export type ImportSource = 'kemensos' | 'beneficiaries';
export type ImportLayout = 'person' | 'family';
export type ImportStatus =
  'staging' | 'needs_mapping' | 'staged' | 'committing' | 'committed' | 'failed' | 'discarded';

export const IMPORT_DIFF_KINDS = [
  'new_family',
  'gone_family',
  'new_person',
  'gone_person',
  'moved_person',
  'desil_changed',
  'nik_conflict',
  'not_in_registry',
] as const;
export type ImportDiffKind = (typeof IMPORT_DIFF_KINDS)[number];

export interface ImportDiffCounts {
  previousReleaseId: number | null;
  newFamilies: number;
  goneFamilies: number;
  newPersons: number;
  gonePersons: number;
  movedPersons: number;
  desilChanged: number;
  nikConflicts: number;
  notInRegistry: number;
}

export interface ImportSummary {
  rowsRead: number;
  accepted: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  warningsByCode: Record<string, number>;
  families: number;
  persons: number;
  diff: ImportDiffCounts | null;
}

export interface ImportJob {
  id: string;
  batchId: number;
  kind: 'stage' | 'commit';
  state: 'queued' | 'running' | 'done' | 'failed';
  phase: string;
  rows: number;
  done: number;
  total: number | null;
  percent: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: { code: string; message: Label } | null;
}

export interface ImportBatchListItem {
  id: number;
  source: ImportSource;
  layout: ImportLayout;
  fileName: string;
  fileSize: number;
  sheet: string | null;
  releaseDate: string;
  releaseLabel: string | null;
  status: ImportStatus;
  releaseId: number | null;
  releaseName: string | null;
  createdBy: string;
  createdAt: string;
  committedAt: string | null;
  summary: ImportSummary | null;
  alreadyImported: { releaseId: number; label: string } | null;
  error: { code: string; message: Label } | null;
  /** State of the steps after the commit (rescoring, duplicate search); null before a commit. */
  followUpState: 'running' | 'done' | 'failed' | 'interrupted' | null;
}

export interface ImportField {
  key: string;
  label: Label;
  kind: string;
  level: string;
  required: boolean;
  /** Any one field of the group fills the requirement. */
  requiredGroup: string[] | null;
}

/** A column mapping: canonical field → header as written in the file (`HEADER#2` for a repeat). */
export interface ImportMapping {
  name?: string;
  source: ImportSource;
  layout: ImportLayout;
  sheet?: string | number;
  headerRow?: number;
  columns: Record<string, string>;
  valueMaps?: Record<string, Record<string, string | number | boolean>>;
  defaults?: Record<string, string>;
  fillDown?: boolean;
}

export interface ImportColumnMatch {
  field: string;
  header: string;
  column: number;
  confidence: number;
  how: 'synonym' | 'fuzzy';
}

export interface ImportAutoMap {
  matches: ImportColumnMatch[];
  unmatchedHeaders: { header: string; column: number }[];
  missingRequired: string[][];
  layout: { layout: ImportLayout; reason: Label };
}

export interface ImportFinding {
  code: string;
  severity: 'error' | 'warning';
  field?: string;
  message: Label;
}

export type ImportCell = string | number | boolean | null;

export interface ImportPreviewRow {
  rowNumber: number;
  cells: ImportCell[];
  record: unknown;
  findings: ImportFinding[];
  rejected: boolean;
}

export interface ImportBatchDetail extends Omit<ImportBatchListItem, 'releaseName'> {
  format: string | null;
  sheets: string[];
  headerRow: number | null;
  headers: string[];
  release: { id: number; label: string; releaseDate: string } | null;
  mapping: ImportMapping | null;
  autoMap: ImportAutoMap | null;
  fields: ImportField[];
  preview: ImportPreviewRow[];
  previousRelease: { id: number; label: string; releaseDate: string } | null;
  commit: Record<string, number | boolean> | null;
  fileFindings: ImportFinding[];
  job: ImportJob | null;
}

export interface ImportPreset {
  id: number;
  name: string;
  source: ImportSource;
  mapping: ImportMapping;
  createdAt: string;
  updatedAt: string;
}

export interface ImportDiffItem {
  kind: ImportDiffKind;
  kkNumber: string | null;
  nik: string | null;
  name: string | null;
  before: string | null;
  after: string | null;
}

export interface ImportDiffPage extends Page<ImportDiffItem> {
  counts: ImportDiffCounts | null;
}

export interface ImportStarted {
  batchId: number;
  jobId: string;
}
