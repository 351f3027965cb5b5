/**
 * Local criteria rule set (e.g. an SK Wali Kota on local poverty criteria) as an editable JSON file.
 * Conditions are a small expression language: all / any / not, comparisons on household variables,
 * and quantifiers over active members (no_member, any_member, count_members). It is checked by hand
 * rather than by a zod union so that an administrator gets one precise message per mistake.
 */
import { z } from 'zod';
import { findVariable } from '../../../../shared/dictionary/dictionary.ts';
import { formatJson } from '../pmt/format-json.ts';

export const COMPARISON_OPS = [
  'eq',
  'ne',
  'in',
  'not_in',
  'lt',
  'lte',
  'gt',
  'gte',
  'is_null',
  'not_null',
] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];
export type ComparisonValue = number | boolean | number[];

/** Household-level names a rule may test besides the HOUSEHOLD_VARIABLES keys. */
export const DERIVED_HOUSEHOLD_VARS = ['household_size', 'official_desil', 'estimated_desil'] as const;
/** Member fields a member condition may test; `age` is whole years at the evaluation date. */
export const MEMBER_FIELDS = [
  'sex',
  'age',
  'relationship',
  'education',
  'work',
  'schooling',
  'disability',
  'chronicIllness',
  'healthInsurance',
] as const;
export type MemberField = (typeof MEMBER_FIELDS)[number];

export type MemberCondition =
  | { all: MemberCondition[] }
  | { any: MemberCondition[] }
  | { not: MemberCondition }
  | { field: MemberField; op: ComparisonOp; value?: ComparisonValue };

export type HouseholdCondition =
  | { all: HouseholdCondition[] }
  | { any: HouseholdCondition[] }
  | { not: HouseholdCondition }
  | { var: string; op: ComparisonOp; value?: ComparisonValue }
  | { no_member: MemberCondition }
  | { any_member: MemberCondition }
  | { count_members: { where?: MemberCondition; op: ComparisonOp; value: number } };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkComparison(node: Record<string, unknown>, path: string, issues: string[]): void {
  const op = node.op;
  if (typeof op !== 'string' || !(COMPARISON_OPS as readonly string[]).includes(op)) {
    issues.push(`${path}.op: unknown operator ${JSON.stringify(op)} (use ${COMPARISON_OPS.join(', ')})`);
    return;
  }
  const value = node.value;
  if (op === 'is_null' || op === 'not_null') {
    if (value !== undefined) issues.push(`${path}.value: ${op} takes no value`);
  } else if (op === 'in' || op === 'not_in') {
    if (!Array.isArray(value) || value.length === 0 || !value.every((x) => typeof x === 'number'))
      issues.push(`${path}.value: ${op} needs a non-empty list of numbers`);
  } else if (op === 'eq' || op === 'ne') {
    if (typeof value !== 'number' && typeof value !== 'boolean')
      issues.push(`${path}.value: ${op} needs a number or true/false`);
  } else if (typeof value !== 'number') issues.push(`${path}.value: ${op} needs a number`);
}

function checkKeys(node: Record<string, unknown>, allowed: string[], path: string, issues: string[]): void {
  for (const k of Object.keys(node)) if (!allowed.includes(k)) issues.push(`${path}: unexpected key ${k}`);
}

function checkMember(node: unknown, path: string, issues: string[]): void {
  if (!isRecord(node)) {
    issues.push(`${path}: a member condition must be an object`);
    return;
  }
  if ('all' in node || 'any' in node) {
    const key = 'all' in node ? 'all' : 'any';
    checkKeys(node, [key], path, issues);
    const list = node[key];
    if (!Array.isArray(list) || list.length === 0) issues.push(`${path}.${key}: needs a non-empty list`);
    else list.forEach((c, i) => checkMember(c, `${path}.${key}.${i}`, issues));
  } else if ('not' in node) {
    checkKeys(node, ['not'], path, issues);
    checkMember(node.not, `${path}.not`, issues);
  } else if ('field' in node) {
    checkKeys(node, ['field', 'op', 'value'], path, issues);
    if (typeof node.field !== 'string' || !(MEMBER_FIELDS as readonly string[]).includes(node.field))
      issues.push(
        `${path}.field: unknown member field ${JSON.stringify(node.field)} (use ${MEMBER_FIELDS.join(', ')})`,
      );
    checkComparison(node, path, issues);
  } else issues.push(`${path}: expected all, any, not or field`);
}

