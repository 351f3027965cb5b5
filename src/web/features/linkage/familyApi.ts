/**
 * Types and calls of the family (household) deduplication API (docs/dev/api-contract.md, "Linkage"):
 * household pairs, decisions, merges of family cards and their undo. Same conventions as api/client.ts
 * (same-origin cookies, Accept-Language, CSRF token on writes, failures as ApiError).
 */
import { ApiError, toQueryString } from '../../api/client.ts';
import type { LinkageAgreement, LinkagePairStatus, MergeTrail } from '../../api/types.ts';
import i18n from '../../i18n/index.ts';

/** One family card of a household pair. */
export interface FamilySide {
  id: number;
  kkNumber: string | null;
  address: string;
  rw: string;
  rt: string;
  villageCode: string;
  villageName: string;
  districtCode: string;
  dtsenId: string | null;
  lat: number | null;
  lng: number | null;
  status: number;
  version: number;
  mergedInto: number | null;
  officialDesil: number | null;
  headName: string | null;
  memberCount: number;
}

/** A member as shown in the family comparison. */
export interface FamilyMember {
  id: number;
  nik: string | null;
  name: string;
  sex: number | null;
  birthDate: string | null;
  relationship: number | null;
}

/** A row of the aligned members: two linked members side by side, or a member linked to nobody. */
export interface FamilyMemberRow {
  left: FamilyMember | null;
  right: FamilyMember | null;
  probability: number | null;
  personPairId: number | null;
  personPairStatus: string | null;
  agreement: {
    nik: LinkageAgreement;
    name: LinkageAgreement;
    birthDate: LinkageAgreement;
    sex: LinkageAgreement;
  } | null;
}

export type FamilyReasonKey =
  'members' | 'size' | 'singleLink' | 'head' | 'kk' | 'address' | 'rt' | 'village';

/** A candidate pair of family cards with the reasons of its score. */
export interface HouseholdPair {
  id: number;
  runId: number;
  status: LinkagePairStatus;
  score: number;
  probability: number;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  reasons: { key: FamilyReasonKey; contribution: number; value: string | number | boolean | null }[];
  linkedMembers: number;
  left: FamilySide;
  right: FamilySide;
  members: FamilyMemberRow[];
}

export interface HouseholdPairPage {
  items: HouseholdPair[];
  total: number;
  page: number;
  pageSize: number;
  counts: Partial<Record<LinkagePairStatus, number>>;
}

export type FamilyMergeFieldName =
  'kkNumber' | 'address' | 'rtRw' | 'village' | 'gps' | 'dtsenId' | 'variables';

export interface HouseholdRef {
  id: number;
  kkNumber: string | null;
  headName: string | null;
  villageName: string;
}

export interface HouseholdMerge extends MergeTrail {
  id: number;
  pairId: number | null;
  survivor: HouseholdRef;
  merged: HouseholdRef;
  fieldChoices: Partial<Record<FamilyMergeFieldName, 'left' | 'right'>>;
  personMergeIds: number[];
  movedPersonIds: number[];
}

export interface HouseholdMergeRequest {
  survivorId: number;
  mergedId: number;
  pairId?: number;
  fieldChoices: Partial<Record<FamilyMergeFieldName, 'left' | 'right'>>;
  memberMerges?: { keep: number; merge: number }[];
  reason: string;
}

let csrfToken: string | null = null;

async function errorOf(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = response.statusText || code;
  try {
    const data = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof data.error?.code === 'string') code = data.error.code;
    if (typeof data.error?.message === 'string') message = data.error.message;
  } catch {
    // Not JSON: keep the HTTP status as the message.
  }
  return new ApiError(response.status, code, message);
}

async function send<T>(method: 'GET' | 'POST', path: string, body?: unknown, retried = false): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': i18n.language === 'en' ? 'en' : 'id',
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    csrfToken ??= (await send<{ token: string }>('GET', '/api/auth/csrf')).token;
    headers['x-csrf-token'] = csrfToken;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, 'network_error', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) {
    const error = await errorOf(response);
    // The session (and with it the token) may have changed since the token was fetched: retry once.
    if (method !== 'GET' && response.status === 403 && /csrf/i.test(error.code) && !retried) {
      csrfToken = null;
      return send<T>(method, path, body, true);
    }
    throw error;
  }
  return (await response.json()) as T;
}

/** GET /api/linkage/household-pairs: household pairs with the given statuses, strongest first. */
export function listHouseholdPairs(query: {
  status: readonly LinkagePairStatus[];
  villageCode?: string | undefined;
  page?: number;
  pageSize?: number;
}): Promise<HouseholdPairPage> {
  const { status, ...rest } = query;
  return send('GET', `/api/linkage/household-pairs${toQueryString({ ...rest, status: status.join(',') })}`);
}

/** POST /api/linkage/household-pairs/:id/decision: accept, reject or skip a household pair. */
export function decideHouseholdPair(
  id: number,
  decision: 'accept' | 'reject' | 'skip',
  reason?: string,
): Promise<HouseholdPair> {
  return send('POST', `/api/linkage/household-pairs/${id}/decision`, { decision, reason });
}

/** POST /api/linkage/household-merges: merges two family cards. */
export function mergeHouseholds(body: HouseholdMergeRequest): Promise<HouseholdMerge> {
  return send('POST', '/api/linkage/household-merges', body);
}

/** GET /api/linkage/household-merges: family merges, newest first. */
export function listHouseholdMerges(query: {
  page?: number;
  pageSize?: number;
}): Promise<{ items: HouseholdMerge[]; total: number; page: number; pageSize: number }> {
  return send('GET', `/api/linkage/household-merges${toQueryString(query)}`);
}

/** POST /api/linkage/household-merges/:id/undo: restores both family cards and their members. */
export function undoHouseholdMerge(id: number, reason: string): Promise<HouseholdMerge> {
  return send('POST', `/api/linkage/household-merges/${id}/undo`, { reason });
}

/** Family-level pairwise scores against the demo truth, as `families` of GET /api/linkage/quality. */
export interface FamilyScores {
  precision: number;
  recall: number;
  f1: number;
  truePositives: number;
  predictedPairs: number;
  truePairs: number;
}
export interface FamilyQuality {
  households: number;
  pendingReview: number;
  decisions: FamilyScores;
  ifReviewAccepted: FamilyScores;
}

/** The family block of a quality answer (api/types.ts predates it), or null. */
export function familyQualityOf(quality: object): FamilyQuality | null {
  const value = (quality as { families?: unknown }).families;
  return typeof value === 'object' && value !== null ? (value as FamilyQuality) : null;
}
