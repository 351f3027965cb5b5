import { HOUSEHOLD_VARIABLES, type HouseholdVariables } from '../../../shared/dictionary/dictionary.ts';
import type { Selectable } from 'kysely';
import type { PersonTable } from '../../platform/db/schema.ts';

/** Age in whole years on a reference day, from an ISO birth date. */
export function ageOn(birthDate: string | null, today = new Date()): number | null {
  if (!birthDate) return null;
  const [y, m, d] = birthDate.split('-').map(Number);
  if (!y || !m || !d) return null;
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) age -= 1;
  return age;
}

/** A household row from the search query as the API's HouseholdSummary. */
export function presentHouseholdSummary(r: {
  id: number;
  kk_number: string | null;
  head_name: string | null;
  head_nik: string | null;
  address: string;
  rw: string;
  rt: string;
  village_code: string;
  village_name: string;
  district_name: string;
  member_count: number;
  official_desil: number | null;
  status: number;
}) {
  return {
    id: r.id,
    kkNumber: r.kk_number,
    headName: r.head_name,
    headNik: r.head_nik,
    address: r.address,
    rw: r.rw,
    rt: r.rt,
    villageCode: r.village_code,
    villageName: r.village_name,
    districtName: r.district_name,
    memberCount: Number(r.member_count),
    officialDesil: r.official_desil,
    status: r.status,
  };
}

/** A person row as the API's PersonDetail. */
export function presentPerson(p: Selectable<PersonTable>) {
  return {
    id: p.id,
    nik: p.nik,
    name: p.name,
    sex: p.sex,
    birthDate: p.birth_date,
    age: ageOn(p.birth_date),
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
  };
}

/** Household variables in dictionary order, each with its labels and the label of its value. */
export function presentVariables(vars: HouseholdVariables) {
  return HOUSEHOLD_VARIABLES.map((def) => {
    const raw = vars[def.key];
    const value = raw === undefined ? null : raw;
    let valueLabel: { id: string; en: string } | null = null;
    if (def.kind === 'code' && typeof value === 'number')
      valueLabel = def.codes?.find((c) => c.code === value)?.label ?? null;
    if (def.kind === 'boolean' && typeof value === 'boolean')
      valueLabel = value ? { id: 'Ya', en: 'Yes' } : { id: 'Tidak', en: 'No' };
    return { key: def.key, group: def.group, label: def.label, value, valueLabel, unit: def.unit ?? null };
  });
}
