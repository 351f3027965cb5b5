/**
 * Typed HTTP client for the Tepat API (docs/dev/api-contract.md): one function per endpoint,
 * same-origin cookies, `Accept-Language` from the UI switch, CSRF token on writes, and every
 * failure thrown as an ApiError carrying the server's code and its message in the user's language.
 */
import type {
  AdminUser,
  AuditEntry,
  AuditQuery,
  Dictionary,
  Health,
  HouseholdDetail,
  HouseholdQuery,
  HouseholdSummary,
  Language,
  Me,
  NewUser,
  Page,
  PersonQuery,
  PersonSummary,
  Region,
  RtUnit,
  UserPatch,
  LinkagePair,
  LinkagePairPage,
  LinkagePairStatus,
  LinkageQuality,
  LinkageRun,
  MergeRequest,
  NikConflict,
  PersonMerge,
  CriteriaRuleSetDetail,
  CriteriaRuleSetSummary,
  HouseholdRanking,
  PmtModelDetail,
  PmtModelSummary,
  RankingAccuracy,
  RankingConflictItem,
  RankingConflictQuery,
  RankingSummary,
  RankingVersionCreated,
  RescoreResult,
} from './types.ts';

/** An error answered by the API (or a network failure, status 0), with a stable code and a user-facing message. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** True when an error is an ApiError with the given HTTP status. */
export function isApiStatus(error: unknown, status: number): boolean {
  return error instanceof ApiError && error.status === status;
}

let language: Language = 'id';
let unauthorizedHandler: (() => void) | null = null;
let csrfToken: Promise<string> | null = null;

/** Sets the language sent as `Accept-Language` on every request. */
export function setApiLanguage(lang: Language): void {
  language = lang;
}

/** Registers what happens when the session has expired (a 401 on any call but login and me); returns an unregister function. */
export function onUnauthorized(handler: () => void): () => void {
  unauthorizedHandler = handler;
  return () => {
    if (unauthorizedHandler === handler) unauthorizedHandler = null;
  };
}

/** Forgets the CSRF token so the next write fetches a new one (after login and logout, the session changes). */
export function resetCsrfToken(): void {
  csrfToken = null;
}

type QueryValue = string | number | boolean | null | undefined;

/** Builds `?a=1&b=x` from the defined, non-empty values, or '' when there are none. */
export function toQueryString(params: Record<string, QueryValue> | object): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params) as [string, QueryValue][]) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

interface RequestOptions {
  body?: unknown;
  /** Whether a 401 means "session expired" (false for login and the session probe). */
  sessionBound?: boolean;
}

async function fetchCsrfToken(): Promise<string> {
  const data = await send<{ token: string }>('GET', '/api/auth/csrf', { sessionBound: false });
  return data.token;
}

function csrf(): Promise<string> {
  if (!csrfToken) {
    csrfToken = fetchCsrfToken().catch((error: unknown) => {
      csrfToken = null;
      throw error;
    });
  }
  return csrfToken;
}

async function errorFromResponse(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = response.statusText || code;
  try {
    const data: unknown = await response.json();
    if (typeof data === 'object' && data !== null && 'error' in data) {
      const error = (data as { error: unknown }).error;
      if (typeof error === 'object' && error !== null) {
        const e = error as { code?: unknown; message?: unknown };
        if (typeof e.code === 'string') code = e.code;
        if (typeof e.message === 'string') message = e.message;
      }
    }
  } catch {
    // Not JSON (a proxy error page, for example): keep the HTTP status as the message.
  }
  return new ApiError(response.status, code, message);
}

