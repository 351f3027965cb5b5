/**
 * Evaluates a local criteria rule set on one household and places it in one of three lists the
 * vice-mayor asked for (domain.md §1): poor by Kemensos desil, needs other help (APBD, TJSL, BAZNAS),
 * or not eligible, always with the rules that fired and the reasons in both languages.
 */
import { ageAt, parseAsOf, type AsOf } from '../pmt/features.ts';
import type { Bilingual, ScoringInput, ScoringMember } from '../pmt/types.ts';
import type {
  ComparisonOp,
  ComparisonValue,
  CriteriaRule,
  CriteriaRuleSet,
  HelpProgram,
  HouseholdCondition,
  MemberCondition,
  MemberField,
  RuleEffect,
} from './rules.ts';

export type CriteriaCategory = 'miskin_desil' | 'bantuan_lain' | 'tidak_layak';

export const CATEGORY_LABELS: Record<CriteriaCategory, Bilingual> = {
  miskin_desil: { id: 'Miskin menurut desil Kemensos', en: 'Poor by Kemensos desil' },
  bantuan_lain: {
    id: 'Perlu bantuan lain (APBD, TJSL, BAZNAS)',
    en: 'Needs other help (APBD, TJSL, BAZNAS)',
  },
  tidak_layak: { id: 'Tidak layak', en: 'Not eligible' },
};

export interface CriteriaInput extends ScoringInput {
  officialDesil: number | null;
  estimatedDesil: number | null;
}

export interface FiredRule {
  id: string;
  label: Bilingual;
  effect: RuleEffect;
}

export interface CriteriaResult {
  category: CriteriaCategory;
  firedRules: FiredRule[];
  /** Why the household is in its category, then any verifier notes. */
  reasons: Bilingual[];
  /** Sources of help suggested by the fired include_other_help rules (only for bantuan_lain). */
  programs: HelpProgram[];
}

/** What the compiled conditions read: the household, its active members and their ages (NaN unknown). */
export interface CriteriaContext {
  input: CriteriaInput;
  active: ScoringMember[];
  ages: number[];
}
type Context = CriteriaContext;

type Value = number | boolean | null;
type Test = (v: Value) => boolean;

function compare(op: ComparisonOp, expected: ComparisonValue | undefined): Test {
  const num = (v: Value): number | null => (v === null ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v);
  const want = typeof expected === 'boolean' ? (expected ? 1 : 0) : expected;
  switch (op) {
    case 'is_null':
      return (v) => v === null;
    case 'not_null':
      return (v) => v !== null;
    case 'eq':
      return (v) => v !== null && num(v) === want;
    case 'ne':
      return (v) => v !== null && num(v) !== want;
    case 'in': {
      const set = new Set(Array.isArray(want) ? want : []);
      return (v) => v !== null && set.has(num(v) ?? NaN);
    }
    case 'not_in': {
      const set = new Set(Array.isArray(want) ? want : []);
      return (v) => v !== null && !set.has(num(v) ?? NaN);
    }
    case 'lt':
      return (v) => v !== null && (num(v) ?? NaN) < Number(want);
    case 'lte':
      return (v) => v !== null && (num(v) ?? NaN) <= Number(want);
    case 'gt':
      return (v) => v !== null && (num(v) ?? NaN) > Number(want);
    case 'gte':
      return (v) => v !== null && (num(v) ?? NaN) >= Number(want);
  }
}

type MemberTest = (ctx: Context, i: number) => boolean;
type HouseholdTest = (ctx: Context) => boolean;

function memberValue(field: MemberField): (ctx: Context, i: number) => Value {
  if (field === 'age')
    return (ctx, i) => {
      const age = ctx.ages[i] ?? NaN;
      return Number.isNaN(age) ? null : age;
    };
  return (ctx, i) => ctx.active[i]?.[field] ?? null;
}

function compileMember(node: MemberCondition): MemberTest {
  if ('all' in node) {
    const parts = node.all.map(compileMember);
    return (ctx, i) => parts.every((p) => p(ctx, i));
  }
  if ('any' in node) {
    const parts = node.any.map(compileMember);
    return (ctx, i) => parts.some((p) => p(ctx, i));
  }
  if ('not' in node) {
    const inner = compileMember(node.not);
    return (ctx, i) => !inner(ctx, i);
  }
  const read = memberValue(node.field);
  const test = compare(node.op, node.value);
  return (ctx, i) => test(read(ctx, i));
}

function countMembers(ctx: Context, where: MemberTest | undefined): number {
  if (!where) return ctx.active.length;
  let n = 0;
  for (let i = 0; i < ctx.active.length; i++) if (where(ctx, i)) n++;
  return n;
}

function householdValue(name: string): (ctx: Context) => Value {
  if (name === 'household_size') return (ctx) => ctx.active.length;
  if (name === 'official_desil') return (ctx) => ctx.input.officialDesil;
  if (name === 'estimated_desil') return (ctx) => ctx.input.estimatedDesil;
  return (ctx) => {
    const v = ctx.input.variables[name];
    return v === undefined ? null : v;
  };
}

/** Compile a household condition into a predicate. */
export function compileCondition(node: HouseholdCondition): HouseholdTest {
  if ('all' in node) {
    const parts = node.all.map(compileCondition);
    return (ctx) => parts.every((p) => p(ctx));
  }
  if ('any' in node) {
    const parts = node.any.map(compileCondition);
    return (ctx) => parts.some((p) => p(ctx));
  }
  if ('not' in node) {
    const inner = compileCondition(node.not);
    return (ctx) => !inner(ctx);
  }
  if ('var' in node) {
    const read = householdValue(node.var);
    const test = compare(node.op, node.value);
    return (ctx) => test(read(ctx));
  }
  if ('no_member' in node) {
    const where = compileMember(node.no_member);
    return (ctx) => countMembers(ctx, where) === 0;
  }
  if ('any_member' in node) {
    const where = compileMember(node.any_member);
    return (ctx) => countMembers(ctx, where) > 0;
  }
  const where = node.count_members.where ? compileMember(node.count_members.where) : undefined;
  const test = compare(node.count_members.op, node.count_members.value);
  return (ctx) => test(countMembers(ctx, where));
}

