/**
 * The PMT model file: an administrator edits coefficients, cut-points and even the features themselves
 * (declarative specs) without touching code. Every change is a new version, so a stored score can always
 * name the exact model that produced it.
 */
import { z } from 'zod';
import { findVariable, PERSON_CODES } from '../../../../shared/dictionary/dictionary.ts';
import { formatJson } from './format-json.ts';

const bilingual = z.object({ id: z.string().min(1), en: z.string().min(1) }).strict();

/** Person fields a member filter may test (the coded columns of `person`). */
export const MEMBER_CODE_FIELDS = [
  'sex',
  'relationship',
  'education',
  'work',
  'schooling',
  'disability',
  'chronicIllness',
  'healthInsurance',
] as const;
export type MemberCodeField = (typeof MEMBER_CODE_FIELDS)[number];

const featureName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'lower_snake_case')
  .max(64);
const codes = z.array(z.number().int()).min(1);
const base = {
  name: featureName,
  /** Value used when the household lacks the data; defaults to the feature's reference (no effect). */
  missingValue: z.number().finite().optional(),
};
/** Filters on active members; every given filter must hold. Ages are whole years at the scoring date. */
const memberFilter = {
  field: z.enum(MEMBER_CODE_FIELDS).optional(),
  codes: codes.optional(),
  /** Inclusive lower age bound. */
  minAge: z.number().int().min(0).optional(),
  /** Exclusive upper age bound. */
  maxAge: z.number().int().min(1).optional(),
};

const featureSpecSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('log_household_size') }).strict(),
  z.object({ ...base, kind: z.literal('household_size') }).strict(),
  z.object({ ...base, kind: z.literal('member_share'), ...memberFilter }).strict(),
  z.object({ ...base, kind: z.literal('member_any'), ...memberFilter }).strict(),
  z.object({ ...base, kind: z.literal('member_count'), ...memberFilter }).strict(),
  z
    .object({
      ...base,
      kind: z.literal('dependency_ratio'),
      childMaxAge: z.number().int().min(1).default(15),
      elderMinAge: z.number().int().min(1).default(65),
    })
    .strict(),
  z.object({ ...base, kind: z.literal('head_female') }).strict(),
  z.object({ ...base, kind: z.literal('head_code_in'), field: z.enum(MEMBER_CODE_FIELDS), codes }).strict(),
  z.object({ ...base, kind: z.literal('variable_code_in'), variable: z.string(), codes }).strict(),
  z.object({ ...base, kind: z.literal('asset'), variable: z.string() }).strict(),
  z
    .object({ ...base, kind: z.literal('variable_value'), variable: z.string(), cap: z.number().optional() })
    .strict(),
  z.object({ ...base, kind: z.literal('log1p_variable'), variable: z.string() }).strict(),
  z.object({ ...base, kind: z.literal('log_variable_per_capita'), variable: z.string() }).strict(),
  z
    .object({
      ...base,
      kind: z.literal('district'),
      code: z.string().regex(/^\d{2}\.\d{2}\.\d{2}$/),
    })
    .strict(),
  z
    .object({
      ...base,
      kind: z.literal('village'),
      code: z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/),
    })
    .strict(),
]);

export type FeatureSpec = z.infer<typeof featureSpecSchema>;
export type FeatureKind = FeatureSpec['kind'];

const featureSchema = z
  .object({
    spec: featureSpecSchema,
    coefficient: z.number().finite(),
    /** Value at which the feature contributes nothing; explanations compare against it. Default 0. */
    reference: z.number().finite().default(0),
    label: bilingual,
  })
  .strict();

const calibrationSchema = z
  .object({
    r2: z.number(),
    spearman: z.number(),
    n: z.number().int().min(0),
    quota: z.number().int().min(1).max(9),
    inclusionError: z.number().min(0).max(1),
    exclusionError: z.number().min(0).max(1),
    surveyFile: z.string(),
    /** Features dropped because they were constant or collinear in the sample (coefficient set to 0). */
    singularFeatures: z.array(z.string()).default([]),
    ridge: z.number().min(0).default(0),
    fittedAt: z.string().optional(),
    /** The same metrics for the model this one was fitted from, on the same sample. */
    before: z
      .object({
        r2: z.number(),
        spearman: z.number(),
        inclusionError: z.number(),
        exclusionError: z.number(),
      })
      .strict()
      .optional(),
  })
  .strict();

const VARIABLE_KIND_BY_SPEC: Partial<Record<FeatureKind, 'code' | 'boolean' | 'number'>> = {
  variable_code_in: 'code',
  asset: 'boolean',
  variable_value: 'number',
  log1p_variable: 'number',
  log_variable_per_capita: 'number',
};

