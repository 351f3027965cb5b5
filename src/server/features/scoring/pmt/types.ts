/**
 * Shapes shared by the proxy-means test (PMT) and the local criteria. They are plain data so the same
 * scoring runs on rows read from PGlite, PostgreSQL, a survey CSV or the demo generator.
 */

export interface Bilingual {
  id: string;
  en: string;
}

/** One member of a family card, with person codes from PERSON_CODES (relationship 1 = head). */
export interface ScoringMember {
  sex: 1 | 2 | null;
  /** ISO date `YYYY-MM-DD`. */
  birthDate: string | null;
  relationship: number | null;
  education: number | null;
  work: number | null;
  schooling: number | null;
  disability: number | null;
  chronicIllness: number | null;
  healthInsurance: number | null;
  /** 1 active; other statuses (deceased, moved, merged) are ignored by scoring and rules. */
  status: number;
}

/** Everything the PMT and the local criteria need about one household. */
export interface ScoringInput {
  householdId: number;
  villageCode: string;
  districtCode: string;
  /** Keys from HOUSEHOLD_VARIABLES in src/shared/dictionary/dictionary.ts. */
  variables: Record<string, number | boolean | null>;
  members: ScoringMember[];
}

/** How one feature moved one household's predicted log per-capita expenditure. */
export interface Contribution {
  /** Feature name from the model file. */
  feature: string;
  label: Bilingual;
  /** The feature's value for this household (after the missing-value rule). */
  value: number;
  /** The value at which the feature contributes nothing (a reference household). */
  reference: number;
  coefficient: number;
  /** coefficient × (value − reference), in log points. */
  contribution: number;
  /** True when the underlying data was missing and the spec's missing value was used. */
  missing: boolean;
}

/** The PMT result for one household. */
export interface HouseholdScore {
  householdId: number;
  /** Predicted natural log of monthly per-capita expenditure (Rp). */
  logPce: number;
  /** exp(logPce), Rp per person per month. */
  predictedPce: number;
  desil: number;
}

export interface HouseholdScoreDetail extends HouseholdScore {
  /** intercept + Σ coefficient × reference: the log PCE of the model's reference household. */
  baseline: number;
  contributions: Contribution[];
}

/** Cut-points used to map predicted per-capita expenditure to desil 1–10. */
export interface CutPointsUsed {
  mode: 'national' | 'regional';
  /** Nine increasing thresholds in Rp: desil 1|2, 2|3, …, 9|10. */
  thresholds: number[];
}
