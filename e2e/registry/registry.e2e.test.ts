import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { assertWebBuilt, launchBrowser } from '../browser.ts';
import { createSeededApp, DEMO_PASSWORD, type SeededApp } from '../../test/helpers/seed.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../docs/screenshots');
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };

let s: SeededApp;
let browser: Browser;
let baseUrl: string;
let counts: { all: number; lokTuan: number };
let sample: { id: number; name: string; kk: string };

beforeAll(async () => {
  assertWebBuilt();
  s = await createSeededApp({ households: 600 });
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  const address = s.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  baseUrl = `http://127.0.0.1:${address.port}`;
  const c = await sql<{ all: number; lok_tuan: number }>`
    SELECT count(*)::int AS all, count(*) FILTER (WHERE village_code = '64.74.01.1003')::int AS lok_tuan
    FROM household WHERE status = 1`.execute(s.handle.db);
  counts = { all: c.rows[0]?.all ?? 0, lokTuan: c.rows[0]?.lok_tuan ?? 0 };
  const h = await sql<{ id: number; name: string; kk: string }>`
    SELECT h.id, p.name, h.kk_number AS kk FROM household h JOIN person p ON p.household_id = h.id AND p.relationship = 1
    WHERE h.village_code = '64.74.01.1003' AND h.kk_number IS NOT NULL ORDER BY h.id LIMIT 1`.execute(
    s.handle.db,
  );
  const first = h.rows[0];
  if (!first) throw new Error('no Lok Tuan household');
  sample = first;
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await s?.close();
});

async function login(page: Page, username: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel(/nama pengguna/i).fill(username);
  await page.getByLabel(/kata sandi/i).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /masuk/i }).click();
  await page.getByTestId('search-input').waitFor();
}

async function totalShown(page: Page): Promise<number> {
  const el = page.getByTestId('result-total').first();
  await el.waitFor();
  return Number((await el.getAttribute('data-total')) ?? 'NaN');
}

describe('registry in the browser', () => {
  it('administrator: sees the whole city, finds a family by name and opens it', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    await login(page, 'admin');
    await expect.poll(() => totalShown(page), { timeout: 20_000 }).toBe(counts.all);
    await page.screenshot({ path: path.join(SHOTS, 'registry-desktop.png') });
    await page.getByTestId('search-input').fill(sample.kk);
    await expect.poll(() => totalShown(page), { timeout: 20_000 }).toBe(1);
    await page.getByTestId('households-table').getByText(sample.name).first().click();
    await expect
      .poll(async () => page.getByTestId('household-title').textContent(), { timeout: 20_000 })
      .toContain(sample.kk);
    await page.getByTestId('members-table').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'household-desktop.png'), fullPage: true });
    await page.close();
  });

  it('lurah: sees only the own kelurahan, in Bahasa Indonesia and in English, at phone width', async () => {
    const page = await browser.newPage({ viewport: PHONE });
    await login(page, 'lurah.loktuan');
    await expect.poll(() => totalShown(page), { timeout: 20_000 }).toBe(counts.lokTuan);
    await page.screenshot({ path: path.join(SHOTS, 'registry-phone.png') });
    await page.getByTestId('search-input').fill(sample.name);
    await expect.poll(() => totalShown(page), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByTestId('households-table').getByText(sample.name).first().click();
    await page.getByTestId('members-table').waitFor();
    // A lurah reads the registry but does not edit it.
    expect(await page.getByTestId('household-edit-open').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'household-phone.png'), fullPage: true });
    await page.close();
  });

  it('operator: edits a family with a reason; the change is saved, audited and shown', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    await login(page, 'operator');
    await page.goto(`${baseUrl}/keluarga/${sample.id}`);
    await page.getByTestId('household-edit-open').click();
    const form = page.getByTestId('household-edit-form');
    await form.waitFor();
    await page.getByTestId('household-edit-rt').fill('17');
    await form.locator('input[data-variable="floor_area_m2"]').fill('123');
    // No reason yet: refused in the form, nothing sent.
    await page.getByTestId('household-edit-save').click();
    await expect.poll(() => form.textContent()).toMatch(/minimal 5 karakter/);
    await page.getByTestId('household-edit-reason').fill('Hasil verifikasi lapangan');
    await page.screenshot({ path: path.join(SHOTS, 'household-edit-desktop.png') });
    await page.getByTestId('household-edit-save').click();
    await form.waitFor({ state: 'detached', timeout: 20_000 });
    await expect
      .poll(async () => (await page.textContent('body')) ?? '', { timeout: 20_000 })
      .toContain('017/');
    const audit = await sql<{ reason: string; after: Record<string, unknown> }>`
      SELECT reason, after FROM audit_log WHERE action = 'household.update' AND target_id = ${String(sample.id)}`.execute(
      s.handle.db,
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({
      reason: 'Hasil verifikasi lapangan',
      after: { rt: '017', variables: { floor_area_m2: 123 } },
    });

    // A member moved away: the NIK is checked in the form, the status saved with its reason.
    const row = page.locator('[data-testid="members-table"] tbody tr').last();
    const personId = Number(await row.getAttribute('data-person-id'));
    await row.getByTestId('person-edit-open').click();
    const personForm = page.getByTestId('person-edit-form');
    await personForm.waitFor();
    const nik = page.getByTestId('person-edit-nik');
    const nikBefore = await nik.inputValue();
    await nik.fill('123');
    await page.getByTestId('person-edit-status').click();
    await page.getByRole('option', { name: 'Pindah' }).click();
    await page.getByTestId('person-edit-reason').fill('Pindah ke Samarinda, surat pindah diperiksa');
    await page.getByTestId('person-edit-save').click();
    await expect.poll(() => personForm.textContent()).toMatch(/16 angka/);
    await nik.fill(nikBefore);
    await page.screenshot({ path: path.join(SHOTS, 'person-edit-desktop.png') });
    await page.getByTestId('person-edit-save').click();
    await personForm.waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(async () => (await row.textContent()) ?? '', { timeout: 20_000 }).toContain('Pindah');
    const personAudit = await sql<{ reason: string; after: Record<string, unknown> }>`
      SELECT reason, after FROM audit_log WHERE action = 'person.update' AND target_id = ${String(personId)}`.execute(
      s.handle.db,
    );
    expect(personAudit.rows).toEqual([
      { reason: 'Pindah ke Samarinda, surat pindah diperiksa', after: { status: 3 } },
    ]);
    await page.close();
  });

  it('lurah of another kelurahan: does not find that family', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    await login(page, 'lurah.tanjunglaut');
    await page.getByTestId('search-input').fill(sample.kk);
    await expect.poll(() => totalShown(page), { timeout: 20_000 }).toBe(0);
    const res = await page.goto(`${baseUrl}/keluarga/${sample.id}`);
    expect(res?.status()).toBe(200);
    await expect
      .poll(async () => (await page.textContent('body')) ?? '', { timeout: 20_000 })
      .toMatch(/tidak ditemukan/i);
    await page.close();
  });
});
