/**
 * The linkage settings file, in the spirit of Splink's settings: which columns to compare and how,
 * how to block, how to train, and where to cut. Documented in docs/linkage-settings.md.
 */
import { LinkageError } from './errors.ts';
import { z } from 'zod';

const probability = z.number().min(0).max(1);

const levelCommon = {
  /** Shown in outputs; defaults to a description of the level. */
  label: z.string().optional(),
  /** Fix m for this level instead of estimating it. */
  m_probability: probability.optional(),
  /** Fix u for this level instead of estimating it from random pairs. */
  u_probability: probability.optional(),
};

export const levelSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('null'), ...levelCommon }).strict(),
  z.object({ kind: z.literal('exact'), ...levelCommon }).strict(),
  z.object({ kind: z.literal('exact_normalised'), normaliser: z.string().min(1), ...levelCommon }).strict(),
  z.object({ kind: z.literal('jaro_winkler'), threshold: probability, ...levelCommon }).strict(),
  z.object({ kind: z.literal('jaro'), threshold: probability, ...levelCommon }).strict(),
  z.object({ kind: z.literal('levenshtein'), k: z.number().int().min(0).max(32), ...levelCommon }).strict(),
  z
    .object({ kind: z.literal('damerau_levenshtein'), k: z.number().int().min(0).max(32), ...levelCommon })
    .strict(),
  z
    .object({
      kind: z.literal('date'),
      tolerance_days: z.number().int().min(0).default(0),
      allow_day_month_swap: z.boolean().default(false),
      min_equal_parts: z.number().int().min(1).max(3).optional(),
      ...levelCommon,
    })
    .strict(),
  z
    .object({
      kind: z.literal('number'),
      abs_tolerance: z.number().min(0).default(0),
      rel_tolerance: z.number().min(0).default(0),
      ...levelCommon,
    })
    .strict(),
  z
    .object({
      kind: z.literal('token_set'),
      threshold: probability,
      token_threshold: probability.default(0.92),
      mode: z.enum(['dice', 'overlap']).default('dice'),
      ...levelCommon,
    })
    .strict(),
  z
    .object({
      kind: z.literal('nik'),
      mode: z.enum([
        'transposition',
        'transposition_outside_serial',
        'day_plus_40',
        'one_digit',
        'one_digit_date',
      ]),
      ...levelCommon,
    })
    .strict(),
  z.object({ kind: z.literal('predicate'), name: z.string().min(1), ...levelCommon }).strict(),
  z.object({ kind: z.literal('else'), ...levelCommon }).strict(),
]);

export const comparisonSchema = z
  .object({
    output_column_name: z.string().min(1),
    /** One column expression, e.g. "name" or "id_name(name)". */
    column: z.string().min(1).optional(),
    /** Several column expressions, joined with a space before comparing. */
    columns: z.array(z.string().min(1)).min(1).optional(),
    levels: z.array(levelSchema).min(2),
    /** Replace u of exact levels by the frequency of the agreed value (common names weigh less). */
    term_frequency_adjustments: z.boolean().default(false),
    /** Floor for a term frequency, so a value seen once does not give an unbounded weight. */
    tf_minimum_u_value: probability.optional(),
  })
  .strict()
  .refine((c) => (c.column === undefined) !== (c.columns === undefined), {
    message: 'Give exactly one of "column" or "columns"',
  });

export const blockingRuleSchema = z.union([
  z.array(z.string().min(1)).min(1),
  z
    .object({
      name: z.string().optional(),
      keys: z.array(z.string().min(1)).min(1),
      max_block_size: z.number().int().min(2).optional(),
    })
    .strict(),
]);

export const settingsSchema = z
  .object({
    link_type: z.enum(['dedupe_only', 'link_only', 'link_and_dedupe']).default('dedupe_only'),
    unique_id_column: z.string().min(1).default('record_id'),
    comparisons: z.array(comparisonSchema).min(1).max(64),
    blocking_rules: z.array(blockingRuleSchema).min(1),
    /** Blocking rules for EM training sessions; defaults to blocking_rules. */
    em_training_blocks: z.array(blockingRuleSchema).min(1).optional(),
    max_iterations: z.number().int().min(1).max(1000).default(25),
    em_convergence: z.number().positive().default(1e-4),
    u_sample_size: z.number().int().min(100).default(1_000_000),
    probability_two_random_records_match: z.number().gt(0).lt(1).optional(),
    max_block_size: z.number().int().min(2).default(2_000),
    /** Pairs per EM training session; larger sessions are subsampled. */
    max_training_pairs: z.number().int().min(100).default(2_000_000),
    thresholds: z
      .object({ accept: probability.default(0.9), review: probability.default(0.5) })
      .strict()
      .default({ accept: 0.9, review: 0.5 }),
    clustering: z
      .object({
        /** Share of cross pairs that must be accepted edges when two groups of records merge. */
        min_edge_density: probability.default(0.5),
        /** A compared cross pair below this probability forbids the merge (0 disables). */
        cannot_link_below: probability.default(0.01),
        /** Largest cluster allowed; 0 means no cap. */
        max_cluster_size: z.number().int().min(0).default(0),
      })
      .strict()
      .default({ min_edge_density: 0.5, cannot_link_below: 0.01, max_cluster_size: 0 }),
    seed: z.number().int().default(42),
  })
  .strict();

export type LevelSettings = z.infer<typeof levelSchema>;
export type ComparisonSettings = z.infer<typeof comparisonSchema>;
export type BlockingRuleSettings = z.infer<typeof blockingRuleSchema>;
/** Settings after defaults are applied. */
export type LinkageSettings = z.infer<typeof settingsSchema>;
/** Settings as written in a file (defaults optional). */
export type LinkageSettingsInput = z.input<typeof settingsSchema>;

/** Validates settings and fills defaults; throws a readable error listing every problem. */
export function parseSettings(input: unknown): LinkageSettings {
  const result = settingsSchema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `- ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new LinkageError(
      `Pengaturan linkage tidak valid:\n${lines.join('\n')}`,
      `Invalid linkage settings:\n${lines.join('\n')}`,
    );
  }
  const s = result.data;
  if (s.thresholds.review > s.thresholds.accept) {
    throw new LinkageError(
      'Pengaturan linkage tidak valid:\n- thresholds: review tidak boleh melebihi accept',
      'Invalid linkage settings:\n- thresholds: review must not exceed accept',
    );
  }
  const names = new Set<string>();
  for (const c of s.comparisons) {
    if (names.has(c.output_column_name)) {
      throw new LinkageError(
        `Pengaturan linkage tidak valid:\n- comparisons: nama ganda "${c.output_column_name}"`,
        `Invalid linkage settings:\n- comparisons: duplicate name "${c.output_column_name}"`,
      );
    }
    names.add(c.output_column_name);
    if (c.levels.length > 250) {
      throw new LinkageError(
        'Pengaturan linkage tidak valid:\n- comparisons: terlalu banyak tingkat',
        'Invalid linkage settings:\n- comparisons: too many levels',
      );
    }
  }
  return s;
}

/** A normalised blocking rule. */
export interface BlockingRule {
  name: string;
  keys: string[];
  maxBlockSize: number;
}

/** Turns the two accepted spellings of a blocking rule into one shape. */
export function normaliseBlockingRule(rule: BlockingRuleSettings, defaultMax: number): BlockingRule {
  if (Array.isArray(rule)) return { name: rule.join(' & '), keys: rule, maxBlockSize: defaultMax };
  return {
    name: rule.name ?? rule.keys.join(' & '),
    keys: rule.keys,
    maxBlockSize: rule.max_block_size ?? defaultMax,
  };
}
