/** Rows of the linkage feature as API shapes (camelCase, no raw columns), and the pure rules they need. */
import type { Selectable } from 'kysely';
import type { LinkageRunTable, PersonTable } from '../../platform/db/schema.ts';
import type { JobProgress } from './linkage.jobs.ts';
import type { ConflictPersonRow, MergeRow, PairRow, PairSideRow, PersonJson } from './linkage.repository.ts';
import type { FieldContribution } from './linkage.worker.ts';

/** How well one field agrees, for a coloured badge: from equal to different, or missing on a side. */
export type Agreement = 'exact' | 'close' | 'weak' | 'different' | 'missing';

/** The agreement class of a comparison level: exact, a near level that adds evidence, one that does not, else, or null. */
export function agreementOf(field: FieldContribution | undefined): Agreement {
  if (!field || field.kind === 'null') return 'missing';
  if (field.kind === 'exact') return 'exact';
  if (field.kind === 'else') return 'different';
  return field.weight > 0 ? 'close' : 'weak';
}

/**
 * The person fields a merge chooses field by field, as API name → column. Relationship stays with the
 * survivor: it describes the person's place in the survivor's own family card.
 */
export const MERGE_FIELDS = {
  nik: 'nik',
  name: 'name',
  sex: 'sex',
  birthDate: 'birth_date',
  birthPlace: 'birth_place',
  marital: 'marital',
  schooling: 'schooling',
  education: 'education',
  work: 'work',
  disability: 'disability',
  chronicIllness: 'chronic_illness',
  healthInsurance: 'health_insurance',
} as const satisfies Record<string, keyof Selectable<PersonTable>>;
export type MergeField = keyof typeof MERGE_FIELDS;
export const MERGE_FIELD_NAMES = Object.keys(MERGE_FIELDS) as MergeField[];

/** Comparison names of the Indonesian preset and the person value each one compares. */
const COMPARED: Record<string, { key: string; value: (s: PairSideRow) => string | null }> = {
  nik: { key: 'nik', value: (s) => s.person.nik },
  name: { key: 'name', value: (s) => s.person.name },
  birth_date: { key: 'birthDate', value: (s) => s.person.birth_date },
  sex: { key: 'sex', value: (s) => (s.person.sex === null ? null : String(s.person.sex)) },
  birth_place: { key: 'birthPlace', value: (s) => s.person.birth_place },
  kelurahan: { key: 'village', value: (s) => s.village_name },
};

/** One side of a pair for the API. */
export function presentSide(s: PairSideRow) {
  const p = s.person;
  return {
    id: p.id,
    householdId: p.household_id,
    nik: p.nik,
    name: p.name,
    sex: p.sex,
    birthDate: p.birth_date,
    birthPlace: p.birth_place,
    relationship: p.relationship,
    marital: p.marital,
    schooling: p.schooling,
    education: p.education,
    work: p.work,
    disability: p.disability,
    chronicIllness: p.chronic_illness,
    healthInsurance: p.health_insurance,
    status: p.status,
    version: p.version,
    kkNumber: s.kk_number,
    address: s.address,
    rw: s.rw,
    rt: s.rt,
    villageCode: s.village_code,
    villageName: s.village_name,
    headName: s.head_name,
  };
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** A pair with both persons side by side and every compared field's level, agreement and weight. */
export function presentPair(row: PairRow) {
  const fields = Object.entries(row.fields).map(([comparison, f]) => {
    const known = COMPARED[comparison];
    return {
      key: known?.key ?? comparison,
      comparison,
      left: known ? known.value(row.left) : null,
      right: known ? known.value(row.right) : null,
      level: f.level,
      agreement: agreementOf(f),
      weight: round(f.weight, 2),
    };
  });
  return {
    id: row.id,
    runId: row.run_id,
    status: row.status,
    matchWeight: round(row.match_weight, 2),
    probability: row.probability,
    decidedBy: row.decided_by_name,
    decidedAt: row.decided_at,
    reason: row.reason,
    left: presentSide(row.left),
    right: presentSide(row.right),
    fields,
  };
}

/** The state of a run for the API; a run this process does not know and that never finished was interrupted. */
export function presentRun(row: Selectable<LinkageRunTable>, progress: JobProgress | null) {
  const status: 'running' | 'done' | 'failed' | 'interrupted' =
    row.status === 'running' && !progress ? 'interrupted' : row.status;
  return {
    id: row.id,
    kind: row.kind,
    mode: row.mode,
    status,
    householdCount: row.household_ids?.length ?? null,
    progress:
      row.status === 'running' && progress
        ? { phase: progress.phase, fraction: round(progress.fraction, 3), message: progress.message }
        : null,
    stats: (row.stats ?? null) as Record<string, unknown> | null,
    error: row.error,
    startedBy: row.started_by_name,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** A merge for the API. */
export function presentMerge(row: MergeRow) {
  return {
    id: row.id,
    pairId: row.pair_id,
    survivor: {
      id: row.survivor_id,
      name: row.survivor_name,
      householdId: row.survivor_household_id,
      kkNumber: row.survivor_kk_number,
      villageName: row.survivor_village_name,
    },
    merged: {
      id: row.merged_id,
      name: row.merged_name,
      householdId: row.merged_household_id,
      kkNumber: row.merged_kk_number,
      villageName: row.merged_village_name,
    },
    fieldChoices: row.field_choices,
    reason: row.reason,
    mergedBy: row.merged_by_name,
    mergedAt: row.merged_at,
    undoneBy: row.undone_by_name,
    undoneAt: row.undone_at,
    undoReason: row.undo_reason,
  };
}

/** NIK conflicts grouped by NIK; holders outside the scope are counted, not shown. */
export function presentConflicts(rows: readonly ConflictPersonRow[]) {
  const byNik = new Map<
    string,
    {
      nik: string;
      householdCount: number;
      holders: {
        personId: number;
        name: string;
        birthDate: string | null;
        relationship: number | null;
        householdId: number;
        kkNumber: string | null;
        address: string;
        villageCode: string;
        villageName: string;
      }[];
      outsideScope: number;
      pairId: number | null;
      pairStatus: string | null;
    }
  >();
  for (const r of rows) {
    let c = byNik.get(r.nik);
    if (!c) {
      c = {
        nik: r.nik,
        householdCount: r.household_count,
        holders: [],
        outsideScope: 0,
        pairId: null,
        pairStatus: null,
      };
      byNik.set(r.nik, c);
    }
    if (!r.in_scope) {
      c.outsideScope++;
      continue;
    }
    c.holders.push({
      personId: r.person_id,
      name: r.name,
      birthDate: r.birth_date,
      relationship: r.relationship,
      householdId: r.household_id,
      kkNumber: r.kk_number,
      address: r.address,
      villageCode: r.village_code,
      villageName: r.village_name,
    });
    if (c.pairId === null && r.pair_id !== null) {
      c.pairId = r.pair_id;
      c.pairStatus = r.pair_status;
    }
  }
  return [...byNik.values()];
}

/** A person row from JSON (to_jsonb or a stored snapshot) back to column values. */
export function personFromJson(p: PersonJson): Selectable<PersonTable> {
  return { ...p, created_at: new Date(p.created_at), updated_at: new Date(p.updated_at) };
}
