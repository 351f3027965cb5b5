import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser } from '../browser.ts';
import { createSeededApp, DEMO_PASSWORD, type SeededApp } from '../../test/helpers/seed.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../docs/screenshots');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const LOK_TUAN = '64.74.01.1003';

interface ConflictPage {
  items: { householdId: number; villageName: string; conflicts: { code: string }[] }[];
  total: number;
}
interface Ranking {
  estimate: { desil: number } | null;
  criteria: { category: string; firedRules: { id: string }[] } | null;
  conflicts: { code: string }[];
}

let s: SeededApp;
let browser: Browser;
let baseUrl: string;
let totals: { all: number; lokTuan: number; ownsCar: number };
let sample: { id: number; ranking: Ranking };

beforeAll(async () => {
  s = await createSeededApp({ households: 400 });
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  const address = s.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  baseUrl = `http://127.0.0.1:${address.port}`;

  // Expected values come from the API, so the browser test checks the page against the server.
  const admin = await s.as('admin');
  const getJson = async <T>(url: string): Promise<T> => {
    const res = await admin.get(url);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return JSON.parse(res.body) as T;
  };
  const all = await getJson<ConflictPage>('/api/ranking/conflicts?pageSize=1');
  const ownsCar = await getJson<ConflictPage>('/api/ranking/conflicts?pageSize=1&type=owns_car');
  const lokTuan = await getJson<ConflictPage>(`/api/ranking/conflicts?pageSize=100&villageCode=${LOK_TUAN}`);
  totals = { all: all.total, lokTuan: lokTuan.total, ownsCar: ownsCar.total };

  // A Lok Tuan household with a conflict, preferably one where local criteria rules fired too.
  let chosen: { id: number; ranking: Ranking } | null = null;
  for (const item of lokTuan.items.slice(0, 30)) {
    const ranking = await getJson<Ranking>(`/api/households/${item.householdId}/ranking`);
    chosen ??= { id: item.householdId, ranking };
    if (ranking.criteria && ranking.criteria.firedRules.length > 0 && ranking.conflicts.length > 0) {
      chosen = { id: item.householdId, ranking };
      break;
    }
  }
  if (!chosen) throw new Error('no Lok Tuan household with a conflict');
  sample = chosen;
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

async function openRanking(page: Page, id: number) {
  await page.goto(`${baseUrl}/keluarga/${id}`);
  const section = page.getByTestId('ranking-section');
  await section.getByTestId('estimated-desil').waitFor();
  return section;
}

/** A screenshot of one section, taken with a viewport tall enough that the fixed header does not cover it. */
async function shootSection(page: Page, section: Locator, file: string): Promise<void> {
  const viewport = page.viewportSize() ?? DESKTOP;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.min(8000, height) });
  await page.evaluate(() => window.scrollTo(0, 0));
  await section.screenshot({ path: path.join(SHOTS, file) });
  await page.setViewportSize(viewport);
}

