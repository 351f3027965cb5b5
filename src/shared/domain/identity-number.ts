/**
 * What NIK and No KK have in common: both are 16-digit numbers that start with a Kemendagri region
 * code and end in a 4-digit serial, and both are damaged the same way when a spreadsheet stores them
 * as numbers (domain.md §3). nik.ts and kk.ts add their own prefixes, messages and extra checks.
 */
import type { Label } from '../dictionary/dictionary.ts';

/**
 * The 38 current province codes, from data/wilayah/regions.csv (rows with level=province).
 * Old NIKs need no extra codes: before the 2022 Papua split, Papua was 94 and Papua Barat 91, and
 * both codes are still in this list (now 94 is Papua Tengah, 91 Papua). So a code tells whether a
 * province exists, but for 91–96 it does not reliably name the province an old NIK was issued in.
 * Numbers from before Kalimantan Utara (65, 2012) carry 64, which is also still valid.
 */
// prettier-ignore
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', '16', '17', '18', '19', '21',
  '31', '32', '33', '34', '35', '36',
  '51', '52', '53',
  '61', '62', '63', '64', '65',
  '71', '72', '73', '74', '75', '76',
  '81', '82',
  '91', '92', '93', '94', '95', '96',
]);

/** A finding about one value: a stable code, a severity and a message in Indonesian and English. */
export type Finding<Code extends string> = { code: Code; severity: 'error' | 'warning'; message: Label };

/** A raw cell turned into a digit string, with what the cleaning learned about its history. */
export type NormalizedIdNumber = {
  /** Cleaned value (not necessarily 16 digits or digits at all); null when absent or unrecoverable. */
  value: string | null;
  /** True when the digits are known or strongly suspected to be altered by a spreadsheet. */
  damaged: boolean;
  /** True when the value was written in scientific notation (then `value` is null). */
  scientific: boolean;
};

/** Where a value came from: a file may have passed through Excel, a form was typed by a person. */
export type InputSource = 'spreadsheet' | 'typed';

/** Structural problems shared by NIK and No KK; nik.ts and kk.ts prefix them (`nik_missing`, `kk_missing`). */
export type IdNumberProblem =
  | 'missing'
  | 'scientific_notation'
  | 'excel_damaged'
  | 'non_digit'
  | 'not_16_digits'
  | 'unknown_province'
  | 'serial_zero';

// Placeholders found in government files where the number is unknown, compared after spaces are removed.
const MISSING_PLACEHOLDERS = new Set(['', '-', '--', 'null', 'n/a', 'na', 'tidakada', 'belumada']);
// Excel writes 6474014101900000 as 6.47401E+15, or 6,47401E+15 in an Indonesian locale.
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d*)?e[+-]?\d+$/i;
// A float column exported by pandas and similar tools: 6474014101900003.0.
const FLOAT_RENDERING = /^(\d+)\.0+$/;
// The CSV trick ="6474014101900003" that keeps Excel from converting the value to a number.
const FORMULA_TEXT = /^="(.*)"$/;

/** Is this two-digit code one of the 38 current provinces? */
export function isKnownProvinceCode(code: string): boolean {
  return PROVINCE_CODES.has(code);
}

/**
 * Cleans a raw NIK or No KK cell (string, number or bigint) and detects spreadsheet damage.
 *
 * Damage heuristic. Excel keeps 15 significant digits, so a 16-digit number stored in a numeric
 * cell gets its last digit replaced by 0 (6474014101900003 → 6474014101900000), or is shown as
 * 6.47401E+15. Serials are issued from 0001 upwards, so low serials are common and turn into 0000
 * after truncation, while 0000 itself is never issued: a 16-digit value ending in 0000 is therefore
 * treated as damaged rather than as a typo. A JS number above Number.MAX_SAFE_INTEGER (every
 * 16-digit number from 9007199254740992, e.g. all Papua codes 91–96) cannot hold every digit and is
 * damaged too. Values ending in a single 0 with a non-zero serial cannot be told apart one by one;
 * {@link detectTruncatedColumn} judges a whole column instead.
 */
