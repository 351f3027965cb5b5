/** Pure helpers of the ranking pages: money and percent text, colours, bar widths, URL state, rule text. */
import type {
  CriteriaCategory,
  Language,
  RankingConflictCode,
  RankingConflictQuery,
} from '../../api/types.ts';
import { localeOf } from '../../lib/format.ts';

export const CONFLICT_CODES: readonly RankingConflictCode[] = [
  'desil_gap',
  'asn_tni_polri_member',
  'owns_car',
  'non_subsidised_power',
];

export const CRITERIA_CATEGORIES: readonly CriteriaCategory[] = [
  'miskin_desil',
  'bantuan_lain',
  'tidak_layak',
];

export const CONFLICT_PAGE_SIZES = [25, 50, 100] as const;

const MINUS = '\u2212';

/** Rupiah without decimals in the language's grouping: `Rp 1.234.567` (id) or `Rp 1,234,567` (en). */
export function formatRupiah(value: number, lang: Language): string {
  const abs = new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 0 }).format(
    Math.abs(Math.round(value)),
  );
  return `${value < 0 && Math.round(value) !== 0 ? MINUS : ''}Rp ${abs}`;
}

/** A signed percentage effect such as `+12 %` or `−4,5 %`: one decimal below 10, whole numbers above. */
export function formatPercentEffect(percent: number, lang: Language): string {
  const abs = Math.abs(percent);
  const digits = abs >= 10 ? 0 : 1;
  const text = new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: digits }).format(abs);
  const sign = percent < 0 ? MINUS : '+';
  return `${sign}${text} %`;
}

/** A share between 0 and 1 as a percentage, e.g. `52,3 %`. */
export function formatShare(share: number, lang: Language): string {
  return `${new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 1 }).format(share * 100)} %`;
}

