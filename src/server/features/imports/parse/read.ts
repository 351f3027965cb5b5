/**
 * Opens an import file (XLSX or CSV) as a table: finds the header row below any title rows,
 * gives the headers and a preview, and streams the data rows one by one so that files of a
 * million rows are read in constant memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../platform/errors.ts';
import { reason, type RowFinding } from '../validate/reasons.ts';
import { csvRows, detectEncoding, readSample, sniffDelimiter, type CsvEncoding } from './csv.ts';
import { isKnownHeader } from './fields.ts';
import { cellText, type Cell, type TableRow } from './text.ts';
import { openXlsx, type SheetChoice } from './xlsx.ts';

export type { Cell, TableRow } from './text.ts';

export type TableFormat = 'csv' | 'xlsx';

/** Default upper limit of an import file, as TEPAT_MAX_UPLOAD_MB's default. */
export const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;

export interface OpenTableOptions {
  /** XLSX sheet by name or 1-based position; default the first visible sheet. */
  sheet?: SheetChoice;
  /** Largest accepted file in bytes; default {@link DEFAULT_MAX_BYTES}. */
  maxBytes?: number;
  /** 1-based row number of the header, skipping detection (from a saved mapping). */
  headerRow?: number;
  /** Format, when the extension or content should not decide. */
  format?: TableFormat;
  /** CSV encoding, skipping detection. */
  encoding?: CsvEncoding;
  /** CSV delimiter, skipping sniffing. */
  delimiter?: string;
  /** Rows scanned to find the header; default 30. */
  scanRows?: number;
  /** Data rows kept in `preview`; default 20. They are still yielded by `rows`. */
  previewRows?: number;
}

export interface OpenedTable {
  format: TableFormat;
  /** XLSX sheet names in workbook order (empty for CSV). */
  sheets: string[];
  /** The sheet being read (null for CSV). */
  sheet: string | null;
  /** CSV encoding used (null for XLSX). */
  encoding: CsvEncoding | null;
  /** CSV delimiter used (null for XLSX). */
  delimiter: string | null;
  /** 1-based row number of the header row in the file. */
  headerRowNumber: number;
  /** Header texts as written (trimmed), one per column; empty string for a blank header cell. */
  headers: string[];
  /** Row numbers of a column-numbering row (1, 2, 3, ...) under the header, skipped. */
  skippedRows: number[];
  /** The first data rows, for the mapping preview. */
  preview: TableRow[];
  /** Data rows after the header, in file order, empty rows left out. Can be iterated once. */
  rows: AsyncIterable<TableRow>;
  /** File-level notes, e.g. the Windows-1252 fallback. */
  fileFindings: RowFinding[];
  /** Stops reading and releases the file; safe to call twice. */
  close(): Promise<void>;
  /** Bytes read so far and their total (the compressed sheet of an XLSX file), for progress bars. */
  progress(): { bytes: number; total: number };
}

/** Throws `file_too_large` when a file exceeds the limit, with sizes in the message. */
export function assertFileSize(bytes: number, maxBytes: number): void {
  if (bytes <= maxBytes) return;
  const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
  throw new AppError(
    'file_too_large',
    413,
    {
      id: `Berkas terlalu besar (${mb(bytes).replace('.', ',')} MB); batasnya ${mb(maxBytes).replace('.', ',')} MB. Pecah berkas per kecamatan atau minta administrator menaikkan TEPAT_MAX_UPLOAD_MB.`,
      en: `The file is too large (${mb(bytes)} MB); the limit is ${mb(maxBytes)} MB. Split it by kecamatan or ask the administrator to raise TEPAT_MAX_UPLOAD_MB.`,
    },
    { bytes, maxBytes },
  );
}

async function detectFormat(filePath: string, forced?: TableFormat): Promise<TableFormat> {
  if (forced) return forced;
  const handle = await fs.promises.open(filePath, 'r');
  const head = Buffer.alloc(8);
  const bytesRead = await handle
    .read(head, 0, 8, 0)
    .then((r) => r.bytesRead)
    .finally(() => handle.close());
  if (bytesRead === 0) {
    throw new AppError('file_empty', 400, { id: 'Berkas kosong.', en: 'The file is empty.' });
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new AppError('file_format_unsupported', 415, {
      id: 'Berkas .xls (Excel 97–2003) tidak didukung. Buka di Excel lalu simpan sebagai .xlsx atau .csv.',
      en: 'Old .xls files (Excel 97–2003) are not supported. Open the file in Excel and save it as .xlsx or .csv.',
    });
  }
  const ext = path.extname(filePath).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') {
    throw new AppError('file_unreadable', 400, {
      id: 'Berkas bernama .xlsx tetapi isinya bukan XLSX.',
      en: 'The file is named .xlsx but its content is not XLSX.',
    });
  }
  return 'csv';
}

function isEmptyRow(cells: readonly Cell[]): boolean {
  for (const c of cells) if (cellText(c) !== null) return false;
  return true;
}

const NUMERIC_LIKE = /^[\d\s.,/:+-]+$/;

/**
 * Index of the header row among the first rows: the row with the most cells that are known column
 * names; without any, the row with the most non-empty text cells that do not look like numbers or
 * dates. A single filled cell (a title row) never counts as a header.
 */
export function detectHeaderRow(rows: readonly TableRow[]): number {
  let best = -1;
  let bestScore = -1;
  rows.forEach((row, index) => {
    let filled = 0;
    let known = 0;
    let texts = 0;
    for (const cell of row.cells) {
      const text = cellText(cell);
      if (text === null) continue;
      filled++;
      if (typeof cell !== 'string') continue;
      if (isKnownHeader(text)) known++;
      if (!NUMERIC_LIKE.test(text) && text.length <= 80) texts++;
    }
    if (filled < 2) return;
    const score = known * 1000 + texts;
    if (score > bestScore) {
      bestScore = score;
      best = index;
    }
  });
  return best;
}

