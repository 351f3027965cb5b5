/**
 * Value parsers for cells of government spreadsheets: dates in every form seen in Indonesian
 * files, sex and relationship words, dictionary codes given as numbers or labels, yes/no answers
 * and numbers with Indonesian separators. Each returns the value, or null with a problem; the row
 * validator turns problems into reason codes, because the same problem weighs differently per field.
 */
import { PERSON_CODES, type Code } from '../../../../shared/dictionary/dictionary.ts';
import { cellText, compactKey, dateToIso, normalizeKey, type Cell } from './text.ts';

/** Why a value could not be used: unreadable, or readable but outside the allowed range. */
export type ValueProblem = 'invalid' | 'out_of_range';

/** Something the parser assumed and the user should know about. */
export type ValueNote = 'month_day_swapped';

/** The outcome of parsing one cell; `value` null and no problem means the cell was empty. */
export interface Parsed<T> {
  value: T | null;
  problem?: ValueProblem;
  note?: ValueNote;
}

const EMPTY: Parsed<never> = Object.freeze({ value: null });
const INVALID: Parsed<never> = Object.freeze({ value: null, problem: 'invalid' });
const OUT_OF_RANGE: Parsed<never> = Object.freeze({ value: null, problem: 'out_of_range' });

const MEMO_LIMIT = 10_000;

/**
 * Remembers the result of parsing a text cell (and returns it). Code, yes/no, number and RT/RW
 * columns repeat a few texts on every row of a file, and a Map lookup costs far less than parsing
 * again. Results are frozen because they are shared; a memo is emptied when it grows large.
 */
function remember<T>(memo: Map<string, Parsed<T>>, text: string, parsed: Parsed<T>): Parsed<T> {
  const frozen = Object.freeze(parsed);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(text, frozen);
  return frozen;
}

// ---------------------------------------------------------------------------------------------
// Dates

const DAY_MS = 86_400_000;
// Excel's day 25569 is 1970-01-01; serials below 61 are shifted by Excel's fictitious 29 Feb 1900.
const EXCEL_EPOCH_SERIAL = 25_569;
const MAX_EXCEL_SERIAL = 2_958_465;

const MONTHS: Record<string, number> = {};
for (const [month, names] of [
  [1, 'JANUARI JANUARY JAN'],
  [2, 'FEBRUARI PEBRUARI FEBRUARY FEB PEB'],
  [3, 'MARET MARCH MAR MRT'],
  [4, 'APRIL APR'],
  [5, 'MEI MAY'],
  [6, 'JUNI JUNE JUN'],
  [7, 'JULI JULY JUL'],
  [8, 'AGUSTUS AUGUST AGU AGT AGS AUG AGST'],
  [9, 'SEPTEMBER SEPT SEP'],
  [10, 'OKTOBER OCTOBER OKT OCT'],
  [11, 'NOVEMBER NOPEMBER NOV NOP'],
  [12, 'DESEMBER DECEMBER DES DEC'],
] as const) {
  for (const name of names.split(' ')) MONTHS[name] = month;
}
const WEEKDAYS = new Set(
  'SENIN SELASA RABU KAMIS JUMAT JUMAAT SABTU MINGGU AHAD MONDAY TUESDAY WEDNESDAY THURSDAY FRIDAY SATURDAY SUNDAY'.split(
    ' ',
  ),
);

const ISO_LIKE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const DMY = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$/;
const TIME_SUFFIX =
  /[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}|WIB|WITA|WIT|AM|PM)?$/i;

export interface DateOptions {
  /** Earliest acceptable year; default 1850. */
  minYear?: number;
  /** Latest acceptable year; default 2100. */
  maxYear?: number;
  /** Year used to place two-digit years in a century; default the current year. */
  pivotYear?: number;
}

