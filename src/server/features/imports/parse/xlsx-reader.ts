/**
 * A small streaming XLSX reader: the ZIP central directory is read with random access, the chosen
 * worksheet is inflated as a stream and its XML scanned row by row with plain string searches.
 * exceljs' WorkbookReader builds a full cell model for every cell and needed 14 s of CPU for the
 * 90,000 rows of the demo extract; this reader needs a fraction of that and still never holds the
 * sheet in memory. Shared strings are kept (a sheet refers to them by index), as exceljs does.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { TableRow } from './text.ts';
import { decodeEntities, SheetScanner } from './xlsx-sheet-scanner.ts';

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

export interface XlsxSheetInfo {
  name: string;
  state: string;
  /** Path of the worksheet part inside the archive. */
  part: string;
}

export interface XlsxWorkbook {
  sheets: XlsxSheetInfo[];
  /** Streams the rows of one sheet; empty rows in the XML are yielded with no cells. */
  rows(sheet: XlsxSheetInfo, progress?: { bytes: number; total: number }): AsyncGenerator<TableRow>;
  close(): void;
}

/** A structural problem with the archive or its XML, reported to the user as an unreadable file. */
export class XlsxFormatError extends Error {}

async function readAt(handle: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buf, 0, length, position);
  return bytesRead === length ? buf : buf.subarray(0, bytesRead);
}

