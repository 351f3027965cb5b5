/**
 * CSV reading as a stream: encoding detection (UTF-8 with or without BOM, UTF-16 with BOM, else
 * Windows-1252, the encoding of Excel's "CSV" export on Indonesian Windows), delimiter sniffing
 * (comma, semicolon, tab, pipe) and records yielded one by one with their record number.
 */
import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import type { Cell, TableRow } from './text.ts';

export type CsvEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export interface CsvDetection {
  encoding: CsvEncoding;
  /** Bytes to skip at the start of the file (the byte-order mark). */
  bomLength: number;
  /** True when the file was not valid UTF-8 and is read as Windows-1252. */
  fallback: boolean;
}

const SNIFF_BYTES = 64 * 1024;
const CHUNK = 1024 * 1024;

/**
 * Detects the encoding: a byte-order mark wins; otherwise the whole file is checked for valid
 * UTF-8 (a fast native check, stopping at the first invalid byte) because a single 'MUNDÉ' in
 * Windows-1252 may sit on row 900,000.
 */
export async function detectEncoding(filePath: string): Promise<CsvDetection> {
  const handle = await fs.promises.open(filePath, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    if (bytesRead >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
      return { encoding: 'utf-8', bomLength: 3, fallback: !(await isUtf8File(handle, 3)) };
    }
    if (bytesRead >= 2 && head[0] === 0xff && head[1] === 0xfe)
      return { encoding: 'utf-16le', bomLength: 2, fallback: false };
    if (bytesRead >= 2 && head[0] === 0xfe && head[1] === 0xff)
      return { encoding: 'utf-16be', bomLength: 2, fallback: false };
    const valid = await isUtf8File(handle, 0);
    return { encoding: valid ? 'utf-8' : 'windows-1252', bomLength: 0, fallback: !valid };
  } finally {
    await handle.close();
  }
}

// Start of an incomplete multi-byte sequence at the end of a buffer, or its length if none.
function incompleteTail(buf: Buffer, end: number): number {
  for (let i = end - 1; i >= 0 && i >= end - 4; i--) {
    const b = buf[i] ?? 0;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return end - i < need ? i : end;
  }
  return end;
}

async function isUtf8File(handle: fs.promises.FileHandle, start: number): Promise<boolean> {
  const buf = Buffer.alloc(CHUNK + 4);
  let carry = 0;
  let position = start;
  for (;;) {
    const { bytesRead } = await handle.read(buf, carry, CHUNK, position);
    position += bytesRead;
    const end = carry + bytesRead;
    if (bytesRead === 0) return carry === 0;
    const cut = incompleteTail(buf, end);
    if (!isUtf8(buf.subarray(0, cut))) return false;
    buf.copy(buf, 0, cut, end);
    carry = end - cut;
  }
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * Picks the delimiter that splits the first lines most consistently: for each candidate, the most
 * common non-zero count of delimiters outside quotes per line, weighted by how many lines share
 * it. Title rows above the header have few delimiters and do not disturb the vote.
 */
export function sniffDelimiter(sample: string): string {
  const lines = sample.split(/\r?\n/).slice(0, 60);
  if (lines.length > 1 && !sample.endsWith('\n')) lines.pop();
  let best: string = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = new Map<number, number>();
    for (const line of lines) {
      let n = 0;
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const ch = line[i];
        if (ch === '"') quoted = !quoted;
        else if (ch === d && !quoted) n++;
      }
      if (n > 0) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    for (const [n, lineCount] of counts) {
      const score = lineCount * 1000 + n;
      if (score > bestScore) {
        bestScore = score;
        best = d;
      }
    }
  }
  return best;
}

function codecOf(encoding: CsvEncoding): string {
  if (encoding === 'windows-1252') return 'win1252';
  return encoding === 'utf-16le' ? 'utf16le' : encoding === 'utf-16be' ? 'utf16-be' : 'utf8';
}

/** Bytes of the file read so far, for progress bars. */
export interface ReadProgress {
  bytes: number;
  total: number;
}

function decodedStream(
  filePath: string,
  detection: CsvDetection,
  progress?: ReadProgress,
): { stream: NodeJS.ReadableStream; destroy(): void } {
  const raw = fs.createReadStream(filePath, { start: detection.bomLength });
  if (progress) raw.on('data', (chunk: Buffer | string) => (progress.bytes += chunk.length));
  if (detection.encoding === 'utf-8') {
    raw.setEncoding('utf8');
    return { stream: raw, destroy: () => raw.destroy() };
  }
  const decoder = iconv.decodeStream(codecOf(detection.encoding));
  raw.on('error', (error) => decoder.emit('error', error));
  return {
    stream: raw.pipe(decoder),
    destroy() {
      raw.destroy();
      if (decoder instanceof Transform) decoder.destroy();
    },
  };
}

/** Reads the first characters of the file in its encoding, for delimiter sniffing. */
export async function readSample(filePath: string, detection: CsvDetection): Promise<string> {
  const handle = await fs.promises.open(filePath, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, detection.bomLength);
    const bytes = buf.subarray(0, bytesRead);
    return detection.encoding === 'utf-8'
      ? bytes.toString('utf8')
      : iconv.decode(bytes, codecOf(detection.encoding));
  } finally {
    await handle.close();
  }
}

/**
 * Streams the records of a CSV file. Record numbers count every record, empty ones included, so
 * they equal the row numbers a spreadsheet program shows when it opens the file.
 */
export async function* csvRows(
  filePath: string,
  detection: CsvDetection,
  delimiter: string,
  progress?: ReadProgress,
): AsyncGenerator<TableRow> {
  const input = decodedStream(filePath, detection, progress);
  const parser = parse({
    delimiter,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: false,
    bom: false,
  });
  // pipe() does not forward errors: a read error must end the parser, not leave it waiting.
  input.stream.on('error', (error: Error) => parser.destroy(error));
  input.stream.pipe(parser);
  let rowNumber = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNumber++;
      const cells: Cell[] = new Array<Cell>(record.length);
      for (let i = 0; i < record.length; i++) {
        const v = record[i] ?? '';
        cells[i] = v === '' ? null : v;
      }
      yield { rowNumber, cells };
    }
  } finally {
    input.destroy();
    parser.destroy();
  }
}
