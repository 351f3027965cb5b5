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
const EQUALS = 61;
const AMP = 38;
const UNDERSCORE = 95;
const LETTER_C = 99;
const LETTER_R = 114;
const LETTER_S = 115;
const LETTER_T = 116;
const LETTER_V = 118;

const T_NUMBER = 0;
const T_SHARED = 1;
const T_STR = 2;
const T_INLINE = 3;
const T_BOOL = 4;
const T_ERROR = 5;
const T_DATE = 6;

const EXCEL_EPOCH_OFFSET_DAYS = 25_569;
const DAY_MS = 86_400_000;

/**
 * A tag as read by readTag. One object is reused for every tag of a sheet: a sheet has tens of
 * millions of tags, and an object per tag was a large part of the scan's garbage.
 */
interface Tag {
  /** Index just after the closing `>`. */
  end: number;
  closing: boolean;
  selfClosing: boolean;
  /** Local name (prefix removed) as byte range. */
  nameStart: number;
  nameEnd: number;
  /** Value ranges of the attributes r, s and t, the only ones the scanner reads; -1 when absent. */
  rStart: number;
  rEnd: number;
  sStart: number;
  sEnd: number;
  tStart: number;
  tEnd: number;
}

function isNameEnd(b: number): boolean {
  return isSpace(b) || b === GT || b === SLASH;
}

function newTag(): Tag {
  return {
    end: 0,
    closing: false,
    selfClosing: false,
    nameStart: 0,
    nameEnd: 0,
    rStart: -1,
    rEnd: -1,
    sStart: -1,
    sEnd: -1,
    tStart: -1,
    tEnd: -1,
  };
}

// Reads the tag starting at `lt` (a '<') into `tag`, with the values of its attributes r, s and t;
// false when the buffer ends inside it.
function readTag(buf: Buffer, lt: number, tag: Tag): boolean {
  const n = buf.length;
  let i = lt + 1;
  if (i >= n) return false;
  const closing = buf[i] === SLASH;
  if (closing) i++;
  let nameStart = i;
  while (i < n && !isNameEnd(buf[i] ?? 0)) {
    if (buf[i] === COLON) nameStart = i + 1;
    i++;
  }
  const nameEnd = i;
  tag.rStart = tag.sStart = tag.tStart = -1;
  // Attribute values may hold '>': skip quoted text on the way to the end of the tag, noting the
  // values of the attributes the scanner reads as it passes them.
  let quote = 0;
  let valueStart = 0;
  let attribute = 0;
  for (; i < n; i++) {
    const b = buf[i] ?? 0;
    if (quote !== 0) {
      if (b === quote) {
        quote = 0;
        if (attribute === LETTER_R) {
          tag.rStart = valueStart;
          tag.rEnd = i;
        } else if (attribute === LETTER_S) {
          tag.sStart = valueStart;
          tag.sEnd = i;
        } else if (attribute === LETTER_T) {
          tag.tStart = valueStart;
          tag.tEnd = i;
        }
      }
    } else if (b === QUOTE || b === APOS) {
      quote = b;
      valueStart = i + 1;
      attribute = oneLetterName(buf, nameEnd, i);
    } else if (b === GT) break;
  }
  if (i >= n) return false;
  tag.end = i + 1;
  tag.closing = closing;
  tag.selfClosing = buf[i - 1] === SLASH;
  tag.nameStart = nameStart;
  tag.nameEnd = nameEnd;
  return true;
}

// The letter of a one-letter attribute name before `=` and the opening quote at `quote` (spaces
// allowed around `=`); 0 for longer, prefixed or malformed names.
function oneLetterName(buf: Buffer, from: number, quote: number): number {
  let k = quote - 1;
  while (k > from && isSpace(buf[k])) k--;
  if (buf[k] !== EQUALS) return 0;
  k--;
  while (k > from && isSpace(buf[k])) k--;
  if (k <= from) return 0;
  const before = buf[k - 1];
  return isSpace(before) || before === QUOTE || before === APOS ? (buf[k] ?? 0) : 0;
}