/** zod schema of a PMT model file (`models/pmt/*.json`). */
export const pmtModelSchema = z
  .object({
    $schema: z.string().optional(),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-kebab-case'),
    version: z.number().int().min(1),
    name: z.string().min(1),
    description: bilingual,
    illustrative: z.boolean(),
    createdAt: z.string().min(10),
    basedOn: z
      .object({ id: z.string(), version: z.number().int().min(1) })
      .strict()
      .optional(),
    /** Predicted ln(monthly per-capita expenditure in Rp) when every feature is 0. */
    intercept: z.number().finite(),
    features: z.array(featureSchema),
    cutPoints: z
      .object({
        mode: z.enum(['national', 'regional']),
        /** Nine increasing thresholds in Rp per person per month: desil 1|2, 2|3, …, 9|10. */
        national: z.array(z.number().positive()).length(9),
        /** What regional deciles count: people (as national deciles do) or households. */
        regionalWeight: z.enum(['persons', 'households']).default('persons'),
        source: bilingual.optional(),
      })
      .strict(),
    calibration: calibrationSchema.optional(),
    notes: z.array(z.string()).optional(),
  })
  .strict()
  .superRefine((model, ctx) => {
    const seen = new Set<string>();
    model.features.forEach((f, i) => {
      const path = ['features', i, 'spec'];
      if (seen.has(f.spec.name))
        ctx.addIssue({ code: 'custom', path, message: `duplicate feature ${f.spec.name}` });
      seen.add(f.spec.name);
      const wanted = VARIABLE_KIND_BY_SPEC[f.spec.kind];
      if (wanted && 'variable' in f.spec) {
        const def = findVariable(f.spec.variable);
        if (!def) ctx.addIssue({ code: 'custom', path, message: `unknown variable ${f.spec.variable}` });
        else if (def.kind !== wanted)
          ctx.addIssue({ code: 'custom', path, message: `${f.spec.variable} is ${def.kind}, not ${wanted}` });
        else if (f.spec.kind === 'variable_code_in') {
          const known = new Set((def.codes ?? []).map((c) => c.code));
          for (const code of f.spec.codes)
            if (!known.has(code)) ctx.addIssue({ code: 'custom', path, message: `unknown code ${code}` });
        }
      }
      if ('field' in f.spec && f.spec.field && 'codes' in f.spec && f.spec.codes) {
        const known = new Set(PERSON_CODES[f.spec.field].map((c) => c.code));
        for (const code of f.spec.codes)
          if (!known.has(code))
            ctx.addIssue({ code: 'custom', path, message: `unknown ${f.spec.field} code ${code}` });
      }
      if (
        'codes' in f.spec &&
        f.spec.codes &&
        !('field' in f.spec && f.spec.field) &&
        f.spec.kind !== 'variable_code_in'
      )
        ctx.addIssue({ code: 'custom', path, message: 'codes need a field' });
    });
    const cuts = model.cutPoints.national;
    for (let i = 1; i < cuts.length; i++) {
      const prev = cuts[i - 1] ?? 0;
      const cur = cuts[i] ?? 0;
      if (!(cur > prev))
        ctx.addIssue({
          code: 'custom',
          path: ['cutPoints', 'national', i],
          message: 'cut-points must increase',
        });
    }
  });

export type PmtModel = z.infer<typeof pmtModelSchema>;
export type PmtModelInput = z.input<typeof pmtModelSchema>;
export type PmtFeature = PmtModel['features'][number];
export type PmtCalibration = NonNullable<PmtModel['calibration']>;

/** Thrown when a model file does not match the schema; `issues` lists path and message. */
export class PmtModelError extends Error {
  constructor(public readonly issues: string[]) {
    super(`invalid PMT model: ${issues.join('; ')}`);
    this.name = 'PmtModelError';
  }
}

/** Validate a parsed model file, returning the model or readable issues. */
export function validatePmtModel(
  json: unknown,
): { ok: true; model: PmtModel } | { ok: false; issues: string[] } {
  const parsed = pmtModelSchema.safeParse(json);
  if (parsed.success) return { ok: true, model: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
  };
}

/** Parse a model file's text; throws PmtModelError when invalid. */
export function parsePmtModel(text: string): PmtModel {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new PmtModelError([`(root): not JSON (${(e as Error).message})`]);
  }
  const result = validatePmtModel(json);
  if (!result.ok) throw new PmtModelError(result.issues);
  return result.model;
}

/** Stable text of a model file, formatted as Prettier would, for saving in the repository. */
export function serializePmtModel(model: PmtModel): string {
  return formatJson(model);
}

/** The file name a model version is saved under, e.g. `default-v2.json`. */
export function pmtModelFileName(model: Pick<PmtModel, 'id' | 'version'>): string {
  return `${model.id}-v${model.version}.json`;
}
