import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture } from '../../../../../test/fixtures/imports/regions.ts';
import { detectEncoding, sniffDelimiter } from './csv.ts';
import { assertFileSize, detectHeaderRow, openTable, type TableRow } from './read.ts';
import { toCell } from './xlsx.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-read-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function temp(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function readAll(rows: AsyncIterable<TableRow>): Promise<TableRow[]> {
  const out: TableRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

describe('CSV', () => {
  it('reads semicolons and falls back to Windows-1252 (MUNDÉ)', async () => {
    const table = await openTable(fixture('kemensos-semicolon-cp1252.csv'));
    expect(table.format).toBe('csv');
    expect(table.encoding).toBe('windows-1252');
    expect(table.delimiter).toBe(';');
    expect(table.fileFindings.map((f) => f.code)).toEqual(['encoding_fallback']);
    expect(table.headers[2]).toBe('NAMA LENGKAP');
    const rows = await readAll(table.rows);
    expect(rows[0]?.rowNumber).toBe(2);
    expect(rows[0]?.cells[2]).toBe('ANDI MUNDÉ');
    expect(rows.find((r) => String(r.cells[2]).startsWith('REN'))?.cells[2]).toBe('RENÉ SAPUTRA');
  });

  it('reads UTF-8 with a BOM and tabs', async () => {
    const table = await openTable(fixture('kemensos-bom-tabs.csv'));
    expect(table.encoding).toBe('utf-8');
    expect(table.delimiter).toBe('\t');
    expect(table.fileFindings).toEqual([]);
    expect(table.headers[0]).toBe('No. KK');
    const rows = await readAll(table.rows);
    expect(rows).toHaveLength(6);
    expect(rows[1]?.cells[2]).toBe('MUHAMMAD ÁRIF');
  });

  it('detects invalid UTF-8 far into the file, and a multi-byte character split across read chunks', async () => {
    const head = 'NAMA;ALAMAT\n' + 'BUDI;JL. A\n'.repeat(120_000);
    const late = temp(
      'late.csv',
      Buffer.concat([Buffer.from(head), iconv.encode('MUNDÉ;JL. B\n', 'win1252')]),
    );
    expect((await detectEncoding(late)).encoding).toBe('windows-1252');
    // 'É' in UTF-8 straddling the 1 MiB chunk boundary must not be taken for invalid UTF-8.
    const pad = 'x'.repeat(1024 * 1024 - 1);
    const split = temp('split.csv', Buffer.concat([Buffer.from(pad), Buffer.from('É\n', 'utf8')]));
    expect(await detectEncoding(split)).toEqual({ encoding: 'utf-8', bomLength: 0, fallback: false });
    const utf16 = temp(
      'utf16.csv',
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('NAMA\tNIK\nMUNDÉ\t1\n', 'utf16le')]),
    );
    const table = await openTable(utf16);
    expect(table.encoding).toBe('utf-16le');
    expect((await readAll(table.rows))[0]?.cells).toEqual(['MUNDÉ', '1']);
  });

  it('sniffs the delimiter despite title rows and quoted delimiters', () => {
    expect(sniffDelimiter('DATA DTSEN\n\nNIK;NAMA;ALAMAT\n1;A;"JL. X, NO 1"\n2;B;C\n')).toBe(';');
    expect(sniffDelimiter('NIK,NAMA,ALAMAT\n1,"A; B",C\n')).toBe(',');
    expect(sniffDelimiter('NIK|NAMA|ALAMAT\n1|A|C\n')).toBe('|');
    expect(sniffDelimiter('NIK\tNAMA\n1\tA\n')).toBe('\t');
  });

  it('finds the header under title rows, skips a column-numbering row and empty rows', async () => {
    const file = temp(
      'titles.csv',
      'DAFTAR PENERIMA BANTUAN;;;\nKELURAHAN LOK TUAN;;;\n;;;\nNIK;NAMA;PROGRAM;PERIODE\n(1);(2);(3);(4)\n1;A;PKH;2025\n;;;\n2;B;PKH;2025\n',
    );
    const table = await openTable(file);
    expect(table.headerRowNumber).toBe(4);
    expect(table.headers).toEqual(['NIK', 'NAMA', 'PROGRAM', 'PERIODE']);
    expect(table.skippedRows).toEqual([5]);
    expect(table.preview.map((r) => r.rowNumber)).toEqual([6, 8]);
    expect((await readAll(table.rows)).map((r) => r.rowNumber)).toEqual([6, 8]);
  });

  it('takes the header row from the options when given', async () => {
    const file = temp('forced.csv', 'a,b\nNIK,NAMA\n1,A\n');
    const table = await openTable(file, { headerRow: 2 });
    expect(table.headers).toEqual(['NIK', 'NAMA']);
    expect((await readAll(table.rows)).map((r) => r.rowNumber)).toEqual([3]);
  });

  it('keeps quoted line breaks inside one record', async () => {
    const file = temp('multiline.csv', 'NIK,ALAMAT\n1,"JL. A\nRT 1"\n2,B\n');
    const rows = await readAll((await openTable(file)).rows);
    expect(rows.map((r) => r.cells)).toEqual([
      ['1', 'JL. A\nRT 1'],
      ['2', 'B'],
    ]);
  });
});

