/**
 * Column-oriented view of the input records and the small expression language of settings
 * (`column`, `fn(expr)`, `fn(expr, 3)`), evaluated once per column and cached.
 */
import { LinkageError } from './errors.ts';
import type { LinkageRegistry } from './registry.ts';

/** One input record: column name to cell value. Empty strings, null and undefined are missing. */
export type InputRecord = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** A parsed column expression. */
export type Expression =
  { kind: 'column'; name: string } | { kind: 'call'; fn: string; arg: Expression; params: number[] };

/** Parses `fn(fn2(column), 3)`; anything that is not a known call is a column name. */
export function parseExpression(text: string, registry: LinkageRegistry): Expression {
  const s = text.trim();
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\((.*)\)$/s.exec(s);
  if (m && m[1] !== undefined && m[2] !== undefined && m[1] in registry.transforms) {
    const fn = m[1];
    const inner = m[2];
    // Split off trailing numeric parameters at the top nesting level.
    const parts: string[] = [];
    let depth = 0;
    let start = 0;
    for (let i = 0; i < inner.length; i++) {
      const ch = inner[i];
      if (ch === '(') depth++;
      else if (ch === ')') depth--;
      else if (ch === ',' && depth === 0) {
        parts.push(inner.slice(start, i));
        start = i + 1;
      }
    }
    parts.push(inner.slice(start));
    const first = parts[0] ?? '';
    const params = parts.slice(1).map((p) => {
      const n = Number(p.trim());
      if (!Number.isFinite(n))
        throw new LinkageError(
          `Parameter "${p.trim()}" dari ${fn}() bukan angka`,
          `Parameter "${p.trim()}" of ${fn}() is not a number`,
        );
      return n;
    });
    return { kind: 'call', fn, arg: parseExpression(first, registry), params };
  }
  return { kind: 'column', name: s };
}

/** The input columns an expression reads. */
export function expressionColumns(expr: Expression): string[] {
  return expr.kind === 'column' ? [expr.name] : expressionColumns(expr.arg);
}

/** Canonical text of an expression, used as a cache key. */
export function expressionText(expr: Expression): string {
  if (expr.kind === 'column') return expr.name;
  const params = expr.params.map((p) => `,${p}`).join('');
  return `${expr.fn}(${expressionText(expr.arg)}${params})`;
}

/** The records as columns, with ids, source index and a cache of evaluated expressions. */
export class RecordTable {
  readonly size: number;
  readonly ids: string[];
  /** Index of the input dataset each record came from (0 for dedupe of one file). */
  readonly source: Uint8Array;
  private readonly raw = new Map<string, (string | null)[]>();
  private readonly cache = new Map<string, (string | null)[]>();
  private readonly codeCache = new Map<string, { codes: Int32Array; distinct: number }>();
  private readonly records: readonly InputRecord[];

  constructor(records: readonly InputRecord[], idColumn: string, sources?: ArrayLike<number>) {
    this.records = records;
    this.size = records.length;
    this.ids = new Array<string>(records.length);
    this.source = new Uint8Array(records.length);
    const seen = new Set<string>();
    for (let i = 0; i < records.length; i++) {
      const v = cell(records[i], idColumn);
      if (v === null) {
        throw new LinkageError(
          `Rekaman ${i + 1} tidak punya nilai di kolom id "${idColumn}"`,
          `Record ${i + 1} has no value in id column "${idColumn}"`,
        );
      }
      if (seen.has(v)) {
        throw new LinkageError(
          `Id rekaman ganda "${v}" di kolom "${idColumn}"`,
          `Duplicate record id "${v}" in column "${idColumn}"`,
        );
      }
      seen.add(v);
      this.ids[i] = v;
      if (sources) this.source[i] = sources[i] ?? 0;
    }
  }

  /** Whether any record has this column (a missing column is an error in settings, not data). */
  hasColumn(name: string): boolean {
    for (const r of this.records) if (Object.prototype.hasOwnProperty.call(r, name)) return true;
    return this.records.length === 0;
  }