function isSpace(b: number | undefined): boolean {
  return b === 32 || b === 9 || b === 10 || b === 13;
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
  /** The cells of the row before, whose texts are reused when a cell repeats them (see value). */
  private above: Cell[] = [];
  private readonly tag = newTag();
  // The `<v>` of the current cell, as scanValue found it.
  private vs = -1;
  private ve = -1;
  /** The value holds only ASCII without entities or escapes: it needs no decoding beyond a copy. */
  private plain = true;
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
    const tag = this.tag;
    let i = 0;
    while (!this.done) {
      const lt = buf.indexOf(LT, i);
      if (lt < 0) return rows;
      if (!readTag(buf, lt, tag)) {
        this.leftover = buf.subarray(lt);
        return rows;
      }
      if (!tag.closing && nameIs(buf, tag, 'row')) {
        const next = this.row(buf, tag, rows);
        if (next < 0) {
          this.leftover = buf.subarray(lt);
          return rows;
        }
        i = next;
        continue;
      }
      if (tag.closing && nameIs(buf, tag, 'sheetData')) this.done = true;
      i = tag.end;
    }
    return rows;
  }

  // Parses one row from its start tag and adds it to `rows`; returns the index after the row, or -1
  // when the buffer ends before `</row>`. `tag` holds the start tag and is then reused for the cells.
  private row(buf: Buffer, tag: Tag, rows: TableRow[]): number {
    const r = tag.rStart >= 0 ? digits(buf, tag.rStart, tag.rEnd) : 0;
    const rowNumber = r > 0 ? r : this.lastRow + 1;
    const cells: Cell[] = [];
    if (tag.selfClosing) {
      this.lastRow = rowNumber;
      this.above = cells;
      rows.push({ rowNumber, cells });
      return tag.end;
    }
    const n = buf.length;
    let i = tag.end;
    let column = 0;
    let nextColumn = 0;
    let style = -1;
    let type = T_NUMBER;
    let inCell = false;
    let inInline = false;
    let inPhonetic = false;
    let inline: string[] = [];
    for (;;) {
      while (i < n && buf[i] !== LT) i++;
      if (i >= n || !readTag(buf, i, tag)) return -1;
      i = tag.end;
      const len = tag.nameEnd - tag.nameStart;
      const first = buf[tag.nameStart] ?? 0;
      if (!tag.closing) {
        if (len === 1 && first === LETTER_C) {
          const c = tag.rStart >= 0 ? columnOf(buf, tag.rStart, tag.rEnd) : -1;
          column = c >= 0 ? c : nextColumn;
          style = tag.sStart >= 0 ? digits(buf, tag.sStart, tag.sEnd) : -1;
          type = tag.tStart >= 0 ? typeOf(buf, tag.tStart, tag.tEnd) : T_NUMBER;
          nextColumn = column + 1;
          this.vs = -1;
          if (inline.length > 0) inline = [];
          inCell = !tag.selfClosing;
          // Most cells are `<c …><v>…</v></c>`: such a cell is read here at once, not tag by tag.
          if (inCell && isValueStart(buf, i)) {
            i = this.scanValue(buf, i + 3);
            if (i < 0) return -1;
            if (isValueCellEnd(buf, i)) {
              put(cells, column, this.value(buf, column, type, style, inline));
              inCell = false;
              i += 8;
            }
          }
        } else if (len === 1 && first === LETTER_V && inCell && !tag.selfClosing) {
          i = this.scanValue(buf, tag.end);
          if (i < 0) return -1;
        } else if (len === 2 && first === 105 /* is */) {
          inInline = !tag.selfClosing;
        } else if (len === 3 && nameIs(buf, tag, 'rPh')) {
          inPhonetic = !tag.selfClosing;
        } else if (len === 1 && first === LETTER_T && inInline && !inPhonetic && !tag.selfClosing) {
          let j = tag.end;
          while (j < n && buf[j] !== LT) j++;
          if (j >= n) return -1;
          inline.push(text(buf, tag.end, j));
        }
      } else if (len === 1 && first === LETTER_C) {
        if (inCell) put(cells, column, this.value(buf, column, type, style, inline));
        inCell = false;
      } else if (len === 2 && first === 105 /* /is */) {
        inInline = false;
      } else if (len === 3 && nameIs(buf, tag, 'rPh')) {
        inPhonetic = false;
      } else if (len === 3 && nameIs(buf, tag, 'row')) {
        this.lastRow = rowNumber;
        this.above = cells;
        rows.push({ rowNumber, cells });
        return tag.end;
      }
    }
  }

  // Finds the end of a `<v>` value starting at `start` (the `<` after it) and notes whether the
  // value is plain; -1 when the buffer ends first.
  private scanValue(buf: Buffer, start: number): number {
    const n = buf.length;
    let plain = true;
    let j = start;
    for (; j < n; j++) {
      const b = buf[j] ?? 0;
      if (b === LT) break;
      if (b >= 0x80 || b === AMP || b === UNDERSCORE) plain = false;
    }
    if (j >= n) return -1;
    this.vs = start;
    this.ve = j;
    this.plain = plain;
    return j;
  }

  // The value of the cell just ended, from its type, style and `<v>` (or inline strings).
  private value(buf: Buffer, column: number, type: number, style: number, inline: string[]): Cell {
    if (type === T_INLINE) {
      const s = inline.join('');
      return s === '' ? null : s;
    }
    const vs = this.vs;
    const ve = this.ve;
    if (vs < 0) return null;
    switch (type) {
      case T_SHARED: {
        const s = this.strings[digits(buf, vs, ve)];
        return s === undefined || s === '' ? null : s;
      }
      case T_STR:
      case T_ERROR: {
        if (!this.plain) {
          const s = text(buf, vs, ve);
          return s === '' ? null : s;
        }
        // A person-layout file repeats the family's cells on every member's row: the text of the
        // cell above is reused when the bytes match, sparing a decoded copy and its garbage.
        const above = this.above[column];
        if (typeof above === 'string' && sameText(buf, vs, ve, above)) return above;
        return vs === ve ? null : buf.toString('latin1', vs, ve);
      }
      case T_BOOL:
        return buf[vs] === 49 || buf[vs] === 116;
      case T_DATE: {
        const raw = buf.toString('latin1', vs, ve);
        const d = new Date(raw);
        return Number.isNaN(d.getTime()) ? raw : d;
      }
      default: {
        const number = numberAt(buf, vs, ve);
        if (!Number.isFinite(number)) return null;
        if (style >= 0 && this.dateStyles[style]) {
          const serial = this.date1904 ? number + 1462 : number;
          return new Date(Math.round((serial - EXCEL_EPOCH_OFFSET_DAYS) * DAY_MS));
        }
        return number;
      }
    }
  }
}

