import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../browser.ts';
import { createSeededApp, DEMO_PASSWORD, type SeededApp } from '../../test/helpers/seed.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../docs/screenshots');
const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/imports');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
// Family B of the title-rows fixture (test/fixtures/imports/make-fixtures.ts).
const IMPORTED_KK = '6474031503200022';
const IMPORTED_HEAD = 'YOHANES';

let s: SeededApp;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  s = await createSeededApp({ households: 60 });
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

async function batchStatus(page: Page): Promise<string | null> {
  return page.getByTestId('import-batch-page').getAttribute('data-status');
}

async function uploadFixture(page: Page, file: string, releaseDate: string): Promise<void> {
  await page
    .getByRole('link', { name: /impor data/i })
    .first()
    .click();
  await page.getByTestId('imports-page').waitFor();
  await page.getByTestId('import-new').click();
  await page.getByTestId('import-new-page').waitFor();
  await page.getByTestId('import-release-date').fill(releaseDate);
  await page.locator('input[type="file"]').setInputFiles(path.join(FIXTURES, file));
  await page.getByTestId('import-submit').click();
  await page.getByTestId('import-batch-page').waitFor();
}

describe('import in the browser', () => {
  it('operator: uploads an XLSX with title rows, corrects the mapping, reviews the summary and commits', async () => {
    const before = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM household WHERE kk_number = ${IMPORTED_KK}`.execute(s.handle.db);
    expect(before.rows[0]?.n).toBe(0);

    const page = await browser.newPage({ viewport: DESKTOP });
    await login(page, 'operator');
    await uploadFixture(page, 'kemensos-title-rows.xlsx', '2025-08-01');

    // Validation runs in the background; the page polls the job and lands on the staged batch.
    await expect.poll(() => batchStatus(page), { timeout: 60_000 }).toBe('staged');
    const mapping = page.getByTestId('mapping-panel');
    await mapping.waitFor();
    expect(await page.getByTestId('mapping-header-row').inputValue()).toBe('3');
    const row = (header: string) => mapping.locator(`[data-testid="mapping-row"][data-header="${header}"]`);
    expect(await row('NO KK').getAttribute('data-field')).toBe('kk_number');
    expect(await row('KELURAHAN').getAttribute('data-field')).toBe('village');
    expect(await row('UMUR').getAttribute('data-field')).toBe('');
    expect(await row('NIK').getByTestId('mapping-confidence').getAttribute('data-origin')).toBe('synonym');
    expect(await page.getByTestId('preview-row').count()).toBe(5);
    expect(await page.locator('[data-testid="preview-row"][data-rejected="true"]').count()).toBe(1);
    // Below the fixed header (56 px).
    await mapping.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 72));
    await page.screenshot({ path: path.join(SHOTS, 'import-mapping-desktop.png') });

    // Un-map the village column: the required field is flagged and "Apply" waits for a fix.
    await row('KELURAHAN').getByTestId('mapping-field-select').click();
    await page.getByRole('option', { name: 'Tidak dipakai' }).click();
    await page.getByTestId('mapping-missing').waitFor();
    expect(await page.getByTestId('mapping-missing-field').first().textContent()).toMatch(/kelurahan/i);
    expect(await page.getByTestId('mapping-apply').isDisabled()).toBe(true);
    await row('KELURAHAN').getByTestId('mapping-field-select').click();
    await page.getByRole('option', { name: /^Kelurahan\/desa/ }).click();
    // Leave the place of birth out instead, then save the mapping as a preset and apply it.
    await row('TEMPAT LAHIR').getByTestId('mapping-field-select').click();
    await page.getByRole('option', { name: 'Tidak dipakai' }).click();
    await page.getByTestId('mapping-changed').waitFor();
    await page.getByTestId('preset-name').fill('DTSEN dengan baris judul');
    await page.getByTestId('preset-save').click();
    await page.getByTestId('preset-saved').waitFor();
    await page.getByTestId('mapping-apply').click();
    await expect.poll(() => batchStatus(page), { timeout: 60_000 }).toBe('staged');
    await expect
      .poll(async () => row('TEMPAT LAHIR').getAttribute('data-field'), { timeout: 10_000 })
      .toBe('');
    const stored = await sql<{ mapping: { columns: Record<string, string> } }>`
      SELECT mapping FROM import_batch ORDER BY id DESC LIMIT 1`.execute(s.handle.db);
    expect(stored.rows[0]?.mapping.columns.birth_place).toBeUndefined();
    expect(stored.rows[0]?.mapping.columns.village).toBe('KELURAHAN');
    const presets = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM import_mapping_preset WHERE name = 'DTSEN dengan baris judul'`.execute(
      s.handle.db,
    );
    expect(presets.rows[0]?.n).toBe(1);

    // Summary: rows read, accepted, rejected by reason with its message, diff against no earlier release.
    const summary = page.getByTestId('summary-panel');
    await summary.waitFor();
    expect(await page.getByTestId('summary-rows-read').getAttribute('data-value')).toBe('5');
    expect(await page.getByTestId('summary-accepted').getAttribute('data-value')).toBe('4');
    expect(await page.getByTestId('summary-rejected').getAttribute('data-value')).toBe('1');
    const reason = page.locator('[data-testid="rejected-reasons"] tr[data-code="nik_excel_damaged"]');
    expect(await reason.getAttribute('data-count')).toBe('1');
    expect(await reason.textContent()).toMatch(/rusak oleh Excel/);
    expect(await page.getByTestId('rejections-xlsx').getAttribute('href')).toMatch(/rejections\.xlsx$/);
    expect(await page.getByTestId('diff-kind-new_family').getAttribute('data-count')).toBe('2');
    await page.getByTestId('diff-table').getByText(IMPORTED_HEAD).first().waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, 'import-summary-desktop.png') });

    // The rejection report downloads with the session cookie.
    const report = await page.request.get(
      `${baseUrl}${(await page.getByTestId('rejections-csv').getAttribute('href')) ?? ''}`,
    );
    expect(report.status()).toBe(200);
    expect(await report.text()).toMatch(/nik_excel_damaged/);

    // Commit, after confirming.
    await page.getByTestId('commit-button').click();
    await page.getByTestId('commit-confirm').click();
    await page.getByTestId('committed-card').waitFor({ timeout: 60_000 });
    expect(await batchStatus(page)).toBe('committed');
    const after = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM household WHERE kk_number = ${IMPORTED_KK}`.execute(s.handle.db);
    expect(after.rows[0]?.n).toBe(1);

    // The imported family is found in the registry.
    await page.getByTestId('open-registry').click();
    await page.getByTestId('search-input').fill(IMPORTED_KK);
    await expect
      .poll(async () =>
        Number((await page.getByTestId('result-total').first().getAttribute('data-total')) ?? 'NaN'),
      )
      .toBe(1);
    await page.getByTestId('households-table').getByText(IMPORTED_HEAD).first().waitFor();

    // The list shows the batch as saved.
    await page.goto(`${baseUrl}/impor`);
    await page.getByTestId('imports-table').waitFor();
    expect(await page.getByTestId('import-row').first().getAttribute('data-status')).toBe('committed');
    await page.close();
  }, 180_000);

  it('operator at phone width: uploads a CSV, sees its summary and discards it', async () => {
    const page = await browser.newPage({ viewport: PHONE });
    await login(page, 'operator');
    await page.getByRole('button', { name: /buka menu/i }).click();
    await uploadFixture(page, 'kemensos-bom-tabs.csv', '2025-09-01');
    await expect.poll(() => batchStatus(page), { timeout: 60_000 }).toBe('staged');
    await page.getByTestId('summary-panel').waitFor();
    await page.getByTestId('mapping-table').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'import-summary-phone.png') });
    await page.getByTestId('discard-button').click();
    await page.getByTestId('discard-confirm').click();
    await page.getByTestId('imports-page').waitFor();
    await expect
      .poll(async () => page.locator('[data-testid="import-row"][data-status="discarded"]').count())
      .toBe(1);
    await page.close();
  }, 120_000);
});