async function send<T>(
  method: Method,
  path: string,
  options: RequestOptions = {},
  retried = false,
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = await csrf();

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch (error) {
    throw new ApiError(0, 'network_error', error instanceof Error ? error.message : String(error));
  }

  if (!response.ok) {
    const error = await errorFromResponse(response);
    // A token can go stale when the session cookie changes in another tab: fetch a new one once.
    if (method !== 'GET' && response.status === 403 && /csrf/i.test(error.code) && !retried) {
      resetCsrfToken();
      return send<T>(method, path, options, true);
    }
    if (response.status === 401 && options.sessionBound !== false) unauthorizedHandler?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** GET /api/health */
export function getHealth(): Promise<Health> {
  return send('GET', '/api/health', { sessionBound: false });
}

/** POST /api/auth/login: opens a session and returns the user. */
export async function login(username: string, password: string): Promise<Me> {
  const data = await send<{ user: Me }>('POST', '/api/auth/login', {
    body: { username, password },
    sessionBound: false,
  });
  resetCsrfToken();
  return data.user;
}

/** POST /api/auth/logout */
export async function logout(): Promise<void> {
  try {
    await send<{ ok: true }>('POST', '/api/auth/logout', { sessionBound: false });
  } finally {
    resetCsrfToken();
  }
}

/** GET /api/auth/me: the logged-in user, or null when there is no session. */
export async function getMe(): Promise<Me | null> {
  try {
    const data = await send<{ user: Me }>('GET', '/api/auth/me', { sessionBound: false });
    return data.user;
  } catch (error) {
    if (isApiStatus(error, 401)) return null;
    throw error;
  }
}

/** PATCH /api/auth/me: saves the user's interface language. */
export async function updateMyLanguage(lang: Language): Promise<Me> {
  const data = await send<{ user: Me }>('PATCH', '/api/auth/me', { body: { language: lang } });
  return data.user;
}

/** GET /api/regions: the regency, kecamatan and kelurahan within the user's scope. */
export async function getRegions(): Promise<Region[]> {
  const data = await send<{ items: Region[] }>('GET', '/api/regions');
  return data.items;
}

/** GET /api/dictionary */
export function getDictionary(): Promise<Dictionary> {
  return send('GET', '/api/dictionary');
}

/** GET /api/households: one page of households matching the filters. */
export function listHouseholds(query: HouseholdQuery): Promise<Page<HouseholdSummary>> {
  return send('GET', `/api/households${toQueryString(query)}`);
}

/** The URL of the CSV export of households with the same filters as the list (no paging). */
export function householdsExportUrl(query: HouseholdQuery): string {
  const { page: _page, pageSize: _pageSize, ...filters } = query;
  return `/api/households/export.csv${toQueryString(filters)}`;
}

/** GET /api/persons: one page of persons matching the filters. */
export function listPersons(query: PersonQuery): Promise<Page<PersonSummary>> {
  return send('GET', `/api/persons${toQueryString(query)}`);
}

/** GET /api/households/:id (audited by the server as a view). */
export function getHousehold(id: number | string): Promise<HouseholdDetail> {
  return send('GET', `/api/households/${encodeURIComponent(String(id))}`);
}

/** What an operator may change on a household; only the fields given are changed. */
export interface HouseholdChanges {
  address?: string;
  rt?: string;
  rw?: string;
  variables?: Record<string, number | boolean | null>;
}

/** PATCH /api/households/:id: changes a household with a reason, at the version the user saw. */
export function updateHousehold(
  id: number,
  body: { version: number; reason: string; changes: HouseholdChanges },
): Promise<{ changed: boolean; version: number }> {
  return send('PATCH', `/api/households/${id}`, { body });
}

/** What may be changed on a person; only the fields given are changed (status: 1 active, 2 deceased, 3 moved). */
export interface PersonChanges {
  name?: string;
  nik?: string | null;
  sex?: number | null;
  birthDate?: string | null;
  birthPlace?: string | null;
  relationship?: number | null;
  marital?: number | null;
  schooling?: number | null;
  education?: number | null;
  work?: number | null;
  disability?: number | null;
  chronicIllness?: number | null;
  healthInsurance?: number | null;
  status?: number;
}

/** PATCH /api/persons/:id: changes a person with a reason, at the version the user saw. */
export function updatePerson(
  id: number,
  body: { version: number; reason: string; changes: PersonChanges },
): Promise<{ changed: boolean; version: number }> {
  return send('PATCH', `/api/persons/${id}`, { body });
}

/** GET /api/households/:id/history: the household's change log. */
export async function getHouseholdHistory(id: number | string): Promise<AuditEntry[]> {
  const data = await send<{ items: AuditEntry[] }>(
    'GET',
    `/api/households/${encodeURIComponent(String(id))}/history`,
  );
  return data.items;
}

/** GET /api/admin/users */
export async function listUsers(): Promise<AdminUser[]> {
  const data = await send<{ items: AdminUser[] }>('GET', '/api/admin/users');
  return data.items;
}

/** POST /api/admin/users */
export async function createUser(user: NewUser): Promise<AdminUser> {
  const data = await send<{ user: AdminUser }>('POST', '/api/admin/users', { body: user });
  return data.user;
}

/** PATCH /api/admin/users/:id */
export async function updateUser(id: number, patch: UserPatch): Promise<AdminUser> {
  const data = await send<{ user: AdminUser }>('PATCH', `/api/admin/users/${id}`, { body: patch });
  return data.user;
}

/** POST /api/admin/users/:id/password: sets a new password for another user. */
export async function resetUserPassword(id: number, password: string): Promise<void> {
  await send<{ ok: true }>('POST', `/api/admin/users/${id}/password`, { body: { password } });
}

/** GET /api/rt-units, optionally for one kelurahan. */
export async function listRtUnits(villageCode?: string): Promise<RtUnit[]> {
  const data = await send<{ items: RtUnit[] }>('GET', `/api/rt-units${toQueryString({ villageCode })}`);
  return data.items;
}

/** POST /api/rt-units */
export async function createRtUnit(unit: { villageCode: string; rw: string; rt: string }): Promise<RtUnit> {
  const data = await send<{ item: RtUnit }>('POST', '/api/rt-units', { body: unit });
  return data.item;
}

/** PATCH /api/rt-units/:id: activates or deactivates an RT. */
export async function setRtUnitActive(id: number, active: boolean): Promise<RtUnit> {
  const data = await send<{ item: RtUnit }>('PATCH', `/api/rt-units/${id}`, { body: { active } });
  return data.item;
}

/** GET /api/audit: one page of the audit log. */
export function listAudit(query: AuditQuery): Promise<Page<AuditEntry>> {
  return send('GET', `/api/audit${toQueryString(query)}`);
}

/** GET /api/linkage/runs: the latest deduplication runs. */
export async function listLinkageRuns(): Promise<LinkageRun[]> {
  const data = await send<{ items: LinkageRun[] }>('GET', '/api/linkage/runs');
  return data.items;
}

/** GET /api/linkage/runs/:id: a run with its progress while it runs. */
export function getLinkageRun(id: number): Promise<LinkageRun> {
  return send('GET', `/api/linkage/runs/${id}`);
}

/** POST /api/linkage/runs: starts a person deduplication over the user's scope. */
export function startLinkageRun(
  body: { acceptThreshold?: number; reviewThreshold?: number; householdIds?: number[] } = {},
): Promise<LinkageRun> {
  return send('POST', '/api/linkage/runs', { body });
}

/** GET /api/linkage/pairs: candidate pairs with the given statuses, most likely first. */
export function listLinkagePairs(query: {
  status: readonly LinkagePairStatus[];
  villageCode?: string;
  page?: number;
  pageSize?: number;
}): Promise<LinkagePairPage> {
  const { status, ...rest } = query;
  return send('GET', `/api/linkage/pairs${toQueryString({ ...rest, status: status.join(',') })}`);
}

/** POST /api/linkage/pairs/:id/decision: accept, reject or skip a pair. */
export function decideLinkagePair(
  id: number,
  decision: 'accept' | 'reject' | 'skip',
  reason?: string,
): Promise<LinkagePair> {
  return send('POST', `/api/linkage/pairs/${id}/decision`, { body: { decision, reason } });
}

/** POST /api/linkage/merges: merges two person records. */
export function mergePersons(body: MergeRequest): Promise<PersonMerge> {
  return send('POST', '/api/linkage/merges', { body });
}

/** GET /api/linkage/merges: merges, newest first. */
export function listPersonMerges(
  query: { page?: number; pageSize?: number } = {},
): Promise<Page<PersonMerge>> {
  return send('GET', `/api/linkage/merges${toQueryString(query)}`);
}

/** POST /api/linkage/merges/:id/undo: restores both records from before the merge. */
export function undoPersonMerge(id: number, reason: string): Promise<PersonMerge> {
  return send('POST', `/api/linkage/merges/${id}/undo`, { body: { reason } });
}

/** GET /api/linkage/conflicts: NIKs held in more than one active family card. */
export function listNikConflicts(
  query: { villageCode?: string; page?: number; pageSize?: number } = {},
): Promise<Page<NikConflict>> {
  return send('GET', `/api/linkage/conflicts${toQueryString(query)}`);
}

/** GET /api/linkage/quality: precision/recall of the decisions against the demo ground truth. */
export function getLinkageQuality(): Promise<LinkageQuality> {
  return send('GET', '/api/linkage/quality');
}

// Ranking (src/server/features/scoring/scoring.routes.ts).

/** GET /api/households/:id/ranking: official desil, local estimate with its explanation, criteria and conflicts. */
export function getHouseholdRanking(id: number | string): Promise<HouseholdRanking> {
  return send('GET', `/api/households/${encodeURIComponent(String(id))}/ranking`);
}

/** GET /api/ranking/conflicts: one page of households whose desil and field facts disagree. */
export function listRankingConflicts(query: RankingConflictQuery): Promise<Page<RankingConflictItem>> {
  return send('GET', `/api/ranking/conflicts${toQueryString(query)}`);
}

/** The URL of the XLSX export of conflicts with the same filters as the list (no paging). */
export function rankingConflictsExportUrl(query: RankingConflictQuery): string {
  const { page: _page, pageSize: _pageSize, ...filters } = query;
  return `/api/ranking/conflicts.xlsx${toQueryString(filters)}`;
}

/** GET /api/ranking/summary: official × estimated desil, conflicts and criteria categories within the scope. */
export function getRankingSummary(): Promise<RankingSummary> {
  return send('GET', '/api/ranking/summary');
}

/** GET /api/ranking/accuracy: the active (or given) model against the demo's known expenditure. */
export function getRankingAccuracy(
  query: { modelId?: number; quota?: number } = {},
): Promise<RankingAccuracy> {
  return send('GET', `/api/ranking/accuracy${toQueryString(query)}`);
}

/** GET /api/ranking/models: every PMT model version, the active one first. */
export async function listPmtModels(): Promise<PmtModelSummary[]> {
  const data = await send<{ items: PmtModelSummary[] }>('GET', '/api/ranking/models');
  return data.items;
}

/** GET /api/ranking/models/:id: one model version with its file. */
export function getPmtModel(id: number): Promise<PmtModelDetail> {
  return send('GET', `/api/ranking/models/${id}`);
}

/** POST /api/ranking/models: stores a new model version (validated by the server), optionally activating it. */
export function createPmtModel(body: {
  body: unknown;
  note?: string;
  activate?: boolean;
}): Promise<RankingVersionCreated> {
  return send('POST', '/api/ranking/models', { body });
}

/** POST /api/ranking/models/:id/activate: makes a version active and rescores every household. */
export function activatePmtModel(id: number, reason?: string): Promise<RankingVersionCreated> {
  return send('POST', `/api/ranking/models/${id}/activate`, { body: reason ? { reason } : {} });
}

/** GET /api/ranking/criteria: every criteria rule-set version, the active one first. */
export async function listCriteriaRuleSets(): Promise<CriteriaRuleSetSummary[]> {
  const data = await send<{ items: CriteriaRuleSetSummary[] }>('GET', '/api/ranking/criteria');
  return data.items;
}

/** GET /api/ranking/criteria/:id: one rule-set version with its file. */
export function getCriteriaRuleSet(id: number): Promise<CriteriaRuleSetDetail> {
  return send('GET', `/api/ranking/criteria/${id}`);
}

/** POST /api/ranking/criteria: stores a new rule-set version (validated by the server), optionally activating it. */
export function createCriteriaRuleSet(body: {
  body: unknown;
  note?: string;
  activate?: boolean;
}): Promise<RankingVersionCreated> {
  return send('POST', '/api/ranking/criteria', { body });
}

/** POST /api/ranking/criteria/:id/activate: makes a rule set active and re-evaluates every household. */
export function activateCriteriaRuleSet(id: number, reason?: string): Promise<RankingVersionCreated> {
  return send('POST', `/api/ranking/criteria/${id}/activate`, { body: reason ? { reason } : {} });
}

/** POST /api/ranking/rescore: rescores every household with the active model and rule set. */
export function rescoreAll(): Promise<RescoreResult> {
  return send('POST', '/api/ranking/rescore');
}

// ---------------------------------------------------------------------------------------------
// Import (src/server/features/imports/imports.routes.ts)

import type {
  ImportBatchDetail,
  ImportBatchListItem,
  ImportDiffKind,
  ImportDiffPage,
  ImportField,
  ImportJob,
  ImportLayout,
  ImportMapping,
  ImportPreset,
  ImportSource,
  ImportStarted,
} from './types.ts';

/** What the upload form sends with the file. */
export interface ImportUpload {
  file: File;
  source: ImportSource;
  releaseDate?: string;
  releaseLabel?: string;
  sheet?: string;
  /** A preset name or a mapping as JSON text. */
  mapping?: string;
}

function apiErrorFromText(status: number, statusText: string, text: string): ApiError {
  let code = `http_${status}`;
  let message = statusText || code;
  try {
    const data: unknown = JSON.parse(text);
    if (typeof data === 'object' && data !== null && 'error' in data) {
      const e = (data as { error: { code?: unknown; message?: unknown } | null }).error;
      if (e && typeof e.code === 'string') code = e.code;
      if (e && typeof e.message === 'string') message = e.message;
    }
  } catch {
    // Not JSON: keep the HTTP status as the message.
  }
  return new ApiError(status, code, message);
}

/**
 * POST /api/imports as multipart/form-data. XMLHttpRequest rather than fetch, because only it
 * reports upload progress (a 30 MB extract over a kelurahan connection takes a while).
 */
export async function uploadImport(
  input: ImportUpload,
  onProgress?: (fraction: number) => void,
  retried = false,
): Promise<ImportStarted> {
  const token = await csrf();
  const form = new FormData();
  form.set('source', input.source);
  if (input.releaseDate) form.set('releaseDate', input.releaseDate);
  if (input.releaseLabel) form.set('releaseLabel', input.releaseLabel);
  if (input.sheet) form.set('sheet', input.sheet);
  if (input.mapping) form.set('mapping', input.mapping);
  // The file goes last: the server reads the text fields before it streams the file to disk.
  form.set('file', input.file, input.file.name);
  try {
    return await new Promise<ImportStarted>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/imports');
      xhr.withCredentials = true;
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.setRequestHeader('Accept-Language', language);
      xhr.setRequestHeader('x-csrf-token', token);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
      };
      xhr.onerror = () => reject(new ApiError(0, 'network_error', 'Network error'));
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) {
          try {
            resolve(JSON.parse(xhr.responseText) as ImportStarted);
          } catch {
            reject(new ApiError(xhr.status, 'bad_response', xhr.statusText));
          }
          return;
        }
        reject(apiErrorFromText(xhr.status, xhr.statusText, xhr.responseText));
      };
      xhr.send(form);
    });
  } catch (error) {
    if (error instanceof ApiError && error.status === 403 && /csrf/i.test(error.code) && !retried) {
      resetCsrfToken();
      return uploadImport(input, onProgress, true);
    }
    if (error instanceof ApiError && error.status === 401) unauthorizedHandler?.();
    throw error;
  }
}