/** A rule set compiled once, to evaluate many households. */
export interface CompiledRuleSet {
  ruleSet: CriteriaRuleSet;
  rules: { rule: CriteriaRule; test: HouseholdTest }[];
}

/** Compile the enabled rules of a rule set. */
export function compileRuleSet(ruleSet: CriteriaRuleSet): CompiledRuleSet {
  return {
    ruleSet,
    rules: ruleSet.rules
      .filter((r) => r.enabled)
      .map((rule) => ({ rule, test: compileCondition(rule.condition) })),
  };
}

function buildContext(input: CriteriaInput, asOf: AsOf): Context {
  const active = input.members.filter((m) => m.status === 1);
  return { input, active, ages: active.map((m) => ageAt(m.birthDate, asOf)) };
}

/** The enabled rules that fire for a household, in rule-set order. */
function firedRulesOf(compiled: CompiledRuleSet, ctx: Context): CriteriaRule[] {
  const fired: CriteriaRule[] = [];
  for (const { rule, test } of compiled.rules) if (test(ctx)) fired.push(rule);
  return fired;
}

/**
 * The category from the fired rules: any `exclude` rule → tidak_layak; else official desil ≤ quota →
 * miskin_desil; else any `include_other_help` rule → bantuan_lain; else tidak_layak.
 */
function categoryOf(
  fired: readonly CriteriaRule[],
  officialDesil: number | null,
  quota: number,
): CriteriaCategory {
  if (fired.some((r) => r.effect.type === 'exclude')) return 'tidak_layak';
  if (officialDesil !== null && officialDesil <= quota) return 'miskin_desil';
  if (fired.some((r) => r.effect.type === 'include_other_help')) return 'bantuan_lain';
  return 'tidak_layak';
}

/**
 * Category and fired rule ids of one household, without the reasons: what bulk scoring stores (the
 * reasons are rebuilt by evaluateCriteria when shown). The context's members must be the active ones
 * with their ages at the scoring date, as the PMT's HouseholdContext has them.
 */
export function evaluateCategory(
  compiled: CompiledRuleSet,
  ctx: CriteriaContext,
): { category: CriteriaCategory; firedRuleIds: string[] } {
  const fired = firedRulesOf(compiled, ctx);
  return {
    category: categoryOf(fired, ctx.input.officialDesil, compiled.ruleSet.quota),
    firedRuleIds: fired.map((r) => r.id),
  };
}

/** Evaluate the rules on one household: its category (see categoryOf), the rules that fired, the reasons. */
export function evaluateCriteria(
  ruleSet: CriteriaRuleSet | CompiledRuleSet,
  input: CriteriaInput,
  options: { asOf?: string | Date | AsOf } = {},
): CriteriaResult {
  const compiled = 'ruleSet' in ruleSet ? ruleSet : compileRuleSet(ruleSet);
  const quota = compiled.ruleSet.quota;
  const fired = firedRulesOf(compiled, buildContext(input, parseAsOf(options.asOf)));
  const firedRules: FiredRule[] = fired.map((rule) => ({
    id: rule.id,
    label: rule.label,
    effect: rule.effect,
  }));
  const category = categoryOf(fired, input.officialDesil, quota);

  const excluded = firedRules.filter((r) => r.effect.type === 'exclude');
  const needy = firedRules.filter((r) => r.effect.type === 'include_other_help');
  const flags = firedRules.filter((r) => r.effect.type === 'flag');
  const official = input.officialDesil;
  const desilText: Bilingual =
    official === null
      ? { id: 'tidak ada desil resmi', en: 'no official desil' }
      : { id: `desil resmi ${official}`, en: `official desil ${official}` };

  const reasons: Bilingual[] = [];
  let programs: HelpProgram[] = [];
  if (excluded.length > 0) {
    for (const r of excluded)
      reasons.push({ id: `Dikecualikan: ${r.label.id}`, en: `Excluded: ${r.label.en}` });
  } else if (category === 'miskin_desil') {
    reasons.push({
      id: `Desil resmi Kemensos ${official} (desil 1–${quota}) dan tidak ada kriteria pengecualian`,
      en: `Kemensos official desil ${official} (desil 1–${quota}) and no exclusion criterion`,
    });
  } else if (category === 'bantuan_lain') {
    reasons.push({
      id: `Tidak di desil 1–${quota} (${desilText.id}) tetapi memenuhi kriteria lokal`,
      en: `Not in desil 1–${quota} (${desilText.en}) but meets local criteria`,
    });
    for (const r of needy) reasons.push({ id: `Kriteria: ${r.label.id}`, en: `Criterion: ${r.label.en}` });
    const set = new Set<HelpProgram>();
    for (const r of needy)
      if (r.effect.type === 'include_other_help') for (const p of r.effect.programs) set.add(p);
    programs = [...set];
  } else {
    reasons.push({
      id: `Tidak di desil 1–${quota} (${desilText.id}) dan tidak memenuhi kriteria lokal`,
      en: `Not in desil 1–${quota} (${desilText.en}) and meets no local criterion`,
    });
  }
  for (const r of flags) reasons.push({ id: `Catatan: ${r.label.id}`, en: `Note: ${r.label.en}` });
  return { category, firedRules, reasons, programs };
}
