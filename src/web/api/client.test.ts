import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  createUser,
  getMe,
  householdsExportUrl,
  listHouseholds,
  login,
  onUnauthorized,
  resetCsrfToken,
  setApiLanguage,
  toQueryString,
  updateMyLanguage,
} from './client.ts';

interface Call {
  url: string;
  init: RequestInit;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

let calls: Call[] = [];
let answers: ((call: Call) => Response)[] = [];

beforeEach(() => {
  calls = [];
  answers = [];
  resetCsrfToken();
  setApiLanguage('id');
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    const call = { url, init };
    calls.push(call);
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected fetch ${url}`);
    return Promise.resolve(answer(call));
  });
});

afterEach(() => vi.unstubAllGlobals());

const header = (call: Call | undefined, name: string) => (call?.init.headers as Record<string, string>)[name];

describe('toQueryString', () => {
  it('keeps defined, non-empty values only', () => {
    expect(toQueryString({ q: 'budi santoso', page: 2, rw: '', rt: undefined, desil: null })).toBe(
      '?q=budi+santoso&page=2',
    );
    expect(toQueryString({})).toBe('');
  });
});

describe('api client', () => {
  it('sends Accept-Language and same-origin credentials', async () => {
    setApiLanguage('en');
    answers.push(() => json(200, { items: [], total: 0, page: 1, pageSize: 25 }));
    const page = await listHouseholds({ q: '6474', villageCode: '64.74.01.1003', page: 1, pageSize: 25 });
    expect(page.total).toBe(0);
    expect(calls[0]?.url).toBe('/api/households?q=6474&villageCode=64.74.01.1003&page=1&pageSize=25');
    expect(header(calls[0], 'Accept-Language')).toBe('en');
    expect(calls[0]?.init.credentials).toBe('same-origin');
    expect(header(calls[0], 'x-csrf-token')).toBeUndefined();
  });

  it('fetches a CSRF token once and sends it on writes', async () => {
    answers.push(() => json(200, { token: 'tok-1' }));
    answers.push(() => json(200, { user: { id: 1, language: 'en' } }));
    answers.push(() => json(200, { user: { id: 1, language: 'id' } }));
    await updateMyLanguage('en');
    await updateMyLanguage('id');
    expect(calls.map((c) => c.url)).toEqual(['/api/auth/csrf', '/api/auth/me', '/api/auth/me']);
    expect(header(calls[1], 'x-csrf-token')).toBe('tok-1');
    expect(header(calls[2], 'x-csrf-token')).toBe('tok-1');
    expect(calls[1]?.init.method).toBe('PATCH');
    expect(calls[1]?.init.body).toBe('{"language":"en"}');
  });

  it('retries a write once with a fresh token when the CSRF token is refused', async () => {
    answers.push(() => json(200, { token: 'old' }));
    answers.push(() =>
      json(403, { error: { code: 'FST_CSRF_INVALID_TOKEN', message: 'Invalid csrf token' } }),
    );
    answers.push(() => json(200, { token: 'new' }));
    answers.push(() => json(200, { user: { id: 5, username: 'ani' } }));
    const user = await createUser({
      username: 'ani',
      fullName: 'Ani',
      role: 'enumerator',
      scopeLevel: 'village',
      scopeCodes: ['64.74.01.1003'],
      password: 'rahasia-panjang',
    });
    expect(user.id).toBe(5);
    expect(header(calls[3], 'x-csrf-token')).toBe('new');
  });

  it('throws ApiError with the server code and message', async () => {
    answers.push(() => json(200, { token: 't' }));
    answers.push(() =>
      json(401, { error: { code: 'invalid_credentials', message: 'Nama pengguna atau kata sandi salah' } }),
    );
    const handler = vi.fn();
    const off = onUnauthorized(handler);
    const error = await login('x', 'y').catch((e: unknown) => e);
    off();
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('invalid_credentials');
    expect((error as ApiError).message).toBe('Nama pengguna atau kata sandi salah');
    expect((error as ApiError).status).toBe(401);
    // A wrong password is not an expired session.
    expect(handler).not.toHaveBeenCalled();
  });

  it('reports an expired session on a 401 from an ordinary call', async () => {
    answers.push(() => json(401, { error: { code: 'unauthenticated', message: 'Sesi berakhir' } }));
    const handler = vi.fn();
    const off = onUnauthorized(handler);
    await expect(listHouseholds({})).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    off();
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('returns null from getMe without a session', async () => {
    answers.push(() => json(401, { error: { code: 'unauthenticated', message: 'x' } }));
    const handler = vi.fn();
    const off = onUnauthorized(handler);
    expect(await getMe()).toBeNull();
    off();
    expect(handler).not.toHaveBeenCalled();
  });

  it('keeps the HTTP status when the error body is not JSON', async () => {
    answers.push(() => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    await expect(listHouseholds({})).rejects.toMatchObject({
      status: 502,
      code: 'http_502',
      message: 'Bad Gateway',
    });
  });

  it('turns a network failure into ApiError network_error', async () => {
    answers.push(() => {
      throw new TypeError('Failed to fetch');
    });
    await expect(listHouseholds({})).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('builds the CSV export URL with the filters and without paging', () => {
    expect(householdsExportUrl({ q: 'budi', desil: 1, page: 3, pageSize: 50, sort: 'kk' })).toBe(
      '/api/households/export.csv?q=budi&desil=1&sort=kk',
    );
  });
});