/** GET /api/imports: past import batches, newest first. */
export function listImports(
  query: { page?: number; pageSize?: number } = {},
): Promise<Page<ImportBatchListItem>> {
  return send('GET', `/api/imports${toQueryString(query)}`);
}

/** GET /api/imports/:id: a batch with its mapping, preview, summary and latest job. */
export function getImport(id: number): Promise<ImportBatchDetail> {
  return send('GET', `/api/imports/${id}`);
}

/** GET /api/imports/jobs/:jobId: progress of a background staging or commit. */
export function getImportJob(jobId: string): Promise<ImportJob> {
  return send('GET', `/api/imports/jobs/${encodeURIComponent(jobId)}`);
}

/** GET /api/imports/fields: the fields a mapping can fill for a source and layout. */
export async function getImportFields(source: ImportSource, layout: ImportLayout): Promise<ImportField[]> {
  const data = await send<{ items: ImportField[] }>(
    'GET',
    `/api/imports/fields${toQueryString({ source, layout })}`,
  );
  return data.items;
}

/** GET /api/imports/presets: saved column mappings, optionally of one source. */
export async function listImportPresets(source?: ImportSource): Promise<ImportPreset[]> {
  const data = await send<{ items: ImportPreset[] }>(
    'GET',
    `/api/imports/presets${toQueryString({ source })}`,
  );
  return data.items;
}

