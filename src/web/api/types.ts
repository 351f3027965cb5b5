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

export type Permission = 'registry.read' | 'registry.export' | 'users.manage' | 'rt.manage' | 'audit.read';

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