async function readCentralDirectory(
  handle: fs.promises.FileHandle,
  size: number,
): Promise<Map<string, ZipEntry>> {
  const tailLength = Math.min(size, 65_557);
  const tail = await readAt(handle, size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxFormatError('no ZIP end-of-central-directory record');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff || count === 0xffff) {
    // ZIP64: the locator sits just before the classic record.
    const locator = eocd - 20;
    if (locator < 0 || tail.readUInt32LE(locator) !== 0x07064b50)
      throw new XlsxFormatError('bad ZIP64 locator');
    const recordOffset = Number(tail.readBigUInt64LE(locator + 8));
    const record = await readAt(handle, recordOffset, 56);
    if (record.readUInt32LE(0) !== 0x06064b50) throw new XlsxFormatError('bad ZIP64 record');
    count = Number(record.readBigUInt64LE(32));
    cdSize = Number(record.readBigUInt64LE(40));
    cdOffset = Number(record.readBigUInt64LE(48));
  }
  const cd = await readAt(handle, cdOffset, cdSize);
  const entries = new Map<string, ZipEntry>();
  let p = 0;
  for (let i = 0; i < count && p + 46 <= cd.length; i++) {
    if (cd.readUInt32LE(p) !== 0x02014b50) throw new XlsxFormatError('bad ZIP central directory');
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    let compressedSize = cd.readUInt32LE(p + 20);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    let localHeaderOffset = cd.readUInt32LE(p + 42);
    const name = cd.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLength);
    if (compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      // ZIP64 extra field: the 64-bit values appear in a fixed order, only for fields set to 0xFFFFFFFF.
      const uncompressed32 = cd.readUInt32LE(p + 24);
      let e = p + 46 + nameLength;
      const end = e + extraLength;
      while (e + 4 <= end) {
        const id = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          if (uncompressed32 === 0xffffffff) q += 8;
          if (compressedSize === 0xffffffff) {
            compressedSize = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = Number(cd.readBigUInt64LE(q));
          break;
        }
        e += 4 + len;
      }
    }
    if (flags & 0x1) throw new XlsxFormatError('encrypted ZIP entries are not supported');
    entries.set(name, { name, method, compressedSize, localHeaderOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Decodes text taken from the XML: the parts are read as Latin-1 (a plain byte copy, several
 * times faster than UTF-8 decoding of 200 MB of markup), so non-ASCII text is turned back into
 * UTF-8 here, before entities are resolved; then XML entities and the `_xHHHH_` escapes OOXML
 * uses for control characters.
 */
export function decodeXmlText(text: string): string {
  return decodeEntities(NON_ASCII.test(text) ? Buffer.from(text, 'latin1').toString('utf8') : text);
}

const WHITESPACE = /[\t\n\r]/;

/** The value of an attribute in a start tag's text, or null. */
export function attr(tag: string, name: string): string | null {
  for (const quote of ['"', "'"]) {
    const needle = ` ${name}=${quote}`;
    let i = tag.indexOf(needle);
    if (i < 0) {
      // Attributes may be separated by a line break or tab instead of a space (rare).
      if (!WHITESPACE.test(tag)) continue;
      const m = new RegExp(`\\s${name}=${quote}`).exec(tag);
      if (!m) continue;
      i = m.index;
    }
    const start = i + needle.length;
    const end = tag.indexOf(quote, start);
    if (end < 0) return null;
    return decodeXmlText(tag.slice(start, end));
  }
  return null;
}

/** 0-based column index of a cell reference such as `AB12`, or -1. */
export function columnIndex(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return i === 0 ? -1 : n - 1;
}

// Built-in number formats that show a date or time (ECMA-376 §18.8.30, plus the CJK date ids).
const DATE_FORMAT_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** Whether a custom number format code shows a date: d, m, y (or h, s) outside quotes and brackets. */
export function isDateFormat(code: string): boolean {
  const stripped = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '');
  if (/^general$/i.test(stripped.trim())) return false;
  return /[dmyhs]/i.test(stripped);
}

/** Names of the `<t>` texts of an `<si>` or `<is>` element, phonetic runs (`<rPh>`) left out. */
function richText(xml: string, p: string): string {
  let out = '';
  let pos = 0;
  const tOpen = `<${p}t`;
  const tClose = `</${p}t>`;
  const phOpen = `<${p}rPh`;
  const phClose = `</${p}rPh>`;
  for (;;) {
    const t = xml.indexOf(tOpen, pos);
    if (t < 0) break;
    const ph = xml.indexOf(phOpen, pos);
    if (ph >= 0 && ph < t) {
      const end = xml.indexOf(phClose, ph);
      if (end < 0) break;
      pos = end + phClose.length;
      continue;
    }
    const next = xml.charCodeAt(t + tOpen.length);
    // `<t>` or `<t xml:space="preserve">`, not `<tabColor>` or similar.
    if (next !== 62 && next !== 32) {
      pos = t + tOpen.length;
      continue;
    }
    const gt = xml.indexOf('>', t);
    if (gt < 0) break;
    if (xml.charCodeAt(gt - 1) === 47) {
      pos = gt + 1;
      continue;
    }
    const end = xml.indexOf(tClose, gt);
    if (end < 0) break;
    out += xml.slice(gt + 1, end);
    pos = end + tClose.length;
  }
  return decodeXmlText(out);
}

function prefixOf(xml: string, local: string): string {
  const m = new RegExp(`<([A-Za-z_][\\w.-]*:)?${local}[\\s>/]`).exec(xml);
  return m?.[1] ?? '';
}

async function* bufferChunksOf(
  file: string,
  entry: ZipEntry,
  handle: fs.promises.FileHandle,
  streams: Set<NodeJS.ReadableStream & { destroy(): void }>,
  progress?: { bytes: number; total: number },
): AsyncGenerator<Buffer> {
  const local = await readAt(handle, entry.localHeaderOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50)
    throw new XlsxFormatError('bad ZIP local header');
  const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (entry.compressedSize === 0) return;
  const raw = fs.createReadStream(file, {
    start,
    end: start + entry.compressedSize - 1,
    highWaterMark: 1 << 20,
  });
  if (progress) {
    progress.total = entry.compressedSize;
    raw.on('data', (chunk: Buffer | string) => (progress.bytes += chunk.length));
  }
  let stream: NodeJS.ReadableStream & { destroy(): void } = raw;
  if (entry.method === 8) {
    const inflate = zlib.createInflateRaw({ chunkSize: 256 * 1024 });
    raw.on('error', (e) => inflate.destroy(e));
    stream = raw.pipe(inflate);
  } else if (entry.method !== 0) {
    raw.destroy();
    throw new XlsxFormatError(`unsupported ZIP compression method ${entry.method}`);
  }
  streams.add(raw);
  streams.add(stream);
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } finally {
    raw.destroy();
    stream.destroy();
    streams.delete(raw);
    streams.delete(stream);
  }
}

// The same chunks as Latin-1 text (see decodeXmlText), for the small parts scanned as strings.
async function* chunksOf(
  file: string,
  entry: ZipEntry,
  handle: fs.promises.FileHandle,
  streams: Set<NodeJS.ReadableStream & { destroy(): void }>,
): AsyncGenerator<string> {
  for await (const chunk of bufferChunksOf(file, entry, handle, streams)) yield chunk.toString('latin1');
}

async function readWhole(
  file: string,
  entry: ZipEntry,
  handle: fs.promises.FileHandle,
  streams: Set<NodeJS.ReadableStream & { destroy(): void }>,
): Promise<string> {
  let text = '';
  for await (const chunk of chunksOf(file, entry, handle, streams)) text += chunk;
  return text;
}

/**
 * Scans a stream of XML text for complete elements named `local` (e.g. `row`, `si`), calling
 * `each` with the element's text. Self-closing elements are passed too. Stops at `stopAt`.
 */
async function* elements(
  chunks: AsyncGenerator<string>,
  local: string,
  stopAt: string | null,
): AsyncGenerator<{ xml: string; prefix: string }> {
  let buffer = '';
  let prefix: string | null = null;
  for await (const chunk of chunks) {
    buffer += chunk;
    if (prefix === null) {
      const scope = stopAt ? stopAt.replace(/^<\//, '').replace(/>$/, '') : local;
      if (!new RegExp(`<([\\w.-]+:)?(${scope}|${local})[\\s>/]`).test(buffer)) {
        if (buffer.length > 1 << 22) buffer = buffer.slice(-1024);
        continue;
      }
      prefix = prefixOf(buffer, stopAt ? scope : local);
    }
    const open = `<${prefix}${local}`;
    const close = `</${prefix}${local}>`;
    const stop = stopAt ? `</${prefix}${stopAt.slice(2)}` : null;
    let pos = 0;
    let done = false;
    const stopPos = stop ? buffer.indexOf(stop) : -1;
    for (;;) {
      let start = buffer.indexOf(open, pos);
      while (start >= 0) {
        const c = buffer.charCodeAt(start + open.length);
        if (c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13) break;
        start = buffer.indexOf(open, start + open.length);
      }
      if (stopPos >= 0 && (start < 0 || stopPos < start)) {
        done = true;
        break;
      }
      if (start < 0) {
        // Keep a tail that may hold the first letters of the next start tag.
        pos = Math.max(pos, buffer.length - open.length);
        break;
      }
      const gt = buffer.indexOf('>', start);
      if (gt < 0) {
        pos = start;
        break;
      }
      if (buffer.charCodeAt(gt - 1) === 47) {
        yield { xml: buffer.slice(start, gt + 1), prefix };
        pos = gt + 1;
        continue;
      }
      const end = buffer.indexOf(close, gt);
      if (end < 0) {
        pos = start;
        break;
      }
      yield { xml: buffer.slice(start, end + close.length), prefix };
      pos = end + close.length;
    }
    if (done) return;
    buffer = buffer.slice(pos);
  }
}

function resolvePart(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

/** Opens an XLSX archive: lists its sheets and prepares shared strings and date styles on demand. */
export async function openXlsxWorkbook(file: string): Promise<XlsxWorkbook> {
  const handle = await fs.promises.open(file, 'r');
  const streams = new Set<NodeJS.ReadableStream & { destroy(): void }>();
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    for (const s of streams) s.destroy();
    void handle.close().catch(() => undefined);
  };
  try {
    const { size } = await handle.stat();
    const entries = await readCentralDirectory(handle, size);
    const find = (name: string) =>
      entries.get(name) ?? [...entries.values()].find((e) => e.name.toLowerCase() === name.toLowerCase());
    let workbookPart = 'xl/workbook.xml';
    if (!find(workbookPart)) {
      const rootRels = find('_rels/.rels');
      if (!rootRels) throw new XlsxFormatError('no workbook part');
      const xml = await readWhole(file, rootRels, handle, streams);
      const m = /Target="([^"]*workbook[^"]*\.xml)"/i.exec(xml);
      if (!m?.[1]) throw new XlsxFormatError('no workbook part');
      workbookPart = resolvePart('', m[1]);
    }
    const workbookEntry = find(workbookPart);
    if (!workbookEntry) throw new XlsxFormatError('no workbook part');
    const workbookXml = await readWhole(file, workbookEntry, handle, streams);
    const relsPart = resolvePart(workbookPart, `_rels/${workbookPart.split('/').pop() ?? ''}.rels`);
    const relsEntry = find(relsPart);
    const rels = new Map<string, { type: string; target: string }>();
    if (relsEntry) {
      const xml = await readWhole(file, relsEntry, handle, streams);
      for (const m of xml.matchAll(/<(?:[\w.-]+:)?Relationship\b[^>]*>/g)) {
        const id = attr(m[0], 'Id');
        const target = attr(m[0], 'Target');
        if (id && target)
          rels.set(id, { type: attr(m[0], 'Type') ?? '', target: resolvePart(workbookPart, target) });
      }
    }
    const sheets: XlsxSheetInfo[] = [];
    for (const m of workbookXml.matchAll(/<(?:[\w.-]+:)?sheet\s[^>]*>/g)) {
      const tag = m[0];
      const name = attr(tag, 'name') ?? `Sheet${sheets.length + 1}`;
      const rid = /\s[\w.-]+:id=["']([^"']+)["']/.exec(tag)?.[1] ?? '';
      const rel = rels.get(rid);
      const part = rel?.target ?? `xl/worksheets/sheet${sheets.length + 1}.xml`;
      sheets.push({ name, state: attr(tag, 'state') ?? 'visible', part });
    }
    if (sheets.length === 0) throw new XlsxFormatError('the workbook lists no sheets');
    const date1904 = /<(?:[\w.-]+:)?workbookPr\b[^>]*\sdate1904=["'](1|true)["']/.test(workbookXml);
    const relOf = (suffix: string) => [...rels.values()].find((r) => r.type.endsWith(suffix))?.target;
    const sharedStringsPart = relOf('/sharedStrings') ?? 'xl/sharedStrings.xml';
    const stylesPart = relOf('/styles') ?? 'xl/styles.xml';

    let sharedStrings: string[] | null = null;
    const loadSharedStrings = async (): Promise<string[]> => {
      if (sharedStrings) return sharedStrings;
      const list: string[] = [];
      const entry = find(sharedStringsPart);
      if (entry) {
        for await (const { xml, prefix } of elements(chunksOf(file, entry, handle, streams), 'si', null)) {
          list.push(richText(xml, prefix));
        }
      }
      sharedStrings = list;
      return list;
    };

    let dateStyles: boolean[] | null = null;
    const loadDateStyles = async (): Promise<boolean[]> => {
      if (dateStyles) return dateStyles;
      const entry = find(stylesPart);
      const out: boolean[] = [];
      if (entry) {
        const xml = await readWhole(file, entry, handle, streams);
        const custom = new Map<number, string>();
        for (const m of xml.matchAll(/<(?:[\w.-]+:)?numFmt\s[^>]*>/g)) {
          const id = Number(attr(m[0], 'numFmtId'));
          const code = attr(m[0], 'formatCode');
          if (Number.isInteger(id) && code !== null) custom.set(id, code);
        }
        const xfs = /<(?:[\w.-]+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?cellXfs>/.exec(xml)?.[1] ?? '';
        for (const m of xfs.matchAll(/<(?:[\w.-]+:)?xf\b[^>]*>/g)) {
          const id = Number(attr(m[0], 'numFmtId') ?? 0);
          const code = custom.get(id);
          out.push(code !== undefined ? isDateFormat(code) : DATE_FORMAT_IDS.has(id));
        }
      }
      dateStyles = out;
      return out;
    };

    async function* rows(
      sheet: XlsxSheetInfo,
      progress?: { bytes: number; total: number },
    ): AsyncGenerator<TableRow> {
      const entry = find(sheet.part);
      if (!entry) throw new XlsxFormatError(`sheet part ${sheet.part} is missing`);
      const strings = await loadSharedStrings();
      const dates = await loadDateStyles();
      const scanner = new SheetScanner(strings, dates, date1904);
      for await (const chunk of bufferChunksOf(file, entry, handle, streams, progress)) {
        for (const row of scanner.push(chunk)) yield row;
        // Merged cells, hyperlinks and the like follow the rows: no need to inflate them.
        if (scanner.done) break;
      }
    }

    return { sheets, rows, close };
  } catch (error) {
    close();
    throw error;
  }
}
