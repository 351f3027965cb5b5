/**
 * Named value transforms and pair predicates that settings refer to by name. The engine ships
 * generic ones; a preset (e.g. the Indonesian one) adds its own by merging registries.
 */
import { parseDate } from './comparators.ts';

/** Turns one cell value into a derived value; null means "missing". Extra numeric arguments are allowed. */
export type Transform = (value: string, ...args: number[]) => string | null;

/** Decides whether two non-null prepared values agree at some comparison level. */
export type PairPredicate = (a: string, b: string) => boolean;

/** The transforms and predicates available to settings. */
export interface LinkageRegistry {
  transforms: Readonly<Record<string, Transform>>;
  predicates: Readonly<Record<string, PairPredicate>>;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function stripDiacritics(value: string): string {
  return value.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

function tokens(value: string): string[] {
  return value.split(/\s+/).filter((t) => t.length > 0);
}

const nonEmpty = (value: string): string | null => (value.length > 0 ? value : null);

/** Generic transforms every settings file can use. */
export const builtinTransforms: Readonly<Record<string, Transform>> = {
  trim: (v) => nonEmpty(v.trim()),
  upper: (v) => nonEmpty(v.trim().toUpperCase()),
  lower: (v) => nonEmpty(v.trim().toLowerCase()),
  ascii: (v) => nonEmpty(stripDiacritics(v).trim()),
  alnum: (v) =>
    nonEmpty(
      stripDiacritics(v)
        .toUpperCase()
        .replace(/[^A-Z0-9]+/g, ''),
    ),
  digits: (v) => nonEmpty(v.replace(/\D+/g, '')),
  collapse: (v) =>
    nonEmpty(
      stripDiacritics(v)
        .toUpperCase()
        .replace(/[^A-Z0-9]+/g, ' ')
        .trim(),
    ),
  first_token: (v) => tokens(v)[0] ?? null,
  last_token: (v) => {
    const t = tokens(v);
    return t[t.length - 1] ?? null;
  },
  sorted_tokens: (v) => nonEmpty(tokens(v).sort().join(' ')),
  initials: (v) =>
    nonEmpty(
      tokens(v)
        .map((t) => t[0] ?? '')
        .join(''),
    ),
  left: (v, n = 1) => nonEmpty(v.slice(0, Math.max(0, n))),
  right: (v, n = 1) => nonEmpty(v.slice(-Math.max(1, n))),
  iso_date: (v) => {
    const d = parseDate(v);
    return d ? `${d.year}-${pad2(d.month)}-${pad2(d.day)}` : null;
  },
  year: (v) => {
    const d = parseDate(v);
    return d ? String(d.year) : null;
  },
  month: (v) => {
    const d = parseDate(v);
    return d ? pad2(d.month) : null;
  },
  day: (v) => {
    const d = parseDate(v);
    return d ? pad2(d.day) : null;
  },
  month_day: (v) => {
    const d = parseDate(v);
    return d ? `${pad2(d.month)}-${pad2(d.day)}` : null;
  },
};

/** The registry with only the engine's own transforms. */
export const builtinRegistry: LinkageRegistry = { transforms: builtinTransforms, predicates: {} };

/** Merges registries; later ones win on equal names. */
export function mergeRegistries(...registries: LinkageRegistry[]): LinkageRegistry {
  const transforms: Record<string, Transform> = {};
  const predicates: Record<string, PairPredicate> = {};
  for (const r of registries) {
    Object.assign(transforms, r.transforms);
    Object.assign(predicates, r.predicates);
  }
  return { transforms, predicates };
}
