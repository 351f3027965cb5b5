import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../browser.ts';
import { createSeededApp, DEMO_PASSWORD, type SeededApp } from '../../test/helpers/seed.ts';
import { SYSTEM_ACTOR } from '../../src/server/features/audit/index.ts';
import { runPersonDedupe } from '../../src/server/features/linkage/index.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../docs/screenshots');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let s: SeededApp;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  s = await createSeededApp({ households: 400 });
  // A family accept threshold no copied card reaches, so that the family pairs wait for review.
  const run = await runPersonDedupe(s.handle.db, SYSTEM_ACTOR, {
    inline: true,
    familyAcceptThreshold: 0.999999,
  });
  if (run.status !== 'done') throw new Error(`dedupe failed: ${run.error ?? ''}`);
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  const address = s.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  baseUrl = `http://127.0.0.1:${address.port}`;
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

async function household(id: number) {
  const res = await sql<{ status: number; merged_into: number | null; kk_number: string | null }>`
    SELECT status, merged_into, kk_number FROM household WHERE id = ${id}`.execute(s.handle.db);
  const row = res.rows[0];
  if (!row) throw new Error(`no household ${id}`);
  return row;
}

describe('family duplicates in the browser', () => {
  it('operator: switches to Keluarga, accepts a family pair by keyboard, merges it, then undoes the merge', async () => {
    const pending = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM household_pair WHERE status = 'review'`.execute(s.handle.db);
    expect(pending.rows[0]?.n).toBeGreaterThanOrEqual(1);
    const page = await browser.newPage({ viewport: DESKTOP });
    page.setDefaultTimeout(60_000);
    await login(page, 'operator');
    await page.goto(`${baseUrl}/data-ganda`);
    await page.getByTestId('linkage-page').waitFor();
    // The segmented control animates its indicator: click without waiting for it to settle.
    await page.getByTestId('kind-families-label').click({ force: true });
    const card = page.getByTestId('family-pair');
    await card.waitFor();
    expect(page.url()).toContain('kind=families');
    const pairId = Number(await card.getAttribute('data-pair-id'));
    const ids = await sql<{ l: number; r: number }>`
      SELECT left_household_id AS l, right_household_id AS r FROM household_pair WHERE id = ${pairId}`.execute(
      s.handle.db,
    );
    const pair = ids.rows[0];
    if (!pair) throw new Error('pair not found');
    expect(await page.getByTestId('family-member-row').count()).toBeGreaterThanOrEqual(2);
    expect(
      await page.locator('[data-testid="family-member-row"][data-linked="true"]').count(),
    ).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('family-reasons').locator('tr').count()).toBe(8);
    await page.screenshot({ path: path.join(SHOTS, 'linkage-family-review-desktop.png'), fullPage: true });

    await page.locator('body').press('a');
    const form = page.getByTestId('family-merge-form');
    await form.waitFor();
    expect(await form.getByTestId('family-merge-member').count()).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: path.join(SHOTS, 'linkage-family-merge-desktop.png') });
    await page.getByTestId('family-merge-reason').press('Enter');
    await form.waitFor({ state: 'detached' });
    const merged = await household(pair.r);
    expect(merged.status).toBe(3);
    expect(merged.merged_into).toBe(pair.l);

    await page.goto(`${baseUrl}/data-ganda?kind=families&tab=merges`);
    const row = page.getByTestId('family-merge-row').first();
    await row.waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'linkage-family-merges-desktop.png'), fullPage: true });
    await row.getByTestId('family-merge-undo').click();
    await page.getByTestId('family-undo-reason').fill('Keliru, ternyata dua keluarga berbeda');
    await page.getByTestId('family-undo-submit').click();
    await expect
      .poll(async () => page.getByTestId('family-merge-row').first().getAttribute('data-undone'), {
        timeout: 20_000,
      })
      .toBe('true');
    const back = await household(pair.r);
    expect(back.status).toBe(1);
    expect(back.merged_into).toBeNull();
    await page.close();
  }, 180_000);

  it('verifier: reviews family pairs at phone width', async () => {
    const page = await browser.newPage({ viewport: PHONE });
    page.setDefaultTimeout(60_000);
    await login(page, 'verifikator');
    await page.goto(`${baseUrl}/data-ganda?kind=families`);
    await page.getByTestId('family-pair').waitFor();
    await expect
      .poll(async () => (await page.getByTestId('family-pair').boundingBox())?.width ?? 9999, {
        timeout: 20_000,
      })
      .toBeLessThanOrEqual(PHONE.width);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: path.join(SHOTS, 'linkage-family-review-phone.png'), fullPage: true });
    await page.close();
  }, 90_000);
});
