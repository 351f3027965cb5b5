/**
 * The Indonesian preset: transforms and predicates for names, NIK, KK numbers, addresses and places,
 * and default settings for deduplicating persons. Expected CSV columns: record_id, nik, name,
 * birth_date, sex, birth_place, kk_number, village_code, address (see docs/linkage-settings.md).
 */
import { builtinRegistry, mergeRegistries, type LinkageRegistry } from '../engine/registry.ts';
import type { LinkageSettingsInput } from '../engine/settings.ts';
import { normaliseAddress } from './address.ts';
import { normaliseIndonesianName, normalisePlaceName } from './name.ts';
import {
  normaliseKk,
  normaliseNik,
  nikDayPlus40,
  nikOneDigit,
  nikOneDigitDate,
  nikTransposition,
  nikTranspositionOutsideSerial,
} from './nik.ts';
import { indonesianPhoneticFirstKey, indonesianPhoneticKey } from './phonetic.ts';

export { normaliseAddress } from './address.ts';
export { modernSpelling, normaliseIndonesianName, normalisePlaceName, type NormalisedName } from './name.ts';
export {
  nikDayPlus40,
  nikOneDigit,
  nikOneDigitDate,
  nikTransposition,
  nikTranspositionOutsideSerial,
  normaliseKk,
  normaliseNik,
  parseNik,
  type NikParts,
} from './nik.ts';
export { indonesianPhoneticFirstKey, indonesianPhoneticKey, phoneticToken } from './phonetic.ts';

const orNull = (s: string | null | undefined): string | null => (s && s.length > 0 ? s : null);

/** Maps the many ways sex is written (1/2, L/P, Laki-laki/Perempuan, M/F) to L or P. */
export function normaliseSex(raw: string): string | null {
  const s = raw.trim().toUpperCase();
  if (/^(1|L|LK|LAKI|LAKI-LAKI|LAKI LAKI|PRIA|M|MALE)$/.test(s)) return 'L';
  if (/^(2|P|PR|PEREMPUAN|WANITA|W|F|FEMALE)$/.test(s)) return 'P';
  return null;
}

/** Transforms and predicates of the preset, merged with the engine's generic ones. */
export const indonesianRegistry: LinkageRegistry = mergeRegistries(builtinRegistry, {
  transforms: {
    id_name: (v) => orNull(normaliseIndonesianName(v).name),
    id_father_name: (v) => normaliseIndonesianName(v).fatherName,
    id_first_name: (v) => orNull(normaliseIndonesianName(v).name.split(' ')[0]),
    id_phonetic: (v) => indonesianPhoneticKey(v),
    id_phonetic_first: (v) => indonesianPhoneticFirstKey(v),
    id_nik: (v) => normaliseNik(v),
    id_kk: (v) => normaliseKk(v),
    id_address: (v) => normaliseAddress(v),
    id_place: (v) => orNull(normalisePlaceName(v)),
    id_sex: (v) => normaliseSex(v),
  },
  predicates: {
    nik_day_plus_40: nikDayPlus40,
    nik_transposition: nikTransposition,
    nik_transposition_outside_serial: nikTranspositionOutsideSerial,
    nik_one_digit: nikOneDigit,
    nik_one_digit_date: nikOneDigitDate,
  },
});

/**
 * Default settings for person deduplication. NIK, name, birth date, sex, birth place and kelurahan are
 * compared; the KK number and the address are used only for blocking, because family members share
 * them and would otherwise look like duplicates of each other. A NIK that differs in one digit of the
 * region or serial part, or by a swap inside the serial, falls to "else": two people born on the same
 * day in the same kecamatan have NIKs that differ exactly there (0001 and 0002, 0001 and 0010).
 */
export const indonesianPersonSettings = {
  link_type: 'dedupe_only',
  unique_id_column: 'record_id',
  comparisons: [
    {
      output_column_name: 'nik',
      column: 'id_nik(nik)',
      levels: [
        { kind: 'null' },
        { kind: 'exact' },
        { kind: 'nik', mode: 'day_plus_40' },
        { kind: 'nik', mode: 'transposition_outside_serial' },
        { kind: 'nik', mode: 'one_digit_date' },
        { kind: 'else' },
      ],
    },
    {
      output_column_name: 'name',
      column: 'id_name(name)',
      term_frequency_adjustments: true,
      levels: [
        { kind: 'null' },
        { kind: 'exact' },
        { kind: 'exact_normalised', normaliser: 'id_phonetic' },
        { kind: 'jaro_winkler', threshold: 0.92 },
        { kind: 'damerau_levenshtein', k: 1 },
        { kind: 'token_set', threshold: 0.75 },
        { kind: 'else' },
      ],
    },
    {
      output_column_name: 'birth_date',
      column: 'iso_date(birth_date)',
      levels: [
        { kind: 'null' },
        { kind: 'exact' },
        {
          kind: 'date',
          tolerance_days: 0,
          allow_day_month_swap: true,
          min_equal_parts: 2,
          label: 'one part off or day/month swapped',
        },
        { kind: 'date', tolerance_days: 366, label: 'within a year' },
        { kind: 'else' },
      ],
    },
    {
      output_column_name: 'sex',
      column: 'id_sex(sex)',
      levels: [{ kind: 'null' }, { kind: 'exact' }, { kind: 'else' }],
    },
    {
      output_column_name: 'birth_place',
      column: 'id_place(birth_place)',
      levels: [
        { kind: 'null' },
        { kind: 'exact' },
        { kind: 'jaro_winkler', threshold: 0.88 },
        { kind: 'else' },
      ],
    },
    {
      output_column_name: 'kelurahan',
      column: 'village_code',
      levels: [{ kind: 'null' }, { kind: 'exact' }, { kind: 'else' }],
    },
  ],
  blocking_rules: [
    { name: 'nik', keys: ['id_nik(nik)'] },
    { name: 'kk', keys: ['id_kk(kk_number)'] },
    { name: 'kelurahan+year+phonetic', keys: ['village_code', 'year(birth_date)', 'id_phonetic(name)'] },
    { name: 'birth_date+phonetic_first', keys: ['iso_date(birth_date)', 'id_phonetic_first(name)'] },
    { name: 'phonetic+month_day', keys: ['id_phonetic(name)', 'month_day(birth_date)'] },
    { name: 'birth_date+birth_place', keys: ['iso_date(birth_date)', 'id_place(birth_place)'] },
  ],
  em_training_blocks: [
    { name: 'nik', keys: ['id_nik(nik)'] },
    { name: 'birth_date+name', keys: ['iso_date(birth_date)', 'id_name(name)'] },
  ],
  thresholds: { accept: 0.9, review: 0.5 },
} satisfies LinkageSettingsInput;