/**
 * A calendar date as `yyyy-mm-dd` from dd/mm/yyyy, dd-mm-yyyy, dd.mm.yy, yyyy-mm-dd, yyyymmdd,
 * Excel serial numbers, date cells, and Indonesian or English month names ('17 Agustus 1945',
 * '17-AGU-1980', '17 Agt 80', 'August 17, 1945'). Day-first is assumed; a value that only makes
 * sense month-first (08/17/1980) is read that way with the note `month_day_swapped`.
 */
export function parseDate(raw: Cell, opts: DateOptions = {}): Parsed<string> {
  if (raw === null) return EMPTY;
  const minYear = opts.minYear ?? 1850;
  const maxYear = opts.maxYear ?? 2100;
  const pivot = opts.pivotYear ?? new Date().getUTCFullYear();
  if (raw instanceof Date) return checkYear(dateToIso(raw), minYear, maxYear);
  if (typeof raw === 'number') return fromNumber(raw, minYear, maxYear);
  if (typeof raw === 'boolean') return INVALID;

  const text = cellText(raw);
  if (text === null) return EMPTY;
  const s = text.replace(TIME_SUFFIX, '').trim();

  let m = ISO_LIKE.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]), minYear, maxYear);
  m = DMY.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const year = fullYear(m[3] ?? '', pivot);
    if (b > 12 && a <= 12) {
      const swapped = ymd(year, a, b, minYear, maxYear);
      return swapped.value === null ? swapped : { value: swapped.value, note: 'month_day_swapped' };
    }
    return ymd(year, b, a, minYear, maxYear);
  }
  if (/^\d{8}$/.test(s)) {
    // yyyymmdd when it reads as one, else ddmmyyyy.
    const asYmd = ymd(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8)), minYear, maxYear);
    if (asYmd.value !== null) return asYmd;
    return ymd(Number(s.slice(4, 8)), Number(s.slice(2, 4)), Number(s.slice(0, 2)), minYear, maxYear);
  }
  // A serial exported as text by a CSV tool: 5 digits covers 1927–2173.
  if (/^\d{5}(?:\.\d+)?$/.test(s)) return fromNumber(Number(s), minYear, maxYear);
  return fromWords(s, pivot, minYear, maxYear);
}

function fromNumber(n: number, minYear: number, maxYear: number): Parsed<string> {
  if (!Number.isFinite(n)) return INVALID;
  if (Number.isInteger(n) && n >= 10_000_101 && n <= 99_991_231) {
    return ymd(Math.floor(n / 10_000), Math.floor(n / 100) % 100, n % 100, minYear, maxYear);
  }
  const serial = Math.floor(n);
  if (serial < 1 || serial > MAX_EXCEL_SERIAL || serial === 60) return INVALID;
  const days = serial < 60 ? serial - EXCEL_EPOCH_SERIAL + 1 : serial - EXCEL_EPOCH_SERIAL;
  return checkYear(new Date(days * DAY_MS).toISOString().slice(0, 10), minYear, maxYear);
}

function fromWords(s: string, pivot: number, minYear: number, maxYear: number): Parsed<string> {
  // '17AGU1980' → '17 AGU 1980'
  const spaced = normalizeKey(s)
    .replace(/(\d)([A-Z])/g, '$1 $2')
    .replace(/([A-Z])(\d)/g, '$1 $2');
  let month = 0;
  const numbers: string[] = [];
  for (const token of spaced.split(' ')) {
    if (token === '') continue;
    if (/^\d+$/.test(token)) {
      numbers.push(token);
      continue;
    }
    const found = MONTHS[token];
    if (found !== undefined && month === 0) {
      month = found;
      continue;
    }
    if (WEEKDAYS.has(token) || token === 'TANGGAL' || token === 'TGL') continue;
    return INVALID;
  }
  if (month === 0 || numbers.length !== 2) return INVALID;
  const [first = '', second = ''] = numbers;
  // 'August 17, 1945' and '17 Agustus 1945'; a 4-digit first number means '1945 Agustus 17'.
  if (first.length === 4) return ymd(Number(first), month, Number(second), minYear, maxYear);
  return ymd(fullYear(second, pivot), month, Number(first), minYear, maxYear);
}

