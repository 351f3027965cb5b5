/**
 * The stored form of a ScoringInput (`household_input.inputs`): what was scored, so that any stored
 * score can be recomputed and explained after the registry changed. The database builds it (see
 * scoring.repository.ts) and keys it by a hash of the facts; members are arrays rather than objects
 * to keep a million of them small. The date ages are computed at is `household_score.as_of`.
 *
 * Format 1 (variables: the dictionary variables the household has, the only ones models and rule sets
 * may read):
 * { "format": 1, "villageCode": "…", "districtCode": "…", "variables": { "floor_material": 8, … },
 *   "members": [[sex, birthDate, relationship, education, work, schooling, disability, chronicIllness,
 *                healthInsurance], …] }   — active members only (status 1), in person id order.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import { HOUSEHOLD_VARIABLES } from '../../../shared/dictionary/dictionary.ts';
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

/** The household variables scoring can use (models and rule sets may only name dictionary variables). */
export const SCORED_VARIABLES: readonly string[] = HOUSEHOLD_VARIABLES.map((v) => v.key);

/** A household as read for scoring: its facts in compact form, the hash of its stored inputs, its official desil. */
export interface ScoringSourceRow {
  id: number;
  officialDesil: number | null;
  villageCode: string;
  districtCode: string;
  /** JSON array of the SCORED_VARIABLES values in that order (null when absent). */
  variablesText: string;
  /** JSON array of the active members' arrays (STORED_MEMBER_FIELDS order). */
  membersText: string;
  /** The same facts as scoring reads them. */
  input: ScoringInput;
  /** Hash of the facts: the key in household_input. */
  hash: string;
  /** Whether household_input already holds these inputs. */
  known: boolean;
  /** What is stored for the household under the model being run (when asked for). */
  storedScore: {
    inputHash: string;
    logPce: number;
    desil: number;
    officialDesil: number | null;
    /** Conflict codes joined by commas. */
    conflicts: string;
  } | null;
  /** What is stored under the rule set being run (when asked for); fired rule ids joined by commas. */
  storedCriteria: {
    inputHash: string;
    category: string;
    firedRules: string;
    officialDesil: number | null;
    estimatedDesil: number | null;
  } | null;
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

/** The ScoringInput of a household read for scoring. */
export function inputFromSource(row: ScoringSourceRow): ScoringInput {
  return row.input;
}

/** A household's own columns as the scoring read returns them. */
export interface HouseholdFacts {
  id: number;
  officialDesil: number | null;
  villageCode: string;
  districtCode: string;
  /** The SCORED_VARIABLES values as a JSON array in that order, null when absent (see variablesTextOf). */
  variablesText: string;
}

/**
 * The SCORED_VARIABLES values of a household's variables as a JSON array in that order, null when
 * absent: the text the scoring read builds in the database (scoring.repository.ts, VARIABLES_ARRAY).
 */
export function variablesTextOf(variables: Record<string, unknown> | null): string {
  return JSON.stringify(SCORED_VARIABLES.map((key) => variables?.[key] ?? null));
}

/**
 * A household's facts in every form scoring needs: the texts its hash is computed from (and its
 * stored inputs are built from), the hash, and the ScoringInput. `membersText` is the JSON array of
 * the active members' arrays (STORED_MEMBER_FIELDS order) as the database aggregates it, exactly the
 * text JSON.stringify gives for them. Returned without what is stored (known false, no stored rows).
 */
export function sourceFacts(h: HouseholdFacts, membersText: string): ScoringSourceRow {
  const variables: ScoringInput['variables'] = {};
  const values: unknown = JSON.parse(h.variablesText);
  if (Array.isArray(values))
    for (let i = 0; i < SCORED_VARIABLES.length; i++) {
      const v: unknown = values[i];
      const key = SCORED_VARIABLES[i];
      if (key !== undefined && (typeof v === 'number' || typeof v === 'boolean')) variables[key] = v;
    }
  return {
    id: h.id,
    officialDesil: h.officialDesil,
    villageCode: h.villageCode,
    districtCode: h.districtCode,
    variablesText: h.variablesText,
    membersText,
    hash: factsHash(h.variablesText, membersText, h.villageCode, h.districtCode),
    input: {
      householdId: h.id,
      villageCode: h.villageCode,
      districtCode: h.districtCode,
      variables,
      members: membersFromArrays(JSON.parse(membersText)),
    },
    known: false,
    storedScore: null,
    storedCriteria: null,
  };
}

// One-shot hashing (Node 20.12+) allocates no Hash object; createHash where it is missing.
const md5: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('md5', text, 'hex')
    : (text) => crypto.createHash('md5').update(text).digest('hex');

/**
 * The key of a household's facts in household_input: md5 of the texts scoring reads (dictionary
 * variables in order, active members, kelurahan and kecamatan), as readScoringChunk builds them.
 */
export function factsHash(
  variablesText: string,
  membersText: string,
  villageCode: string,
  districtCode: string,
) {
  return md5(`${variablesText}|${membersText}|${villageCode}|${districtCode}`);
}

/**
 * The stored form (format 1) of a household read for scoring: the dictionary variables it has with a
 * value scoring can use (numbers and yes/no), and its active members.
 */
export function storedInputsText(row: ScoringSourceRow): string {
  const head = JSON.stringify({
    format: STORED_INPUTS_FORMAT,
    villageCode: row.villageCode,
    districtCode: row.districtCode,
    variables: row.input.variables,
  });
  return `${head.slice(0, -1)},"members":${row.membersText}}`;
}

const storedSchema = z.object({
  format: z.literal(STORED_INPUTS_FORMAT),
  villageCode: z.string(),
  districtCode: z.string(),
  variables: z.record(z.string(), z.union([z.number(), z.boolean(), z.null()])),
  members: z.array(z.array(z.union([z.number(), z.string(), z.null()]))),
});

/** Reads stored inputs (checked against the format) back into the ScoringInput that was scored. */
export function decodeStoredInputs(householdId: number, stored: unknown): ScoringInput {
  const parsed = storedSchema.safeParse(typeof stored === 'string' ? JSON.parse(stored) : stored);
  if (!parsed.success)
    throw new Error(`household ${householdId}: stored scoring inputs are not format ${STORED_INPUTS_FORMAT}`);
  const s = parsed.data;
  return {
    householdId,
    villageCode: s.villageCode,
    districtCode: s.districtCode,
    variables: s.variables,
    members: membersFromArrays(s.members),
  };
}