export function normalizeIdNumberInput(raw: unknown): NormalizedIdNumber {
  if (raw === null || raw === undefined) return { value: null, damaged: false, scientific: false };
  if (typeof raw === 'number') return normalizeNumber(raw);
  if (typeof raw === 'bigint') return finish(raw.toString(), false);

  let text = String(raw).trim();
  const formula = FORMULA_TEXT.exec(text);
  if (formula) text = formula[1] ?? '';
  // An apostrophe (or its typographic look-alikes after copy and paste) marks an Excel text cell.
  text = text.replace(/^['‘’`]/, '').trim();
  if (SCIENTIFIC.test(text)) return { value: null, damaged: true, scientific: true };
  const float = FLOAT_RENDERING.exec(text);
  if (float) text = float[1] ?? '';
  // Spaces and dots are grouping only: 6474 0141 0190 0003, or 6.474.014.101.900.003 in id-ID.
  return finish(text.replace(/[\s.]/g, ''), false);
}

function normalizeNumber(raw: number): NormalizedIdNumber {
  const text = String(raw);
  if (/e/i.test(text)) return { value: null, damaged: true, scientific: true };
  if (Number.isInteger(raw) && Math.abs(raw) > Number.MAX_SAFE_INTEGER) {
    return finish(BigInt(raw).toString(), true);
  }
  return finish(text, false);
}

function finish(text: string, precisionLost: boolean): NormalizedIdNumber {
  if (MISSING_PLACEHOLDERS.has(text.toLowerCase()) || /^0+$/.test(text)) {
    return { value: null, damaged: false, scientific: false };
  }
  const serialZero = /^\d{16}$/.test(text) && text.endsWith('0000');
  return { value: text, damaged: precisionLost || serialZero, scientific: false };
}

/** Checks shape, province and serial of a normalised value; `digits` is set when it is 16 digits. */
export function checkIdNumberStructure(
  input: NormalizedIdNumber,
  source: InputSource,
): { problems: IdNumberProblem[]; digits: string | null } {
  const { value } = input;
  if (value === null)
    return { problems: [input.scientific ? 'scientific_notation' : 'missing'], digits: null };
  if (/\D/.test(value)) return { problems: ['non_digit'], digits: null };
  if (value.length !== 16) return { problems: ['not_16_digits'], digits: null };

  const problems: IdNumberProblem[] = [];
  if (!isKnownProvinceCode(value.slice(0, 2))) problems.push('unknown_province');
  if (value.endsWith('0000')) {
    // A typed 0000 is a plain mistake; Excel cannot have touched it.
    problems.push(source === 'typed' ? 'serial_zero' : 'excel_damaged');
  } else if (input.damaged) {
    problems.push('excel_damaged');
  }
  return { problems, digits: value };
}

/** Turns shared problems into findings with codes `${prefix}_${problem}`; all of them are errors. */
export function idNumberFindings<Prefix extends string>(
  prefix: Prefix,
  name: Label,
  problems: readonly IdNumberProblem[],
  value: string | null,
): Finding<`${Prefix}_${IdNumberProblem}`>[] {
  return problems.map((problem) => ({
    code: `${prefix}_${problem}` as const,
    severity: 'error',
    message: problemMessage(problem, name, value),
  }));
}

function problemMessage(problem: IdNumberProblem, name: Label, value: string | null): Label {
  switch (problem) {
    case 'missing':
      return { id: `${name.id} kosong.`, en: `${name.en} is missing.` };
    case 'scientific_notation':
      return {
        id: `${name.id} tertulis dalam notasi ilmiah (mis. 6,47401E+15) karena disimpan sebagai angka di Excel; digit aslinya hilang. Ambil dari sumber asli dan simpan kolomnya sebagai teks.`,
        en: `${name.en} is in scientific notation (e.g. 6.47401E+15) because Excel stored it as a number; its digits are lost. Take it from the original source and store the column as text.`,
      };
    case 'excel_damaged':
      return {
        id: `${name.id} rusak oleh Excel: disimpan sebagai angka sehingga digit terakhirnya berubah menjadi 0. Ambil dari sumber asli dan simpan kolomnya sebagai teks.`,
        en: `${name.en} was damaged by Excel: stored as a number, its last digits became 0. Take it from the original source and store the column as text.`,
      };
    case 'non_digit':
      return { id: `${name.id} hanya boleh berisi angka.`, en: `${name.en} must contain digits only.` };
    case 'not_16_digits': {
      const length = value?.length ?? 0;
      return {
        id: `${name.id} harus 16 digit, bukan ${length} digit.`,
        en: `${name.en} must have 16 digits, not ${length}.`,
      };
    }
    case 'unknown_province': {
      const code = value?.slice(0, 2) ?? '';
      return {
        id: `Kode provinsi ${code} pada ${name.id} tidak dikenal.`,
        en: `Province code ${code} of the ${name.en} is unknown.`,
      };
    }
    case 'serial_zero':
      return {
        id: `Nomor urut ${name.id} (4 digit terakhir) tidak boleh 0000.`,
        en: `The serial of the ${name.en} (last 4 digits) cannot be 0000.`,
      };
  }
}

/** Dotted region code `PP.RR.DD` from the first six digits of a NIK or No KK. */
export function regionCodeOf(digits: string): string {
  return `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4, 6)}`;
}

/** Masks a number for display, keeping the region (first 6) and the last 2 digits. */
export function maskIdNumber(value: string): string {
  if (value.length < 10) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 8)}${value.slice(-2)}`;
}

/**
 * Judges a whole column of NIK or No KK values for Excel truncation. About one genuine number in ten
 * ends in 0; when at least half of ten or more 16-digit values do, the column went through a numeric
 * cell and every value's last digit is suspect, not only the ones ending in 0000.
 */
export function detectTruncatedColumn(values: readonly unknown[]): {
  checked: number;
  endingInZero: number;
  suspicious: boolean;
} {
  let checked = 0;
  let endingInZero = 0;
  for (const raw of values) {
    const { value } = normalizeIdNumberInput(raw);
    if (value === null || !/^\d{16}$/.test(value)) continue;
    checked += 1;
    if (value.endsWith('0')) endingInZero += 1;
  }
  return { checked, endingInZero, suspicious: checked >= 10 && endingInZero * 2 >= checked };
}
