/**
 * XLSX reading as a stream, so a large workbook is never held in memory: rows of the chosen sheet
 * are yielded as they are unzipped (xlsx-reader.ts; exceljs' WorkbookReader for workbooks it does
 * not understand). Formulas give their cached result, rich text its plain text, hyperlinks their
 * text and error cells their code (#N/A).
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { AppError } from '../../../platform/errors.ts';
import type { Cell, TableRow } from './text.ts';
import { openXlsxWorkbook, XlsxFormatError, type XlsxWorkbook } from './xlsx-reader.ts';

/** A sheet chosen by name or by 1-based position; undefined picks the first sheet. */
export type SheetChoice = string | number | undefined;

export interface XlsxHandle {
  /** Sheet names in workbook order, known once the first sheet is reached. */
  sheets: () => string[];
  /** The name of the sheet being read. */
  sheet: () => string | null;
  rows: AsyncGenerator<TableRow>;
  close: () => void;
  /** Compressed bytes of the sheet read so far, and their total, for progress bars. */
  progress: { bytes: number; total: number };
}

interface SheetInfo {
  name: string;
  state?: string;
}

function sheetsOf(reader: unknown): SheetInfo[] {
  if (typeof reader !== 'object' || reader === null || !('model' in reader)) return [];
  const model: unknown = reader.model;
  if (typeof model !== 'object' || model === null || !('sheets' in model) || !Array.isArray(model.sheets))
    return [];
  const out: SheetInfo[] = [];
  for (const s of model.sheets as unknown[]) {
    if (typeof s === 'object' && s !== null && 'name' in s && typeof s.name === 'string') {
      out.push({ name: s.name, state: 'state' in s && typeof s.state === 'string' ? s.state : undefined });
    }
  }
  return out;
}

function nameOf(worksheet: unknown): string {
  if (
    typeof worksheet === 'object' &&
    worksheet !== null &&
    'name' in worksheet &&
    typeof worksheet.name === 'string'
  ) {
    return worksheet.name;
  }
  return '';
}

/** Turns an exceljs cell value into a plain cell. */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value !== 'object') return null;
  // Formulas are never evaluated: the value Excel stored with the formula is used.
  if ('formula' in value || 'sharedFormula' in value) return 'result' in value ? toCell(value.result) : null;
  if ('richText' in value && Array.isArray(value.richText)) {
    const text = value.richText
      .map((r: unknown) => (typeof r === 'object' && r !== null && 'text' in r ? String(r.text) : ''))
      .join('');
    return text === '' ? null : text;
  }
  if ('text' in value) return toCell(value.text);
  if ('error' in value && typeof value.error === 'string') return value.error;
  return null;
}

/**
 * Opens an XLSX file and positions on the chosen sheet. Throws `sheet_not_found` when the sheet
 * does not exist (the message lists the sheets that do). The fast reader of xlsx-reader.ts is
 * used; a workbook it cannot make sense of is read with exceljs instead.
 */
export async function openXlsx(filePath: string, choice: SheetChoice): Promise<XlsxHandle> {
  let workbook: XlsxWorkbook;
  try {
    workbook = await openXlsxWorkbook(filePath);
  } catch (error) {
    if (error instanceof XlsxFormatError) return openXlsxWithExceljs(filePath, choice);
    throw unreadable(error);
  }
  const names = workbook.sheets.map((s) => s.name);
  const visible = workbook.sheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden');
  const wanted =
    choice === undefined
      ? visible
      : typeof choice === 'number'
        ? workbook.sheets[choice - 1]
        : (workbook.sheets.find((s) => s.name === choice) ??
          workbook.sheets.find((s) => s.name.trim().toLowerCase() === String(choice).trim().toLowerCase()));
  if (!wanted) {
    workbook.close();
    const list = names.join(', ');
    throw new AppError(
      'sheet_not_found',
      400,
      {
        id: `Lembar kerja ${String(choice)} tidak ada. Lembar yang ada: ${list}.`,
        en: `Sheet ${String(choice)} does not exist. Sheets in the file: ${list}.`,
      },
      { sheets: names },
    );
  }
  const progress = { bytes: 0, total: 0 };
  const source = workbook.rows(wanted, progress);
  async function* rows(): AsyncGenerator<TableRow> {
    try {
      for (;;) {
        const next = await source.next();
        if (next.done) return;
        yield next.value;
      }
    } catch (error) {
      throw unreadable(error);
    } finally {
      await source.return(undefined);
      workbook.close();
    }
  }
  return {
    sheets: () => names,
    sheet: () => wanted.name,
    rows: rows(),
    close: () => workbook.close(),
    progress,
  };
}

