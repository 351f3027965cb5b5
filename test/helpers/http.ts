import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** A logged-in API client over fastify.inject, carrying cookies and the CSRF token like the browser does. */
export class TestClient {
  private cookies = new Map<string, string>();
  private csrf: string | undefined;

  constructor(
    private readonly app: FastifyInstance,
    private readonly headers: Record<string, string> = {},
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: LightMyRequestResponse): void {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  /** GET with the session cookie. */
  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: 'GET',
      url,
      headers: { ...this.headers, cookie: this.cookieHeader(), ...headers },
    });
    this.remember(res);
    return res;
  }

  /** A write with the session cookie and the CSRF token (fetched once). */
  async send(
    method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    opts: { csrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    if (opts.csrf !== false && !this.csrf) {
      const res = await this.get('/api/auth/csrf');
      this.csrf = (res.json() as { token: string }).token;
    }
    const headers: Record<string, string> = { ...this.headers, cookie: this.cookieHeader() };
    if (opts.csrf !== false && this.csrf) headers['x-csrf-token'] = this.csrf;
    const res = await this.app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    this.remember(res);
    return res;
  }

  /** Logs in and returns the response. */
  login(username: string, password: string): Promise<LightMyRequestResponse> {
    return this.send('POST', '/api/auth/login', { username, password });
  }
}
