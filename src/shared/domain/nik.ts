/**
 * NIK (Nomor Induk Kependudukan): `PP KK CC DD MM YY SSSS` = province, kabupaten/kota and kecamatan
 * of first registration, day of birth (women: day + 40), month, two-digit year, serial (domain.md §3).
 */
import {
  checkIdNumberStructure,
  idNumberFindings,
  maskIdNumber,
  normalizeIdNumberInput,
  regionCodeOf,
  type Finding,
  type IdNumberProblem,
  type InputSource,
  type NormalizedIdNumber,
} from './identity-number.ts';

export type NikFindingCode =
  | `nik_${IdNumberProblem}`
  | 'nik_bad_day'
  | 'nik_bad_month'
  | 'nik_birthdate_mismatch'
  | 'nik_sex_mismatch'
  | 'nik_future_birth';

export type NikFinding = Finding<NikFindingCode>;

export type ParsedNik = {
  /** Two-digit segments as written in the NIK: `64`, `74`, `01`. */
  province: string;
  regency: string;
  district: string;
  /** Dotted kecamatan code of first registration, `64.74.01`. */
  regionCode: string;
  /** Day of the month, with the 40 added for women already removed. */
  day: number;
  month: number;
  yy: number;
  /** 1 male, 2 female (day written as day + 40). */
  sex: 1 | 2;
  serial: string;
};

/** The person's own fields that a NIK should agree with; absent fields are not compared. */
export type NikPerson = { birthDate?: string | null; sex?: 1 | 2 | null };

export type ValidateNikOptions = {
  /** "Today", for inferring the century and spotting future births; defaults to now. */
  refDate?: Date;
  /** Defaults to 'spreadsheet', where serial 0000 is read as Excel damage. */
  source?: InputSource;
};

const NIK_NAME = { id: 'NIK', en: 'NIK' };
const WOMEN_DAY_OFFSET = 40;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** Cleans a raw NIK cell (string or number) and flags spreadsheet damage; see normalizeIdNumberInput. */
export function normalizeNikInput(raw: unknown): NormalizedIdNumber {
  return normalizeIdNumberInput(raw);
}

/** Splits a NIK into its parts; null unless exactly 16 digits. Ranges are not checked here. */
export function parseNik(nik: string): ParsedNik | null {
  if (!/^\d{16}$/.test(nik)) return null;
  const dd = Number(nik.slice(6, 8));
  const female = dd > WOMEN_DAY_OFFSET;
  return {
    province: nik.slice(0, 2),
    regency: nik.slice(2, 4),
    district: nik.slice(4, 6),
    regionCode: regionCodeOf(nik),
    day: female ? dd - WOMEN_DAY_OFFSET : dd,
    month: Number(nik.slice(8, 10)),
    yy: Number(nik.slice(10, 12)),
    sex: female ? 2 : 1,
    serial: nik.slice(12),
  };
}

/** Birth date (ISO) from a parsed NIK, in the latest year ending in `yy` not after refDate; null if no such day. */
export function inferBirthDate(parsed: ParsedNik, refDate: Date): string | null {
  const refYear = refDate.getUTCFullYear();
  const year = refYear - (((((refYear % 100) - parsed.yy) % 100) + 100) % 100);
  if (parsed.month < 1 || parsed.month > 12) return null;
  if (parsed.day < 1 || parsed.day > daysInMonth(year, parsed.month)) return null;
  return `${year}-${pad2(parsed.month)}-${pad2(parsed.day)}`;
}

/** Does the NIK agree with the person's birth date and sex? null where the person's field is unknown. */
export function compareNikWithPerson(
  parsed: ParsedNik,
  person: NikPerson,
): { birthDate: boolean | null; sex: boolean | null } {
  const sex = person.sex === 1 || person.sex === 2 ? person.sex === parsed.sex : null;
  const match = person.birthDate ? ISO_DATE.exec(person.birthDate) : null;
  if (!match) return { birthDate: null, sex };
  const [, year, month, day] = match;
  const birthDate =
    Number(day) === parsed.day && Number(month) === parsed.month && Number(year) % 100 === parsed.yy;
  return { birthDate, sex };
}