function fullYear(text: string, pivot: number): number {
  const n = Number(text);
  if (text.length !== 2) return n;
  // Two-digit years are birth years here: never in the future.
  const century = Math.floor(pivot / 100) * 100;
  return century + n > pivot ? century - 100 + n : century + n;
}

function ymd(year: number, month: number, day: number, minYear: number, maxYear: number): Parsed<string> {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return INVALID;
  if (year < minYear || year > maxYear) return OUT_OF_RANGE;
  return { value: `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}` };
}

function checkYear(iso: string | null, minYear: number, maxYear: number): Parsed<string> {
  if (iso === null) return INVALID;
  const year = Number(iso.slice(0, 4));
  if (!Number.isFinite(year) || year < minYear || year > maxYear) return OUT_OF_RANGE;
  return { value: iso };
}

/** Days in a month of the Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

// ---------------------------------------------------------------------------------------------
// Codes

interface CodeIndex {
  /** Code number, label or word (as compactKey) → code. */
  words: Map<string, number>;
  /** Text cells already parsed against this list. */
  memo: Map<string, Parsed<number>>;
}
const codeIndexes = new WeakMap<readonly Code[], CodeIndex>();

// Words seen in real files for person code lists, beyond the dictionary labels.
const EXTRA_WORDS: Partial<Record<keyof typeof PERSON_CODES, Record<string, number>>> = {
  sex: {
    '1': 1,
    L: 1,
    LK: 1,
    LAKI: 1,
    LAKILAKI: 1,
    PRIA: 1,
    M: 1,
    MALE: 1,
    '2': 2,
    P: 2,
    PR: 2,
    PEREMPUAN: 2,
    WANITA: 2,
    W: 2,
    F: 2,
    FEMALE: 2,
  },
  relationship: {
    KK: 1,
    KEPALA: 1,
    KEPALAKELUARGA: 1,
    KEPALARUMAHTANGGA: 1,
    KRT: 1,
    KEP: 1,
    HEAD: 1,
    SUAMI: 2,
    ISTRI: 2,
    ISTERI: 2,
    SUAMIISTRI: 2,
    PASANGAN: 2,
    WIFE: 2,
    HUSBAND: 2,
    ANAK: 3,
    ANAKKANDUNG: 3,
    ANAKTIRI: 3,
    ANAKANGKAT: 3,
    SON: 3,
    DAUGHTER: 3,
    MENANTU: 4,
    CUCU: 5,
    ORANGTUA: 6,
    ORTU: 6,
    AYAH: 6,
    IBU: 6,
    BAPAK: 6,
    MERTUA: 6,
    PEMBANTU: 7,
    SOPIR: 7,
    ART: 7,
    FAMILILAIN: 8,
    FAMILI: 8,
    SAUDARA: 8,
    KEPONAKAN: 8,
    LAINNYA: 8,
    LAINLAIN: 8,
  },
  marital: {
    BELUMKAWIN: 1,
    LAJANG: 1,
    KAWIN: 2,
    MENIKAH: 2,
    KAWINTERCATAT: 2,
    KAWINBELUMTERCATAT: 2,
    CERAIHIDUP: 3,
    CERAIMATI: 4,
  },
  education: {
    TIDAKSEKOLAH: 0,
    TIDAKBELUMSEKOLAH: 0,
    BELUMTAMATSD: 0,
    TIDAKTAMATSD: 0,
    SD: 1,
    MI: 1,
    TAMATSD: 1,
    SMP: 2,
    SLTP: 2,
    MTS: 2,
    SMA: 3,
    SMK: 3,
    SLTA: 3,
    MA: 3,
    D1: 4,
    D2: 4,
    D3: 4,
    DIPLOMA: 4,
    D4: 5,
    S1: 5,
    SARJANA: 5,
    S2: 6,
    S3: 6,
  },
};

