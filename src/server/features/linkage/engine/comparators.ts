/**
 * String, date and number comparators for record linkage. They run inside the pair loop, so they
 * reuse module-level scratch buffers instead of allocating per call.
 */

let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);
let rowPrev = new Int32Array(64);
let rowCurr = new Int32Array(64);
let rowPrev2 = new Int32Array(64);

function ensureFlags(n: number): void {
  if (flagsA.length < n || flagsB.length < n) {
    const size = Math.max(n, flagsA.length * 2);
    flagsA = new Uint8Array(size);
    flagsB = new Uint8Array(size);
  }
}

function ensureRows(n: number): void {
  if (rowPrev.length < n) {
    const size = Math.max(n, rowPrev.length * 2);
    rowPrev = new Int32Array(size);
    rowCurr = new Int32Array(size);
    rowPrev2 = new Int32Array(size);
  }
}

/** Jaro similarity in [0, 1]; 1 for two empty strings. */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  ensureFlags(Math.max(la, lb));
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const ch = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === ch) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) halfTranspositions++;
    k++;
  }
  const t = halfTranspositions / 2;
  return (matches / la + matches / lb + (matches - t) / matches) / 3;
}

/**
 * Jaro–Winkler similarity (Winkler 1990): Jaro boosted by the common prefix (at most 4 characters,
 * scale 0.1). Gives MARTHA/MARHTA 0.961 and DIXON/DICKSONX 0.813, the published values.
 */
export function jaroWinkler(a: string, b: string, prefixScale = 0.1): number {
  const j = jaro(a, b);
  if (j === 1 || j === 0) return j;
  const maxPrefix = Math.min(4, a.length, b.length);
  let prefix = 0;
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * prefixScale * (1 - j);
}

const charCounts = new Int32Array(128);

/**
 * An upper bound of jaroWinkler(a, b) from character counts alone: Jaro matches cannot exceed the
 * shared characters, so a pair whose bound is below a threshold is rejected without the O(n·window)
 * matching loop. Most random pairs (u estimation) end here.
 */
export function jaroWinklerUpperBound(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return a === b ? 1 : 0;
  for (let i = 0; i < la; i++) {
    const c = a.charCodeAt(i) & 127;
    charCounts[c] = (charCounts[c] ?? 0) + 1;
  }
  let shared = 0;
  for (let i = 0; i < lb; i++) {
    const c = b.charCodeAt(i) & 127;
    const left = charCounts[c] ?? 0;
    if (left > 0) {
      shared++;
      charCounts[c] = left - 1;
    }
  }
  for (let i = 0; i < la; i++) charCounts[a.charCodeAt(i) & 127] = 0;
  if (shared === 0) return 0;
  const j = (shared / la + shared / lb + 1) / 3;
  return j + 0.4 * (1 - j);
}

/** Levenshtein edit distance (insert, delete, substitute). */
export function levenshtein(a: string, b: string): number {
  return levenshteinBounded(a, b, Number.MAX_SAFE_INTEGER);
}

/**
 * Levenshtein distance if it is at most k, else k + 1. Only a band of width 2k+1 is computed and the
 * loop stops as soon as every cell of a row exceeds k, so a "within k" test costs O(k·n).
 */
export function levenshteinBounded(a: string, b: string, k: number): number {
  if (a === b) return 0;
  let s = a;
  let t = b;
  if (s.length > t.length) {
    s = b;
    t = a;
  }
  const ls = s.length;
  const lt = t.length;
  if (lt - ls > k) return k + 1;
  if (ls === 0) return lt <= k ? lt : k + 1;
  ensureRows(lt + 1);
  const big = k + 1;
  for (let j = 0; j <= lt; j++) rowPrev[j] = j <= k ? j : big;
  for (let i = 1; i <= ls; i++) {
    const lo = Math.max(1, i - k);
    const hi = Math.min(lt, i + k);
    rowCurr[0] = i <= k ? i : big;
    if (lo > 1) rowCurr[lo - 1] = big;
    let rowMin = rowCurr[0] ?? big;
    const ch = s.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const cost = t.charCodeAt(j - 1) === ch ? 0 : 1;
      const del = (rowPrev[j] ?? big) + 1;
      const ins = (rowCurr[j - 1] ?? big) + 1;
      const sub = (rowPrev[j - 1] ?? big) + cost;
      let v = del < ins ? del : ins;
      if (sub < v) v = sub;
      if (v > big) v = big;
      rowCurr[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (hi < lt) rowCurr[hi + 1] = big;
    if (rowMin > k) return big;
    const swap = rowPrev;
    rowPrev = rowCurr;
    rowCurr = swap;
  }
  const d = rowPrev[lt] ?? big;
  return d > k ? big : d;
}

/**
 * Optimal-string-alignment distance (Damerau–Levenshtein where a transposition of two adjacent
 * characters costs 1 and no substring is edited twice).
 */
export function damerauLevenshtein(a: string, b: string): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (la === 0) return lb;
  if (lb === 0) return la;
  ensureRows(lb + 1);
  // Rolling rows: rowPrev2 = i-2, rowPrev = i-1, rowCurr = i.
  for (let j = 0; j <= lb; j++) rowPrev[j] = j;
  for (let i = 1; i <= la; i++) {
    rowCurr[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = Math.min((rowPrev[j] ?? 0) + 1, (rowCurr[j - 1] ?? 0) + 1, (rowPrev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        v = Math.min(v, (rowPrev2[j - 2] ?? 0) + 1);
      }
      rowCurr[j] = v;
    }
    const oldest = rowPrev2;
    rowPrev2 = rowPrev;
    rowPrev = rowCurr;
    rowCurr = oldest;
  }
  return rowPrev[lb] ?? 0;
}

/** True when b is a with exactly one pair of adjacent, different characters swapped. */
export function isAdjacentTransposition(a: string, b: string): boolean {
  const n = a.length;
  if (n !== b.length || n < 2) return false;
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i >= n - 1) return false;
  if (a.charCodeAt(i) !== b.charCodeAt(i + 1) || a.charCodeAt(i + 1) !== b.charCodeAt(i)) return false;
  for (let j = i + 2; j < n; j++) if (a.charCodeAt(j) !== b.charCodeAt(j)) return false;
  return true;
}

