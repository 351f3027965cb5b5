/**
 * Scans worksheet XML (`<sheetData><row><c>…`) as bytes, chunk by chunk, and returns its rows.
 * Only cell values become strings; the markup around them (three quarters of a sheet's bytes) is
 * stepped over with byte comparisons, which is several times faster than decoding the whole sheet
 * to text first. Handles namespace prefixes (`<x:c>`), shared and inline strings, rich text with
 * phonetic runs left out, booleans, errors, ISO dates and date-formatted numbers.
 */
import type { Cell, TableRow } from './text.ts';

const LT = 60; // <
const GT = 62; // >
const SLASH = 47;
const QUOTE = 34;
const APOS = 39;
const COLON = 58;

const T_NUMBER = 0;
const T_SHARED = 1;
const T_STR = 2;
const T_INLINE = 3;
const T_BOOL = 4;
const T_ERROR = 5;
const T_DATE = 6;

const EXCEL_EPOCH_OFFSET_DAYS = 25_569;
const DAY_MS = 86_400_000;

interface Tag {
  /** Index just after the closing `>`. */
  end: number;
  closing: boolean;
  selfClosing: boolean;
  /** Local name (prefix removed) as byte range. */
  nameStart: number;
  nameEnd: number;
}

function isNameEnd(b: number): boolean {
  return b === 32 || b === 9 || b === 10 || b === 13 || b === GT || b === SLASH;
}

// Reads the tag starting at `lt` (a '<'); null when the buffer ends inside it.
function readTag(buf: Buffer, lt: number): Tag | null {
  const n = buf.length;
  let i = lt + 1;
  if (i >= n) return null;
  const closing = buf[i] === SLASH;
  if (closing) i++;
  let nameStart = i;
  while (i < n && !isNameEnd(buf[i] ?? 0)) {
    if (buf[i] === COLON) nameStart = i + 1;
    i++;
  }
  const nameEnd = i;
  // Attribute values may hold '>': skip quoted text on the way to the end of the tag.
  let quote = 0;
  for (; i < n; i++) {
    const b = buf[i] ?? 0;
    if (quote !== 0) {
      if (b === quote) quote = 0;
    } else if (b === QUOTE || b === APOS) quote = b;
    else if (b === GT) break;
  }
  if (i >= n) return null;
  return { end: i + 1, closing, selfClosing: buf[i - 1] === SLASH, nameStart, nameEnd };
}