describe('welfare ranking in the browser', () => {
  it('administrator: the household page shows official desil, estimate with explanation, criteria and conflicts', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    await login(page, 'admin');
    const section = await openRanking(page, sample.id);
    expect(sample.ranking.estimate).not.toBeNull();
    expect(await section.getByTestId('estimated-desil').getAttribute('data-desil')).toBe(
      String(sample.ranking.estimate?.desil),
    );
    await expect
      .poll(() => section.getByTestId('official-desil').textContent(), { timeout: 20_000 })
      .toMatch(/D\d|Desil|Tanpa/);
    expect(await section.getByTestId('criteria-category').getAttribute('data-category')).toBe(
      sample.ranking.criteria?.category,
    );
    expect(await section.getByTestId('ranking-summary').textContent()).toMatch(/per orang per bulan/);
    expect(await section.getByTestId('factors-up').locator('li').count()).toBeGreaterThan(0);
    for (const rule of sample.ranking.criteria?.firedRules ?? [])
      expect(await section.locator(`[data-rule-id="${rule.id}"]`).count()).toBe(1);
    for (const c of sample.ranking.conflicts)
      expect(await section.locator(`[data-conflict="${c.code}"]`).count()).toBe(1);

    await section.getByTestId('toggle-arithmetic').click();
    await expect
      .poll(() => section.getByTestId('ranking-arithmetic').textContent(), { timeout: 20_000 })
      .toContain('ln(');
    await section.getByTestId('ranking-arithmetic').waitFor({ state: 'visible' });
    await shootSection(page, section, 'ranking-household-desktop.png');

    await page.close();
  });

  it('administrator: the conflicts page lists, filters, exports and opens households', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    await login(page, 'admin');
    await page.getByRole('link', { name: 'Konflik data' }).click();
    await page.getByTestId('conflicts-table').waitFor();
    await expect.poll(() => totalShown(page), { timeout: 20_000 }).toBe(totals.all);
    expect(await page.getByTestId('conflicts-table').locator('tbody tr').count()).toBe(
      Math.min(25, totals.all),
    );
    await page.screenshot({ path: path.join(SHOTS, 'ranking-conflicts-desktop.png') });

    await page.goto(`${baseUrl}/konflik-desil?type=owns_car`);
    await expect.poll(() => totalShown(page), { timeout: 20_000 }).toBe(totals.ownsCar);
    const href = await page.getByTestId('export-xlsx').getAttribute('href');
    expect(href).toBe('/api/ranking/conflicts.xlsx?type=owns_car');
    const xlsx = await page.request.get(`${baseUrl}${href ?? ''}`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');

    if (totals.ownsCar > 0) {
      const row = page.getByTestId('conflicts-table').locator('tbody tr').first();
      const id = await row.getAttribute('data-household-id');
      await row.locator('td').nth(1).click();
      await page.waitForURL(`**/keluarga/${id}`);
      await page.getByTestId('ranking-section').locator('[data-conflict="owns_car"]').waitFor();
    }
    await page.close();
  });

  it('administrator: the overview shows the desil matrix and the model page lists versions and rejects a bad file', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    await login(page, 'admin');
    await page.goto(`${baseUrl}/peringkat`);
    const matrix = page.getByTestId('desil-matrix');
    await matrix.waitFor();
    expect(await matrix.locator('tbody tr').count()).toBe(11);
    await page.getByTestId('categories-by-village').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'ranking-overview-desktop.png'), fullPage: true });

    await page.goto(`${baseUrl}/admin/model-pmt`);
    await page.getByTestId('versions-table').getByTestId('active-badge').first().waitFor();
    await page.getByTestId('view-version').first().click();
    await page.getByTestId('model-coefficients').waitFor();
    expect(await page.getByTestId('model-coefficients').locator('tbody tr').count()).toBeGreaterThan(10);
    await page.keyboard.press('Escape');
    await page.getByTestId('pmt-json').fill('{"id": "x"');
    await page.getByTestId('pmt-submit').click();
    await page.getByTestId('json-error').waitFor();
    await page.getByTestId('pmt-json').fill('{"id": "x"}');
    await page.getByTestId('pmt-submit').click();
    await expect
      .poll(async () => (await page.getByRole('alert').allTextContents()).join(' '))
      .toMatch(/tidak valid/i);
    await page.screenshot({ path: path.join(SHOTS, 'ranking-models-desktop.png'), fullPage: true });

    // A copy of the active rule set becomes version 2, then is activated through the confirm dialog.
    await page.getByTestId('tab-criteria').click();
    await page.getByTestId('versions-table').locator('tr[data-active="true"]').waitFor();
    await page.getByRole('button', { name: /salin versi aktif/i }).click();
    await expect
      .poll(() => page.getByTestId('criteria-json').inputValue(), { timeout: 20_000 })
      .toContain('"rules"');
    await page.getByTestId('criteria-submit').click();
    await expect
      .poll(() => page.getByTestId('ranking-version-result').textContent())
      .toMatch(/v2.*belum aktif/s);
    const fresh = page.getByTestId('versions-table').locator('tr[data-active="false"]').first();
    await fresh.getByTestId('activate-version').click();
    await page.getByTestId('confirm-activate').click();
    await expect
      .poll(() => page.getByTestId('ranking-version-result').textContent(), { timeout: 30_000 })
      .toMatch(/\d+ keluarga dinilai ulang/);
    await expect
      .poll(() => page.getByTestId('versions-table').locator('tr[data-active="true"]').textContent())
      .toContain('v2');
    await page.close();
  });

  it('lurah: sees only the own kelurahan’s conflicts, and the ranking at phone width', async () => {
    const page = await browser.newPage({ viewport: PHONE });
    await login(page, 'lurah.loktuan');
    await page.goto(`${baseUrl}/konflik-desil?pageSize=100`);
    await page.getByTestId('conflicts-table').waitFor();
    await expect.poll(() => totalShown(page), { timeout: 20_000 }).toBe(totals.lokTuan);
    expect(totals.lokTuan).toBeLessThan(totals.all);
    const villages = await page
      .getByTestId('conflicts-table')
      .locator('tbody tr [data-village-name]')
      .allTextContents();
    expect(villages.length).toBe(totals.lokTuan);
    expect(new Set(villages)).toEqual(new Set(['Lok Tuan']));

    const section = await openRanking(page, sample.id);
    await shootSection(page, section, 'ranking-household-phone.png');
    // The section fits the phone: no horizontal scrolling of the page.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // English: the labels and the explanation switch language, from the same API answer.
    await page.getByTestId('language-switch').first().click();
    await expect
      .poll(() => section.locator('h3').first().textContent(), { timeout: 20_000 })
      .toBe('Welfare ranking');
    expect(await section.getByTestId('ranking-summary').textContent()).toMatch(/per person per month/);
    await page.close();
  });
});
