/** Public surface of the local criteria: rule-set file, evaluation into three lists, conflicts. */
export {
  criteriaRuleSetSchema,
  parseCriteriaRuleSet,
  validateCriteriaRuleSet,
  serializeCriteriaRuleSet,
  checkCondition,
  COMPARISON_OPS,
  DERIVED_HOUSEHOLD_VARS,
  MEMBER_FIELDS,
  HELP_PROGRAMS,
  type CriteriaRuleSet,
  type CriteriaRule,
  type RuleEffect,
  type HouseholdCondition,
  type MemberCondition,
  type HelpProgram,
} from './rules.ts';
export {
  evaluateCriteria,
  evaluateCategory,
  compileRuleSet,
  compileCondition,
  CATEGORY_LABELS,
  type CriteriaCategory,
  type CriteriaInput,
  type CriteriaResult,
  type CompiledRuleSet,
  type CriteriaContext,
  type FiredRule,
} from './evaluate.ts';
export {
  conflictCodes,
  detectConflicts,
  type Conflict,
  type ConflictCode,
  type ConflictOptions,
} from './conflicts.ts';