/** POST /api/imports/presets: saves (or replaces) a named column mapping. */
export async function saveImportPreset(name: string, mapping: ImportMapping): Promise<ImportPreset> {
  const data = await send<{ item: ImportPreset }>('POST', '/api/imports/presets', {
    body: { name, mapping },
  });
  return data.item;
}

/** PUT /api/imports/:id/mapping: applies a corrected mapping and validates the file again. */
export function setImportMapping(
  id: number,
  mapping: ImportMapping,
  sheet?: string | null,
): Promise<ImportStarted> {
  return send('PUT', `/api/imports/${id}/mapping`, {
    body: sheet === undefined ? { mapping } : { mapping, sheet },
  });
}

/** POST /api/imports/:id/commit: writes the staged rows into the registry in the background. */
export function commitImport(id: number): Promise<ImportStarted> {
  return send('POST', `/api/imports/${id}/commit`);
}

/** POST /api/imports/:id/discard: drops a batch that was not committed. */
export async function discardImport(id: number): Promise<void> {
  await send<{ ok: true }>('POST', `/api/imports/${id}/discard`);
}

/** GET /api/imports/:id/diff: one page of the differences against the previous release. */
export function getImportDiff(
  id: number,
  query: { kind?: ImportDiffKind; page?: number; pageSize?: number } = {},
): Promise<ImportDiffPage> {
  return send('GET', `/api/imports/${id}/diff${toQueryString(query)}`);
}

/** The download address of a batch's rejection report. */
export function importRejectionsUrl(id: number, format: 'xlsx' | 'csv'): string {
  return `/api/imports/${id}/rejections.${format}`;
}

/** The download address of a batch's diff as XLSX. */
export function importDiffXlsxUrl(id: number): string {
  return `/api/imports/${id}/diff.xlsx`;
}