/** Every problem with a NIK, alone and against the person's fields; an empty array means valid. */
export function validateNik(
  raw: unknown,
  person: NikPerson = {},
  opts: ValidateNikOptions = {},
): NikFinding[] {
  const normalized = normalizeNikInput(raw);
  const { problems, digits } = checkIdNumberStructure(normalized, opts.source ?? 'spreadsheet');
  const findings: NikFinding[] = idNumberFindings('nik', NIK_NAME, problems, digits ?? normalized.value);
  const parsed = digits === null ? null : parseNik(digits);
  if (parsed === null) return findings;

  const refDate = opts.refDate ?? new Date();
  const monthValid = parsed.month >= 1 && parsed.month <= 12;
  const birthDate = inferBirthDate(parsed, refDate);
  const dayValid = monthValid ? birthDate !== null : parsed.day >= 1 && parsed.day <= 31;
  if (!dayValid) findings.push(badDay(parsed));
  if (!monthValid) findings.push(badMonth(parsed));
  // A day outside both ranges says nothing reliable about sex or birth date.
  if (!dayValid) return findings;

  const agreement = compareNikWithPerson(parsed, person);
  if (agreement.sex === false) findings.push(sexMismatch(parsed.sex));
  if (birthDate === null) return findings;
  if (agreement.birthDate === false && person.birthDate) {
    findings.push(birthDateMismatch(parsed, person.birthDate));
  } else if (agreement.birthDate === null && birthDate > isoDateOf(refDate)) {
    findings.push(futureBirth(birthDate));
  }
  return findings;
}

/** True when validateNik finds no error (warnings allowed). */
export function isNikUsable(findings: readonly NikFinding[]): boolean {
  return findings.every((finding) => finding.severity !== 'error');
}

/** Masks a NIK for display: region and last two digits stay, the birth date is hidden. */
export function maskNik(nik: string): string {
  return maskIdNumber(nik);
}

function badDay(parsed: ParsedNik): NikFinding {
  const dd = pad2(parsed.sex === 2 ? parsed.day + WOMEN_DAY_OFFSET : parsed.day);
  return {
    code: 'nik_bad_day',
    severity: 'error',
    message: {
      id: `Tanggal lahir pada NIK (digit 7–8: ${dd}) tidak valid: harus 01–31 untuk laki-laki atau 41–71 untuk perempuan, dan ada pada bulan kelahirannya.`,
      en: `The birth day in the NIK (digits 7–8: ${dd}) is invalid: it must be 01–31 for men or 41–71 for women, and exist in the birth month.`,
    },
  };
}

function badMonth(parsed: ParsedNik): NikFinding {
  const mm = pad2(parsed.month);
  return {
    code: 'nik_bad_month',
    severity: 'error',
    message: {
      id: `Bulan lahir pada NIK (digit 9–10: ${mm}) harus 01–12.`,
      en: `The birth month in the NIK (digits 9–10: ${mm}) must be 01–12.`,
    },
  };
}

function sexMismatch(nikSex: 1 | 2): NikFinding {
  const [nikId, nikEn, personId, personEn] =
    nikSex === 2
      ? ['perempuan', 'female', 'laki-laki', 'male']
      : ['laki-laki', 'male', 'perempuan', 'female'];
  return {
    code: 'nik_sex_mismatch',
    severity: 'warning',
    message: {
      id: `NIK menunjukkan ${nikId} (pada perempuan tanggal lahir ditambah 40), tetapi jenis kelamin tercatat ${personId}.`,
      en: `The NIK indicates ${nikEn} (women's birth day is written plus 40), but the recorded sex is ${personEn}.`,
    },
  };
}

function birthDateMismatch(parsed: ParsedNik, personBirthDate: string): NikFinding {
  const nikDate = `${pad2(parsed.day)}-${pad2(parsed.month)}-${pad2(parsed.yy)}`;
  return {
    code: 'nik_birthdate_mismatch',
    severity: 'warning',
    message: {
      id: `Tanggal lahir pada NIK (${nikDate}) tidak sama dengan tanggal lahir tercatat (${personBirthDate}).`,
      en: `The birth date in the NIK (${nikDate}) differs from the recorded birth date (${personBirthDate}).`,
    },
  };
}

function futureBirth(birthDate: string): NikFinding {
  return {
    code: 'nik_future_birth',
    severity: 'warning',
    message: {
      id: `Tanggal lahir dari NIK (${birthDate}) ada di masa depan, kecuali orangnya berusia di atas 99 tahun.`,
      en: `The birth date from the NIK (${birthDate}) is in the future, unless the person is over 99 years old.`,
    },
  };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isoDateOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
