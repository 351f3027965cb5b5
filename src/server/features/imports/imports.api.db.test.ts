import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededApp, DEMO_PASSWORD, type SeededApp } from '../../../../test/helpers/seed.ts';
import { fixture } from '../../../../test/fixtures/imports/regions.ts';
import { TestClient } from '../../../../test/helpers/http.ts';
import { buildApp } from '../../app.ts';
import { generateDemoCity, writeKemensosStyleXlsx } from '../demo/index.ts';

interface Job {
  id: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  error: { code: string } | null;
}
interface Summary {
  rowsRead: number;
  accepted: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  warningsByCode: Record<string, number>;
  families: number;
  persons: number;
  diff: Record<string, number | null> | null;
}
interface Detail {
  id: number;
  status: string;
  layout: string;
  headers: string[];
  summary: Summary | null;
  autoMap: { matches: { field: string; header: string; confidence: number }[] } | null;
  mapping: { columns: Record<string, string> } | null;
  preview: { rowNumber: number; cells: unknown[]; findings: { code: string }[]; rejected: boolean }[];
  commit: Record<string, number> | null;
  followUp: {
    state: string;
    households: number;
    scoring: { status: string; households: number };
    dedupe: { status: string; mode: string; runId: number | null };
  } | null;
  job: Job | null;
}

let s: SeededApp;
let operator: TestClient;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-import-api-'));

