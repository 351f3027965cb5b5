/** Family (household) pairs and merges as API shapes, and the pure rules they need. */
import type { Selectable } from 'kysely';
import type { HouseholdTable, PersonTable } from '../../platform/db/schema.ts';
import { validateNik } from '../../../shared/domain/nik.ts';
import type { Agreement } from './linkage.presenter.ts';
import { MERGE_FIELDS, MERGE_FIELD_NAMES, type MergeField } from './linkage.presenter.ts';
import { alignMembers, type PersonLink } from './family.ts';
import type {
  FamilyMemberRow,
  FamilySideRow,
  HouseholdMergeRow,
  HouseholdPairRow,
} from './family.repository.ts';

/**
 * The household fields a family merge chooses, as API name → columns. Official desil and status stay
 * with the survivor: the desil belongs to a release, the status is the merge's own business.
 */
export const FAMILY_MERGE_FIELDS = {
  kkNumber: ['kk_number'],
  address: ['address'],
  rtRw: ['rt', 'rw'],
  village: ['village_code', 'district_code'],
  gps: ['lat', 'lng'],
  dtsenId: ['dtsen_id'],
  variables: ['variables', 'dictionary_version'],
} as const satisfies Record<string, readonly (keyof Selectable<HouseholdTable>)[]>;
export type FamilyMergeField = keyof typeof FAMILY_MERGE_FIELDS;
export const FAMILY_MERGE_FIELD_NAMES = Object.keys(FAMILY_MERGE_FIELDS) as FamilyMergeField[];

/** The survivor household's values after a merge: each chosen field from the chosen card ('left' = smaller id). */
export function mergedHouseholdValues(
  survivor: Selectable<HouseholdTable>,
  merged: Selectable<HouseholdTable>,
  choices: Partial<Record<FamilyMergeField, 'left' | 'right'>>,
): Selectable<HouseholdTable> {
  const left = survivor.id < merged.id ? survivor : merged;
  const right = left === survivor ? merged : survivor;
  const next: Selectable<HouseholdTable> = { ...survivor };
  for (const field of FAMILY_MERGE_FIELD_NAMES) {
    const choice = choices[field];
    if (!choice) continue;
    const source = choice === 'left' ? left : right;
    for (const column of FAMILY_MERGE_FIELDS[field])
      (next as unknown as Record<string, unknown>)[column] = source[column];
  }
  return next;
}

function empty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/**
 * Field choices for merging two member records inside a family merge: the survivor's own values,
 * except where it has none and the other record has one, or where its NIK fails the checks and the
 * other's passes.
 */
export function completeFieldChoices(
  survivor: Selectable<PersonTable>,
  merged: Selectable<PersonTable>,
): Partial<Record<MergeField, 'left' | 'right'>> {
  const other: 'left' | 'right' = merged.id < survivor.id ? 'left' : 'right';
  const choices: Partial<Record<MergeField, 'left' | 'right'>> = {};
  const nikOk = (p: Selectable<PersonTable>) =>
    p.nik !== null &&
    !validateNik(p.nik, { birthDate: p.birth_date, sex: p.sex === 1 || p.sex === 2 ? p.sex : null }).some(
      (f) => f.severity === 'error',
    );
  for (const field of MERGE_FIELD_NAMES) {
    const column = MERGE_FIELDS[field];
    if (empty(survivor[column]) && !empty(merged[column])) choices[field] = other;
  }
  if (!choices.nik && !nikOk(survivor) && nikOk(merged)) choices.nik = other;
  return choices;
}

function nikAgreement(a: string | null, b: string | null): Agreement {
  if (!a || !b) return 'missing';
  if (a === b) return 'exact';
  if (a.length !== b.length) return 'different';
  let diff = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
  return diff <= 2 ? 'close' : 'different';
}

function plainAgreement(a: string | number | null, b: string | number | null): Agreement {
  if (a === null || b === null || a === '' || b === '') return 'missing';
  return a === b ? 'exact' : 'different';
}

function nameAgreement(a: string, b: string, linked: boolean): Agreement {
  const norm = (s: string) => s.toUpperCase().replace(/[^A-Z]+/g, '');
  if (a === b) return 'exact';
  if (norm(a) === norm(b)) return 'close';
  return linked ? 'weak' : 'different';
}

function presentMember(m: FamilyMemberRow) {
  return {
    id: m.id,
    nik: m.nik,
    name: m.name,
    sex: m.sex,
    birthDate: m.birth_date,
    relationship: m.relationship,
  };
}