  /** The raw (trimmed) values of a column; missing cells are null. */
  column(name: string): (string | null)[] {
    let values = this.raw.get(name);
    if (!values) {
      if (!this.hasColumn(name)) {
        throw new LinkageError(
          `Kolom "${name}" tidak ada di masukan`,
          `Column "${name}" is not in the input`,
        );
      }
      values = new Array<string | null>(this.size);
      for (let i = 0; i < this.size; i++) values[i] = cell(this.records[i], name);
      this.raw.set(name, values);
    }
    return values;
  }

  /** The values of an expression, evaluated once. */
  evaluate(expr: Expression, registry: LinkageRegistry): (string | null)[] {
    const key = expressionText(expr);
    const cached = this.cache.get(key) ?? (expr.kind === 'column' ? this.raw.get(key) : undefined);
    if (cached) return cached;
    let out: (string | null)[];
    if (expr.kind === 'column') {
      out = this.column(expr.name);
    } else {
      const fn = registry.transforms[expr.fn];
      if (!fn)
        throw new LinkageError(`Transformasi "${expr.fn}" tidak dikenal`, `Unknown transform "${expr.fn}"`);
      const input = this.evaluate(expr.arg, registry);
      out = new Array<string | null>(this.size);
      // Values repeat a lot (names, villages), so memoise the transform per distinct input.
      const memo = new Map<string, string | null>();
      for (let i = 0; i < this.size; i++) {
        const v = input[i];
        if (v === null || v === undefined) {
          out[i] = null;
          continue;
        }
        let r = memo.get(v);
        if (r === undefined) {
          r = fn(v, ...expr.params);
          memo.set(v, r);
        }
        out[i] = r;
      }
    }
    this.cache.set(key, out);
    return out;
  }

  /** Dense integer codes of an expression's values (-1 for missing), computed once per expression. */
  codes(exprs: readonly Expression[], registry: LinkageRegistry): { codes: Int32Array; distinct: number } {
    const key = exprs.map(expressionText).join(' || ');
    let c = this.codeCache.get(key);
    if (!c) {
      const interned = internValues(this.evaluateJoined(exprs, registry));
      c = { codes: interned.codes, distinct: interned.distinct.length };
      this.codeCache.set(key, c);
    }
    return c;
  }

  /** Values of several expressions joined with a space; null when all are missing. */
  evaluateJoined(exprs: readonly Expression[], registry: LinkageRegistry): (string | null)[] {
    const first = exprs[0];
    if (first === undefined) {
      throw new LinkageError(
        'Perbandingan memerlukan minimal satu kolom',
        'A comparison needs at least one column',
      );
    }
    if (exprs.length === 1) return this.evaluate(first, registry);
    const key = exprs.map(expressionText).join(' || ');
    const cached = this.cache.get(key);
    if (cached) return cached;
    const parts = exprs.map((e) => this.evaluate(e, registry));
    const out = new Array<string | null>(this.size);
    for (let i = 0; i < this.size; i++) {
      let s = '';
      for (const p of parts) {
        const v = p[i];
        if (v !== null && v !== undefined) s = s.length > 0 ? `${s} ${v}` : v;
      }
      out[i] = s.length > 0 ? s : null;
    }
    this.cache.set(key, out);
    return out;
  }
}

function cell(record: InputRecord | undefined, column: string): string | null {
  if (!record) return null;
  const v = record[column];
  if (v === null || v === undefined) return null;
  const s = typeof v === 'string' ? v.trim() : String(v);
  return s.length > 0 ? s : null;
}

/**
 * Maps values to dense integer codes (-1 for missing) so that equality in the pair loop is an
 * integer comparison.
 */
export function internValues(values: readonly (string | null)[]): { codes: Int32Array; distinct: string[] } {
  const codes = new Int32Array(values.length);
  const index = new Map<string, number>();
  const distinct: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      codes[i] = -1;
      continue;
    }
    let c = index.get(v);
    if (c === undefined) {
      c = distinct.length;
      distinct.push(v);
      index.set(v, c);
    }
    codes[i] = c;
  }
  return { codes, distinct };
}
