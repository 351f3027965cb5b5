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

export interface HouseholdScoreTable {
  household_id: number;
  model_id: number;
  run_id: number;
  scored_at: Timestamp;
  inputs: Json<unknown>;
  log_pce: number;
  predicted_pce: number;
  desil: number;
  official_desil: number | null;
  conflicts: ColumnType<string[], string[] | undefined, string[]>;
  contributions: Json<Record<string, number>>;
}

export interface HouseholdCriteriaTable {
  household_id: number;
  rule_set_id: number;
  run_id: number;
  evaluated_at: Timestamp;
  category: 'miskin_desil' | 'bantuan_lain' | 'tidak_layak';
  fired_rules: Json<string[]>;
  official_desil: number | null;
  estimated_desil: number | null;
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
  household_score: HouseholdScoreTable;
  household_criteria: HouseholdCriteriaTable;
}