function nameIs(buf: Buffer, tag: Tag, name: string): boolean {
  if (tag.nameEnd - tag.nameStart !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (buf[tag.nameStart + k] !== name.charCodeAt(k)) return false;
  return true;
}

const ENTITY = /&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g;
const OOXML_ESCAPE = /_x([0-9a-fA-F]{4})_/g;

/** Resolves XML entities and OOXML's `_xHHHH_` escapes in decoded text. */
export function decodeEntities(text: string): string {
  let s = text;
  if (s.includes('&')) {
    s = s.replace(ENTITY, (_, e: string) => {
      switch (e) {
        case 'amp':
          return '&';
        case 'lt':
          return '<';
        case 'gt':
          return '>';
        case 'quot':
          return '"';
        case 'apos':
          return "'";
        default: {
          const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
          return Number.isFinite(code) ? String.fromCodePoint(code) : '';
        }
      }
    });
  }
  if (s.includes('_x'))
    s = s.replace(OOXML_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return s;
}

function text(buf: Buffer, start: number, end: number): string {
  return decodeEntities(buf.toString('utf8', start, end));
}

/** Scans the rows of one worksheet, fed chunk by chunk. */
export class SheetScanner {
  private leftover: Buffer | null = null;
  private lastRow = 0;
  /** True once `</sheetData>` was seen: the rest of the part holds no rows. */
  done = false;

  constructor(
    private readonly strings: readonly string[],
    private readonly dateStyles: readonly boolean[],
    private readonly date1904: boolean,
  ) {}

  /** Feeds the next chunk of the part and returns the rows it completes. */
  push(chunk: Buffer): TableRow[] {
    const buf = this.leftover ? Buffer.concat([this.leftover, chunk]) : chunk;
    this.leftover = null;
    const rows: TableRow[] = [];
    let i = 0;
    while (!this.done) {
      const lt = buf.indexOf(LT, i);
      if (lt < 0) return rows;
      const tag = readTag(buf, lt);
      if (!tag) {
        this.leftover = buf.subarray(lt);
        return rows;
      }
      if (!tag.closing && nameIs(buf, tag, 'row')) {
        const parsed = this.row(buf, tag);
        if (!parsed) {
          this.leftover = buf.subarray(lt);
          return rows;
        }
        rows.push(parsed.row);
        i = parsed.next;
        continue;
      }
      if (tag.closing && nameIs(buf, tag, 'sheetData')) this.done = true;
      i = tag.end;
    }
    return rows;
  }

  // Parses one row from its start tag; null when the buffer ends before `</row>`.
  private row(buf: Buffer, rowTag: Tag): { row: TableRow; next: number } | null {
    let r = 0;
    this.attributes(buf, rowTag, (name, vs, ve) => {
      if (name === 114) r = digits(buf, vs, ve);
    });
    const rowNumber = r > 0 ? r : this.lastRow + 1;
    const cells: Cell[] = [];
    if (rowTag.selfClosing) {
      this.lastRow = rowNumber;
      return { row: { rowNumber, cells }, next: rowTag.end };
    }
    const n = buf.length;
    let i = rowTag.end;
    let column = 0;
    let nextColumn = 0;
    let style = -1;
    let type = T_NUMBER;
    let vs = -1;
    let ve = -1;
    let inCell = false;
    let inInline = false;
    let inPhonetic = false;
    let inline: string[] = [];
    for (;;) {
      while (i < n && buf[i] !== LT) i++;
      if (i >= n) return null;
      const tag = readTag(buf, i);
      if (!tag) return null;
      const len = tag.nameEnd - tag.nameStart;
      const first = buf[tag.nameStart] ?? 0;
      if (!tag.closing) {
        if (len === 1 && first === 99 /* c */) {
          column = nextColumn;
          style = -1;
          type = T_NUMBER;
          this.attributes(buf, tag, (name, a, b) => {
            if (name === 114) {
              const c = columnOf(buf, a, b);
              if (c >= 0) column = c;
            } else if (name === 115) style = digits(buf, a, b);
            else if (name === 116) type = typeOf(buf, a, b);
          });
          nextColumn = column + 1;
          vs = -1;
          ve = -1;
          inline = [];
          inCell = !tag.selfClosing;
        } else if (len === 1 && first === 118 /* v */ && inCell && !tag.selfClosing) {
          vs = tag.end;
          let j = vs;
          while (j < n && buf[j] !== LT) j++;
          if (j >= n) return null;
          ve = j;
        } else if (len === 2 && first === 105 /* is */) {
          inInline = !tag.selfClosing;
        } else if (len === 3 && nameIs(buf, tag, 'rPh')) {
          inPhonetic = !tag.selfClosing;
        } else if (len === 1 && first === 116 /* t */ && inInline && !inPhonetic && !tag.selfClosing) {
          let j = tag.end;
          while (j < n && buf[j] !== LT) j++;
          if (j >= n) return null;
          inline.push(text(buf, tag.end, j));
        }
      } else if (len === 1 && first === 99 /* /c */) {
        if (inCell) {
          const value = this.value(buf, type, style, vs, ve, inline);
          if (value !== null) {
            while (cells.length < column) cells.push(null);
            cells[column] = value;
          }
        }
        inCell = false;
      } else if (len === 2 && first === 105 /* /is */) {
        inInline = false;
      } else if (len === 3 && nameIs(buf, tag, 'rPh')) {
        inPhonetic = false;
      } else if (len === 3 && nameIs(buf, tag, 'row')) {
        this.lastRow = rowNumber;
        return { row: { rowNumber, cells }, next: tag.end };
      }
      i = tag.end;
    }
  }

  private value(buf: Buffer, type: number, style: number, vs: number, ve: number, inline: string[]): Cell {
    if (type === T_INLINE) {
      const s = inline.join('');
      return s === '' ? null : s;
    }
    if (vs < 0) return null;
    switch (type) {
      case T_SHARED: {
        const s = this.strings[digits(buf, vs, ve)];
        return s === undefined || s === '' ? null : s;
      }
      case T_STR:
      case T_ERROR: {
        const s = text(buf, vs, ve);
        return s === '' ? null : s;
      }
      case T_BOOL:
        return buf[vs] === 49 || buf[vs] === 116;
      case T_DATE: {
        const raw = buf.toString('latin1', vs, ve);
        const d = new Date(raw);
        return Number.isNaN(d.getTime()) ? raw : d;
      }
      default: {
        const raw = buf.toString('latin1', vs, ve).trim();
        if (raw === '') return null;
        const number = Number(raw);
        if (!Number.isFinite(number)) return null;
        if (style >= 0 && this.dateStyles[style]) {
          const serial = this.date1904 ? number + 1462 : number;
          return new Date(Math.round((serial - EXCEL_EPOCH_OFFSET_DAYS) * DAY_MS));
        }
        return number;
      }
    }
  }

  // Calls `each` with the first byte of one-letter attribute names (r, s, t) and their value range.
  private attributes(buf: Buffer, tag: Tag, each: (name: number, start: number, end: number) => void): void {
    let i = tag.nameEnd;
    const end = tag.end - 1;
    while (i < end) {
      const b = buf[i] ?? 0;
      if (b === 32 || b === 9 || b === 10 || b === 13 || b === SLASH) {
        i++;
        continue;
      }
      const nameStart = i;
      while (i < end && buf[i] !== 61 /* = */) i++;
      const nameEnd = i;
      i++;
      const quote = buf[i];
      if (quote !== QUOTE && quote !== APOS) return;
      const vs = i + 1;
      let ve = vs;
      while (ve < end && buf[ve] !== quote) ve++;
      let ne = nameEnd;
      while (ne > nameStart && (buf[ne - 1] === 32 || buf[ne - 1] === 9)) ne--;
      if (ne - nameStart === 1) each(buf[nameStart] ?? 0, vs, ve);
      i = ve + 1;
    }
  }
}

function digits(buf: Buffer, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = (buf[i] ?? 0) - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  return n;
}

function columnOf(buf: Buffer, start: number, end: number): number {
  let n = 0;
  let i = start;
  for (; i < end; i++) {
    const c = buf[i] ?? 0;
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return i === start ? -1 : n - 1;
}

function typeOf(buf: Buffer, start: number, end: number): number {
  const len = end - start;
  const c = buf[start] ?? 0;
  if (len === 1) {
    if (c === 115) return T_SHARED; // s
    if (c === 98) return T_BOOL; // b
    if (c === 101) return T_ERROR; // e
    if (c === 100) return T_DATE; // d
    return T_NUMBER; // n
  }
  if (len === 3 && c === 115) return T_STR; // str
  if (c === 105) return T_INLINE; // inlineStr
  return T_NUMBER;
}