// A row under the header numbering the columns: (1) (2) (3) or 1 2 3 ...
function isNumberingRow(cells: readonly Cell[]): boolean {
  let expected = 0;
  let count = 0;
  for (const cell of cells) {
    const text = cellText(cell);
    if (text === null) continue;
    const n = Number(text.replace(/^\((\d+)\)$/, '$1'));
    if (!Number.isInteger(n)) return false;
    if (count === 0) expected = n;
    if (n !== expected) return false;
    expected++;
    count++;
  }
  return count >= 3;
}

function headerText(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).replace(/\s+/g, ' ').trim();
}

/**
 * Opens an XLSX or CSV file for import. Checks the size limit first (`file_too_large`), detects
 * format, CSV encoding and delimiter, picks the sheet, finds the header row among the first rows
 * (title rows above it are common in government files) and returns headers, a preview and the
 * stream of data rows. Empty rows are skipped; row numbers stay those of the file.
 */
export async function openTable(filePath: string, opts: OpenTableOptions = {}): Promise<OpenedTable> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(filePath);
  } catch {
    throw new AppError('file_unreadable', 400, {
      id: 'Berkas tidak ditemukan.',
      en: 'The file was not found.',
    });
  }
  assertFileSize(stat.size, opts.maxBytes ?? DEFAULT_MAX_BYTES);
  const format = await detectFormat(filePath, opts.format);
  const fileFindings: RowFinding[] = [];

  let source: AsyncGenerator<TableRow>;
  let sheets: () => string[] = () => [];
  let sheet: () => string | null = () => null;
  let encoding: CsvEncoding | null = null;
  let delimiter: string | null = null;
  let closeSource: () => void;
  let readProgress: { bytes: number; total: number } = { bytes: 0, total: stat.size };
  if (format === 'xlsx') {
    const handle = await openXlsx(filePath, opts.sheet);
    source = handle.rows;
    sheets = handle.sheets;
    sheet = handle.sheet;
    closeSource = handle.close;
    readProgress = handle.progress;
  } else {
    const detection = opts.encoding
      ? { encoding: opts.encoding, bomLength: 0, fallback: false }
      : await detectEncoding(filePath);
    if (detection.fallback) fileFindings.push(reason('encoding_fallback'));
    encoding = detection.encoding;
    delimiter = opts.delimiter ?? sniffDelimiter(await readSample(filePath, detection));
    source = csvRows(filePath, detection, delimiter, readProgress);
    closeSource = () => void source.return(undefined);
  }

  let exhausted = false;
  const pull = async (): Promise<TableRow | null> => {
    if (exhausted) return null;
    for (;;) {
      const next = await source.next();
      if (next.done) {
        exhausted = true;
        return null;
      }
      if (!isEmptyRow(next.value.cells)) return next.value;
    }
  };

  try {
    const buffered: TableRow[] = [];
    const scanRows = opts.scanRows ?? 30;
    const headerRow = opts.headerRow;
    for (;;) {
      if (
        headerRow !== undefined ? buffered.some((r) => r.rowNumber >= headerRow) : buffered.length >= scanRows
      )
        break;
      const row = await pull();
      if (row === null) break;
      buffered.push(row);
    }
    const headerIndex =
      headerRow !== undefined
        ? buffered.findIndex((r) => r.rowNumber === headerRow)
        : detectHeaderRow(buffered);
    const header = buffered[headerIndex];
    if (!header) {
      throw new AppError(
        'header_not_found',
        400,
        headerRow !== undefined
          ? {
              id: `Baris judul kolom ${headerRow} kosong atau tidak ada.`,
              en: `Header row ${headerRow} is empty or missing.`,
            }
          : {
              id: 'Baris judul kolom tidak ditemukan: berkas kosong atau hanya berisi satu kolom.',
              en: 'No header row found: the file is empty or has a single column.',
            },
      );
    }
    const headers = header.cells.map(headerText);
    while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();

    const pending = buffered.slice(headerIndex + 1);
    const skippedRows: number[] = [];
    const wantPreview = opts.previewRows ?? 20;
    while (pending.length < wantPreview + 1) {
      const row = await pull();
      if (row === null) break;
      pending.push(row);
    }
    const first = pending[0];
    if (first && isNumberingRow(first.cells)) {
      skippedRows.push(first.rowNumber);
      pending.shift();
    }
    const preview = pending.slice(0, wantPreview);

    let started = false;
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      closeSource();
    };
    async function* rows(): AsyncGenerator<TableRow> {
      if (started) throw new Error('The rows of an opened table can be read only once.');
      started = true;
      try {
        while (pending.length > 0) {
          const row = pending.shift();
          if (row) yield row;
        }
        for (;;) {
          if (closed) return;
          const row = await pull();
          if (row === null) return;
          yield row;
        }
      } finally {
        await close();
      }
    }

    return {
      format,
      sheets: sheets(),
      sheet: sheet(),
      encoding,
      delimiter,
      headerRowNumber: header.rowNumber,
      headers,
      skippedRows,
      preview,
      rows: { [Symbol.asyncIterator]: rows },
      fileFindings,
      close,
      progress: () => ({
        bytes: Math.min(readProgress.bytes, readProgress.total),
        total: readProgress.total,
      }),
    };
  } catch (error) {
    closeSource();
    throw error;
  }
}