/** A coefficient or statistic with a fixed number of decimals and a true minus sign. */
export function formatDecimal(value: number, lang: Language, digits = 3): string {
  const text = new Intl.NumberFormat(localeOf(lang), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(Math.abs(value));
  return `${value < 0 && Number(text.replace(/[^0-9]/g, '')) !== 0 ? MINUS : ''}${text}`;
}

/**
 * Width (0–100 %) of a factor's bar, relative to the largest effect shown. Effects are compared in log
 * points so that "halves" and "doubles" get bars of the same length.
 */
export function factorBarWidth(contribution: number, largest: number): number {
  const max = Math.abs(largest);
  if (!(max > 0) || !Number.isFinite(contribution)) return 0;
  return Math.max(2, Math.min(100, (Math.abs(contribution) / max) * 100));
}

/** The Mantine colour of a criteria category: poor by desil red, other help orange, not eligible grey. */
export function categoryColor(category: CriteriaCategory): string {
  if (category === 'miskin_desil') return 'red';
  if (category === 'bantuan_lain') return 'orange';
  return 'gray';
}

/** The Mantine colour of a conflict badge: a desil gap is a question, an exclusion flag a warning. */
export function conflictColor(code: RankingConflictCode): string {
  return code === 'desil_gap' ? 'violet' : 'red';
}

/** Background of a heat-map cell: transparent for 0, then deeper teal as the count nears the largest one. */
export function heatColor(count: number, max: number): string {
  if (!(count > 0) || !(max > 0)) return 'transparent';
  // Square root so that a few big cells do not wash out every other non-zero cell.
  const strength = Math.sqrt(Math.min(1, count / max));
  const alpha = 0.08 + 0.72 * strength;
  return `rgba(12, 166, 120, ${alpha.toFixed(3)})`;
}

/** Whether a heat-map cell's text should be light (on a dark background). */
export function heatTextIsLight(count: number, max: number): boolean {
  return max > 0 && Math.sqrt(Math.min(1, count / max)) > 0.6;
}

/** Largest value of a matrix, 0 when empty. */
export function matrixMax(matrix: readonly (readonly number[])[]): number {
  let max = 0;
  for (const row of matrix) for (const v of row) if (v > max) max = v;
  return max;
}

/** Households on the diagonal (same desil), within one desil, and in total, of an official × estimated matrix. */
export function matrixAgreement(matrix: readonly (readonly number[])[]): {
  total: number;
  same: number;
  withinOne: number;
} {
  let total = 0;
  let same = 0;
  let withinOne = 0;
  matrix.forEach((row, i) =>
    row.forEach((n, j) => {
      total += n;
      if (i === j) same += n;
      if (Math.abs(i - j) <= 1) withinOne += n;
    }),
  );
  return { total, same, withinOne };
}

export interface ConflictSearch {
  type: RankingConflictCode | null;
  districtCode: string;
  villageCode: string;
  page: number;
  pageSize: number;
}

export const DEFAULT_CONFLICT_SEARCH: ConflictSearch = {
  type: null,
  districtCode: '',
  villageCode: '',
  page: 1,
  pageSize: 25,
};

function positiveInt(value: string | null): number | null {
  if (!value || !/^\d{1,6}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 ? n : null;
}

/** Reads the conflicts page state from its URL, ignoring values the API would reject. */
export function parseConflictSearch(params: URLSearchParams): ConflictSearch {
  const type = params.get('type');
  const size = positiveInt(params.get('pageSize'));
  return {
    type: CONFLICT_CODES.find((c) => c === type) ?? null,
    districtCode: params.get('districtCode')?.slice(0, 20) ?? '',
    villageCode: params.get('villageCode')?.slice(0, 20) ?? '',
    page: positiveInt(params.get('page')) ?? 1,
    pageSize: CONFLICT_PAGE_SIZES.find((s) => s === size) ?? DEFAULT_CONFLICT_SEARCH.pageSize,
  };
}

/** Writes the conflicts page state to URL parameters, leaving defaults out. */
export function serializeConflictSearch(search: ConflictSearch): URLSearchParams {
  const out = new URLSearchParams();
  if (search.type) out.set('type', search.type);
  if (search.districtCode) out.set('districtCode', search.districtCode);
  if (search.villageCode) out.set('villageCode', search.villageCode);
  if (search.page !== 1) out.set('page', String(search.page));
  if (search.pageSize !== DEFAULT_CONFLICT_SEARCH.pageSize) out.set('pageSize', String(search.pageSize));
  return out;
}

/** Applies a change to the conflicts search: a filter change returns to page 1, a kecamatan change clears a kelurahan outside it. */
export function changeConflictSearch(
  search: ConflictSearch,
  patch: Partial<ConflictSearch>,
  parentOf: (villageCode: string) => string | null,
): ConflictSearch {
  const next = { ...search, ...patch };
  const filtersChanged =
    next.type !== search.type ||
    next.districtCode !== search.districtCode ||
    next.villageCode !== search.villageCode ||
    next.pageSize !== search.pageSize;
  if (filtersChanged && patch.page === undefined) next.page = 1;
  if (patch.districtCode !== undefined && next.villageCode && next.districtCode) {
    if (parentOf(next.villageCode) !== next.districtCode) next.villageCode = '';
  }
  if (patch.villageCode && !next.districtCode) next.districtCode = parentOf(patch.villageCode) ?? '';
  return next;
}

/** The API query of a conflicts search. */
export function conflictQueryOf(search: ConflictSearch): RankingConflictQuery {
  return {
    type: search.type ?? undefined,
    districtCode: search.districtCode || undefined,
    villageCode: search.villageCode || undefined,
    page: search.page,
    pageSize: search.pageSize,
  };
}

/** Parses pasted JSON, answering the syntax error instead of throwing. */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: false, error: 'empty' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

const OPS: Record<string, string> = {
  eq: '=',
  ne: '≠',
  in: '∈',
  not_in: '∉',
  lt: '<',
  lte: '≤',
  gt: '>',
  gte: '≥',
  is_null: 'kosong / empty',
  not_null: 'terisi / filled',
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function valueText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => String(v)).join(', ')}]`;
  return value === undefined ? '' : String(value);
}

function comparison(subject: string, node: Record<string, unknown>): string {
  const op = typeof node.op === 'string' ? node.op : '?';
  const symbol = OPS[op] ?? op;
  if (op === 'is_null' || op === 'not_null') return `${subject} ${symbol}`;
  return `${subject} ${symbol} ${valueText(node.value)}`;
}

/**
 * A compact formula of a rule condition for administrators, e.g. `any_member(work ∈ [5, 6])` or
 * `floor_material = 8 AND power_va ≤ 2`. Unknown shapes are shown as JSON.
 */
export function conditionText(node: unknown): string {
  if (!isRecord(node)) return JSON.stringify(node) ?? '';
  const group = (key: 'all' | 'any', sep: string): string | null => {
    const list = node[key];
    if (!Array.isArray(list)) return null;
    const parts = list.map((c) => conditionText(c));
    return parts.length === 1 ? (parts[0] ?? '') : `(${parts.join(sep)})`;
  };
  if ('all' in node) return group('all', ' AND ') ?? JSON.stringify(node);
  if ('any' in node) return group('any', ' OR ') ?? JSON.stringify(node);
  if ('not' in node) return `NOT ${conditionText(node.not)}`;
  if ('var' in node) return comparison(String(node.var), node);
  if ('field' in node) return comparison(String(node.field), node);
  if ('no_member' in node) return `no_member(${conditionText(node.no_member)})`;
  if ('any_member' in node) return `any_member(${conditionText(node.any_member)})`;
  if ('count_members' in node && isRecord(node.count_members)) {
    const spec = node.count_members;
    const where = spec.where === undefined ? '' : conditionText(spec.where);
    return comparison(`count_members(${where})`, spec);
  }
  return JSON.stringify(node);
}

/** The parameters of a model feature besides its name and kind, as `key=value` text. */
export function featureSpecText(spec: Record<string, unknown>): string {
  return Object.entries(spec)
    .filter(([key]) => key !== 'name' && key !== 'kind')
    .map(([key, value]) => `${key}=${valueText(value)}`)
    .join(', ');
}