/** Number of positions where two equal-length strings differ; -1 when lengths differ. */
export function hammingDistance(a: string, b: string): number {
  if (a.length !== b.length) return -1;
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) d++;
  return d;
}

export type TokenSetMode = 'dice' | 'overlap';

let usedTokens = new Uint8Array(16);

/**
 * Order-free similarity of two token lists. Tokens are paired one-to-one, greedily, each token of the
 * shorter list taking its best unused partner whose Jaro–Winkler is at least tokenThreshold. The score
 * is the summed pair similarity divided by the mean list length ('dice': a dropped middle name
 * costs) or by the shorter length ('overlap': one list contained in the other scores 1).
 */
export function tokenSetSimilarity(
  a: readonly string[],
  b: readonly string[],
  tokenThreshold = 0.92,
  mode: TokenSetMode = 'dice',
  /** When given, returns 0 as soon as this score can no longer be reached. */
  atLeast = 0,
): number {
  const short = a.length <= b.length ? a : b;
  const long = a.length <= b.length ? b : a;
  if (short.length === 0) return 0;
  const denominator = mode === 'overlap' ? short.length : (a.length + b.length) / 2;
  const needed = atLeast * denominator;
  if (short.length < needed) return 0;
  if (usedTokens.length < long.length) usedTokens = new Uint8Array(long.length * 2);
  usedTokens.fill(0, 0, long.length);
  let total = 0;
  for (let t = 0; t < short.length; t++) {
    if (total + (short.length - t) < needed) return 0;
    const token = short[t] ?? '';
    let best = -1;
    let bestSim = 0;
    for (let j = 0; j < long.length; j++) {
      if (usedTokens[j] === 1) continue;
      const other = long[j] ?? '';
      if (other !== token && jaroWinklerUpperBound(token, other) < Math.max(tokenThreshold, bestSim))
        continue;
      const sim = other === token ? 1 : jaroWinkler(token, other);
      if (sim > bestSim) {
        bestSim = sim;
        best = j;
        if (sim === 1) break;
      }
    }
    if (best >= 0 && bestSim >= tokenThreshold) {
      usedTokens[best] = 1;
      total += bestSim;
    }
  }
  return total / denominator;
}

/** A calendar date split into parts; month 1–12. */
export interface DateParts {
  year: number;
  month: number;
  day: number;
}

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 (UTC) for a date given by its parts. */
export function dayNumber(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

function validParts(year: number, month: number, day: number): DateParts | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1) return null;
  return { year, month, day };
}

/**
 * Parses YYYY-MM-DD (also with / or .), DD-MM-YYYY (also / or .), YYYYMMDD, and an ISO timestamp.
 * Returns null for anything else or an impossible date.
 */
export function parseDate(value: string): DateParts | null {
  const s = value.trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/.exec(s);
  if (m) return validParts(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
  if (m) return validParts(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return validParts(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

/** Options of a date comparison level. */
export interface DateLevelOptions {
  toleranceDays: number;
  allowDayMonthSwap: boolean;
  /** When set, also agree if at least this many of year, month and day are equal (a one-part typo). */
  minEqualParts?: number;
}

/**
 * Compares two parsed dates. Dates are passed as parts packed by the caller (day numbers and parts)
 * so that the pair loop does not allocate.
 */
export function datesAgree(
  dayA: number,
  yA: number,
  mA: number,
  dA: number,
  dayB: number,
  yB: number,
  mB: number,
  dB: number,
  options: DateLevelOptions,
): boolean {
  if (Math.abs(dayA - dayB) <= options.toleranceDays) return true;
  if (options.allowDayMonthSwap && yA === yB && mA === dB && dA === mB) return true;
  if (options.minEqualParts !== undefined) {
    const equal = (yA === yB ? 1 : 0) + (mA === mB ? 1 : 0) + (dA === dB ? 1 : 0);
    if (equal >= options.minEqualParts) return true;
  }
  return false;
}

/** True when two numbers differ by at most abs, or by at most rel times the larger magnitude. */
export function numbersAgree(a: number, b: number, abs: number, rel: number): boolean {
  const diff = Math.abs(a - b);
  if (diff <= abs) return true;
  return diff <= rel * Math.max(Math.abs(a), Math.abs(b));
}
