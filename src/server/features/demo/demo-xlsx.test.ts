import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { validateNik } from '../../../shared/domain/nik.ts';
import {
  KEMENSOS_HEADER_ROW,
  kemensosTitle,
  kemensosXlsxHeaders,
  writeKemensosStyleXlsx,
} from './demo-xlsx.ts';
import { generateDemoCity } from './generate-demo-city.ts';

const dir = mkdtempSync(join(tmpdir(), 'tepat-demo-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeKemensosStyleXlsx', () => {
  // Raised rates so that a small file still holds Excel-damaged numbers.
  const city = generateDemoCity({
    households: 200,
    seed: 11,
    defectRates: { invalid_nik: 0.08, invalid_kk: 0.05 },
  });

  it('writes a file exceljs reads back: title, blank row, headers, one row per person', async () => {
    const file = join(dir, 'dtsen.xlsx');
    await writeKemensosStyleXlsx(city, file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no worksheet');
    expect(sheet.actualRowCount).toBe(city.persons.length + 2);
    expect(sheet.rowCount).toBe(city.persons.length + KEMENSOS_HEADER_ROW);
    expect(sheet.getCell(1, 1).value).toBe(kemensosTitle('64.74'));
    expect(sheet.getRow(2).cellCount).toBe(0);
    const headers = kemensosXlsxHeaders();
    const headerRow = sheet.getRow(KEMENSOS_HEADER_ROW);
    headers.forEach((h, i) => expect(headerRow.getCell(i + 1).value).toBe(h));
    const col = (name: string): number => headers.indexOf(name) + 1;

    const damagedNik = new Set(
      city.truth.defects
        .filter((d) => d.type === 'invalid_nik' && d.detail.startsWith('excel_damaged'))
        .map((d) => d.personId),
    );
    expect(damagedNik.size).toBeGreaterThan(0);
    const kelurahan = new Set<string>();
    city.persons.forEach((p, i) => {
      const row = sheet.getRow(KEMENSOS_HEADER_ROW + 1 + i);
      expect(row.getCell(col('NO')).value).toBe(i + 1);
      expect(row.getCell(col('NAMA LENGKAP')).value).toBe(p.name);
      expect(row.getCell(col('JNS KELAMIN')).value).toBe(p.sex === 1 ? 'L' : 'P');
      expect(row.getCell(col('TGL LAHIR')).value).toBe(
        `${p.birthDate.slice(8, 10)}-${p.birthDate.slice(5, 7)}-${p.birthDate.slice(0, 4)}`,
      );
      const nik = row.getCell(col('NIK')).value;
      if (damagedNik.has(p.id)) {
        expect(typeof nik).toBe('number');
        expect(validateNik(nik).some((f) => f.code === 'nik_excel_damaged')).toBe(true);
      } else if (p.nik === null) {
        expect(nik).toBeNull();
      } else {
        expect(nik).toBe(p.nik);
      }
      expect(
        typeof row.getCell(col('NO KK')).value === 'string' ||
          typeof row.getCell(col('NO KK')).value === 'number',
      ).toBe(true);
      kelurahan.add(String(row.getCell(col('KELURAHAN')).value));
    });
    expect(sheet.getRow(KEMENSOS_HEADER_ROW + 1).getCell(col('HUB. KELUARGA')).value).toBe('KEPALA KELUARGA');
    // Spelling variants of real files appear next to the canonical names.
    expect(
      [...kelurahan].some(
        (k) => k.startsWith('KEL. ') || k === 'LOKTUAN' || k === 'Api-api' || k.includes('BEREBAS'),
      ),
    ).toBe(true);
    expect(kelurahan.has('LOK TUAN')).toBe(true);
  });
});
