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
