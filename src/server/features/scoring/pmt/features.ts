/**
 * Turns a model's declarative feature specs into closures over a per-household context. Specs are
 * compiled once per model so that scoring a million households is a tight loop of function calls.
 */
import type { FeatureSpec, MemberCodeField, PmtFeature, PmtModel } from './model.ts';
import type { ScoringInput, ScoringMember } from './types.ts';

/** A calendar date used to compute ages; scoring is reproducible only with a fixed date. */
export interface AsOf {
  year: number;
  month: number;
  day: number;
}

/** Read `YYYY-MM-DD` (or a Date, an AsOf, or today in UTC when absent) into an AsOf. */
export function parseAsOf(date?: string | Date | AsOf): AsOf {
  if (typeof date === 'object' && !(date instanceof Date)) return date;
  if (date === undefined || date instanceof Date) {
    const d = date ?? new Date();
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) throw new Error(`invalid date ${date}, expected YYYY-MM-DD`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/** Whole years between an ISO birth date and the scoring date; NaN when unknown or malformed. */
export function ageAt(birthDate: string | null, asOf: AsOf): number {
  // Hot path for a million households: read digits directly instead of slicing strings.
  if (birthDate === null || birthDate.length < 10) return NaN;
  const y = digits(birthDate, 0, 4);
  const m = digits(birthDate, 5, 7);
  const d = digits(birthDate, 8, 10);
  if (!(y > 0 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return NaN;
  const age = asOf.year - y - (asOf.month < m || (asOf.month === m && asOf.day < d) ? 1 : 0);
  return age >= 0 ? age : NaN;
}

/** What every feature closure reads: active members only, with ages already computed. */
export interface HouseholdContext {
  input: ScoringInput;
  active: ScoringMember[];
  /** Ages of `active`, same order; NaN when unknown. */
  ages: number[];
  size: number;
  head: ScoringMember | undefined;
  headAge: number;
}

/**
 * Precompute the active members, their ages and the head for one household. Pass `reuse` to refill
 * an existing context instead of allocating one (bulk scoring reuses a single context).
 */
export function buildHouseholdContext(
  input: ScoringInput,
  asOf: AsOf,
  reuse?: HouseholdContext,
): HouseholdContext {
  const ctx: HouseholdContext = reuse ?? {
    input,
    active: [],
    ages: [],
    size: 0,
    head: undefined,
    headAge: NaN,
  };
  ctx.input = input;
  ctx.head = undefined;
  ctx.headAge = NaN;
  let size = 0;
  const { active, ages } = ctx;
  for (const member of input.members) {
    if (member.status !== 1) continue;
    const age = ageAt(member.birthDate, asOf);
    active[size] = member;
    ages[size] = age;
    size++;
    if (ctx.head === undefined && member.relationship === 1) {
      ctx.head = member;
      ctx.headAge = age;
    }
  }
  active.length = size;
  ages.length = size;
  ctx.size = size;
  return ctx;
}

/** A compiled feature: its value for a household, NaN when the data is missing. */
export type FeatureFn = (ctx: HouseholdContext) => number;

function codeTable(codes: readonly number[]): (code: number | null | undefined) => boolean {
  const max = Math.max(...codes, 0);
  const table = new Uint8Array(max + 1);
  for (const c of codes) if (c >= 0) table[c] = 1;
  return (code) => typeof code === 'number' && code >= 0 && code <= max && table[code] === 1;
}

interface MemberFilterSpec {
  field?: MemberCodeField | undefined;
  codes?: number[] | undefined;
  minAge?: number | undefined;
  maxAge?: number | undefined;
}

function memberCounter(spec: MemberFilterSpec): (ctx: HouseholdContext) => number {
  const field = spec.field;
  const inCodes = spec.codes ? codeTable(spec.codes) : undefined;
  const minAge = spec.minAge;
  const maxAge = spec.maxAge;
  const testAge = minAge !== undefined || maxAge !== undefined;
  return (ctx) => {
    let n = 0;
    for (let i = 0; i < ctx.size; i++) {
      if (testAge) {
        const age = ctx.ages[i] ?? NaN;
        // Unknown age never matches an age filter: a child share must not guess.
        if (Number.isNaN(age)) continue;
        if (minAge !== undefined && age < minAge) continue;
        if (maxAge !== undefined && age >= maxAge) continue;
      }
      if (field !== undefined && inCodes !== undefined) {
        const member = ctx.active[i];
        if (member === undefined || !inCodes(member[field])) continue;
      }
      n++;
    }
    return n;
  };
}

function numberVar(ctx: HouseholdContext, key: string): number {
  const v = ctx.input.variables[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
}

/** Compile one feature spec into a closure. */
export function compileFeature(spec: FeatureSpec): FeatureFn {
  switch (spec.kind) {
    case 'log_household_size':
      return (ctx) => (ctx.size > 0 ? Math.log(ctx.size) : NaN);
    case 'household_size':
      return (ctx) => (ctx.size > 0 ? ctx.size : NaN);
    case 'member_share': {
      const count = memberCounter(spec);
      return (ctx) => (ctx.size > 0 ? count(ctx) / ctx.size : NaN);
    }
    case 'member_any': {
      const count = memberCounter(spec);
      return (ctx) => (ctx.size > 0 ? (count(ctx) > 0 ? 1 : 0) : NaN);
    }
    case 'member_count':
      return memberCounter(spec);
    case 'dependency_ratio': {
      const { childMaxAge, elderMinAge } = spec;
      return (ctx) => {
        if (ctx.size === 0) return NaN;
        let dependants = 0;
        let working = 0;
        for (let i = 0; i < ctx.size; i++) {
          const age = ctx.ages[i] ?? NaN;
          if (Number.isNaN(age)) continue;
          if (age < childMaxAge || age >= elderMinAge) dependants++;
          else working++;
        }
        // With no working-age member the ratio is undefined; counting dependants keeps it monotone.
        return dependants / Math.max(1, working);
      };
    }
    case 'head_female':
      return (ctx) => (ctx.head === undefined || ctx.head.sex === null ? NaN : ctx.head.sex === 2 ? 1 : 0);
    case 'head_code_in': {
      const field = spec.field;
      const inCodes = codeTable(spec.codes);
      return (ctx) => {
        const value = ctx.head?.[field];
        return value === null || value === undefined ? NaN : inCodes(value) ? 1 : 0;
      };
    }
    case 'variable_code_in': {
      const key = spec.variable;
      const inCodes = codeTable(spec.codes);
      return (ctx) => {
        const v = ctx.input.variables[key];
        return typeof v === 'number' ? (inCodes(v) ? 1 : 0) : NaN;
      };
    }
    case 'asset': {
      const key = spec.variable;
      return (ctx) => {
        const v = ctx.input.variables[key];
        if (v === true || v === 1) return 1;
        if (v === false || v === 0) return 0;
        return NaN;
      };
    }
    case 'variable_value': {
      const key = spec.variable;
      const cap = spec.cap ?? Infinity;
      return (ctx) => Math.min(numberVar(ctx, key), cap);
    }
    case 'log1p_variable': {
      const key = spec.variable;
      return (ctx) => {
        const v = numberVar(ctx, key);
        return v >= 0 ? Math.log1p(v) : NaN;
      };
    }
    case 'log_variable_per_capita': {
      const key = spec.variable;
      return (ctx) => {
        const v = numberVar(ctx, key);
        return v > 0 && ctx.size > 0 ? Math.log(v / ctx.size) : NaN;
      };
    }
    case 'district': {
      const code = spec.code;
      return (ctx) => (ctx.input.districtCode === code ? 1 : 0);
    }
    case 'village': {
      const code = spec.code;
      return (ctx) => (ctx.input.villageCode === code ? 1 : 0);
    }
  }
}

/** A model's features, compiled, with the value each takes when its data is missing. */
export interface CompiledFeatures {
  features: PmtFeature[];
  fns: FeatureFn[];
  missingValues: Float64Array;
}

/** Compile all features of a model. */
export function compileFeatures(model: Pick<PmtModel, 'features'>): CompiledFeatures {
  const features = model.features;
  return {
    features,
    fns: features.map((f) => compileFeature(f.spec)),
    missingValues: Float64Array.from(features.map((f) => f.spec.missingValue ?? f.reference)),
  };
}

/** Feature values of one household into `out`, missing data replaced; marks `missing[j] = 1` when given. */
export function featureValues(
  compiled: CompiledFeatures,
  ctx: HouseholdContext,
  out: Float64Array,
  missing?: Uint8Array,
): void {
  const { fns, missingValues } = compiled;
  for (let j = 0; j < fns.length; j++) {
    const fn = fns[j];
    let v = fn === undefined ? NaN : fn(ctx);
    if (Number.isNaN(v)) {
      v = missingValues[j] ?? 0;
      if (missing) missing[j] = 1;
    } else if (missing) missing[j] = 0;
    out[j] = v;
  }
}

/** The feature matrix of many households (rows = households), for calibration. */
export function featureMatrix(
  model: Pick<PmtModel, 'features'>,
  inputs: readonly ScoringInput[],
  asOf: AsOf,
): Float64Array[] {
  const compiled = compileFeatures(model);
  return inputs.map((input) => {
    const row = new Float64Array(compiled.fns.length);
    featureValues(compiled, buildHouseholdContext(input, asOf), row);
    return row;
  });
}

/** Turn a stored feature value back into the quantity a person recognises (size, m², share). */
export function displayValue(
  spec: FeatureSpec,
  value: number,
): { value: number; unit: 'count' | 'm2' | 'share' | 'flag' | 'ratio' | 'number' } {
  switch (spec.kind) {
    case 'log_household_size':
      return { value: Math.round(Math.exp(value)), unit: 'count' };
    case 'household_size':
    case 'member_count':
      return { value, unit: 'count' };
    case 'member_share':
      return { value, unit: 'share' };
    case 'dependency_ratio':
      return { value, unit: 'ratio' };
    case 'log_variable_per_capita':
      return { value: Math.exp(value), unit: 'm2' };
    case 'log1p_variable':
      return { value: Math.expm1(value), unit: spec.variable.endsWith('_m2') ? 'm2' : 'count' };
    case 'variable_value':
      return { value, unit: spec.variable.endsWith('_m2') ? 'm2' : 'number' };
    default:
      return { value, unit: 'flag' };
  }
}
