/**
 * Text helpers shared by header matching, value parsing and region matching. They are called for
 * every cell of large files, so they avoid regular-expression backtracking and extra allocations.
 */

/** One cell as read from a spreadsheet or CSV file. */
export type Cell = string | number | boolean | Date | null;

/** One row of a file: its 1-based row number in the file (as a spreadsheet shows it), and its cells. */
export interface TableRow {
  rowNumber: number;
  cells: Cell[];
}

const DIACRITICS = /[\u0300-\u036f]/g;
const NON_ALNUM = /[^A-Z0-9]+/g;
const NON_ASCII = /[^\x20-\x7e]/;

/**
 * Upper case, accents removed, every run of other characters turned into one space, trimmed:
 * `" Tgl. Lahir (dd/mm/yyyy)"` → `"TGL LAHIR DD MM YYYY"`.
 */
export function normalizeKey(text: string): string {
  let s = text.toUpperCase();
  if (NON_ASCII.test(s)) s = s.normalize('NFD').replace(DIACRITICS, '');
  return s.replace(NON_ALNUM, ' ').trim();
}

const compactCache = new Map<string, string>();

/**
 * {@link normalizeKey} without spaces, so `NO_KK`, `NO. KK` and `NOKK` compare equal. Remembered
 * per text: code columns repeat the same few words on every row of a large file.
 */
export function compactKey(text: string): string {
  const cached = compactCache.get(text);
  if (cached !== undefined) return cached;
  const key = normalizeKey(text).replace(/ /g, '');
  if (compactCache.size >= 50_000) compactCache.clear();
  compactCache.set(text, key);
  return key;
}

// Placeholders used in government files for "no value".
const EMPTY_MARKERS = new Set(['', '-', '--', '---', '.', 'NULL', 'N/A', '#N/A', 'NA', '(KOSONG)', 'KOSONG']);
// Their first characters in either case: other values skip the upper-casing and the lookup.
const EMPTY_MARKER_STARTS = new Set(
  [...EMPTY_MARKERS].flatMap((m) => [m.charCodeAt(0), m.toLowerCase().charCodeAt(0)]),
);

/**
 * The text of a cell, trimmed, with an Excel text-marker apostrophe removed (also the one our own
 * rejection report adds against formula injection, so a corrected report re-imports cleanly);
 * null when the cell is empty or holds a "no value" placeholder such as `-` or `NULL`.
 */
export function cellText(cell: Cell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'string') {
    let s = cell.trim();
    if (
      s.length > 0 &&
      (s.charCodeAt(0) === 39 || s.charCodeAt(0) === 0x2018 || s.charCodeAt(0) === 0x2019)
    ) {
      s = s.slice(1).trim();
    }
    if (s.length === 0) return null;
    if (s.length <= 9 && EMPTY_MARKER_STARTS.has(s.charCodeAt(0)) && EMPTY_MARKERS.has(s.toUpperCase()))
      return null;
    return s;
  }
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : null;
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return dateToIso(cell);
}

const DAY_MS = 86_400_000;

/**
 * The calendar day of a date cell as `yyyy-mm-dd`. Readers give midnight UTC, but a date made in
 * local time (Bontang is UTC+8) is 16:00 UTC the day before, so the time is rounded to the nearest
 * whole day instead of cut off.
 */
export function dateToIso(date: Date): string | null {
  const t = date.getTime();
  if (Number.isNaN(t)) return null;
  return new Date(Math.round(t / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

// Whitespace that collapseSpaces changes: a run of two, or any other than a plain space.
const UNCOLLAPSED = /\s\s|[^\S ]/;

/** Collapses inner whitespace of a free-text value (names, addresses). */
export function collapseSpaces(text: string): string {
  // Most values are already clean: testing is cheaper than building the same string again.
  if (!UNCOLLAPSED.test(text)) return text.trim();
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Optimal string alignment distance (Levenshtein with adjacent transpositions), stopping early
 * once it is sure to exceed `max`; returns max + 1 in that case.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prevPrev = new Array<number>(n + 1).fill(0);
  let prev = new Array<number>(n + 1);
  let curr = new Array<number>(n + 1).fill(0);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (curr[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        v = Math.min(v, (prevPrev[j - 2] ?? 0) + 1);
      }
      curr[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prevPrev;
    prevPrev = prev;
    prev = curr;
    curr = t;
  }
  const d = prev[n] ?? max + 1;
  return d > max ? max + 1 : d;
}
