/** Shapes of the synthetic demo city: the registry as Kemensos would send it, and the hidden truth. */
import type { HouseholdVariables, PersonCodeList } from '../../../shared/dictionary/dictionary.ts';

/**
 * The codes of each PERSON_CODES list as literal types (the dictionary types them as plain numbers);
 * the tests check that every generated value is in the dictionary's list.
 */
export interface PersonCodeMap {
  sex: 1 | 2;
  relationship: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;
  marital: 1 | 2 | 3 | 4;
  schooling: 0 | 1 | 2;
  education: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  work: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;
  disability: 0 | 1 | 2 | 3 | 4 | 5;
  chronicIllness: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;
  healthInsurance: 0 | 1 | 2 | 3 | 4;
  status: 1 | 2 | 3 | 4;
}

/** The code type of one PERSON_CODES list, e.g. 1 | 2 for sex. */
export type PersonCode<K extends PersonCodeList & keyof PersonCodeMap> = PersonCodeMap[K];

export type DefectType =
  | 'duplicate_nik'
  | 'same_person_two_kk'
  | 'nik_typo'
  | 'missing_nik'
  | 'old_spelling'
  | 'title'
  | 'deceased'
  | 'moved_away'
  | 'asn_tni_polri'
  | 'invalid_nik'
  | 'invalid_kk'
  | 'duplicate_family';

/**
 * How often each defect is injected. Person defects are a share of the true persons; `asn_tni_polri`
 * is a share of desil 1–4 households; `invalid_kk` and `duplicate_family` are shares of households.
 */
export type DefectRates = Record<DefectType, number>;

export interface DemoCityOptions {
  /** Number of family cards (KK); Bontang's initial Kemensos extract had 27,000. */
  households: number;
  seed: number;
  /** Kemendagri regency code, default '64.74' (Kota Bontang); other codes relabel Bontang's structure. */
  regionCode?: string;
  /** The extract date: ages and dates are relative to it. Default '2025-08-15'. */
  referenceDate?: string;
  /** Overrides of DEFAULT_DEFECT_RATES. */
  defectRates?: Partial<DefectRates>;
}

export interface DemoVillage {
  /** Dotted kelurahan code, '64.74.01.1003'. */
  code: string;
  name: string;
  districtCode: string;
  districtName: string;
  /** Illustrative population (not public). */
  assumedPopulation: number;
  /** Persons in desil 1–4 in the Kemensos list at the 27,000-KK scale (domain.md §1). */
  desil14Persons: number;
}

export interface DemoRtUnit {
  villageCode: string;
  rw: string;
  rt: string;
}

export interface DemoHousehold {
  id: number;
  kkNumber: string;
  address: string;
  rw: string;
  rt: string;
  villageCode: string;
  districtCode: string;
  lat: number | null;
  lng: number | null;
  dtsenId: string;
  variables: HouseholdVariables;
  officialDesil: number;
}

export interface DemoPerson {
  id: number;
  householdId: number;
  nik: string | null;
  name: string;
  sex: PersonCode<'sex'>;
  birthDate: string;
  birthPlace: string;
  relationship: PersonCode<'relationship'>;
  marital: PersonCode<'marital'>;
  schooling: PersonCode<'schooling'>;
  education: PersonCode<'education'>;
  work: PersonCode<'work'>;
  disability: PersonCode<'disability'>;
  chronicIllness: PersonCode<'chronicIllness'>;
  healthInsurance: PersonCode<'healthInsurance'>;
  /** Always 1 (active) in the registry: deceased and moved-away people are only known to the truth. */
  status: 1;
}

export interface DemoDefect {
  type: DefectType;
  /** The record carrying the defect (the extra row for duplicates); null for household defects. */
  personId: number | null;
  householdId: number;
  /** The original record a duplicate copies, or the person whose NIK was shared. */
  otherPersonId?: number;
  /** For duplicate_family: the original family card the copy was made from. */
  otherHouseholdId?: number;
  detail: string;
}

export interface DemoTruth {
  /** Hidden per-capita monthly expenditure (Rp) of each household, today. */
  expenditure: { householdId: number; perCapitaMonthly: number }[];
  /** The true person behind each record; duplicate records share an entityId. */
  entities: { personId: number; entityId: number }[];
  defects: DemoDefect[];
  /**
   * Family cards entered twice (duplicate_family): the copy and the original card. Their members are
   * also duplicate persons in `entities`.
   */
  duplicateFamilies: { householdId: number; otherHouseholdId: number }[];
}

export interface DemoCity {
  options: {
    households: number;
    seed: number;
    regionCode: string;
    referenceDate: string;
    defectRates: DefectRates;
  };
  villages: DemoVillage[];
  rtUnits: DemoRtUnit[];
  households: DemoHousehold[];
  persons: DemoPerson[];
  truth: DemoTruth;
}
