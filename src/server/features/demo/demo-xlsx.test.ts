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
    const problems: string[] = [];
    city.persons.forEach((p, i) => {
      const row = sheet.getRow(KEMENSOS_HEADER_ROW + 1 + i);
      const cell = (name: string) => row.getCell(col(name)).value;
      const birth = `${p.birthDate.slice(8, 10)}-${p.birthDate.slice(5, 7)}-${p.birthDate.slice(0, 4)}`;
      if (cell('NO') !== i + 1) problems.push(`${p.id}: NO`);
      if (cell('NAMA LENGKAP') !== p.name) problems.push(`${p.id}: name`);
      if (cell('JNS KELAMIN') !== (p.sex === 1 ? 'L' : 'P')) problems.push(`${p.id}: sex`);
      if (cell('TGL LAHIR') !== birth) problems.push(`${p.id}: birth date`);
      const nik = cell('NIK');
      if (damagedNik.has(p.id)) {
        if (typeof nik !== 'number' || !validateNik(nik).some((f) => f.code === 'nik_excel_damaged'))
          problems.push(`${p.id}: damaged NIK ${String(nik)}`);
      } else if (nik !== p.nik) problems.push(`${p.id}: NIK ${String(nik)}`);
      const kk = cell('NO KK');
      if (typeof kk !== 'string' && typeof kk !== 'number') problems.push(`${p.id}: KK`);
      kelurahan.add(String(cell('KELURAHAN')));
    });
    expect(problems).toEqual([]);
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
