/**
 * Compiles the comparisons of a settings file into per-pair level functions over prepared column
 * arrays: strings are interned to integer codes, dates parsed to day numbers and names split into
 * tokens once per record, so the pair loop only reads typed arrays and calls comparators.
 */
import { LinkageError } from './errors.ts';
import {
  datesAgree,
  damerauLevenshtein,
  jaro,
  jaroWinkler,
  jaroWinklerUpperBound,
  levenshteinBounded,
  numbersAgree,
  parseDate,
  tokenSetSimilarity,
} from './comparators.ts';
import type { LinkageRegistry } from './registry.ts';
import type { ComparisonSettings, LevelSettings } from './settings.ts';
import { expressionColumns, internValues, parseExpression, type RecordTable } from './table.ts';

type LevelTest = (i: number, j: number) => boolean;

/** A comparison ready for the pair loop. */
export interface CompiledComparison {
  name: string;
  /** Input columns read, used to tell which comparisons a blocking rule already constrains. */
  columns: string[];
  levelLabels: string[];
  levelKinds: LevelSettings['kind'][];
  isNull: boolean[];
  fixedM: (number | undefined)[];
  fixedU: (number | undefined)[];
  /** Per level: value codes whose frequency replaces u when term-frequency adjustment applies. */
  tfCodes: (Int32Array | null)[];
  /** Per level: relative frequency of each code (same index as tfCodes' values). */
  tfFrequency: (Float64Array | null)[];
  tfMinimum: number;
  /** Level index (0-based, settings order) of the first level the pair satisfies. */
  level: (i: number, j: number) => number;
}

function describeLevel(level: LevelSettings): string {
  switch (level.kind) {
    case 'null':
      return 'null';
    case 'exact':
      return 'exact';
    case 'exact_normalised':
      return `exact ${level.normaliser}`;
    case 'jaro_winkler':
      return `jaro_winkler >= ${level.threshold}`;
    case 'jaro':
      return `jaro >= ${level.threshold}`;
    case 'levenshtein':
      return `levenshtein <= ${level.k}`;
    case 'damerau_levenshtein':
      return `damerau_levenshtein <= ${level.k}`;
    case 'date': {
      const parts = [`within ${level.tolerance_days} days`];
      if (level.allow_day_month_swap) parts.push('day/month swap');
      if (level.min_equal_parts !== undefined) parts.push(`${level.min_equal_parts} of y/m/d equal`);
      return `date ${parts.join(' or ')}`;
    }
    case 'number':
      return `number within ${level.abs_tolerance} or ${level.rel_tolerance * 100}%`;
    case 'token_set':
      return `token_set ${level.mode} >= ${level.threshold}`;
    case 'nik':
      return `nik ${level.mode}`;
    case 'predicate':
      return level.name;
    case 'else':
      return 'else';
  }
}

interface DateColumns {
  valid: Uint8Array;
  dayNo: Int32Array;
  year: Int16Array;
  month: Uint8Array;
  day: Uint8Array;
}

