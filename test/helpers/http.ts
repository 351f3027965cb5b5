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

  /**
   * A multipart/form-data POST (file upload) with the session cookie and the CSRF token: text
   * fields plus one file, as a browser form sends them.
   */
  async upload(
    url: string,
    fields: Record<string, string>,
    file: { field?: string; name: string; content: Buffer; type?: string },
  ): Promise<LightMyRequestResponse> {
    if (!this.csrf) {
      const res = await this.get('/api/auth/csrf');
      this.csrf = (res.json() as { token: string }).token;
    }
    const boundary = `----tepat${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    for (const [name, value] of Object.entries(fields)) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
          'utf8',
        ),
      );
    }
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\n` +
          `Content-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
        'utf8',
      ),
      file.content,
      Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
    );
    const headers: Record<string, string> = {
      ...this.headers,
      cookie: this.cookieHeader(),
      'content-type': `multipart/form-data; boundary=${boundary}`,
    };
    if (this.csrf) headers['x-csrf-token'] = this.csrf;
    const res = await this.app.inject({ method: 'POST', url, headers, payload: Buffer.concat(parts) });
    this.remember(res);
    return res;
  }

  /** Logs in and returns the response. */
  login(username: string, password: string): Promise<LightMyRequestResponse> {
    return this.send('POST', '/api/auth/login', { username, password });
  }
}
