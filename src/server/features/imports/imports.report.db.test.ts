import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/helpers/database.ts';
import { generateDemoCity, writeKemensosStyleXlsx, type DemoCity } from '../demo/index.ts';
import { writeRejections } from './imports.service.ts';
import { importFile, registryCounts } from './imports.test-helpers.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-import-report-'));
let t: TestDatabase;
let city: DemoCity;

beforeAll(async () => {
  t = await createTestDatabase();
  city = generateDemoCity({ households: 80, seed: 5, defectRates: { invalid_nik: 0.08, invalid_kk: 0 } });
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('rejection report round trip', () => {
  it('re-imports the rejected rows once the kelurahan has corrected them in the report', async () => {
    const file = path.join(dir, 'dtsen.xlsx');
    await writeKemensosStyleXlsx(city, file);
    const first = await importFile(t.handle.db, file, { releaseDate: '2025-08-15' });
    const rejected = first.stage.summary?.rejected ?? 0;
    expect(rejected).toBeGreaterThan(5);

    const report = path.join(dir, 'ditolak.xlsx');
    const written = await writeRejections(t.handle.db, null, first.batchId, 'xlsx', report);
    expect(written.rows).toBe(rejected);

    // The kelurahan's correction: the true NIK typed (as text) over each damaged one; rows that are
    // duplicates of a person already imported are deleted instead.
    const trueNik = new Map<string, string>();
    for (const d of city.truth.defects) {
      if (d.type !== 'invalid_nik') continue;
      const m = /^\w+: (\d{16}) → (.+)$/.exec(d.detail);
      if (m?.[1] && m[2]) trueNik.set(m[2], m[1]);
    }
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(report);
    const sheet = workbook.getWorksheet('Ditolak');
    if (!sheet) throw new Error('no Ditolak sheet');
    const headers = (sheet.getRow(1).values as unknown[]).map((v) => (typeof v === 'string' ? v : ''));
    const nikCol = headers.indexOf('NIK');
    const codesCol = headers.indexOf('KODE_ALASAN');
    expect(nikCol).toBeGreaterThan(0);
    expect(headers).toContain('BARIS_FILE');
    let fixed = 0;
    for (let r = sheet.rowCount; r >= 2; r--) {
      const row = sheet.getRow(r);
      const bad = String(row.getCell(nikCol).value ?? '');
      const good = trueNik.get(bad) ?? trueNik.get(bad.padEnd(16, '0'));
      const codes = String(row.getCell(codesCol).value ?? '');
      if (good && !codes.includes('duplicate')) {
        row.getCell(nikCol).value = good;
        fixed++;
      } else {
        sheet.spliceRows(r, 1);
      }
    }
    expect(fixed).toBeGreaterThan(5);
    const corrected = path.join(dir, 'ditolak-diperbaiki.xlsx');
    await workbook.xlsx.writeFile(corrected);

    const before = await registryCounts(t.handle.db);
    const again = await importFile(t.handle.db, corrected, { releaseDate: '2025-08-16' });
    expect(again.stage.summary).toMatchObject({ rowsRead: fixed, accepted: fixed, rejected: 0 });
    expect(again.commit?.counts.personsCreated).toBe(fixed);
    const after = await registryCounts(t.handle.db);
    expect(after.persons).toBe(before.persons + fixed);
    // Each corrected person now sits in the registry with the true NIK, in the family of the truth.
    const niks = [...trueNik.values()];
    const stored = await sql<{ nik: string; kk_number: string }>`
      SELECT p.nik, h.kk_number FROM person p JOIN household h ON h.id = p.household_id
      WHERE p.nik = ANY(${niks}::text[])`.execute(t.handle.db);
    const kkOfPerson = new Map(
      city.persons.map((p) => [p.id, city.households.find((h) => h.id === p.householdId)?.kkNumber]),
    );
    const truthByNik = new Map(
      city.truth.defects
        .filter((d) => d.type === 'invalid_nik' && d.personId !== null)
        .map((d) => [/^\w+: (\d{16})/.exec(d.detail)?.[1] ?? '', d.personId ?? -1]),
    );
    expect(stored.rows.length).toBe(fixed);
    for (const row of stored.rows) expect(row.kk_number).toBe(kkOfPerson.get(truthByNik.get(row.nik) ?? -1));
  });
});
