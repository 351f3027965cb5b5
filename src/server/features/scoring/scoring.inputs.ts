/**
 * The stored form of a ScoringInput (`household_score.inputs`): what was scored, so that any stored
 * score can be recomputed and explained after the registry changed. Members are arrays rather than
 * objects because a million households are written per rescoring and keys would double the size.
 *
 * Format 1:
 * { "format": 1, "asOf": "YYYY-MM-DD", "villageCode": "…", "districtCode": "…",
 *   "variables": { household.variables },
 *   "members": [[sex, birthDate, relationship, education, work, schooling, disability, chronicIllness,
 *                healthInsurance], …] }   — active members only (status 1), in person id order.
 */
import { z } from 'zod';
import type { ScoringInput, ScoringMember } from './pmt/index.ts';

export const STORED_INPUTS_FORMAT = 1;

/** The member fields in the order they are stored. */
export const STORED_MEMBER_FIELDS = [
  'sex',
  'birthDate',
  'relationship',
  'education',
  'work',
  'schooling',
  'disability',
  'chronicIllness',
  'healthInsurance',
] as const;

/** A household as read for scoring: variables and members still as JSON text from the database. */
export interface ScoringSourceRow {
  id: number;
  villageCode: string;
  districtCode: string;
  officialDesil: number | null;
  /** `household.variables` as JSON text. */
  variablesText: string;
  /** Active members as a JSON array of arrays in STORED_MEMBER_FIELDS order. */
  membersText: string;
}

const code = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Members from their stored arrays (unknown values become null); every stored member is active. */
export function membersFromArrays(arrays: unknown): ScoringMember[] {
  if (!Array.isArray(arrays)) return [];
  const members: ScoringMember[] = [];
  for (const a of arrays) {
    if (!Array.isArray(a)) continue;
    const sex = a[0];
    const birthDate = a[1];
    members.push({
      sex: sex === 1 || sex === 2 ? sex : null,
      birthDate: typeof birthDate === 'string' ? birthDate : null,
      relationship: code(a[2]),
      education: code(a[3]),
      work: code(a[4]),
      schooling: code(a[5]),
      disability: code(a[6]),
      chronicIllness: code(a[7]),
      healthInsurance: code(a[8]),
      status: 1,
    });
  }
  return members;
}

/** The ScoringInput of a row read for scoring. */
export function inputFromSource(row: ScoringSourceRow): ScoringInput {
  return {
    householdId: row.id,
    villageCode: row.villageCode,
    districtCode: row.districtCode,
    variables: JSON.parse(row.variablesText) as ScoringInput['variables'],
    members: membersFromArrays(JSON.parse(row.membersText)),
  };
}

/**
 * The stored inputs as JSON text, assembled from the texts the database returned: no re-serialising
 * of a million variable objects, and the stored value is byte for byte what was scored.
 */
export function storedInputsText(row: ScoringSourceRow, asOf: string): string {
  return (
    `{"format":${STORED_INPUTS_FORMAT},"asOf":${JSON.stringify(asOf)},"villageCode":${JSON.stringify(row.villageCode)},` +
    `"districtCode":${JSON.stringify(row.districtCode)},"variables":${row.variablesText},"members":${row.membersText}}`
  );
}

const storedSchema = z.object({
  format: z.literal(STORED_INPUTS_FORMAT),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  villageCode: z.string(),
  districtCode: z.string(),
  variables: z.record(z.string(), z.union([z.number(), z.boolean(), z.null()])),
  members: z.array(z.array(z.union([z.number(), z.string(), z.null()]))),
});

/** Reads stored inputs back into the ScoringInput that was scored and the date ages were computed at. */
export function decodeStoredInputs(householdId: number, stored: unknown): { input: ScoringInput; asOf: string } {
  const parsed = storedSchema.safeParse(typeof stored === 'string' ? JSON.parse(stored) : stored);
  if (!parsed.success)
    throw new Error(`household ${householdId}: stored scoring inputs are not format ${STORED_INPUTS_FORMAT}`);
  const s = parsed.data;
  return {
    input: {
      householdId,
      villageCode: s.villageCode,
      districtCode: s.districtCode,
      variables: s.variables,
      members: membersFromArrays(s.members),
    },
    asOf: s.asOf,
  };
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Whether two inputs describe the same household facts (key order and the household id aside). */
export function sameScoringFacts(a: ScoringInput, b: ScoringInput): boolean {
  const facts = (x: ScoringInput) =>
    canonical({
      villageCode: x.villageCode,
      districtCode: x.districtCode,
      variables: x.variables,
      members: x.members.filter((m) => m.status === 1),
    });
  return facts(a) === facts(b);
}