function indexFor(codes: readonly Code[]): CodeIndex {
  const cached = codeIndexes.get(codes);
  if (cached) return cached;
  const index = new Map<string, number>();
  const clashes = new Set<string>();
  const add = (key: string, code: number): void => {
    if (key === '' || clashes.has(key)) return;
    const existing = index.get(key);
    if (existing !== undefined && existing !== code) {
      index.delete(key);
      clashes.add(key);
      return;
    }
    index.set(key, code);
  };
  // Whole labels first so they win over the parts of another label.
  for (const { code, label } of codes) {
    add(String(code), code);
    add(compactKey(label.id), code);
    add(compactKey(label.en), code);
  }
  for (const { code, label } of codes) {
    for (const text of [label.id, label.en]) {
      const withoutNote = text.replace(/\(.*?\)/g, '');
      add(compactKey(withoutNote), code);
      for (const part of withoutNote.split(/[/,]/)) {
        if (!index.has(compactKey(part))) add(compactKey(part), code);
      }
    }
  }
  for (const [list, words] of Object.entries(EXTRA_WORDS)) {
    if (PERSON_CODES[list as keyof typeof PERSON_CODES] !== codes || !words) continue;
    for (const [word, code] of Object.entries(words)) index.set(word, code);
  }
  const built: CodeIndex = { words: index, memo: new Map() };
  codeIndexes.set(codes, built);
  return built;
}

const LEADING_CODE = /^(\d{1,2})(?:\s*[.)\-:]\s*|\s+)\D/;

/**
 * A code of a dictionary list from its number ('2', 2, '02', '2. Kontrak/sewa') or from a label in
 * Bahasa Indonesia or English, ignoring case and punctuation ('KONTRAK/SEWA', 'sewa', 'Rented').
 */
export function parseCode(raw: Cell, codes: readonly Code[]): Parsed<number> {
  if (raw === null) return EMPTY;
  const { words, memo } = indexFor(codes);
  if (typeof raw === 'number') {
    return Number.isInteger(raw) && words.get(String(raw)) === raw ? { value: raw } : INVALID;
  }
  if (typeof raw === 'boolean' || raw instanceof Date) return INVALID;
  return memo.get(raw) ?? remember(memo, raw, parseCodeText(raw, words));
}

function parseCodeText(cell: string, words: Map<string, number>): Parsed<number> {
  const text = cellText(cell);
  if (text === null) return EMPTY;
  if (/^\d+(?:\.0+)?$/.test(text)) {
    const n = Number(text);
    return words.get(String(n)) === n ? { value: n } : INVALID;
  }
  const byWord = words.get(compactKey(text));
  if (byWord !== undefined) return { value: byWord };
  const leading = LEADING_CODE.exec(text);
  if (leading) {
    const n = Number(leading[1]);
    if (words.get(String(n)) === n) return { value: n };
  }
  return INVALID;
}

/** Sex as 1 (laki-laki) or 2 (perempuan) from 1/2, L/P, LK/PR, words in either language, M/F. */
export function parseSex(raw: Cell): Parsed<1 | 2> {
  const parsed = parseCode(raw, PERSON_CODES.sex);
  if (parsed.value === 1 || parsed.value === 2) return { value: parsed.value };
  return parsed.problem ? INVALID : EMPTY;
}

/** Relationship to the head of the family (dictionary codes 1–8) from its number or a word. */
export function parseRelationship(raw: Cell): Parsed<number> {
  return parseCode(raw, PERSON_CODES.relationship);
}

// ---------------------------------------------------------------------------------------------
// Booleans and numbers

const TRUE_WORDS = new Set([
  'YA',
  'Y',
  'YES',
  'ADA',
  'PUNYA',
  'MEMILIKI',
  'MILIK',
  'TRUE',
  'BENAR',
  'V',
  '1',
]);
const FALSE_WORDS = new Set([
  'TIDAK',
  'TDK',
  'T',
  'N',
  'NO',
  'TIDAKADA',
  'TIDAKPUNYA',
  'TIDAKMEMILIKI',
  'BELUM',
  'BUKAN',
  'FALSE',
  'SALAH',
  '0',
  '2',
]);

