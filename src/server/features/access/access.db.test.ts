import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildApp } from '../../app.ts';
import { createSeededApp, DEMO_PASSWORD, type SeededApp } from '../../../../test/helpers/seed.ts';
import { TestClient } from '../../../../test/helpers/http.ts';

let s: SeededApp;
beforeAll(async () => {
  s = await createSeededApp();
});
afterAll(async () => {
  await s?.close();
});

describe('login and sessions', () => {
  it('rejects a wrong password with a message in the user language', async () => {
    const c = new TestClient(s.app);
    const res = await c.login('admin', 'wrong-password');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({
      error: { code: 'invalid_credentials', message: 'Nama pengguna atau kata sandi salah.' },
    });
    const english = new TestClient(s.app, { 'accept-language': 'en-US,en;q=0.9' });
    const en = await english.login('admin', 'nope-nope');
    expect(en.statusCode).toBe(401);
    expect((en.json() as { error: { message: string } }).error.message).toBe('Wrong username or password.');
  });

  it('refuses writes without a CSRF token', async () => {
    const c = new TestClient(s.app);
    const res = await c.send(
      'POST',
      '/api/auth/login',
      { username: 'admin', password: DEMO_PASSWORD },
      { csrf: false },
    );
    expect(res.statusCode).toBe(403);
    expect((res.json() as { error: { code: string } }).error.code).toBe('csrf_invalid');
  });

  it('sets an HTTP-only session cookie, answers /me, and logs out', async () => {
    const c = new TestClient(s.app);
    const res = await c.login('lurah.loktuan', DEMO_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((k) => k.name === 'tepat_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    expect(cookie?.expires).toBeInstanceOf(Date);
    const me = (await c.get('/api/auth/me')).json() as {
      user: { role: string; scopeLabel: string; permissions: string[] };
    };
    expect(me.user.role).toBe('lurah');
    expect(me.user.scopeLabel).toBe('Lok Tuan');
    expect(me.user.permissions).toContain('registry.read');
    expect(me.user.permissions).not.toContain('users.manage');
    expect((await c.send('POST', '/api/auth/logout')).statusCode).toBe(200);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('sends security headers', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.json()).toMatchObject({ status: 'ok', households: expect.any(Number) });
  });

  it('limits login attempts', async () => {
    const app = await buildApp({ config: { ...s.config, loginMaxAttempts: 3 }, database: s.handle });
    try {
      const c = new TestClient(app);
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await c.login('operator', 'bad-password')).statusCode);
      expect(codes).toEqual([401, 401, 401, 429, 429]);
      const body = (await c.login('operator', DEMO_PASSWORD)).json() as { error: { code: string } };
      expect(body.error.code).toBe('too_many_attempts');
    } finally {
      await app.close();
    }
  });
});

describe('account administration', () => {
  it('lets an administrator create an account and refuses everyone else', async () => {
    const admin = await s.as('admin');
    const created = await admin.send('POST', '/api/admin/users', {
      username: 'lurah.guntung',
      fullName: 'Lurah Guntung',
      role: 'lurah',
      scopeLevel: 'village',
      scopeCodes: ['64.74.01.1004'],
      password: 'rahasia-guntung',
    });
    expect(created.statusCode).toBe(200);
    const lurah = await s.as('lurah.loktuan');
    const refused = await lurah.send('POST', '/api/admin/users', {
      username: 'x.y',
      fullName: 'X',
      role: 'admin',
      scopeLevel: 'city',
      scopeCodes: [],
      password: 'whatever-123',
    });
    expect(refused.statusCode).toBe(403);
    const c = new TestClient(s.app);
    expect((await c.login('lurah.guntung', 'rahasia-guntung')).statusCode).toBe(200);
    const log = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'user.create'`.execute(s.handle.db);
    expect(log.rows[0]?.n).toBe(1);
  });

  it('rejects an unknown region in a scope', async () => {
    const admin = await s.as('admin');
    const res = await admin.send('POST', '/api/admin/users', {
      username: 'lurah.nowhere',
      fullName: 'Nowhere',
      role: 'lurah',
      scopeLevel: 'village',
      scopeCodes: ['64.71.01.1001'],
      password: 'rahasia-nowhere',
    });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: { message: string } }).error.message).toContain('64.71.01.1001');
  });

  it('keeps the audit log append-only', async () => {
    await expect(sql`UPDATE audit_log SET actor_name = 'x'`.execute(s.handle.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_log`.execute(s.handle.db)).rejects.toThrow(/append-only/);
  });
});