beforeAll(async () => {
  s = await createSeededApp({ households: 20 });
  operator = await s.as('operator');
});
afterAll(async () => {
  await s?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function waitFor(client: TestClient, jobId: string): Promise<Job> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await client.get(`/api/imports/jobs/${jobId}`);
    expect(res.statusCode).toBe(200);
    const job = res.json() as Job;
    if (job.state === 'done' || job.state === 'failed') return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not finish`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function upload(client: TestClient, file: string, fields: Record<string, string>): Promise<Detail> {
  const res = await client.upload('/api/imports', fields, {
    name: path.basename(file),
    content: fs.readFileSync(file),
  });
  expect(res.statusCode, res.body).toBe(202);
  const { batchId, jobId } = res.json() as { batchId: number; jobId: string };
  const job = await waitFor(client, jobId);
  expect(job.error).toBeNull();
  return (await client.get(`/api/imports/${batchId}`)).json() as Detail;
}

async function commit(client: TestClient, id: number): Promise<Detail> {
  const res = await client.send('POST', `/api/imports/${id}/commit`);
  expect(res.statusCode, res.body).toBe(202);
  const job = await waitFor(client, (res.json() as { jobId: string }).jobId);
  expect(job.state).toBe('done');
  return (await client.get(`/api/imports/${id}`)).json() as Detail;
}

describe('odd-layout fixtures through the API', () => {
  it('imports title rows, merged cells, a formula and an Excel-damaged NIK with a mapping file', async () => {
    const mapping = fs.readFileSync(fixture('mapping-title-rows.json'), 'utf8');
    const d = await upload(operator, fixture('kemensos-title-rows.xlsx'), {
      source: 'kemensos',
      releaseDate: '2025-08-15',
      mapping,
    });
    expect(d.status).toBe('staged');
    expect(d.headers.slice(0, 4)).toEqual(['NO', 'NO KK', 'NIK', 'NAMA']);
    expect(d.summary).toMatchObject({ rowsRead: 5, accepted: 4, rejected: 1, families: 2, persons: 4 });
    expect(d.summary?.rejectedByReason).toEqual({ nik_excel_damaged: 1 });
    expect(d.preview.find((p) => p.rowNumber === 6)?.rejected).toBe(true);

    const csv = await operator.get(`/api/imports/${d.id}/rejections.csv`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('NO;NO KK;NIK;NAMA');
    expect(lines[0]).toContain('BARIS_FILE;KODE_ALASAN;KETERANGAN;REASON');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('SRI WAHYUNI');
    expect(lines[1]).toContain(';6;nik_excel_damaged');

    const stored = await sql<{
      file_path: string;
    }>`SELECT file_path FROM import_batch WHERE id = ${d.id}`.execute(s.handle.db);
    const uploaded = stored.rows[0]?.file_path ?? '';
    expect(fs.existsSync(uploaded)).toBe(true);
    const done = await commit(operator, d.id);
    expect(done.status).toBe('committed');
    // The stored upload goes once committed; the release keeps the file's name and hash.
    expect(fs.existsSync(uploaded)).toBe(false);
    expect(done.commit).toMatchObject({ householdsCreated: 2, personsCreated: 4 });
    // After the commit, in the same job: the two new families scored, an incremental duplicate search.
    expect(done.followUp).toMatchObject({
      state: 'done',
      households: 2,
      scoring: { status: 'done', households: 2 },
      dedupe: { status: 'done', mode: 'incremental' },
    });
    const run = await sql<{ household_ids: number[] }>`
      SELECT household_ids FROM linkage_run WHERE id = ${done.followUp?.dedupe.runId ?? -1}`.execute(
      s.handle.db,
    );
    expect(run.rows[0]?.household_ids).toHaveLength(2);
    const families = (await operator.get('/api/households?q=6474011503200021')).json() as {
      items: { memberCount: number; villageName: string; officialDesil: number }[];
    };
    // The merged family cells were filled down: all three rows of family A are in Lok Tuan.
    expect(families.items[0]).toMatchObject({ memberCount: 2, villageName: 'Lok Tuan', officialDesil: 1 });
  });

  it('imports CSV files in Windows-1252 with semicolons and in UTF-8 with BOM and tabs', async () => {
    const a = await upload(operator, fixture('kemensos-semicolon-cp1252.csv'), {
      source: 'kemensos',
      releaseDate: '2025-08-16',
    });
    expect(a.summary).toMatchObject({ rowsRead: 8, accepted: 5, rejected: 3, families: 2 });
    expect(a.summary?.rejectedByReason).toEqual({
      nik_not_16_digits: 1,
      region_unknown: 1,
      desil_invalid: 1,
    });
    expect(a.summary?.warningsByCode.encoding_fallback).toBe(1);
    expect(a.preview[0]?.cells[2]).toBe('ANDI MUNDÉ');
    await commit(operator, a.id);

    const b = await upload(operator, fixture('kemensos-bom-tabs.csv'), {
      source: 'kemensos',
      releaseDate: '2025-08-17',
    });
    expect(b.summary).toMatchObject({ rowsRead: 6, accepted: 4, rejected: 2, families: 2 });
    expect(b.summary?.rejectedByReason).toEqual({ nik_duplicate_in_file: 1, region_outside_deployment: 1 });
    expect(b.summary?.warningsByCode.nik_in_two_kk).toBe(1);
    // Compared with the previous Kemensos release (the semicolon file): every family is new, those are gone.
    expect(b.summary?.diff).toMatchObject({ newFamilies: 2, goneFamilies: 2 });
    const diff = (await operator.get(`/api/imports/${b.id}/diff?kind=gone_family`)).json() as {
      items: { kkNumber: string }[];
      total: number;
    };
    expect(diff.total).toBe(2);
    expect(diff.items.map((i) => i.kkNumber).sort()).toEqual(['6474011503200001', '6474021503200002']);
    const xlsx = await operator.get(`/api/imports/${b.id}/diff.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Perubahan');
    expect(sheet?.getRow(1).getCell(3).value).toBe('NO KK');
    const counts = (await operator.get(`/api/imports/${b.id}/diff`)).json() as { total: number };
    expect(counts.total).toBeGreaterThan(4);
    expect(sheet?.actualRowCount).toBe(1 + counts.total);
    await commit(operator, b.id);
  });

  it('detects the one-row-per-family layout and a programme beneficiary list', async () => {
    const f = await upload(operator, fixture('kemensos-family.xlsx'), {
      source: 'kemensos',
      releaseDate: '2025-08-18',
    });
    expect(f.layout).toBe('family');
    expect(f.summary).toMatchObject({ rowsRead: 4, accepted: 3, rejected: 1, families: 3, persons: 3 });
    expect(f.summary?.rejectedByReason).toEqual({ kk_duplicate_in_file: 1 });
    const committed = await commit(operator, f.id);
    expect(committed.commit).toMatchObject({ householdsCreated: 3, personsCreated: 3 });
    const vars = await sql<{ variables: Record<string, unknown> }>`
      SELECT variables FROM household WHERE kk_number = '6474011503200031'`.execute(s.handle.db);
    expect(vars.rows[0]?.variables).toMatchObject({
      floor_area_m2: 36.5,
      power_va: 2,
      asset_fridge: true,
      asset_car: false,
    });

    const b = await upload(operator, fixture('beneficiaries.csv'), {
      source: 'beneficiaries',
      releaseDate: '2025-08-20',
    });
    expect(b.summary).toMatchObject({ rowsRead: 5, accepted: 3, rejected: 2, persons: 3 });
    expect(b.summary?.rejectedByReason).toEqual({ nik_missing: 1, beneficiary_duplicate: 1 });
    expect(b.summary?.diff).toMatchObject({ newPersons: 3, notInRegistry: 0 });
    const csv = await operator.get(`/api/imports/${b.id}/rejections.csv`);
    // The formula in the rejected row is written as text.
    expect(csv.body).toContain(`'=HYPERLINK`);
    // A beneficiary list changes no household: nothing to rescore or deduplicate.
    expect((await commit(operator, b.id)).followUp).toBeNull();
    const linked = await sql<{ n: number; linked: number }>`
      SELECT count(*)::int AS n, count(person_id)::int AS linked FROM programme_beneficiary`.execute(
      s.handle.db,
    );
    expect(linked.rows[0]).toEqual({ n: 3, linked: 3 });
  });

  it('stops at needs_mapping for unknown headers and stages after the mapping is corrected', async () => {
    const file = path.join(dir, 'kolom-aneh.csv');
    fs.writeFileSync(
      file,
      'KOLOM A;KOLOM B;KOLOM C;KOLOM D\n6474011503209001;6474011708800091;PAIJO;LOK TUAN\n6474011503209001;6474014503850092;SUMIATI;LOK TUAN\n',
    );
    const d = await upload(operator, file, { source: 'kemensos', releaseDate: '2025-09-01' });
    expect(d.status).toBe('needs_mapping');
    expect(d.summary).toBeNull();
    const bad = await operator.send('POST', `/api/imports/${d.id}/commit`);
    expect(bad.statusCode).toBe(409);
    const res = await operator.send('PUT', `/api/imports/${d.id}/mapping`, {
      mapping: {
        source: 'kemensos',
        layout: 'person',
        columns: { kk_number: 'KOLOM A', nik: 'KOLOM B', name: 'KOLOM C', village: 'KOLOM D' },
      },
    });
    expect(res.statusCode, res.body).toBe(202);
    await waitFor(operator, (res.json() as { jobId: string }).jobId);
    const staged = (await operator.get(`/api/imports/${d.id}`)).json() as Detail;
    expect(staged.status).toBe('staged');
    expect(staged.summary).toMatchObject({ rowsRead: 2, accepted: 2, families: 1 });
    const preset = await operator.send('POST', '/api/imports/presets', {
      name: 'Kolom A-D',
      mapping: staged.mapping,
    });
    expect(preset.statusCode, preset.body).toBe(200);
    const again = await upload(operator, file, {
      source: 'kemensos',
      releaseDate: '2025-09-02',
      mapping: 'Kolom A-D',
    });
    expect(again.status).toBe('staged');
    const discard = await operator.send('POST', `/api/imports/${again.id}/discard`);
    expect(discard.statusCode).toBe(200);
    expect(((await operator.get(`/api/imports/${again.id}`)).json() as Detail).status).toBe('discarded');
  });
});