/** The exceljs-based reader, kept for workbooks the fast reader does not understand. */
async function openXlsxWithExceljs(filePath: string, choice: SheetChoice): Promise<XlsxHandle> {
  const input = fs.createReadStream(filePath);
  const progress = { bytes: 0, total: (await fs.promises.stat(filePath)).size };
  input.on('data', (chunk: Buffer | string) => (progress.bytes += chunk.length));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell which number cells are dates.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const worksheets = reader[Symbol.asyncIterator]();
  let names: string[] = [];
  let current: string | null = null;
  let emitted = 0;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    input.destroy();
  };

  const notFound = () => {
    close();
    const list = names.join(', ');
    return new AppError(
      'sheet_not_found',
      400,
      {
        id: `Lembar kerja ${String(choice)} tidak ada. Lembar yang ada: ${list}.`,
        en: `Sheet ${String(choice)} does not exist. Sheets in the file: ${list}.`,
      },
      { sheets: names },
    );
  };

  // Find the wanted sheet before returning, so the caller learns at once whether it exists.
  let target: AsyncIterable<unknown> | null = null;
  try {
    for (;;) {
      const next = await worksheets.next();
      if (next.done) break;
      emitted++;
      const ws = next.value;
      const listed = sheetsOf(reader);
      if (listed.length > 0) names = listed.map((s) => s.name);
      const name = nameOf(ws) || `Sheet${emitted}`;
      if (listed.length === 0 && !names.includes(name)) names.push(name);
      const wanted =
        choice === undefined
          ? (listed.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden')?.name ?? name)
          : typeof choice === 'number'
            ? (listed[choice - 1]?.name ?? (listed.length === 0 && emitted === choice ? name : null))
            : choice;
      if (
        wanted !== null &&
        (name === wanted || name.trim().toLowerCase() === String(wanted).trim().toLowerCase())
      ) {
        current = name;
        target = ws as AsyncIterable<unknown>;
        break;
      }
    }
  } catch (error) {
    close();
    throw unreadable(error);
  }
  if (target === null) throw notFound();
  const sheetRows = target;

  async function* rows(): AsyncGenerator<TableRow> {
    try {
      for await (const row of sheetRows) {
        if (typeof row !== 'object' || row === null || !('number' in row) || !('values' in row)) continue;
        const values = row.values;
        if (!Array.isArray(values)) continue;
        // exceljs row values are 1-based: index 0 is always empty.
        const cells: Cell[] = new Array<Cell>(Math.max(0, values.length - 1));
        for (let i = 1; i < values.length; i++) cells[i - 1] = toCell(values[i]);
        yield { rowNumber: Number(row.number), cells };
      }
    } catch (error) {
      throw unreadable(error);
    } finally {
      close();
    }
  }

  return { sheets: () => names, sheet: () => current, rows: rows(), close, progress };
}

/** Lists the sheets of an XLSX file without reading their rows. */
export async function listXlsxSheets(filePath: string): Promise<string[]> {
  const handle = await openXlsx(filePath, undefined);
  handle.close();
  return handle.sheets();
}

function unreadable(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new AppError('file_unreadable', 400, {
    id: `Berkas XLSX tidak dapat dibaca (rusak atau bukan XLSX): ${detail}`,
    en: `The XLSX file cannot be read (damaged or not XLSX): ${detail}`,
  });
}