// Sets a cell, padding the gap before it (cells left out of the XML) with nulls.
function put(cells: Cell[], column: number, value: Cell): void {
  if (value === null) return;
  while (cells.length < column) cells.push(null);
  cells[column] = value;
}

// Whether `<v>` starts at `i`.
function isValueStart(buf: Buffer, i: number): boolean {
  return i + 3 <= buf.length && buf[i] === LT && buf[i + 1] === LETTER_V && buf[i + 2] === GT;
}

// Whether `</v></c>` starts at `i`.
function isValueCellEnd(buf: Buffer, i: number): boolean {
  return (
    i + 8 <= buf.length &&
    buf[i] === LT &&
    buf[i + 1] === SLASH &&
    buf[i + 2] === LETTER_V &&
    buf[i + 3] === GT &&
    buf[i + 4] === LT &&
    buf[i + 5] === SLASH &&
    buf[i + 6] === LETTER_C &&
    buf[i + 7] === GT
  );
}

// Whether the bytes (ASCII) spell `text`.
function sameText(buf: Buffer, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let i = start, k = 0; i < end; i++, k++) if (buf[i] !== text.charCodeAt(k)) return false;
  return true;
}

// The number written in a `<v>`; NaN for none. Most are small integers, read without a string.
function numberAt(buf: Buffer, start: number, end: number): number {
  if (end > start && end - start <= 15) {
    let n = 0;
    let i = start;
    for (; i < end; i++) {
      const d = (buf[i] ?? 0) - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    if (i === end) return n;
  }
  const raw = buf.toString('latin1', start, end).trim();
  return raw === '' ? NaN : Number(raw);
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