/**
 * The members of two cards in rows: the linked ones side by side (one-to-one, strongest link first),
 * each with how NIK, name, birth date and sex agree, then the members linked to nobody on the other card.
 */
export function alignFamilies(
  leftMembers: readonly FamilyMemberRow[],
  rightMembers: readonly FamilyMemberRow[],
  links: readonly PersonLink[],
) {
  const leftIds = new Set(leftMembers.map((m) => m.id));
  const rightIds = new Set(rightMembers.map((m) => m.id));
  const oriented = links
    .map((l) => (leftIds.has(l.left) ? l : { ...l, left: l.right, right: l.left }))
    .filter((l) => leftIds.has(l.left) && rightIds.has(l.right));
  const aligned = alignMembers(oriented);
  const byId = new Map([...leftMembers, ...rightMembers].map((m) => [m.id, m]));
  const rows = [];
  const linkedLeft = new Map(aligned.map((a) => [a.left, a]));
  const usedRight = new Set(aligned.map((a) => a.right));
  for (const l of leftMembers) {
    const link = linkedLeft.get(l.id);
    const r = link ? byId.get(link.right) : undefined;
    rows.push({
      left: presentMember(l),
      right: r ? presentMember(r) : null,
      probability: link ? link.probability : null,
      personPairId: link ? link.pairId : null,
      personPairStatus: link ? link.status : null,
      agreement: r
        ? {
            nik: nikAgreement(l.nik, r.nik),
            name: nameAgreement(l.name, r.name, true),
            birthDate: plainAgreement(l.birth_date, r.birth_date),
            sex: plainAgreement(l.sex, r.sex),
          }
        : null,
    });
  }
  for (const r of rightMembers) {
    if (usedRight.has(r.id)) continue;
    rows.push({
      left: null,
      right: presentMember(r),
      probability: null,
      personPairId: null,
      personPairStatus: null,
      agreement: null,
    });
  }
  return rows;
}

function presentFamilySide(s: FamilySideRow) {
  return {
    id: s.id,
    kkNumber: s.kk_number,
    address: s.address,
    rw: s.rw,
    rt: s.rt,
    villageCode: s.village_code,
    villageName: s.village_name,
    districtCode: s.district_code,
    dtsenId: s.dtsen_id,
    lat: s.lat,
    lng: s.lng,
    status: s.status,
    version: s.version,
    mergedInto: s.merged_into,
    officialDesil: s.official_desil,
    headName: s.head_name,
    memberCount: s.member_count,
  };
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** A household pair with both cards, the reasons of its score and the members aligned by their links. */
export function presentHouseholdPair(
  row: HouseholdPairRow,
  members: readonly FamilyMemberRow[],
  links: readonly PersonLink[],
) {
  const leftMembers = members.filter((m) => m.household_id === row.left.id);
  const rightMembers = members.filter((m) => m.household_id === row.right.id);
  return {
    id: row.id,
    runId: row.run_id,
    status: row.status,
    score: round(row.score, 2),
    probability: row.probability,
    decidedBy: row.decided_by_name,
    decidedAt: row.decided_at,
    reason: row.reason,
    reasons: row.reasons.map((r) => ({ key: r.key, contribution: round(r.contribution, 2), value: r.value })),
    linkedMembers: row.linked_members.length,
    left: presentFamilySide(row.left),
    right: presentFamilySide(row.right),
    members: alignFamilies(leftMembers, rightMembers, links),
  };
}

/** A household merge for the API. */
export function presentHouseholdMerge(row: HouseholdMergeRow) {
  return {
    id: row.id,
    pairId: row.pair_id,
    survivor: {
      id: row.survivor_id,
      kkNumber: row.survivor_kk_number,
      headName: row.survivor_head_name,
      villageName: row.survivor_village_name,
    },
    merged: {
      id: row.merged_id,
      kkNumber: row.merged_kk_number,
      headName: row.merged_head_name,
      villageName: row.merged_village_name,
    },
    fieldChoices: row.field_choices,
    personMergeIds: row.person_merge_ids,
    movedPersonIds: row.moved_person_ids,
    reason: row.reason,
    mergedBy: row.merged_by_name,
    mergedAt: row.merged_at,
    undoneBy: row.undone_by_name,
    undoneAt: row.undone_at,
    undoReason: row.undo_reason,
  };
}