function checkHousehold(node: unknown, path: string, issues: string[]): void {
  if (!isRecord(node)) {
    issues.push(`${path}: a condition must be an object`);
    return;
  }
  if ('all' in node || 'any' in node) {
    const key = 'all' in node ? 'all' : 'any';
    checkKeys(node, [key], path, issues);
    const list = node[key];
    if (!Array.isArray(list) || list.length === 0) issues.push(`${path}.${key}: needs a non-empty list`);
    else list.forEach((c, i) => checkHousehold(c, `${path}.${key}.${i}`, issues));
  } else if ('not' in node) {
    checkKeys(node, ['not'], path, issues);
    checkHousehold(node.not, `${path}.not`, issues);
  } else if ('var' in node) {
    checkKeys(node, ['var', 'op', 'value'], path, issues);
    const name = node.var;
    if (
      typeof name !== 'string' ||
      !((DERIVED_HOUSEHOLD_VARS as readonly string[]).includes(name) || findVariable(name))
    )
      issues.push(`${path}.var: unknown variable ${JSON.stringify(name)}`);
    checkComparison(node, path, issues);
  } else if ('no_member' in node || 'any_member' in node) {
    const key = 'no_member' in node ? 'no_member' : 'any_member';
    checkKeys(node, [key], path, issues);
    checkMember(node[key], `${path}.${key}`, issues);
  } else if ('count_members' in node) {
    checkKeys(node, ['count_members'], path, issues);
    const spec = node.count_members;
    if (!isRecord(spec)) issues.push(`${path}.count_members: must be an object { where?, op, value }`);
    else {
      checkKeys(spec, ['where', 'op', 'value'], `${path}.count_members`, issues);
      if (spec.where !== undefined) checkMember(spec.where, `${path}.count_members.where`, issues);
      checkComparison(spec, `${path}.count_members`, issues);
      if (typeof spec.value !== 'number') issues.push(`${path}.count_members.value: needs a number`);
    }
  } else issues.push(`${path}: expected all, any, not, var, no_member, any_member or count_members`);
}

/** Issues (path: message) in a condition, empty when it is well formed. */
export function checkCondition(node: unknown, path = 'condition'): string[] {
  const issues: string[] = [];
  checkHousehold(node, path, issues);
  return issues;
}

const conditionSchema = z.custom<HouseholdCondition>((v) => checkCondition(v).length === 0);
const bilingual = z.object({ id: z.string().min(1), en: z.string().min(1) }).strict();

export const HELP_PROGRAMS = ['APBD', 'TJSL', 'BAZNAS'] as const;
export type HelpProgram = (typeof HELP_PROGRAMS)[number];

const effectSchema = z.discriminatedUnion('type', [
  /** The household is not eligible, whatever its desil. */
  z.object({ type: z.literal('exclude') }).strict(),
  /** The household needs help from other sources when it is not already poor by desil. */
  z
    .object({ type: z.literal('include_other_help'), programs: z.array(z.enum(HELP_PROGRAMS)).min(1) })
    .strict(),
  /** A note for the verifier; does not change the category. */
  z.object({ type: z.literal('flag') }).strict(),
]);
export type RuleEffect = z.infer<typeof effectSchema>;

const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower_snake_case'),
    label: bilingual,
    description: bilingual.optional(),
    enabled: z.boolean().default(true),
    condition: conditionSchema,
    effect: effectSchema,
  })
  .strict();
export type CriteriaRule = z.infer<typeof ruleSchema>;

/** zod schema of a criteria rule set file (`models/criteria/*.json`). */
export const criteriaRuleSetSchema = z
  .object({
    $schema: z.string().optional(),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-kebab-case'),
    version: z.number().int().min(1),
    name: z.string().min(1),
    description: bilingual,
    illustrative: z.boolean(),
    createdAt: z.string().min(10),
    /** Decree or regulation the rules implement, e.g. "SK Wali Kota 100.3.3.3/227/DSPM/2025". */
    legalBasis: z.string().optional(),
    /** Official desil up to this value counts as poor by Kemensos desil (4 = desil 1–4). */
    quota: z.number().int().min(1).max(9).default(4),
    rules: z.array(ruleSchema),
  })
  .strict()
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.rules.forEach((r, i) => {
      if (seen.has(r.id))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule ${r.id}` });
      seen.add(r.id);
    });
  });

export type CriteriaRuleSet = z.infer<typeof criteriaRuleSetSchema>;

/** Validate a parsed rule-set file with precise messages for malformed conditions. */
export function validateCriteriaRuleSet(
  json: unknown,
): { ok: true; ruleSet: CriteriaRuleSet } | { ok: false; issues: string[] } {
  // Checked here as well as in the schema: zod skips refinements once any other part fails.
  const conditionIssues: string[] = [];
  const ids = new Set<unknown>();
  if (isRecord(json) && Array.isArray(json.rules))
    json.rules.forEach((r, i) => {
      if (!isRecord(r)) return;
      conditionIssues.push(...checkCondition(r.condition, `rules.${i}.condition`));
      if (ids.has(r.id)) conditionIssues.push(`rules.${i}.id: duplicate rule ${String(r.id)}`);
      ids.add(r.id);
    });
  const parsed = criteriaRuleSetSchema.safeParse(json);
  if (parsed.success && conditionIssues.length === 0) return { ok: true, ruleSet: parsed.data };
  const zodIssues = parsed.success
    ? []
    : parsed.error.issues
        // The custom condition check already produced a precise message for these.
        .filter((i) => !(i.path.length === 3 && i.path[0] === 'rules' && i.path[2] === 'condition'))
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return { ok: false, issues: [...new Set([...conditionIssues, ...zodIssues])] };
}

/** Parse a rule-set file's text; throws an Error listing every issue. */
export function parseCriteriaRuleSet(text: string): CriteriaRuleSet {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`invalid criteria rule set: not JSON (${(e as Error).message})`, { cause: e });
  }
  const result = validateCriteriaRuleSet(json);
  if (!result.ok) throw new Error(`invalid criteria rule set: ${result.issues.join('; ')}`);
  return result.ruleSet;
}

/** Stable text of a rule-set file, formatted as Prettier would, for saving in the repository. */
export function serializeCriteriaRuleSet(ruleSet: CriteriaRuleSet): string {
  return formatJson(ruleSet);
}
