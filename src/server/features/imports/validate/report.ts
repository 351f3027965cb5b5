/**
 * The rejection report sent back to a kelurahan: every original column under its original header,
 * then the row number in the file and the reasons in both languages. The kelurahan corrects the
 * rows and re-imports the same file: the extra columns are simply not mapped.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { csvField, escapeCell } from '../../../platform/files/escape.ts';
import { dateToIso, type Cell } from '../parse/text.ts';
import type { RowFinding } from './reasons.ts';

/** Headers of the columns the report adds after the original ones. */
export const REPORT_COLUMNS = {
  rowNumber: 'BARIS_FILE',
  codes: 'KODE_ALASAN',
  messagesId: 'KETERANGAN',
  messagesEn: 'REASON',
} as const;

export interface RejectionRow {
  /** Row number in the original file. */
  rowNumber: number;
  /** The row's cells as read. */
  cells: readonly Cell[];
  findings: readonly RowFinding[];
}

export interface RejectionReportOptions {
  /** Original headers, in file order. */
  headers: readonly string[];
  rows: Iterable<RejectionRow> | AsyncIterable<RejectionRow>;
  format: 'xlsx' | 'csv';
  filePath: string;
  /** CSV delimiter; default ';', which Excel in an Indonesian locale opens as columns. */
  delimiter?: string;
}

const SEPARATOR = ' | ';

function ordered(findings: readonly RowFinding[]): RowFinding[] {
  return [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

function reasonCells(row: RejectionRow): [number, string, string, string] {
  const list = ordered(row.findings);
  return [
    row.rowNumber,
    list.map((f) => f.code).join(', '),
    list.map((f) => f.message.id).join(SEPARATOR),
    list.map((f) => f.message.en).join(SEPARATOR),
  ];
}

function dmy(date: Date): string {
  const iso = dateToIso(date) ?? '';
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

// Text for a CSV cell, written so that our own reader reads it back to the same value.
function csvText(cell: Cell | undefined): string | number | boolean | null {
  if (cell === null || cell === undefined) return null;
  if (cell instanceof Date) return dmy(cell);
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(cell).replace('.', ',');
  return cell;
}

/**
 * Writes the rejection report as XLSX (streamed with exceljs' WorkbookWriter) or CSV (UTF-8 with
 * BOM, so Excel shows names correctly). Every text cell is escaped against formula injection.
 * Returns the number of rows written.
 */
export async function writeRejectionReport(opts: RejectionReportOptions): Promise<{ rows: number }> {
  return opts.format === 'csv' ? writeCsv(opts) : writeXlsx(opts);
}

function allHeaders(headers: readonly string[]): string[] {
  return [
    ...headers,
    REPORT_COLUMNS.rowNumber,
    REPORT_COLUMNS.codes,
    REPORT_COLUMNS.messagesId,
    REPORT_COLUMNS.messagesEn,
  ];
}

async function writeCsv(opts: RejectionReportOptions): Promise<{ rows: number }> {
  const delimiter = opts.delimiter ?? ';';
  const width = opts.headers.length;
  const out = fs.createWriteStream(opts.filePath, { encoding: 'utf8' });
  const failed = once(out, 'error').then(([error]) => {
    throw error;
  });
  // Raced against every wait below; marked handled so an error between waits does not crash.
  failed.catch(() => undefined);
  const write = async (line: string) => {
    if (!out.write(line)) await Promise.race([once(out, 'drain'), failed]);
  };
  let count = 0;
  try {
    await write(
      `\ufeff${allHeaders(opts.headers)
        .map((h) => csvField(h, delimiter))
        .join(delimiter)}\r\n`,
    );
    for await (const row of opts.rows) {
      const fields: string[] = [];
      for (let i = 0; i < width; i++) fields.push(csvField(csvText(row.cells[i]), delimiter));
      for (const v of reasonCells(row)) fields.push(csvField(v, delimiter));
      await write(`${fields.join(delimiter)}\r\n`);
      count++;
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
  } catch (error) {
    out.destroy();
    throw error;
  }
  return { rows: count };
}

async function writeXlsx(opts: RejectionReportOptions): Promise<{ rows: number }> {
  const width = opts.headers.length;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: opts.filePath,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('Ditolak', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = allHeaders(opts.headers).map((_, i) => ({
    width: i >= width + 2 ? 60 : i === width + 1 ? 24 : 18,
  }));
  const header = sheet.addRow(allHeaders(opts.headers).map((h) => escapeCell(h)));
  header.font = { bold: true };
  header.commit();
  let count = 0;
  for await (const row of opts.rows) {
    const values: (string | number | boolean | Date | null)[] = [];
    for (let i = 0; i < width; i++) values.push(escapeCell(row.cells[i] ?? null));
    for (const v of reasonCells(row)) values.push(escapeCell(v));
    const added = sheet.addRow(values);
    values.forEach((v, i) => {
      if (v instanceof Date) added.getCell(i + 1).numFmt = 'dd/mm/yyyy';
    });
    added.commit();
    count++;
  }
  sheet.commit();

  const help = workbook.addWorksheet('Petunjuk');
  for (const line of [
    'Perbaiki nilai pada baris yang ditolak sesuai kolom KETERANGAN, lalu impor ulang berkas ini.',
    'Kolom BARIS_FILE, KODE_ALASAN, KETERANGAN dan REASON boleh dibiarkan: kolom itu diabaikan saat impor.',
    'Simpan NIK dan nomor KK sebagai teks (bukan angka) agar digit terakhir tidak berubah menjadi 0.',
    'Fix the values of the rejected rows as the REASON column says, then import this file again.',
    'The columns BARIS_FILE, KODE_ALASAN, KETERANGAN and REASON may stay: they are ignored on import.',
    'Keep NIK and KK numbers as text (not numbers) so their last digits do not turn into 0.',
  ]) {
    help.addRow([line]).commit();
  }
  help.commit();
  await workbook.commit();
  return { rows: count };
}