/**
 * Yes/no from YA/TIDAK, ADA/TIDAK ADA, PUNYA, Y/T, TRUE/FALSE, ✓, and the numbers 1 (ya) and
 * 0 or 2 (tidak): BPS questionnaires code "tidak" as 2.
 */
export function parseBoolean(raw: Cell): Parsed<boolean> {
  if (raw === null) return EMPTY;
  if (typeof raw === 'boolean') return { value: raw };
  if (typeof raw === 'number') {
    if (raw === 1) return { value: true };
    if (raw === 0 || raw === 2) return { value: false };
    return INVALID;
  }
  if (raw instanceof Date) return INVALID;
  return booleanMemo.get(raw) ?? remember(booleanMemo, raw, parseBooleanText(raw));
}

const booleanMemo = new Map<string, Parsed<boolean>>();

function parseBooleanText(cell: string): Parsed<boolean> {
  const text = cellText(cell);
  if (text === null) return EMPTY;
  if (/^[✓✔√☑]$/.test(text)) return { value: true };
  const key = compactKey(text);
  if (TRUE_WORDS.has(key)) return { value: true };
  if (FALSE_WORDS.has(key)) return { value: false };
  const leading = /^([0-2])\D/.exec(text);
  if (leading) return parseBoolean(Number(leading[1]));
  return INVALID;
}

const UNIT_SUFFIX = /\s*(?:m2|m²|m\^2|meter persegi|meter|va|watt|kg|ekor|orang|jiwa|rupiah|rp)\.?$/i;
const CURRENCY_PREFIX = /^(?:rp\.?|idr)\s*/i;
const NUMBER_CHARS = /^-?[\d.,]+$/;

/**
 * A number from a number cell or text with Indonesian separators ('1.234,5' → 1234.5,
 * '2.200 VA' → 2200) or English ones ('1,234.5'). A single dot followed by exactly three digits is
 * a thousands separator and a single comma a decimal separator, as written in Indonesia.
 */
export function parseNumber(raw: Cell): Parsed<number> {
  if (raw === null) return EMPTY;
  if (typeof raw === 'number') return Number.isFinite(raw) ? { value: raw } : INVALID;
  if (typeof raw === 'boolean' || raw instanceof Date) return INVALID;
  return numberMemo.get(raw) ?? remember(numberMemo, raw, parseNumberText(raw));
}

const numberMemo = new Map<string, Parsed<number>>();

function parseNumberText(cell: string): Parsed<number> {
  const text = cellText(cell);
  if (text === null) return EMPTY;
  let s = text
    .replace(CURRENCY_PREFIX, '')
    .replace(UNIT_SUFFIX, '')
    .replace(/[\s\u00a0]/g, '');
  if (!NUMBER_CHARS.test(s)) return INVALID;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const thousands = decimal === '.' ? ',' : '.';
    s = s.split(thousands).join('');
    if (s.indexOf(decimal) !== s.lastIndexOf(decimal)) return INVALID;
    s = s.replace(decimal, '.');
  } else if (lastComma >= 0) {
    s = s.indexOf(',') === lastComma ? s.replace(',', '.') : s.split(',').join('');
  } else if (lastDot >= 0) {
    const single = s.indexOf('.') === lastDot;
    const groupedThousands = /^-?[1-9]\d{0,2}(?:\.\d{3})+$/.test(s);
    if (!single || groupedThousands) {
      if (!groupedThousands) return INVALID;
      s = s.split('.').join('');
    }
  }
  if (s === '' || s === '-' || s.startsWith('.') || s.endsWith('.')) return INVALID;
  const n = Number(s);
  return Number.isFinite(n) ? { value: n } : INVALID;
}

