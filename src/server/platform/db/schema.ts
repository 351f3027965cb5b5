import type { ColumnType, Generated } from 'kysely';

/** Kysely table types; they mirror db/migrations/*.sql. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;

export interface RegionTable {
  code: string;
  name: string;
  level: 'province' | 'regency' | 'district' | 'village';
  parent_code: string | null;
  population: number | null;
  centroid_lat: number | null;
  centroid_lng: number | null;
}

export interface RegionAliasTable {
  alias: string;
  code: string;
}

export interface RtUnitTable {
  id: Generated<number>;
  village_code: string;
  rw: string;
  rt: string;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  full_name: string;
  password_hash: string;
  role: string;
  scope_level: 'city' | 'district' | 'village' | 'rt';
  scope_codes: ColumnType<string[], string[] | undefined, string[]>;
  active: Generated<boolean>;
  language: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserSessionTable {
  id: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_id: number | null;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string | null;
  household_id: number | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  reason: string | null;
  ip: string | null;
}

export interface SourceReleaseTable {
  id: Generated<number>;
  source: string;
  release_date: string;
  label: string;
  file_name: string | null;
  file_sha256: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

export type HouseholdVariablesJson = Record<string, number | boolean | null>;

export interface HouseholdTable {
  id: Generated<number>;
  kk_number: string | null;
  address: Generated<string>;
  rw: Generated<string>;
  rt: Generated<string>;
  village_code: string;
  district_code: string;
  lat: number | null;
  lng: number | null;
  dtsen_id: string | null;
  external_ids: Json<Record<string, string>>;
  variables: Json<HouseholdVariablesJson>;
  dictionary_version: string;
  official_desil: number | null;
  official_desil_release_id: number | null;
  status: Generated<number>;
  merged_into: number | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface HouseholdOfficialDesilTable {
  household_id: number;
  release_id: number;
  desil: number;
}

export interface PersonTable {
  id: Generated<number>;
  household_id: number;
  nik: string | null;
  name: string;
  sex: number | null;
  birth_date: string | null;
  birth_place: string | null;
  relationship: number | null;
  marital: number | null;
  schooling: number | null;
  education: number | null;
  work: number | null;
  disability: number | null;
  chronic_illness: number | null;
  health_insurance: number | null;
  status: Generated<number>;
  merged_into: number | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RecordProvenanceTable {
  id: Generated<string>;
  entity_type: 'household' | 'person';
  entity_id: number;
  release_id: number;
  file_name: string | null;
  sheet: string | null;
  row_number: number | null;
}

export interface AppSettingTable {
  key: string;
  value: Json<unknown>;
  updated_at: Timestamp;
}

export interface PmtModelTable {
  id: Generated<number>;
  model_key: string;
  version: number;
  body: Json<unknown>;
  active: Generated<boolean>;
  note: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface CriteriaRuleSetTable {
  id: Generated<number>;
  rule_set_key: string;
  version: number;
  body: Json<unknown>;
  active: Generated<boolean>;
  note: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface ScoringRunTable {
  id: Generated<number>;
  model_id: number;
  rule_set_id: number | null;
  kind: 'all' | 'subset';
  mode: 'national' | 'regional';
  thresholds: ColumnType<number[], number[], number[]>;
  as_of: string;
  households: Generated<number>;
  actor_name: string;
  started_at: Timestamp;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  duration_ms: number | null;
}

export interface HouseholdInputTable {
  household_id: number;
  hash: string;
  inputs: Json<unknown>;
  first_seen_at: Timestamp;
}

export interface HouseholdScoreTable {
  household_id: number;
  model_id: number;
  run_id: number;
  scored_at: Timestamp;
  as_of: string;
  input_hash: string;
  log_pce: number;
  predicted_pce: number;
  desil: number;
  official_desil: number | null;
  conflicts: ColumnType<string[], string[] | undefined, string[]>;
}

export interface HouseholdCriteriaTable {
  household_id: number;
  rule_set_id: number;
  run_id: number;
  evaluated_at: Timestamp;
  as_of: string;
  input_hash: string;
  category: 'miskin_desil' | 'bantuan_lain' | 'tidak_layak';
  fired_rules: Json<string[]>;
  official_desil: number | null;
  estimated_desil: number | null;
}

/** One deduplication pass (db/migrations/20261127_0004_linkage.sql). */
export interface LinkageRunTable {
  id: Generated<number>;
  kind: 'person' | 'household';
  mode: 'full' | 'incremental';
  status: Generated<'running' | 'done' | 'failed'>;
  scope: Json<unknown>;
  household_ids: ColumnType<number[] | null, number[] | null | undefined, number[] | null>;
  settings: Json<unknown>;
  model: Json<unknown> | null;
  stats: Json<unknown> | null;
  error: string | null;
  started_by: number | null;
  started_by_name: string;
  started_at: Timestamp;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type LinkagePairStatus = 'auto_accepted' | 'review' | 'accepted' | 'rejected' | 'skipped' | 'merged';

export interface LinkagePairTable {
  id: Generated<number>;
  run_id: number;
  left_person_id: number;
  right_person_id: number;
  match_weight: number;
  probability: number;
  fields: Json<Record<string, { level: string; kind: string; weight: number }>>;
  status: LinkagePairStatus;
  decided_by: number | null;
  decided_by_name: string | null;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  reason: string | null;
  created_at: Timestamp;
}

export interface PersonMergeTable {
  id: Generated<number>;
  pair_id: number | null;
  survivor_id: number;
  merged_id: number;
  field_choices: Json<Record<string, 'left' | 'right'>>;
  before: Json<unknown>;
  survivor_version: number;
  merged_version: number;
  reason: string;
  merged_by: number | null;
  merged_by_name: string;
  merged_at: Timestamp;
  undone_by: number | null;
  undone_by_name: string | null;
  undone_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  undo_reason: string | null;
}

/** A candidate pair of family cards (db/migrations/20261127_0005_family_linkage.sql). */
export interface HouseholdPairTable {
  id: Generated<number>;
  run_id: number;
  left_household_id: number;
  right_household_id: number;
  score: number;
  probability: number;
  reasons: Json<unknown>;
  linked_members: Json<unknown>;
  status: LinkagePairStatus;
  decided_by: number | null;
  decided_by_name: string | null;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A reversible merge of two family cards. */
export interface HouseholdMergeTable {
  id: Generated<number>;
  pair_id: number | null;
  survivor_id: number;
  merged_id: number;
  field_choices: Json<Record<string, 'left' | 'right'>>;
  before: Json<unknown>;
  person_merge_ids: ColumnType<number[], number[] | undefined, number[]>;
  moved_person_ids: ColumnType<number[], number[] | undefined, number[]>;
  survivor_version: number;
  merged_version: number;
  moved_versions: Json<Record<string, number>>;
  reason: string;
  merged_by: number | null;
  merged_by_name: string;
  merged_at: Timestamp;
  undone_by: number | null;
  undone_by_name: string | null;
  undone_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  undo_reason: string | null;
}

/** View: NIKs held by active persons in more than one active household. */
export interface NikConflictView {
  nik: string;
  household_count: number;
  household_ids: number[];
  person_ids: number[];
}

export type ImportBatchStatus =
  'staging' | 'needs_mapping' | 'staged' | 'committing' | 'committed' | 'failed' | 'discarded';

export interface ImportBatchTable {
  id: Generated<number>;
  source: 'kemensos' | 'beneficiaries';
  layout: Generated<'person' | 'family'>;
  file_name: string;
  file_path: string | null;
  file_size: Generated<number>;
  file_sha256: string;
  format: string | null;
  sheet: string | null;
  sheets: Json<string[]>;
  header_row: number | null;
  headers: Json<string[]>;
  mapping: Json<unknown> | null;
  auto_map: Json<unknown> | null;
  preview: Json<unknown>;
  release_date: string;
  release_label: string | null;
  status: Generated<ImportBatchStatus>;
  counts: Json<unknown>;
  file_findings: Json<unknown>;
  release_id: number | null;
  created_by: number | null;
  created_by_name: Generated<string>;
  created_at: Timestamp;
  heartbeat_at: Timestamp;
  committed_at: Timestamp | null;
  error: Json<unknown> | null;
}

export interface ImportRowTable {
  batch_id: number;
  row_number: number;
  kk_number: string | null;
  nik: string | null;
  cells: Json<unknown> | null;
  record: Json<unknown> | null;
  p_name: string | null;
  p_sex: number | null;
  p_birth_date: string | null;
  p_birth_place: string | null;
  p_relationship: number | null;
  p_marital: number | null;
  p_schooling: number | null;
  p_education: number | null;
  p_work: number | null;
  p_disability: number | null;
  p_chronic_illness: number | null;
  p_health_insurance: number | null;
  /** The family fields (StagedHousehold), on the first accepted row of each KK and on preview rows. */
  h_present: Generated<boolean>;
  h_address: string | null;
  h_rt: string | null;
  h_rw: string | null;
  h_village_code: string | null;
  h_district_code: string | null;
  h_desil: number | null;
  h_dtsen_id: string | null;
  h_head_name: string | null;
  h_variables: Json<unknown> | null;
  findings: Json<unknown> | null;
  rejected: boolean;
}

export interface ImportMappingPresetTable {
  id: Generated<number>;
  name: string;
  source: 'kemensos' | 'beneficiaries';
  mapping: Json<unknown>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProgrammeBeneficiaryTable {
  id: Generated<string>;
  programme: string;
  period: string;
  person_id: number | null;
  nik: string;
  name: string;
  kk_number: string | null;
  address: string | null;
  village_code: string | null;
  amount: number | null;
  release_id: number;
  row_number: number | null;
}

export interface Database {
  region: RegionTable;
  region_alias: RegionAliasTable;
  rt_unit: RtUnitTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  audit_log: AuditLogTable;
  source_release: SourceReleaseTable;
  household: HouseholdTable;
  household_official_desil: HouseholdOfficialDesilTable;
  person: PersonTable;
  record_provenance: RecordProvenanceTable;
  app_setting: AppSettingTable;
  pmt_model: PmtModelTable;
  criteria_rule_set: CriteriaRuleSetTable;
  scoring_run: ScoringRunTable;
  household_input: HouseholdInputTable;
  household_score: HouseholdScoreTable;
  household_criteria: HouseholdCriteriaTable;
  linkage_run: LinkageRunTable;
  linkage_pair: LinkagePairTable;
  person_merge: PersonMergeTable;
  household_pair: HouseholdPairTable;
  household_merge: HouseholdMergeTable;
  nik_conflict: NikConflictView;
  import_batch: ImportBatchTable;
  import_row: ImportRowTable;
  import_mapping_preset: ImportMappingPresetTable;
  programme_beneficiary: ProgrammeBeneficiaryTable;
}