describe('background staging', () => {
  it('answers other requests while a larger file is staged, and reports progress', async () => {
    const file = path.join(dir, 'dtsen-besar.xlsx');
    await writeKemensosStyleXlsx(generateDemoCity({ households: 1500, seed: 9 }), file);
    const res = await operator.upload(
      '/api/imports',
      { source: 'kemensos', releaseDate: '2025-10-01' },
      { name: 'dtsen-besar.xlsx', content: fs.readFileSync(file) },
    );
    expect(res.statusCode, res.body).toBe(202);
    const { batchId, jobId } = res.json() as { batchId: number; jobId: string };
    let answeredWhileRunning = 0;
    let sawProgress = false;
    for (;;) {
      const job = (await operator.get(`/api/imports/jobs/${jobId}`)).json() as Job & { rows: number };
      if (job.state === 'done' || job.state === 'failed') break;
      if (job.rows > 0) sawProgress = true;
      const page = await operator.get('/api/households?pageSize=5');
      expect(page.statusCode).toBe(200);
      if (job.state === 'running') answeredWhileRunning++;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(answeredWhileRunning).toBeGreaterThan(0);
    expect(sawProgress).toBe(true);
    const d = (await operator.get(`/api/imports/${batchId}`)).json() as Detail;
    expect(d.status).toBe('staged');
    expect(d.summary?.rowsRead).toBeGreaterThan(4000);
    expect((await operator.send('POST', `/api/imports/${batchId}/discard`)).statusCode).toBe(200);
  });
});

describe('permissions and limits', () => {
  it('lets only imports.run roles upload, and imports.read roles read', async () => {
    const content = fs.readFileSync(fixture('kemensos-bom-tabs.csv'));
    const readers = new Set(['verifikator', 'auditor']);
    for (const username of ['verifikator', 'auditor', 'lurah.loktuan']) {
      const client = await s.as(username);
      const res = await client.upload('/api/imports', { source: 'kemensos' }, { name: 'x.csv', content });
      expect(res.statusCode, username).toBe(403);
      expect((await client.get('/api/imports')).statusCode, username).toBe(readers.has(username) ? 200 : 403);
    }
    const list = (await operator.get('/api/imports')).json() as { items: { id: number }[]; total: number };
    expect(list.total).toBeGreaterThan(5);
    const uploads = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'import.upload'`.execute(s.handle.db);
    expect(uploads.rows[0]?.n).toBe(list.total);
  });

  it('refuses a file over the configured size with a message in both languages', async () => {
    const small = await buildApp({ config: { ...s.config, maxUploadBytes: 200 }, database: s.handle });
    try {
      const client = new TestClient(small);
      expect((await client.login('operator', DEMO_PASSWORD)).statusCode).toBe(200);
      const res = await client.upload(
        '/api/imports',
        { source: 'kemensos' },
        { name: 'big.csv', content: fs.readFileSync(fixture('kemensos-bom-tabs.csv')) },
      );
      expect(res.statusCode).toBe(413);
      // The operator's language is Bahasa Indonesia.
      expect(res.json()).toMatchObject({
        error: { code: 'file_too_large', message: expect.stringContaining('batasnya') },
      });
    } finally {
      await small.close();
    }
  });
});