describe('header detection', () => {
  const row = (rowNumber: number, ...cells: (string | null)[]): TableRow => ({ rowNumber, cells });

  it('prefers the row with most known column names', () => {
    const rows = [
      row(1, 'LAPORAN', null),
      row(2, 'NIK', 'NAMA', 'ALAMAT'),
      row(3, '6474011708800001', 'BUDI', 'JL. A'),
    ];
    expect(detectHeaderRow(rows)).toBe(1);
  });

  it('falls back to the row with most text cells when no name is known', () => {
    const rows = [
      row(1, 'Judul', null, null),
      row(2, 'Kolom A', 'Kolom B', 'Kolom C'),
      row(3, '1', '2', 'x'),
    ];
    expect(detectHeaderRow(rows)).toBe(1);
  });

  it('gives -1 when every row has at most one cell', () => {
    expect(detectHeaderRow([row(1, 'Judul'), row(2, 'Lagi')])).toBe(-1);
  });
});

describe('XLSX', () => {
  it('streams the chosen sheet: title rows, numbering row, formulas, numbers and dates', async () => {
    const table = await openTable(fixture('kemensos-title-rows.xlsx'));
    expect(table.format).toBe('xlsx');
    expect(table.sheets).toEqual(['DTSEN Desil 1-4', 'Rekap']);
    expect(table.sheet).toBe('DTSEN Desil 1-4');
    expect(table.headerRowNumber).toBe(3);
    expect(table.skippedRows).toEqual([4]);
    expect(table.headers.slice(0, 4)).toEqual(['NO', 'NO KK', 'NIK', 'NAMA']);
    const rows = await readAll(table.rows);
    expect(rows.map((r) => r.rowNumber)).toEqual([5, 6, 7, 8, 10]);
    const [first, second, third] = rows;
    // Formula cells give their stored result.
    expect(first?.cells[14]).toBe(45);
    expect(third?.cells[3]).toBe('PUTRI AYU');
    // A NIK stored as a number stays a number; the damaged one ends in 0000.
    expect(first?.cells[2]).toBe(6474011708800021);
    expect(second?.cells[2]).toBe(6474014503850000);
    // Dates: a serial number without date format, and a date cell.
    expect(first?.cells[5]).toBe(29450);
    expect(second?.cells[5]).toBeInstanceOf(Date);
    // Merged family cells read as blanks below their first row.
    expect(second?.cells[1]).toBeNull();
  });

  it('picks a sheet by name or position and names the sheets when one is missing', async () => {
    const byName = await openTable(fixture('kemensos-title-rows.xlsx'), { sheet: 'rekap', headerRow: 1 });
    expect(byName.sheet).toBe('Rekap');
    await byName.close();
    const byIndex = await openTable(fixture('kemensos-title-rows.xlsx'), { sheet: 2, headerRow: 1 });
    expect(byIndex.sheet).toBe('Rekap');
    await byIndex.close();
    await expect(
      openTable(fixture('kemensos-title-rows.xlsx'), { sheet: 'Tidak Ada' }),
    ).rejects.toMatchObject({
      code: 'sheet_not_found',
      messages: { en: expect.stringContaining('DTSEN Desil 1-4, Rekap') },
    });
  });

  it('converts exceljs cell values', () => {
    expect(toCell({ formula: 'A1*2', result: 4 })).toBe(4);
    expect(toCell({ sharedFormula: 'A1', result: 'X' })).toBe('X');
    expect(toCell({ formula: 'A1' })).toBeNull();
    expect(toCell({ richText: [{ text: 'MUN' }, { text: 'DÉ' }] })).toBe('MUNDÉ');
    expect(toCell({ text: 'klik', hyperlink: 'http://x' })).toBe('klik');
    expect(toCell({ error: '#N/A' })).toBe('#N/A');
    expect(toCell('')).toBeNull();
    expect(toCell(Number.NaN)).toBeNull();
  });
});

describe('safety', () => {
  it('refuses files over the size limit with a clear message', async () => {
    const file = temp('big.csv', 'NIK,NAMA\n'.repeat(2000));
    await expect(openTable(file, { maxBytes: 1024 })).rejects.toMatchObject({
      code: 'file_too_large',
      status: 413,
      messages: { id: expect.stringContaining('batasnya'), en: expect.stringContaining('limit') },
    });
    expect(() => assertFileSize(10, 10)).not.toThrow();
  });

  it('refuses old .xls files and fake .xlsx files', async () => {
    const xls = temp('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    await expect(openTable(xls)).rejects.toMatchObject({ code: 'file_format_unsupported' });
    const fake = temp('fake.xlsx', 'NIK,NAMA\n1,A\n');
    await expect(openTable(fake)).rejects.toMatchObject({ code: 'file_unreadable' });
    await expect(openTable(temp('empty.csv', ''))).rejects.toMatchObject({ code: 'file_empty' });
    await expect(openTable(path.join(dir, 'missing.csv'))).rejects.toMatchObject({ code: 'file_unreadable' });
  });

  it('lets the rows be read only once and can be closed early', async () => {
    const table = await openTable(fixture('kemensos-bom-tabs.csv'));
    for await (const r of table.rows) {
      expect(r.rowNumber).toBe(2);
      break;
    }
    await table.close();
    await expect(readAll(table.rows)).rejects.toThrow(/only once/);
  });
});
