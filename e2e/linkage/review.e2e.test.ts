import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../browser.ts';
import { createSeededApp, DEMO_PASSWORD, type SeededApp } from '../../test/helpers/seed.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../docs/screenshots');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
// Stricter than the preset's 0.9, so that the weaker true pairs of the small city wait for review.
const STRICT_ACCEPT = '0.99999';

let s: SeededApp;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  s = await createSeededApp({ households: 400 });
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

async function currentPairId(page: Page): Promise<number> {
  const pair = page.getByTestId('review-pair');
  await pair.waitFor();
  return Number(await pair.getAttribute('data-pair-id'));
}

async function personShownInRegistry(page: Page, personId: number, name: string): Promise<boolean> {
  await page.goto(`${baseUrl}/registri?tab=persons&pageSize=100&q=${encodeURIComponent(name)}`);
  await page.getByTestId('result-total').first().waitFor();
  await page.waitForLoadState('networkidle');
  return (await page.locator(`[data-person-id="${personId}"]`).count()) > 0;
}

async function personRow(id: number) {
  const res = await sql<{
    name: string;
    status: number;
    merged_into: number | null;
    birth_place: string | null;
  }>`
    SELECT name, status, merged_into, birth_place FROM person WHERE id = ${id}`.execute(s.handle.db);
  const row = res.rows[0];
  if (!row) throw new Error(`no person ${id}`);
  return row;
}

describe('duplicates review in the browser', () => {
  it('operator: runs a search, walks the queue by keyboard, accepts, merges, then undoes the merge', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    // The machine is shared: allow slow steps rather than fail on load.
    page.setDefaultTimeout(60_000);
    await login(page, 'operator');
    await page
      .getByRole('link', { name: /data ganda/i })
      .first()
      .click();
    await page.getByTestId('linkage-page').waitFor();

    // Start a run with a strict automatic-accept threshold and wait for it to finish.
    await page.getByTestId('run-start').click();
    await page.getByTestId('run-advanced').click();
    const accept = page.getByTestId('run-accept-threshold');
    await accept.fill(STRICT_ACCEPT);
    await page.getByTestId('run-confirm').click();
    await expect
      .poll(async () => page.getByTestId('run-latest').getAttribute('data-status'), { timeout: 90_000 })
      .toBe('done');
    const reviewCount = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM linkage_pair WHERE status = 'review'`.execute(s.handle.db);
    expect(reviewCount.rows[0]?.n).toBeGreaterThanOrEqual(3);
    await expect
      .poll(async () => Number(await page.getByTestId('queue-position').getAttribute('data-total')))
      .toBe(reviewCount.rows[0]?.n);

    // J and K move through the queue; S skips the current pair.
    const first = await currentPairId(page);
    await page.locator('body').press('j');
    await expect.poll(() => currentPairId(page), { timeout: 20_000 }).not.toBe(first);
    await page.locator('body').press('k');
    await expect.poll(() => currentPairId(page), { timeout: 20_000 }).toBe(first);
    // After a click on the Orang / Keluarga switch its radio keeps the focus: the shortcuts still work.
    await page.getByTestId('kind-persons-label').click({ force: true });
    await page.keyboard.press('j');
    await expect.poll(() => currentPairId(page), { timeout: 20_000 }).not.toBe(first);
    await page.keyboard.press('k');
    await expect.poll(() => currentPairId(page), { timeout: 20_000 }).toBe(first);
    expect(await page.getByTestId('decision-accept').getAttribute('aria-keyshortcuts')).toBe('A');
    await page.locator('body').press('s');
    await expect.poll(() => currentPairId(page), { timeout: 20_000 }).not.toBe(first);
    const skipped = await sql<{
      status: string;
    }>`SELECT status FROM linkage_pair WHERE id = ${first}`.execute(s.handle.db);
    expect(skipped.rows[0]?.status).toBe('skipped');

    // The pair to accept: the survivor is the left (smaller id) person, the right one is merged.
    const pairId = await currentPairId(page);
    const pair = await sql<{ l: number; r: number }>`
      SELECT left_person_id AS l, right_person_id AS r FROM linkage_pair WHERE id = ${pairId}`.execute(
      s.handle.db,
    );
    const ids = pair.rows[0];
    if (!ids) throw new Error('pair not found');
    const before = { left: await personRow(ids.l), right: await personRow(ids.r) };
    await page.screenshot({ path: path.join(SHOTS, 'linkage-review-desktop.png'), fullPage: true });

    await page.locator('body').press('a');
    const modal = page.getByTestId('merge-form');
    await modal.waitFor();
    const rightChoices = modal.locator('[data-testid^="merge-choice-"][data-testid$="-right"]');
    expect(await rightChoices.count()).toBeGreaterThan(0);
    const chosen = rightChoices.first();
    const chosenField = ((await chosen.getAttribute('data-testid')) ?? '').replace(
      /^merge-choice-|-right$/g,
      '',
    );
    await chosen.check();
    await page.screenshot({ path: path.join(SHOTS, 'linkage-merge-desktop.png') });
    await page.getByTestId('merge-reason').press('Enter');
    await modal.waitFor({ state: 'detached' });

    const merged = await personRow(ids.r);
    expect(merged.status).toBe(4);
    expect(merged.merged_into).toBe(ids.l);
    if (chosenField === 'name') expect((await personRow(ids.l)).name).toBe(before.right.name);
    if (chosenField === 'birthPlace')
      expect((await personRow(ids.l)).birth_place).toBe(before.right.birth_place);
    expect(await personShownInRegistry(page, ids.r, before.right.name)).toBe(false);

    // Undo from the merges list: the merged person comes back.
    await page.goto(`${baseUrl}/data-ganda?tab=merges`);
    const row = page.getByTestId('merge-row').first();
    await row.waitFor();
    await row.getByTestId('merge-undo').click();
    await page.getByTestId('undo-reason').fill('Keliru, ternyata dua orang berbeda');
    await page.getByTestId('undo-submit').click();
    await expect
      .poll(async () => page.getByTestId('merge-row').first().getAttribute('data-undone'))
      .toBe('true');
    const back = await personRow(ids.r);
    expect(back.status).toBe(1);
    expect(back.merged_into).toBeNull();
    expect((await personRow(ids.l)).name).toBe(before.left.name);
    expect(await personShownInRegistry(page, ids.r, before.right.name)).toBe(true);
    await page.close();
  }, 180_000);

  it('verifier: reviews at phone width, without the run button', async () => {
    const page = await browser.newPage({ viewport: PHONE });
    page.setDefaultTimeout(60_000);
    await login(page, 'verifikator');
    await page.goto(`${baseUrl}/data-ganda`);
    await page.getByTestId('review-pair').waitFor();
    await expect
      .poll(async () => (await page.getByTestId('review-pair').boundingBox())?.width ?? 9999)
      .toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: path.join(SHOTS, 'linkage-review-phone.png'), fullPage: true });
    // A verifier reviews but does not start runs.
    expect(await page.getByTestId('run-start').count()).toBe(0);
    await page.close();
  }, 90_000);
});