/** An integer within [min, max]; decimals are invalid, out-of-range values a range problem. */
export function parseInteger(raw: Cell, min: number, max: number): Parsed<number> {
  const parsed = parseNumber(raw);
  if (parsed.value === null) return parsed;
  if (!Number.isInteger(parsed.value)) return INVALID;
  if (parsed.value < min || parsed.value > max) return OUT_OF_RANGE;
  return parsed;
}

/** Official desil 1–10 from 3, '3', 'DESIL 3', 'D3'. */
export function parseDesil(raw: Cell): Parsed<number> {
  if (typeof raw === 'string') {
    const m = /^\s*(?:desil|d)\s*[-.:]?\s*(\d{1,2})\s*$/i.exec(raw);
    if (m) return parseInteger(m[1] ?? '', 1, 10);
  }
  return parseInteger(raw, 1, 10);
}

/**
 * RT or RW number as three digits ('1', 'RT 01', 'RT.001', 1 → '001'), the form printed on KK
 * cards, so the same unit is spelled one way in the registry.
 */
export function parseRtRw(raw: Cell): Parsed<string> {
  if (raw === null) return EMPTY;
  if (typeof raw === 'boolean' || raw instanceof Date) return INVALID;
  if (typeof raw === 'number') return rtRwFromText(cellText(raw));
  return rtRwMemo.get(raw) ?? remember(rtRwMemo, raw, rtRwFromText(cellText(raw)));
}

const rtRwMemo = new Map<string, Parsed<string>>();

function rtRwFromText(text: string | null): Parsed<string> {
  if (text === null) return EMPTY;
  const m = /^(?:rt|rw)?\s*[.:/-]?\s*0*(\d{1,3})(?:\.0+)?$/i.exec(text);
  if (!m) return INVALID;
  const n = Number(m[1]);
  if (n < 1) return OUT_OF_RANGE;
  return { value: String(n).padStart(3, '0') };
}

/** Splits a combined 'RT/RW' cell ('001/002', 'RT 1 RW 2', '01-02') into its two parts. */
export function splitRtRw(raw: Cell): { rt: Cell; rw: Cell } | null {
  const text = cellText(raw);
  if (text === null) return null;
  const m = /^\s*(?:rt)?\s*[.:]?\s*(\d{1,3})\s*(?:[/\\\-,]|\s)\s*(?:rw)?\s*[.:]?\s*(\d{1,3})\s*$/i.exec(text);
  if (!m) return null;
  return { rt: m[1] ?? null, rw: m[2] ?? null };
}

/**
 * A programme period as `yyyy`, `yyyy-mm` or `yyyy-Qn` when recognisable ('Agustus 2025',
 * '08/2025', 'TW III 2025'), otherwise the text as written.
 */
export function parsePeriod(raw: Cell): Parsed<string> {
  if (raw === null) return EMPTY;
  if (raw instanceof Date) {
    const iso = dateToIso(raw);
    return iso === null ? INVALID : { value: iso.slice(0, 7) };
  }
  const text = cellText(raw);
  if (text === null) return EMPTY;
  const key = normalizeKey(text);
  let m = /^(\d{4})$/.exec(key);
  if (m) return { value: m[1] ?? key };
  m = /^(\d{4}) (\d{1,2})$/.exec(key);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return { value: `${m[1]}-${pad2(Number(m[2]))}` };
  m = /^(\d{1,2}) (\d{4})$/.exec(key);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 12) return { value: `${m[2]}-${pad2(Number(m[1]))}` };
  m = /^([A-Z]+) (\d{4})$/.exec(key);
  const month = m ? MONTHS[m[1] ?? ''] : undefined;
  if (m && month !== undefined) return { value: `${m[2]}-${pad2(month)}` };
  m = /^(?:TW|TRIWULAN|Q|KUARTAL) ?(I{1,3}|IV|[1-4]) (\d{4})$/.exec(key);
  if (m) {
    const q = { I: 1, II: 2, III: 3, IV: 4 }[m[1] ?? ''] ?? Number(m[1]);
    return { value: `${m[2]}-Q${q}` };
  }
  return { value: text.replace(/\s+/g, ' ') };
}