/** Compiles one comparison against a table. */
export function compileComparison(
  settings: ComparisonSettings,
  table: RecordTable,
  registry: LinkageRegistry,
): CompiledComparison {
  const exprTexts = settings.columns ?? (settings.column !== undefined ? [settings.column] : []);
  const exprs = exprTexts.map((t) => parseExpression(t, registry));
  const columns = [...new Set(exprs.flatMap(expressionColumns))];
  const values = table.evaluateJoined(exprs, registry);
  const n = table.size;
  const last = settings.levels[settings.levels.length - 1];
  if (!last || last.kind !== 'else') {
    throw new LinkageError(
      `Perbandingan "${settings.output_column_name}": tingkat terakhir harus "else"`,
      `Comparison "${settings.output_column_name}": the last level must be "else"`,
    );
  }

  let valueCodes: Int32Array | null = null;
  const codesOfValues = (): Int32Array => {
    valueCodes ??= table.codes(exprs, registry).codes;
    return valueCodes;
  };
  let dates: DateColumns | null = null;
  const dateColumns = (): DateColumns => {
    if (dates) return dates;
    const d: DateColumns = {
      valid: new Uint8Array(n),
      dayNo: new Int32Array(n),
      year: new Int16Array(n),
      month: new Uint8Array(n),
      day: new Uint8Array(n),
    };
    for (let i = 0; i < n; i++) {
      const v = values[i];
      const p = v ? parseDate(v) : null;
      if (!p) continue;
      d.valid[i] = 1;
      d.dayNo[i] = Math.round(Date.UTC(p.year, p.month - 1, p.day) / 86_400_000);
      d.year[i] = p.year;
      d.month[i] = p.month;
      d.day[i] = p.day;
    }
    dates = d;
    return d;
  };
  let tokenLists: string[][] | null = null;
  const tokens = (): string[][] => {
    if (tokenLists) return tokenLists;
    const memo = new Map<string, string[]>();
    const out = new Array<string[]>(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === null || v === undefined) {
        out[i] = [];
        continue;
      }
      let t = memo.get(v);
      if (!t) {
        t = v.split(/\s+/).filter((x) => x.length > 0);
        memo.set(v, t);
      }
      out[i] = t;
    }
    tokenLists = out;
    return out;
  };

  const stringTest =
    (fn: (a: string, b: string) => boolean): LevelTest =>
    (i, j) => {
      const a = values[i];
      const b = values[j];
      return a !== null && a !== undefined && b !== null && b !== undefined && fn(a, b);
    };

  // Several Jaro–Winkler levels on one comparison score the same pair: compute it once.
  let lastI = -1;
  let lastJ = -1;
  let lastSimilarity = 0;
  let lastExact = false;
  const similarityAtLeast = (i: number, j: number, threshold: number): boolean => {
    if (i !== lastI || j !== lastJ) {
      lastI = i;
      lastJ = j;
      const a = values[i];
      const b = values[j];
      lastExact = a === null || a === undefined || b === null || b === undefined;
      // Cache the cheap bound first; the exact score is computed only when the bound passes.
      lastSimilarity = lastExact ? -1 : jaroWinklerUpperBound(a ?? '', b ?? '');
    }
    if (lastSimilarity < threshold) return false;
    if (!lastExact) {
      lastSimilarity = jaroWinkler(values[i] ?? '', values[j] ?? '');
      lastExact = true;
    }
    return lastSimilarity >= threshold;
  };

  const tests: LevelTest[] = [];
  const tfCodes: (Int32Array | null)[] = [];
  const tfFrequency: (Float64Array | null)[] = [];
  for (const level of settings.levels) {
    let test: LevelTest;
    let codesForTf: Int32Array | null = null;
    switch (level.kind) {
      case 'null':
        test = (i, j) => values[i] === null || values[j] === null;
        break;
      case 'exact': {
        const codes = codesOfValues();
        codesForTf = codes;
        test = (i, j) => {
          const c = codes[i] ?? -1;
          return c >= 0 && c === codes[j];
        };
        break;
      }
      case 'exact_normalised': {
        const fn = registry.transforms[level.normaliser];
        if (!fn)
          throw new LinkageError(
            `Normaliser "${level.normaliser}" tidak dikenal`,
            `Unknown normaliser "${level.normaliser}"`,
          );
        const memo = new Map<string, string | null>();
        const normalised = values.map((v) => {
          if (v === null) return null;
          let r = memo.get(v);
          if (r === undefined) {
            r = fn(v);
            memo.set(v, r);
          }
          return r;
        });
        const codes = internValues(normalised).codes;
        codesForTf = codes;
        test = (i, j) => {
          const c = codes[i] ?? -1;
          return c >= 0 && c === codes[j];
        };
        break;
      }
      case 'jaro_winkler': {
        const threshold = level.threshold;
        test = (i, j) => similarityAtLeast(i, j, threshold);
        break;
      }
      case 'jaro': {
        const threshold = level.threshold;
        test = stringTest((a, b) => jaro(a, b) >= threshold);
        break;
      }
      case 'levenshtein': {
        const k = level.k;
        test = stringTest((a, b) => levenshteinBounded(a, b, k) <= k);
        break;
      }
      case 'damerau_levenshtein': {
        const k = level.k;
        // A transposition is two Levenshtein edits, so Levenshtein > 2k rules the pair out cheaply.
        test = stringTest(
          (a, b) =>
            Math.abs(a.length - b.length) <= k &&
            levenshteinBounded(a, b, 2 * k) <= 2 * k &&
            damerauLevenshtein(a, b) <= k,
        );
        break;
      }
      case 'date': {
        const d = dateColumns();
        const options = {
          toleranceDays: level.tolerance_days,
          allowDayMonthSwap: level.allow_day_month_swap,
          minEqualParts: level.min_equal_parts,
        };
        test = (i, j) =>
          d.valid[i] === 1 &&
          d.valid[j] === 1 &&
          datesAgree(
            d.dayNo[i] ?? 0,
            d.year[i] ?? 0,
            d.month[i] ?? 0,
            d.day[i] ?? 0,
            d.dayNo[j] ?? 0,
            d.year[j] ?? 0,
            d.month[j] ?? 0,
            d.day[j] ?? 0,
            options,
          );
        break;
      }
      case 'number': {
        const nums = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const v = values[i];
          nums[i] = v === null || v === undefined ? Number.NaN : Number(v.replace(',', '.'));
        }
        const abs = level.abs_tolerance;
        const rel = level.rel_tolerance;
        test = (i, j) => {
          const a = nums[i] ?? Number.NaN;
          const b = nums[j] ?? Number.NaN;
          return !Number.isNaN(a) && !Number.isNaN(b) && numbersAgree(a, b, abs, rel);
        };
        break;
      }
      case 'token_set': {
        const t = tokens();
        const { threshold, token_threshold: tokenThreshold, mode } = level;
        test = (i, j) => {
          const a = t[i];
          const b = t[j];
          return (
            a !== undefined &&
            b !== undefined &&
            a.length > 0 &&
            b.length > 0 &&
            tokenSetSimilarity(a, b, tokenThreshold, mode, threshold) >= threshold
          );
        };
        break;
      }
      case 'nik':
      case 'predicate': {
        const name = level.kind === 'nik' ? `nik_${level.mode}` : level.name;
        const fn = registry.predicates[name];
        if (!fn)
          throw new LinkageError(
            `Predikat "${name}" tidak dikenal (apakah registri preset diberikan?)`,
            `Unknown predicate "${name}" (is the preset's registry passed?)`,
          );
        test = stringTest(fn);
        break;
      }
      case 'else':
        test = () => true;
        break;
    }
    tests.push(test);
    const useTf =
      settings.term_frequency_adjustments &&
      codesForTf !== null &&
      (level.kind === 'exact' || level.kind === 'exact_normalised');
    if (useTf && codesForTf) {
      tfCodes.push(codesForTf);
      tfFrequency.push(frequencies(codesForTf));
    } else {
      tfCodes.push(null);
      tfFrequency.push(null);
    }
  }

  const levelCount = tests.length;
  const level = (i: number, j: number): number => {
    for (let l = 0; l < levelCount; l++) {
      const t = tests[l];
      if (t && t(i, j)) return l;
    }
    return levelCount - 1;
  };

  return {
    name: settings.output_column_name,
    columns,
    levelLabels: settings.levels.map((l) => l.label ?? describeLevel(l)),
    levelKinds: settings.levels.map((l) => l.kind),
    isNull: settings.levels.map((l) => l.kind === 'null'),
    fixedM: settings.levels.map((l) => l.m_probability),
    fixedU: settings.levels.map((l) => l.u_probability),
    tfCodes,
    tfFrequency,
    tfMinimum: settings.tf_minimum_u_value ?? 0,
    level,
  };
}

function frequencies(codes: Int32Array): Float64Array {
  let max = -1;
  for (let i = 0; i < codes.length; i++) if ((codes[i] ?? -1) > max) max = codes[i] ?? -1;
  const counts = new Float64Array(max + 1);
  let total = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] ?? -1;
    if (c >= 0) {
      counts[c] = (counts[c] ?? 0) + 1;
      total++;
    }
  }
  if (total > 0) for (let c = 0; c <= max; c++) counts[c] = (counts[c] ?? 0) / total;
  return counts;
}

/** Fills one Uint8Array of level indices per comparison for a list of pairs. */
export function computeLevels(
  comparisons: readonly CompiledComparison[],
  left: Int32Array,
  right: Int32Array,
  count: number,
  only?: readonly boolean[],
): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let c = 0; c < comparisons.length; c++) {
    const comp = comparisons[c];
    const levels = new Uint8Array(count);
    if (comp && (only === undefined || only[c] === true)) {
      const fn = comp.level;
      for (let k = 0; k < count; k++) levels[k] = fn(left[k] ?? 0, right[k] ?? 0);
    }
    out.push(levels);
  }
  return out;
}
