import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bontangMatcher, fixture } from '../../../../../test/fixtures/imports/regions.ts';
import { autoMap, resolveMapping } from '../parse/mapping.ts';
import { openTable, type TableRow } from '../parse/read.ts';
import { createRowProcessor, processRows } from './pipeline.ts';
import { reason } from './reasons.ts';
import { REPORT_COLUMNS, writeRejectionReport, type RejectionRow } from './report.ts';
import { createValidationContext } from './row.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tepat-report-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function readAll(rows: AsyncIterable<TableRow>): Promise<TableRow[]> {
  const out: TableRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

const headers = ['NIK', 'NAMA', 'TGL LAHIR', 'ALAMAT', 'LUAS'];
const rejected: RejectionRow[] = [
  {
    rowNumber: 7,
    cells: ['647401170880000', 'BUDI', new Date(Date.UTC(1980, 7, 17)), '=cmd|/C calc!A0', 36.5],
    findings: [
      reason('name_suspicious', { value: 'BUDI' }, 'name'),
      reason('region_unknown', { value: 'SEMPAJA' }, 'village'),
    ],
  },
  {
    rowNumber: 12,
    cells: ['6474011708800001', 'SITI; AMINAH', null, '+62 812', 1200],
    findings: [reason('desil_invalid', { value: '11' })],
  },
];

describe('rejection report', () => {
  it.each(['xlsx', 'csv'] as const)(
    'round-trips as %s: headers, values, reasons, escaping',
    async (format) => {
      const file = path.join(dir, `ditolak.${format}`);
      expect(await writeRejectionReport({ headers, rows: rejected, format, filePath: file })).toEqual({
        rows: 2,
      });
      const table = await openTable(file);
      expect(table.headers).toEqual([
        ...headers,
        REPORT_COLUMNS.rowNumber,
        REPORT_COLUMNS.codes,
        REPORT_COLUMNS.messagesId,
        REPORT_COLUMNS.messagesEn,
      ]);
      const rows = await readAll(table.rows);
      expect(rows).toHaveLength(2);
      const [a, b] = rows;
      expect(String(a?.cells[0])).toBe('647401170880000');
      expect(a?.cells[3]).toBe("'=cmd|/C calc!A0");
      expect(b?.cells[1]).toBe('SITI; AMINAH');
      expect(b?.cells[3]).toBe("'+62 812");
      expect(Number(a?.cells[5])).toBe(7);
      // Errors first.
      expect(a?.cells[6]).toBe('region_unknown, name_suspicious');
      expect(String(a?.cells[7])).toContain('tidak dikenal');
      expect(String(a?.cells[8])).toContain('is not known');
      if (format === 'csv') {
        expect(a?.cells[2]).toBe('17/08/1980');
        expect(a?.cells[4]).toBe('36,5');
        expect(fs.readFileSync(file).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      } else {
        expect(a?.cells[2]).toBeInstanceOf(Date);
        expect(a?.cells[4]).toBe(36.5);
      }
    },
  );

  it('lets a corrected report be imported again: the extra columns stay unmapped', async () => {
    const regions = bontangMatcher();
    const context = createValidationContext({
      source: 'kemensos',
      layout: 'person',
      regions,
      today: new Date('2025-09-01'),
    });
    const source = await openTable(fixture('kemensos-semicolon-cp1252.csv'));
    const resolved = resolveMapping(
      autoMap(source.headers, 'kemensos', { layout: 'person' }).mapping,
      source.headers,
    );
    const processor = createRowProcessor({ resolved, context });
    const bad: RejectionRow[] = [];
    for await (const r of processRows(source.rows, processor)) {
      if (r.result.rejected)
        bad.push({ rowNumber: r.rowNumber, cells: r.cells, findings: r.result.findings });
    }
    expect(bad.map((r) => r.rowNumber)).toEqual([7, 8, 9]);

    const report = path.join(dir, 'kembali.xlsx');
    await writeRejectionReport({ headers: source.headers, rows: bad, format: 'xlsx', filePath: report });

    // The kelurahan fixes the three rows in the report (simulated on the rows read back).
    const back = await openTable(report);
    const auto = autoMap(back.headers, 'kemensos', { layout: 'person' });
    expect(auto.unmatchedHeaders.map((h) => h.header)).toEqual(Object.values(REPORT_COLUMNS));
    const fixedRows = (await readAll(back.rows)).map((r) => {
      const cells = [...r.cells];
      if (r.rowNumber === 2) cells[1] = '6474011708800031';
      if (r.rowNumber === 3) {
        cells[9] = 'LOK TUAN';
        cells[10] = 'BONTANG UTARA';
      }
      if (r.rowNumber === 4) cells[11] = '1';
      return { rowNumber: r.rowNumber, cells, findings: [] };
    });
    const corrected = path.join(dir, 'diperbaiki.csv');
    await writeRejectionReport({
      headers: back.headers,
      rows: fixedRows,
      format: 'csv',
      filePath: corrected,
    });

    const again = await openTable(corrected);
    const resolvedAgain = resolveMapping(
      autoMap(again.headers, 'kemensos', { layout: 'person' }).mapping,
      again.headers,
    );
    const second = createRowProcessor({ resolved: resolvedAgain, context });
    const results = [];
    for await (const r of processRows(again.rows, second)) results.push(r.result);
    expect(results.map((r) => r.findings.map((f) => f.code))).toEqual([[], [], []]);
    expect(results[1]?.household?.villageCode).toBe('64.74.01.1003');
  });
});
